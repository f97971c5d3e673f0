"""Character classes and kinsoku tables (clreq §3.1.4, appendix A)."""
from layout.text import classes as C


def test_curly_quotes_are_opening_and_closing():
    assert C.char_class("“") == C.OPEN and C.char_class("‘") == C.OPEN
    assert C.char_class("”") == C.CLOSE and C.char_class("’") == C.CLOSE


def test_classes_of_common_marks():
    assert [C.char_class(c) for c in "，、；：。？！——……·／中a1 "] == [
        C.PAUSE, C.PAUSE, C.PAUSE, C.PAUSE, C.STOP, C.QE, C.QE, C.DASH, C.DASH, C.ELLIPSIS, C.ELLIPSIS,
        C.INTER, C.SOLIDUS, C.HAN, C.LATIN, C.DIGIT, C.SPACE]


def test_basic_level_lists_of_clreq():
    for ch in "、，。．：；！？”’」』）》〉】〗〕］｝～–·・‧":
        assert ch in C.NOT_START["basic"], ch
    for ch in "“‘「『（《〈【〖〔［｛":
        assert ch in C.NOT_END["basic"], ch
    assert not C.NOT_START["none"] and not C.NOT_END["none"]


def test_gb_adds_solidus_at_line_end_and_strict_keeps_it():
    assert "／" not in C.NOT_END["basic"]
    assert "／" in C.NOT_END["gb"] and "／" in C.NOT_END["strict"]
    assert C.NOT_START["basic"] <= C.NOT_START["gb"] <= C.NOT_START["strict"]
