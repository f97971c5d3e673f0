"""Issue assembly: one PDF per page -> one issue PDF with page labels, bookmarks and metadata.

pypdf's PdfWriter starts a fresh catalog, Info and trailer, so on its own it
drops what PDF/X-1a:2001 (ISO 15930-1) requires: the catalog /OutputIntents,
the Info keys GTS_PDFXVersion, GTS_PDFXConformance and Trapped (a name), and
the trailer /ID (pypdf writes one only when encrypting). This module copies
them from the page files (which must agree on the output condition), derives
the /ID from the inputs so the same inputs give a byte-identical file, keeps
the lowest common header version (1.3 for X-1a), and writes /PageLabels
(PDF 1.3 §8.3.1) for the 版次. Page boxes travel with the page objects.
For PDF/X-4 page files (profiles.py) the OutputIntent travels with its
embedded profile, the header stays 1.6, and the issue gets its own XMP
packet. The file is written to a temporary name and renamed.
"""
from __future__ import annotations

import hashlib
import os
from dataclasses import dataclass
from typing import Sequence, Tuple

from pypdf import PdfReader, PdfWriter
from pypdf.errors import PdfReadError
from pypdf.generic import (
    ArrayObject,
    ByteStringObject,
    DictionaryObject,
    Fit,
    NameObject,
    NumberObject,
    StreamObject,
    TextStringObject,
)

from .atomic import write_atomic
from .profiles import profile_claimed_by
from .xmp import XmpFields, xmp_packet

COPIED_INFO = ("/CreationDate", "/ModDate", "/Creator", "/Trapped", "/GTS_PDFXVersion", "/GTS_PDFXConformance")


class AssembleError(Exception):
    """A page file that cannot be assembled (missing, unreadable, or with another output condition)."""


@dataclass(frozen=True)
class IssueInfo:
    """Issue-level metadata: title such as '石景山报 2018-04-28 第36期', subject, keywords, author."""

    title: str
    subject: str = ""
    keywords: str = ""
    author: str = ""


@dataclass(frozen=True)
class ArticleMark:
    """An article bookmark: page index (0-based), title, y from the top of the trim box in pt."""

    page: int
    title: str
    y: float = 0.0


def issue_title(paper: str, date_iso: str, number) -> str:
    """The issue title used for Info /Title: '石景山报 2018-04-28 第36期'."""
    return f"{paper} {date_iso} 第{number}期"


def page_file_name(stem: str, number: int, digits: int = 2) -> str:
    """The one-page PDF name for a 版次: page_file_name('20180428', 1) == '20180428-01.pdf'."""
    return f"{stem}-{number:0{digits}d}.pdf"


def assemble_issue(page_files: Sequence[str], out_path: str, info: IssueInfo, labels: Sequence[str] = (),
                   page_titles: Sequence[str] = (), articles: Sequence = ()) -> str:
    """Write the issue PDF at ``out_path`` atomically; return the path. Raises AssembleError for bad inputs."""
    if not page_files:
        raise AssembleError("no page files to assemble")
    readers = [_read(path) for path in page_files]
    writer = PdfWriter()
    starts = []
    for reader in readers:
        starts.append(len(writer.pages))
        for page in reader.pages:
            writer.add_page(page)
    labels = list(labels) or [str(i + 1) for i in range(len(readers))]
    _check_count(labels, readers, "labels")
    _set_page_labels(writer, labels, starts)
    _copy_output_intents(writer, readers, page_files)
    _set_info(writer, readers[0], info)
    titles = list(page_titles) or [f"第{label}版" for label in labels]
    _check_count(titles, readers, "page titles")
    _add_bookmarks(writer, titles, starts, [a if isinstance(a, ArticleMark) else ArticleMark(*a) for a in articles])
    writer.pdf_header = _newest_header(readers)
    file_id = _file_id(page_files, info, labels, titles, articles)
    _copy_metadata(writer, readers[0], info, file_id)
    _set_file_id(writer, file_id)
    write_atomic(out_path, writer.write)
    return out_path


def _read(path: str) -> PdfReader:
    if not os.path.isfile(path):
        raise AssembleError(f"{path}: page file not found (render the page first)")
    try:
        reader = PdfReader(path, strict=False)
        if not reader.pages:
            raise AssembleError(f"{path}: has no pages")
        return reader
    except (PdfReadError, OSError, ValueError) as exc:
        raise AssembleError(f"{path}: not a readable PDF ({exc})") from exc


def _check_count(values: Sequence, readers: Sequence, what: str) -> None:
    if len(values) != len(readers):
        raise AssembleError(f"{len(values)} {what} for {len(readers)} page files: give one per file")


def _set_page_labels(writer: PdfWriter, labels: Sequence[str], starts: Sequence[int]) -> None:
    """PageLabels number tree: numeric 版次 as decimal labels, others (A1, 特1) as literal prefixes."""
    nums = ArrayObject()
    for label, start in zip(labels, starts):
        entry = DictionaryObject()
        if label.isdigit() and not label.startswith("0"):
            entry[NameObject("/S")] = NameObject("/D")
            entry[NameObject("/St")] = NumberObject(int(label))
        else:
            entry[NameObject("/P")] = TextStringObject(label)
        nums += [NumberObject(start), entry]
    writer.root_object[NameObject("/PageLabels")] = _indirect(writer, DictionaryObject({NameObject("/Nums"): nums}))


def _copy_output_intents(writer: PdfWriter, readers: Sequence[PdfReader], paths: Sequence[str]) -> None:
    """Copy the first file's OutputIntents; every page file must name the same output condition."""
    conditions = [_condition(r) for r in readers]
    for path, cond in zip(paths, conditions):
        if cond != conditions[0]:
            raise AssembleError(f"{path}: output condition {cond or 'none'} differs from {paths[0]}'s "
                                f"{conditions[0] or 'none'}; render every page with the same output intent")
    intents = readers[0].trailer["/Root"].get("/OutputIntents")
    if intents is not None:
        writer.root_object[NameObject("/OutputIntents")] = intents.get_object().clone(writer)


def _condition(reader: PdfReader) -> Tuple[str, ...]:
    intents = reader.trailer["/Root"].get("/OutputIntents")
    if intents is None:
        return ()
    return tuple(str(oi.get_object().get("/OutputConditionIdentifier", "")) for oi in intents.get_object())


def _set_info(writer: PdfWriter, first: PdfReader, info: IssueInfo) -> None:
    """Issue title/subject/keywords plus the first page file's dates, Trapped and GTS_PDFX keys."""
    source = first.trailer.get("/Info")
    source = source.get_object() if source is not None else DictionaryObject()
    target = _info_dictionary(writer)
    for key in COPIED_INFO:
        if key in source:
            target[NameObject(key)] = source[key].clone(writer)
    for key, value in (("/Title", info.title), ("/Subject", info.subject), ("/Keywords", info.keywords),
                       ("/Author", info.author)):
        if value:
            target[NameObject(key)] = TextStringObject(value)
    target[NameObject("/Producer")] = TextStringObject("baoban (pypdf)")


def _add_bookmarks(writer: PdfWriter, titles: Sequence[str], starts: Sequence[int],
                   articles: Sequence[ArticleMark]) -> None:
    """One bookmark per page file, its articles nested under it in the given order, each opening at its y."""
    for index, (title, start) in enumerate(zip(titles, starts)):
        parent = _as_dest(writer.add_outline_item(title=title, page_number=start, fit=Fit.fit()))
        for article in (a for a in articles if a.page == index):  # the caller's reading order
            left, top = _trim_top_left(writer, start)
            _as_dest(writer.add_outline_item(title=article.title, page_number=start, parent=parent,
                                             fit=Fit.xyz(left, top - article.y, None)))
    unknown = [a for a in articles if not 0 <= a.page < len(titles)]
    if unknown:
        raise AssembleError(f"article bookmark {unknown[0].title!r} names page index {unknown[0].page}, "
                            f"but the issue has {len(titles)} page files")
    if titles:
        writer.page_mode = "/UseOutlines"


def _as_dest(item):
    """Replace pypdf's /A GoTo action by a plain /Dest (no actions in a print file)."""
    entry = item.get_object()
    action = entry.get("/A")
    if action is not None and action.get_object().get("/S") == "/GoTo":
        entry[NameObject("/Dest")] = action.get_object()["/D"]
        del entry["/A"]
    return item


def _trim_top_left(writer: PdfWriter, page_index: int) -> Tuple[float, float]:
    page = writer.pages[page_index]
    box = page.get("/TrimBox") or page.mediabox
    x0, y0, x1, y1 = (float(v) for v in box)
    return min(x0, x1), max(y0, y1)


def _indirect(writer: PdfWriter, obj):
    """``obj`` as a new indirect object of ``writer`` (pypdf has no public call for a free-standing one)."""
    return writer._add_object(obj)


def _info_dictionary(writer: PdfWriter) -> DictionaryObject:
    """The writer's own Info dictionary, to hold names (/Trapped /False) as well as strings.

    pypdf's public ``add_metadata`` turns every value into a string, which
    would make Trapped the string "(/False)" that PDF/X forbids.
    """
    return writer._info.get_object()


def _set_file_id(writer: PdfWriter, file_id: ArrayObject) -> None:
    """The trailer /ID (pypdf's public ``generate_file_identifiers`` is random, so not reproducible)."""
    writer._ID = file_id


def _copy_metadata(writer: PdfWriter, first: PdfReader, info: IssueInfo, file_id: ArrayObject) -> None:
    """For a profile with XMP (PDF/X-4): the first page file's packet with the issue's title and /ID.

    The packet is rebuilt from the same fields the writer used (xmp.py),
    so the issue PDF's XMP says what its Info says.
    """
    source = first.trailer["/Root"].get("/Metadata")
    if source is None:
        return
    profile = profile_claimed_by(str((first.trailer.get("/Info") or {}).get("/GTS_PDFXVersion", "")))
    if not profile.xmp:
        return
    page_info = first.trailer["/Info"].get_object()
    when = _epoch_of(str(page_info.get("/CreationDate", "")))
    fields = XmpFields(title=info.title, author=info.author or str(page_info.get("/Author", "")),
                       subject=info.subject, keywords=info.keywords, creator=str(page_info.get("/Creator", "baoban")),
                       producer="baoban (pypdf)", date=when, document_id=bytes(file_id[0]).hex())
    stream = StreamObject()
    stream[NameObject("/Type")] = NameObject("/Metadata")
    stream[NameObject("/Subtype")] = NameObject("/XML")
    stream.set_data(xmp_packet(fields, profile))
    writer.root_object[NameObject("/Metadata")] = _indirect(writer, stream)


def _epoch_of(pdf_date: str) -> float:
    """Seconds since the epoch of a PDF date D:YYYYMMDDHHmmSS (UTC as the writer writes it); 0 if unreadable."""
    import calendar
    import time

    try:
        return float(calendar.timegm(time.strptime(pdf_date[2:16], "%Y%m%d%H%M%S")))
    except ValueError:
        return 0.0


def _newest_header(readers: Sequence[PdfReader]) -> bytes:
    """The newest header among the inputs (so nothing is claimed older than it is)."""
    versions = sorted({r.pdf_header.strip() for r in readers}, key=lambda h: [int(p) for p in h[5:].split(".")])
    return versions[-1].encode()


def _file_id(paths: Sequence[str], info: IssueInfo, labels, titles, articles) -> ArrayObject:
    h = hashlib.md5()
    for path in paths:
        with open(path, "rb") as f:
            h.update(hashlib.sha256(f.read()).digest())
    h.update(repr((info, list(labels), list(titles), [tuple(a) if not isinstance(a, ArticleMark) else
                                                      (a.page, a.title, a.y) for a in articles])).encode())
    ident = ByteStringObject(h.digest())
    return ArrayObject([ident, ident])
