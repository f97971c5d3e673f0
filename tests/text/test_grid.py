"""Whole-字 measures (issue 10): the warning, the nearest whole counts and the gutter that gives them."""
import pytest

from layout.text.grid import is_whole, measure_advice, snap_gutter, whole_fixes


def test_a_whole_measure_gets_no_advice():
    assert is_whole(108.0, 9.0)
    assert measure_advice("page 1, feature", 3 * 108 + 2 * 12, 3, 12.0, 9.0) is None


def test_a_fractional_measure_is_reported_with_both_whole_counts_and_their_gutters():
    total, columns, gutter, size = 400.0, 3, 12.0, 9.0  # (400 - 24) / 3 = 125.33 pt = 13.93 字
    fixes = whole_fixes(total, columns, gutter, size)
    assert [f.chars for f in fixes] == [13, 14]
    for f in fixes:  # each count fills the same total width exactly
        assert columns * f.chars * size + (columns - 1) * f.gutter == pytest.approx(total)
    text = measure_advice("page 2, feature", total, columns, gutter, size)
    assert "13.93 字" in text and "13 字 with a 24.50 pt" in text and "14 字 with a 11.00 pt" in text


def test_a_count_whose_gutter_would_be_negative_is_not_offered():
    fixes = whole_fixes(100.0, 2, 2.0, 9.0)  # 49 pt columns = 5.44 字; 6 字 needs -8 pt of gutter
    assert [f.chars for f in fixes] == [5]


def test_snap_gutter_picks_the_count_nearest_the_current_gutter():
    fix = snap_gutter(400.0, 3, 12.0, 9.0)
    assert fix.chars == 14 and fix.gutter == pytest.approx(11.0)
