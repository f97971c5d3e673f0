"""The one place that runs the stages: model → compose → pdf → preflight.

ARCHITECTURE.md, "Around the engine": the command line (``render.py issue``,
``galley``), watch, serve and batch all call this module and only parse,
print or schedule. An :class:`Engine` is warm: it keeps the font set (and
the faces' metrics, which the font set caches) loaded across renders, so a
long-lived process (the designer's watch, a batch worker) pays start-up once.
The caches belong to the Engine object; nothing here outlives it.
"""
from __future__ import annotations

import os
import time
from dataclasses import field, replace
from pathlib import Path
from typing import List, Optional, Sequence, Tuple

from .records import record
from .report import Report

EXIT_OK, EXIT_ERRORS, EXIT_USAGE, EXIT_UNAVAILABLE = 0, 1, 2, 3


@record(frozen=True)
class RenderOptions:
    """What to produce from an issue: where, how strictly, with which marks and checks."""

    out: str = "out"
    strict: bool = False
    marks: bool = True
    icc_profile: str = ""
    output_profile: Optional[str] = None  # a key of pdf/profiles.py PROFILES; None: the issue's (default pdfx1a)
    preflight: bool = True
    tac_limit: Optional[float] = None
    min_ppi: Optional[float] = None
    pages: Optional[Tuple[int, ...]] = None  # page numbers to write (None: all pages and the issue PDF)


@record
class IssueResult:
    """Everything one issue render produced: the model, its diagnostics, the pages, files and report."""

    path: Path
    issue: object = None
    diagnostics: list = field(default_factory=list)
    report: Report = field(default_factory=Report)
    pages: list = field(default_factory=list)
    files: List[str] = field(default_factory=list)
    exit_code: int = EXIT_OK
    seconds: float = 0.0

    @property
    def ok(self) -> bool:
        """True when the render wrote its files and nothing made the output wrong."""
        return self.exit_code == EXIT_OK


class Engine:
    """A warm renderer: one font configuration, loaded once and reused by every render."""

    def __init__(self, fonts: Optional[str] = None, fontset=None):
        self.fonts_config = fonts
        self._fontset = fontset

    @property
    def fontset(self):
        """The font set of this engine's configuration (loaded on first use; FontError when unusable)."""
        if self._fontset is None:
            from .fonts import load_fontset

            self._fontset = load_fontset(self.fonts_config)
        return self._fontset

    def read_issue(self, path: Path):
        """(Issue or None, sorted diagnostics) for an issue.yaml."""
        from .model.content import read_issue

        issue, diags = read_issue(Path(path))
        return issue, diags.sorted()

    def compose(self, issue, report: Report) -> list:
        """Display-list pages of a valid issue; problems go to ``report`` (thin rules warned)."""
        from .compose import compose_issue
        from .compose.render import thin_strokes

        started = time.perf_counter()
        pages = compose_issue(issue, self.fontset, report)
        report.stats["compose_seconds"] = round(time.perf_counter() - started, 3)
        for message in thin_strokes(pages):
            report.warn(message)
        return pages

    def render_issue(self, path: Path, options: RenderOptions = RenderOptions()) -> IssueResult:
        """Load, compose, write and preflight one issue; never raises for problems in the issue itself."""
        started = time.perf_counter()
        result = IssueResult(Path(path))
        result.issue, result.diagnostics = self.read_issue(path)
        if result.issue is None or any(d.severity == "error" for d in result.diagnostics):
            result.exit_code = EXIT_ERRORS
            return result
        report = result.report
        for message in result.issue.warnings:
            report.warn(message)
        result.pages, result.files = self.render(result.issue, options, report)
        report.stats["seconds"] = round(time.perf_counter() - started, 3)
        result.seconds = report.stats["seconds"]
        result.exit_code = EXIT_ERRORS if report.failed(options.strict) else EXIT_OK
        return result

    def render(self, issue, options: RenderOptions, report: Report) -> Tuple[list, List[str]]:
        """(pages, files written) for a loaded, valid issue: compose, write, preflight; problems go to ``report``."""
        if options.output_profile is None:
            options = replace(options, output_profile=issue.output_profile)
        pages = self.compose(issue, report)
        if report.errors:
            return pages, []
        files = write_issue_files(issue, pages, self.fontset, options, report)
        preflight_files(report, files, options)
        return pages, files


def render_issue(issue, fontset, out_dir: str, report: Report, strict: bool = False, marks: bool = True,
                 icc_profile: str = "", preflight: bool = False) -> list:
    """Compose and write a loaded issue with a given font set (no preflight unless asked); returns the pages."""
    options = RenderOptions(out=str(out_dir), strict=strict, marks=marks, icc_profile=icc_profile, preflight=preflight)
    pages, _ = Engine(fontset=fontset).render(issue, options, report)
    return pages


def write_issue_files(issue, pages: Sequence, fontset, options: RenderOptions, report: Report) -> List[str]:
    """Write ``<stem>-NN.pdf`` per page (and the issue PDF when all pages are wanted); returns the paths.

    The paths go to ``report.stats["files"]`` (page files first, the issue
    PDF last); a folder that cannot be made is a report error, not an exception.
    """
    out_dir = options.out
    try:
        os.makedirs(out_dir, exist_ok=True)
    except OSError as exc:
        report.errors.append(f"cannot create the output folder {out_dir}: {exc.strerror or exc}; nothing written")
        return []
    from .pdf.atomic import OutputSet, OutputSetError

    printable = [with_marks(p, issue, fontset) if options.marks else p for p in pages]
    wanted = [p for p in printable if options.pages is None or p.number in options.pages]
    meta = issue_meta(issue, options)
    try:
        with OutputSet(out_dir, issue_inputs(issue), _page_family(issue, options)) as out:  # together, never an input
            staged = [_write_page(page, fontset, out.stage(page.name + ".pdf"), meta) for page in wanted]
            if options.pages is None:
                name = (issue.output_name or "issue") + ".pdf"
                _write_issue_pdf(issue, printable, staged, fontset, out.stage(name), meta)
            done = out.commit()
            files = done.paths
    except OutputSetError as exc:
        report.errors.append(str(exc))
        return []
    report.stats["files"] = files
    if done.removed:  # an issue that shrank: its old extra page files are gone, the folder holds one set
        report.stats["removed"] = done.removed
    return files


def _page_family(issue, options: RenderOptions) -> str:
    """The page files of this issue's name (``<stem>-NN.pdf``) when every page is written, else '' (keep the rest)."""
    if options.pages is not None:
        return ""
    import re

    return re.escape(issue.output_name or "page") + r"-\d{2,}\.pdf"


def issue_inputs(issue) -> List[str]:
    """The files an issue render reads (issue.yaml, articles, placed images): an output may never replace one."""
    images = [getattr(pl, "image", None) for p in issue.pages for pl in p.slots.values()]
    return [issue.path] + [a.path for a in issue.articles.values()] + [i.path for i in images if i is not None]


def _write_page(page, fontset, path: str, meta) -> str:
    from .pdf import writer

    writer.write_pdf([page], fontset, path, meta=replace(meta, title=f"{meta.title} 第{page.number}版"))
    return path


def _write_issue_pdf(issue, pages, page_paths: List[str], fontset, path: str, meta) -> str:
    """The issue PDF at ``path``: the page files assembled (labels, bookmarks page then article, metadata)."""
    from .pdf import assemble

    info = assemble.IssueInfo(meta.title, meta.subject, meta.keywords, meta.author)
    names = {p.number: p.name for p in issue.pages}
    titles = [f"第{p.label}版" + (f" {names[p.number]}" if names.get(p.number) else "") for p in pages]
    marks = [assemble.ArticleMark(i, title, y) for i, p in enumerate(pages) for title, y in p.bookmarks]
    assemble.assemble_issue(page_paths, path, info, [p.label for p in pages], titles, marks,
                            output_profile=meta.output_profile)
    return path


def write_galley(pages: Sequence, fontset, path: str, source: str, date: Optional[float] = None) -> None:
    """Write galley proof pages to ``path`` (PDF/X-1a, atomically), titled after the source file and dated
    ``date`` (seconds since the epoch: the text file's modification time; None: SOURCE_DATE_EPOCH or the writer's fixed date)."""
    from .pdf import write_pdf
    from .pdf.writer import PdfMeta

    write_pdf(pages, fontset, path, meta=PdfMeta(title=f"galley: {source}", pdfx=True, date=date))


def issue_title(issue) -> str:
    """石景山报 2018-04-28 第36期."""
    p = issue.paper
    return f"{p.name} {p.date.isoformat()} 第{p.number}期"


def issue_meta(issue, options: RenderOptions):
    """The PDF metadata and print settings of an issue's files."""
    from .compose.marks import marks_margin_pt
    from .pdf.writer import PdfMeta

    p = issue.paper
    return PdfMeta(title=issue_title(issue), subject=f"{p.name} {p.date.isoformat()}",
                   keywords=f"{p.name}, 第{p.number}期", author=p.sponsor, date=issue_epoch(issue),
                   marks_margin=marks_margin_pt() if options.marks else 0.0, icc_profile=options.icc_profile or "",
                   output_profile=options.output_profile)


def issue_epoch(issue) -> Optional[float]:
    """The PDF dates of an issue: SOURCE_DATE_EPOCH when set (None: the writer reads it), else the issue's date at 00:00 UTC."""
    if os.environ.get("SOURCE_DATE_EPOCH", "").strip().isdigit():
        return None
    import calendar

    return float(calendar.timegm(issue.paper.date.timetuple()))


def with_marks(page, issue, fontset):
    """The page with crop marks, registration targets and the slug line added outside the bleed."""
    from .compose import marks

    p = issue.paper
    stamp = marks.render_stamp(marks.page_digest(page))
    slug = marks.slug_line(p.name, p.date.isoformat(), page.label, stamp)
    extra = marks.page_marks(page, slug, fontset.face("hei"))
    return replace(page, items=list(page.items) + list(extra))


def preflight_files(report: Report, files: Sequence[str], options: RenderOptions) -> None:
    """Preflight the written PDFs (issue PDF last) into the report; never raises, never silent.

    ``options.preflight`` False leaves a warning; a checker that cannot run
    is an error (fail closed): the files were not shown to be print-ready.
    """
    files = list(files)
    if not files:
        return
    if not options.preflight:
        report.warn("preflight skipped (--no-preflight): the PDFs were not checked for print readiness; "
                    "run `render.py preflight FILE.pdf` before sending them to the plant")
        return
    started = time.perf_counter()
    try:
        from .preflight import Limits, preflight_issue, record_in_report

        limits = Limits(**{k: v for k, v in (("tac_limit", options.tac_limit), ("min_ppi", options.min_ppi))
                           if v is not None})
        issue_pdf = files[-1] if options.pages is None else None
        page_files = files[:-1] if issue_pdf else files
        results = preflight_issue(page_files, issue_pdf, limits, options.output_profile)
    except Exception as exc:  # fail closed: an unchecked file is not a checked one
        report.errors.append(f"preflight could not run ({type(exc).__name__}: {exc}); the PDFs were NOT checked; "
                             "run `render.py preflight FILE.pdf` to see why, or --no-preflight for a proof")
        return
    for result in results:
        record_in_report(result, report)
        report.stats.setdefault("preflight_checks", {})[os.path.basename(result.path)] = [
            {"check": c.name, "status": c.status, "severity": c.severity, "details": c.details}
            for c in result.checks]
    report.stats["preflight_seconds"] = round(time.perf_counter() - started, 3)
