"""Units in templates, page presets, margins by page side, and the derived character grid."""
from __future__ import annotations

import math

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from layout.model.resolve import character_grid
from layout.model.template import load_template
from layout.model.types import Style
from layout.units import HAO_SIZES, MM

from .helpers import MINIMAL, messages, write


def template_with(tmp_path, old: str, new: str):
    assert old in MINIMAL
    return load_template(write(tmp_path, "t.yaml", MINIMAL.replace(old, new, 1)))


@pytest.mark.parametrize("written,mm", [("对开", (390, 540)), ("四开", (270, 390)), ("A3", (297, 420)), ("A4", (210, 297)),
                                        ("a3", (297, 420)), ("300x450mm", (300, 450)), ("30x45cm", (300, 450))])
def test_page_size_presets_and_custom(tmp_path, written, mm):
    t = template_with(tmp_path, "size: A4", f"size: {written}")
    assert (t.page.width, t.page.height) == pytest.approx((mm[0] * MM, mm[1] * MM))


def test_custom_size_mapping_and_bleed(tmp_path):
    t = template_with(tmp_path, "size: A4", "size: {width: 280mm, height: 400mm}\n  bleed: 3mm")
    assert t.page.size_name == "custom"
    assert (t.page.width, t.page.height, t.page.bleed) == pytest.approx((280 * MM, 400 * MM, 3 * MM))


def test_inside_margin_is_left_on_odd_pages_and_right_on_even(tmp_path):
    path = write(tmp_path, "t.yaml", MINIMAL.replace("inside: 15mm, outside: 15mm", "inside: 25mm, outside: 10mm"))
    odd, even = load_template(path, page_number=1), load_template(path, page_number=2)
    assert odd.page.margin_left == pytest.approx(25 * MM) and odd.page.margin_right == pytest.approx(10 * MM)
    assert even.page.margin_left == pytest.approx(10 * MM) and even.page.margin_right == pytest.approx(25 * MM)
    assert odd.region("lead").box.x == pytest.approx(25 * MM)
    assert even.region("lead").box.x == pytest.approx(10 * MM)


def test_single_margin_for_all_sides(tmp_path):
    t = template_with(tmp_path, "margins: {top: 20mm, bottom: 20mm, inside: 15mm, outside: 15mm}", "margins: 12mm")
    margins = (t.page.margin_top, t.page.margin_bottom, t.page.margin_inside, t.page.margin_outside)
    assert margins == pytest.approx((12 * MM,) * 4)


@pytest.mark.parametrize("written,points", [("9pt", 9.0), ("3.175mm", 9.0), ("小五", 9.0), ("五号", 10.5), ("初号", 42.0),
                                            ("小五号", 9.0), ("0.125in", 9.0)])
def test_style_sizes(tmp_path, written, points):
    t = template_with(tmp_path, "size: 10pt, leading: 15pt", f"size: {written}, leading: 15pt")
    assert t.styles["body"].size == pytest.approx(points)


@pytest.mark.parametrize("written,factor", [("15pt", None), ("1.5em", 1.5), ("150%", 1.5), ("1.5字", 1.5)])
def test_leading_units_are_relative_to_the_style_size(tmp_path, written, factor):
    t = template_with(tmp_path, "size: 10pt, leading: 15pt", f"size: 10pt, leading: {written}")
    assert t.styles["body"].leading == pytest.approx(15.0)


def test_em_lengths_use_the_style_size(tmp_path):
    t = template_with(tmp_path, "indent: 2em}", "indent: 2em, tracking: 0.05em, space_after: 1em}")
    body = t.styles["body"]
    assert (body.indent, body.tracking, body.space_after) == pytest.approx((20.0, 0.5, 10.0))
    assert body.latin_spacing == pytest.approx(1.25)  # default: an eighth em


def test_region_geometry_in_grid_lines_and_rest(tmp_path):
    t = template_with(tmp_path, "    top: 35mm\n    height: rest\n", "    top: 6 lines\n    height: 10行\n")
    lead, content = t.region("lead"), t.grid.content
    assert lead.box.y == pytest.approx(content.y + 6 * 15.0)  # a grid line is one body leading
    assert lead.box.h == pytest.approx(10 * 15.0)
    t2 = template_with(tmp_path, "    height: 30mm\n", "    height: 30mm\n    overlap: true\n")
    assert t2.region("lead").box.bottom == pytest.approx(content.bottom)  # rest: down to the bottom margin


def test_region_x_and_width_follow_the_grid(tmp_path):
    t = template_with(tmp_path, "    column: 1\n    span: 4\n    top: 35mm", "    column: 2\n    span: 2\n    top: 35mm")
    g = t.grid
    col = (t.page.width - 30 * MM - 3 * 5 * MM) / 4
    assert g.column_width == pytest.approx(col)
    lead = t.region("lead")
    assert lead.box.x == pytest.approx(15 * MM + col + 5 * MM)
    assert lead.box.w == pytest.approx(2 * col + 5 * MM)


def test_character_grid_of_an_a4_page(tmp_path):
    # A4, margins 20/20/15/15 mm, 4 columns, 5 mm gutter, body 10 pt on 15 pt
    t = load_template(write(tmp_path, "t.yaml", MINIMAL))
    col_pt = (210 - 30 - 15) / 4 * MM  # 41.25 mm = 116.93 pt
    height_pt = (297 - 40) * MM  # 728.5 pt
    assert t.grid.chars_per_line == math.floor(col_pt / 10.0) == 11
    assert t.grid.lines_per_column == math.floor((height_pt - 10.0) / 15.0) + 1 == 48
    assert t.grid.line_height == 15.0 and t.grid.body_style == "body"


def test_character_grid_counts_tracking_between_characters():
    body = Style("b", size=10.0, leading=14.0, tracking=1.0)
    chars, lines = character_grid(109.0, 24.0, body)  # 10 chars = 10*10 + 9*1 = 109 pt exactly
    assert chars == 10
    assert lines == 2  # 10 pt first line + 14 pt = 24 pt


@settings(max_examples=80, deadline=None)
@given(width=st.floats(5, 600), height=st.floats(5, 1500), size=st.sampled_from(sorted(set(HAO_SIZES.values()))),
       tracking=st.floats(-0.5, 2), leading_factor=st.floats(1.0, 2.0))
def test_character_grid_is_the_largest_that_fits(width, height, size, tracking, leading_factor):
    body = Style("b", size=size, leading=size * leading_factor, tracking=tracking)
    n, m = character_grid(width, height, body)
    line = lambda k: k * size + (k - 1) * tracking  # noqa: E731
    col = lambda k: size + (k - 1) * body.leading  # noqa: E731
    assert n == 0 or line(n) <= width + 1e-4
    assert line(n + 1) > width - 1e-4
    assert m == 0 or col(m) <= height + 1e-4
    assert col(m + 1) > height - 1e-4


def test_grid_lines_unit_is_not_allowed_for_sizes(tmp_path):
    path = write(tmp_path, "t.yaml", MINIMAL.replace("size: 10pt,", "size: 2 lines,"))
    assert any("styles.body.size" in m for m in messages(path))
