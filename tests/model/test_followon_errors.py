"""A refused value is reported once, where it is written: no second message for the same value, no follow-on
errors in what depends on it (swatch references, the grid's body style, overlaps, continuations), and page
sizes beyond PDF's 14,400 pt limit refused at check time in every form, saying why."""
import shutil

import pytest

from layout.model.content import check_issue
from tests.model.helpers import DATA, MINIMAL, at, messages, only_error_at, write

LIMIT = "each side must be between 10 mm and "


@pytest.mark.parametrize("size", ["6000x9000mm", "{width: 6000mm, height: 390mm}", "{width: 297mm, height: 5mm}"])
def test_page_size_beyond_the_pdf_limit_is_refused_at_check_time_saying_why(tmp_path, size):
    path = write(tmp_path, "t.yaml", MINIMAL.replace("size: A4", f"size: {size}"))
    message = only_error_at(path, size, LIMIT)
    assert "not a page size" not in message


def test_a_page_size_that_is_not_one_still_lists_the_forms(tmp_path):
    path = write(tmp_path, "t.yaml", MINIMAL.replace("size: A4", "size: A9"))
    only_error_at(path, "A9", "is not a page size; use one of A2")


def test_nan_is_reported_once(tmp_path):
    path = write(tmp_path, "t.yaml", MINIMAL.replace("columns: 4", "columns: .nan"))
    only_error_at(path, ".nan", "'.nan' is not a finite number")


SWATCH_USERS = MINIMAL.replace(
    "  red: [0, 100, 100, 0]\n", "  red: [0, .nan, 100, 0]\n  tint: {gray: .inf}\n  rust: [0, 50, 50, 20]\n"
).replace(
    "headline: {font: hei, weight: bold, size: 二号}", "headline: {font: hei, weight: bold, size: 二号, color: red}\n"
    "  kicker: {font: hei, size: 10pt, color: tint}\n  note: {font: hei, size: 10pt, color: rust}"
).replace("    height: 30mm\n", "    height: 30mm\n    border: {width: 1pt, color: red}\n")


def test_a_refused_swatch_gives_no_follow_on_errors(tmp_path):
    path = write(tmp_path, "t.yaml", SWATCH_USERS)
    assert messages(path) == [f"{at(path, '.nan')}: '.nan' is not a finite number; write an ordinary number",
                              f"{at(path, '.inf')}: '.inf' is not a finite number; write an ordinary number"]


def test_an_undefined_swatch_is_still_an_error(tmp_path):
    path = write(tmp_path, "t.yaml", SWATCH_USERS.replace("color: rust", "color: rusty"))
    assert any("no swatch 'rusty'" in m for m in messages(path))


def test_a_refused_body_style_is_not_also_undefined(tmp_path):
    path = write(tmp_path, "t.yaml", MINIMAL.replace("body: {size: 10pt, leading: 15pt, indent: 2em}", "body: .nan"))
    only_error_at(path, ".nan", "not a finite number")


@pytest.mark.parametrize("key", ["top: 35mm", "kind: article"])
def test_a_region_with_a_refused_key_gives_no_overlap_error(tmp_path, key):
    name = key.split(":")[0]
    path = write(tmp_path, "t.yaml", MINIMAL.replace(key, f"{name}: .nan"))
    only_error_at(path, ".nan", "not a finite number")


@pytest.fixture()
def issue(tmp_path):
    shutil.copytree(DATA, tmp_path / "data")
    return tmp_path / "data" / "issue" / "issue.yaml"


@pytest.mark.parametrize("old, new", [("- number: 1", "- number: .nan"), ("template: front", "template: .nan"),
                                      ("lead: articles/lead.txt", "lead: .nan"), ("number: 36", "number: !!binary MzY=")])
def test_issue_value_refused_once_and_its_continuation_quiet(issue, old, new):
    issue.write_text(issue.read_text(encoding="utf-8").replace(old, new, 1), encoding="utf-8")
    errors = [str(d) for d in check_issue(issue) if d.severity == "error"]
    assert len(errors) == 1, errors
    assert "not a finite number" in errors[0] or "tag" in errors[0]


def test_a_continuation_of_an_article_never_placed_is_still_an_error(issue):
    issue.write_text(issue.read_text(encoding="utf-8").replace("{continued: lead}", "{continued: leed}"), encoding="utf-8")
    errors = [str(d) for d in check_issue(issue) if d.severity == "error"]
    assert len(errors) == 1 and "no article 'leed'" in errors[0]
