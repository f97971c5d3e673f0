"""Plain data shared by the import stages: source positions, pieces, changes, articles.

Every character of an imported text keeps the place it came from (a text
file's page:line:column, or a PDF page and coordinates), so every change and
every guess in IMPORT.md names where a person should look.
"""
from __future__ import annotations

from dataclasses import field
from pathlib import Path
from typing import Dict, List, Optional, Tuple

from ..records import record


@record(frozen=True)
class Where:
    """A source position: text ``page``/``line``/``column`` (1-based) or PDF ``page`` and ``x``/``y`` in pt from top-left."""

    page: int = 1
    line: int = 0
    column: int = 0
    x: Optional[float] = None
    y: Optional[float] = None
    source: str = ""

    def __str__(self) -> str:
        """``p2 l14 c3`` (text file), ``p1 x 311.7 y 784.0 pt`` (PDF, from the page's top-left), ``p1`` (a whole page)."""
        head = f"{self.source} " if self.source else ""
        if self.x is not None:
            return f"{head}p{self.page} x {self.x:.1f} y {self.y:.1f} pt"
        if self.line <= 0:  # a decision about the page as a whole (no line, no coordinates to give)
            return f"{head}p{self.page}"
        return f"{head}p{self.page} l{self.line} c{self.column}"


def rect_where(page: int, rect: Optional[Tuple[float, float, float, float]], source: str = "") -> "Where":
    """The position of a PDF rectangle's top-left corner on ``page``; the page alone when there is no rectangle."""
    if rect is None:
        return Where(page, source=source)
    return Where(page, x=round(rect[0], 1), y=round(rect[1], 1), source=source)


@record
class Piece:
    """A paragraph candidate read from the source, one origin per character.

    ``size``/``bold`` are known for PDFs (0/False for text); ``starts`` says
    whether the piece starts a paragraph (True: indented or after a break,
    False: continues the previous piece, None: unknown, decide by text);
    ``sure`` whether that decision is certain. ``box`` is the PDF rectangle.
    """

    text: str
    origin: List[Where]
    page: int = 1
    size: float = 0.0
    bold: bool = False
    starts: Optional[bool] = None
    sure: bool = False
    box: Optional[Tuple[float, float, float, float]] = None
    gap_before: int = 0
    lines: int = 1
    role: str = ""
    vertical: bool = False
    closed: Optional[bool] = None  # PDF: the last line stops short of the column edge (a paragraph end)
    breaks: List[int] = field(default_factory=list)  # PDF: text offsets where the piece's 2nd, 3rd ... lines start
    frame: int = -1  # PDF: the drawn frame (page's frames index) holding it, -1 none
    lead: str = ""  # PDF: the characters it opens with in another face than most of it (spaces left out)

    def where(self, index: int = 0) -> Where:
        """The source position of character ``index`` (clamped)."""
        if not self.origin:
            return Where(self.page)
        return self.origin[max(0, min(index, len(self.origin) - 1))]


@record(frozen=True)
class Change:
    """One text change: where, the text before and after (with context), and the rule."""

    where: Where
    before: str
    after: str
    rule: str
    article: str = ""


@record(frozen=True)
class Review:
    """A low-confidence guess a person should check."""

    where: Where
    what: str
    article: str = ""


@record
class Article:
    """An imported article: headline stack, byline, paragraphs (text + origins), image credit/caption, pages."""

    id: str = ""
    kicker: List[str] = field(default_factory=list)
    headline: List[str] = field(default_factory=list)
    subhead: List[str] = field(default_factory=list)
    byline: str = ""
    paragraphs: List[Piece] = field(default_factory=list)
    credit: str = ""
    caption: str = ""
    pages: List[int] = field(default_factory=list)
    jump_out: bool = False
    jump_in_done: bool = False
    byline_where: Optional[Where] = None
    where: Where = Where()
    boxes: Dict[int, Tuple[float, float, float, float]] = field(default_factory=dict)  # page -> rect (PDF)
    pictures: Dict[int, Tuple[float, float, float, float]] = field(default_factory=dict)  # page -> picture + caption
    photo: Optional[Tuple[int, Tuple[float, float, float, float]]] = None  # PDF: (page, the picture's own rect)
    image: str = ""  # the picture file written next to the article ("" when none could be extracted)
    photo_where: Optional[Where] = None  # where its caption or credit was read

    def extend_box(self, piece: "Piece") -> None:
        """Grow the article's rectangle on the piece's page by the piece's box (PDF sources)."""
        rect = grow(self.boxes.get(piece.page), piece)
        if rect is not None:
            self.boxes[piece.page] = rect

    @property
    def has_body(self) -> bool:
        """Whether any body paragraph was found."""
        return any(p.text.strip() for p in self.paragraphs)

    @property
    def jump_open(self) -> bool:
        """Whether it jumps out (下转) with no continuation (上接) found for it yet."""
        return self.jump_out and not self.jump_in_done


@record
class Box:
    """A box of lines (hotline list, greeting) found on a page."""

    kind: str
    lines: List[str]
    page: int = 1
    where: Where = Where()
    rect: Optional[Tuple[float, float, float, float]] = None  # PDF: around its lines
    vertical: bool = False  # PDF: its lines were set vertically (a 竖排 报眼)
    frame: int = -1  # PDF: the drawn frame (page's frames index) holding it, -1 none
    placed: bool = False  # written into a box region of the issue


def grow(rect: Optional[Tuple[float, float, float, float]], piece: "Piece") -> Optional[Tuple[float, float, float, float]]:
    """``rect`` grown by the piece's box (PDF sources; unchanged when the piece has none)."""
    b = piece.box
    if b is None:
        return rect
    return b if rect is None else (min(rect[0], b[0]), min(rect[1], b[1]), max(rect[2], b[2]), max(rect[3], b[3]))


@record
class PageInfo:
    """What a source page gave: its number in the source, 版次/版名 when printed, size and geometry (PDF)."""

    index: int
    number: int = 0
    name: str = ""
    editor: str = ""
    size: Optional[Tuple[float, float]] = None
    body_size: float = 0.0
    leading: float = 0.0
    columns: int = 0
    gutter: float = 0.0
    type_area: Optional[Tuple[float, float, float, float]] = None
    trim: Optional[Tuple[float, float, float, float]] = None  # the trim box (PDF), pt from the top-left
    images: List[Tuple[float, float, float, float]] = field(default_factory=list)  # PDF: picture rectangles
    frames: List[Tuple[float, float, float, float]] = field(default_factory=list)  # PDF: drawn box outlines/tints
    file: str = ""  # PDF: the file the page came from (pictures are extracted from it)
    file_page: int = 0  # PDF: the page's 0-based index in that file
    streams: Dict[Tuple[float, float, float, float], Dict] = field(default_factory=dict)  # PDF: images rect -> stream


@record
class Imported:
    """The result of an import: masthead fields, pages, articles, boxes, changes and review items."""

    source: str
    paper: Dict[str, object] = field(default_factory=dict)
    pages: List[PageInfo] = field(default_factory=list)
    articles: List[Article] = field(default_factory=list)
    boxes: List[Box] = field(default_factory=list)
    changes: List[Change] = field(default_factory=list)
    review: List[Review] = field(default_factory=list)
    notes: List[str] = field(default_factory=list)
    problems: List[str] = field(default_factory=list)  # what makes the import wrong: exit code 1
    masthead: Dict[int, Tuple[float, float, float, float]] = field(default_factory=dict)  # page -> 报头 rect (PDF)

    def masthead_where(self, page: int = 1) -> Where:
        """Where a masthead-level decision points: the 报头's top-left on a PDF page, else the page."""
        return rect_where(page, self.masthead.get(page), Path(self.source).name if self.masthead.get(page) else "")

    def article_where(self, article_id: str) -> Where:
        """Where an article starts (its headline, or its region's top-left on a PDF page); page 1 if unknown."""
        article = next((a for a in self.articles if a.id == article_id), None)
        if article is None:
            return Where(1)
        if article.where.x is not None or article.where.line > 0 or not article.boxes:
            return article.where
        page = min(article.boxes)
        return rect_where(page, article.boxes[page], Path(self.source).name)
