"""Template keys for vertical text: style options (tcy_digits, vertical_quotes, upright_acronyms) and page.writing_mode."""
from __future__ import annotations

import jsonschema
import pytest
import yaml

from layout.model.schema import template_schema
from layout.model.template import load_template

from .helpers import MINIMAL, only_error_at, write

VERTICAL_BODY = "  body: {size: 10pt, leading: 15pt, indent: 2em, tcy_digits: 3, vertical_quotes: font, upright_acronyms: true}"


def test_vertical_style_keys_reach_the_resolved_style(tmp_path):
    path = write(tmp_path, "t.yaml", MINIMAL.replace("  body: {size: 10pt, leading: 15pt, indent: 2em}", VERTICAL_BODY))
    body = load_template(path).styles["body"]
    assert (body.tcy_digits, body.vertical_quotes, body.upright_acronyms) == (3, "font", True)


def test_vertical_style_defaults(tmp_path):
    body = load_template(write(tmp_path, "t.yaml", MINIMAL)).styles["body"]
    assert (body.tcy_digits, body.vertical_quotes, body.upright_acronyms) == (2, "corner", False)


def test_vertical_options_are_inherited_through_based_on(tmp_path):
    text = MINIMAL.replace("  body: {size: 10pt, leading: 15pt, indent: 2em}", VERTICAL_BODY)
    text = text.replace("styles:\n", "styles:\n  note: {based_on: body, vertical_quotes: corner}\n")
    note = load_template(write(tmp_path, "t.yaml", text)).styles["note"]
    assert (note.tcy_digits, note.vertical_quotes, note.upright_acronyms) == (3, "corner", True)


@pytest.mark.parametrize("value,needle,fragment", [
    ("tcy_digits: 1", "1}", "tcy_digits: 1 is not allowed; use 2 or 3"),
    ("tcy_digits: 4", "4}", "too large (at most 3)"),
    ("tcy_digits: two", "two", "expected a whole number"),
    ("vertical_quotes: curly", "curly", "use one of 'corner', 'font'"),
    ("upright_acronyms: sometimes", "sometimes", "expected true or false"),
])
def test_bad_vertical_style_values_point_at_their_line_and_column(tmp_path, value, needle, fragment):
    text = MINIMAL.replace("indent: 2em}", f"indent: 2em, {value}}}")
    only_error_at(write(tmp_path, "t.yaml", text), needle, fragment)


def test_page_writing_mode_is_the_default_of_article_and_box_regions(tmp_path):
    text = MINIMAL.replace("  margins: {", "  writing_mode: vertical\n  margins: {")
    text = text.replace("    lines: [\"{paper} {date}\"]\n", "    lines: [\"{paper} {date}\"]\n    writing_mode: horizontal\n")
    template = load_template(write(tmp_path, "t.yaml", text))
    assert template.page.writing_mode == "vertical-rl"
    assert template.region("lead").writing_mode == "vertical-rl"
    assert template.region("top").writing_mode == "horizontal-tb"


def test_page_writing_mode_defaults_to_horizontal(tmp_path):
    template = load_template(write(tmp_path, "t.yaml", MINIMAL))
    assert template.page.writing_mode == "horizontal-tb" and template.region("lead").writing_mode == "horizontal-tb"


def test_bad_page_writing_mode(tmp_path):
    text = MINIMAL.replace("  margins: {", "  writing_mode: diagonal\n  margins: {")
    only_error_at(write(tmp_path, "t.yaml", text), "diagonal", "page.writing_mode")


def test_schema_knows_the_new_keys():
    validator = jsonschema.Draft202012Validator(template_schema())
    good = yaml.safe_load(MINIMAL.replace("indent: 2em}", "indent: 2em, tcy_digits: 3, vertical_quotes: font}"))
    good["page"]["writing_mode"] = "vertical"
    assert list(validator.iter_errors(good)) == []
    bad = yaml.safe_load(MINIMAL.replace("indent: 2em}", "indent: 2em, vertical_quotes: curly}"))
    assert list(validator.iter_errors(bad))
