"""The region kinds, each declared once: its keys, help, result type, builder and the slot keys that fill it.

A template region is a rectangle on the grid whose ``kind:`` decides its
other keys (docs/templates.md, "Regions"). ``KINDS`` is the one table of
kinds: the template format's ``REGION`` (and so ``render.py check`` and
``render.py schema``), the resolver's dispatch (``TemplateResolver.region``)
and the issue's slot checks (``layout.model.content``) are derived from it.
The composer of each kind is looked up by its ``region_type`` in
``layout.compose.page.COMPOSERS`` (the model never imports compose; a test
keeps the two tables equal).

Adding a kind: its keys and builder here, one ``RegionKind`` row, its
``*Region`` type in ``types.py``, its composer and ``COMPOSERS`` row, and
its keys in docs/templates.md.

The pieces the region keys are made of (rules, tints, text items, image
files) are declared here too and imported by ``fields`` for the grid and the
issue's slots.
"""
from __future__ import annotations

from typing import TYPE_CHECKING, Any, Callable, Dict, Optional, Tuple

from .. import units
from ..records import record
from . import styleprops
from .spec import (
    Boolean,
    Count,
    Field,
    Integer,
    Len,
    Length,
    ListOf,
    Number,
    Record,
    Ref,
    Shape,
    Tagged,
    Text,
    dotted,
)
from .types import (
    ArticleRegion,
    Box,
    BoxRegion,
    Copyfit,
    FolioRegion,
    HeadlineSpec,
    ImageRegion,
    MastheadRegion,
    Region,
    RuleRegion,
    Style,
)

if TYPE_CHECKING:  # the builders get the resolver as an argument; resolve.py imports this module
    from .resolve import TemplateResolver

WRITING_MODES = list(styleprops.choices("writing_mode"))
WRITING_MODE_ALIASES = dict(styleprops.prop("writing_mode").aliases)

ABS = ("abs",)
ABS_EM = ("abs", "em")
GEOMETRY = ("abs", "lines")


# -- pieces regions (and the grid, the slots) are made of -----------

RULE = Record(
    title="rule",
    description="A line: width and colour (a swatch name), optional dash pattern.",
    fields={
        "width": Field(Length(ABS, minimum=0, exclusive_minimum=True), "line width, e.g. 0.5pt", required=True),
        "color": Field(Ref(target="swatch"), "swatch name", default="black"),
        "dash": Field(ListOf(Length(ABS, minimum=0, exclusive_minimum=True), min_items=2), "dash pattern: on, off, ... lengths"),
    },
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

# -- the keys of each kind ------------------------------------------------------

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

# -- building: from validated keys to the region type --------------------------

MM = units.MM
TOL = 0.01  # pt


class Missing(Exception):
    """A value needed for a check failed validation earlier (already reported)."""


def mm_text(pt: float) -> str:
    """A length in points written in millimetres for messages, e.g. "12.3 mm"."""
    return f"{pt / MM:.1f} mm"


def build_masthead(r: TemplateResolver, rid: str, raw: Dict[str, Any], common: Dict[str, Any]) -> Optional[Region]:
    """报头."""
    base = ("regions", rid)
    style = r.default_style(raw, rid, "style")
    if ("name" in raw) == ("name_image" in raw):
        which = "both" if "name" in raw else "neither"
        r.error(base, f"regions.{rid}: a masthead needs either name: (text) or name_image: (a file), not {which}",
                   key=True)
        return None
    name = r.text_item(raw.get("name"), base + ("name",), style)
    image = r.image_ref(raw.get("name_image"), base + ("name_image",)) if "name_image" in raw else None
    items = tuple(filter(None, (r.text_item(v, base + ("items", i), style) for i, v in enumerate(raw.get("items", [])))))
    if raw.get("name_span", 0) > common["span"]:
        r.error(base + ("name_span",),
                   f"regions.{rid}.name_span: {raw['name_span']} is wider than the region ({common['span']} columns)")
    return MastheadRegion(**common, name=name, name_image=image, arrangement=raw.get("arrangement", "name-left"),
                          name_span=raw.get("name_span", 0), items=items,
                          rule_below=r.rule(raw.get("rule_below"), base + ("rule_below",)))


def build_folio(r: TemplateResolver, rid: str, raw: Dict[str, Any], common: Dict[str, Any]) -> Optional[Region]:
    """报眉, with left and right swapped on even pages when mirror is set."""
    base = ("regions", rid)
    style = r.default_style(raw, rid, "style")
    parts = {k: r.text_item(raw.get(k), base + (k,), style) for k in ("left", "center", "right")}
    if raw.get("mirror") and r.page_number % 2 == 0:
        parts["left"], parts["right"] = parts["right"], parts["left"]
    return FolioRegion(**common, **parts, rule_below=r.rule(raw.get("rule_below"), base + ("rule_below",)))


def build_article(r: TemplateResolver, rid: str, raw: Dict[str, Any], common: Dict[str, Any]) -> Optional[Region]:
    """An article block: inner columns must fit, the headline span must lie within them."""
    assert r.grid is not None
    base = ("regions", rid)
    body = r.style(raw.get("body_style", "body"), base + ("body_style",), required=True)
    if body is None:
        if not r.written(base + ("body_style",)):
            r.error(base, f"regions.{rid}: the default body style 'body' is not defined; set body_style", key=True)
        return None
    columns = raw.get("columns", common["span"])
    gutter = raw["gutter"].value if "gutter" in raw else r.grid.gutter
    box: Box = common["box"]
    mode = raw.get("writing_mode", r.page.writing_mode if r.page else "horizontal-tb")
    vertical = mode == "vertical-rl"
    measure = box.h if vertical else box.w
    col_w = (measure - (columns - 1) * gutter) / columns
    if col_w < body.size - TOL:
        where = base + (("columns",) if "columns" in raw else ("span",))
        r.error(where, f"regions.{rid}: {columns} columns with {mm_text(gutter)} gutters leave {mm_text(max(col_w, 0))} "
                          f"per column, "
                          f"less than one character of '{body.name}' ({body.size:g} pt)")
        return None
    headline = headline_spec(r, rid, raw.get("headline", {}), columns)
    if headline is None:
        return None
    return ArticleRegion(
        **common, columns=columns, gutter=gutter, writing_mode=mode, body=body,
        byline=r.style(raw.get("byline_style"), base + ("byline_style",)),
        headline=headline, balance=bool(raw.get("balance", True)),
        column_rule=r.rule(raw.get("column_rule"), base + ("column_rule",)),
        copyfit=copyfit_limits(r, raw.get("copyfit"), base + ("copyfit",), body),
        jump_out=r.text(raw.get("jump_out", "（下转第{to_page}版）"), base + ("jump_out",), ("to_page",)),
        jump_in=r.text(raw.get("jump_in", "（上接第{from_page}版）"), base + ("jump_in",), ("from_page",)),
        jump_style=r.style(raw.get("jump_style"), base + ("jump_style",), fallback=body),
        jump_headline=r.style(raw.get("jump_headline_style"), base + ("jump_headline_style",)),
        byline_placement=raw.get("byline_placement", "run-in"), byline_align=raw.get("byline_align", ""),
        border=r.rule(raw.get("border"), base + ("border",)),
        padding=raw["padding"].value if "padding" in raw else 0.0,
    )


def headline_spec(r: TemplateResolver, rid: str, raw: Dict[str, Any], columns: int) -> Optional[HeadlineSpec]:
    """The headline stack spec; the 主题 style is required unless placement is none."""
    base = ("regions", rid, "headline")
    placement = raw.get("placement", "top")
    span = raw.get("span", 0)
    if span > columns:
        r.error(base + ("span",), f"regions.{rid}.headline.span: {span} is more than the block's {columns} columns")
        return None
    need = placement != "none"
    head = r.style(raw.get("headline_style", "headline"), base + ("headline_style",), required=need)
    if need and head is None:
        r.error(base if r.written(base) else base[:-1],
                   f"regions.{rid}: headlines need a style 'headline' (define it, or set headline.headline_style, "
                   f"or headline.placement: none)", key=True)
        return None
    return HeadlineSpec(
        placement=placement, span=span,
        kicker=r.style(raw.get("kicker_style", "kicker"), base + ("kicker_style",), required=False),
        headline=head,
        subhead=r.style(raw.get("subhead_style", "subhead"), base + ("subhead_style",), required=False),
        align=raw.get("align", "center"), fit=bool(raw.get("fit", True)), min_scale=raw.get("min_scale", 0.7),
        max_lines=raw.get("max_lines", 2),
        space_after=raw["space_after"].value if "space_after" in raw else 0.0,
        width=raw["width"].value if "width" in raw else 0.0,
    )


def copyfit_limits(r: TemplateResolver, raw: Optional[Dict[str, Any]], path: Tuple[Any, ...], body: Style) -> Copyfit:
    """Copyfit limits in pt; a range whose minimum exceeds its maximum is an error."""
    if not raw:
        return Copyfit()
    out = {}
    for key in ("tracking", "leading"):
        if key in raw:
            lo, hi = (v.to_pt(em=body.size) for v in raw[key])
            if lo > hi:
                r.error(path + (key,), f"{dotted(path + (key,))}: the minimum is larger than the maximum")
            out[key + "_min"], out[key + "_max"] = lo, hi
    if "leading" in raw and body.leading + out["leading_min"] < body.size * 0.8:
        r.error(path + ("leading",), f"{dotted(path + ('leading',))}: would set lines closer than 0.8 of the type size")
    return Copyfit(**out)


def build_box(r: TemplateResolver, rid: str, raw: Dict[str, Any], common: Dict[str, Any]) -> Optional[Region]:
    """A box with text lines; padding must leave room inside."""
    base = ("regions", rid)
    style = r.default_style(raw, rid, "style")
    padding = raw["padding"].value if "padding" in raw else 0.0
    box: Box = common["box"]
    if 2 * padding >= min(box.w, box.h):
        r.error(base + ("padding",), f"regions.{rid}.padding: {mm_text(padding)} on each side leaves no room "
                                        f"in a {mm_text(box.w)} × {mm_text(box.h)} box")
    lines = tuple(filter(None, (r.text_item(v, base + ("lines", i), style) for i, v in enumerate(raw.get("lines", [])))))
    mode = raw.get("writing_mode", r.page.writing_mode if r.page else "horizontal-tb")
    return BoxRegion(**common, lines=lines, writing_mode=mode,
                     border=r.rule(raw.get("border"), base + ("border",)),
                     tint=r.tint(raw.get("tint"), base + ("tint",)), padding=padding, style=style,
                     align=raw.get("align", "left"), valign=raw.get("valign", "top"))


def build_rule(r: TemplateResolver, rid: str, raw: Dict[str, Any], common: Dict[str, Any]) -> Optional[Region]:
    """A rule region."""
    rule = r.rule(raw.get("rule"), ("regions", rid, "rule"))
    if rule is None:
        raise Missing
    return RuleRegion(**common, orientation=raw.get("orientation", "horizontal"), rule=rule)


def build_image(r: TemplateResolver, rid: str, raw: Dict[str, Any], common: Dict[str, Any]) -> Optional[Region]:
    """An image frame; a fixed image file that is missing is a warning (a placeholder is drawn)."""
    base = ("regions", rid)
    caption = r.style(raw.get("caption_style", "caption"), base + ("caption_style",),
                         fallback=r.styles.get(r.grid.body_style if r.grid else "body"))
    image = None
    if "image" in raw:
        image = r.image_ref(raw["image"], base + ("image",), raw.get("caption", ""), raw.get("credit", ""))
    return ImageRegion(**common, source=raw.get("source", ""), wrap=bool(raw.get("wrap", False)),
                       wrap_gap=raw["wrap_gap"].value if "wrap_gap" in raw else 0.0,
                       caption_style=caption,
                       credit_style=r.style(raw.get("credit_style"), base + ("credit_style",), fallback=caption),
                       min_ppi=float(raw.get("min_ppi", 200)), fit=raw.get("fit", "fill"), image=image,
                       focus=tuple(float(v) for v in raw.get("focus", (0.5, 0.5))))


# -- the table -----------------------------------------------------------------

Builder = Callable[["TemplateResolver", str, Dict[str, Any], Dict[str, Any]], Optional[Region]]


@record(frozen=True)
class RegionKind:
    """One region kind: ``kind:`` word, its own keys, help, the type it resolves to, its builder, the slot keys filling it."""

    name: str
    fields: Dict[str, Field]
    region_type: type
    build: Builder
    slots: Tuple[str, ...] = ()  # issue slot keys whose content goes into a region of this kind
    help: str = ""


KINDS: Tuple[RegionKind, ...] = (
    RegionKind("masthead", MASTHEAD, MastheadRegion, build_masthead,
               help="报头: the paper's name and the issue's metadata."),
    RegionKind("folio", FOLIO, FolioRegion, build_folio,
               help="报眉: paper, date, 版次, 版名, 责任编辑 on inner pages."),
    RegionKind("article", ARTICLE, ArticleRegion, build_article, slots=("article", "continued"),
               help="An article block: headline stack, text columns, jump lines."),
    RegionKind("box", BOX, BoxRegion, build_box, slots=("lines",),
               help="A framed or tinted box holding lines of text."),
    RegionKind("rule", RULE_REGION, RuleRegion, build_rule,
               help="A straight rule along the centre line of its area."),
    RegionKind("image", IMAGE, ImageRegion, build_image, slots=("image",),
               help="An image frame with caption and credit."),
)
BY_NAME: Dict[str, RegionKind] = {k.name: k for k in KINDS}



def region_spec(kinds: Tuple[RegionKind, ...]) -> Tagged:
    """The template's region format for these kinds: the common keys plus each kind's own, chosen by ``kind:``."""
    return Tagged(
        description="A rectangle on the grid. kind decides the other keys.",
        common=REGION_COMMON,
        variants={k.name: k.fields for k in kinds},
        variant_docs={k.name: k.help for k in kinds},
    )


REGION = region_spec(KINDS)


def kind(name: str) -> RegionKind:
    """The registered kind called ``name`` (KeyError when there is none; validation refuses unknown kinds first)."""
    return BY_NAME[name]


def slot_kinds() -> Dict[str, str]:
    """Issue slot key -> the kind of region it fills (``article`` and ``continued`` -> ``article``, ...)."""
    return {slot: k.name for k in KINDS for slot in k.slots}
