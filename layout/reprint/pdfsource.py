"""PDF sources: characters with positions, sizes and fonts (pdfplumber) into pieces in reading order.

1. Characters inside the trim box are grouped into rows by baseline and cut
   into line segments at gaps wider than a column gutter (GAP_EM) or where
   the size changes; stacks of single characters one em apart are vertical
   lines (竖排), read top to bottom, lines right to left.
2. Lines of one size with a steady pitch and a common left edge form column
   blocks; a heading's wide word space (U+3000 set as a gap) is kept.
3. Blocks are put in reading order by recursive XY cuts (Nagy & Seth 1984):
   top to bottom at gaps across the whole region first, else left to right
   at gaps between columns (right to left for vertical blocks).
4. A block's lines become paragraphs: a line indented by about 2 em, or
   after a short line, starts a paragraph (clreq §3.1: 段首缩进两字); the
   first line of a block says whether it continues the previous column.
"""
from __future__ import annotations

import statistics
from collections import Counter
from dataclasses import field
from pathlib import Path
from typing import List, Optional, Tuple

from ..records import record
from . import patterns as P
from .model import Imported, PageInfo, Piece, Where
from .photos import capture_streams

GAP_EM = 0.6        # a gap this wide (in em) inside a row separates two columns
LATIN_SPACE_EM = 0.15  # a gap this wide between two Latin characters is a word space
WORD_SPACE_EM = 0.8  # a gap this wide between heading characters is a U+3000 word space
INDENT_EM = 0.8      # a first line this much right of the block's edge is indented
HEADING_EM = 1.2     # lines this many times the body size are headline lines (structure.HEADING_SIZE)
SHORT_EM = 1.0       # a line ending this much left of the block's right edge ends its paragraph
CLOSING = "，。、；：？！”’）》」』】,.;:?!)"
OPENING = "“‘（《「『【("
BOLD_NAMES = ("Bold", "Black", "Heavy", "Semibold", "SemiBold", "Demi", "Medium", "Hei")


@record
class Line:
    """A line of characters (horizontal or vertical) with its box and size."""

    chars: list
    size: float
    vertical: bool = False
    text: str = ""
    x0: float = 0.0
    x1: float = 0.0
    top: float = 0.0
    bottom: float = 0.0

    @property
    def start(self) -> float:
        """Where the line starts along its inline axis."""
        return self.top if self.vertical else self.x0

    @property
    def end(self) -> float:
        """Where the line ends along its inline axis."""
        return self.bottom if self.vertical else self.x1


@record
class Block:
    """Consecutive lines of a column (or one heading line)."""

    lines: List[Line] = field(default_factory=list)

    @property
    def box(self) -> Tuple[float, float, float, float]:
        """(x0, top, x1, bottom) around the lines."""
        return (min(l.x0 for l in self.lines), min(l.top for l in self.lines),
                max(l.x1 for l in self.lines), max(l.bottom for l in self.lines))

    @property
    def size(self) -> float:
        """The size of the block's characters."""
        return self.lines[0].size

    @property
    def vertical(self) -> bool:
        """Whether the block is set vertically."""
        return self.lines[0].vertical


def _pdf_error(exc: Exception, path: Path) -> str:
    """Why pdfplumber could not open ``path``: 'it is encrypted (needs a password); ...' when it is, else the
    error's own words (pdfminer's are often empty)."""
    import pikepdf

    try:
        with pikepdf.open(path):
            pass
    except pikepdf.PasswordError:
        return "it is encrypted (needs a password); import an unprotected copy"
    except Exception:  # not a PDF at all: pdfminer's words below say as much as anything
        pass
    return f"{type(exc).__name__}: {str(exc).strip() or 'no details'}"


def read_pdf_source(path: Path, offset: int, result: Imported) -> List[Tuple[PageInfo, List[Piece]]]:
    """(page info, pieces in reading order) for each page of a PDF."""
    import pdfplumber

    out = []
    try:
        pdf = pdfplumber.open(str(path))
    except Exception as exc:  # pdfminer raises many kinds for a file that is not a PDF
        raise OSError(f"not a readable PDF: {_pdf_error(exc, path)}") from None
    with pdf:
        for number, page in enumerate(pdf.pages):
            info = PageInfo(offset + number, file=str(path), file_page=number)
            out.append((info, page_pieces(page, info, path.name, result)))
    return out


def page_pieces(page, info: PageInfo, source: str, result: Imported) -> List[Piece]:
    """The pieces of one pdfplumber page in reading order; fills ``info`` with size and geometry."""
    x0, top, x1, bottom = _trim(page)
    chars = [c for c in page.chars if c["text"].strip("\x00") and x0 - 1 <= c["x0"] and c["x1"] <= x1 + 1
             and top - 1 <= c["top"] and c["bottom"] <= bottom + 1 and c["size"] > 0]
    info.size = (x1 - x0, bottom - top)  # the trim size: marks and bleed are not the page
    info.trim = (x0, top, x1, bottom)
    if not chars:
        result.problems.append(f"{source} page {info.index + 1}: no text layer (a scanned page): run OCR on it first")
        return []
    info.body_size = body_size(chars)
    lines, edges = make_lines(chars, info.body_size)
    info.type_area = type_area(page, lines, (x0, top, x1, bottom))
    info.images, info.frames = pictures_and_frames(page, (x0, top, x1, bottom), info.body_size)
    info.streams = capture_streams(page, set(info.images))
    blocks = xy_order(make_blocks(lines, info.body_size))
    info.columns, info.gutter = _columns(blocks, info.body_size, info.type_area)
    info.leading = _leading(blocks, info.body_size)
    pieces: List[Piece] = []
    for block in blocks:
        pieces.extend(block_pieces(block, info, source, edges.get(round(block.size), [])))
    return pieces


def type_area(page, lines: List[Line], trim) -> Tuple[float, float, float, float]:
    """The rectangle holding the page's text, rules and pictures (inside the trim box)."""
    boxes = [(l.x0, l.top, l.x1, l.bottom) for l in lines]
    for obj in list(page.lines) + list(page.rects) + list(page.images):
        box = (float(obj["x0"]), float(obj["top"]), float(obj["x1"]), float(obj["bottom"]))
        if trim[0] <= box[0] and box[2] <= trim[2] and trim[1] <= box[1] and box[3] <= trim[3]:
            boxes.append(box)
    return (min(b[0] for b in boxes), min(b[1] for b in boxes), max(b[2] for b in boxes), max(b[3] for b in boxes))


def pictures_and_frames(page, trim, body: float):
    """Rectangles of the page's pictures and of its drawn boxes (outlines or tints at least 4 em each way)."""
    def inside(o):
        return trim[0] - 1 <= o["x0"] and o["x1"] <= trim[2] + 1 and trim[1] - 1 <= o["top"] and o["bottom"] <= trim[3] + 1

    def rect(o):
        return (round(float(o["x0"]), 1), round(float(o["top"]), 1), round(float(o["x1"]), 1), round(float(o["bottom"]), 1))

    least = 4 * max(body, 1.0)
    images = sorted({rect(o) for o in page.images if inside(o)})
    frames = sorted({rect(o) for o in page.rects if inside(o) and o["width"] >= least and o["height"] >= least}
                    - set(images))
    return images, frames


def _leading(blocks: List["Block"], body: float) -> float:
    """The body text's line pitch (baseline to baseline), the median over its column blocks."""
    steps = [b.top - a.top for blk in blocks if not blk.vertical and abs(blk.size - body) < 0.1
             for a, b in zip(blk.lines, blk.lines[1:])]
    return round(statistics.median(steps), 2) if steps else 0.0


def _trim(page) -> Tuple[float, float, float, float]:
    box = getattr(page, "trimbox", None) or page.bbox
    return tuple(float(v) for v in box)


def body_size(chars) -> float:
    """The most common character size (the body text's), by character count."""
    sizes = Counter(round(c["size"], 1) for c in chars if not c["text"].isspace())
    return sizes.most_common(1)[0][0] if sizes else 0.0


def _bold(char) -> bool:
    return any(n in char.get("fontname", "") for n in BOLD_NAMES)


# -- rows and lines ------------------------------------------------------------

def make_lines(chars, body: float = 0.0) -> Tuple[List[Line], dict]:
    """Horizontal line segments and vertical lines (characters stacked one em apart); column edges by size."""
    rows = _rows(chars)
    vertical_ids = _vertical_chars(rows, chars)
    runs, leftover = _vertical_lines([c for c in chars if id(c) in vertical_ids], chars)
    runs = absorb(runs, [c for c in chars if id(c) not in vertical_ids], vertical_ids)
    rows = [r for r in ([c for c in row if id(c) not in vertical_ids] for row in rows) if r]
    first = [seg for row in rows for seg in _segments(row, None, body)]
    edges = {size: column_edges([seg for seg in first if round(seg[0]["size"]) == size])
             for size in {round(seg[0]["size"]) for seg in first}}
    segments = [seg for row in rows for seg in _segments(row, edges.get(round(row[0]["size"])), body)]
    lines = [_line(part) for seg in segments for part in _split_at_edges(seg, edges.get(round(seg[0]["size"]), []))]
    return lines + runs + [_line([c]) for c in leftover], edges


def _rows(chars) -> List[list]:
    """Characters grouped by baseline, each row sorted left to right."""
    rows: List[List[dict]] = []
    for c in sorted(chars, key=lambda c: (round(_baseline(c), 1), c["x0"])):
        if rows and abs(_baseline(rows[-1][-1]) - _baseline(c)) <= 0.2 * c["size"]:
            rows[-1].append(c)
        else:
            rows.append([c])
    return [sorted(r, key=lambda c: c["x0"]) for r in rows]


def _vertical_chars(rows, chars) -> set:
    """Ids of characters set vertically: closer to a same-size character below than to any beside them.

    Two marks drawn on one spot (a compressed ”“ pair) do not count as neighbours beside each other.
    """
    near = {}
    for row in rows:
        for a, b in zip(row, row[1:]):
            gap = b["x0"] - a["x1"]
            if gap < -0.8 * max(a["size"], b["size"]):
                continue  # two marks on one spot (a compressed pair), not neighbours
            near[id(a)] = min(near.get(id(a), 1e9), gap)
            near[id(b)] = min(near.get(id(b), 1e9), gap)
    out = {id(c) for c in chars if not c.get("upright", True)}  # rotated: Latin or numbers in a vertical line
    for column in _centre_columns(chars):
        column.sort(key=lambda c: c["top"])
        for a, b in zip(column, column[1:]):
            upright = [c["size"] for c in (a, b) if c.get("upright", True)]
            size = max(upright or [a["size"], b["size"]])  # a rotated mark (—— set as one glyph) may read larger
            gap = b["top"] - a["bottom"]
            same = abs(a["size"] - b["size"]) < 0.1 or len(upright) < 2
            if same and -_overlap_allowed(a, b) * size <= gap < 0.6 * size:
                for c in (a, b):
                    if near.get(id(c), 1e9) > max(gap, 0.0) + 0.2 * c["size"]:
                        out.add(id(c))
    return out


def _centre_columns(chars) -> List[list]:
    """Characters grouped by horizontal centre, within half an em (a 纵中横 pair sits either side of it)."""
    columns: List[list] = []
    start = previous = None
    for c in sorted(chars, key=lambda c: (c["x0"] + c["x1"]) / 2):
        centre = (c["x0"] + c["x1"]) / 2
        if columns and (centre - start <= 0.5 * c["size"] or centre - previous < 0.2):  # one centre, one column
            columns[-1].append(c)
        else:
            columns.append([c])
            start = centre
        previous = centre
    return columns


def _baseline(c) -> float:
    return c["bottom"] - 0.12 * c["size"]


def _segments(row, edges: Optional[List[float]] = None, body: float = 0.0) -> List[list]:
    """Cut a row at column gutters and where the size changes.

    A gutter is a gap over GAP_EM; once the column edges are known, only such
    a gap ending at a column edge (or over 3 em: a stretched 电头 keeps its line).
    """
    gaps = [c["x0"] - p["x1"] for p, c in zip(row, row[1:])]
    out, cur = [], [row[0]]
    for prev, c, gap in zip(row, row[1:], gaps):
        size = max(prev["size"], c["size"])
        changed = abs(prev["size"] - c["size"]) > 0.15 * size
        wide = gap > GAP_EM * size  # gutters hidden by compressed punctuation: _split_at_edges
        if wide and edges and gap < 3 * size and abs(prev["size"] - c["size"]) < 0.1:
            wide = any(-0.6 * size <= c["x0"] - e <= 2.6 * size for e in edges)  # a column start, maybe indented
        if changed or (wide and not _heading_gap(prev, c, gap, body)):
            out.append(cur)
            cur = []
        cur.append(c)
    out.append(cur)
    return out


def column_edges(segments) -> List[float]:
    """Left edges where many segments start (column starts), without the 2-em indents right of them."""
    counts = Counter(round(seg[0]["x0"]) for seg in segments if len(seg) > 3)
    strong = sorted((x for x, n in counts.items() if n >= 3), key=lambda x: -counts[x])
    edges: List[float] = []
    for x in strong:
        size = max(1.0, statistics.median(seg[0]["size"] for seg in segments if round(seg[0]["x0"]) == x))
        if all(abs(x - e) > 1.5 and not 1.5 * size <= x - e <= 2.6 * size for e in edges):
            edges.append(x)
    return sorted(edges)


def _split_at_edges(seg, edges: List[float]) -> List[list]:
    """Cut a segment that runs across a column start (punctuation compressed at a gutter hides the gap)."""
    out, cur = [], [seg[0]]
    for prev, c in zip(seg, seg[1:]):
        size = c["size"]
        compressed = prev["text"] in CLOSING or c["text"] in OPENING or c["x0"] - prev["x1"] > 0.3 * size
        if compressed and any(prev["x0"] < e - 0.55 * size <= c["x0"] <= e + 0.3 * size for e in edges):
            out.append(cur)
            cur = []
        cur.append(c)
    out.append(cur)
    return out


def _heading_gap(prev, c, gap: float, body: float) -> bool:
    """A word space inside a heading line (larger than the body text): same size, under four em."""
    return abs(prev["size"] - c["size"]) < 0.1 and prev["size"] >= max(12.0, 1.15 * body) and gap < 4 * prev["size"]


def _line(chars: list, vertical: bool = False) -> Line:
    """A Line of characters (in reading order); its size is that of its non-ASCII characters when it has any.

    Spaces drawn at either end (an indent typed as 　　) are not part of the line: its start is its first mark.
    """
    inner = [i for i, c in enumerate(chars) if not c["text"].isspace()]
    if inner:
        chars = chars[inner[0]:inner[-1] + 1]
    wide = [c["size"] for c in chars if not c["text"].isascii()]
    size = statistics.median(wide or [c["size"] for c in chars])
    text = ""
    for prev, c in zip([None] + chars[:-1], chars):
        if prev is not None:
            text += _space(prev, c, size, vertical)
        text += c["text"]
    return Line(chars, size, vertical, text, min(c["x0"] for c in chars), max(c["x1"] for c in chars),
                min(c["top"] for c in chars), max(c["bottom"] for c in chars))


def _space(prev, c, size: float, vertical: bool) -> str:
    gap = (c["top"] - prev["bottom"]) if vertical else (c["x0"] - prev["x1"])
    if prev["text"].isascii() and c["text"].isascii() and prev["text"].isalnum() and c["text"].isalnum():
        return " " if gap > LATIN_SPACE_EM * size else ""
    han_pair = not (prev["text"].isascii() or c["text"].isascii() or prev["text"].isspace() or c["text"].isspace())
    if gap > WORD_SPACE_EM * size and size >= 12 and han_pair:
        return "\u3000"  # a word space between two Han phrases (a gap beside a number is Han-Latin spacing)
    return ""


def _vertical_lines(seeds, chars=()) -> Tuple[List[Line], list]:
    """Stacks of characters one em apart (same centre) are vertical lines; a wider gap holding other
    characters of the column (a 纵中横 pair, a rotated number) does not break the line."""
    seed_ids = {id(c) for c in seeds}
    lines, leftover = [], []
    for column in _centre_columns(list(chars) or list(seeds)):
        fillers = [c for c in column if id(c) not in seed_ids]
        stack = sorted((c for c in column if id(c) in seed_ids), key=lambda c: c["top"])
        if not stack:
            continue
        run = [stack[0]]
        for prev, c in zip(stack, stack[1:]):
            gap = c["top"] - prev["bottom"]
            slack = 0.3 * c["size"]
            bridged = gap <= 1.5 * c["size"] and any(
                prev["bottom"] - slack <= f["top"] and f["bottom"] <= c["top"] + slack for f in fillers)
            if -_overlap_allowed(prev, c) * c["size"] <= gap <= 0.6 * c["size"] or bridged:
                run.append(c)
                continue
            _flush(run, lines, leftover)
            run = [c]
        _flush(run, lines, leftover)
    return lines, leftover


def absorb(runs: List[Line], others: list, taken: set) -> List[Line]:
    """Digits set across (纵中横) or rotated inside vertical lines join their line; runs of one column chain up."""
    if not runs:
        return runs
    members = {id(r): list(r.chars) for r in runs}
    buckets = {}  # 4 pt slices of the page width -> the runs covering them
    for r in runs:
        for k in range(int((r.x0 - 0.2 * r.size) // 4), int((r.x1 + 0.2 * r.size) // 4) + 1):
            buckets.setdefault(k, []).append(r)
    for c in others:
        centre = (c["x0"] + c["x1"]) / 2
        for r in buckets.get(int(centre // 4), ()):
            em = r.size
            # a number set across may take the cell above the run's first character (a column opening with 28日)
            if r.x0 - 0.2 * em <= centre <= r.x1 + 0.2 * em and r.top - 1.1 * em <= c["top"] <= r.bottom + 0.6 * em \
                    and c["size"] <= 1.05 * em:
                members[id(r)].append(c)
                taken.add(id(c))
                break
    lines = [_line(sorted(members[id(r)], key=lambda c: (round(c["top"], 1), c["x0"])), vertical=True) for r in runs]
    return _chain(lines)


def _chain(lines: List[Line]) -> List[Line]:
    """Join vertical pieces of one column across a small gap (a run broken by a rotated number)."""
    tops = Counter(round(l.top) for l in lines)
    out: List[Line] = []
    for line in sorted(lines, key=lambda l: (round((l.x0 + l.x1) / 2), l.top)):
        prev = out[-1] if out else None
        tier_top = sum(tops[round(line.top) + d] for d in (-1, 0, 1)) >= 3  # where the lines of a 栏 start
        if prev is not None and not tier_top and abs((prev.x0 + prev.x1) / 2 - (line.x0 + line.x1) / 2) < 0.3 * line.size \
                and (abs(prev.size - line.size) < 0.1 * line.size or prev.text.isascii() or line.text.isascii()) \
                and line.top - prev.bottom <= _chain_gap(prev, line) * max(line.size, prev.size):
            out[-1] = _line(prev.chars + line.chars, vertical=True)
        else:
            out.append(line)
    return out


def _overlap_allowed(a, b) -> float:
    """How far (em) two stacked characters may overlap: a compressed pair of marks (”“, ，「) may share one em."""
    return 1.05 if a["text"] in CLOSING + OPENING or b["text"] in CLOSING + OPENING else 0.6


def _chain_gap(prev: Line, line: Line) -> float:
    """Largest gap (em) that still joins two vertical pieces: 1 em beside a number or Latin word, else 0.6 em."""
    return 1.0 if prev.text[-1:].isascii() or line.text[:1].isascii() else 0.6


def _flush(run, lines, leftover) -> None:
    if len(run) >= 2:
        lines.append(_line(run, vertical=True))
    else:
        leftover.extend(run)


# -- blocks --------------------------------------------------------------------

def make_blocks(lines: List[Line], body: float) -> List[Block]:
    """Column blocks: lines of one size and direction with a steady pitch and a common edge."""
    blocks: List[Block] = []
    for line in sorted(lines, key=lambda l: (l.vertical, -l.x1 if l.vertical else l.top, l.x0)):
        target = next((b for b in reversed(blocks) if _continues(b, line, body)), None)
        if target is None:
            blocks.append(Block([line]))
        else:
            target.lines.append(line)
    return blocks


def _continues(block: Block, line: Line, body: float) -> bool:
    last = block.lines[-1]
    if last.vertical != line.vertical or abs(last.size - line.size) > 0.1 * line.size:
        return False
    size = line.size
    if line.vertical:
        step = last.x0 - line.x0
        edge = min(l.top for l in block.lines)
        return 0.9 * size <= step <= 2.6 * size and abs(line.top - edge) <= 2.5 * size and _overlap(
            (last.top, last.bottom), (line.top, line.bottom)) > 0.3
    step = line.top - last.top
    edge = min(l.x0 for l in block.lines)
    right = max(l.x1 for l in block.lines)
    if size > body * HEADING_EM:  # headings: one block per line (each is a stack line)
        return False
    low = -2.6 * size if len(block.lines) == 1 else -0.5 * size  # the first line may be indented
    return 0.9 * size <= step <= 2.6 * size and low <= line.x0 - edge <= 2.5 * size \
        and line.x1 <= right + 1.5 * size and _overlap((last.x0, last.x1), (line.x0, line.x1)) > 0.3


def _overlap(a: Tuple[float, float], b: Tuple[float, float]) -> float:
    inter = min(a[1], b[1]) - max(a[0], b[0])
    return inter / max(1e-6, min(a[1] - a[0], b[1] - b[0]))


# -- reading order -------------------------------------------------------------

def xy_order(blocks: List[Block]) -> List[Block]:
    """Blocks in reading order by recursive XY cuts: horizontal gaps first, then columns."""
    if len(blocks) <= 1:
        return list(blocks)
    groups = _cut(blocks, 1)
    if len(groups) > 1:
        return [b for g in groups for b in xy_order(g)]
    groups = _cut(blocks, 0)
    if len(groups) > 1:
        return [b for g in direction_order(groups) for b in xy_order(g)]
    return sorted(blocks, key=lambda b: (b.box[1], b.box[0]))


def direction_order(groups: List[List[Block]]) -> List[List[Block]]:
    """Column groups left to right, but runs of vertical groups right to left (竖排 lines and tiers read
    from the right); a vertical headline strip right of horizontal text is read before that text."""
    runs: List[List[List[Block]]] = []
    for g in groups:
        vertical = _mostly_vertical(g)
        strip = vertical and len(g) == 1 and len(g[0].lines) <= 3 and runs and runs[-1] and not _mostly_vertical(
            runs[-1][-1])
        if strip:
            runs[-1].insert(0, g)
            runs.append([])
        elif runs and runs[-1] and _mostly_vertical(runs[-1][-1]) == vertical:
            runs[-1].append(g)
        else:
            runs.append([g])
    out: List[List[Block]] = []
    for run in runs:
        vertical_run = bool(run) and all(_mostly_vertical(g) for g in run)
        out.extend(run[::-1] if vertical_run else run)
    return out


def _mostly_vertical(group: List[Block]) -> bool:
    """Whether most characters of a group of blocks are set vertically."""
    counts = [sum(len(l.chars) for l in b.lines) for b in group]
    vertical = sum(n for n, b in zip(counts, group) if b.vertical)
    return vertical * 2 > sum(counts)


def _cut(blocks: List[Block], axis: int) -> List[List[Block]]:
    """Split at every gap along ``axis`` (0: x, 1: y) that no block crosses."""
    items = sorted(blocks, key=lambda b: b.box[axis])
    groups, reach = [[items[0]]], items[0].box[axis + 2]
    for b in items[1:]:
        if b.box[axis] > reach - 0.5:
            groups.append([b])
        else:
            groups[-1].append(b)
        reach = max(reach, b.box[axis + 2])
    return groups


def _columns(blocks: List[Block], body: float, area) -> Tuple[int, float]:
    """Column count and gutter of the body grid: from the usual body line width and the pitch of column edges."""
    prose = [b for b in blocks if not b.vertical and abs(b.size - body) < 0.1 and len(b.lines) >= 3]
    if not prose or not area:
        return 1, 0.0
    width = statistics.median(b.box[2] - b.box[0] for b in prose)
    edges = sorted({round(b.box[0]) for b in prose})
    steps = [e2 - e1 for e1, e2 in zip(edges, edges[1:]) if e2 - e1 > width * 0.8]
    gutter = max(0.0, min(steps) - width) if steps else body
    columns = max(1, round((area[2] - area[0] + gutter) / (width + gutter)))
    return columns, round(gutter, 2)


# -- pieces --------------------------------------------------------------------

def block_pieces(block: Block, info: PageInfo, source: str, edges: List[float] = ()) -> List[Piece]:
    """A block's paragraphs (or, for headings and lists of short lines, its lines) as pieces.

    The block's left edge is the column edge of the page it sits on (so a
    block of indented one-line paragraphs is seen as indented), else its
    leftmost line.
    """
    if block.size > HEADING_EM * info.body_size or not _is_prose(block):
        heading = block.size > HEADING_EM * info.body_size
        return [_piece([line], info, source, starts=True, sure=not heading) for line in block.lines]
    edge = min(l.start for l in block.lines)
    size = block.size
    right = _usual_end(block)
    if not block.vertical:
        edge = max([e for e in edges if edge - 2.6 * size <= e <= edge + 0.3 * size] or [edge])
    steps = [_step(a, b) for a, b in zip(block.lines, block.lines[1:])]
    usual = statistics.median(steps) if steps else 0.0
    paragraphs, cur = [], [block.lines[0]]
    for prev, line in zip(block.lines, block.lines[1:]):
        spaced = _step(prev, line) > usual + 0.3 * size  # paragraphs set apart by space, not indent
        indented = line.start - edge > INDENT_EM * size
        # a Latin run (URL, e-mail) too long to break: the line before it or its own line stays short
        ragged = not P.ends_paragraph(prev.text) and (prev.text[-1:].isascii() or line.text[:1].isascii())
        short = prev.end < right - SHORT_EM * size and (indented or not ragged)
        if indented or short or spaced:
            paragraphs.append(cur)
            cur = []
        cur.append(line)
    paragraphs.append(cur)
    first_indented = block.lines[0].start - edge > INDENT_EM * size
    pieces = [_piece(p, info, source, starts=True, sure=True) for p in paragraphs]
    if len(block.lines) > 1:
        pieces[-1].closed = block.lines[-1].end < right - SHORT_EM * size
    pieces[0].starts, pieces[0].sure = first_indented, first_indented and len(block.lines) > 1
    return pieces


def _step(a: Line, b: Line) -> float:
    """Line pitch from line a to the next line b (down for horizontal lines, leftwards for vertical)."""
    return a.x0 - b.x0 if a.vertical else b.top - a.top


def _usual_end(block: Block) -> float:
    """Where the block's full lines end: the upper median of line ends (one overlong line does not move it)."""
    return statistics.median_high(l.end for l in block.lines)


def _is_prose(block: Block) -> bool:
    """Running text: one line, or at least half the lines (all but the last) full width."""
    if len(block.lines) == 1:
        return True
    right = _usual_end(block)
    full = sum(1 for l in block.lines[:-1] if l.end >= right - SHORT_EM * block.size)
    return len(block.lines) >= 2 and full >= 0.5 * (len(block.lines) - 1) and (len(block.lines) > 2 or full)


def _piece(lines: List[Line], info: PageInfo, source: str, starts: Optional[bool], sure: bool) -> Piece:
    text, origin, breaks = "", [], []
    for line in lines:
        if text:
            breaks.append(len(text))
        if text and text[-1].isascii() and text[-1].isalnum() and line.text[:1].isascii() and line.text[:1].isalnum():
            text += " "
            origin.append(origin[-1])
        text += line.text
        origin.extend(_origins(line, info, source))
    box = (min(l.x0 for l in lines), min(l.top for l in lines), max(l.x1 for l in lines), max(l.bottom for l in lines))
    bold = sum(_bold(c) for l in lines for c in l.chars) > 0.5 * sum(len(l.chars) for l in lines)
    return Piece(text, origin, page=info.index + 1, size=lines[0].size, bold=bold, starts=starts, sure=sure,
                 box=box, lines=len(lines), vertical=lines[0].vertical, breaks=breaks, lead=lead_run(lines))


def lead_run(lines: List[Line]) -> str:
    """The characters a piece opens with in another face than most of its text (a run-in byline in 黑体 or 楷体)."""
    chars = [c for line in lines for c in line.chars if not c["text"].isspace()]
    if len(chars) < 4:
        return ""
    main = Counter(c.get("fontname", "") for c in chars).most_common(1)[0][0]
    k = next((i for i, c in enumerate(chars) if c.get("fontname", "") == main), len(chars))
    return "".join(c["text"] for c in chars[:k]) if 2 <= k < len(chars) else ""


def _origins(line: Line, info: PageInfo, source: str) -> List[Where]:
    """One position per character of the line's text (inserted spaces take the next character's)."""
    out, chars = [], iter(line.chars)
    current = None
    for ch in line.text:
        if ch not in (" ", "\u3000") or current is None or current["text"] == ch:
            current = next(chars, current)
        out.append(Where(info.index + 1, x=round(current["x0"], 1), y=round(current["top"], 1), source=source))
    return out
