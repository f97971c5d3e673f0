"""Font roles on a fresh machine: every role resolves to a real face, or the substitution is reported."""
import shutil
import subprocess
from pathlib import Path

import pytest
import yaml

from layout.fonts import fontset_from_files, load_fontset
from layout.fonts.registry import DEFAULT_CONFIG
from layout.report import Report

HERE = Path(__file__).resolve().parent
SERIF = HERE / "data" / "NotoSerifSC-test.otf"
SANS = HERE / "data" / "NotoSansSC-test.otf"

# role -> the Debian packages whose files fonts.yaml names for it
DEBIAN_PACKAGES = {"kai": ("fonts-lxgw-wenkai", "fonts-arphic-gkai00mp", "fonts-arphic-ukai")}


def _config(tmp_path, kai_sources):
    data = {"roles": {"song": {"regular": [{"path": str(SERIF)}]}, "hei": {"regular": [{"path": str(SANS)}]},
                      "kai": {"regular": kai_sources}},
            "fallback": ["song", "hei"], "install_hint": "apt-get install fonts-lxgw-wenkai"}
    path = tmp_path / "fonts.yaml"
    path.write_text(yaml.safe_dump(data, allow_unicode=True), encoding="utf-8")
    return str(path)


def test_a_role_set_in_another_roles_face_is_recorded(tmp_path):
    fontset = load_fontset(_config(tmp_path, [{"path": str(tmp_path / "absent-kai.ttf")}, {"role": "song"}]))
    face = fontset.face("kai")
    assert face.path == str(SERIF)
    (fb,) = fontset.role_fallbacks
    assert fb.role == "kai" and "absent-kai.ttf" in fb.tried[0]
    assert "no kai face is installed" in str(fb) and "set in" in str(fb)
    fontset.face("kai")
    assert len(fontset.role_fallbacks) == 1  # once per role


def test_a_role_with_its_own_face_is_not_a_substitution(tmp_path):
    fontset = load_fontset(_config(tmp_path, [{"path": str(SANS)}, {"role": "song"}]))
    assert fontset.face("kai").path == str(SANS)
    assert fontset.role_fallbacks == []


def test_a_role_reference_by_design_is_not_a_substitution():
    fontset = fontset_from_files({"song": str(SERIF), "hei": str(SANS)})
    fontset.face("song")
    assert fontset.role_fallbacks == []


def test_substitutions_fail_strict_only():
    report = Report(font_substitutions=["font: no kai face is installed ..."])
    assert not report.failed(strict=False)
    assert report.failed(strict=True)
    assert report.problems()[-1].startswith("font: no kai face")


def test_the_sample_reports_kai_substitution_when_no_kai_is_installed(tmp_path):
    """The bundled sample's kai-styled blocks: a real 楷 face, or a loud report line naming the styles."""
    from layout.pipeline import Engine, RenderOptions

    config = _config(tmp_path, [{"path": str(tmp_path / "absent-kai.ttf")}, {"role": "song"}])
    sample = Path(__file__).resolve().parents[2] / "samples" / "issue-2018-04-28" / "issue.yaml"
    result = Engine(config).render_issue(sample, RenderOptions(out=str(tmp_path / "out"), preflight=False,
                                                               marks=False, strict=True))
    subs = [s for s in result.report.font_substitutions if "no kai face is installed" in s]
    assert len(subs) == 1 and "styles " in subs[0]
    # the pinned test config has no hei black either: that weight fallback is a substitution too
    assert any("ask for hei black" in s for s in result.report.font_substitutions)
    assert result.exit_code == 1  # --strict fails on a substitution


@pytest.mark.skipif(not shutil.which("dpkg"), reason="needs dpkg to list Debian package files")
def test_configured_kai_paths_are_where_debian_puts_them():
    """Each system path fonts.yaml names for kai is a file of one of the Debian packages the hint names."""
    data = yaml.safe_load(DEFAULT_CONFIG.read_text(encoding="utf-8"))
    configured = [e["path"] for e in data["roles"]["kai"]["regular"] if "path" in e]
    installed = {}
    for package in DEBIAN_PACKAGES["kai"]:
        run = subprocess.run(["dpkg", "-L", package], capture_output=True, text=True)
        if run.returncode == 0:
            installed[package] = set(run.stdout.split())
    if not installed:
        pytest.skip("none of the Debian kai font packages is installed")
    for package, files in installed.items():
        fonts = {f for f in files
                 if f.endswith((".ttf", ".ttc", ".otf")) and "Regular" in f or f.endswith(("gkai00mp.ttf", "ukai.ttc"))}
        assert fonts & set(configured), f"fonts.yaml names none of {package}'s fonts {sorted(fonts)}"


def test_galley_says_when_its_font_role_is_set_in_another_face(tmp_path, capsys):
    from layout.cli import main

    config = _config(tmp_path, [{"path": str(tmp_path / "absent-kai.ttf")}, {"role": "song"}])
    text = tmp_path / "a.txt"
    text.write_text("楷体的段落。\n", encoding="utf-8")
    args = ["galley", str(text), "-o", str(tmp_path / "a.pdf"), "--font", "kai", "--fonts", config]
    assert main(args) == 0
    assert "no kai face is installed" in capsys.readouterr().out
    assert main(args + ["--strict"]) == 1


def _latin_only_font() -> str:
    """A TrueType face with no Chinese at all: Bitstream Vera, which reportlab ships."""
    import reportlab

    return str(Path(reportlab.__file__).parent / "fonts" / "Vera.ttf")


def test_a_role_whose_face_has_no_chinese_is_a_substitution_not_silent_fallbacks(tmp_path):
    # fonts.yaml naming a Latin-only face as song: every Han character came from hei, and nothing said so
    from layout.text import ParagraphStyle, set_paragraph
    from tests.conftest import SANS

    fontset = fontset_from_files({"song": _latin_only_font(), "hei": str(SANS)})
    set_paragraph("中国人民银行今天发布公告，称将进行逆回购操作。", ParagraphStyle(size=10), fontset, 300.0, Report())
    subs = fontset.coverage_fallbacks()
    assert [fb.role for fb in subs] == ["song"]
    assert str(subs[0]).startswith("font: the song face (Bitstream Vera Sans, Vera.ttf) has no Chinese characters, "
                                   "so text styled song is set in Noto Sans SC")


def test_a_few_characters_from_the_fallback_chain_are_not_a_substitution():
    from layout.text import ParagraphStyle, set_paragraph
    from tests.conftest import SANS, SERIF

    fontset = fontset_from_files({"song": str(SERIF), "hei": str(SANS)})
    set_paragraph("中国人民银行今天发布公告，称将进行逆回购操作。", ParagraphStyle(size=10), fontset, 300.0, Report())
    assert fontset.coverage_fallbacks() == []


def test_the_galley_reports_a_role_face_without_chinese_and_fails_strict(tmp_path):
    import sys

    from tests.conftest import SANS

    config = tmp_path / "fonts.yaml"
    config.write_text(f"roles:\n  song:\n    regular:\n      - {{path: '{_latin_only_font()}'}}\n"
                      f"  hei:\n    regular:\n      - {{path: '{SANS}'}}\nfallback: [song, hei]\n", encoding="utf-8")
    text = tmp_path / "a.txt"
    text.write_text("中国人民银行今天发布公告，称将进行逆回购操作。\n", encoding="utf-8")
    root = Path(__file__).resolve().parents[2]
    proc = subprocess.run([sys.executable, str(root / "render.py"), "galley", str(text), "-o", str(tmp_path / "a.pdf"),
                           "--fonts", str(config), "--strict"], capture_output=True, text=True, timeout=120)
    assert proc.returncode == 1 and "the song face (Bitstream Vera Sans, Vera.ttf) has no Chinese characters" in proc.stdout


def test_a_weight_whose_face_has_no_chinese_names_the_role_and_weight(tmp_path):
    # the face key of a weight is "hei-bold": the report must say role hei, weight bold (the issue report
    # looks up the styles by role and weight; by "hei-bold" it found none and said nothing)
    from layout.text import ParagraphStyle, set_paragraph
    from tests.conftest import SANS, SERIF

    config = tmp_path / "fonts.yaml"
    config.write_text(f"roles:\n  song:\n    regular:\n      - {{path: '{SERIF}'}}\n  hei:\n    regular:\n"
                      f"      - {{path: '{SANS}'}}\n    bold:\n      - {{path: '{_latin_only_font()}'}}\n"
                      "fallback: [song, hei]\n", encoding="utf-8")
    fontset = load_fontset(str(config))
    set_paragraph("中国人民银行今天发布公告，称将进行逆回购操作。", ParagraphStyle(size=10, font="hei", weight="bold"),
                  fontset, 300.0, Report())
    [fb] = fontset.coverage_fallbacks()
    assert (fb.role, fb.weight) == ("hei", "bold") and str(fb).startswith("font: the hei bold face (Bitstream Vera")
