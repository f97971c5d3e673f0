"""The template and issue formats, defined once as field specs.

``TEMPLATE`` validates templates/*.yaml and generates the JSON Schema printed
by ``render.py schema``; ``ISSUE`` validates issue.yaml. docs/templates.md is
the prose reference for the same keys. Defaults given here are the defaults
the resolver applies. Style keys are not written here: ``STYLE`` is built
from the style-property registry (``layout.model.styleprops``).
"""
from __future__ import annotations

from dataclasses import dataclass
from typing import Any, Callable, Dict

from . import styleprops
from .spec import (
    Boolean,
    Count,
    Ctx,
    Field,
    Integer,
    Len,
    Length,
    ListOf,
    MapOf,
    Number,
    Path,
    Record,
    Ref,
    Shape,
    Spec,
    Tagged,
    Text,
    dotted,
    kind_of,
)
from .yamlnodes import YMap, YNode

ALIGNS = list(styleprops.choices("align"))
WRITING_MODES = list(styleprops.choices("writing_mode"))
WRITING_MODE_ALIASES = dict(styleprops.prop("writing_mode").aliases)

ABS = ("abs",)
ABS_EM = ("abs", "em")
GEOMETRY = ("abs", "lines")

# -- shared pieces -----------------------------------------------------------

RULE = Record(
    title="rule",
    description="A line: width and colour (a swatch name), optional dash pattern.",
    fields={
        "width": Field(Length(ABS, minimum=0, exclusive_minimum=True), "line width, e.g. 0.5pt", required=True),
        "color": Field(Ref(target="swatch"), "swatch name", default="black"),
        "dash": Field(ListOf(Length(ABS, minimum=0, exclusive_minimum=True), min_items=2), "dash pattern: on, off, ... lengths"),
    },
)

CMYK = ListOf(Number(minimum=0, maximum=100), min_items=4, max_items=4,
              description="C, M, Y, K in percent (0-100)")

SWATCH = Shape(
    description="A colour: [C, M, Y, K] in percent, or a mapping with cmyk or gray.",
    seq=CMYK,
    mapping=Record(
        title="swatch",
        fields={
            "cmyk": Field(CMYK, "C, M, Y, K in percent"),
            "gray": Field(Number(minimum=0, maximum=100), "a gray (black ink only) in percent"),
            "overprint": Field(Boolean(), "overprint instead of knocking out (default: true for 100 % K only)"),
        },
    ),
)

TINT = Shape(
    description="A fill: a swatch name, or a swatch at a percentage.",
    scalar=Ref(target="swatch"),
    mapping=Record(
        title="tint",
        fields={
            "color": Field(Ref(target="swatch"), "swatch name", required=True),
            "percent": Field(Number(minimum=0, maximum=100), "tint percentage of the swatch", default=100),
        },
    ),
)

# -- styles: one field per registry property ------------------------------------

SPEC_OF_KIND: Dict[str, Callable[[styleprops.StyleProp], Spec]] = {
    styleprops.WORD: lambda p: Text(enum=list(p.words), aliases=dict(p.aliases)),
    styleprops.LENGTH: lambda p: Length(p.units, minimum=p.minimum, exclusive_minimum=p.exclusive_minimum),
    styleprops.BOOL: lambda p: Boolean(),
    styleprops.INT: lambda p: Integer(minimum=p.minimum, maximum=p.maximum, refused=dict(p.refused)),
    styleprops.SWATCH: lambda p: Ref(target="swatch"),
}


def style_field(p: styleprops.StyleProp) -> Field:
    """The template field of one style property (no filled-in default: based_on must see what is written)."""
    shown = p.default
    if isinstance(shown, styleprops.Length):
        shown = 0 if shown.value == 0 else str(shown)
    return Field(SPEC_OF_KIND[p.kind](p), p.help.replace("`", ""), shown_default=shown)


def style_record() -> Record:
    """The ``styles:`` entry record: based_on plus every registry property."""
    fields = {"based_on": Field(Ref(target="style"), styleprops.BASED_ON_HELP)}
    fields.update({p.name: style_field(p) for p in styleprops.PROPERTIES})
    return Record(title="style", fields=fields, retired=RETIRED_STYLE_KEYS,
                  description="A paragraph style. Omitted keys come from based_on, else the defaults.")


RETIRED_STYLE_KEYS = {
    "kind": "character styles are not supported (every style is a paragraph style); remove the key. "
            "A run in another face inside a paragraph is not set by this version",
}

STYLE = style_record()
STYLE_DEFAULTS = styleprops.defaults()

TEXT_ITEM = Shape(
    description="A line of text (variables allowed), or {text, style}.",
    scalar=Text(),
    mapping=Record(
        title="text item",
        fields={
            "text": Field(Text(), "the text; {variables} are filled from the issue", required=True),
            "style": Field(Ref(target="style"), "style name (default: the region's style)"),
        },
    ),
)

IMAGE_FILE = Text(description="image file path, relative to this file")

# -- page and grid -----------------------------------------------------------

MARGINS = Shape(
    description="One length for all four margins, or top/bottom/inside/outside.",
    scalar=Length(ABS, minimum=0),
    mapping=Record(
        title="margins",
        fields={
            "top": Field(Length(ABS, minimum=0), "top margin", required=True),
            "bottom": Field(Length(ABS, minimum=0), "bottom margin", required=True),
            "inside": Field(Length(ABS, minimum=0), "margin at the fold (left on right-hand pages)", required=True),
            "outside": Field(Length(ABS, minimum=0), "margin away from the fold", required=True),
        },
    ),
)

PAGE_SIZE = Shape(
    description="A preset (对开, 四开, A3, A4, ...), WIDTHxHEIGHTmm, or {width, height}.",
    scalar=Text(),
    mapping=Record(
        title="custom size",
        fields={
            "width": Field(Length(ABS, minimum=0, exclusive_minimum=True), "trim width", required=True),
            "height": Field(Length(ABS, minimum=0, exclusive_minimum=True), "trim height", required=True),
        },
    ),
)

PAGE = Record(
    title="page",
    description="Trim size, bleed and margins.",
    fields={
        "size": Field(PAGE_SIZE, "trim size", required=True),
        "bleed": Field(Length(ABS, minimum=0), "bleed on every side (default 0)"),
        "margins": Field(MARGINS, "margins around the type area", required=True),
        "writing_mode": Field(Text(enum=WRITING_MODES, aliases=WRITING_MODE_ALIASES),
                              "default writing mode of the page's article and box regions", default="horizontal-tb"),
    },
)

GRID = Record(
    title="grid",
    description="Columns dividing the type area; the character grid comes from the body style.",
    fields={
        "columns": Field(Integer(minimum=1, maximum=40), "number of grid columns", required=True),
        "gutter": Field(Length(ABS, minimum=0), "space between columns", required=True),
        "body_style": Field(Ref(target="style"), "the style whose size and leading define the character grid", default="body"),
        "column_rule": Field(RULE, "a rule in the gutters between regions (optional)"),
    },
)

# -- regions -----------------------------------------------------------------

REGION_COMMON = {
    "column": Field(Integer(minimum=1), "first grid column (1 = leftmost)", required=True),
    "span": Field(Count(minimum=1, words=["all"]), "number of grid columns, or all (from column to the last grid column)",
                  required=True),
    "top": Field(Length(GEOMETRY, minimum=0), "distance from the top of the type area: 12mm or 3 lines", default=Len(0.0)),
    "height": Field(Length(GEOMETRY + ("rest",), minimum=0, exclusive_minimum=True),
                    "height: 60mm, 20 lines, or rest (down to the bottom margin)", required=True),
    "overlap": Field(Boolean(), "allow other regions to overlap this one", default=False),
}

HEADLINE = Record(
    title="headline",
    description="The headline stack 引题/主题/副题 of the article placed in this block.",
    fields={
        "placement": Field(Text(enum=["top", "right", "none"]), "top (across span columns), right (vertical strip) or none",
                           default="top"),
        "span": Field(Integer(minimum=0), "internal columns a top headline covers (0 = all)", default=0),
        "kicker_style": Field(Ref(target="style"), "style of the 引题", default="kicker"),
        "headline_style": Field(Ref(target="style"), "style of the 主题", default="headline"),
        "subhead_style": Field(Ref(target="style"), "style of the 副题", default="subhead"),
        "align": Field(Text(enum=["left", "center", "right"], aliases={"centre": "center"}), "alignment of the stack",
                       default="center"),
        "fit": Field(Boolean(), "shrink the headline to fit its area", default=True),
        "min_scale": Field(Number(minimum=0.3, maximum=1.0), "smallest size when fitting, as a fraction of the style size",
                           default=0.7),
        "max_lines": Field(Integer(minimum=1, maximum=6), "lines the 主题 may take before shrinking", default=2),
        "space_after": Field(Length(ABS, minimum=0), "space between the stack and the text"),
        "width": Field(Length(ABS, minimum=0), "width of a vertical headline strip (placement: right)"),
    },
)

COPYFIT = Record(
    title="copyfit",
    description="How far text may be adjusted to fit before overset is reported: [min, max] deltas.",
    fields={
        "tracking": Field(ListOf(Length(ABS_EM), min_items=2, max_items=2), "tracking range, e.g. [-0.02em, 0.02em]"),
        "leading": Field(ListOf(Length(ABS), min_items=2, max_items=2), "leading range, e.g. [-1pt, 0pt]"),
    },
)

MASTHEAD = {
    "name": Field(TEXT_ITEM, "the paper's name as styled text, e.g. {text: '{paper}', style: masthead_name}"),
    "name_image": Field(IMAGE_FILE, "the paper's name as an image (instead of name)"),
    "arrangement": Field(Text(enum=["name-left", "name-top"]), "info to the right of the name, or below it", default="name-left"),
    "name_span": Field(Integer(minimum=0), "grid columns given to the name in name-left (0 = automatic)", default=0),
    "items": Field(ListOf(TEXT_ITEM), "lines of metadata: date and weekday, 期号, 总期号, pages, sponsor, licence, website"),
    "style": Field(Ref(target="style"), "style for items written as plain strings", default="masthead_info"),
    "rule_below": Field(RULE, "a rule under the masthead"),
}

FOLIO = {
    "left": Field(TEXT_ITEM, "text at the left end"),
    "center": Field(TEXT_ITEM, "text in the middle"),
    "right": Field(TEXT_ITEM, "text at the right end"),
    "style": Field(Ref(target="style"), "style for parts written as plain strings", default="folio"),
    "mirror": Field(Boolean(), "swap left and right on even (left-hand) pages", default=False),
    "rule_below": Field(RULE, "a rule under the folio"),
}

ARTICLE = {
    "columns": Field(Integer(minimum=1, maximum=40), "internal text columns (default: the span)"),
    "gutter": Field(Length(ABS, minimum=0), "space between internal columns (default: the grid gutter)"),
    "writing_mode": Field(Text(enum=WRITING_MODES, aliases=WRITING_MODE_ALIASES),
                          "horizontal or vertical text (vertical: the columns are 栏 tiers stacked top to bottom); "
                          "default: page.writing_mode"),
    "body_style": Field(Ref(target="style"), "style of the paragraphs", default="body"),
    "byline_style": Field(Ref(target="style"), "style of the byline (本报讯…)"),
    "headline": Field(HEADLINE, "headline stack placement and fitting"),
    "balance": Field(Boolean(), "end the columns of the last part level (齐栏); false: fill column by column", default=True),
    "column_rule": Field(RULE, "rules between the internal columns"),
    "copyfit": Field(COPYFIT, "limits for fitting text before reporting overset"),
    "jump_out": Field(Text(), "jump line where the text continues elsewhere; {to_page} is filled",
                      default="（下转第{to_page}版）"),
    "jump_in": Field(Text(), "jump line on a continuation; {from_page} is filled", default="（上接第{from_page}版）"),
    "jump_style": Field(Ref(target="style"), "style of jump lines (default: the body style)"),
    "jump_headline_style": Field(Ref(target="style"), "style of the 接题 (the 主题 restated above a continuation); "
                                 "default: the headline face at twice the body size on two body lines"),
    "byline_placement": Field(Text(enum=["run-in", "own-line", "end"]),
                              "byline in front of the first line, on a line of its own above the text, "
                              "or in brackets after the last paragraph", default="run-in"),
    "byline_align": Field(Text(enum=["left", "center", "right"], aliases={"centre": "center"}),
                          "alignment of a byline on its own line or at the end (default: left on its own line, "
                          "right at the end)"),
    "border": Field(RULE, "a frame around the block"),
    "padding": Field(Length(ABS, minimum=0), "space inside the border"),
}

BOX = {
    "lines": Field(ListOf(TEXT_ITEM), "lines of text (an issue may replace them)"),
    "style": Field(Ref(target="style"), "style for lines written as plain strings", default="box"),
    "writing_mode": Field(Text(enum=WRITING_MODES, aliases=WRITING_MODE_ALIASES),
                          "horizontal or vertical; default: page.writing_mode"),
    "border": Field(RULE, "the box's frame"),
    "tint": Field(TINT, "background fill"),
    "padding": Field(Length(ABS, minimum=0), "space inside the frame"),
    "align": Field(Text(enum=["left", "center", "right"], aliases={"centre": "center"}), "alignment of each line",
                   default="left"),
    "valign": Field(Text(enum=["top", "center", "bottom"], aliases={"centre": "center"}), "placement of the lines in the box",
                    default="top"),
}

RULE_REGION = {
    "orientation": Field(Text(enum=["horizontal", "vertical"]), "direction of the rule", default="horizontal"),
    "rule": Field(RULE, "width, colour, dash", required=True),
}

IMAGE = {
    "source": Field(Ref(target="region"), "id of the article region whose header image fills this frame"),
    "image": Field(IMAGE_FILE, "a fixed image for this frame"),
    "caption": Field(Text(), "caption of a fixed image"),
    "credit": Field(Text(), "credit of a fixed image"),
    "wrap": Field(Boolean(), "text of overlapped article regions wraps around the frame", default=False),
    "wrap_gap": Field(Length(ABS, minimum=0), "space between the frame and wrapped text"),
    "caption_style": Field(Ref(target="style"), "style of the caption", default="caption"),
    "credit_style": Field(Ref(target="style"), "style of the credit (default: the caption style)"),
    "min_ppi": Field(Number(minimum=1, maximum=4800), "lowest acceptable effective resolution", default=200),
    "fit": Field(Text(enum=["fill", "fit"]), "fill (crop to the frame) or fit (whole image)", default="fill"),
    "focus": Field(ListOf(Number(minimum=0, maximum=1), min_items=2, max_items=2),
                   "the point [x, y] of the picture (0 to 1 from its top-left) a fill crop keeps in view", default=[0.5, 0.5]),
}

REGION = Tagged(
    description="A rectangle on the grid. kind decides the other keys.",
    common=REGION_COMMON,
    variants={"masthead": MASTHEAD, "folio": FOLIO, "article": ARTICLE, "box": BOX, "rule": RULE_REGION, "image": IMAGE},
    variant_docs={
        "masthead": "报头: the paper's name and the issue's metadata.",
        "folio": "报眉: paper, date, 版次, 版名, 责任编辑 on inner pages.",
        "article": "An article block: headline stack, text columns, jump lines.",
        "box": "A framed or tinted box holding lines of text.",
        "rule": "A straight rule along the centre line of its area.",
        "image": "An image frame with caption and credit.",
    },
)

TEMPLATE = Record(
    title="Newspaper page template",
    description="A page template: page size, grid, swatches, styles and regions.",
    fields={
        "extends": Field(Ref(target="template"), "template this one starts from (name in the same folder, or a relative path)"),
        "abstract": Field(Boolean(), "a base for other templates only: not complete on its own", default=False),
        "name": Field(Text(), "display name (default: the file name)"),
        "description": Field(Text(), "what the template is for"),
        "variables": Field(MapOf(value=Text()), "the template's own variables with default values"),
        "page": Field(PAGE, "page size, bleed and margins", required=True),
        "grid": Field(GRID, "columns and gutter", required=True),
        "swatches": Field(MapOf(value=SWATCH), "named colours (black and paper are built in)"),
        "styles": Field(MapOf(value=STYLE), "paragraph styles by name", required=True),
        "regions": Field(MapOf(value=REGION), "the page's regions by id", required=True),
    },
)

# -- the issue ---------------------------------------------------------------

PAPER = Record(
    title="paper",
    description="The issue's metadata, available to templates as variables.",
    fields={
        "name": Field(Text(), "the paper's name ({paper})", required=True),
        "date": Field(Text(pattern=r"\d{4}-\d{2}-\d{2}"), "publication date, YYYY-MM-DD ({date}, {weekday})", required=True),
        "number": Field(Integer(minimum=1), "期号 ({number})", required=True),
        "total_number": Field(Integer(minimum=1), "总期号 ({total_number})"),
        "pages": Field(Integer(minimum=1, maximum=999), "pages in this issue ({pages})"),
        "sponsor": Field(Text(), "主办 ({sponsor})"),
        "licence": Field(Text(), "licence or registration number ({licence})"),
        "website": Field(Text(), "website ({website})"),
    },
)

SLOT = Shape(
    description="What fills a region: an article file path, or a mapping.",
    scalar=Text(description="article file path"),
    mapping=Record(
        title="slot",
        fields={
            "article": Field(Text(), "article file path (relative to issue.yaml)"),
            "id": Field(Text(), "article id (default: the file name without extension)"),
            "continued": Field(Text(), "id of an article started on an earlier page that continues here"),
            "image": Field(IMAGE_FILE, "image file for an image region"),
            "caption": Field(Text(), "image caption"),
            "credit": Field(Text(), "image credit, e.g. 刘粟摄"),
            "label": Field(Text(), "a note printed with the image, e.g. that it is a stand-in"),
            "page": Field(Integer(minimum=1), "page of a PDF image (an ad) to place, 1 = the first"),
            "lines": Field(ListOf(TEXT_ITEM), "lines of text for a box region: strings, or {text, style} "
                                              "with a style of the page's template"),
        },
    ),
)

@dataclass
class RegionOverrides(Spec):
    """An issue page's ``regions:``: region ids to mappings, kept as YAML nodes; the template check validates them
    after they are merged into the page's template (layout.model.template.read_template_with)."""

    description: str = "region id -> keys that replace the template's (a new id with kind: adds a region)"
    expected: str = "a mapping of region ids to mappings of region keys"

    def check(self, node: YNode, path: Path, ctx: Ctx) -> Any:
        if not isinstance(node, YMap):
            return self.wrong(node, path, ctx)
        for key, child in node:
            if not isinstance(child, YMap):
                return ctx.error(child.mark, f"{dotted(path + (str(key.value),))}: expected a mapping of region keys "
                                             f"(column:, span:, top:, height:, ...), got {kind_of(child)}")
        return node

    def json(self) -> Dict[str, Any]:
        return self._doc({"type": "object", "additionalProperties": {"type": "object"}})


PAGE_ENTRY = Record(
    title="issue page",
    fields={
        "number": Field(Integer(minimum=1, maximum=999), "版次", required=True),
        "template": Field(Text(), "template name (file in the templates folder) or relative path", required=True),
        "name": Field(Text(), "版名 ({page_name})"),
        "editor": Field(Text(), "责任编辑 ({editor})"),
        "label": Field(Text(), "page label, e.g. A1 (default: the number)"),
        "slots": Field(MapOf(value=SLOT), "region id -> content"),
        "regions": Field(RegionOverrides(), "this page's adjustments of its template's regions (region id -> the "
                                            "keys to change: column, span, top, height, focus, ...) and new regions "
                                            "(with kind:); checked like the template's own regions"),
    },
)

# The keys of layout/pdf/profiles.py PROFILES (the model does not import the PDF stage; a test keeps them equal).
OUTPUT_PROFILES = ("pdfx1a", "pdfx4")

ISSUE = Record(
    title="Newspaper issue",
    description="One issue: metadata, pages with their templates, and what fills each region.",
    fields={
        "paper": Field(PAPER, "metadata", required=True),
        "templates": Field(Text(), "folder holding the templates (relative to issue.yaml)", default="templates"),
        "output": Field(Text(), "file stem for the output PDFs (default: the date, YYYYMMDD)"),
        "output_profile": Field(Text(enum=OUTPUT_PROFILES, allow_numbers=False),
                                "what the PDFs conform to: pdfx1a (PDF/X-1a:2001) or pdfx4 (PDF/X-4); "
                                "render.py issue --output-profile overrides it", default="pdfx1a"),
        "vars": Field(MapOf(value=Text()), "values for variables the templates declare"),
        "pages": Field(ListOf(PAGE_ENTRY, min_items=1), "the pages, in order", required=True),
    },
)
