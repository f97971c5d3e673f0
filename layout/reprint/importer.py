"""The import pipeline: read the source, recognise the structure, repair the text, fill in the paper fields.

``import_source`` does no writing; ``writer`` writes what it returns. A source
that cannot be read raises ``ImportFailure`` naming it and what to do.
"""
from __future__ import annotations

import re
from pathlib import Path
from typing import List, Tuple

from ..textfile import TextFileError
from .confidence import doubt
from .model import Change, Imported, PageInfo, Piece, Review, Where
from .repair import HAN, Text, repair
from .structure import Builder
from .textsource import TEXT_SUFFIXES, read_text_source

PDF_SUFFIX = ".pdf"
DEFAULT_NAME = "未知报纸"
DEFAULT_DATE = "2000-01-01"


class ImportFailure(Exception):
    """A source that cannot be imported; the message names the file and what to do."""


def import_source(source: Path, paper: str = "", date: str = "") -> Imported:
    """Import a page PDF, an extracted text file, or a folder of them (page order by name)."""
    result = Imported(str(source))
    pages, is_pdf = read_pages(source, result)
    builder = Builder(result, is_pdf)
    for info, pieces in pages:
        result.pages.append(info)
        builder.page(pieces, info)
    if not is_pdf:
        review_lone_headlines(result)
    review_open_jumps(result)
    repair_all(result)
    paper_fields(result, source, paper, date)
    if not result.articles and not result.problems:
        result.problems.append(f"{source}: no article found (no text, or nothing but masthead lines)")
    return result


def read_pages(source: Path, result: Imported) -> Tuple[List[Tuple[PageInfo, List[Piece]]], bool]:
    """(page info, pieces) for every page of the source, and whether it was a PDF."""
    if not source.exists():
        raise ImportFailure(f"{source}: no such file or folder; give a page PDF, a text file or a folder of them")
    files = sorted(p for p in source.iterdir() if p.suffix.lower() in TEXT_SUFFIXES + (PDF_SUFFIX,)) \
        if source.is_dir() else [source]
    if not files:
        raise ImportFailure(f"{source}: the folder holds no .pdf or .txt pages")
    kinds = {p.suffix.lower() == PDF_SUFFIX for p in files}
    if len(kinds) > 1:
        raise ImportFailure(f"{source}: the folder mixes PDF and text pages; import them separately")
    out: List[Tuple[PageInfo, List[Piece]]] = []
    for path in files:
        out.extend(_read_file(path, len(out), result))
    return out, kinds == {True}


def _read_file(path: Path, offset: int, result: Imported) -> List[Tuple[PageInfo, List[Piece]]]:
    try:
        if path.suffix.lower() == PDF_SUFFIX:
            from .pdfsource import read_pdf_source

            return read_pdf_source(path, offset, result)
        doubts: List[str] = []
        pages, _encoding = read_text_source(path, offset, result.notes, doubts)
        for what in doubts:
            doubt(result, what)
    except TextFileError as exc:
        raise ImportFailure(f"{exc}") from None
    except OSError as exc:
        raise ImportFailure(f"{path}: cannot be read ({exc.strerror or exc})") from None
    return [(PageInfo(offset + i), pieces) for i, pieces in enumerate(pages)]


def review_open_jumps(result: Imported) -> None:
    """An article whose 下转 line was taken out but whose continuation the source does not hold: to review
    (its text ends where the page did, mid-sentence)."""
    for article in result.articles:
        if article.jump_open:
            tail = article.paragraphs[-1].text[-12:] if article.paragraphs else ""
            result.review.append(Review(article.where, f"{article.id}: its jump line (下转) was taken out and the "
                                                       f"page it goes on to is not in the source; its text here ends "
                                                       f"…{tail!r}", article.id))


def review_lone_headlines(result: Imported) -> None:
    """A one-line headline with no 电头 after another article's text may be a 小标题 of that article: to review."""
    for before, article in zip(result.articles, result.articles[1:]):
        lone = len(article.headline) == 1 and not article.kicker and not article.subhead and not article.byline
        if lone and before.has_body and before.pages[-1:] == article.pages[:1]:
            result.review.append(Review(article.where, f"{article.headline[0]!r} starts a new article (no 电头 after "
                                                       f"it): it may be a 小标题 inside {before.id}", article.id))


def repair_all(result: Imported) -> None:
    """Repair every headline, byline, paragraph and box line; collect the changes in source order."""
    for article in result.articles:
        for key in ("kicker", "headline", "subhead"):
            setattr(article, key, [_fix_line(t, article.where, article.id, result, heading=True)
                                   for t in getattr(article, key)])
        if article.byline:
            article.byline = _fix_line(article.byline, article.byline_where or article.where, article.id, result,
                                       heading=True)
        for piece in article.paragraphs:
            fixed = repair(Text(piece.text, piece.origin, article.id))
            piece.text, piece.origin = fixed.text, fixed.origin
            result.changes.extend(fixed.changes)
        for key in ("credit", "caption"):
            setattr(article, key, _fix_line(getattr(article, key), article.where, article.id, result))
    for box in result.boxes:
        box.lines = [_fix_piece(p, result, box.kind) if isinstance(p, Piece) else p for p in box.lines]


WORD_SPACE = re.compile(f"(?<=[{HAN}]) +(?=[{HAN}])")


def _fix_line(text: str, where: Where, article: str, result: Imported, heading: bool = False) -> str:
    if not text:
        return text
    line = Text(text.strip(), [where] * len(text.strip()), article)
    if heading:
        line.sub(WORD_SPACE.pattern, "\u3000", "word space between Han in a headline or 电头 -> ideographic space U+3000")
    repair(line)
    if line.changes:  # one row for the whole line, as a person reads a headline or 电头
        rules = "; ".join(dict.fromkeys(c.rule for c in line.changes))
        result.changes.append(Change(where, text.strip(), line.text, rules, article))
    return line.text


def _fix_piece(piece: Piece, result: Imported, kind: str) -> str:
    fixed = repair(Text(piece.text.strip(), piece.origin, kind))
    result.changes.extend(fixed.changes)
    return fixed.text


def paper_fields(result: Imported, source: Path, paper: str, date: str) -> None:
    """Fill the required paper fields: options first, then the masthead, then guesses (each guess to review)."""
    fields = result.paper
    if paper:
        fields["name"] = paper
    if date:
        fields["date"] = date
    if "date" not in fields:
        m = re.search(r"(\d{4})[-_.]?(\d{2})[-_.]?(\d{2})", source.name)
        fields["date"] = f"{m.group(1)}-{m.group(2)}-{m.group(3)}" if m else DEFAULT_DATE
        result.review.append(Review(result.masthead_where(), f"no date on the page: {fields['date']} used "
                                              f"({'from the file name' if m else 'a placeholder'}); give --date"))
    if "name" not in fields:
        fields["name"] = DEFAULT_NAME
        result.review.append(Review(result.masthead_where(), f"no paper name found: {DEFAULT_NAME!r} used; give --paper NAME"))
    if "number" not in fields:
        fields["number"] = "1"
        result.review.append(Review(result.masthead_where(), "no issue number (第N期) found: 1 used"))
