"""Outside checks on galley PDFs, read back with pdfplumber only (no engine data).

The prohibited-mark lists are copied from the strict level of clreq §3.1.4 /
GB/T 15834-2011 5.1.1-5.1.4 (basic + GB + strict), on purpose not imported from
layout.text, so that a wrong table in the engine is caught here.
"""
from __future__ import annotations

from dataclasses import dataclass, field
from typing import List

import pdfplumber

MM = 72 / 25.4
PAGES = {"A3": (297 * MM, 420 * MM), "A4": (210 * MM, 297 * MM), "A5": (148 * MM, 210 * MM)}

# clreq basic: not at line start (pause/stop, closing, connector, interpunct, solidus)
NOT_START = set("、，。．：；！？‼⁇" "”’」』）》〉】〗〕］｝" "～-–—" "·・‧" "/／")
# clreq basic: not at line end (opening marks); GB adds the solidus
NOT_END_BASIC = set("“‘「『（《〈【〖〔［｛")
NOT_END = NOT_END_BASIC | set("/／")
# strict: no ——/…… at line start (paragraph starts exempt)
NOT_START_UNITS = ("——", "……", "⸺")
# glyphs whose right half is blank in mainland fonts (they may be set ½ em at line end)
RIGHT_BLANK = set("，。、；：？！”’」』）》〉】〗〕］｝")
# vertical: lower half blank (：；？！ keep a full em in vertical text, clreq §3.1.6)
END_BLANK_V = set("，。、”’」』）》〉】〗〕］｝")
LEFT_BLANK = set("“‘「『（《〈【〖〔［｛")


@dataclass
class Line:
    """One line read from the PDF: its column index and its chars in reading order."""

    column: int
    chars: list = field(default_factory=list)

    @property
    def text(self) -> str:
        return "".join(c["text"] for c in self.chars)


def columns_geometry(page_w, page_h, margin, columns, gutter, vertical=False):
    """(start, end) of each column along x (horizontal) or each tier along y (vertical)."""
    extent = page_h if vertical else page_w
    width = (extent - 2 * margin - (columns - 1) * gutter) / columns
    return [(margin + k * (width + gutter), margin + k * (width + gutter) + width) for k in range(columns)]


def read_pages(pdf_path):
    """Per page: the list of pdfplumber chars that carry visible text."""
    with pdfplumber.open(pdf_path) as pdf:
        return [[c for c in p.chars if c["text"].strip()] for p in pdf.pages], [(p.width, p.height) for p in pdf.pages]


EDGE_TOL = 0.01  # pt: PDF positions are written to 1/1000 pt; a centre on a shared edge goes to the earlier column


def _column_of(value, cols, gutter):
    for k, (a, b) in enumerate(cols):
        if a - gutter / 2 - EDGE_TOL <= value < b + gutter / 2 + EDGE_TOL:
            return k
    return -1


def _ink_centre(c):
    """Horizontal centre of a glyph's ink: marks with a blank half are shifted by a quarter em."""
    mid, q = (c["x0"] + c["x1"]) / 2, (c["x1"] - c["x0"]) / 4
    return mid - q if c["text"] in RIGHT_BLANK else mid + q if c["text"] in LEFT_BLANK else mid


def horizontal_lines(pages, cols, gutter) -> List[Line]:
    """Lines in reading order: page, column left to right, baseline top to bottom, x."""
    out = []
    for chars in pages:
        rows = {}
        for c in chars:
            k = _column_of(_ink_centre(c), cols, gutter)
            rows.setdefault((k, -round(c["matrix"][5] * 2) / 2), []).append(c)
        for key in sorted(rows):
            out.append(Line(key[0], sorted(rows[key], key=lambda c: c["x0"])))
    return out


def axis_span(c, page_h):
    """(start, end) of a char along the vertical axis: Identity-V glyphs advance downward, rotated runs by matrix."""
    if c["adv"] < 0:
        start = page_h - c["matrix"][5]
        return start, start - c["adv"]
    if tuple(round(v, 3) for v in c["matrix"][:4]) == (0, -1, 1, 0):  # rotated 90° clockwise
        start = page_h - c["matrix"][5]
        return start, start + c["adv"]
    return c["bottom"] - c["size"], c["bottom"]  # upright horizontal glyph (tate-chu-yoko)


def vertical_lines(pages, tiers, gutter, page_w, page_h, margin, leading, size) -> List[Line]:
    """Vertical lines in reading order: page, tier top to bottom, line right to left, along the axis."""
    out = []
    right = page_w - margin
    for chars in pages:
        rows = {}
        for c in chars:
            k = _column_of(sum(axis_span(c, page_h)) / 2, tiers, gutter)
            n = round((right - size / 2 - (c["x0"] + c["x1"]) / 2) / leading)
            rows.setdefault((k, n), []).append(c)
        for key in sorted(rows):
            out.append(Line(key[0], sorted(rows[key], key=lambda c: (round(axis_span(c, page_h)[0], 2), c["x0"]))))
    return out


def source_chars(text: str) -> str:
    """What should appear in the PDF: every non-whitespace character of the non-blank lines, in order."""
    return "".join(ch for line in text.splitlines() for ch in line if not ch.isspace() and ch != "\ufeff")


def paragraph_bounds(text: str):
    """(start, end) offsets of each paragraph in source_chars(text)."""
    out, pos = [], 0
    for line in text.splitlines():
        n = len(source_chars(line))
        if n:
            out.append((pos, pos + n))
            pos += n
    return out


def _trailing(text: str, mark: str) -> int:
    return len(text) - len(text.rstrip(mark))


def _url_slash(t: str) -> bool:
    """True when a line ends inside a web address right after "/" (issue 10: a URL breaks only there)."""
    return t.endswith("/") and len(t) > 1 and t[-2].isascii() and t[-2].isalnum() or t.endswith("//")


def kinsoku_violations(lines: List[Line], text: str, level: str = "strict") -> List[str]:
    """Line starts/ends that break the prohibitions of clreq's level (paragraph starts and ends exempt)."""
    not_end = NOT_END_BASIC if level == "basic" else NOT_END
    units = NOT_START_UNITS if level == "strict" else ()
    bounds = paragraph_bounds(text)
    starts, ends = {a for a, _ in bounds}, {b for _, b in bounds}
    bad, pos, prev = [], 0, ""
    for line in lines:
        t = line.text
        a, b = pos, pos + len(t)
        pos = b
        if a not in starts and t:
            single_dash = t.startswith("—") and not t.startswith("——")
            if (t[0] in NOT_START and t[0] != "—") or single_dash or t.startswith(units):
                bad.append(f"starts with {t[0]!r}: {prev[-8:]}|{t[:8]}")
            if any(t.startswith(m) and _trailing(prev, m) % 2 for m in "—…"):
                bad.append(f"unit split: {prev[-4:]}|{t[:4]}")
        if b not in ends and t and t[-1] in not_end and not _url_slash(t):
            bad.append(f"ends with {t[-1]!r}: {t[-8:]}")
        prev = t
    return bad


def ragged_lines(lines: List[Line], text: str, cols, size, tol=0.05, plain=False, page_h=None) -> List[str]:
    """Non-final lines whose far edge is not within tol of the column edge (page_h given: vertical, tier bottom)."""
    bounds = paragraph_bounds(text)
    ends = {b for _, b in bounds}
    bad, pos = [], 0
    for line in lines:
        pos += len(line.text)
        if pos in ends or len(line.chars) < 2 or line.column < 0:
            continue
        last = line.chars[-1]
        blank = size / 2 if last["text"] in END_BLANK_V and not plain else 0.0
        if page_h is None:
            blank = size / 2 if last["text"] in RIGHT_BLANK and not plain else 0.0
            edge = last["x1"] - blank
        else:
            edge = axis_span(last, page_h)[1] - blank
        want = cols[line.column][1]
        if abs(edge - want) > tol:
            bad.append(f"{line.text[-10:]!r} ends at {edge:.2f}, column edge {want:.2f}")
    return bad


def outside_glyphs(pages, sizes, cols, gutter, size, vertical=False, margin=0.0, tol=0.05) -> List[str]:
    """Glyphs whose ink box leaves the page or falls outside every column or tier (½-em blank halves allowed)."""
    bad = []
    for chars, (w, h) in zip(pages, sizes):
        for c in chars:
            x0, x1, top, bottom = c["x0"], c["x1"], c["top"], c["bottom"]
            if not vertical:
                if c["text"] in RIGHT_BLANK:
                    x1 -= size / 2
                if c["text"] in LEFT_BLANK:
                    x0 += size / 2
                lo, hi = x0, x1
                cross_ok = True
            else:
                lo, hi = axis_span(c, h)
                if c["text"] in END_BLANK_V:
                    hi -= size / 2
                if c["text"] in LEFT_BLANK:
                    lo += size / 2
                cross_ok = margin - tol <= x0 and x1 <= w - margin + tol
            if x0 < -tol or x1 > w + tol or top < -tol or bottom > h + tol:
                bad.append(f"{c['text']!r} off the page at ({x0:.1f},{top:.1f})")
            elif not cross_ok or not any(a - tol <= lo and hi <= b + tol for a, b in cols):
                bad.append(f"{c['text']!r} outside the columns: {lo:.2f}..{hi:.2f} x {x0:.2f}..{x1:.2f}")
    return bad
