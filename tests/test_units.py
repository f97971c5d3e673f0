"""Unit parsing: one module turns "15mm", "9pt", "2em", 号 sizes and page names into points."""
import pytest

from layout.units import PAGE_SIZES, UnitError, parse_em, parse_length, parse_page_size


@pytest.mark.parametrize("text, pt", [
    ("9pt", 9.0), ("9", 9.0), ("25.4mm", 72.0), ("2.54cm", 72.0), ("1in", 72.0),
    ("五号", 10.5), ("小五", 9.0), ("小五号", 9.0), ("初号", 42.0), ("八号", 5.0), (" 14 pt ", 14.0), (12, 12.0),
])
def test_parse_length(text, pt):
    assert parse_length(text) == pytest.approx(pt)


def test_em_needs_a_size():
    assert parse_length("2em", em=9) == 18.0
    with pytest.raises(UnitError, match="em"):
        parse_length("2em")
    assert parse_em("2em", size=9) == 2.0
    assert parse_em("18pt", size=9) == 2.0
    assert parse_em("1.5", size=9) == 1.5


@pytest.mark.parametrize("bad", ["", "mm", "15 furlongs", "1..2mm", True, "A3"])
def test_bad_lengths_say_what_to_write(bad):
    with pytest.raises(UnitError):
        parse_length(bad)


def test_page_sizes():
    w, h = parse_page_size("A3")
    assert (round(w, 2), round(h, 2)) == (841.89, 1190.55)
    assert parse_page_size("a4") == PAGE_SIZES["A4"]
    assert parse_page_size("297x420mm") == pytest.approx(PAGE_SIZES["A3"])
    assert parse_page_size("600x800pt") == (600.0, 800.0)
    assert parse_page_size("对开") == PAGE_SIZES["BROADSHEET"]
    with pytest.raises(UnitError):
        parse_page_size("A9")
    with pytest.raises(UnitError):
        parse_page_size("0x10mm")
