"""Character classes for Chinese line composition, as data.

Sources: W3C clreq §3.1.4 (line-start / line-end prohibition) and appendix A
(punctuation classes), GB/T 15834-2011 §5.1 (placement of marks), UAX #14 as
tailored by ICU's CSS "normal" CJ rules (quotes: U+201C/2018 opening,
U+201D/2019 closing).

Every table is a plain mapping or set; the rest of ``layout.text`` looks
characters up here and never branches on literal characters.
"""
from __future__ import annotations

from typing import Dict, FrozenSet

# -- class codes (small ints so tables are cheap to index) -------------------
HAN = 0  # ideographs, kana, hangul, full-width symbols: one em, breakable both sides
OPEN = 1  # opening brackets and quotes: blank on the left half (mainland glyphs)
CLOSE = 2  # closing brackets and quotes: blank on the right half
PAUSE = 3  # ，、；： pause marks: blank on the right half
STOP = 4  # 。． full stop: blank on the right half
QE = 5  # ？！ question and exclamation marks (doubled-mark rule, GB 5.1.2)
DASH = 6  # — ⸺ (a doubled dash is one 2-em unit)
ELLIPSIS = 7  # … ⋯ (a doubled ellipsis is one 2-em unit)
CONN = 8  # connectors ～ – and hyphen
INTER = 9  # interpuncts · ・ ‧
SOLIDUS = 10  # / ／
LATIN = 11  # letters (any script written with spaces)
DIGIT = 12  # 0-9
SPACE = 13  # U+0020 and other breaking spaces
NARROW = 14  # other half-width symbols and ASCII punctuation: no compression
IDSP = 15  # U+3000 ideographic space: one em, kept; a break goes after it, never before (NOT_START)
NEWLINE = 16  # hard line break inside a paragraph (U+2028, LF)

CLASS_NAMES = ("han", "open", "close", "pause", "stop", "qe", "dash", "ellipsis", "conn",
               "inter", "solidus", "latin", "digit", "space", "narrow", "idsp", "newline")

OPENING = "“‘「『（《〈【〖〔［｛｟〘〚"
CLOSING = "”’」』）》〉】〗〕］｝｠〙〛"
PAUSES = "，、；：﹐﹑﹔﹕"
STOPS = "。．｡"
QUESTION_EXCLAMATION = "？！‼⁇⁈⁉"
DASHES = "—―⸺⸻"
ELLIPSES = "…⋯‥"
CONNECTORS = "～〜–"
INTERPUNCTS = "·・‧•"
SOLIDI = "／"
SPACES = " \t\u00a0\u2002\u2003\u2009\u200a\u202f"
ASCII_OPEN = "([{"
ASCII_CLOSE = ")]}"
ASCII_PAUSE = ",;:"
ASCII_STOP = ".!?"
ASCII_NARROW = "\"'#$%&*+<=>@\\^_`|~-/" + ASCII_OPEN + ASCII_CLOSE + ASCII_PAUSE + ASCII_STOP

# Prefix and postfix signs that stay attached to a number (JLREQ cl-24/25, clreq §3.1.5).
PREFIX_SIGNS = "¥$£€#№￥＄￡"
POSTFIX_SIGNS = "%‰°′″℃℉¢％"
# Chinese measure words and units that stay with the number before them
# (issue: "3000万元" is one unit; likewise 4月, 26日, 2686户).
NUMBER_UNITS = "万亿千百元角分厘毫吨米克斤两亩户人个名次岁年月日号时秒倍度台辆家所座条项件份元"
NUMBER_MAGNITUDES = "万亿"

_TABLE: Dict[str, int] = {}
for _chars, _cls in (
    (OPENING, OPEN), (CLOSING, CLOSE), (PAUSES, PAUSE), (STOPS, STOP), (QUESTION_EXCLAMATION, QE),
    (DASHES, DASH), (ELLIPSES, ELLIPSIS), (CONNECTORS, CONN), (INTERPUNCTS, INTER), (SOLIDI, SOLIDUS),
    (SPACES, SPACE), (ASCII_NARROW, NARROW), ("0123456789", DIGIT), ("\u3000", IDSP), ("\u2028\n\r", NEWLINE),
):
    for _c in _chars:
        _TABLE[_c] = _cls
CLASS_TABLE: Dict[str, int] = _TABLE
_KNOWN: Dict[str, int] = dict(_TABLE)  # CLASS_TABLE plus every character char_class has seen

# Unicode blocks whose letters form Latin-like words (break only at spaces).
WORD_RANGES = ((0x41, 0x5A), (0x61, 0x7A), (0xC0, 0x24F), (0x370, 0x3FF), (0x400, 0x4FF), (0x1E00, 0x1EFF))


def char_class(char: str) -> int:
    """The class code of one character (HAN for anything not listed and not a word letter)."""
    cls = _KNOWN.get(char)
    if cls is None:
        cls = _KNOWN[char] = _unlisted_class(ord(char))  # remembered: the tables are fixed data
    return cls


def _unlisted_class(cp: int) -> int:
    for lo, hi in WORD_RANGES:
        if lo <= cp <= hi:
            return LATIN
    if cp in (0xD7, 0xF7):
        return NARROW
    return HAN


# -- kinsoku (避头尾) at the four clreq levels, §3.1.4 -------------------------
KINSOKU_LEVELS = ("none", "basic", "gb", "strict")

_BASIC_NOT_START = (
    "、，。．：；！？‼⁇⁈⁉"  # pause and stop marks
    "”’」』）》〉】〗〕］｝｠〙〛"  # closing marks
    "～〜-–—―·・‧/／"  # connectors, single dashes, interpuncts, solidus (clreq zh text lists / too)
    "%‰°′″℃％"  # postfix signs bind to what they follow
    ",.;:!?)]}"  # half-width pause, stop and closing marks in mixed text
    "ゝゞヽヾ々〻ー"  # iteration marks and the prolonged sound mark
    "\u3000"  # ideographic space: UAX #14 class BA, a break goes after it (no line starts with a blank em)
)
_BASIC_NOT_END = "“‘「『（《〈【〖〔［｛｟〘〚([{¥$£€#№￥＄￡"

NOT_START: Dict[str, FrozenSet[str]] = {
    "none": frozenset(),
    "basic": frozenset(_BASIC_NOT_START),
    "gb": frozenset(_BASIC_NOT_START),
    "strict": frozenset(_BASIC_NOT_START + "⸺⸻…⋯‥"),  # no ——/…… at line start
}
NOT_END: Dict[str, FrozenSet[str]] = {
    "none": frozenset(),
    "basic": frozenset(_BASIC_NOT_END),
    "gb": frozenset(_BASIC_NOT_END + "/／"),  # GB: no solidus at line end
    "strict": frozenset(_BASIC_NOT_END + "/／"),
}
# Under "strict" a single — at line start is already prohibited by "basic";
# the strict rule adds the doubled units (handled on the unit's first char).

# Marks that may hang into the margin when hanging punctuation is on (clreq §3.1.7, SC).
HANGABLE = frozenset("、，。．,.")

# Reduction priorities of clreq §3.5 (1 = reduced first); 0 = not reducible.
SHRINK_PRIORITY = {INTER: 3, OPEN: 4, CLOSE: 4, PAUSE: 5, STOP: 7, QE: 7}
# Marks that are kept full-width in the "kaiming" house style.
KAIMING_FULL = frozenset((STOP, QE))
# Classes that may not take justification space on either side (clreq §3.5: not beside connectors or the solidus).
NO_EXPAND_BESIDE = frozenset((CONN, SOLIDUS))
# Classes counted as "characters" for orphan control (a last line holds at least two).
ORPHAN_COUNTED = frozenset((HAN, LATIN, DIGIT))
