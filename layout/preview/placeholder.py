"""A template previewed alone: a synthetic one-page issue filled with placeholder text (灰文).

A designer wants to see a template before any copy exists. This writes an
ordinary issue folder (issue.yaml, one article file per article region, a
flat grey picture for every image region) into a temporary folder, so the
preview runs the same pipeline as a real issue: the template is read from
where it lies (``templates:`` names its folder), its article regions get
headlines and as much 灰文 as their body columns hold, its boxes without
lines get two placeholder lines, its image regions a grey picture.
"""
from __future__ import annotations

import itertools
from pathlib import Path
from typing import Dict, List

import yaml

from ..flow.frame import Frame, LineGrid
from ..model.types import ArticleRegion, BoxRegion, ImageRegion, Template

PAPER = {"name": "示例报", "date": "2026-01-01", "number": 1, "total_number": 1, "pages": 8,
         "sponsor": "示例报社", "licence": "示例-0000", "website": "example.org"}
FILLER = (
    "这里是灰文占位文字，用来在稿件到来之前查看版式、栏宽和行距。",
    "正文按照模板的样式排入各栏，标点挤压和禁则与正式出版时相同。",
    "设计人员可以据此调整区域的位置、栏数和字号，再换上真正的稿件。",
    "本段文字没有实际意义，只为显示文字的灰度和版面的疏密。",
)
PARAGRAPH_SENTENCES = 5
HEADINGS = {"kicker": "引题占位文字", "headline": "主题占位文字示例", "subhead": "副题占位文字示例"}
IMAGE_PPI = 150  # grey stand-ins: enough for the image check's warning threshold not to matter in a proof
IMAGE_NAME = "placeholder-{id}.png"


def body_capacity(region: ArticleRegion) -> int:
    """Characters the region's body columns (or 栏 tiers) hold, headline ignored (layout/flow's Frame axes)."""
    body, b, p = region.body, region.box, region.padding
    frame = Frame(b.x + p, b.y + p, b.w - 2 * p, b.h - 2 * p, region.writing_mode)
    grid = LineGrid(body.size, body.leading, 0.0)  # capacity depends on size and leading only
    total = 0
    for column in frame.divide(max(1, region.columns), region.gutter):
        per_line = max(1, int((column.inline_size + body.tracking) / (body.size + body.tracking)))
        total += per_line * max(1, column.capacity(grid))
    return total


def filler_paragraphs(chars: int) -> List[str]:
    """Placeholder paragraphs of about ``chars`` characters in all (deterministic)."""
    sentences = itertools.cycle(FILLER)
    paragraphs, total = [], 0
    while total < chars:
        text = "".join(next(sentences) for _ in range(PARAGRAPH_SENTENCES))
        paragraphs.append(text)
        total += len(text)
    return paragraphs


def article_text(region: ArticleRegion, image: str = "") -> str:
    """An article file for a region: the headings its style asks for, then 灰文 filling its body."""
    head = []
    spec = region.headline
    if spec.placement != "none":
        head += [f"{key}: {text}" for key, text in HEADINGS.items() if getattr(spec, key) is not None]
    if region.byline is not None:
        head.append("byline: 本报讯（记者　姓名）")
    if image:
        head.append(f"image: {image}")
    return "\n".join(head + ["---"] + filler_paragraphs(body_capacity(region))) + "\n"


def write_grey_picture(path: Path, region: ImageRegion) -> None:
    """A flat grey PNG at IMAGE_PPI for the region's box."""
    from PIL import Image

    size = (max(1, round(region.box.w / 72 * IMAGE_PPI)), max(1, round(region.box.h / 72 * IMAGE_PPI)))
    Image.new("L", size, 200).save(path, format="PNG")


def placeholder_issue(template_path: Path, template: Template, folder: Path, page_number: int = 1) -> Path:
    """Write a one-page issue using ``template`` (resolved) with 灰文 into ``folder``; returns its issue.yaml."""
    folder.mkdir(parents=True, exist_ok=True)
    sourced = {r.source: r for r in template.regions if isinstance(r, ImageRegion) and r.source}
    slots: Dict[str, object] = {}
    for region in template.regions:
        slot = _slot(region, sourced, folder)
        if slot is not None:
            slots[region.id] = slot
    page = {"number": page_number, "template": template_path.stem, "name": "版名", "editor": "编辑", "slots": slots}
    issue = {"paper": dict(PAPER, pages=max(PAPER["pages"], page_number)),
             "templates": str(template_path.resolve().parent), "output": "preview", "pages": [page]}
    path = folder / "issue.yaml"
    path.write_text(yaml.safe_dump(issue, allow_unicode=True, sort_keys=False), encoding="utf-8")
    return path


def _slot(region, sourced: Dict[str, ImageRegion], folder: Path):
    """What fills one region in the placeholder issue (None: the template's own content)."""
    if isinstance(region, ArticleRegion):
        image = ""
        if region.id in sourced:
            image = IMAGE_NAME.format(id=sourced[region.id].id)
            write_grey_picture(folder / image, sourced[region.id])
        name = f"{region.id}.txt"
        (folder / name).write_text(article_text(region, image), encoding="utf-8")
        return name
    if isinstance(region, BoxRegion) and not region.lines:
        return {"lines": ["灰文占位", "文字示例"]}
    if isinstance(region, ImageRegion) and not region.source and region.image is None:
        name = IMAGE_NAME.format(id=region.id)
        write_grey_picture(folder / name, region)
        return {"image": name, "caption": "图片说明占位文字"}
    return None
