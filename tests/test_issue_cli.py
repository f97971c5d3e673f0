"""render.py issue / check / schema: exit codes and file:line:column messages, through layout.cli.main."""
from __future__ import annotations

import json
import shutil
from pathlib import Path

from layout import issue as issue_cli
from layout.cli import main
from layout.model.template import display_path

DATA = Path(__file__).resolve().parent / "model" / "data"


def test_check_a_clean_folder_and_issue(capsys):
    rc = main(["check", str(DATA / "templates"), str(DATA / "issue" / "issue.yaml")])
    out = capsys.readouterr()
    assert rc == 0, out.err
    assert "front.yaml: ok (对开 390×540 mm, 8 columns, 13 characters × 101 lines of 'body', 5 regions)" in out.out
    assert "issue.yaml: ok (2 pages, 3 articles)" in out.out
    assert "0 error(s), " in out.out  # the test templates' columns are not whole 字: measure warnings only
    assert all("column measure" in line or "tier height" in line for line in out.err.splitlines() if "warning" in line)


def test_check_prints_every_error_with_its_place_and_exits_1(tmp_path, capsys):
    shutil.copytree(DATA / "templates", tmp_path / "templates")
    front = tmp_path / "templates" / "front.yaml"
    text = front.read_text(encoding="utf-8").replace("    balance: true\n", "    balanse: true\n")
    text = text.replace("span: 6\n    top: 55mm", "span: 9\n    top: 55mm")
    front.write_text(text, encoding="utf-8")
    rc = main(["check", str(front)])
    err = capsys.readouterr().err.splitlines()
    assert rc == 1
    lines = text.splitlines()
    typo = next(i for i, ln in enumerate(lines) if "balanse" in ln) + 1
    assert f"{display_path(front)}:{typo}:5: unknown key 'balanse' in regions.lead (did you mean 'balance'?)" in err
    assert any("regions.lead.span: 9 columns from column 1 reach column 9, but the grid has 8" in e for e in err)


def test_check_strict_fails_on_warnings(tmp_path, capsys):
    shutil.copytree(DATA, tmp_path / "data")
    (tmp_path / "data" / "issue" / "images" / "photo.png").unlink()
    issue = tmp_path / "data" / "issue" / "issue.yaml"
    assert main(["check", str(issue)]) == 0
    assert main(["check", "--strict", str(issue)]) == 1
    assert "warning: image file '../images/photo.png' not found" in capsys.readouterr().err


def test_check_missing_path_is_a_usage_error(tmp_path, capsys):
    assert main(["check", str(tmp_path / "nope.yaml")]) == 2
    assert "no such file" in capsys.readouterr().err


def test_schema_prints_json(capsys, tmp_path):
    assert main(["schema"]) == 0
    schema = json.loads(capsys.readouterr().out)
    assert schema["$schema"].endswith("2020-12/schema") and "regions" in schema["else"]["properties"]
    out = tmp_path / "s.json"
    assert main(["schema", "--issue", "-o", str(out)]) == 0
    assert "paper" in json.loads(out.read_text(encoding="utf-8"))["properties"]


def test_issue_with_errors_renders_nothing(tmp_path, capsys):
    shutil.copytree(DATA, tmp_path / "data")
    issue = tmp_path / "data" / "issue" / "issue.yaml"
    issue.write_text(issue.read_text(encoding="utf-8").replace("  number: 36\n", "  number: -36\n"), encoding="utf-8")
    rc = main(["issue", str(issue), "-o", str(tmp_path / "out")])
    err = capsys.readouterr().err
    assert rc == 1 and "paper.number: -36 is too small" in err and "nothing rendered" in err
    assert not (tmp_path / "out").exists()


def test_issue_hands_the_resolved_issue_to_the_pipeline(monkeypatch, tmp_path, capsys):
    seen = {}

    def fake_render(engine, issue, options, report):
        seen.update(issue=issue, options=options)
        report.stats["pages"] = len(issue.pages)
        return [object()] * len(issue.pages), []

    monkeypatch.setattr("layout.pipeline.Engine.render", fake_render)
    rc = main(["issue", str(DATA / "issue" / "issue.yaml"), "-o", str(tmp_path / "o"), "--strict", "--no-marks"])
    assert rc == 0
    options = seen["options"]
    assert seen["issue"].paper.number == 36 and options.out == str(tmp_path / "o")
    assert options.strict is True and options.marks is False and options.preflight is True
    assert "2 pages, " in capsys.readouterr().out


def test_missing_issue_file(tmp_path, capsys):
    assert main(["issue", str(tmp_path / "none.yaml")]) == 2
    assert "no issue file" in capsys.readouterr().err


def test_issue_output_path_that_is_a_file_is_refused_before_rendering(tmp_path, capsys):
    out = tmp_path / "out"
    out.write_text("not a folder", encoding="utf-8")
    rc = main(["issue", str(DATA / "issue" / "issue.yaml"), "-o", str(out)])
    err = capsys.readouterr().err
    assert rc == 2 and f"-o {out}: the output folder is an existing file, not a folder" in err
    assert out.read_text(encoding="utf-8") == "not a folder"
    rc = main(["issue", str(DATA / "issue" / "issue.yaml"), "-o", str(out / "pdfs")])
    assert rc == 2 and f"the output folder's parent {out} is an existing file" in capsys.readouterr().err


def test_output_folder_problem_accepts_existing_and_new_folders(tmp_path):
    assert issue_cli.output_folder_problem(tmp_path) is None
    assert issue_cli.output_folder_problem(tmp_path / "new" / "deeper") is None


def test_report_json_holds_the_report(monkeypatch, tmp_path, capsys):
    from layout.report import Overset

    def fake_render(engine, issue, options, report):
        report.stats["pages"] = len(issue.pages)
        report.overset.append(Overset("lead", 120, 5))
        report.warn("same warning")
        report.warn("same warning")
        return [object()] * len(issue.pages), []

    monkeypatch.setattr("layout.pipeline.Engine.render", fake_render)
    out_json = tmp_path / "report.json"
    rc = main(["issue", str(DATA / "issue" / "issue.yaml"), "-o", str(tmp_path / "o"), "--report-json", str(out_json)])
    printed = capsys.readouterr().out
    assert rc == 0 and printed.count("warning: same warning") == 1  # warnings once each
    data = json.loads(out_json.read_text(encoding="utf-8"))
    assert data["exit_code"] == 0 and data["stats"]["pages"] == 2
    assert data["overset"] == [{"story": "lead", "chars": 120, "lines": 5,
                                "text": "overset: lead: 120 characters, 5 lines did not fit"}]
    assert data["warnings"] == ["same warning"]


def test_check_lists_a_template_error_once_when_an_issue_uses_the_template(tmp_path, capsys):
    root = Path(__file__).resolve().parents[1]
    shutil.copytree(root / "templates", tmp_path / "templates")
    shutil.copytree(root / "samples" / "issue-2018-04-28", tmp_path / "samples" / "issue-2018-04-28")
    base = tmp_path / "templates" / "base.yaml"
    base.write_text(base.read_text(encoding="utf-8").replace("columns:", "colums:", 1), encoding="utf-8")
    rc = main(["check", str(tmp_path / "templates"), str(tmp_path / "samples" / "issue-2018-04-28" / "issue.yaml")])
    err = capsys.readouterr().err
    assert rc == 1 and err.count("unknown key 'colums'") == 1, err


def test_strict_says_why_it_failed(monkeypatch, tmp_path, capsys):
    from layout.report import Underset

    def fake_render(engine, issue, options, report):
        report.stats["pages"] = len(issue.pages)
        report.underset.append(Underset("lead", "lead", 3, 36, 1))
        return [object()] * len(issue.pages), []

    monkeypatch.setattr("layout.pipeline.Engine.render", fake_render)
    out_json = tmp_path / "r.json"
    issue = str(DATA / "issue" / "issue.yaml")
    assert main(["issue", issue, "-o", str(tmp_path / "o"), "--strict", "--report-json", str(out_json)]) == 1
    assert "--strict: exit 1 because of 1 underset block(s)" in capsys.readouterr().err
    assert json.loads(out_json.read_text(encoding="utf-8"))["strict_reasons"] == ["1 underset block(s)"]
    assert main(["issue", issue, "-o", str(tmp_path / "o")]) == 0  # reported, but only --strict fails on it


def test_check_warns_when_an_article_measure_is_not_whole_characters(tmp_path, capsys):
    from tests.model.helpers import MINIMAL, where, write

    odd = write(tmp_path, "odd.yaml", MINIMAL)  # four columns of (510.24 - 3 x 5 mm) / 4 = 116.9 pt: 11.69 字
    assert main(["check", str(odd)]) == 0
    err = capsys.readouterr().err
    line, column = where(odd, "lead:")
    assert f"odd.yaml:{line}:{column}: warning: regions.lead (column measure): the measure is 11.69 字 of 10 pt" in err
    assert "whole counts:" in err
    assert main(["check", "--strict", str(odd)]) == 1
    capsys.readouterr()
    whole = write(tmp_path, "whole.yaml", MINIMAL.replace("    height: rest\n", "    height: rest\n    columns: 2\n"
                                                           "    gutter: 10.24pt\n"))  # 2 x 25 字
    assert main(["check", str(whole)]) == 0
    assert "column measure" not in capsys.readouterr().err


def test_a_missing_image_is_told_once(tmp_path, capsys, fonts_config):
    text = Path(fonts_config).read_text(encoding="utf-8")  # the pinned fonts, kai (the test templates' caption) as song
    serif = text.split("song:\n    regular:\n      - ", 1)[1].split("\n", 1)[0]
    fonts = tmp_path / "fonts.yaml"
    fonts.write_text(text.replace("fallback:", f"  kai:\n    regular:\n      - {serif}\nfallback:"), encoding="utf-8")
    shutil.copytree(DATA, tmp_path / "data")
    (tmp_path / "data" / "issue" / "images" / "photo.png").unlink()
    rc = main(["issue", str(tmp_path / "data" / "issue" / "issue.yaml"), "-o", str(tmp_path / "out"),
               "--fonts", str(fonts), "--no-preflight"])
    out = capsys.readouterr()
    text = out.out + out.err
    assert rc == 0, out.err
    mentions = [line for line in text.splitlines() if "photo.png" in line and "missing image" in line or "placeholder" in line]
    assert len(mentions) == 1, text
    assert mentions[0].startswith("missing image: ") and "lead.txt:5:1" in mentions[0]


def test_check_strict_prints_ok_only_when_the_composed_check_passed_too(capsys):
    """The test issue's page 2 continues a story that already ends on page 1: strict says so and never says ok."""
    issue = DATA / "issue" / "issue.yaml"
    rc = main(["check", "--strict", str(issue)])
    out = capsys.readouterr()
    assert rc == 1
    assert f"{display_path(issue)}: ok" not in out.out
    stale = [line for line in out.err.splitlines() if line.endswith("[stale continuation]")]
    assert len(stale) == 1 and "lead: the story already ends on page 1" in stale[0]
    assert "1 error(s), 0 warning(s)" in out.out
    assert main(["check", str(issue)]) == 0  # without --strict nothing is composed: the file itself is ok
    assert f"{display_path(issue)}: ok (2 pages" in capsys.readouterr().out


def test_nan_and_infinite_preflight_limits_are_usage_errors(tmp_path, capsys):
    import pytest

    for option in ("--min-ppi", "--tac-limit"):
        for value in ("nan", "inf"):
            with pytest.raises(SystemExit) as stop:
                main(["issue", "-o", str(tmp_path / "o"), option, value])
            assert stop.value.code == 2
            assert "must be a finite number" in capsys.readouterr().err
    assert not (tmp_path / "o").exists()


def test_report_json_never_replaces_an_input_or_a_folder(tmp_path, capsys):
    shutil.copytree(DATA, tmp_path / "data")
    issue = tmp_path / "data" / "issue" / "issue.yaml"
    before = issue.read_bytes()
    assert main(["issue", str(issue), "-o", str(tmp_path / "o"), "--report-json", str(issue)]) == 2
    assert "a file this render reads or writes" in capsys.readouterr().err and issue.read_bytes() == before
    assert not (tmp_path / "o").exists()  # refused before anything was rendered
    assert main(["issue", str(issue), "-o", str(tmp_path / "o"), "--report-json", str(tmp_path)]) == 2
    assert "a folder" in capsys.readouterr().err
