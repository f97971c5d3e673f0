"""The model stage's output: plain frozen dataclasses, everything resolved.

Templates (the designers' files) and issues (the production desk's files)
become these types. Every length is in points, every geometry is resolved to
trim-box coordinates (origin top-left of the trim box, y down, as in
``layout.display``), inheritance (``extends:``) is applied and variables
({date}, {number}, {page}, ...) are filled, so later stages never parse
anything. ``docs/templates.md`` describes the files these come from.
"""
from __future__ import annotations

import datetime as _dt
from dataclasses import field, make_dataclass
from typing import Mapping, Optional, Tuple

from ..display import Color
from ..records import record
from . import styleprops

HORIZONTAL = "horizontal-tb"
VERTICAL = "vertical-rl"


@record(frozen=True)
class Mark:
    """A place in a source file: 1-based line and column."""

    file: str
    line: int = 0
    column: int = 0

    def __str__(self) -> str:
        if not self.line:
            return self.file
        return f"{self.file}:{self.line}:{self.column}" if self.column else f"{self.file}:{self.line}"


NO_MARK = Mark("")


@record(frozen=True)
class Box:
    """An axis-aligned rectangle in points: top-left (x, y), width w, height h."""

    x: float
    y: float
    w: float
    h: float

    @property
    def right(self) -> float:
        """x of the right edge."""
        return self.x + self.w

    @property
    def bottom(self) -> float:
        """y of the bottom edge."""
        return self.y + self.h

    def overlaps(self, other: "Box", tolerance: float = 0.01) -> bool:
        """True when the two boxes share an area larger than a hairline."""
        return (
            self.x < other.right - tolerance
            and other.x < self.right - tolerance
            and self.y < other.bottom - tolerance
            and other.y < self.bottom - tolerance
        )

    def contains(self, other: "Box", tolerance: float = 0.01) -> bool:
        """True when ``other`` lies inside this box."""
        return (
            other.x >= self.x - tolerance
            and other.y >= self.y - tolerance
            and other.right <= self.right + tolerance
            and other.bottom <= self.bottom + tolerance
        )


@record(frozen=True)
class PageSpec:
    """Trim size, bleed and margins of a page, in points."""

    size_name: str  # "对开", "四开", "A3", "A4", ... or "custom"
    width: float
    height: float
    bleed: float
    margin_top: float
    margin_bottom: float
    margin_inside: float
    margin_outside: float
    number: int = 1  # the page number the left/right margins were resolved for
    writing_mode: str = HORIZONTAL  # default of article and box regions that do not set their own

    @property
    def is_right_hand(self) -> bool:
        """Odd pages are right-hand (recto) pages: their inside margin is on the left."""
        return self.number % 2 == 1

    @property
    def margin_left(self) -> float:
        """The left margin on this page (inside on right-hand pages)."""
        return self.margin_inside if self.is_right_hand else self.margin_outside

    @property
    def margin_right(self) -> float:
        """The right margin on this page (outside on right-hand pages)."""
        return self.margin_outside if self.is_right_hand else self.margin_inside

    @property
    def content(self) -> Box:
        """The type area: the page inside its margins."""
        return Box(
            self.margin_left,
            self.margin_top,
            self.width - self.margin_left - self.margin_right,
            self.height - self.margin_top - self.margin_bottom,
        )


@record(frozen=True)
class RuleSpec:
    """A line's look: width in pt, colour, optional dash pattern."""

    width: float
    color: Color
    dash: Tuple[float, ...] = ()


def _is_vertical(self) -> bool:
    """True for vertical-rl text."""
    return self.writing_mode == VERTICAL


# A paragraph style, resolved (based_on applied, lengths in pt): one attribute per
# property of the registry (layout.model.styleprops), between ``name`` and ``mark``.
Style = make_dataclass(
    "Style",
    [("name", str)]
    + [(name, kind, field(default=default)) for name, kind, default in styleprops.dataclass_fields()]
    + [("mark", Mark, field(default=NO_MARK))],
    frozen=True,
    namespace={
        "__module__": __name__,
        "__doc__": "A paragraph style, resolved (``based_on`` applied, lengths in pt); one attribute per "
                   "style property of ``layout.model.styleprops``, defaults those of a style with no keys.",
        "vertical": property(_is_vertical),
    },
)


@record(frozen=True)
class Grid:
    """The page grid: columns in the type area and the body style's character grid.

    ``chars_per_line`` = characters of the body style (size + tracking) that fit
    a column line; ``lines_per_column`` = body lines (first line one em tall,
    every further line one leading) that fit the type area's height.
    """

    columns: int
    gutter: float
    column_width: float
    content: Box  # the type area the columns divide
    body_style: str
    line_height: float  # the body leading: one grid line
    chars_per_line: int
    lines_per_column: int
    column_rule: Optional[RuleSpec] = None  # rule drawn in gutters between regions, if any

    def column_x(self, column: int) -> float:
        """x of the left edge of a 1-based grid column."""
        return self.content.x + (column - 1) * (self.column_width + self.gutter)

    def span_width(self, span: int) -> float:
        """Width of ``span`` adjacent columns including the gutters between them."""
        return span * self.column_width + (span - 1) * self.gutter

    def line_y(self, lines: float) -> float:
        """y of a position given in grid lines from the top of the type area."""
        return self.content.y + lines * self.line_height


@record(frozen=True)
class TextItem:
    """One line of template text with its style, variables already filled."""

    text: str
    style: Style
    mark: Mark = NO_MARK


@record(frozen=True)
class ImageRef:
    """An image file with caption and credit. A missing or unreadable file is not a load error:
    ``problem`` says why (``exists`` is False when missing) and the composer draws a visible
    placeholder and reports it."""

    path: str  # resolved file path
    caption: str = ""
    credit: str = ""
    exists: bool = True
    label: str = ""  # a note shown with placeholders / stand-ins
    mark: Mark = NO_MARK
    problem: str = ""  # why the file cannot be used ("not found", "cannot be read as an image (...)"); "" when fine
    page: int = 1  # the page placed when the file is a PDF (an ad), 1-based


@record(frozen=True, kw_only=True)
class Region:
    """A rectangle of the page placed on the grid; ``box`` is in trim coordinates."""

    id: str
    kind: str
    column: int  # 1-based first grid column
    span: int  # number of grid columns
    box: Box
    overlap: bool = False  # the designer allows other regions over this one
    mark: Mark = NO_MARK


@record(frozen=True, kw_only=True)
class MastheadRegion(Region):
    """报头: the paper's name (styled text or an image) and the issue's metadata lines."""

    kind: str = "masthead"
    name: Optional[TextItem] = None  # the paper's name as styled text
    name_image: Optional[ImageRef] = None  # or as an image
    arrangement: str = "name-left"  # name-left: info to the right of the name; name-top: info below
    name_span: int = 0  # grid columns for the name in name-left (0 = composer decides)
    items: Tuple[TextItem, ...] = ()  # date with weekday, 期号/总期号, pages, sponsor, licence, website
    rule_below: Optional[RuleSpec] = None


@record(frozen=True, kw_only=True)
class FolioRegion(Region):
    """报眉: paper, date, 版次, 版名, 责任编辑 on inner pages (mirror already applied)."""

    kind: str = "folio"
    left: Optional[TextItem] = None
    center: Optional[TextItem] = None
    right: Optional[TextItem] = None
    rule_below: Optional[RuleSpec] = None


@record(frozen=True, kw_only=True)
class HeadlineSpec:
    """How an article's headline stack (引题/主题/副题) is placed and fitted."""

    placement: str = "top"  # top (across ``span`` columns) | right (vertical, at the right) | none
    span: int = 0  # internal columns covered by a top headline; 0 = all
    kicker: Optional[Style] = None  # 引题
    headline: Optional[Style] = None  # 主题
    subhead: Optional[Style] = None  # 副题
    align: str = "center"
    fit: bool = True  # shrink to fit the area
    min_scale: float = 0.7  # smallest size as a fraction of the style's size when fitting
    max_lines: int = 2  # lines the 主题 may take before shrinking
    space_after: float = 0.0  # pt between the stack and the body text
    width: float = 0.0  # pt, width of a vertical headline strip at the right (0 = composer decides)


@record(frozen=True, kw_only=True)
class Copyfit:
    """Limits for fitting text before reporting overset (deltas in pt to the body style)."""

    tracking_min: float = 0.0
    tracking_max: float = 0.0
    leading_min: float = 0.0
    leading_max: float = 0.0

    @property
    def enabled(self) -> bool:
        """True when any adjustment is allowed."""
        return any((self.tracking_min, self.tracking_max, self.leading_min, self.leading_max))


@record(frozen=True, kw_only=True)
class ArticleRegion(Region):
    """An article block: headline stack, body in internal columns, jump lines."""

    kind: str = "article"
    columns: int = 1  # internal columns (default: the region's span)
    gutter: float = 0.0
    writing_mode: str = HORIZONTAL
    body: Style
    byline: Optional[Style] = None
    headline: HeadlineSpec = HeadlineSpec()
    balance: bool = True  # end the last columns level (齐栏)
    column_rule: Optional[RuleSpec] = None
    copyfit: Copyfit = Copyfit()
    jump_out: str = "（下转第{to_page}版）"  # placeholders {to_page}/{from_page}: filled per placement
    jump_in: str = "（上接第{from_page}版）"
    jump_style: Optional[Style] = None
    jump_headline: Optional[Style] = None  # 接题 above a continuation (None: derived by the composer)
    byline_placement: str = "run-in"  # run-in | own-line | end
    byline_align: str = ""  # "" = left on its own line, right at the end
    border: Optional[RuleSpec] = None
    padding: float = 0.0


@record(frozen=True, kw_only=True)
class BoxRegion(Region):
    """A box with a border and/or tint holding lines of text (e.g. a hotline list, a greeting)."""

    kind: str = "box"
    lines: Tuple[TextItem, ...] = ()
    writing_mode: str = HORIZONTAL
    border: Optional[RuleSpec] = None
    tint: Optional[Color] = None
    padding: float = 0.0
    align: str = "left"  # inline alignment of each line
    valign: str = "top"  # top | center | bottom (block direction start/centre/end)
    style: Optional[Style] = None  # style for lines given as plain strings (e.g. by the issue)


@record(frozen=True, kw_only=True)
class RuleRegion(Region):
    """A straight rule along the centre line of its box (horizontal or vertical)."""

    kind: str = "rule"
    orientation: str = "horizontal"
    rule: RuleSpec


@record(frozen=True, kw_only=True)
class ImageRegion(Region):
    """An image frame; the caption and credit sit inside the box below the picture."""

    kind: str = "image"
    source: str = ""  # id of the article region whose header image fills this frame ("" = assigned in the issue)
    wrap: bool = False  # text of overlapped article regions wraps around it
    wrap_gap: float = 0.0
    caption_style: Optional[Style] = None
    credit_style: Optional[Style] = None
    min_ppi: float = 200.0
    fit: str = "fill"  # fill (crop to frame) | fit (whole image, letterboxed)
    image: Optional[ImageRef] = None  # a fixed image given in the template
    focus: Tuple[float, float] = (0.5, 0.5)  # the picture's point (0-1 from top-left) a fill crop keeps in view


@record(frozen=True)
class Template:
    """A page template, resolved for one page number with variables filled."""

    name: str
    path: str
    page: PageSpec
    grid: Grid
    swatches: Mapping[str, Color]
    styles: Mapping[str, Style]
    regions: Tuple[Region, ...]
    extends: Tuple[str, ...] = ()  # files this one inherits from, nearest first
    mark: Mark = NO_MARK

    def region(self, region_id: str) -> Region:
        """The region with this id (KeyError when absent)."""
        for r in self.regions:
            if r.id == region_id:
                return r
        raise KeyError(region_id)


@record(frozen=True)
class Paragraph:
    """One paragraph of an article and the source line it came from."""

    text: str
    line: int = 0


@record(frozen=True)
class Article:
    """An article file: header (引题/主题/副题, byline, image) and paragraphs."""

    id: str
    path: str
    kicker: Tuple[str, ...] = ()  # 引题 lines
    headline: Tuple[str, ...] = ()  # 主题 lines
    subhead: Tuple[str, ...] = ()  # 副题 lines
    byline: str = ""  # e.g. 本报讯(记者翟国鑫)
    image: Optional[ImageRef] = None
    paragraphs: Tuple[Paragraph, ...] = ()
    mark: Mark = NO_MARK


@record(frozen=True)
class Paper:
    """The issue's metadata."""

    name: str
    date: _dt.date
    number: int  # 期号
    total_number: int = 0  # 总期号
    pages: int = 0  # pages in this issue (本期N版)
    sponsor: str = ""  # 主办
    licence: str = ""  # 准印证号 / 刊号
    website: str = ""
    extra: Mapping[str, str] = field(default_factory=dict)  # the issue's own variables (vars:)
    language: str = "zh-Hans"  # zh-Hans (简体) or zh-Hant (繁體)


@record(frozen=True, kw_only=True)
class Placement:
    """What fills one slot (region) of a page."""

    region: str  # region id
    mark: Mark = NO_MARK


@record(frozen=True, kw_only=True)
class ArticlePlacement(Placement):
    """An article, or one part of it when it jumps to another page.

    ``part`` 0 is the start (headline stack is set there); later parts continue
    the text where the previous part stopped. ``jump_out`` / ``jump_in`` are the
    region's jump-line strings with the real page numbers filled ("" when none).
    """

    article: Article
    part: int = 0
    continued_from: int = 0  # page number of the previous part (0 = none)
    continues_to: int = 0  # page number of the next part (0 = none)
    next_region: str = ""  # region id of the next part
    jump_out: str = ""
    jump_in: str = ""


@record(frozen=True, kw_only=True)
class ImagePlacement(Placement):
    """An image (with caption and credit) for an image region."""

    image: ImageRef


@record(frozen=True, kw_only=True)
class TextPlacement(Placement):
    """Lines of text that replace a box region's template lines.

    ``items`` are the lines with their styles resolved (a line's own ``style:``
    from the page's template, else the box's style); ``lines`` is their text.
    """

    lines: Tuple[str, ...]
    items: Tuple[TextItem, ...] = ()


@record(frozen=True)
class PageAssignment:
    """One page of the issue: its number, template (resolved for it) and slot contents."""

    number: int  # 版次
    template: Template
    name: str = ""  # 版名
    editor: str = ""  # 责任编辑
    label: str = ""  # e.g. "1" or "A1"
    slots: Mapping[str, Placement] = field(default_factory=dict)
    mark: Mark = NO_MARK
    language: str = "zh-Hans"  # the page's script: its own language: or paper.language

    def articles(self) -> Tuple[ArticlePlacement, ...]:
        """The article placements of this page, in template region order."""
        order = {r.id: i for i, r in enumerate(self.template.regions)}
        arts = [p for p in self.slots.values() if isinstance(p, ArticlePlacement)]
        return tuple(sorted(arts, key=lambda p: order.get(p.region, 1 << 30)))


@record(frozen=True)
class Issue:
    """A whole issue: metadata, pages in order, every article by id."""

    path: str
    paper: Paper
    pages: Tuple[PageAssignment, ...]
    articles: Mapping[str, Article]
    output_name: str = ""  # file stem for output, e.g. "20180428"
    warnings: Tuple[str, ...] = ()  # file:line:column problems that do not stop a render (e.g. missing images)
    output_profile: str = "pdfx1a"  # a key of layout/pdf/profiles.py PROFILES

    def page(self, number: int) -> PageAssignment:
        """The page with this 版次 (KeyError when absent)."""
        for p in self.pages:
            if p.number == number:
                return p
        raise KeyError(number)
