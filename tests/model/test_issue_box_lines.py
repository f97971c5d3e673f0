"""Box lines from the issue carry styles as the template's own lines do (issue 11, item 7).

``slots: {hotline: {lines: [{text: 冬季防火, style: headline}, ...]}}``: a line
is a string (the box's style) or ``{text, style}`` with a style of the page's
template; a wrong line gives one error that names it, not "nothing to place".
"""
from __future__ import annotations

import shutil
from pathlib import Path

import pdfplumber
import pytest

from layout.fonts import fontset_from_files
from layout.model.content import check_issue, load_issue
from layout.model.types import TextPlacement
from layout.pipeline import render_issue
from layout.report import Report
from tests.conftest import SANS, SERIF

from .helpers import DATA, at

PLAIN = '      hotline: {lines: ["●区政府:12345", "●供电:95598"]}\n'
STYLED = '      hotline: {lines: [{text: 冬季防火, style: headline}, "●供电:95598"]}\n'


@pytest.fixture
def issue_dir(tmp_path) -> Path:
    """A copy of the test issue and its templates, free to edit."""
    shutil.copytree(DATA / "templates", tmp_path / "templates")
    shutil.copytree(DATA / "issue", tmp_path / "issue")
    return tmp_path / "issue"


def with_lines(folder: Path, line: str) -> Path:
    path = folder / "issue.yaml"
    text = path.read_text(encoding="utf-8")
    assert PLAIN in text
    path.write_text(text.replace(PLAIN, line), encoding="utf-8")
    return path


def test_a_styled_line_takes_the_named_style_and_a_string_the_boxs(issue_dir):
    issue = load_issue(with_lines(issue_dir, STYLED))
    slot = issue.page(1).slots["hotline"]
    assert isinstance(slot, TextPlacement) and slot.lines == ("冬季防火", "●供电:95598")
    assert [(i.text, i.style.name) for i in slot.items] == [("冬季防火", "headline"), ("●供电:95598", "box")]
    assert slot.items[0].style.size == 26.0  # 一号


def test_plain_lines_keep_the_box_style():
    slot = load_issue(DATA / "issue" / "issue.yaml").page(1).slots["hotline"]
    assert [i.style.name for i in slot.items] == ["box", "box"]


def test_an_unknown_style_is_one_error_at_the_style_with_the_nearest_name(issue_dir):
    path = with_lines(issue_dir, STYLED.replace("style: headline", "style: headlin"))
    errors = [str(d) for d in check_issue(path) if d.severity == "error"]
    assert len(errors) == 1, errors
    assert errors[0].startswith(at(path, "headlin}") + ":")
    assert "lines[0].style: template '一版' has no style 'headlin' (did you mean 'headline'?)" in errors[0]


@pytest.mark.parametrize("line,needle,fragment", [
    ('      hotline: {lines: [{txt: 冬季防火}]}\n', "txt: 冬", "unknown key 'txt'"),
    ('      hotline: {lines: [[冬季, 防火]]}\n', "[冬季", "expected text or a mapping of keys, got a list"),
    ('      hotline: {lines: 冬季防火}\n', "冬季防火}", "expected a list"),
])
def test_a_malformed_line_is_the_first_and_only_error(issue_dir, line, needle, fragment):
    path = with_lines(issue_dir, line)
    errors = [str(d) for d in check_issue(path) if d.severity == "error"]
    assert len(errors) == 1 and "nothing to place" not in errors[0], errors
    assert errors[0].startswith(at(path, needle) + ":") and fragment in errors[0], errors


def test_the_styled_line_prints_in_its_style(issue_dir, tmp_path):
    issue = load_issue(with_lines(issue_dir, STYLED))
    fontset = fontset_from_files({"song": str(SERIF), "hei": str(SANS), "kai": str(SERIF)})  # the test issue uses kai
    render_issue(issue, fontset, str(tmp_path / "out"), Report(), marks=False)
    page1 = sorted((tmp_path / "out").glob("*-01.pdf"))[0]
    with pdfplumber.open(page1) as pdf:
        chars = pdf.pages[0].chars
    sizes = {c["text"]: round(c["size"], 1) for c in chars if c["text"] in "冬季防火供电"}
    assert sizes["冬"] == sizes["火"] == 26.0  # headline: 一号
    assert sizes["供"] == sizes["电"] == 9.0  # the box style: 小五
