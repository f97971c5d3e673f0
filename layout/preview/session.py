"""One warm preview: read, compose, write the changed pages' PDF and PNG, remember what was written.

Shared by ``preview`` (one render), ``watch`` (a render per change) and
``serve`` (the same, plus a browser). A :class:`PreviewSession` owns one
:class:`~layout.pipeline.Engine` (fonts loaded once) and a cache of parsed
templates (re-read only when the file or one it extends changed). Every
render composes all pages (a story may flow from one page to the next), then
writes PDF and PNG only for the pages whose display list or guides changed
(a SHA-256 of the page's items, layout/compose/marks.page_digest, plus its
template geometry and markers). A render that fails (an invalid template or
article, a broken font configuration) changes no file: the last good pages
stay on disk and the state says so, with every error's file:line:column.

The session reads the issue with :class:`CachingReader`, a subclass of the
model's ``IssueReader`` whose only change is where a template comes from:
``Engine.read_issue`` reads every template file again on every call and has
no cache parameter, and parsing them is a visible part of an edit's 0.3 s.
Composing uses recompose.PageCache rather than ``Engine.compose`` for the
reason given there (the pipeline composes whole issues only); the Engine
still owns the fonts, and PDFs are written by the pipeline's
``write_issue_files``.
"""
from __future__ import annotations

import hashlib
import os
import tempfile
import time
import traceback
from dataclasses import field
from pathlib import Path
from typing import Dict, List, Optional, Sequence, Set, Tuple

from ..model.content import IssueReader
from ..model.errors import ERROR, Diagnostics
from ..model.template import display_path, read_template
from ..records import record
from ..report import Report
from .guides import Label, LabelFonts, Marker, composite, guide_layer, page_markers
from .recompose import PageCache


@record
class PageView:
    """What the preview shows for one page: its files and its markers."""

    number: int
    label: str
    name: str
    pdf: str
    png: str
    guides: str = ""  # transparent guide layer PNG (serve), "" when not written
    title: str = ""  # 版名
    size: Tuple[int, int] = (0, 0)
    markers: List[Marker] = field(default_factory=list)
    rendered: float = 0.0  # wall-clock time the files were written
    digest: str = ""
    labels: List[Label] = field(default_factory=list)  # guide labels as drawn (pixel boxes), when guides are drawn


@record
class RenderState:
    """The outcome of one render: pages on disk, what changed, the report and the errors."""

    version: int
    started: float
    seconds: float = 0.0
    pages: Dict[int, PageView] = field(default_factory=dict)
    changed: List[int] = field(default_factory=list)
    report: Optional[Report] = None
    diagnostics: list = field(default_factory=list)
    errors: List[str] = field(default_factory=list)
    kept: bool = False  # an error kept the last good output
    good_at: float = 0.0  # wall-clock time of the last good render
    placeholder: bool = False
    usage: bool = False  # the error is in the command (e.g. --pages names no page of the issue), not the inputs

    @property
    def ok(self) -> bool:
        """True when this render had no error."""
        return not self.errors

    def line(self) -> str:
        """The one-line report of this render: time, pages written, overset/underset, or errors."""
        stamp = time.strftime("%H:%M:%S", time.localtime(self.started))
        if self.errors:
            kept = (f"kept the last good output ({time.strftime('%H:%M:%S', time.localtime(self.good_at))})"
                    if self.kept else "nothing written")
            more = f" (+{len(self.errors) - 1} more)" if len(self.errors) > 1 else ""
            return f"{stamp} error: {self.errors[0]}{more}; {kept}"
        done = (f"pages {','.join(map(str, self.changed))} written" if self.changed else "no page changed")
        return f"{stamp} {done} in {self.seconds:.2f} s; {self.markers_text()}"

    def markers_text(self) -> str:
        """'overset: lead 超出 120 字; underset: side 还差 12 字, ...' or 'no overset or underset'."""
        if self.placeholder:
            return "template preview with placeholder text (灰文)"
        markers = [m for n in sorted(self.pages) for m in self.pages[n].markers]
        groups = [(kind, [f"{m.story or m.region} {m.text()}" for m in markers if m.kind == kind])
                  for kind in ("overset", "underset")]
        parts = [f"{kind}: {', '.join(items)}" for kind, items in groups if items]
        return "; ".join(parts) if parts else "no overset or underset"


class TemplateCache:
    """Parsed templates kept between renders, valid while their file and the files they extend are unchanged."""

    def __init__(self):
        self._items: Dict[Path, Tuple[tuple, object]] = {}

    def get(self, key: Path):
        """The cached TemplateSource for a resolved path, or None when absent or stale."""
        hit = self._items.get(key)
        if hit is None or hit[0] != _stamp([key] + [Path(p).resolve() for p in hit[1].extends]):
            return None
        return hit[1]

    def put(self, key: Path, source) -> None:
        """Remember a template that was read without any diagnostic."""
        self._items[key] = (_stamp([key] + [Path(p).resolve() for p in source.extends]), source)


def _stamp(paths: Sequence[Path]) -> tuple:
    out = []
    for p in paths:
        try:
            st = os.stat(p)
            out.append((str(p), st.st_mtime_ns, st.st_size))
        except OSError:
            out.append((str(p), 0, -1))
    return tuple(out)


class CachingReader(IssueReader):
    """The model's issue reader, taking templates from a TemplateCache when their files are unchanged."""

    def __init__(self, path: Path, cache: TemplateCache):
        super().__init__(Path(path), Diagnostics())
        self.cache = cache

    def source(self, file: Path):
        """A template file read once per issue, or taken from the cache (only files read without diagnostics)."""
        key = file.resolve()
        if key not in self.sources:
            src = self.cache.get(key)
            if src is None:
                before = len(self.diags.items)
                src = read_template(file, self.diags)
                if src is not None and len(self.diags.items) == before:
                    self.cache.put(key, src)
            self.sources[key] = src
        return self.sources[key]


@record
class SessionOptions:
    """How a preview session renders: output folder, resolution, guides, pages, fonts, marks."""

    out: str = "preview"
    dpi: float = 100.0
    guides: bool = False  # draw the guides onto the page PNG
    guide_layer: bool = False  # also write <page>-guides.png, a transparent layer (the browser's toggle)
    pages: Optional[Tuple[int, ...]] = None
    fonts: Optional[str] = None
    marks: bool = False
    as_page: int = 1  # page number a template alone is previewed as (odd: right-hand)


class PreviewSession:
    """A warm renderer of one issue (or one template with placeholder text) into PDFs and PNGs."""

    def __init__(self, source: Path, options: SessionOptions = SessionOptions()):
        from ..issue import is_issue_file
        from ..pipeline import Engine

        self.source = Path(source)
        self.options = options
        self.engine = Engine(options.fonts)
        self.templates = TemplateCache()
        self.template_mode = not is_issue_file(self.source)
        self.state: Optional[RenderState] = None
        self.inputs: Set[Path] = {self.source.resolve()}
        self._digests: Dict[int, str] = {}
        self._pages = PageCache()
        self._hashed: Dict[int, tuple] = {}  # page number -> (Page object, its display digest)
        self._labels: Optional[LabelFonts] = None
        self._tmp: Optional[tempfile.TemporaryDirectory] = None
        self._version = 0

    # -- public ------------------------------------------------------------

    def font_config(self) -> Path:
        """The font configuration file this session uses."""
        from ..fonts.registry import DEFAULT_CONFIG

        return Path(self.options.fonts).resolve() if self.options.fonts else DEFAULT_CONFIG

    def reload_fonts(self) -> Optional[str]:
        """Load the font configuration again (it changed); an error message when it is unusable (old fonts kept)."""
        from ..fonts import FontError
        from ..pipeline import Engine

        engine = Engine(self.options.fonts)
        try:
            _ = engine.fontset  # loads the faces now, so a broken configuration is found before the render
        except FontError as exc:
            return str(exc)
        self.engine, self._labels, self._digests, self._pages = engine, None, {}, PageCache()
        return None

    def render(self, font_error: Optional[str] = None) -> RenderState:
        """Render once; writes only changed pages; never raises for problems in the inputs."""
        self._version += 1
        state = RenderState(self._version, time.time())
        started = time.perf_counter()
        if font_error:
            state.errors = [f"{display_path(self.font_config())}: {font_error}"]
        else:
            self._render_into(state)
        state.seconds = time.perf_counter() - started
        return self._settle(state)

    def close(self) -> None:
        """Remove the temporary folder of a template preview."""
        if self._tmp is not None:
            self._tmp.cleanup()
            self._tmp = None

    # -- steps -------------------------------------------------------------

    def _render_into(self, state: RenderState) -> None:
        from ..fonts import FontError

        try:
            issue = self._read(state)
            if issue is None or self._absent_pages(issue, state):
                return
            report = Report()
            for message in issue.warnings:
                report.warn(message)
            state.report = report
            pages = self._pages.compose(issue, self.engine.fontset, report)
            if report.errors:
                state.errors = list(report.errors)
                return
            self._write_changed(issue, pages, report, state)
        except FontError as exc:
            state.errors = [f"fonts: {exc}"]
        except Exception as exc:  # a bug must not end a designer's watch: say so, keep the last good pages
            traceback.print_exc()
            state.errors = [f"internal error ({type(exc).__name__}: {exc}); this is a bug in baoban, "
                            "the traceback is on standard error"]

    def _issue_path(self, state: RenderState) -> Optional[Path]:
        """The issue to read: the source, or a placeholder issue written for the template."""
        if not self.template_mode:
            return self.source
        from ..model.errors import ModelError
        from ..model.template import load_template
        from .placeholder import placeholder_issue

        state.placeholder = True
        try:
            template = load_template(self.source, self.options.as_page)
        except ModelError as exc:
            state.diagnostics = exc.diagnostics
            state.errors = [str(d) for d in exc.errors]
            return None
        if self._tmp is None:
            self._tmp = tempfile.TemporaryDirectory(prefix="baoban-preview-")
        return placeholder_issue(self.source, template, Path(self._tmp.name), self.options.as_page)

    def _read(self, state: RenderState):
        """The issue, or None with the errors in ``state`` (inputs remembered either way)."""
        path = self._issue_path(state)
        if path is None:
            return None
        reader = CachingReader(path, self.templates)
        issue = reader.read()
        state.diagnostics = reader.diags.sorted()
        found = input_files(reader, issue, self.font_config())
        if self.template_mode:  # the placeholder issue is rewritten by every render: never an input
            scratch = Path(self._tmp.name).resolve()
            found = {p for p in found if scratch not in p.parents} | {self.source.resolve()}
        self.inputs |= found
        errors = [str(d) for d in state.diagnostics if d.severity == ERROR]
        if issue is None and not errors:
            errors = [f"{display_path(path)}: the issue could not be read"]
        state.errors = errors
        return None if errors else issue

    def _absent_pages(self, issue, state: RenderState) -> bool:
        """True (a usage error in ``state``) when --pages names a page the issue does not have; checked before composing."""
        numbers = [a.number for a in issue.pages]
        absent = sorted(set(self.options.pages or ()) - set(numbers))
        if absent:
            state.usage = True
            state.errors = [f"--pages {','.join(map(str, absent))}: no such page in {display_path(self.source)}; "
                            f"give one of its pages: {', '.join(map(str, numbers))}"]
        return bool(absent)

    def _write_changed(self, issue, pages, report: Report, state: RenderState) -> None:
        """PDF + PNG for the pages whose display list, guides or output files changed."""
        from ..pipeline import RenderOptions, write_issue_files

        assignments = {a.number: a for a in issue.pages}
        wanted = [p for p in pages if self.options.pages is None or p.number in self.options.pages]
        views, digests = {}, {}
        for page in wanted:
            a = assignments[page.number]
            markers = [] if state.placeholder else page_markers(a, report)
            digests[page.number] = _digest(self._display_digest(page), a.template, markers, self.options)
            views[page.number] = self._view(page, markers, digests[page.number], a.name)
        changed = [n for n, v in views.items() if digests[n] != self._digests.get(n) or not _exists(v)]
        if changed:
            options = RenderOptions(out=self.options.out, marks=self.options.marks, preflight=False,
                                    pages=tuple(changed))
            write_issue_files(issue, pages, self.engine.fontset, options, report)
            if report.errors:
                state.errors = list(report.errors)
                return
            by_number = {p.number: p for p in pages}
            self._rasterize([(views[n], assignments[n].template, by_number[n]) for n in changed])
        for n, view in views.items():
            old = self.state.pages.get(n) if self.state else None
            if n not in changed and old is not None:
                view.rendered, view.size, view.labels = old.rendered, old.size, old.labels
        self._digests.update({n: digests[n] for n in changed})
        self._hashed = {n: h for n, h in self._hashed.items() if n in digests}  # pages gone from the issue
        state.pages, state.changed = views, changed

    def _display_digest(self, page) -> str:
        """The page's display-list digest (a page reused from the compose cache is not hashed again)."""
        from ..compose.marks import page_digest

        known = self._hashed.get(page.number)
        if known is None or known[0] is not page:
            known = (page, page_digest(page))
            self._hashed[page.number] = known
        return known[1]

    def _view(self, page, markers: List[Marker], digest: str, title: str) -> PageView:
        out = self.options.out
        return PageView(page.number, page.label, page.name, os.path.join(out, page.name + ".pdf"),
                        os.path.join(out, page.name + ".png"),
                        os.path.join(out, page.name + "-guides.png") if self.options.guide_layer else "",
                        title, markers=markers, digest=digest)

    def _rasterize(self, jobs: List[Tuple[PageView, object, object]]) -> None:
        """Write each (view, template, page)'s PNG (guides drawn on it with --guides) and, for serve, its guide layer.

        Three steps overlap on two cores: PDFium renders the next page in one
        thread, this one draws the guides, and a third encodes and writes PNGs.
        """
        from concurrent.futures import ThreadPoolExecutor

        from .raster import rasterize_all, save_png

        with ThreadPoolExecutor(max_workers=1, thread_name_prefix="preview-png") as writer:
            saves = []
            pictures = rasterize_all([view.pdf for view, _t, _p in jobs], self.options.dpi)
            for (view, template, page), (image, pmap) in zip(jobs, pictures):
                if self.options.guides or self.options.guide_layer:
                    if self._labels is None:
                        self._labels = LabelFonts(self.engine.fontset)
                    layer, view.labels = guide_layer(pmap, template, view.markers, self._labels, image, page)
                    if view.guides:
                        saves.append(writer.submit(save_png, layer, view.guides))
                    if self.options.guides:
                        image = composite(image, layer)
                saves.append(writer.submit(save_png, image, view.png))
                view.size = image.size
            for done in saves:
                done.result()  # an error writing a PNG is raised here, as it was before the overlap
        now = time.time()
        for view, _t, _p in jobs:
            view.rendered = now

    def _settle(self, state: RenderState) -> RenderState:
        """Keep the last good pages in the state of a failed render; remember the state."""
        last = self.state
        if state.errors:
            state.kept = bool(last and last.pages)
            state.pages = dict(last.pages) if last else {}
            state.good_at = last.good_at if last else 0.0
        else:
            state.good_at = state.started
        self.state = state
        return state


def _digest(display_digest: str, template, markers: List[Marker], options: SessionOptions) -> str:
    """The page's display digest combined with what the guides show and how the picture is made."""
    h = hashlib.sha256(display_digest.encode())
    geometry = (template.page, template.grid, [(r.id, r.kind, r.box) for r in template.regions])
    h.update(repr((geometry, markers, options.dpi, options.guides, options.guide_layer, options.marks)).encode())
    return h.hexdigest()


def _exists(view: PageView) -> bool:
    return all(os.path.exists(p) for p in (view.pdf, view.png, view.guides) if p)


def input_files(reader, issue, font_config: Path) -> Set[Path]:
    """Every file a render read: issue, templates (and what they extend), articles, images, font config."""
    files = {Path(reader.path).resolve(), Path(font_config).resolve()}
    for key, src in reader.sources.items():
        files.add(Path(key))
        if src is not None:
            files |= {Path(p).resolve() for p in src.extends}
    files |= {Path(k) for k in reader.article_files}
    images = [a.image for a in reader.article_files.values() if a.image is not None]
    if issue is not None:
        for page in issue.pages:
            images += [getattr(s, "image", None) for s in page.slots.values()]
            for region in page.template.regions:
                images += [getattr(region, "image", None), getattr(region, "name_image", None)]
    files |= {Path(i.path).resolve() for i in images if i is not None and getattr(i, "path", "")}
    return files
