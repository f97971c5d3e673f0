"""UAX #50 table and orientation segmentation (clreq §3.2.3, appendix A)."""
from pathlib import Path

from hypothesis import given, settings
from hypothesis import strategies as st

from layout.text import orientation as o
from layout.text.orientation import (
    ROTATED,
    TCY,
    UPRIGHT,
    VerticalStyle,
    orientation_kinds,
    segment_orientation,
    vertical_orientation,
)


def parts(text, style=VerticalStyle()):
    return [(text[s.start:s.end], s.kind) for s in segment_orientation(text, style)]


def test_table_cites_unicode_version_and_is_sorted():
    text = o.DATA_FILE.read_text()
    assert "VerticalOrientation-15.0.0" in text
    assert o.UNICODE_VERSION in o.__doc__
    assert all(a <= b for a, b in zip(o._STARTS, o._ENDS))
    assert all(b < c for b, c in zip(o._ENDS, o._STARTS[1:])), "ranges overlap or are unsorted"


def test_values_from_uax50():
    assert vertical_orientation(ord("中")) == "U"
    assert vertical_orientation(ord("あ")) == "U"
    assert vertical_orientation(ord("。")) == "Tu"
    assert vertical_orientation(ord("，")) == "Tu"
    assert vertical_orientation(ord("：")) == "Tr"
    assert vertical_orientation(ord("「")) == "Tr"
    assert vertical_orientation(ord("（")) == "Tr"
    assert vertical_orientation(ord("～")) == "Tr"
    assert vertical_orientation(ord("％")) == "U"
    assert vertical_orientation(ord("A")) == "R"
    assert vertical_orientation(ord("7")) == "R"
    assert vertical_orientation(ord("—")) == "R"
    assert vertical_orientation(0x20000) == "U"  # CJK Extension B, plane 2
    assert vertical_orientation(0x1F600) == "U"  # emoji
    assert vertical_orientation(0x10000) == "R"  # Linear B, listed nowhere as U
    assert vertical_orientation(0x10FFFF) == "R"


def test_table_matches_source_format(tmp_path: Path):
    src = tmp_path / "VerticalOrientation.txt"
    src.write_text("# VerticalOrientation-9.9.9.txt\n0041..0042 ; U # x\n0043 ; U\n0044 ; R\n3001 ; Tu\n")
    out = o.build_table(str(src))
    assert "VerticalOrientation-9.9.9" in out
    rows = [line.split() for line in out.splitlines() if not line.startswith("#")]
    assert rows == [["000041", "000043", "U"], ["003001", "003001", "Tu"]]


def test_han_and_kana_upright():
    assert parts("北京市石景山区") == [("北京市石景山区", UPRIGHT)]


def test_two_digit_number_is_tate_chu_yoko():
    assert parts("28日") == [("28", TCY), ("日", UPRIGHT)]


def test_year_of_four_digits_rotates():
    assert parts("2018年") == [("2018", ROTATED), ("年", UPRIGHT)]


def test_three_digits_follow_the_style():
    assert parts("120人") == [("120", ROTATED), ("人", UPRIGHT)]
    assert parts("120人", VerticalStyle(tcy_digits=3)) == [("120", TCY), ("人", UPRIGHT)]


def test_mainland_numbers_rule_rotates_all_numbers():
    assert parts("28日", VerticalStyle(tcy_digits=0)) == [("28", ROTATED), ("日", UPRIGHT)]


def test_acronym_rotated_or_upright_by_style():
    assert parts("APEC会议") == [("APEC", ROTATED), ("会议", UPRIGHT)]
    kinds = orientation_kinds("APEC会议", VerticalStyle(upright_acronyms=True))
    assert kinds == [UPRIGHT] * 6


def test_single_letter_upright():
    assert parts("X光和A股") == [("X光和A股", UPRIGHT)]


def test_latin_words_with_spaces_form_one_rotated_run():
    assert parts("据New York Times报道") == [("据", UPRIGHT), ("New York Times", ROTATED), ("报道", UPRIGHT)]


def test_url_and_percentage_rotate():
    text = "见https://www.apec.org/about，增长12.5%。"
    assert ("https://www.apec.org/about", ROTATED) in parts(text)
    assert ("12.5%", ROTATED) in parts(text)
    assert ("，", UPRIGHT) in parts(text) or ("，增长", UPRIGHT) in parts(text)


def test_full_width_forms_upright():
    assert parts("ＡＰＥＣ２０１８％") == [("ＡＰＥＣ２０１８％", UPRIGHT)]


def test_cjk_marks_with_r_value_stay_in_their_own_em_box():
    # —— and …… and curly quotes are R in UAX #50 but are CJK marks: vertical alternates, not Latin runs
    text = "他说：“好——走……”"
    assert orientation_kinds(text) == [UPRIGHT] * len(text)


def test_lone_space_beside_han_is_rotated_alone():
    assert parts("第 28 届") == [("第", UPRIGHT), (" ", ROTATED), ("28", TCY), (" ", ROTATED), ("届", UPRIGHT)]


ALPHABET = st.sampled_from(list("中文。，、“”「」——…AaBz059 %./:") + ["https://a.b/c", "APEC", "2018", "28"])


@settings(max_examples=120, deadline=None)
@given(st.lists(ALPHABET, max_size=30).map("".join), st.integers(0, 3), st.booleans())
def test_segments_cover_text_in_order(text, tcy, acronyms):
    style = VerticalStyle(tcy_digits=tcy, upright_acronyms=acronyms)
    segs = segment_orientation(text, style)
    assert "".join(text[s.start:s.end] for s in segs) == text
    assert all(a.end == b.start for a, b in zip(segs, segs[1:]))
    assert all(s.kind in (UPRIGHT, ROTATED, TCY) for s in segs)
    for s in segs:
        if s.kind == TCY:
            assert 1 <= s.end - s.start <= tcy and any(c.isdigit() for c in text[s.start:s.end])
        if s.kind == ROTATED:
            assert not any("\u4e00" <= c <= "\u9fff" for c in text[s.start:s.end])


WIDE = st.sampled_from(list("中。“—…·Aé Ω Ж09%/\u00a0\u3000\u2003\x7f")
                       + ["\U0001F600", "\U00020000", "\U00010000", "\U0001D400"])


@settings(max_examples=150, deadline=None)
@given(st.lists(WIDE, max_size=25).map("".join))
def test_run_regex_matches_the_per_character_rule(text):
    expected, start = [], -1
    for i, ch in enumerate(text + "中"):
        if i < len(text) and o._is_run_char(ch):
            start = i if start < 0 else start
        elif start >= 0:
            expected.append((start, i))
            start = -1
    assert o._run_tokens(text) == expected
