"""Writing an import: ``issue.yaml``, one article file per article, the templates, and ``IMPORT.md``.

Article files use the documented article format (docs/templates.md: header
keys, a line ``---``, one paragraph per line). The bundled templates are
copied into ``DIR/templates/`` so the issue is self-contained wherever DIR
is; pages are filled in order: the first source page on the ``front``
template (lead, second story, service box, 报眼), later pages and overflow
on ``inner`` pages, a story that jumped (下转/上接) continuing in the inner
page's ``continued`` block.
"""
from __future__ import annotations

import functools
import shutil
from pathlib import Path
from typing import Dict, List, Optional

import yaml

from .changelog import import_md
from .confidence import page_doubts
from .model import Article, Imported, Review
from .photos import write_photos

BUNDLED_TEMPLATES = Path(__file__).resolve().parents[2] / "templates"
FRONT_SLOTS = ("lead", "second")
INNER_SLOTS = ("continued", "feature", "side", "commentary")

@functools.lru_cache(maxsize=None)
def template_regions(name: str) -> Dict[str, Dict]:
    """The regions of a bundled template (its own, not the base's): name -> mapping."""
    path = BUNDLED_TEMPLATES / f"{name}.yaml"
    data = yaml.safe_load(path.read_text(encoding="utf-8")) if path.exists() else None
    regions = (data or {}).get("regions") or {}
    return {k: v for k, v in regions.items() if isinstance(v, dict)}


def _vertical_slot(template: str, slot: str) -> bool:
    return template_regions(template).get(slot, {}).get("writing_mode") == "vertical"


def write_import(result: Imported, out: Path, template_pages: Optional[List[str]] = None) -> List[Path]:
    """Write the issue folder; returns the files written. ``template_pages`` names one template per source page."""
    out.mkdir(parents=True, exist_ok=True)
    written = [_copy_templates(out)]
    write_photos(result, out)  # before the articles: an article names its picture only when the file was written
    written += [out / a.image for a in result.articles if a.image]
    for article in result.articles:
        written.append(_write_article(article, out))
    pages = generated_pages(result, template_pages) if template_pages else bundled_pages(result)
    page_doubts(result, len(pages))
    for box in result.boxes:
        if not box.placed:
            result.review.append(Review(box.where, f"{box.kind} box ({' / '.join(map(str, box.lines))}) has no "
                                        "region of that name on its page's template: not in the issue, add it by hand"))
    issue = issue_data(result, pages)
    path = out / "issue.yaml"
    path.write_text(_header(result) + yaml.safe_dump(issue, allow_unicode=True, sort_keys=False, width=1000),
                    encoding="utf-8")
    written.append(path)
    written.append(write_log(result, out))
    return written


def write_log(result: Imported, out: Path) -> Path:
    """(Re)write ``out/IMPORT.md`` from the result, and the counts in ``issue.yaml``'s header line with it.

    Both count the same lists (a review item added after the first write, e.g. by the overset check,
    shows in both), so the header never disagrees with IMPORT.md.
    """
    issue = out / "issue.yaml"
    if issue.exists():
        text = issue.read_text(encoding="utf-8")
        if text.startswith(HEADER_START):
            issue.write_text(_header(result) + text.split("\n", 1)[1], encoding="utf-8")
    log = out / "IMPORT.md"
    log.write_text(import_md(result, {a.id: article_file(a) for a in result.articles}), encoding="utf-8")
    return log


def article_file(article: Article) -> str:
    """The file name of an article (its id + .txt)."""
    return f"{article.id}.txt"


def article_text(article: Article) -> str:
    """The article in the documented format: header lines, ``---``, one paragraph per line."""
    head: List[str] = []
    for key in ("kicker", "headline", "subhead"):
        head += [f"{key}: {line}" for line in getattr(article, key)]
    if article.byline:
        head.append(f"byline: {article.byline}")
    if article.image:  # a caption or credit without the picture is listed under To review instead (photos.py)
        head.append(f"image: {article.image}")
        head += [f"caption: {article.caption}"] if article.caption else []
        head += [f"credit: {article.credit}"] if article.credit else []
    body = [p.text.strip() for p in article.paragraphs if p.text.strip()]
    return "\n".join(head + ["---"] + body) + "\n"


def _write_article(article: Article, out: Path) -> Path:
    path = out / article_file(article)
    path.write_text(article_text(article), encoding="utf-8")
    return path


def copy_bundled_templates(out: Path) -> Path:
    """Copy the bundled templates into ``out/templates`` (the issue then needs nothing outside its folder)."""
    return _copy_templates(out)


def _copy_templates(out: Path) -> Path:
    target = out / "templates"
    target.mkdir(parents=True, exist_ok=True)
    for src in sorted(BUNDLED_TEMPLATES.glob("*.yaml")):
        shutil.copyfile(src, target / src.name)
    return target


def bundled_pages(result: Imported) -> List[Dict]:
    """Pages on the bundled templates: source page 1 on ``front``, the rest (and overflow) on ``inner``."""
    pages: List[Dict] = []
    placed: Dict[str, int] = {}
    for info in result.pages:
        page_no = info.index + 1
        arts = [a for a in result.articles if a.pages and a.pages[0] == page_no]
        jumped = [a for a in result.articles if page_no in a.pages[1:]]
        template = "front" if not pages else "inner"
        page = _new_page(pages, template, info)
        _place_boxes(page, result, page_no)
        for article in jumped:
            if article.id in placed and "continued" not in page["slots"] and template == "inner":
                page["slots"]["continued"] = {"continued": article.id}
        for article in arts:
            page = _place(pages, page, article, info)
            placed[article.id] = page["number"]
    return pages


def _new_page(pages: List[Dict], template: str, info) -> Dict:
    page = {"number": len(pages) + 1, "template": template}
    if info.name:
        page["name"] = info.name
    if info.editor:
        page["editor"] = info.editor
    page["slots"] = {}
    pages.append(page)
    return page


def _place(pages: List[Dict], page: Dict, article: Article, info) -> Dict:
    """Put the article in the page's first free slot of its writing mode (横排/竖排), else any free one."""
    slots = FRONT_SLOTS if page["template"] == "front" else INNER_SLOTS
    free = [s for s in slots if s not in page["slots"]]
    if not free:
        page = _new_page(pages, "inner", info)
        free = list(INNER_SLOTS)
    vertical = is_vertical(article)
    same = [s for s in free if _vertical_slot(page["template"], s) == vertical]
    page["slots"][(same or free)[0]] = article_file(article)
    return page


def is_vertical(article: Article) -> bool:
    """Whether most of the article's text was set vertically (竖排) on the old page."""
    chars = [len(p.text) * (1 if p.vertical else -1) for p in article.paragraphs]
    return sum(chars) > 0


def _place_boxes(page: Dict, result: Imported, page_no: int) -> None:
    """The page's boxes in the template's box regions of the same name (hotline, greeting, notice)."""
    regions = template_regions(page["template"])
    for box in result.boxes:
        region = regions.get(box.kind)
        if box.page != page_no or not region or region.get("kind") != "box" or box.kind in page["slots"]:
            continue
        lines = [str(line) for line in box.lines]
        default = [d.get("text") if isinstance(d, dict) else str(d) for d in region.get("lines") or []]
        if lines != default:  # the template's own lines keep their styles
            page["slots"][box.kind] = {"lines": lines}
        box.placed = True


def generated_pages(result: Imported, template_pages: List[str]) -> List[Dict]:
    """Pages on templates made from the PDF: one page per source page, each article in its own region."""
    pages = []
    for info, template in zip(result.pages, template_pages):
        page = _new_page(pages, template, info)
        for box in result.boxes:
            if box.page == info.index + 1 and box.rect is not None:
                page["slots"][box.kind] = {"lines": list(box.lines)}
                box.placed = True
        for article in result.articles:
            if article.pages and article.pages[0] == info.index + 1:
                page["slots"][article.id] = article_file(article)
            elif info.index + 1 in article.pages[1:]:
                page["slots"][f"{article.id}-cont"] = {"continued": article.id}
    return pages


def issue_data(result: Imported, pages: List[Dict]) -> Dict:
    """The issue.yaml mapping."""
    paper = result.paper
    data: Dict = {"name": str(paper["name"]), "date": str(paper["date"]), "number": int(paper["number"])}
    for key in ("total_number", "pages"):
        if key in paper:
            data[key] = int(paper[key])
    data["pages"] = max(int(data.get("pages", 0)), len(pages))
    for key in ("sponsor", "licence", "website"):
        if key in paper:
            data[key] = str(paper[key])
    return {"paper": data, "templates": "templates", "output": str(paper["date"]).replace("-", ""), "pages": pages}


HEADER_START = "# Imported by `render.py import` from"


def _header(result: Imported) -> str:
    return (f"{HEADER_START} {Path(result.source).name}: {len(result.articles)} articles, "
            f"{len(result.changes)} changes, {len(result.review)} to review (see IMPORT.md).\n")
