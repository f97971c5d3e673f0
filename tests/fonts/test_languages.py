"""Traditional-Chinese pages: a page whose language is zh-Hant is set in the configuration's 繁體 faces."""
import shutil
from pathlib import Path

import pdfplumber
import pytest
import yaml

from layout.fonts import load_fontset
from layout.pipeline import Engine, RenderOptions

HERE = Path(__file__).resolve().parent
SERIF = HERE / "data" / "NotoSerifSC-test.otf"
SANS = HERE / "data" / "NotoSansSC-test.otf"
ROOT = HERE.parents[1]


@pytest.fixture()
def config(tmp_path):
    """song in the serif; its zh-Hant stand-in (song_hant) is the sans, so the two are told apart in the PDF."""
    data = {"roles": {"song": {"regular": [{"path": str(SERIF)}]}, "hei": {"regular": [{"path": str(SANS)}]},
                      "kai": {"regular": [{"role": "song"}]},
                      "song_hant": {"regular": [{"path": str(SANS)}]}},
            "fallback": ["song", "hei"], "languages": {"zh-Hant": {"song": "song_hant", "kai": "song_hant"}}}
    path = tmp_path / "fonts.yaml"
    path.write_text(yaml.safe_dump(data, allow_unicode=True), encoding="utf-8")
    return str(path)


def test_a_language_view_maps_roles_and_keeps_its_own_metrics(config):
    fontset = load_fontset(config)
    hant = fontset.for_language("zh-Hant")
    assert hant.face("song").path == str(SANS) and fontset.face("song").path == str(SERIF)
    assert hant.face("hei").path == str(SANS)  # unmapped roles stay
    assert hant.derived is not fontset.derived and fontset.for_language("zh-Hant") is hant
    assert fontset.for_language("zh-Hans") is fontset


def _sample_in(tmp_path, paper_language=None, page2_language=None):
    folder = tmp_path / "issue"
    shutil.copytree(ROOT / "samples" / "issue-2018-04-28", folder)
    issue = folder / "issue.yaml"
    text = issue.read_text(encoding="utf-8").replace("templates: ../../templates", f"templates: {ROOT / 'templates'}")
    if paper_language:
        text = text.replace("paper:\n", f"paper:\n  language: {paper_language}\n", 1)
    if page2_language:
        text = text.replace("  - number: 2\n", f"  - number: 2\n    language: {page2_language}\n", 1)
        assert f"language: {page2_language}" in text
    issue.write_text(text, encoding="utf-8")
    return issue


def _body_fonts(pdf_path):
    with pdfplumber.open(pdf_path) as pdf:
        chars = [c for c in pdf.pages[0].chars if 8 <= c["size"] <= 11]
    return {c["fontname"].split("+")[-1].rsplit("-Identity", 1)[0] for c in chars}


def test_a_zh_hant_page_is_set_in_the_traditional_face(config, tmp_path):
    issue = _sample_in(tmp_path, page2_language="繁體")
    result = Engine(config).render_issue(issue, RenderOptions(out=str(tmp_path / "out"), preflight=False, marks=False))
    assert result.files, result.diagnostics
    assert result.issue.pages[1].language == "zh-Hant" and result.issue.pages[0].language == "zh-Hans"
    page1, page2 = (f for f in result.files[:2])
    assert "NotoSerifSC-Regular" in _body_fonts(page1)
    fonts2 = _body_fonts(page2)
    assert "NotoSansSC-Regular" in fonts2 and "NotoSerifSC-Regular" not in fonts2


def test_an_unknown_language_is_an_error_at_its_line(tmp_path):
    from layout.model.content import read_issue

    issue = _sample_in(tmp_path, paper_language="zh-Latn")
    parsed, diags = read_issue(issue)
    assert parsed is None or diags.errors
    assert any("paper.language" in str(d) and ":" in str(d).split(" ")[0] for d in diags.errors)


def test_fallback_and_language_maps_must_name_defined_roles(tmp_path):
    from layout.fonts import FontError

    path = tmp_path / "fonts.yaml"
    path.write_text(f"roles:\n  song:\n    regular:\n      - {{path: '{SERIF}'}}\n"
                    "fallback: [song, mincho]\nlanguages:\n  zh-Hant: {song: song_tc}\n", encoding="utf-8")
    with pytest.raises(FontError) as err:
        load_fontset(str(path))
    text = str(err.value)
    assert "fonts.yaml:5:" in text and "fallback[1]: 'mincho' is not a role" in text
    assert "languages.zh-Hant.song: 'song_tc' is not a role" in text


def test_simplified_characters_on_a_zh_hant_page_are_reported():
    """A character the Traditional face lacks is drawn by the Simplified fallback, remembered and summarised."""
    from types import SimpleNamespace

    from layout.fonts.registry import LanguageFonts

    tc, sc = SimpleNamespace(family="Noto Serif TC"), SimpleNamespace(family="Noto Serif SC")

    class Base:
        def face(self, role, weight="regular"):
            return tc if role == "song_hant" else sc

        def resolve(self, char, role, weight="regular"):
            return (sc, 7) if char == "责" else (tc, 5)

    hant = LanguageFonts(Base(), "zh-Hant", {"song": "song_hant"})
    assert hant.resolve("責", "song") == (tc, 5) and hant.resolve("责", "song") == (sc, 7)
    assert hant.resolve("A", "song") == (tc, 5)
    summary = hant.foreign_summary()
    assert summary.startswith("font: 1 character(s) on zh-Hant pages") and "Noto Serif SC: 责" in summary
