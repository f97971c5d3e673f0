"""An independent reader of justified Chinese columns: what a reader of the PDF sees, via pdfplumber.

Used by the line-quality tests and by bench/bench_linequality.py, for our PDFs
and Typst's alike (the same code measures both engines). A page holds one
text column starting at ``left`` pt of width ``measure`` pt; paragraphs begin
with a first-line indent, which is how the reader finds them.

Per justified non-final line: the median gap between adjacent Han characters
(em, 0 for a line set solid); a line is *loose* when that median exceeds 0.2 em.
The widest gap between any two adjacent glyphs is kept too: a line with one
Han character spread to the measure ("●自") has no Han pair to measure.
Kinsoku violations: a line (not a paragraph's first) starting with a mark clreq's
basic level forbids at line start, ending with an opening mark, or a —— / …… split between lines.
Overfull lines: a last letter, digit or Han character ending more than 0.05 em past the column's right
edge, or a last mark more than ½ em past it (less is hanging punctuation); the page is the column plus
equal margins and a line-end closing or pause mark counts its ½ em. The gap measure alone would not
see such a line. Short lines: a justified non-final line ending more than ½ em before the edge.
"""
from __future__ import annotations

import statistics
from dataclasses import dataclass, field
from typing import List, Tuple

LOOSE = 0.2  # em per gap: a justified line looser than this is a loose line (issue 10)
OVERFULL = 0.05  # em: a letter, digit or Han character ending further than this past the column is overfull
HANG = 0.5  # em: a line-end mark past the column by at most this hangs (optical margin), more is overfull
SHORT = 0.5  # em: a justified non-final line ending further than this before the column's edge is short (ragged)
NOT_START = set("、，。．：；！？”’」』）》〉】〗〕］｝") | set("‼⁇⁈⁉")
NOT_END = set("“‘「『（《〈【〖〔［｛")
PAIRED = set("—―⸺…⋯")


def is_han(ch: str) -> bool:
    """True for a CJK unified ideograph (the characters whose gaps show looseness)."""
    cp = ord(ch[0]) if ch else 0
    return 0x4E00 <= cp <= 0x9FFF or 0x3400 <= cp <= 0x4DBF or 0x20000 <= cp <= 0x3134F


@dataclass
class ReadLine:
    """One line as read back: its glyph boxes in reading order and its paragraph role."""

    chars: list  # pdfplumber char dicts, left to right
    first: bool = False  # first line of a paragraph (indented)
    last: bool = False  # last line of a paragraph
    limit: float = float("inf")  # pt: the column's right edge (the page width less the left margin)

    @property
    def text(self) -> str:
        """The line's text as extracted."""
        return "".join(c["text"] for c in self.chars)


@dataclass
class Quality:
    """Line-quality figures of one document (gaps in em)."""

    lines: int = 0  # justified non-final lines measured
    loose: int = 0
    worst: float = 0.0
    widest: float = 0.0  # em: the widest gap between any two adjacent glyphs of a justified non-final line
    widest_line: str = ""  # "+6.00 text" of that line
    mean: float = 0.0
    kinsoku: List[str] = field(default_factory=list)
    gaps: List[float] = field(default_factory=list)
    loose_lines: List[str] = field(default_factory=list)  # "+0.25 text" per loose line
    overfull: List[str] = field(default_factory=list)  # "+1.50 text" per line whose ink runs past the column (em)
    short: List[str] = field(default_factory=list)  # "-3.00 text" per justified non-final line ending short (em)

    @property
    def loose_per_1000(self) -> float:
        """Loose lines per 1,000 justified lines."""
        return 1000.0 * self.loose / self.lines if self.lines else 0.0


def read_lines(pdf_path: str, left: float, size: float) -> List[ReadLine]:
    """Every text line of every page, top to bottom, with paragraph starts found by the indent."""
    import pdfplumber

    out: List[ReadLine] = []
    with pdfplumber.open(pdf_path) as pdf:
        for page in pdf.pages:
            rows = _page_lines(page.chars, size)
            for row in rows:
                row.limit = float(page.width) - left
            out.extend(rows)
    for k, line in enumerate(out):
        line.first = k == 0 or line.chars[0]["x0"] > left + 1.0 * size
    for k, line in enumerate(out):
        line.last = k == len(out) - 1 or out[k + 1].first
    return out


def _page_lines(chars, size: float) -> List[ReadLine]:
    """Chars grouped into lines by their baseline (within a quarter em), each sorted left to right."""
    rows: List[list] = []
    for c in sorted(chars, key=lambda c: (round(c["bottom"], 1), c["x0"])):
        if not c["text"] or c["text"] in " \t":
            continue  # a drawn ideographic space (U+3000) stays: it takes its em
        if rows and abs(rows[-1][0]["bottom"] - c["bottom"]) < 0.25 * size:
            rows[-1].append(c)
        else:
            rows.append([c])
    return [ReadLine(sorted(r, key=lambda c: c["x0"])) for r in rows]


def han_gap(line: ReadLine, size: float):
    """Median gap (em) between adjacent Han characters of a line, None when it has no such pair."""
    gaps = [(b["x0"] - a["x1"]) / size for a, b in zip(line.chars, line.chars[1:])
            if is_han(a["text"]) and is_han(b["text"])]
    return statistics.median(gaps) if gaps else None


def _overhang(line: ReadLine, size: float) -> Tuple[float, bool]:
    """(em the line's last inked character ends past the column's edge, whether the line is overfull).

    Blank glyphs (an ideographic space drawn past the edge) have no ink and do not count. Overfull: a
    letter, digit or Han character ending more than OVERFULL past the edge anywhere on the line, or a last
    mark more than HANG past it (a mark within that hangs).
    """
    ink = [c for c in line.chars if c["text"].strip()]
    if not ink:
        return 0.0, False
    over = (_right_edge(ink[-1], size) - line.limit) / size
    content = [c["x1"] for c in ink if c["text"].isalnum()]
    over_content = (max(content) - line.limit) / size if content else -1.0
    return over, over_content > OVERFULL or over > HANG


def _right_edge(char, size: float) -> float:
    """Where a line's last character ends: its box, or the left half of a closing or pause mark (a line-end
    mark is set in ½ em, GB/T 15834 §5.1.10, while the font's box stays a full em)."""
    if char["text"] in NOT_START and char["x1"] - char["x0"] > 0.75 * size:
        return char["x0"] + 0.5 * size
    return char["x1"]


def kinsoku_violations(lines: List[ReadLine]) -> List[str]:
    """Lines breaking clreq's basic prohibition, and ——/…… split across two lines."""
    bad = []
    for k, line in enumerate(lines):
        text = line.text.strip()
        if not text:
            continue
        if text[0] in NOT_START and not line.first:  # a paragraph may start with anything
            bad.append(f"starts with {text[0]}: {text}")
        if text[-1] in NOT_END:
            bad.append(f"ends with {text[-1]}: {text}")
        nxt = lines[k + 1].text.strip() if k + 1 < len(lines) and not lines[k + 1].first else ""
        if nxt and text[-1] in PAIRED and nxt[0] == text[-1] and not text.endswith(text[-1] * 2):
            bad.append(f"split {text[-1] * 2}: {text} / {nxt}")
    return bad


def quality(pdf_path: str, left: float, size: float) -> Quality:
    """Loose lines, worst and mean Han gap and the widest gap of any kind over justified non-final lines,
    overfull lines and kinsoku violations."""
    lines = read_lines(pdf_path, left, size)
    q = Quality()
    for line in lines:
        over, overfull = _overhang(line, size)
        if overfull:
            q.overfull.append(f"{over:+.2f} {line.text}")
        if line.last:
            continue
        if over < -SHORT:
            q.short.append(f"{over:+.2f} {line.text}")
        wide = max(((b["x0"] - a["x1"]) / size for a, b in zip(line.chars, line.chars[1:])), default=0.0)
        if wide > q.widest:
            q.widest, q.widest_line = wide, f"{wide:+.3f} {line.text}"
        gap = han_gap(line, size)
        if gap is None:
            continue
        q.lines += 1
        q.gaps.append(gap)
        if gap > LOOSE + 1e-6:  # (PDF coordinates carry float noise)
            q.loose += 1
            q.loose_lines.append(f"{gap:+.3f} {line.text}")
    q.worst = max(q.gaps, default=0.0)
    q.mean = statistics.mean(q.gaps) if q.gaps else 0.0
    q.kinsoku = kinsoku_violations(lines)
    return q


def chars_of(chars, word: str, nth: int = 0) -> list:
    """The pdfplumber chars spelling ``word`` (its nth occurrence); one char may extract as several ("——")."""
    text = "".join(c["text"] for c in chars)
    start = -1
    for _ in range(nth + 1):
        start = text.index(word, start + 1)
    out, pos = [], 0
    for c in chars:
        if pos + len(c["text"]) > start and pos < start + len(word):
            out.append(c)
        pos += len(c["text"])
    return out


def unbroken_ink(img, box, dpi: float, vertical: bool) -> Tuple[float, float]:
    """(start, end) pt of the one run of ink along a stroke inside box; AssertionError on a gap in the ink."""
    k = dpi / 72.0
    crop = img.crop(tuple(round(v * k) for v in box)).point(lambda v: 255 if v < 128 else 0)
    w, h = crop.size
    lanes = range(h) if vertical else range(w)
    inked = [crop.crop((0, i, w, i + 1) if vertical else (i, 0, i + 1, h)).getbbox() is not None for i in lanes]
    assert any(inked), f"no ink in {box}"
    first = inked.index(True)
    last = len(inked) - 1 - inked[::-1].index(True)
    gaps = [i for i in range(first, last + 1) if not inked[i]]
    assert not gaps, f"gap in the ink at {len(gaps)} px of {box}"
    origin = box[1] if vertical else box[0]
    return origin + first / k, origin + (last + 1) / k
