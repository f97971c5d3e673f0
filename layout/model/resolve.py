"""Resolving a validated template into the model types, with geometry checks.

Converts written lengths to points (em against the style's size, grid lines
against the body leading), applies ``based_on`` for styles, fills variables,
places regions on the grid and checks impossible geometry: margins larger
than the page, gutters that leave no column, spans beyond the grid, regions
outside the type area, regions overlapping where not allowed.
"""
from __future__ import annotations

import math
import os
from pathlib import Path
from typing import Any, Dict, List, Mapping, Optional, Tuple

from .. import units
from ..display import Color
from . import regionkinds, sheet, styleprops
from .errors import Diagnostics, did_you_mean
from .imagefile import image_file_problem, outside_problem
from .regionkinds import TOL, Missing
from .regionkinds import mm_text as _mm
from .spec import Len, dotted
from .types import (
    Box,
    Grid,
    ImageRef,
    ImageRegion,
    Mark,
    PageSpec,
    Region,
    RuleSpec,
    Style,
    Template,
    TextItem,
)
from .variables import BUILTIN, fill, unknown_names

BUILTIN_SWATCHES = {
    "black": Color("black", 0, 0, 0, 1, overprint=True),
    "paper": Color("paper", 0, 0, 0, 0),
    "white": Color("white", 0, 0, 0, 0),
}
MM = units.MM

class TemplateResolver:
    """Builds one Template from a TemplateSource for a page number and variable values."""

    def __init__(self, src: Any, diags: Diagnostics, page_number: int, values: Optional[Mapping[str, str]]):
        self.src = src
        self.data: Dict[str, Any] = src.data
        self.ctx = src.ctx
        self.diags = diags
        self.page_number = page_number
        self.values = values
        declared = self.data.get("variables", {})
        self.allowed_vars = set(BUILTIN) | set(declared)
        self.swatches: Dict[str, Color] = {}
        self.styles: Dict[str, Style] = {}
        self._raw_styles: Dict[str, Dict[str, Any]] = {}
        self._resolving: List[str] = []
        self.grid: Optional[Grid] = None
        self.page: Optional[PageSpec] = None
        self.variable_defaults = dict(declared)

    # -- helpers ---------------------------------------------------------

    def mark(self, path: Tuple[Any, ...]) -> Mark:
        """Where the value at path is written (or its nearest written ancestor)."""
        return self.ctx.mark(path)

    def key_mark(self, path: Tuple[Any, ...]) -> Mark:
        """Where the key leading to path is written."""
        return self.ctx.key_mark(path)

    def error(self, path: Tuple[Any, ...], message: str, key: bool = False) -> None:
        """Record an error at the value (or key) at path."""
        self.diags.error(self.key_mark(path) if key else self.mark(path), message)

    def written(self, path: Tuple[Any, ...]) -> bool:
        """True when the value at path is in the file (not a default)."""
        return tuple(path) in self.ctx.marks

    def text(self, value: str, path: Tuple[Any, ...], extra: Tuple[str, ...] = ()) -> str:
        """A template text with its variables checked and (when values are given) filled."""
        allowed = self.allowed_vars | set(extra)
        unknown, problem = unknown_names(value, allowed)
        if problem:
            self.error(path, f"{dotted(path)}: {problem}")
        for name in unknown:
            known = sorted(self.allowed_vars | set(extra))
            self.error(path, f"{dotted(path)}: unknown variable {{{name}}}{did_you_mean(name, known)}; "
                             f"known: {', '.join(known)} (declare your own under variables:)")
        if self.values is None:
            return value
        merged = dict(self.variable_defaults)
        merged.update(self.values)
        return fill(value, merged)

    # -- the whole template ----------------------------------------------

    def run(self) -> Optional[Template]:
        """The Template, or None when something needed could not be resolved (errors recorded)."""
        before = len(self.diags.errors)
        self.resolve_swatches()
        self.resolve_styles()
        self.page = self.resolve_page()
        self.grid = self.resolve_grid() if self.page else None
        regions = self.resolve_regions() if self.grid else ()
        if len(self.diags.errors) > before or self.page is None or self.grid is None:
            return None
        return Template(
            name=self.src.name,
            path=str(self.src.path),
            page=self.page,
            grid=self.grid,
            swatches=dict(self.swatches),
            styles=dict(self.styles),
            regions=tuple(regions),
            extends=self.src.extends,
            mark=Mark(self.src.display, 1, 1),
        )

    # -- swatches --------------------------------------------------------

    def resolve_swatches(self) -> None:
        """Built-in swatches plus the template's, converted to 0..1 CMYK."""
        self.swatches = dict(BUILTIN_SWATCHES)
        for name, raw in self.data.get("swatches", {}).items():
            path = ("swatches", name)
            if self.ctx.refused_at(path):
                continue  # a refused value inside it is reported; references to it stay quiet (swatch())
            if isinstance(raw, list):
                raw = {"cmyk": raw}
            if "cmyk" in raw and "gray" in raw or not ("cmyk" in raw or "gray" in raw):
                self.error(path, f"swatch '{name}': give either cmyk: [C, M, Y, K] or gray: percent", key=True)
                continue
            if "gray" in raw:
                color = Color(name, 0, 0, 0, raw["gray"] / 100.0, gray=True, overprint=bool(raw.get("overprint", False)))
            else:
                c, m, y, k = (v / 100.0 for v in raw["cmyk"])
                pure_black = k >= 0.999 and c == m == y == 0
                color = Color(name, c, m, y, k, overprint=bool(raw.get("overprint", pure_black)))
            self.swatches[name] = color

    def swatch(self, name: str, path: Tuple[Any, ...]) -> Optional[Color]:
        """The swatch named at path, or None after reporting it missing."""
        if name in self.swatches:
            return self.swatches[name]
        if self.ctx.refused_at(("swatches", name)) or self.ctx.refused_at(path):
            return None  # the swatch (or this reference) was refused and reported: no follow-on error
        self.error(path, f"{dotted(path)}: no swatch '{name}'{did_you_mean(name, self.swatches)}; define it under swatches:")
        return None

    def rule(self, raw: Optional[Dict[str, Any]], path: Tuple[Any, ...]) -> Optional[RuleSpec]:
        """A RuleSpec from a rule mapping (None when absent or broken)."""
        if raw is None or "width" not in raw:
            return None
        color = self.swatch(raw.get("color", "black"), path + ("color",))
        if color is None:
            return None
        dash = tuple(d.value for d in raw.get("dash", ()))
        return RuleSpec(raw["width"].value, color, dash)

    def tint(self, raw: Any, path: Tuple[Any, ...]) -> Optional[Color]:
        """A fill colour: a swatch, or a swatch at a percentage."""
        if raw is None:
            return None
        if isinstance(raw, str):
            return self.swatch(raw, path)
        base = self.swatch(raw["color"], path + ("color",))
        if base is None:
            return None
        f = raw.get("percent", 100) / 100.0
        if f >= 0.999:
            return base
        return Color(f"{base.name} {raw.get('percent'):g}%", base.c * f, base.m * f, base.y * f, base.k * f, gray=base.gray)

    # -- styles ----------------------------------------------------------

    def resolve_styles(self) -> None:
        """Every style, with based_on applied and lengths in points."""
        for name in self.data.get("styles", {}):
            raw = self._merged_style(name)
            if raw is not None:
                self.styles[name] = self._build_style(name, raw)

    def _merged_style(self, name: str) -> Optional[Dict[str, Any]]:
        if name in self._raw_styles:
            return self._raw_styles[name]
        own = self.data["styles"][name]
        parent_name = own.get("based_on")
        merged: Dict[str, Any] = {}
        if parent_name is not None:
            path = ("styles", name, "based_on")
            if parent_name in self._resolving or parent_name == name:
                loop = " -> ".join(self._resolving + [name, parent_name])
                self.error(path, f"styles.{name}.based_on: styles are based on each other in a loop ({loop})")
            elif parent_name not in self.data["styles"]:
                hint = did_you_mean(parent_name, self.data["styles"])
                self.error(path, f"styles.{name}.based_on: no style '{parent_name}'{hint}")
            else:
                self._resolving.append(name)
                merged = dict(self._merged_style(parent_name) or {})
                self._resolving.pop()
        merged.update({k: v for k, v in own.items() if k != "based_on"})
        merged.setdefault("_origin", {})
        merged["_origin"] = dict(merged["_origin"], **{k: name for k in own if k != "based_on"})
        self._raw_styles[name] = merged
        return merged

    def _build_style(self, name: str, raw: Dict[str, Any]) -> Style:
        """A Style from merged raw values: every registry property written or defaulted, lengths in pt."""
        size = self._style_value(styleprops.prop("size"), raw, name, 0.0)
        values = {p.name: self._style_value(p, raw, name, size) for p in styleprops.PROPERTIES}
        return Style(name=name, mark=self.key_mark(("styles", name)), **values)

    def _style_value(self, prop: styleprops.StyleProp, raw: Dict[str, Any], name: str, size: float) -> Any:
        """One property's resolved value: lengths in pt (em against ``size``), a swatch as its colour."""
        value = raw.get(prop.name)
        if prop.kind == styleprops.SWATCH:
            origin = raw["_origin"].get(prop.name, name)
            return self.swatch(value or prop.default, ("styles", origin, prop.name)) or BUILTIN_SWATCHES["black"]
        if value is None:
            return prop.resolved_default(size)
        return value.to_pt(em=size) if isinstance(value, Len) else value

    def style(self, name: Optional[str], path: Tuple[Any, ...], fallback: Optional[Style] = None,
              required: bool = True) -> Optional[Style]:
        """The style named at path. A missing style is an error when written; a missing default
        name gives the fallback (or an error when required and there is none)."""
        if name is None:
            return fallback
        if name in self.styles:
            return self.styles[name]
        if name in self.data.get("styles", {}):
            return fallback  # the style itself is broken; already reported
        if not self.written(path):
            return fallback  # a default name that is not defined: the caller decides whether that is an error
        how = "" if self.written(path) else f" (the default for {path[-1]}; define it or set {path[-1]})"
        self.error(path, f"{dotted(path)}: no style '{name}'{how}{did_you_mean(name, self.styles)}")
        return fallback

    # -- page and grid ---------------------------------------------------

    def resolve_page(self) -> Optional[PageSpec]:
        """Trim size, bleed and margins; margins that leave no type area are errors."""
        page = self.data.get("page")
        if not page or "size" not in page or "margins" not in page:
            return None
        size = self._page_size(page["size"])
        if size is None:
            return None
        name, width, height = size
        m = page["margins"]
        if isinstance(m, Len):
            m = {"top": m, "bottom": m, "inside": m, "outside": m}
        if any(k not in m for k in ("top", "bottom", "inside", "outside")):
            return None  # a margin was refused by validation (reported there), e.g. a negative one
        top, bottom, inside, outside = (m[k].value for k in ("top", "bottom", "inside", "outside"))
        ok = True
        if top + bottom >= height - TOL:
            self.error(("page", "margins"),
                       f"page.margins: top + bottom ({_mm(top + bottom)}) leave no room on a page {_mm(height)} high")
            ok = False
        if inside + outside >= width - TOL:
            self.error(("page", "margins"),
                       f"page.margins: inside + outside ({_mm(inside + outside)}) leave no room on a page {_mm(width)} wide")
            ok = False
        bleed = page["bleed"].value if "bleed" in page else 0.0
        if bleed > 25 * MM:
            self.error(("page", "bleed"), f"page.bleed: {_mm(bleed)} is more than any press needs (3 mm is usual)")
        elif max(width, height) > sheet.max_trim_side_pt(bleed) + TOL:
            self.error(("page", "size"), f"page.size {_mm(width)} × {_mm(height)}: {page_side_limits(bleed)}")
            ok = False
        if not ok:
            return None
        return PageSpec(name, width, height, bleed, top, bottom, inside, outside, number=self.page_number,
                        writing_mode=page.get("writing_mode", "horizontal-tb"))

    def _bleed(self) -> float:
        """The page's bleed as written (0 when none), in pt."""
        page = self.data.get("page") or {}
        return page["bleed"].value if "bleed" in page else 0.0

    def _page_size(self, raw: Any) -> Optional[Tuple[str, float, float]]:
        path = ("page", "size")
        if isinstance(raw, dict):
            w, h = raw["width"].value, raw["height"].value
            if not all(units.MIN_PAGE_PT <= side <= units.MAX_PAGE_PT for side in (w, h)):
                self.error(path, f"page.size {{width: {_mm(w)}, height: {_mm(h)}}}: {page_side_limits(self._bleed())}")
                return None
            return "custom", w, h
        try:
            w, h = units.parse_page_size(raw)
        except units.UnitError as exc:
            if "each side must be" in str(exc):  # the WIDTHxHEIGHT form, but a side beyond what PDF allows
                self.error(path, f"page.size '{raw}': {page_side_limits(self._bleed())}")
                return None
            if not str(exc).startswith("not a page size"):  # the WIDTHxHEIGHT form with a unit that is not one
                self.error(path, f"page.size: {exc}")
                return None
            presets = list(units.PAGE_SIZES_MM)
            self.error(path, f"page.size: '{raw}' is not a page size{did_you_mean(raw, presets)}; "
                             f"use one of {', '.join(presets)}, WIDTHxHEIGHTmm, or {{width, height}}")
            return None
        key = str(raw).strip().upper()
        return (key if key in units.PAGE_SIZES else "custom"), w, h

    def resolve_grid(self) -> Optional[Grid]:
        """Columns in the type area and the body style's character grid."""
        g = self.data.get("grid")
        assert self.page is not None
        if not g or "columns" not in g or "gutter" not in g:
            return None
        content = self.page.content
        n, gutter = g["columns"], g["gutter"].value
        column_width = (content.w - (n - 1) * gutter) / n
        if column_width <= 1.0:
            self.error(("grid", "gutter"), f"grid: {n - 1} gutters of {_mm(gutter)} leave no room for {n} columns "
                                           f"in a type area {_mm(content.w)} wide")
            return None
        body_name = g.get("body_style", "body")
        body = self.style(body_name, ("grid", "body_style"), required=True)
        if body is None:
            if not self.written(("grid", "body_style")) and body_name not in self.data.get("styles", {}) \
                    and not self.ctx.refused_at(("styles", body_name)):
                self.error(("grid",), f"grid: the body style '{body_name}' is not defined; "
                                      f"define styles.{body_name} or set grid.body_style", key=True)
            return None
        chars, lines = character_grid(column_width, content.h, body)
        if chars < 1:
            self.error(("grid", "columns"),
                       f"grid: a column {_mm(column_width)} wide holds no character of the body style ({body.size:g} pt)")
        return Grid(
            columns=n, gutter=gutter, column_width=column_width, content=content, body_style=body_name,
            line_height=body.leading, chars_per_line=chars, lines_per_column=lines,
            column_rule=self.rule(g.get("column_rule"), ("grid", "column_rule")),
        )

    # -- regions ---------------------------------------------------------

    def resolve_regions(self) -> List[Region]:
        """Every region placed and built; then the overlap check (none past MAX_REGIONS: an error)."""
        out: List[Region] = []
        regions = self.data.get("regions", {})
        if len(regions) > MAX_REGIONS:
            self.error(("regions",), f"regions: {len(regions)} regions; a page template may have at most "
                                     f"{MAX_REGIONS} (a newspaper page has a few dozen): split it into pages", key=True)
            return out
        for rid, raw in regions.items():
            try:
                region = self.region(rid, raw)
            except Missing:
                continue
            if region is not None:
                out.append(region)
        self.check_sources(out)
        self.check_overlaps(out)
        return out

    def place(self, rid: str, raw: Dict[str, Any]) -> Tuple[Box, bool]:
        """The region's box from column/span/top/height, and False after an error (span beyond
        the grid, outside the type area); the box is still computed so the region's content is checked."""
        grid = self.grid
        assert grid is not None
        base = ("regions", rid)
        if "column" not in raw or "span" not in raw or "height" not in raw:
            return grid.content, False  # already reported; the content is still checked in the type area
        col, span = raw["column"], self.span_of(raw)
        ok = True
        if col > grid.columns:
            self.error(base + ("column",), f"regions.{rid}.column: column {col} is beyond the grid ({grid.columns} columns)")
            ok = False
        elif col + span - 1 > grid.columns:
            self.error(base + ("span",), f"regions.{rid}.span: {span} columns from column {col} reach column {col + span - 1}, "
                                         f"but the grid has {grid.columns}")
            ok = False
        content = grid.content
        y = content.y + raw.get("top", Len(0.0)).to_pt(line=grid.line_height)
        h = raw["height"].to_pt(line=grid.line_height, rest=content.bottom - y)
        if y >= content.bottom - TOL:
            self.error(base + ("top",),
                       f"regions.{rid}.top: starts {_mm(y - content.y)} down, below the type area ({_mm(content.h)} high)")
            ok, h = False, max(h, 1.0)
        elif y + h > content.bottom + TOL:
            self.error(base + ("height",),
                       f"regions.{rid}.height: the region ends {_mm(y + h - content.bottom)} below the type area "
                       f"(top {_mm(y - content.y)} + height {_mm(h)} > {_mm(content.h)}); make it shorter or use 'rest'")
            ok = False
        return Box(grid.column_x(col), y, grid.span_width(span), h), ok

    def span_of(self, raw: Dict[str, Any]) -> int:
        """The region's span in grid columns; ``all`` runs from its column to the last grid column (at least 1)."""
        assert self.grid is not None
        span = raw.get("span", "all")
        return max(1, self.grid.columns - raw.get("column", 1) + 1) if span == "all" else span

    def region(self, rid: str, raw: Dict[str, Any]) -> Optional[Region]:
        """One region of any kind (None after an error; its content is still checked)."""
        box, ok = self.place(rid, raw)
        common = dict(id=rid, column=raw.get("column", 1), span=self.span_of(raw), box=box,
                      overlap=bool(raw.get("overlap", False)), mark=self.key_mark(("regions", rid)))
        region = regionkinds.kind(raw["kind"]).build(self, rid, raw, common)
        return region if ok else None

    def text_item(self, raw: Any, path: Tuple[Any, ...], default: Optional[Style]) -> Optional[TextItem]:
        """A TextItem from a string or {text, style}."""
        if raw is None:
            return None
        if isinstance(raw, str):
            text, style = raw, default
        else:
            text = raw["text"]
            style = self.style(raw.get("style"), path + ("style",), fallback=default) if "style" in raw else default
        if style is None:
            return None
        return TextItem(self.text(text, path if isinstance(raw, str) else path + ("text",)), style, self.mark(path))

    def default_style(self, raw: Dict[str, Any], rid: str, key: str) -> Optional[Style]:
        """The region's style for plain-string lines (falls back to the body style when the default name is absent)."""
        assert self.grid is not None
        return self.style(raw.get(key), ("regions", rid, key), fallback=self.styles.get(self.grid.body_style))

    def image_ref(self, rel: str, path: Tuple[Any, ...], caption: str = "", credit: str = "") -> ImageRef:
        """An ImageRef relative to the template file; a missing or unreadable file is a warning."""
        file = Path(os.path.normpath(Path(self.src.path).parent / rel))
        outside = outside_problem(file, Path(self.src.path).parent, "the template's folder")
        if outside:  # an error, and the file is never read
            self.error(path, f"{dotted(path)}: {outside}")
            return ImageRef(str(file), caption, credit, False, mark=self.mark(path), problem=outside)
        problem = image_file_problem(file)
        if problem:
            self.diags.warning(self.mark(path), f"{dotted(path)}: image file '{rel}' {problem}; a placeholder will be drawn")
        return ImageRef(str(file), caption, credit, os.path.isfile(file), mark=self.mark(path), problem=problem)

    # -- cross-region checks ---------------------------------------------

    def check_sources(self, regions: List[Region]) -> None:
        """An image region's source must name an article region."""
        kinds = {rid: raw.get("kind") for rid, raw in self.data.get("regions", {}).items()}
        for r in regions:
            if isinstance(r, ImageRegion) and r.source:
                path = ("regions", r.id, "source")
                if kinds.get(r.source) != "article" and not self.ctx.refused_at(("regions", r.source, "kind")):
                    what = f"is a {kinds[r.source]} region" if r.source in kinds else "does not exist"
                    arts = [k for k, v in kinds.items() if v == "article"]
                    hint = did_you_mean(r.source, arts)
                    self.error(path, f"regions.{r.id}.source: region '{r.source}' {what}; name an article region{hint}")

    def check_overlaps(self, regions: List[Region]) -> None:
        """Regions may not overlap unless one allows it, one is a rule, or a wrapping image sits on an article."""
        placed = [r for r in regions if not self.ctx.refused_at(("regions", r.id))]
        reported = 0
        for i, a in enumerate(placed):  # a region with a refused key (reported) is not where, or what, it was meant
            for b in placed[i + 1:]:
                if not a.box.overlaps(b.box) or overlap_allowed(a, b):
                    continue
                reported += 1
                if reported > MAX_OVERLAP_ERRORS:
                    self.diags.error(b.mark, f"regions.{b.id} and more overlap other regions (the first "
                                             f"{MAX_OVERLAP_ERRORS} are listed); fix those first")
                    return
                w = min(a.box.right, b.box.right) - max(a.box.x, b.box.x)
                h = min(a.box.bottom, b.box.bottom) - max(a.box.y, b.box.y)
                self.diags.error(b.mark, f"regions.{b.id} overlaps regions.{a.id} (line {a.mark.line}) by {_mm(w)} × {_mm(h)}; "
                                         f"move one, or set overlap: true on one of them")


MAX_REGIONS = 400  # regions of one page template; every pair is checked for overlap
MAX_OVERLAP_ERRORS = 20  # overlaps listed before the rest are summed up in one message


def page_side_limits(bleed: float = 0.0) -> str:
    """Why a page size is refused though written correctly: the trim sides (inclusive) whose sheet, with ``bleed``
    and the printer's-mark band on every side, stays within the largest page a PDF may have (model.sheet)."""
    return (f"each side must be between {units.MIN_PAGE_PT / MM:.0f} mm and {sheet.max_trim_side_mm(bleed):g} mm "
            f"inclusive (with {_mm(bleed)} bleed and the {_mm(sheet.marks_margin_pt())} printer's-mark band on each "
            f"side the sheet is then at most {units.MAX_PAGE_PT:.0f} pt, the largest page a PDF may have)")


def overlap_allowed(a: Region, b: Region) -> bool:
    """True when two overlapping regions are allowed to overlap."""
    if a.overlap or b.overlap or a.kind == "rule" or b.kind == "rule":
        return True
    for img, other in ((a, b), (b, a)):
        if isinstance(img, ImageRegion) and img.wrap and other.kind == "article":
            return True
    return False


def character_grid(column_width: float, height: float, body: Style) -> Tuple[int, int]:
    """(characters per column line, lines per column) for a body style.

    A line of n characters is n × size + (n − 1) × tracking wide; a column of
    m lines is size + (m − 1) × leading tall (first line one em, then one
    leading per line).
    """
    step = body.size + body.tracking
    chars = int(math.floor((column_width + body.tracking) / step + 1e-6)) if step > 0 else 0
    lines = int(math.floor((height - body.size) / body.leading + 1e-6)) + 1 if height >= body.size else 0
    return max(chars, 0), max(lines, 0)
