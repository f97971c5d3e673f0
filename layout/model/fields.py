"""The template and issue formats, defined once as field specs.

``TEMPLATE`` validates templates/*.yaml and generates the JSON Schema printed
by ``render.py schema``; ``ISSUE`` validates issue.yaml. docs/templates.md is
the prose reference for the same keys. Defaults given here are the defaults
the resolver applies. Style keys are not written here: ``STYLE`` is built
from the style-property registry (``layout.model.styleprops``); region keys
neither: ``REGION`` and the pieces regions are made of (rules, tints, text
items, image files) come from the region-kind registry
(``layout.model.regionkinds``).
"""
from __future__ import annotations

from typing import Any, Callable, Dict

from ..records import record
from . import styleprops
from .regionkinds import ABS, IMAGE_FILE, REGION, RULE, TEXT_ITEM, WRITING_MODE_ALIASES, WRITING_MODES
from .spec import (
    Boolean,
    Ctx,
    Field,
    Integer,
    Length,
    ListOf,
    MapOf,
    Number,
    Path,
    Record,
    Ref,
    Shape,
    Spec,
    Text,
    dotted,
    kind_of,
)
from .yamlnodes import YMap, YNode, YScalar

ALIGNS = list(styleprops.choices("align"))

# -- shared pieces -----------------------------------------------------------

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

LANGUAGES = ("zh-Hans", "zh-Hant")
LANGUAGE_ALIASES = {"zh-CN": "zh-Hans", "zh-SG": "zh-Hans", "zh-TW": "zh-Hant", "zh-HK": "zh-Hant", "zh-MO": "zh-Hant",
                    "简体": "zh-Hans", "繁體": "zh-Hant", "繁体": "zh-Hant"}

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
        "language": Field(Text(enum=LANGUAGES, aliases=LANGUAGE_ALIASES, allow_numbers=False),
                          "the script the issue is written in: zh-Hans (简体, default) or zh-Hant (繁體: the font "
                          "configuration's languages: map picks Traditional faces)", default="zh-Hans"),
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

@record
class RegionOverrides(Spec):
    """An issue page's ``regions:``: region ids to mappings, kept as YAML nodes; the template check validates them
    after they are merged into the page's template (layout.model.template.read_template_with)."""

    description: str = "region id -> keys that replace the template's (a new id with kind: adds a region)"
    expected: str = "a mapping of region ids to mappings of region keys"

    def check(self, node: YNode, path: Path, ctx: Ctx) -> Any:
        if not isinstance(node, YMap):
            return self.wrong(node, path, ctx)
        for key, child in node:
            if not isinstance(child, YMap) and not (isinstance(child, YScalar) and child.value is None):
                return ctx.error(child.mark, f"{dotted(path + (str(key.value),))}: expected a mapping of region keys "
                                             f"(column:, span:, top:, height:, ...) or null (no such region on this "
                                             f"page), got {kind_of(child)}")
        return node

    def json(self) -> Dict[str, Any]:
        return self._doc({"type": "object", "additionalProperties": {"type": ["object", "null"]}})


PAGE_ENTRY = Record(
    title="issue page",
    fields={
        "number": Field(Integer(minimum=1, maximum=999), "版次", required=True),
        "template": Field(Text(), "template name (file in the templates folder) or relative path", required=True),
        "name": Field(Text(), "版名 ({page_name})"),
        "editor": Field(Text(), "责任编辑 ({editor})"),
        "label": Field(Text(), "page label, e.g. A1 (default: the number)"),
        "language": Field(Text(enum=LANGUAGES, aliases=LANGUAGE_ALIASES, allow_numbers=False),
                          "this page's script when it differs from paper.language (zh-Hans or zh-Hant)"),
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
