"""Article text files: a small header, a line ``---``, then one paragraph per line.

Header keys (Chinese or English): 引题/kicker, 主题/headline, 副题/subhead,
作者/byline, 图片/image, 图注/caption, 摄影/credit, id. Heading keys may repeat
(one line each); the others may appear once. Errors carry file:line:column.
"""
from __future__ import annotations

import os
import re
from pathlib import Path
from typing import Dict, List, Optional, Union

from ..textfile import TextFileError, read_text_file
from .errors import Diagnostics, did_you_mean
from .imagefile import image_file_problem
from .types import Article, ImageRef, Mark, Paragraph

HEADER_KEYS: Dict[str, str] = {
    "引题": "kicker", "kicker": "kicker",
    "主题": "headline", "标题": "headline", "headline": "headline", "title": "headline",
    "副题": "subhead", "subhead": "subhead",
    "作者": "byline", "byline": "byline",
    "图片": "image", "image": "image",
    "图注": "caption", "caption": "caption",
    "摄影": "credit", "credit": "credit",
    "id": "id",
}
REPEATABLE = ("kicker", "headline", "subhead")
SEPARATOR = "---"
_HEADER_LINE = re.compile(r"^\s*([^:：\s]+)\s*[:：]\s?(.*)$")


def _display(path: Path) -> str:
    from .template import display_path

    return display_path(path)


def parse_article(text: str, path: Union[str, Path], diags: Diagnostics, article_id: str = "",
                  display: str = "") -> Article:
    """The Article in a text; header problems go to diags with file:line:column."""
    path = Path(path)
    name = display or _display(path)
    if text.startswith("\ufeff"):
        text = text[1:]
    lines = text.splitlines()
    sep = next((i for i, ln in enumerate(lines) if ln.strip() == SEPARATOR), None)
    header: Dict[str, List[str]] = {}
    if sep is not None:
        header = _parse_header(lines[:sep], name, diags)
    body_start = 0 if sep is None else sep + 1
    paragraphs = tuple(
        Paragraph(ln.strip(), i + 1) for i, ln in enumerate(lines) if i >= body_start and ln.strip()
    )
    if not paragraphs:
        diags.warning(Mark(name, body_start + 1, 1), "the article has no text after its header")
    image = None
    if "image" in header:
        image_line = header.get("_image_line", ["1"])[0]
        file = Path(os.path.normpath(path.parent / header["image"][0]))
        problem = image_file_problem(file)
        mark = Mark(name, int(image_line), 1)
        if problem:
            diags.warning(mark, f"image file '{header['image'][0]}' {problem}; a placeholder will be drawn")
        image = ImageRef(str(file), _one(header, "caption"), _one(header, "credit"), os.path.isfile(file), mark=mark,
                         problem=problem)
    elif "caption" in header or "credit" in header:
        line = header.get("_caption_line", header.get("_credit_line", ["1"]))[0]
        diags.error(Mark(name, int(line), 1), "a caption or credit needs an image: add 图片: (image:)")
    return Article(
        id=_one(header, "id") or article_id or path.stem,
        path=str(path),
        kicker=tuple(header.get("kicker", ())),
        headline=tuple(header.get("headline", ())),
        subhead=tuple(header.get("subhead", ())),
        byline=_one(header, "byline"),
        image=image,
        paragraphs=paragraphs,
        mark=Mark(name, 1, 1),
    )


def _one(header: Dict[str, List[str]], key: str) -> str:
    return header.get(key, [""])[0]


def _parse_header(lines: List[str], name: str, diags: Diagnostics) -> Dict[str, List[str]]:
    """Header lines into key -> values (and _key_line -> line numbers)."""
    out: Dict[str, List[str]] = {}
    first_line: Dict[str, int] = {}
    for i, raw in enumerate(lines):
        lineno = i + 1
        if not raw.strip() or raw.lstrip().startswith("#"):
            continue
        m = _HEADER_LINE.match(raw)
        if not m:
            diags.error(Mark(name, lineno, 1), f"header line without 'key: value': {raw.strip()[:30]!r} "
                                               f"(the text starts after a line '---')")
            continue
        key, value = m.group(1), m.group(2).strip()
        column = m.start(1) + 1
        canon = HEADER_KEYS.get(key) or HEADER_KEYS.get(key.lower())
        if canon is None:
            diags.error(Mark(name, lineno, column), f"unknown header key '{key}'{did_you_mean(key, HEADER_KEYS)}; "
                                                    f"known: 引题 主题 副题 作者 图片 图注 摄影 id")
            continue
        if not value:
            diags.error(Mark(name, lineno, m.start(2) + 1 if m.group(2) else len(raw) + 1), f"'{key}' has no value")
            continue
        if canon in out and canon not in REPEATABLE:
            diags.error(Mark(name, lineno, column), f"'{key}' given twice (first at line {first_line[canon]})")
            continue
        out.setdefault(canon, []).append(value)
        first_line.setdefault(canon, lineno)
        out.setdefault(f"_{canon}_line", [str(lineno)])
    return out


def load_article(path: Union[str, Path], diags: Diagnostics, article_id: str = "",
                 mark: Optional[Mark] = None) -> Optional[Article]:
    """Read an article file; an unreadable file is an error at ``mark`` (the slot naming it)."""
    path = Path(path)
    where = mark or Mark(_display(path))
    try:
        text = read_text_file(path, _display(path)).text
    except FileNotFoundError:
        diags.error(where, f"article file '{_display(path)}' not found")
        return None
    except TextFileError as exc:
        diags.error(Mark(exc.path, exc.line, exc.column), exc.message)
        return None
    except OSError as exc:
        diags.error(where, f"cannot read article '{_display(path)}': {exc.strerror}")
        return None
    return parse_article(text, path, diags, article_id)
