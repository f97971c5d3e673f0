"""Article blocks through the real model, text and PDF stages: overset, copyfit, jumps, headline fitting.

The test article is one paragraph of Han characters without punctuation, so
every line holds exactly ``measure / size`` characters and the expected
numbers follow from the template's geometry alone.
"""
import math

import pdfplumber
import pytest

from layout.compose import compose_issue
from layout.model.content import load_issue
from layout.pipeline import render_issue
from layout.report import Report

HANZI = "天地玄黄宇宙洪荒日月盈昃辰宿列张寒来暑往秋收冬藏闰余成岁律吕调阳云腾致雨露结为霜金生丽水玉出昆冈"
SIZE = 10.0
CHARS_PER_LINE = 10  # column 100 pt / 10 pt
LINES = 6  # 1 + (62 - 10) // 10
COLUMNS = 2

TEMPLATE = """\
page: {{size: 230x400pt, margins: 10pt}}
grid: {{columns: 2, gutter: 10pt}}
styles:
  body: {{font: song, size: 10pt, leading: 10pt, indent: 2em}}
  headline: {{font: hei, size: 20pt, leading: 24pt}}
regions:
  story:
    kind: article
    column: 1
    span: 2
    top: 0
    height: 62pt
    columns: 2
    gutter: 10pt
    headline: {{placement: none}}
{extra}"""


def write_case(tmp_path, body: str, template_extra: str = "", pages: str = "", header: str = ""):
    """A template with a 2 x 100 pt column story block and an issue placing one article in it."""
    (tmp_path / "templates").mkdir(exist_ok=True)
    (tmp_path / "templates" / "t.yaml").write_text(TEMPLATE.format(extra=template_extra), encoding="utf-8")
    (tmp_path / "a.txt").write_text(f"{header}---\n{body}\n", encoding="utf-8")
    pages = pages or "  - {number: 1, template: t, slots: {story: a.txt}}\n"
    (tmp_path / "issue.yaml").write_text(
        'paper: {name: 测试报, date: "2018-04-28", number: 1, pages: 3}\n' f"output: case\npages:\n{pages}",
        encoding="utf-8")
    return load_issue(str(tmp_path / "issue.yaml"))


def text_of(length: int) -> str:
    return (HANZI * (length // len(HANZI) + 1))[:length]


def test_block_geometry_matches_the_assumptions(tmp_path, fontset):
    issue = write_case(tmp_path, text_of(10))
    region = issue.page(1).template.region("story")
    assert math.isclose(region.box.w, 210.0) and math.isclose(region.box.h, 62.0)


def test_overlong_article_reports_characters_and_lines_that_did_not_fit(tmp_path, fontset):
    length = 200
    issue = write_case(tmp_path, text_of(length))
    report = Report()
    compose_issue(issue, fontset, report)
    capacity = COLUMNS * LINES * CHARS_PER_LINE - 2  # the first line is indented 2 em
    left = length - capacity
    assert [(o.story, o.chars, o.lines) for o in report.overset] == [("a", left, math.ceil(left / CHARS_PER_LINE))]
    assert "a: 82 characters, 9 lines did not fit" in str(report.overset[0])
    assert report.failed(strict=True) and not report.failed(strict=False)


def test_article_that_fits_reports_no_overset(tmp_path, fontset):
    issue = write_case(tmp_path, text_of(COLUMNS * LINES * CHARS_PER_LINE - 2))
    report = Report()
    compose_issue(issue, fontset, report)
    assert report.overset == []


def test_copyfit_tightens_leading_within_its_limit_instead_of_overset(tmp_path, fontset):
    # lines per column = 1 + (62 - 10) // leading: 6 down to 8.75 pt leading, 7 from 8.5 pt (steps of 0.25 pt)
    extra = "    copyfit: {leading: [-2pt, 0pt]}\n"
    issue = write_case(tmp_path, text_of(COLUMNS * 7 * CHARS_PER_LINE - 2), extra)
    report = Report()
    compose_issue(issue, fontset, report)
    assert report.overset == []
    assert any("copyfit: a set with leading -1.50 pt" in w for w in report.warnings)


def test_copyfit_limit_reached_still_reports_overset(tmp_path, fontset):
    tpl_extra = "    copyfit: {leading: [-1pt, 0pt]}\n"
    issue = write_case(tmp_path, text_of(COLUMNS * 7 * CHARS_PER_LINE - 2), tpl_extra)
    report = Report()
    compose_issue(issue, fontset, report)
    assert [o.chars for o in report.overset] == [COLUMNS * CHARS_PER_LINE]


JUMP_PAGES = """\
  - {number: 1, template: t, slots: {story: a.txt}}
  - {number: 2, template: t}
  - {number: 3, template: t, slots: {story: {continued: a}}}
"""


def test_story_jumping_from_page_1_to_page_3_names_both_pages_in_the_pdf(tmp_path, fontset):
    issue = write_case(tmp_path, text_of(150), pages=JUMP_PAGES)
    report = Report()
    render_issue(issue, fontset, str(tmp_path / "out"), report, marks=False)
    assert report.overset == [] and report.errors == []
    with pdfplumber.open(str(tmp_path / "out" / "case.pdf")) as pdf:
        texts = [p.extract_text().replace(" ", "") for p in pdf.pages]
        stream = "".join(c["text"] for p in pdf.pages for c in p.chars)  # content-stream (paint) order
    assert "（下转第3版）" in texts[0] and "（上接第1版）" in texts[2]
    assert "转第" not in texts[1] and "接第" not in texts[1]
    han = "".join(ch for ch in stream if "\u4e00" <= ch <= "\u9fff")
    assert han.replace("下转第版", "").replace("上接第版", "") == text_of(150)


def test_headline_shrinks_to_fit_and_reports_when_it_cannot(tmp_path, fontset):
    extra = "    headline: {placement: top, min_scale: 0.5, max_lines: 1}\n"
    tpl = TEMPLATE.replace("    headline: {{placement: none}}\n", "")
    (tmp_path / "templates").mkdir()
    (tmp_path / "templates" / "t.yaml").write_text(tpl.format(extra=extra), encoding="utf-8")
    (tmp_path / "a.txt").write_text("主题: " + "长" * 14 + "\n---\n" + text_of(20) + "\n", encoding="utf-8")
    (tmp_path / "issue.yaml").write_text(
        'paper: {name: 测试报, date: "2018-04-28", number: 1}\noutput: case\n'
        "pages:\n  - {number: 1, template: t, slots: {story: a.txt}}\n", encoding="utf-8")
    report = Report()
    pages = compose_issue(load_issue(str(tmp_path / "issue.yaml")), fontset, report)
    head = [r for r in pages[0].items if getattr(r, "face", "") == "hei"]
    assert head and head[0].size == pytest.approx(20.0 * 210 / 280)  # 14 chars x 20 pt shrunk into 210 pt
    assert not any("headline too big" in w for w in report.warnings)

    (tmp_path / "a.txt").write_text("主题: " + "长" * 30 + "\n---\n" + text_of(20) + "\n", encoding="utf-8")
    report = Report()
    compose_issue(load_issue(str(tmp_path / "issue.yaml")), fontset, report)
    assert any("headline too big: a" in w for w in report.warnings)


def test_output_folder_that_cannot_be_made_is_a_report_error_and_nothing_is_written(tmp_path, fontset):
    issue = write_case(tmp_path, text_of(20))
    (tmp_path / "out").write_text("a file", encoding="utf-8")
    report = Report()
    render_issue(issue, fontset, str(tmp_path / "out"), report, marks=False)
    assert report.errors and report.errors[0].startswith(f"cannot create the output folder {tmp_path / 'out'}")
    assert "files" not in report.stats and (tmp_path / "out").read_text(encoding="utf-8") == "a file"


def test_a_font_weight_the_config_lacks_is_reported_once_with_the_styles_and_the_face_used(tmp_path):
    from layout.fonts import fontset_from_files
    from tests.conftest import SANS, SERIF

    extra = "    headline: {placement: top}\n"
    tpl = TEMPLATE.replace("    headline: {{placement: none}}\n", "").replace(
        "headline: {{font: hei, size: 20pt, leading: 24pt}}",
        "headline: {{font: hei, weight: black, size: 20pt, leading: 24pt}}\n"
        "  kicker: {{font: hei, weight: black, size: 10pt, leading: 12pt}}")
    (tmp_path / "templates").mkdir()
    (tmp_path / "templates" / "t.yaml").write_text(tpl.format(extra=extra), encoding="utf-8")
    (tmp_path / "a.txt").write_text("主题: 标题\n---\n" + text_of(20) + "\n", encoding="utf-8")
    (tmp_path / "issue.yaml").write_text(
        'paper: {name: 测试报, date: "2018-04-28", number: 1}\noutput: case\n'
        "pages:\n  - {number: 1, template: t, slots: {story: a.txt}}\n", encoding="utf-8")
    fontset = fontset_from_files({"song": str(SERIF), "hei": str(SANS)})
    report = Report()
    compose_issue(load_issue(str(tmp_path / "issue.yaml")), fontset, report)
    found = [w for w in report.warnings + report.font_substitutions if w.startswith("font:")]  # a substitution now
    assert found == [f"font: styles 'headline', 'kicker' ask for hei black, which the font configuration does not "
                     f"have; set in hei regular (Noto Sans SC, {SANS.name}) instead. To fix: install a black hei font "
                     f"and list it under roles: hei: black: in the font configuration"]
    assert report.errors == [] and not report.failed(strict=False)
