"""``span: all``: a region from its column to the last grid column (issue 11, item 6), in check, schema and geometry."""
from __future__ import annotations

import jsonschema
import pytest
import yaml

from layout.model.schema import template_schema
from layout.model.template import load_template

from .helpers import MINIMAL, only_error_at, write

TOP = "    column: 1\n    span: 4\n    height: 30mm\n"


def test_span_all_covers_the_type_area_and_follows_the_grid(tmp_path):
    template = load_template(write(tmp_path, "t.yaml", MINIMAL.replace(TOP, "    column: 1\n    span: all\n    height: 30mm\n")))
    top = template.region("top")
    assert top.span == template.grid.columns == 4
    assert top.box.x == pytest.approx(template.grid.content.x) and top.box.w == pytest.approx(template.grid.content.w)
    six = MINIMAL.replace("  columns: 4\n", "  columns: 6\n").replace(TOP, "    column: 1\n    span: all\n    height: 30mm\n")
    assert load_template(write(tmp_path, "six.yaml", six)).region("top").span == 6  # one edit: the grid's columns


def test_span_all_from_a_later_column_runs_to_the_right_edge(tmp_path):
    template = load_template(write(tmp_path, "t.yaml", MINIMAL.replace(TOP, "    column: 3\n    span: all\n    height: 30mm\n")))
    top, content = template.region("top"), template.grid.content
    assert top.span == 2 and top.box.right == pytest.approx(content.right)


def test_span_all_in_a_child_template(tmp_path):
    write(tmp_path, "base.yaml", MINIMAL)
    child = write(tmp_path, "child.yaml",
                  "extends: base\ngrid: {columns: 5}\nregions:\n  top: {span: all}\n  lead: {span: all}\n")
    template = load_template(child)
    assert [template.region(r).span for r in ("top", "lead")] == [5, 5]


@pytest.mark.parametrize("value,needle,fragment", [
    ("every", "every", "expected a whole number or 'all'"),
    ("0", "0\n    height: 30mm", "too small (at least 1)"),
])
def test_bad_spans(tmp_path, value, needle, fragment):
    text = MINIMAL.replace(TOP, f"    column: 1\n    span: {value}\n    height: 30mm\n")
    only_error_at(write(tmp_path, "t.yaml", text), needle, fragment)


def test_schema_accepts_all_and_nothing_else():
    validator = jsonschema.Draft202012Validator(template_schema())
    for value, ok in (("all", True), (3, True), ("every", False), (0, False)):
        data = yaml.safe_load(MINIMAL)
        data["regions"]["top"]["span"] = value
        assert (list(validator.iter_errors(data)) == []) is ok, value
