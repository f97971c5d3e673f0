"""A new issue made by this engine, imported back: 报头 data, boxes, captions, run-in bylines, 接题, page count.

The issue (tests/reprint/data/evening: an evening paper, 2 pages, 5 articles)
is rendered with the bundled templates: a masthead with its data lines, a
hotline box and a vertical greeting as the 报眼, a lead whose 电头 breaks
across two lines and that jumps to page 2 (where the renderer restates its
主题 as the 接题), a second story with a photo and caption, a vertical note,
a feature and a commentary with run-in bylines, and the template's framed
公益广告. Rendered with and without printer's marks, then imported.
"""
import shutil
import subprocess
import sys
from pathlib import Path

import pytest
import yaml

from layout.model.article import parse_article
from layout.model.errors import Diagnostics

ROOT = Path(__file__).resolve().parents[2]
DATA = Path(__file__).resolve().parent / "data" / "evening"

ISSUE = """paper:
  name: 西山晚报
  date: 2026-11-30
  number: 212
  total_number: 5203
  pages: 2
  sponsor: 中共西山区委宣传部
  licence: 京内资准字2026-L0123
  website: www.xishan.gov.cn
templates: templates
output: "20261130"
pages:
  - number: 1
    template: front
    name: 要闻
    editor: 陈静
    slots:
      lead: lead.txt
      second: second.txt
      hotline:
        lines: [●区政府：12345, ●地铁：96165, ●供暖：96069]
      greeting:
        lines: [地铁新线, 今日开通]
  - number: 2
    template: inner
    name: 综合
    editor: 刘洋
    slots:
      continued: {continued: lead}
      side: note.txt
      feature: feature.txt
      commentary: commentary.txt
"""


def _run(*args, timeout=300):
    return subprocess.run([sys.executable, str(ROOT / "render.py"), *map(str, args)], cwd=ROOT,
                          capture_output=True, text=True, timeout=timeout)


def _article(path: Path):
    return parse_article(path.read_text(encoding="utf-8"), path, Diagnostics())


@pytest.fixture(scope="module")
def rendered(tmp_path_factory):
    """The issue rendered twice: with printer's marks and with --no-marks; {variant: combined PDF}."""
    from PIL import Image

    src = tmp_path_factory.mktemp("evening")
    for path in DATA.glob("*.txt"):
        shutil.copyfile(path, src / path.name)
    shutil.copytree(ROOT / "templates", src / "templates")
    Image.new("RGB", (400, 260), (150, 120, 90)).save(src / "canteen.png")
    (src / "issue.yaml").write_text(ISSUE, encoding="utf-8")
    out = {}
    for variant, extra in (("marks", []), ("no-marks", ["--no-marks"])):
        folder = tmp_path_factory.mktemp(variant)
        run = _run("issue", src / "issue.yaml", "-o", folder, "--no-preflight", *extra)
        assert run.returncode == 0, run.stderr
        assert "overset" not in run.stderr, run.stderr  # every character is on the pages to import
        out[variant] = folder
    return out


@pytest.fixture(scope="module", params=["marks", "no-marks"])
def imported(request, rendered, tmp_path_factory):
    """(import run, output folder) of the combined 2-page PDF."""
    out = tmp_path_factory.mktemp("imported")
    run = _run("import", rendered[request.param] / "20261130.pdf", "-o", out)
    return run, out


def test_masthead_fields_and_page_count(imported):
    run, out = imported
    assert run.returncode == 0, run.stdout + run.stderr
    assert "2 page(s), 5 article(s)" in run.stdout and "DOUBTFUL" not in run.stdout
    issue = yaml.safe_load((out / "issue.yaml").read_text(encoding="utf-8"))
    paper = issue["paper"]
    assert (paper["name"], paper["date"], paper["number"], paper["total_number"], paper["pages"]) == \
        ("西山晚报", "2026-11-30", 212, 5203, 2)
    assert (paper["sponsor"], paper["licence"], paper["website"]) == \
        ("中共西山区委宣传部", "京内资准字2026-L0123", "www.xishan.gov.cn")
    assert [p["template"] for p in issue["pages"]] == ["front", "inner"]
    front, inner = (p["slots"] for p in issue["pages"])
    assert front["hotline"] == {"lines": ["●区政府：12345", "●地铁：96165", "●供暖：96069"]}
    assert front["greeting"] == {"lines": ["地铁新线", "今日开通"]}
    assert inner["continued"] == {"continued": front["lead"].removesuffix(".txt")}


@pytest.mark.parametrize("name", ["lead", "second", "note", "feature", "commentary"])
def test_every_article_comes_back(imported, name):
    _run_, out = imported
    expected = _article(DATA / f"{name}.txt")
    found = [a for a in map(_article, sorted(out.glob("article-*.txt"))) if a.headline == expected.headline]
    assert len(found) == 1, [a.headline for a in map(_article, sorted(out.glob("article-*.txt")))]
    got = found[0]
    assert (got.kicker, got.subhead, got.byline) == (expected.kicker, expected.subhead, expected.byline)
    caption = lambda a: (a.image.caption, a.image.credit) if a.image else ("", "")  # noqa: E731
    assert caption(got) == caption(expected)
    assert [p.text for p in got.paragraphs] == [p.text for p in expected.paragraphs]


def test_jump_headline_and_notice_are_not_articles(imported):
    _run_, out = imported
    headlines = [a.headline for a in map(_article, sorted(out.glob("article-*.txt")))]
    assert len(headlines) == 5 and all(headlines)
    log = (out / "IMPORT.md").read_text(encoding="utf-8")
    assert "接题" in log and "dropped" in log
    assert "- notice (page 2" in log and "公益广告" in log  # kept as a box (the template's own lines)
    assert not [a for a in map(_article, out.glob("article-*.txt")) if "公益广告" in a.headline + a.kicker + a.subhead]


def test_reimport_renders_without_overset(imported, tmp_path):
    _run_, out = imported
    run = _run("issue", out / "issue.yaml", "-o", tmp_path, "--no-preflight")
    assert run.returncode == 0, run.stderr
    assert "overset" not in run.stderr, run.stderr


def test_template_from_one_page_checks(rendered, tmp_path):
    out = tmp_path / "tpl"
    run = _run("import", rendered["marks"] / "20261130-01.pdf", "-o", out, "--template-from-pdf", "--paper", "西山晚报")
    assert run.returncode == 0, run.stdout + run.stderr
    check = _run("check", out / "issue.yaml")
    assert check.returncode == 0, check.stdout + check.stderr
    regions = yaml.safe_load((out / "templates" / "page-01.yaml").read_text(encoding="utf-8"))["regions"]
    kinds = sorted(r["kind"] for r in regions.values())
    assert kinds == ["article", "article", "box", "box", "image", "masthead"], regions
