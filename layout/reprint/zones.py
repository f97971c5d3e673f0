"""Page zones of a PDF source found from geometry: the 报头 band, boxed notices, picture captions.

Text alone cannot tell a 报眼 or a 公益广告 from an article; the old page's
drawing can. (1) The head band: the page is cut into horizontal bands at
gaps no piece crosses (an XY cut, Nagy & Seth 1984); on the front page the
band holding the 报头 (the paper's name, the largest type at the head) and
the bands of masthead data right under it are the head zone, whatever their
reading order. (2) A drawn box (outline or tint) holding only one-line
pieces is a box (notice, advertisement, hotline list), not an article: an
article's text runs to paragraphs of several lines. (3) A short piece right
under a picture, set smaller than the body text or worded as a caption or
credit, is its caption or credit (the usual 图片说明 position).
"""
from __future__ import annotations

from typing import Dict, List, Optional, Tuple

from . import patterns as P
from .model import PageInfo, Piece
from .textsource import width

PAPER_SIZE = 2.0        # the 报头 is set at least this many times the body size
PAPER_WIDTH = 10        # and is at most this many em wide
HEAD_SHARE = 0.3        # the head band is at most this share of the type area deep
CAPTION_GAP_EM = 2.0    # a caption starts at most this far under its picture
CAPTION_LINES = 3       # and has at most this many lines
CAPTION_SIZE = 0.95     # and is set this much smaller than the body (unless worded as a caption or credit)


def bands(pieces: List[Piece]) -> List[List[Piece]]:
    """Pieces in horizontal bands separated by gaps that no piece crosses, top to bottom."""
    out: List[List[Piece]] = []
    reach = None
    for p in sorted((p for p in pieces if p.box), key=lambda p: p.box[1]):
        if out and p.box[1] <= reach:
            out[-1].append(p)
            reach = max(reach, p.box[3])
        else:
            out.append([p])
            reach = p.box[3]
    return out


def paper_piece(band: List[Piece], body: float) -> Optional[Piece]:
    """The 报头 in a band: the largest type, at least PAPER_SIZE x body, short, not a masthead data line."""
    big = [p for p in band if body and p.size >= PAPER_SIZE * body and width(p.text.strip()) <= PAPER_WIDTH
           and not P.masthead_fields(p.text)[0] and not P.ends_paragraph(p.text)]
    named = [p for p in big if P.PAPER_NAME.match(p.text.strip())]
    return max(named or big, key=lambda p: p.size, default=None)


def head_zone(pieces: List[Piece], info: PageInfo) -> Tuple[set, Optional[Piece]]:
    """(ids of the pieces in the front page's head zone, the 报头 piece or None); empty when none is found.

    The head band is one of the first two bands, no deeper than HEAD_SHARE of
    the type area (a tall vertical 报头 beside the stories is not a band), that
    holds the 报头, with the bands of data lines under it; with no 报头 in type
    (drawn as a logo), the leading bands that each hold a masthead data line,
    when there are two such lines at least.
    """
    if info.index != 0 or not info.body_size:
        return set(), None
    rows = bands(pieces)
    area = info.type_area or (0.0, 0.0, 0.0, max((p.box[3] for p in pieces if p.box), default=0.0))
    depth = HEAD_SHARE * (area[3] - area[1])
    for k, band in enumerate(rows[:2]):
        paper = paper_piece(band, info.body_size)
        if paper is None or max(p.box[3] for p in band) - min(p.box[1] for p in band) > depth:
            continue
        zone = [p for b in rows[:k + 1] for p in b]
        for later in rows[k + 1:]:
            if not all(_data_line(p) for p in later):
                break
            zone += later
        return {id(p) for p in zone}, paper
    zone = []  # no 报头 in type: the leading bands that each hold a masthead data line
    for band in rows:
        if not any(_data_line(p) for p in band) or max(p.box[3] for p in zone + band) - rows[0][0].box[1] > depth:
            break
        zone += band
    return ({id(p) for p in zone}, None) if sum(_data_line(p) for p in zone) >= 2 else (set(), None)


def _data_line(piece: Piece) -> bool:
    fields, rest = P.masthead_fields(piece.text)
    return bool(fields) and width(rest) <= 12


def split_lines(piece: Piece) -> List[Piece]:
    """A multi-line piece as one piece per line (a hotline list read as a paragraph)."""
    if not piece.breaks:
        return [piece]
    cuts = [0] + piece.breaks + [len(piece.text)]
    out = []
    for a, b in zip(cuts, cuts[1:]):
        text = piece.text[a:b]
        skip = len(text) - len(text.lstrip())
        part = Piece(text.strip(), piece.origin[a + skip:a + skip + len(text.strip())], piece.page, piece.size,
                     piece.bold, True, True, piece.box, vertical=piece.vertical)
        out.append(part)
    return out


def inside(piece: Piece, rect) -> bool:
    """Whether the centre of the piece's box lies in ``rect``."""
    x = (piece.box[0] + piece.box[2]) / 2
    y = (piece.box[1] + piece.box[3]) / 2
    return rect[0] <= x <= rect[2] and rect[1] <= y <= rect[3]


def framed_boxes(pieces: List[Piece], info: PageInfo, taken: set) -> Dict[int, int]:
    """piece id -> frame number for pieces of drawn boxes holding only one-line pieces (notices, ads)."""
    out: Dict[int, int] = {}
    for n, rect in enumerate(info.frames):
        held = [p for p in pieces if p.box and id(p) not in taken and id(p) not in out and inside(p, rect)]
        if len(held) < 2 or any(p.lines > 1 for p in held):
            continue
        if any(P.BYLINE_START.match(p.text.strip()) or P.jump(p.text.strip()) for p in held):
            continue
        out.update({id(p): n for p in held})
    return out


def under_picture(piece: Piece, info: PageInfo) -> bool:
    """Whether a piece right under a picture is its caption or credit: set smaller than the body, or worded as one.

    Body text resuming under a picture in its column is set at the body size and is not worded as a caption.
    """
    if not info.images or not piece.box or piece.lines > CAPTION_LINES or piece.size > 1.05 * info.body_size:
        return False
    text = piece.text.strip()
    worded = bool(P.CREDIT.match(text) or P.CAPTION.match(text) or P.CAPTION_CREDIT.match(text))
    return (worded or piece.size <= CAPTION_SIZE * info.body_size) and bool(pictures_above(piece, info))


def pictures_above(piece: Piece, info: PageInfo) -> list:
    """The pictures a piece sits right under (within CAPTION_GAP_EM, inside their width give or take an em)."""
    if not piece.box:
        return []
    size = piece.size or info.body_size
    x0, top, x1, _ = piece.box
    return [img for img in info.images
            if -0.5 * size <= top - img[3] <= CAPTION_GAP_EM * size and img[0] - size <= x0 and x1 <= img[2] + size]
