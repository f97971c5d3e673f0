"""Text sources: a text file extracted from an old page (UTF-8 or GB18030, CRLF, BOM), or a folder of them.

Pages are separated by form feeds (what pdftotext writes) or are files of a
folder, in name order. A block of lines between blank lines is either one
paragraph per line (the usual shape of a cleaned extraction) or printed
lines of one column (pdftotext's shape): when most lines of a prose block are
the same width, lines are joined and a paragraph ends at a short line or
an indented next line. Every character keeps its page:line:column.
"""
from __future__ import annotations

import re
import unicodedata
from collections import Counter
from pathlib import Path
from typing import List, Sequence, Tuple

from ..textfile import read_text_file
from .model import Piece, Where
from .patterns import ends_paragraph

TEXT_SUFFIXES = (".txt", ".text")
PROSE_MARKS = "，。；、,;"
HALF_MARKS = ",.;:?!()"
INDENT = re.compile(r"^(?:\u3000+| {2,}|\t)")


# Han prose (6 characters or more), a gap of 3 spaces or more, Han prose again: two columns on one line. Figures,
# telephone numbers or names after a gap (a table, a 电话 list) are not prose, and do not count.
_PROSE = r"[\u3400-\u9fff，。；：、“”（）《》]"
SIDE_BY_SIDE = re.compile(_PROSE + r"{6,} {3,}[\u3400-\u9fff“（《]" + _PROSE + r"{5,}")
SIDE_BY_SIDE_SHARE = 0.5  # of the lines of 12 characters or more (at least 10 of them): a layout dump, not a poem


def read_text_source(path: Path, page_offset: int = 0, notes: List[str] = None,
                     doubts: List[str] = None) -> Tuple[List[List[Piece]], str]:
    """Pieces per page of a text file, and its encoding; a GB18030 file is read with a note, a layout dump
    (columns side by side on each line, as ``pdftotext -layout`` writes) with a doubt."""
    decoded = read_text_file(path, str(path), allow_gb18030=True)  # regular files only, size-limited
    if decoded.warning and notes is not None:
        notes.append(decoded.warning)
    text = decoded.text.replace("\r\n", "\n").replace("\r", "\n")
    side = side_by_side_share(text)
    if side > SIDE_BY_SIDE_SHARE and doubts is not None:
        doubts.append(f"{path.name}: {side:.0%} of its lines hold two or more columns side by side (a layout dump, "
                      "as pdftotext -layout writes), so its stories are read across the columns, line by line; "
                      "extract the text without -layout (pdftotext FILE.pdf) or import the PDF itself")
    pages, line_no = [], 0
    for index, page_text in enumerate(text.split("\f")):
        lines = page_text.split("\n")
        pieces = pieces_of_lines(lines, page_offset + index + 1, line_no, path.name)
        line_no += len(lines) - 1
        if pieces or index == 0:
            pages.append(pieces)
    return pages, decoded.encoding


def side_by_side_share(text: str) -> float:
    """The share of the text's lines of 12 characters or more (0 when under 10 of them) that hold two runs of
    Han prose with a gap of 3 spaces or more between them: columns laid side by side."""
    lines = [ln.strip() for ln in text.split("\n") if len(ln.strip()) >= 12]
    return sum(1 for ln in lines if SIDE_BY_SIDE.search(ln)) / len(lines) if len(lines) >= 10 else 0.0


def pieces_of_lines(lines: Sequence[str], page: int, first_line: int = 0, source: str = "") -> List[Piece]:
    """Blank-line separated blocks of ``lines`` into pieces (line numbers count from first_line + 1)."""
    pieces, block, gap = [], [], 0
    column = usual_width(lines)
    for i, raw in enumerate(list(lines) + [""]):
        if raw.strip():
            block.append((first_line + i + 1, raw.rstrip()))
            continue
        if block:
            pieces.extend(_block_pieces(block, page, gap, source, column))
            block, gap = [], 0
        gap += 1
    return pieces


def width(text: str) -> float:
    """Display width in em: wide, full-width and ambiguous (“”, ·) characters 1, others 0.5."""
    return sum(1.0 if unicodedata.east_asian_width(ch) in "WFA" else 0.5 for ch in text)


def line_width(text: str) -> float:
    """Printed width of an extracted line in em: as ``width``, but ASCII marks count 1 (they stood for full-width
    marks in the printed line) and spaces 0 (extraction puts them between Han and digits)."""
    return sum(1.0 if ch in HALF_MARKS else 0.0 if ch == " " else w for ch, w in ((c, width(c)) for c in text))


def usual_width(lines: Sequence[str]) -> float:
    """The most common width of prose lines on the page (a column's full line), 0 when there is no clear one."""
    widths = Counter(round(line_width(t.strip())) for t in lines if any(ch in PROSE_MARKS for ch in t))
    if not widths:
        return 0.0
    value, count = widths.most_common(1)[0]
    return float(value) if count >= 3 else 0.0


def _block_pieces(block: List[Tuple[int, str]], page: int, gap: int, source: str,
                  column: float = 0.0) -> List[Piece]:
    lead = _leading_headings(block)
    if lead:  # headline lines glued on top of a column of text
        return [_piece([line], page, gap if k == 0 else 0, source) for k, line in enumerate(block[:lead])] + \
            _block_pieces(block[lead:], page, 0, source, column)
    if not _is_wrapped(block):
        return [_piece([(n, raw)], page, gap if k == 0 else 0, source) for k, (n, raw) in enumerate(block)]
    widths = [line_width(raw.strip()) for _, raw in block]
    full = _full_width(widths)
    if column - 6 <= full < column:  # the block's longest line is not a full one: use the page's column
        full = column
    out, current, first, guessed = [], [], [], []
    for k, (n, raw) in enumerate(block):
        short = widths[k] < full - 1.5
        # an indent the extraction dropped: a short line that does not end a sentence, a full line after it
        indented = (1.5 <= full - widths[k] <= 2.6 and not re.search(r"[0-9A-Za-z]", raw) and not ends_paragraph(raw)
                    and k + 1 < len(block) and widths[k + 1] >= full - 1.5)
        if current and (INDENT.match(raw) or indented):
            out.append(current)
            current = []
        if not current:
            first.append(bool(INDENT.match(raw) or indented))
            guessed.append(bool(indented and not INDENT.match(raw)))  # a dropped indent is a guess: to review
        current.append((n, raw))
        # a paragraph ends at a short line that ends a sentence (a line ending mid-sentence is only wrapped)
        heading = k == 0 and widths[k] < min(full - 3, 0.85 * full) and not any(ch in PROSE_MARKS + "。" for ch in raw)
        if short and (ends_paragraph(raw) or heading) and not _starts_mid(block, k + 1):
            out.append(current)
            current = []
    if current:
        out.append(current)
    pieces = [_piece(lines, page, gap if k == 0 else 0, source) for k, lines in enumerate(out)]
    for k, piece in enumerate(pieces):
        if k or first[0]:
            piece.starts, piece.sure = True, not guessed[k]  # after a short line, or indented: a new paragraph
    if not first[0] and widths[0] >= full - 1.5:
        pieces[0].starts = False  # a full first line: the column goes on with the paragraph before
    pieces[-1].closed = widths[-1] < full - 1.5
    return pieces


def _full_width(widths: List[float]) -> float:
    """A wrapped block's full line width: the median of the lines within 3 em of the longest, so a few
    lines made longer by hanging punctuation (拳”,) do not make every full line look short."""
    near = sorted(w for w in widths if w >= max(widths) - 3)
    return near[len(near) // 2]


def _leading_headings(block: List[Tuple[int, str]]) -> int:
    """How many short lines without prose marks stand on top of a block of wrapped text (0 if none)."""
    texts = [raw.strip() for _, raw in block]
    k = 0
    while k < len(texts) - 2 and not any(ch in PROSE_MARKS + "。" for ch in texts[k]):
        k += 1
    if k == 0 or not _is_wrapped(block[k:]):
        return 0
    full = max(line_width(t) for t in texts[k:])
    return k if all(line_width(t) < min(full - 3, 0.85 * full) for t in texts[:k]) else 0


def _starts_mid(block: List[Tuple[int, str]], k: int) -> bool:
    """Whether line k starts with a mark that never starts a paragraph (，。、 …)."""
    return k < len(block) and block[k][1].strip()[:1] in "，。、；：,.;:！？!?”’）)》"


def _is_wrapped(block: List[Tuple[int, str]]) -> bool:
    """Printed lines of a column: several lines, prose marks inside, most lines about the same width."""
    if len(block) < 2:
        return False
    texts = [raw.strip() for _, raw in block]
    if not any(ch in PROSE_MARKS + "。" for t in texts for ch in t):
        return False
    widths = [line_width(t) for t in texts]
    full = max(widths)
    return sum(1 for w in widths[:-1] if w >= full - 3) >= max(1, (len(widths) - 1) * 0.5)


def _piece(lines: List[Tuple[int, str]], page: int, gap: int, source: str) -> Piece:
    text, origin = "", []
    for n, raw in lines:
        stripped = raw.strip()
        col = len(raw) - len(raw.lstrip()) + 1
        if text and text[-1].isascii() and text[-1].isalnum() and stripped[:1].isascii() and stripped[:1].isalnum():
            text += " "
            origin.append(origin[-1])
        text += stripped
        origin.extend(Where(page, n, col + j, source=source) for j in range(len(stripped)))
    return Piece(text, origin, page=page, gap_before=gap, lines=len(lines))
