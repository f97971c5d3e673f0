"""Issue assembly: one PDF per page -> one issue PDF with page labels, bookmarks and metadata.

Built with pikepdf (qpdf) through its public API. A new document starts with
a fresh catalog, Info and trailer, so what PDF/X requires is carried over
from the page files (which must agree on the output condition): the catalog
/OutputIntents with any embedded profile, the Info keys GTS_PDFXVersion,
GTS_PDFXConformance and Trapped (a name), and for PDF/X-4 an XMP packet
rebuilt with the issue's title (profiles.py, xmp.py). The header keeps the
newest version among the inputs (1.3 for X-1a, 1.6 for X-4); /PageLabels
(PDF 1.3 §8.3.1) carry the 版次; bookmarks use plain /Dest arrays (no
actions in a print file). qpdf writes the trailer /ID from the content
(``deterministic_id``), so the same inputs give a byte-identical file. Page
boxes travel with the page objects. The file is written to a temporary name
and renamed.
"""
from __future__ import annotations

import calendar
import hashlib
import io
import os
import time
from typing import List, Sequence, Tuple

import pikepdf
from pikepdf import Array, Dictionary, Name, OutlineItem, PageLocation

from ..records import record
from .atomic import write_atomic
from .profiles import get_profile, profile_claimed_by
from .xmp import XmpFields, xmp_packet

COPIED_INFO = ("/CreationDate", "/ModDate", "/Creator", "/Trapped", "/GTS_PDFXVersion", "/GTS_PDFXConformance")


class AssembleError(Exception):
    """A page file that cannot be assembled (missing, unreadable, or with another output condition)."""


@record(frozen=True)
class IssueInfo:
    """Issue-level metadata: title such as '石景山报 2018-04-28 第36期', subject, keywords, author."""

    title: str
    subject: str = ""
    keywords: str = ""
    author: str = ""


@record(frozen=True)
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
                   page_titles: Sequence[str] = (), articles: Sequence = (), output_profile=None) -> str:
    """Write the issue PDF at ``out_path`` atomically; return the path. Raises AssembleError for bad inputs.

    The issue follows the page files' output profile; with ``output_profile``
    ("pdfx1a", "pdfx4") every page file must have been written for it.
    """
    if not page_files:
        raise AssembleError("no page files to assemble")
    sources = [_read(path) for path in page_files]
    try:
        if output_profile is not None:
            _check_profile(sources, page_files, get_profile(output_profile))
        labels = list(labels) or [str(i + 1) for i in range(len(sources))]
        _check_count(labels, sources, "labels")
        titles = list(page_titles) or [f"第{label}版" for label in labels]
        _check_count(titles, sources, "page titles")
        marks = [a if isinstance(a, ArticleMark) else ArticleMark(*a) for a in articles]
        _check_marks(marks, titles)
        pdf = _combined(sources, page_files, info, labels, titles, marks)
        version = _newest_version(sources)
        data = io.BytesIO()  # saved in memory, then written by Python: qpdf writing a full disk itself
        pdf.save(data, deterministic_id=True, force_version=version,  # aborts the process (QPDFSystemError)
                 object_stream_mode=pikepdf.ObjectStreamMode.disable)
        write_atomic(out_path, lambda f: f.write(data.getbuffer()))
    finally:
        for source in sources:
            source.close()
    return out_path


def _combined(sources, paths, info: IssueInfo, labels, titles, marks) -> pikepdf.Pdf:
    """The new document: every page, labels, output intents, Info, XMP and bookmarks."""
    pdf = pikepdf.new()
    starts = []
    for source in sources:
        starts.append(len(pdf.pages))
        pdf.pages.extend(source.pages)
    _set_page_labels(pdf, labels, starts)
    _copy_output_intents(pdf, sources, paths)
    _set_info(pdf, sources[0], info)
    _copy_metadata(pdf, sources[0], info, _inputs_digest(paths, info, labels, titles, marks))
    _add_bookmarks(pdf, titles, starts, marks)
    return pdf


def _read(path: str) -> pikepdf.Pdf:
    if not os.path.isfile(path):
        raise AssembleError(f"{path}: page file not found (render the page first)")
    try:
        pdf = pikepdf.open(path)
    except (pikepdf.PdfError, OSError, ValueError) as exc:
        raise AssembleError(f"{path}: not a readable PDF ({exc})") from exc
    if not pdf.pages:
        pdf.close()
        raise AssembleError(f"{path}: has no pages")
    return pdf


def _check_profile(sources: Sequence[pikepdf.Pdf], paths: Sequence[str], profile) -> None:
    """Every page file must claim ``profile`` in its GTS_PDFXVersion."""
    for path, source in zip(paths, sources):
        info = source.trailer.get("/Info")
        claimed = str(info.get("/GTS_PDFXVersion", "")) if info is not None else ""
        if claimed != profile.gts_version:
            raise AssembleError(f"{path}: written as {claimed or 'no PDF/X'}, not {profile.label}; "
                                f"render every page with the output profile {profile.key}")


def _check_count(values: Sequence, sources: Sequence, what: str) -> None:
    if len(values) != len(sources):
        raise AssembleError(f"{len(values)} {what} for {len(sources)} page files: give one per file")


def _check_marks(marks: Sequence[ArticleMark], titles: Sequence[str]) -> None:
    unknown = [a for a in marks if not 0 <= a.page < len(titles)]
    if unknown:
        raise AssembleError(f"article bookmark {unknown[0].title!r} names page index {unknown[0].page}, "
                            f"but the issue has {len(titles)} page files")


def _set_page_labels(pdf: pikepdf.Pdf, labels: Sequence[str], starts: Sequence[int]) -> None:
    """PageLabels number tree: numeric 版次 as decimal labels, others (A1, 特1) as literal prefixes."""
    nums = Array()
    for label, start in zip(labels, starts):
        if label.isdigit() and not label.startswith("0"):
            entry = Dictionary(S=Name.D, St=int(label))
        else:
            entry = Dictionary(P=pikepdf.String(label))
        nums.extend([start, entry])
    pdf.Root.PageLabels = pdf.make_indirect(Dictionary(Nums=nums))


def _copy_output_intents(pdf: pikepdf.Pdf, sources: Sequence[pikepdf.Pdf], paths: Sequence[str]) -> None:
    """Copy the first file's OutputIntents (profile included); every page file must name the same condition."""
    conditions = [_condition(s) for s in sources]
    for path, cond in zip(paths, conditions):
        if cond != conditions[0]:
            raise AssembleError(f"{path}: output condition {cond or 'none'} differs from {paths[0]}'s "
                                f"{conditions[0] or 'none'}; render every page with the same output intent")
    intents = sources[0].Root.get("/OutputIntents")
    if intents is not None:
        pdf.Root.OutputIntents = Array([pdf.copy_foreign(_indirect(sources[0], oi)) for oi in intents])


def _indirect(owner: pikepdf.Pdf, obj: pikepdf.Object) -> pikepdf.Object:
    """``obj`` as an indirect object of ``owner`` (copy_foreign copies indirect objects)."""
    return obj if obj.is_indirect else owner.make_indirect(obj)


def _condition(source: pikepdf.Pdf) -> Tuple[str, ...]:
    intents = source.Root.get("/OutputIntents")
    if intents is None:
        return ()
    return tuple(str(oi.get("/OutputConditionIdentifier", "")) for oi in intents)


def _set_info(pdf: pikepdf.Pdf, first: pikepdf.Pdf, info: IssueInfo) -> None:
    """Issue title/subject/keywords plus the first page file's dates, Trapped and GTS_PDFX keys."""
    source = first.trailer.get("/Info")
    target = pdf.docinfo
    for key in COPIED_INFO:
        if source is not None and key in source:
            target[key] = source[key]
    for key, value in (("/Title", info.title), ("/Subject", info.subject), ("/Keywords", info.keywords),
                       ("/Author", info.author)):
        if value:
            target[key] = pikepdf.String(value)
    target["/Producer"] = pikepdf.String("baoban (pikepdf)")


def _add_bookmarks(pdf: pikepdf.Pdf, titles: Sequence[str], starts: Sequence[int],
                   articles: Sequence[ArticleMark]) -> None:
    """One bookmark per page file, its articles nested under it in the given order, each opening at its y."""
    with pdf.open_outline() as outline:
        for index, (title, start) in enumerate(zip(titles, starts)):
            parent = OutlineItem(title, start, PageLocation.Fit)
            left, top = _trim_top_left(pdf, start)
            for article in (a for a in articles if a.page == index):  # the caller's reading order
                parent.children.append(OutlineItem(article.title, start, PageLocation.XYZ, left=left,
                                                   top=top - article.y))
            outline.root.append(parent)
    if titles:
        pdf.Root.PageMode = Name.UseOutlines


def _trim_top_left(pdf: pikepdf.Pdf, page_index: int) -> Tuple[float, float]:
    page = pdf.pages[page_index].obj
    box = page.get("/TrimBox") or page.MediaBox
    x0, y0, x1, y1 = (float(v) for v in box)
    return min(x0, x1), max(y0, y1)


def _copy_metadata(pdf: pikepdf.Pdf, first: pikepdf.Pdf, info: IssueInfo, document_id: str) -> None:
    """For a profile with XMP (PDF/X-4): a packet with the issue's title, dates and a document id.

    The packet is rebuilt from the same fields the writer used (xmp.py),
    so the issue PDF's XMP says what its Info says.
    """
    page_info = first.trailer.get("/Info")
    if "/Metadata" not in first.Root or page_info is None:
        return
    profile = profile_claimed_by(str(page_info.get("/GTS_PDFXVersion", "")))
    if not profile.xmp:
        return
    fields = XmpFields(title=info.title, author=info.author or str(page_info.get("/Author", "")),
                       subject=info.subject, keywords=info.keywords, creator=str(page_info.get("/Creator", "baoban")),
                       producer="baoban (pikepdf)", date=_epoch_of(str(page_info.get("/CreationDate", ""))),
                       document_id=document_id)
    pdf.Root.Metadata = pdf.make_stream(xmp_packet(fields, profile), Type=Name.Metadata, Subtype=Name.XML)


def _epoch_of(pdf_date: str) -> float:
    """Seconds since the epoch of a PDF date D:YYYYMMDDHHmmSS (UTC as the writer writes it); 0 if unreadable."""
    try:
        return float(calendar.timegm(time.strptime(pdf_date[2:16], "%Y%m%d%H%M%S")))
    except ValueError:
        return 0.0


def _newest_version(sources: Sequence[pikepdf.Pdf]) -> str:
    """The newest header version among the inputs (so nothing is claimed older than it is)."""
    return max((s.pdf_version for s in sources), key=lambda v: [int(p) for p in v.split(".")])


def _inputs_digest(paths: Sequence[str], info: IssueInfo, labels, titles, articles: List[ArticleMark]) -> str:
    """A hex digest of everything the issue is made from (the XMP DocumentID)."""
    h = hashlib.md5()
    for path in paths:
        with open(path, "rb") as f:
            h.update(hashlib.sha256(f.read()).digest())
    h.update(repr((info, list(labels), list(titles), [(a.page, a.title, a.y) for a in articles])).encode())
    return h.hexdigest()
