"""PDF writer: display-list pages to a print-ready PDF (the only reportlab user).

The output profile (profiles.py) says what the file must be. PDF/X-1a:2001
(ISO 15930-1, the default): PDF 1.3, DeviceCMYK / DeviceGray / Separation
colour only, no transparency, every font embedded, Info with the GTS_PDFX
keys and Trapped, a trailer /ID and one GTS_PDFX OutputIntent naming a
registered characterisation (IFRA26 for coldset newsprint, ISO 12647-3).
PDF/X-4 (ISO 15930-7): PDF 1.6, the same plus XMP metadata and an
OutputIntent that embeds the coldset-newsprint output profile. Every page
gets MediaBox, TrimBox and BleedBox. 100 % K fills and strokes overprint
(op/OP with OPM 1, PDF 1.3 §4.5.6 note).

Page content goes through reportlab's public canvas API (``addLiteral``,
``drawImage``, the box and overprint setters); a page's operators are
gathered and handed over in one piece. reportlab has no public API for
indirect objects, the Info dictionary, the trailer /ID or the compression
level of a page stream, so those go through :class:`_Document`, the one
place that touches the document behind the canvas.

Output is deterministic: dates come from ``PdfMeta.date`` (or
SOURCE_DATE_EPOCH) and the /ID from a hash of the content, and the file is
written to a temporary name and renamed, so an interrupted render never
leaves a half PDF where a good one stood.
"""
from __future__ import annotations

import hashlib
import io
import os
import sys
import time
import zlib
from dataclasses import field, fields
from typing import Dict, List, Optional, Sequence, Tuple

from ..display import GlyphRun, Image, Page, PdfGraphic, Rect, Rule
from ..fonts.face import Face
from ..records import record
from . import profiles
from .atomic import write_atomic
from .fontembed import FontUse, deflated_program, face_identity, font_tables, subset_tag
from .graphics import GraphicSet
from .paint import PageGeometry, RunWriter, TextState, color_ops, image_for_canvas, separation_color


def _import_reportlab():
    """reportlab's rl_config, pdfdoc and Canvas, loaded without what the writer never uses.

    * reportlab imports uharfbuzz (when installed) to shape its own TrueType fonts; layout
      hands the writer glyph ids, so that import is refused while reportlab loads (about
      7 ms: most of its canvas import on the galley path, where nothing else loads HarfBuzz).
    * ``reportlab.lib.utils`` imports Pillow's ``PIL.Image`` (about 6 ms) for images only;
      it is bound as a lazy module (``importlib.util.LazyLoader``) that loads on first use,
      so a page with images gets the real module and a text-only job never loads it.

    Both only when the process runs one thread (another one could import either module at
    that moment) and neither module is loaded yet; a later ``import uharfbuzz`` or use of
    ``PIL.Image`` works as ever.
    """
    threads = sys.modules.get("threading")
    alone = threads is None or threads.active_count() == 1
    block = alone and "uharfbuzz" not in sys.modules
    if alone and "PIL.Image" not in sys.modules:
        _bind_lazily("PIL.Image")
    if block:
        sys.modules["uharfbuzz"] = None  # the import machinery's "not available": ImportError
    try:
        from reportlab import rl_config
        from reportlab.pdfbase import pdfdoc
        from reportlab.pdfgen.canvas import Canvas
    finally:
        if block and "uharfbuzz" in sys.modules and sys.modules["uharfbuzz"] is None:
            del sys.modules["uharfbuzz"]
    return rl_config, pdfdoc, Canvas


def _bind_lazily(name: str) -> None:
    """Put module ``name`` in sys.modules (and on its package) as a module that executes on first attribute use."""
    import importlib.util

    try:
        spec = importlib.util.find_spec(name)
    except ImportError:  # its package is missing: reportlab's own import will say so
        return
    if spec is None or spec.loader is None or not hasattr(spec.loader, "exec_module"):
        return  # not installed, or not a loader LazyLoader can wrap: imported as usual when needed
    spec.loader = importlib.util.LazyLoader(spec.loader)
    module = importlib.util.module_from_spec(spec)
    sys.modules[name] = module
    spec.loader.exec_module(module)
    package, _, child = name.rpartition(".")
    setattr(sys.modules[package], child, module)


rl_config, pdfdoc, Canvas = _import_reportlab()


PRODUCER = "baoban (reportlab)"
PAGE_LEVEL = 1  # zlib level of page content streams (see _Document.deflate_last_page)
_CPUS = len(os.sched_getaffinity(0)) if hasattr(os, "sched_getaffinity") else (os.cpu_count() or 1)  # usable


@record(frozen=True)
class PdfMeta:
    """Document metadata and print settings."""

    title: str = "untitled"
    author: str = ""
    subject: str = ""
    keywords: str = ""
    creator: str = "baoban"
    date: Optional[float] = None  # seconds since the epoch; None: SOURCE_DATE_EPOCH or a fixed date
    pdfx: bool = True
    output_condition: str = "IFRA26"
    output_condition_info: str = "ISO 12647-3 coldset newsprint (ISOnewspaper26v4)"
    registry: str = "http://www.color.org"
    icc_profile: str = ""  # optional path of an ICC profile to embed as DestOutputProfile
    marks_margin: float = 0.0  # room for printer's marks beyond the bleed, pt
    output_profile: str = field(default=profiles.DEFAULT, repr=False)  # a key of profiles.PROFILES

    @property
    def profile(self) -> profiles.OutputProfile:
        """The output profile this file is written for (ValueError for an unknown key)."""
        return profiles.get_profile(self.output_profile)

    def condition(self) -> Tuple[str, str, str]:
        """(OutputConditionIdentifier, OutputCondition/Info, RegistryName): the X-1a fields, or the profile's."""
        profile = self.profile
        if self.icc_profile:  # the embedded profile is the condition: a registered name would say another one
            return "Custom", profiles.icc_description(self.icc_profile), ""
        if profile.key == profiles.PDFX1A.key:
            return self.output_condition, self.output_condition_info, self.registry
        return profile.output_condition, profile.output_condition_info, profile.registry


def write_pdf(pages: Sequence[Page], fontset, path: str, meta: PdfMeta = PdfMeta()) -> None:
    """Write pages to ``path`` atomically (temporary file, then rename)."""
    data = render_pdf_bytes(pages, fontset, meta)
    write_atomic(path, lambda f: f.write(data))


def render_pdf_bytes(pages: Sequence[Page], fontset, meta: PdfMeta = PdfMeta()) -> bytes:
    """The PDF file for pages, as bytes (written for ``meta.output_profile``)."""
    if not pages:
        raise ValueError("no pages to write")
    profile = meta.profile
    faces, uses = _collect_glyph_uses(pages, fontset)
    buf = io.BytesIO()
    first = PageGeometry.of(pages[0], meta.marks_margin)
    rl_config.useA85 = 0
    canvas = _Canvas(buf, pagesize=first.media_size, invariant=1, pageCompression=1,
                     pdfVersion=profile.version_tuple)
    doc = _Document(canvas)
    fonts = _embed_fonts(doc, uses)
    digest = hashlib.sha256(_id_seed(meta).encode())
    graphics = GraphicSet()
    painting = _Fonts.of(faces, uses, fonts)
    deflater = _Deflater() if len(pages) > 1 and _CPUS > 1 else None
    try:
        for page in pages:
            geom = PageGeometry.of(page, meta.marks_margin)
            canvas.setPageSize(geom.media_size)
            _set_boxes(canvas, geom)
            graphics.start_page()
            _paint_page(canvas, page, geom, painting, graphics)
            canvas.showPage()
            _digest_page(digest, doc.deflate_last_page(deflater), page, geom)
    except BaseException:
        if deflater is not None:
            deflater.stop()  # the render's own error (or Ctrl-C) is the one to raise, not the thread's
        raise
    if deflater is not None:
        deflater.finish()
    _finish_document(canvas, doc, meta, digest.digest())
    canvas.save()
    return graphics.embed(buf.getvalue(), profile.pdf_version)


@record(frozen=True)
class _Fonts:
    """What painting a glyph run needs: a RunWriter per face key (the face, its glyph use, its resource names)."""

    by_key: Dict[str, RunWriter]

    @classmethod
    def of(cls, faces: Dict[str, Face], uses: Dict[Tuple, FontUse], names: Dict[Tuple, Dict[bool, List[str]]]) -> "_Fonts":
        """Join the faces, glyph uses and resource names of the document on the face key runs carry."""
        writers: Dict[Tuple, RunWriter] = {}
        by_key = {}
        for key, face in faces.items():
            ident = face_identity(face)
            if ident not in writers:
                writers[ident] = RunWriter(face, uses[ident], names[ident])
            by_key[key] = writers[ident]
        return cls(by_key)


def _id_seed(meta: PdfMeta) -> str:
    """What the /ID hash starts from: the metadata as written before output profiles existed, plus
    the profile when it is not X-1a (so X-1a files keep their /ID byte for byte)."""
    listed = ", ".join(f"{f.name}={getattr(meta, f.name)!r}" for f in fields(meta) if f.repr)
    seed = f"PdfMeta({listed})"
    return seed if meta.profile.key == profiles.PDFX1A.key else f"{seed} {meta.profile.key}"


class _Document:
    """The reportlab document behind a canvas: indirect objects, fonts, Info, catalog entries, /ID.

    reportlab offers no public call for these (its own fonts and forms use
    the same document internals), so they are reached here and nowhere else.
    """

    def __init__(self, canvas: Canvas):
        self._doc = canvas._doc

    def add(self, obj, name: str):
        """Make ``obj`` an indirect object called ``name``; return the reference."""
        return self._doc.Reference(obj, name)

    def add_font(self, resource: str, obj, name: str) -> None:
        """Add a font object under ``resource`` in the fonts every page shares."""
        self._doc.idToObject["BasicFonts"].dict[resource] = self.add(obj, name)

    def deflate_last_page(self, deflater: Optional["_Deflater"] = None) -> bytes:
        """Compress the content stream of the page just shown (at PAGE_LEVEL, deterministic); return it uncompressed.

        reportlab would compress it at save time at zlib's default level 6. Measured on the x10
        galley (six 66 KB streams): level 6 7.4 ms / 95 KB, 4 3.4 ms / 100 KB, 1 2.3 ms / 116 KB;
        the 0.2 MB font program dominates the file, so level 1 (the file 5 % larger). With a
        ``deflater`` the compression runs on its thread while the next page is painted.
        """
        page = self._doc.Pages.pages[-1]
        content = page.stream.encode("utf-8")
        if deflater is None:
            _set_contents(page, zlib.compress(content, PAGE_LEVEL))
        else:
            deflater.add(page, content)
        return content

    def set_info(self, info) -> None:
        """Use ``info`` (a pdfdoc.PDFObject) as the document Info dictionary."""
        self._doc.info = info

    def set_file_id(self, digest: bytes) -> None:
        """Trailer /ID: both halves from the first 16 bytes of ``digest`` (deterministic)."""
        ident = pdfdoc.PDFText(digest[:16], enc="raw").format(pdfdoc.DummyDoc())
        self._doc._ID = b"\n[" + ident + ident + b"]\n"

    def set_catalog_entry(self, key: str, value) -> None:
        """A catalog entry reportlab's catalog does not list (written as given)."""
        catalog = self._doc.Catalog
        catalog.__NoDefault__ = list(type(catalog).__NoDefault__) + [key]
        setattr(catalog, key, value)


class _Canvas(Canvas):
    """A canvas whose page preamble names no font (no unembedded Helvetica)."""

    def _make_preamble(self):
        self._preamble = "1 0 0 1 0 0 cm"


def _deflated_stream(deflated: bytes, head: Optional[dict] = None):
    """A PDF stream of bytes deflated already: the ``head`` entries, then /Filter [/FlateDecode]."""
    entries = dict(head or {})
    entries["Filter"] = pdfdoc.PDFArray([pdfdoc.PDFName("FlateDecode")])
    return pdfdoc.PDFStream(pdfdoc.PDFDictionary(entries), deflated)


def _set_contents(page, deflated: bytes) -> None:
    """Make ``deflated`` (a FlateDecode content stream) the contents of a reportlab page."""
    stream = _deflated_stream(deflated)
    stream.__Comment__ = "page stream"
    page.Contents = stream


class _Deflater:
    """Compresses page content streams on a second thread while the next pages are painted.

    zlib lets go of the interpreter lock while it compresses, so on a machine with two cores or more
    the pages of a document deflate beside the painting (about 2.5 ms of the x10 galley's 6 pages). The
    thread only turns bytes into bytes (what ``zlib.compress`` gives on any thread); ``finish`` waits for
    every page, hands the streams to the pages in the render's own thread, and raises whatever went
    wrong on the other.
    """

    def __init__(self) -> None:
        import queue
        import threading

        self.todo: "queue.SimpleQueue" = queue.SimpleQueue()
        self.pages: list = []
        self.done: List[bytes] = []
        self.error: Optional[BaseException] = None
        self.thread = threading.Thread(target=self._run, name="page-deflate", daemon=True)
        self.thread.start()

    def add(self, page, content: bytes) -> None:
        """Compress ``content`` on the thread; ``finish`` makes it ``page``'s contents."""
        self.pages.append(page)
        self.todo.put(content)

    def finish(self) -> None:
        """Wait until every page added is compressed and give each its stream."""
        self.stop()
        if self.error is not None:
            raise self.error
        for page, deflated in zip(self.pages, self.done):
            _set_contents(page, deflated)

    def stop(self) -> None:
        """Wait for the thread to end (what it made and any error it met are left as they are)."""
        self.todo.put(None)
        self.thread.join()

    def _run(self) -> None:
        while True:
            content = self.todo.get()
            if content is None:
                return
            if self.error is None:
                try:
                    self.done.append(zlib.compress(content, PAGE_LEVEL))
                except BaseException as exc:  # MemoryError: raised again by finish, in the render's thread
                    self.error = exc


def _face_for_key(fontset, key: str) -> Face:
    if key in fontset.faces:
        return fontset.faces[key]
    role, _, weight = key.partition("-")
    return fontset.face(role, weight or "regular")


def _collect_glyph_uses(pages, fontset) -> Tuple[Dict[str, Face], Dict[Tuple, FontUse]]:
    """The faces runs name (by key) and one FontUse per font program (faces sharing a file, member
    and instance share it), holding every glyph shown: a page's runs of one use are added at once."""
    faces: Dict[str, Face] = {}
    uses: Dict[Tuple, FontUse] = {}
    by_key: Dict[str, FontUse] = {}
    for page in pages:
        runs_of: Dict[int, List[GlyphRun]] = {}  # id(FontUse) -> its runs on the page, in order
        list_of: Dict[str, List[GlyphRun]] = {}  # face key -> that list (keys of one use share it)
        for item in page.items:
            if type(item) is GlyphRun or isinstance(item, GlyphRun):
                runs = list_of.get(item.face)
                if runs is None:
                    use = by_key.get(item.face)
                    if use is None:
                        faces[item.face] = face = _face_for_key(fontset, item.face)
                        use = by_key[item.face] = uses.setdefault(face_identity(face), FontUse(face))
                    runs = list_of[item.face] = runs_of.setdefault(id(use), [])
                runs.append(item)
        for use in uses.values():
            if id(use) in runs_of:
                use.add_runs(runs_of[id(use)])
    return faces, uses


def _embed_fonts(doc, uses: Dict[Tuple, FontUse]) -> Dict[Tuple, Dict[bool, List[str]]]:
    """Create the font objects; return identity -> {vertical: [resource name per ToUnicode variant]}.

    One CIDFont (W, and W2 when any run is vertical) per face, shared by an
    Identity-H and an Identity-V Type0 font. A glyph that stands for several
    texts (a vertical form shared by “ and 『, or .notdef for every missing
    character) gets further Type0 fonts over the same CIDFont whose
    ToUnicode maps it to its other texts, so extraction returns what was written.
    """
    names: Dict[Tuple, Dict[bool, List[str]]] = {}
    for n, (ident, use) in enumerate(sorted(uses.items(), key=lambda kv: kv[0])):
        descriptor = _font_descriptor(doc, use, n)  # cuts the program: the CIDs are known from here on
        w, w2, deflated_cmaps = font_tables(use)
        cid_font = _cid_font(doc, use, descriptor, n, w, w2)
        cmaps = [_to_unicode(doc, cmap, k, n) for k, cmap in enumerate(deflated_cmaps)]
        names[ident] = {}
        for vertical in (False, True):
            if (vertical and not use.vertical) or (not vertical and not use.horizontal):
                continue
            names[ident][vertical] = []
            for k, cmap in enumerate(cmaps):
                name = f"CJK{n}{'V' if vertical else 'H'}" + (f"{k}" if k else "")
                doc.add_font(name, _type0_font(descriptor, cid_font, cmap, vertical), f"Font.{name}")
                names[ident][vertical].append(name)
    return names


def _font_descriptor(doc, use: FontUse, n: int):
    face = use.face
    kind, length, deflated = deflated_program(use)
    base = f"{subset_tag(use)}+{face.postscript_name.replace(' ', '')}"
    D = pdfdoc.PDFDictionary
    stream = _deflated_stream(deflated, {"Subtype": pdfdoc.PDFName("CIDFontType0C")} if kind == "cff"
                              else {"Length1": length})
    scale = 1000.0 / face.upem
    desc = D({
        "Type": pdfdoc.PDFName("FontDescriptor"), "FontName": pdfdoc.PDFName(base),
        "Flags": 4,
        "FontBBox": pdfdoc.PDFArray([-1000, round(face.descent * scale) - 200, 2000, round(face.ascent * scale) + 200]),
        "ItalicAngle": 0, "Ascent": round(face.ascent * scale), "Descent": round(face.descent * scale),
        "CapHeight": round(face.ascent * scale), "StemV": 80,
        ("FontFile3" if kind == "cff" else "FontFile2"): doc.add(stream, f"FontFile.{n}"),
    })
    return {"kind": kind, "base": base, "ref": doc.add(desc, f"FontDescriptor.{n}")}


def _cid_font(doc, use: FontUse, descriptor, n: int, w: list, w2: Optional[list]):
    D, N, A = pdfdoc.PDFDictionary, pdfdoc.PDFName, pdfdoc.PDFArray
    cid_font = D({
        "Type": N("Font"), "Subtype": N("CIDFontType0" if descriptor["kind"] == "cff" else "CIDFontType2"),
        "BaseFont": N(descriptor["base"]), "FontDescriptor": descriptor["ref"], "DW": 1000,
        "CIDSystemInfo": D({"Registry": pdfdoc.PDFString("Adobe"), "Ordering": pdfdoc.PDFString("Identity"), "Supplement": 0}),
    })
    if w:
        cid_font.dict["W"] = A(_flatten_w(w))
    if use.vertical:
        cid_font.dict["DW2"] = A([880, -1000])
        w2 = _flatten_w2(w2)
        if w2:
            cid_font.dict["W2"] = A(w2)
    if descriptor["kind"] == "truetype":
        cid_font.dict["CIDToGIDMap"] = N("Identity")
    return doc.add(cid_font, f"CIDFont.{n}")


def _to_unicode(doc, deflated: bytes, variant: int, n: int):
    """The ToUnicode stream of one variant, its CMap deflated already (``font_tables``)."""
    return doc.add(_deflated_stream(deflated), f"ToUnicode.{n}" + (f".{variant}" if variant else ""))


def _type0_font(descriptor, cid_font_ref, cmap_ref, vertical: bool):
    N = pdfdoc.PDFName
    encoding = "Identity-V" if vertical else "Identity-H"
    return pdfdoc.PDFDictionary({
        "Type": N("Font"), "Subtype": N("Type0"), "BaseFont": N(f"{descriptor['base']}-{encoding}"),
        "Encoding": N(encoding), "DescendantFonts": pdfdoc.PDFArray([cid_font_ref]), "ToUnicode": cmap_ref,
    })


def _flatten_w(entries) -> list:
    out = []
    for cid, w in entries:
        out += [cid, pdfdoc.PDFArray([w])]
    return out


def _flatten_w2(entries) -> list:
    """W2 in the ``c [w1y vx vy ...]`` form, consecutive CIDs grouped.

    Only glyphs that differ from DW2 (vertical origin 880, advance 1000) are
    listed. (Ghostscript 10.0 misreads the ``c_first c_last w1y vx vy`` form.)
    """
    out: list = []
    group: list = []
    last = None
    for cid, w1y, vx, vy in entries:
        if w1y == -1000 and vy == 880:
            continue
        if last is None or cid != last + 1:
            if group:
                out += [group[0], pdfdoc.PDFArray(group[1:])]
            group = [cid]
        group += [w1y, vx, vy]
        last = cid
    if group:
        out += [group[0], pdfdoc.PDFArray(group[1:])]
    return out


def _set_boxes(canvas, geom: PageGeometry) -> None:
    canvas.setTrimBox(geom.trim_box)
    canvas.setBleedBox(geom.bleed_box)


def _paint_page(canvas, page: Page, geom: PageGeometry, fonts: _Fonts, graphics: GraphicSet) -> None:
    """Paint a page's items in order. Operators gather in one list handed to the canvas in one
    piece, before any canvas call that writes operators itself (overprint, separation colour, images)."""
    painter = _Painter(canvas)
    text, ops, state = painter.text, painter.ops, painter.overprint
    by_key = fonts.by_key
    fill = None  # the colour object the last glyph run set (None: set it again)
    for item in page.items:
        if type(item) is GlyphRun or isinstance(item, GlyphRun):
            if item.fill is not fill:
                fill = item.fill
                state.set(painter, fill.overprint and fill.is_pure_black, False)
                painter.set_fill(fill)
            ops.append(by_key[item.face].ops(item, geom, text))
            continue
        text.forget()
        fill = None
        if isinstance(item, Rule):
            state.set(painter, False, item.stroke.overprint and item.stroke.is_pure_black)
            painter.set_colour(item.stroke, stroke=True)
            dash = "[%s] 0 d" % " ".join(f"{d:.2f}" for d in item.dash)
            x1, y1 = geom.to_pdf(item.x1, item.y1)
            x2, y2 = geom.to_pdf(item.x2, item.y2)
            ops.append(f"{item.width:.3f} w {dash} {x1:.3f} {y1:.3f} m {x2:.3f} {y2:.3f} l S [] 0 d")
        elif isinstance(item, Rect):
            _paint_rect(painter, item, geom)
        elif isinstance(item, Image):
            state.set(painter, False, False)
            x, y = geom.to_pdf(item.x, item.y + item.h)
            painter.flush().drawImage(image_for_canvas(item), x, y, item.w, item.h, mask=None)
        elif isinstance(item, PdfGraphic):
            state.set(painter, False, False)
            ops.append(graphics.placement_ops(item, geom))
    state.set(painter, False, False)
    painter.flush()


class _Painter:
    """The operators of the page being painted, what its graphics state holds, and the canvas behind it."""

    def __init__(self, canvas):
        self.canvas = canvas
        self.ops: List[str] = []
        self.text = TextState()
        self.overprint = _OverprintState()  # holds no reference back: a cycle would keep the whole document
        # (canvas, streams, font program) alive until the next full garbage collection

    def flush(self):
        """Hand the gathered operators to the canvas (before it writes its own); return the canvas."""
        if self.ops:
            self.canvas.addLiteral("\n".join(self.ops))
            self.ops.clear()
        return self.canvas

    def set_fill(self, color) -> None:
        """Set the fill colour of glyph runs, unless the graphics state holds it already."""
        ops = color_ops(color, stroke=False) if color.name != "All" else None
        if ops is not None and ops == self.text.fill:
            return
        self.set_colour(color, stroke=False)
        self.text.fill = ops

    def set_colour(self, color, stroke: bool) -> None:
        """Set the fill or stroke colour: device colour as operators, the registration colour through
        reportlab's separation colour (which also puts the /All colour space in the page resources)."""
        sep = separation_color(color)
        if sep is not None:
            self.text.forget()
            canvas = self.flush()
            (canvas.setStrokeColor if stroke else canvas.setFillColor)(sep)
        else:
            self.ops.append(color_ops(color, stroke=stroke))


def _paint_rect(painter: _Painter, item: Rect, geom: PageGeometry) -> None:
    x, y = geom.to_pdf(item.x, item.y + item.h)
    path = f"{x:.3f} {y:.3f} {item.w:.3f} {item.h:.3f} re"
    state = painter.overprint
    if item.fill is not None:
        state.set(painter, item.fill.overprint and item.fill.is_pure_black, False)
        painter.set_colour(item.fill, stroke=False)
        painter.ops.append(f"{path} f")
    if item.stroke is not None:
        state.set(painter, False, item.stroke.overprint and item.stroke.is_pure_black)
        painter.set_colour(item.stroke, stroke=True)
        painter.ops.append(f"{item.stroke_width:.3f} w {path} S")


class _OverprintState:
    """Emits ExtGState changes only when fill/stroke overprint actually changes."""

    def __init__(self):
        self.fill = self.stroke = False
        self.mask_set = False

    def set(self, painter: _Painter, fill: bool, stroke: bool) -> None:
        """Make fill and stroke overprint what the next item of ``painter``'s page needs (OPM 1 once, before the first)."""
        if fill == self.fill and stroke == self.stroke and (self.mask_set or not (fill or stroke)):
            return
        canvas = painter.flush()
        if (fill or stroke) and not self.mask_set:
            canvas.setOverprintMask(1)
            self.mask_set = True
        if stroke != self.stroke:
            # A graphics state with OP but no op sets op too (PDF 1.3 §4.5.6), so the
            # fill overprint is stated again after every stroke change.
            canvas.setStrokeOverprint(stroke)
            self.stroke = stroke
            canvas.setFillOverprint(fill)
            self.fill = fill
        elif fill != self.fill:
            canvas.setFillOverprint(fill)
            self.fill = fill


def _digest_page(digest, content: bytes, page: Page, geom: PageGeometry) -> None:
    """Fold what a page paints (its content stream and image pixels) into the document hash behind /ID."""
    digest.update(repr(geom).encode())
    digest.update(content)
    for item in page.items:
        if isinstance(item, Image):
            name = "" if item.data else os.path.basename(item.path)  # the pixels say it; not how the path was typed
            digest.update(repr((name, item.mode, item.pixel_size)).encode())
            digest.update(item.data)


def _finish_document(canvas, doc: _Document, meta: PdfMeta, digest: bytes) -> None:
    when = _document_time(meta)
    doc.set_info(_PdfXInfo(meta, when))
    doc.set_file_id(digest)
    if meta.pdfx:
        _add_output_intent(doc, meta)
        if meta.profile.xmp:
            canvas.setCatalogEntry("Metadata", _metadata_stream(meta, when, digest))


def _document_time(meta: PdfMeta) -> float:
    if meta.date is not None:
        return meta.date
    env = os.environ.get("SOURCE_DATE_EPOCH", "")
    return float(env) if env.strip().isdigit() else 946684800.0  # 2000-01-01, fixed for determinism


class _PdfXInfo(pdfdoc.PDFInfo):
    """Info dictionary with the profile's GTS_PDFX keys (ISO 15930-1 §6.7.5, ISO 15930-7 §6.2.3)."""

    def __init__(self, meta: PdfMeta, when: float):
        super().__init__()
        self.meta, self.when = meta, when

    def format(self, document):
        """The Info dictionary, with fixed dates from the metadata for deterministic output."""
        m = self.meta
        stamp = pdf_date(self.when)
        d = {
            "Title": pdfdoc.PDFString(m.title), "Author": pdfdoc.PDFString(m.author or m.creator),
            "Subject": pdfdoc.PDFString(m.subject), "Keywords": pdfdoc.PDFString(m.keywords),
            "Creator": pdfdoc.PDFString(m.creator), "Producer": pdfdoc.PDFString(PRODUCER),
            "CreationDate": pdfdoc.PDFString(stamp), "ModDate": pdfdoc.PDFString(stamp),
            "Trapped": pdfdoc.PDFName("False"),
        }
        if m.pdfx:
            profile = m.profile
            d["GTS_PDFXVersion"] = pdfdoc.PDFString(profile.gts_version)
            if profile.gts_conformance:
                d["GTS_PDFXConformance"] = pdfdoc.PDFString(profile.gts_conformance)
        return pdfdoc.PDFDictionary(d).format(document)


def pdf_date(when: float) -> str:
    """A PDF date string (UTC) for seconds since the epoch: D:20000101000000+00'00'."""
    return time.strftime("D:%Y%m%d%H%M%S+00'00'", time.gmtime(when))


def _add_output_intent(doc: _Document, meta: PdfMeta) -> None:
    """The GTS_PDFX OutputIntent: the condition, and the ICC profile when given or the profile requires one."""
    D, N, S = pdfdoc.PDFDictionary, pdfdoc.PDFName, pdfdoc.PDFString
    ident, info, registry = meta.condition()
    intent = D({"Type": N("OutputIntent"), "S": N("GTS_PDFX"), "OutputConditionIdentifier": S(ident),
                "OutputCondition": S(info), "Info": S(info)})
    if registry:
        intent.dict["RegistryName"] = S(registry)
    if meta.icc_profile or meta.profile.embed_profile:
        data = profiles.output_icc_bytes(meta.icc_profile)
        icc = pdfdoc.PDFStream(D({"N": 4}), data, filters=[pdfdoc.PDFZCompress])
        intent.dict["DestOutputProfile"] = doc.add(icc, "OutputProfile")
    doc.set_catalog_entry("OutputIntents", pdfdoc.PDFArray([doc.add(intent, "OutputIntent")]))


def _metadata_stream(meta: PdfMeta, when: float, digest: bytes):
    """The catalog's XMP metadata stream (uncompressed, as PDF/X-4 readers expect to find it)."""
    from .xmp import XmpFields, xmp_packet  # PDF/X-4 only

    packet = xmp_packet(XmpFields(title=meta.title, author=meta.author or meta.creator, subject=meta.subject,
                                  keywords=meta.keywords, creator=meta.creator, producer=PRODUCER,
                                  date=when, document_id=digest[:16].hex()), meta.profile)
    D, N = pdfdoc.PDFDictionary, pdfdoc.PDFName
    return _PlainStream(D({"Type": N("Metadata"), "Subtype": N("XML")}), packet)


class _PlainStream(pdfdoc.PDFStream):
    """A stream written without filters (reportlab would compress every stream of a compressed document)."""

    def format(self, document):
        """The stream object: its dictionary with /Length, then the bytes as they are."""
        dictionary = pdfdoc.PDFDictionary(dict(self.dictionary.dict))
        dictionary["Length"] = len(self.content)
        return pdfdoc.format(dictionary, document) + b"\nstream\n" + self.content + b"endstream\n"
