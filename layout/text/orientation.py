"""Vertical orientation of characters and orientation segments of a paragraph.

Implements the glyph-orientation part of vertical writing (竖排), clreq §3.1.2,
§3.2.3 and appendix A (W3C "Requirements for Chinese Text Layout"):

* Han, kana, full-width forms and CJK punctuation stand upright (their
  vertical alternates come from the font's GSUB ``vert``/``vrt2``, see
  ``layout.text.vertical``).
* Latin words, numbers of four or more digits and URLs are rotated 90°
  clockwise as one run.
* Short numbers (two digits, or three when the style says so) are set as
  tate-chu-yoko (纵中横): horizontally, squeezed into one em.
* Single Latin letters stand upright in a full-width box (acronyms too when the
  style asks for it).

Upright versus rotated comes from Unicode UAX #50 ``Vertical_Orientation``,
Unicode 15.0.0 (VerticalOrientation-15.0.0.txt, 2022-08-07), shipped as the
compact range table ``layout/data/vertical_orientation.txt``. Values: ``U``
upright, ``R`` rotated 90° clockwise, ``Tu``/``Tr`` typographically
transformed (vertical alternate glyph) with fallback to upright / rotated.
Regenerate the table with ``python -m layout.text.orientation build FILE``.
"""
from __future__ import annotations

import re
import sys
from bisect import bisect_right
from pathlib import Path
from typing import List, Tuple

from ..records import record

DATA_FILE = Path(__file__).resolve().parents[1] / "data" / "vertical_orientation.txt"
UNICODE_VERSION = "15.0.0"
VALUES = ("R", "U", "Tu", "Tr")  # index 0 is the default for unlisted code points

UPRIGHT = "upright"
ROTATED = "rotated"
TCY = "tcy"

# Characters UAX #50 gives R (or Tr) that Chinese text sets as single
# punctuation marks in the em box (clreq appendix A "rotated" column): the
# font's vertical alternate replaces them, and only a font without one rotates
# the horizontal glyph. Everything else with R joins Latin runs.
CJK_MARKS_R = frozenset("“”‘’—―⸺⸻…⋯‥·‧–～〜_＿﹏")

# Characters allowed in a number unit (clreq §3.1.5: decimal point,
# separators, signs and units stay with the digits).
NUMBER_CHARS = frozenset("0123456789.,:%‰°+-′″℃")
URL_RE = re.compile(r"^(?:[a-z][a-z0-9+.-]*://|www\.)\S+$|^[\w.+-]+@[\w-]+(?:\.[\w-]+)+$", re.I | re.A)


@record(frozen=True)
class VerticalStyle:
    """Style choices for vertical text (the paragraph style carries one)."""

    tcy_digits: int = 2  # numbers up to this many characters go tate-chu-yoko; 0 = rotate all numbers
    tcy_max_width: float = 1.0  # a tate-chu-yoko unit is squeezed to at most this many em
    quotes: str = "corner"  # "corner": “”→『』 ‘’→「」 (GB/T 15834); "font": the font's own vertical quotes
    upright_acronyms: bool = False  # set all-capital words (APEC) letter by letter upright
    acronym_max: int = 4  # longest all-capital word set upright when upright_acronyms


@record(frozen=True)
class Segment:
    """A slice text[start:end] set in one orientation (upright, rotated or tcy)."""

    start: int
    end: int
    kind: str


def _load_table(path: Path = DATA_FILE) -> Tuple[List[int], List[int], List[int], bytearray]:
    starts, ends, codes = [], [], []
    bmp = bytearray(0x10000)
    for line in path.read_text(encoding="ascii").splitlines():
        if not line or line.startswith("#"):
            continue
        first, last, value = line.split()
        a, b, code = int(first, 16), int(last, 16), VALUES.index(value)
        starts.append(a)
        ends.append(b)
        codes.append(code)
        if a < 0x10000:
            top = min(b, 0xFFFF)
            bmp[a:top + 1] = bytes([code]) * (top - a + 1)
    return starts, ends, codes, bmp


_STARTS, _ENDS, _CODES, _BMP = _load_table()


def vertical_orientation(cp: int) -> str:
    """UAX #50 Vertical_Orientation of a code point: "U", "R", "Tu" or "Tr"."""
    if cp < 0x10000:
        return VALUES[_BMP[cp]]
    i = bisect_right(_STARTS, cp) - 1
    if i >= 0 and cp <= _ENDS[i]:
        return VALUES[_CODES[i]]
    return "R"


def is_upright_char(ch: str) -> bool:
    """True when a character takes its own em box in vertical text (U, Tu, Tr or a CJK mark)."""
    return vertical_orientation(ord(ch)) != "R" or ch in CJK_MARKS_R


def _is_run_char(ch: str) -> bool:
    """True for characters that join Latin/number runs (UAX #50 R, not a CJK mark, not a space)."""
    cp = ord(ch)
    if cp < 0x80:
        return cp > 0x20 and cp != 0x7F
    if ch in CJK_MARKS_R or ch.isspace():
        return False
    return vertical_orientation(cp) == "R"


def classify_token(token: str, style: VerticalStyle) -> str:
    """Orientation of one run of Latin letters, digits and signs (no spaces)."""
    if URL_RE.match(token):
        return ROTATED
    has_digit = any(c.isdigit() for c in token)
    if has_digit and len(token) <= style.tcy_digits:
        return TCY
    if has_digit:
        return ROTATED
    if len(token) == 1:
        return UPRIGHT if token.isalpha() else ROTATED
    if style.upright_acronyms and token.isupper() and len(token) <= style.acronym_max:
        return UPRIGHT
    return ROTATED


def segment_orientation(text: str, style: VerticalStyle = VerticalStyle()) -> List[Segment]:
    """Split a paragraph into upright, rotated and tate-chu-yoko segments covering every character in order."""
    kinds = orientation_kinds(text, style)
    segments: List[Segment] = []
    start = 0
    for i in range(1, len(text) + 1):
        if i == len(text) or kinds[i] != kinds[start]:
            segments.append(Segment(start, i, kinds[start]))
            start = i
    return segments


def orientation_kinds(text: str, style: VerticalStyle = VerticalStyle()) -> List[str]:
    """Orientation kind for every character of a paragraph (one entry per character)."""
    n = len(text)
    kinds = [UPRIGHT] * n
    tokens = _run_tokens(text)
    token_kind = [classify_token(text[a:b], style) for a, b in tokens]
    for (a, b), kind in zip(tokens, token_kind):
        kinds[a:b] = [kind] * (b - a)
    _orient_spaces(text, tokens, token_kind, kinds)
    return kinds


def _run_regex():
    """Runs of R characters that are not CJK marks or spaces, as one regex built from the table."""
    excluded = sorted({ord(c) for c in CJK_MARKS_R} | {0x7F} | {cp for cp in range(0x3001) if chr(cp).isspace()})
    parts = []
    for a, b in _r_ranges():
        lo = a
        for x in excluded:
            if lo <= x <= b:
                if x > lo:
                    parts.append((lo, x - 1))
                lo = x + 1
        if lo <= b:
            parts.append((lo, b))
    cls = "".join(re.escape(chr(a)) + ("-" + re.escape(chr(b)) if b > a else "") for a, b in parts)
    return re.compile("[" + cls + "]+")


def _r_ranges() -> List[Tuple[int, int]]:
    """Code point ranges whose UAX #50 value is R (the gaps of the table), from U+0021."""
    out, cp = [], 0x21
    for a, b in zip(_STARTS, _ENDS):
        if a > cp:
            out.append((cp, a - 1))
        cp = max(cp, b + 1)
    if cp <= 0x10FFFF:
        out.append((cp, 0x10FFFF))
    return out


_RUN_RE = None
_SPACE_RE = re.compile("[ \u00a0]")


def run_regex():
    """The compiled regex of maximal runs of Latin/number characters (UAX #50 R, no CJK marks, no spaces)."""
    global _RUN_RE
    if _RUN_RE is None:
        _RUN_RE = _run_regex()
    return _RUN_RE


def _run_tokens(text: str) -> List[Tuple[int, int]]:
    """Maximal runs of characters that form Latin words, numbers and URLs."""
    return [m.span() for m in run_regex().finditer(text)]


def _orient_spaces(text, tokens, token_kind, kinds) -> None:
    """Spaces between two rotated tokens belong to the rotated run; other spaces rotate alone."""
    for m in _SPACE_RE.finditer(text):
        kinds[m.start()] = ROTATED
    for (_, b), (c, _), k1, k2 in zip(tokens, tokens[1:], token_kind, token_kind[1:]):
        gap = text[b:c]
        if k1 == k2 == ROTATED and gap and gap.strip() == "":
            kinds[b:c] = [ROTATED] * (c - b)


def build_table(source: str) -> str:
    """Convert Unicode's VerticalOrientation.txt into the compact range table text."""
    rows = []
    version = "?"
    with open(source, encoding="utf-8") as f:
        for raw in f:
            if raw.startswith("# VerticalOrientation-"):
                version = raw[2:].strip()
            line = raw.split("#", 1)[0].strip()
            if not line:
                continue
            rng, value = (s.strip() for s in line.split(";"))
            first, _, last = rng.partition("..")
            rows.append((int(first, 16), int(last or first, 16), value))
    merged: List[list] = []
    for a, b, v in sorted(rows):
        if v == "R":
            continue
        if merged and merged[-1][2] == v and merged[-1][1] + 1 == a:
            merged[-1][1] = b
        else:
            merged.append([a, b, v])
    head = [f"# Unicode Vertical_Orientation (UAX #50) from {version}",
            "# Compact table: first last value (hex code points); unlisted code points are R.",
            "# Regenerate: python -m layout.text.orientation build VerticalOrientation.txt"]
    return "\n".join(head + [f"{a:06X} {b:06X} {v}" for a, b, v in merged]) + "\n"


if __name__ == "__main__":  # pragma: no cover - maintenance command
    if len(sys.argv) == 3 and sys.argv[1] == "build":
        DATA_FILE.write_text(build_table(sys.argv[2]), encoding="ascii")
        print(f"wrote {DATA_FILE}")
    else:
        print("usage: python -m layout.text.orientation build VerticalOrientation.txt", file=sys.stderr)
        sys.exit(2)
