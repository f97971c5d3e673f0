"""``--template-from-pdf``: a template per old page that keeps its make-up.

Each template extends the bundled ``base`` (styles) and sets the old page's
size, type area (margins), grid (column count and gutter measured from the
column edges of the body text) and body size and leading; every article gets
an ``article`` region at its rectangle on the page in grid units (column,
span, top and height in grid lines; docs/templates.md "Units"). A region
that would overlap an earlier one is marked ``overlap: true`` and listed for
review, so the template always checks.
"""
from __future__ import annotations

import math
from pathlib import Path
from typing import Dict, List, Tuple

import yaml

from .model import Imported, PageInfo, Review, rect_where

PT_PER_MM = 72 / 25.4
ROUNDING_PT = 0.5  # the margins are written to 0.1 mm: the type area may come out this much shorter


def write_templates(result: Imported, folder: Path) -> List[str]:
    """Write one template per source page into ``folder``; returns their names, page by page."""
    from .writer import copy_bundled_templates

    copy_bundled_templates(folder.parent)
    names = []
    for info in result.pages:
        name = f"page-{info.index + 1:02d}"
        data = page_template(result, info)
        (folder / f"{name}.yaml").write_text(
            f"# Geometry of page {info.index + 1} of {Path(result.source).name}, measured by render.py import.\n"
            + yaml.safe_dump(data, allow_unicode=True, sort_keys=False, width=1000), encoding="utf-8")
        names.append(name)
    return names


def _mm(pt: float) -> str:
    return f"{max(0.0, pt) / PT_PER_MM:.1f}mm"


def page_template(result: Imported, info: PageInfo) -> Dict:
    """The template mapping of one source page."""
    width, height = info.size or (595.0, 842.0)
    ox, oy = info.trim[:2] if info.trim else (0.0, 0.0)
    x0, top, x1, bottom = info.type_area or (ox + 36.0, oy + 36.0, ox + width - 36.0, oy + height - 36.0)
    x0, top, x1, bottom = x0 - ox, top - oy, x1 - ox, bottom - oy  # from the trim box's corner
    grid = measure_grid(info, x1 - x0)
    odd = (info.index + 1) % 2 == 1
    left, right = x0, width - x1
    margins = {"top": _mm(top), "bottom": _mm(height - bottom),
               "inside": _mm(left if odd else right), "outside": _mm(right if odd else left)}
    body = info.body_size or 9.0
    data = {
        "extends": "base",
        "description": f"measured from {Path(result.source).name} page {info.index + 1}",
        "page": {"size": {"width": _mm(width), "height": _mm(height)}, "bleed": 0, "margins": margins},
        "grid": {"columns": grid["columns"], "gutter": f"{grid['gutter']:.2f}pt"},
        "styles": {"body": {"size": f"{body:.2f}pt", "leading": f"{grid['leading']:.2f}pt"}},
        "regions": regions(result, info, grid, (x0 + ox, top + oy)),
    }
    return data


def measure_grid(info: PageInfo, area_width: float) -> Dict[str, float]:
    """Columns, gutter, column width and leading of the page's body text."""
    columns = max(1, info.columns or 1)
    body = info.body_size or 9.0
    gutter = (info.gutter or body) if columns > 1 else 0.0
    col = (area_width - (columns - 1) * gutter) / columns
    leading = info.leading or round(body * 1.5, 2)
    area = info.type_area[3] - info.type_area[1] if info.type_area else 50 * leading
    lines = max(1, int(math.floor((area - ROUNDING_PT) / leading)))  # whole grid lines inside the type area
    return {"columns": columns, "gutter": gutter, "col": col, "leading": leading, "lines": lines}


def regions(result: Imported, info: PageInfo, grid: Dict[str, float], origin: Tuple[float, float]) -> Dict:
    """An article region per article on the page, at its rectangle in grid units."""
    page = info.index + 1
    out: Dict[str, Dict] = {}
    taken: List[Tuple[int, int, int, int]] = []
    for name, region, rect in fixed_regions(result, page, grid, origin):
        taken.append(rect)
        out[name] = region
    for article in result.articles:
        box = article.boxes.get(page)
        if box is None:
            continue
        name = article.id if article.pages and article.pages[0] == page else f"{article.id}-cont"
        rect = _clear(grid_rect(box, grid, origin), taken, grid["lines"])
        region = {"kind": "article", "column": rect[0], "span": rect[1], "top": f"{rect[2]} lines",
                  "height": f"{rect[3]} lines", "columns": rect[1]}
        if any(_overlaps(rect, other) for other in taken):
            region["overlap"] = True
            where = rect_where(page, box, Path(result.source).name)
            result.review.append(Review(where, f"template region {name} overlaps another article's "
                                        "(an L-shaped make-up): marked overlap: true", article.id))
        taken.append(rect)
        out[name] = region
        if page in article.pictures and (article.caption or article.credit):
            out[f"{name}-photo"] = picture_region(article.pictures[page], grid, origin, name)
    return out


def picture_region(rect, grid: Dict[str, float], origin: Tuple[float, float], source: str) -> Dict:
    """An image region where the old page had the article's picture and caption; the text wraps around it."""
    return {"kind": "image", **_place(grid_rect(rect, grid, origin)), "source": source, "wrap": True,
            "caption_style": "caption", "credit_style": "credit"}


MASTHEAD_ITEMS = (("date", "{date}　{weekday}"), ("number", "第{number}期"), ("total_number", "总第{total_number}期"),
                  ("pages", "本期{pages}版"), ("sponsor", "{sponsor}主办"), ("licence", "准印证号{licence}"),
                  ("website", "{website}"))


def masthead_items(paper: Dict) -> List[str]:
    """The masthead region's item lines for the fields the old page printed; 期号, 总期号 and 版数 share one line."""
    items, issue_line = [], ""
    for key, text in MASTHEAD_ITEMS:
        if key not in paper:
            continue
        if key in ISSUE_LINE_KEYS:
            issue_line += ("　" if issue_line and key == "pages" else "") + ISSUE_LINE_KEYS[key]
            if not items or items[-1] is not None:
                items.append(None)  # where the issue line goes
        else:
            items.append(text)
    return [issue_line if item is None else item for item in items]


ISSUE_LINE_KEYS = {"number": "第{number}期", "total_number": "（总第{total_number}期）", "pages": "本期{pages}版"}


def fixed_regions(result: Imported, page: int, grid: Dict[str, float], origin: Tuple[float, float]):
    """(name, region, grid rect) of the page's 报头 and boxes (hotline, greeting) where the old page had them."""
    out = []
    if page in result.masthead:
        rect = grid_rect(result.masthead[page], grid, origin)
        items = masthead_items(result.paper)
        out.append(("masthead", {"kind": "masthead", **_place(rect), "name": {"text": "{paper}", "style": "headline"},
                                 "style": "box", "items": items}, rect))
    for box in result.boxes:
        if box.page == page and box.rect is not None:
            rect = _clear(grid_rect(box.rect, grid, origin), [r for _, _, r in out], grid["lines"])
            region = {"kind": "box", **_place(rect), "style": "box"}
            if box.vertical:
                region["writing_mode"] = "vertical"
            out.append((box.kind, region, rect))
    return out


def _place(rect) -> Dict:
    return {"column": rect[0], "span": rect[1], "top": f"{rect[2]} lines", "height": f"{rect[3]} lines"}


def grid_rect(box, grid: Dict[str, float], origin: Tuple[float, float]) -> Tuple[int, int, int, int]:
    """(column, span, top line, height in lines) of a rectangle in pt, rounded to the grid."""
    pitch = grid["col"] + grid["gutter"]
    first = int(max(0, math.floor((box[0] - origin[0] + grid["gutter"] / 2) / pitch)))
    last = int(max(first, math.ceil((box[2] - origin[0] - grid["gutter"] / 2) / pitch) - 1))
    last = min(last, int(grid["columns"]) - 1)
    first = min(first, last)
    top = int(max(0, math.floor((box[1] - origin[1]) / grid["leading"])))
    height = int(max(1, math.ceil((box[3] - box[1]) / grid["leading"])))
    lines = int(grid["lines"])  # clamped to the grid lines inside the type area: the template checks
    top = min(top, lines - 1)
    return first + 1, last - first + 1, top, max(1, min(height, lines - top))


def _clear(rect, taken, lines: int) -> Tuple[int, int, int, int]:
    """Move a rectangle's top below earlier ones it overlaps (rounding to lines makes neighbours touch)."""
    column, span, top, height = rect
    bottom = top + height
    for other in taken:
        if _overlaps((column, span, top, bottom - top), other) and other[2] <= top:
            top = max(top, other[2] + other[3])
    top = min(top, max(0, lines - 1))
    bottom = min(max(bottom, top + 1), lines)
    return column, span, top, max(1, bottom - top)


def _overlaps(a, b) -> bool:
    return a[0] < b[0] + b[1] and b[0] < a[0] + a[1] and a[2] < b[2] + b[3] and b[2] < a[2] + a[3]
