"""PDF writer: display-list pages to a print-ready PDF (the only reportlab user).

Targets PDF/X-1a:2001 (ISO 15930-1) by default: PDF 1.3, DeviceCMYK /
DeviceGray / Separation colour only, no transparency, every font embedded,
Info with the GTS_PDFX keys and Trapped, a trailer /ID and one GTS_PDFX
OutputIntent naming a registered characterisation (IFRA26 for coldset
newsprint, ISO 12647-3). Every page gets MediaBox, TrimBox and BleedBox.
100 % K fills and strokes overprint (op/OP with OPM 1, PDF 1.3 §4.5.6 note).

Output is deterministic: dates come from ``PdfMeta.date`` (or
SOURCE_DATE_EPOCH) and the /ID from a hash of the content, and the file is
written to a temporary name and renamed, so an interrupted render never
leaves a half PDF where a good one stood.
"""
from __future__ import annotations

import hashlib
import io
import os
import time
from dataclasses import dataclass
from typing import Dict, List, Optional, Sequence, Tuple

from reportlab import rl_config
from reportlab.pdfbase import pdfdoc
from reportlab.pdfgen.canvas import Canvas

from ..display import GlyphRun, Image, Page, Rect, Rule
from ..fonts.face import Face
from .atomic import write_atomic
from .fontembed import (FontUse, face_identity, font_program, subset_tag, to_unicode_cmap,
                        vertical_metrics_array, widths_array)
from .paint import PageGeometry, color_ops, glyph_run_ops, image_for_canvas


@dataclass(frozen=True)
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


def write_pdf(pages: Sequence[Page], fontset, path: str, meta: PdfMeta = PdfMeta()) -> None:
    """Write pages to ``path`` atomically (temporary file, then rename)."""
    data = render_pdf_bytes(pages, fontset, meta)
    write_atomic(path, lambda f: f.write(data))


def render_pdf_bytes(pages: Sequence[Page], fontset, meta: PdfMeta = PdfMeta()) -> bytes:
    """The PDF file for pages, as bytes."""
    if not pages:
        raise ValueError("no pages to write")
    faces = _faces_by_key(pages, fontset)
    uses = _collect_glyph_uses(pages, faces)
    buf = io.BytesIO()
    first = PageGeometry.of(pages[0], meta.marks_margin)
    rl_config.useA85 = 0
    canvas = _Canvas(buf, pagesize=first.media_size, invariant=1, pageCompression=1, pdfVersion=(1, 3))
    doc = canvas._doc
    fonts = _embed_fonts(doc, uses)
    digest = hashlib.sha256(repr(meta).encode())
    for page in pages:
        geom = PageGeometry.of(page, meta.marks_margin)
        canvas.setPageSize(geom.media_size)
        _set_boxes(canvas, geom)
        start = len(canvas._code)
        _paint_page(canvas, page, geom, faces, uses, fonts)
        _digest_page(digest, canvas._code[start:], page, geom)
        canvas.showPage()
    _finish_document(canvas, meta, digest.digest())
    canvas.save()
    return buf.getvalue()


class _Canvas(Canvas):
    """A canvas whose page preamble names no font (no unembedded Helvetica)."""

    def _make_preamble(self):
        self._preamble = "1 0 0 1 0 0 cm"


def _faces_by_key(pages: Sequence[Page], fontset) -> Dict[str, Face]:
    faces: Dict[str, Face] = {}
    for page in pages:
        for item in page.items:
            if isinstance(item, GlyphRun) and item.face not in faces:
                faces[item.face] = _face_for_key(fontset, item.face)
    return faces


def _face_for_key(fontset, key: str) -> Face:
    if key in fontset.faces:
        return fontset.faces[key]
    role, _, weight = key.partition("-")
    return fontset.face(role, weight or "regular")


def _collect_glyph_uses(pages, faces) -> Dict[Tuple, FontUse]:
    uses: Dict[Tuple, FontUse] = {}
    for page in pages:
        for item in page.items:
            if not isinstance(item, GlyphRun):
                continue
            face = faces[item.face]
            use = uses.setdefault(face_identity(face), FontUse(face))
            use.add_run(item.glyphs, item.texts, item.vertical)
    return uses


def _embed_fonts(doc, uses: Dict[Tuple, FontUse]) -> Dict[Tuple, Dict[bool, List[str]]]:
    """Create the font objects; return identity -> {vertical: [resource name per ToUnicode variant]}.

    One CIDFont (W, and W2 when any run is vertical) per face, shared by an
    Identity-H and an Identity-V Type0 font. A glyph that stands for several
    texts (a vertical form shared by “ and 『, or .notdef for every missing
    character) gets further Type0 fonts over the same CIDFont whose
    ToUnicode maps it to its other texts, so extraction returns what was written.
    """
    names: Dict[Tuple, Dict[bool, List[str]]] = {}
    fonts_dict = doc.idToObject["BasicFonts"].dict
    for n, (ident, use) in enumerate(sorted(uses.items(), key=lambda kv: kv[0])):
        descriptor = _font_descriptor(doc, use, n)
        cid_font = _cid_font(doc, use, descriptor, n)
        cmaps = [_to_unicode(doc, use, k, n) for k in range(use.variant_count())]
        names[ident] = {}
        for vertical in (False, True):
            if (vertical and not use.vertical) or (not vertical and not use.horizontal):
                continue
            names[ident][vertical] = []
            for k, cmap in enumerate(cmaps):
                name = f"CJK{n}{'V' if vertical else 'H'}" + (f"{k}" if k else "")
                fonts_dict[name] = doc.Reference(_type0_font(descriptor, cid_font, cmap, vertical), f"Font.{name}")
                names[ident][vertical].append(name)
    return names


def _font_descriptor(doc, use: FontUse, n: int):
    face = use.face
    kind, program = font_program(use)
    base = f"{subset_tag(use)}+{face.postscript_name.replace(' ', '')}"
    D = pdfdoc.PDFDictionary
    stream_dict = D({"Subtype": pdfdoc.PDFName("CIDFontType0C")}) if kind == "cff" else D({"Length1": len(program)})
    stream = pdfdoc.PDFStream(stream_dict, program, filters=[pdfdoc.PDFZCompress])
    scale = 1000.0 / face.upem
    desc = D({
        "Type": pdfdoc.PDFName("FontDescriptor"), "FontName": pdfdoc.PDFName(base),
        "Flags": 4, "FontBBox": pdfdoc.PDFArray([-1000, round(face.descent * scale) - 200, 2000, round(face.ascent * scale) + 200]),
        "ItalicAngle": 0, "Ascent": round(face.ascent * scale), "Descent": round(face.descent * scale),
        "CapHeight": round(face.ascent * scale), "StemV": 80,
        ("FontFile3" if kind == "cff" else "FontFile2"): doc.Reference(stream, f"FontFile.{n}"),
    })
    return {"kind": kind, "base": base, "ref": doc.Reference(desc, f"FontDescriptor.{n}")}


def _cid_font(doc, use: FontUse, descriptor, n: int):
    D, N, A = pdfdoc.PDFDictionary, pdfdoc.PDFName, pdfdoc.PDFArray
    cid_font = D({
        "Type": N("Font"), "Subtype": N("CIDFontType0" if descriptor["kind"] == "cff" else "CIDFontType2"),
        "BaseFont": N(descriptor["base"]), "FontDescriptor": descriptor["ref"], "DW": 1000,
        "CIDSystemInfo": D({"Registry": pdfdoc.PDFString("Adobe"), "Ordering": pdfdoc.PDFString("Identity"), "Supplement": 0}),
    })
    w = widths_array(use)
    if w:
        cid_font.dict["W"] = A(_flatten_w(w))
    if use.vertical:
        cid_font.dict["DW2"] = A([880, -1000])
        w2 = _flatten_w2(vertical_metrics_array(use))
        if w2:
            cid_font.dict["W2"] = A(w2)
    if descriptor["kind"] == "truetype":
        cid_font.dict["CIDToGIDMap"] = N("Identity")
    return doc.Reference(cid_font, f"CIDFont.{n}")


def _to_unicode(doc, use: FontUse, variant: int, n: int):
    cmap = pdfdoc.PDFStream(pdfdoc.PDFDictionary({}), to_unicode_cmap(use.text_of_cid(variant)), filters=[pdfdoc.PDFZCompress])
    return doc.Reference(cmap, f"ToUnicode.{n}" + (f".{variant}" if variant else ""))


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


def _paint_page(canvas, page: Page, geom: PageGeometry, faces, uses, fonts) -> None:
    code = canvas._code
    state = _OverprintState(canvas)
    for item in page.items:
        if isinstance(item, GlyphRun):
            face = faces[item.face]
            ident = face_identity(face)
            state.set(item.fill.overprint and item.fill.is_pure_black, False)
            code.append(color_ops(item.fill, stroke=False, canvas=canvas))
            code.append(glyph_run_ops(item, face, uses[ident], fonts[ident][item.vertical], geom))
        elif isinstance(item, Rule):
            state.set(False, item.stroke.overprint and item.stroke.is_pure_black)
            code.append(color_ops(item.stroke, stroke=True, canvas=canvas))
            dash = "[%s] 0 d" % " ".join(f"{d:.2f}" for d in item.dash)
            x1, y1 = geom.to_pdf(item.x1, item.y1)
            x2, y2 = geom.to_pdf(item.x2, item.y2)
            code.append(f"{item.width:.3f} w {dash} {x1:.3f} {y1:.3f} m {x2:.3f} {y2:.3f} l S [] 0 d")
        elif isinstance(item, Rect):
            _paint_rect(canvas, code, item, geom, state)
        elif isinstance(item, Image):
            state.set(False, False)
            x, y = geom.to_pdf(item.x, item.y + item.h)
            canvas.drawImage(image_for_canvas(item), x, y, item.w, item.h, mask=None)
    state.set(False, False)


def _paint_rect(canvas, code, item: Rect, geom: PageGeometry, state) -> None:
    x, y = geom.to_pdf(item.x, item.y + item.h)
    path = f"{x:.3f} {y:.3f} {item.w:.3f} {item.h:.3f} re"
    if item.fill is not None:
        state.set(item.fill.overprint and item.fill.is_pure_black, False)
        code.append(color_ops(item.fill, stroke=False, canvas=canvas))
        code.append(f"{path} f")
    if item.stroke is not None:
        state.set(False, item.stroke.overprint and item.stroke.is_pure_black)
        code.append(color_ops(item.stroke, stroke=True, canvas=canvas))
        code.append(f"{item.stroke_width:.3f} w {path} S")


class _OverprintState:
    """Emits ExtGState changes only when fill/stroke overprint actually changes."""

    def __init__(self, canvas):
        self.canvas = canvas
        self.fill = self.stroke = False
        self.mask_set = False

    def set(self, fill: bool, stroke: bool) -> None:
        """Make fill and stroke overprint what the next item needs (OPM 1 once, before the first)."""
        if (fill or stroke) and not self.mask_set:
            self.canvas.setOverprintMask(1)
            self.mask_set = True
        if stroke != self.stroke:
            # A graphics state with OP but no op sets op too (PDF 1.3 §4.5.6), so the
            # fill overprint is stated again after every stroke change.
            self.canvas.setStrokeOverprint(stroke)
            self.stroke = stroke
            self.canvas.setFillOverprint(fill)
            self.fill = fill
        elif fill != self.fill:
            self.canvas.setFillOverprint(fill)
            self.fill = fill


def _digest_page(digest, operators: List[str], page: Page, geom: PageGeometry) -> None:
    """Fold what a page paints (its operators and image pixels) into the document hash behind /ID."""
    digest.update(repr(geom).encode())
    digest.update("\n".join(operators).encode())
    for item in page.items:
        if isinstance(item, Image):
            digest.update(repr((item.path, item.mode, item.pixel_size)).encode())
            digest.update(item.data)


def _finish_document(canvas, meta: PdfMeta, digest: bytes) -> None:
    doc = canvas._doc
    doc.info = _PdfXInfo(meta, _document_time(meta))
    ident = pdfdoc.PDFText(digest[:16], enc="raw").format(pdfdoc.DummyDoc())
    doc._ID = b"\n[" + ident + ident + b"]\n"
    if meta.pdfx:
        _add_output_intent(doc, meta)


def _document_time(meta: PdfMeta) -> float:
    if meta.date is not None:
        return meta.date
    env = os.environ.get("SOURCE_DATE_EPOCH", "")
    return float(env) if env.strip().isdigit() else 946684800.0  # 2000-01-01, fixed for determinism


class _PdfXInfo(pdfdoc.PDFInfo):
    """Info dictionary with the PDF/X-1a:2001 keys (ISO 15930-1 §6.7.5)."""

    def __init__(self, meta: PdfMeta, when: float):
        super().__init__()
        self.meta, self.when = meta, when

    def format(self, document):
        """The Info dictionary, with fixed dates from the metadata for deterministic output."""
        m = self.meta
        stamp = time.strftime("D:%Y%m%d%H%M%S+00'00'", time.gmtime(self.when))
        d = {
            "Title": pdfdoc.PDFString(m.title), "Author": pdfdoc.PDFString(m.author or m.creator),
            "Subject": pdfdoc.PDFString(m.subject), "Keywords": pdfdoc.PDFString(m.keywords),
            "Creator": pdfdoc.PDFString(m.creator), "Producer": pdfdoc.PDFString("baoban (reportlab)"),
            "CreationDate": pdfdoc.PDFString(stamp), "ModDate": pdfdoc.PDFString(stamp),
            "Trapped": pdfdoc.PDFName("False"),
        }
        if m.pdfx:
            d["GTS_PDFXVersion"] = pdfdoc.PDFString("PDF/X-1:2001")
            d["GTS_PDFXConformance"] = pdfdoc.PDFString("PDF/X-1a:2001")
        return pdfdoc.PDFDictionary(d).format(document)


def _add_output_intent(doc, meta: PdfMeta) -> None:
    D, N, S = pdfdoc.PDFDictionary, pdfdoc.PDFName, pdfdoc.PDFString
    intent = D({
        "Type": N("OutputIntent"), "S": N("GTS_PDFX"),
        "OutputConditionIdentifier": S(meta.output_condition), "OutputCondition": S(meta.output_condition_info),
        "RegistryName": S(meta.registry), "Info": S(meta.output_condition_info),
    })
    if meta.icc_profile:
        with open(meta.icc_profile, "rb") as f:
            icc = pdfdoc.PDFStream(D({"N": 4}), f.read(), filters=[pdfdoc.PDFZCompress])
        intent.dict["DestOutputProfile"] = doc.Reference(icc, "OutputProfile")
    catalog = doc.Catalog
    catalog.__NoDefault__ = list(type(catalog).__NoDefault__) + ["OutputIntents"]
    catalog.OutputIntents = pdfdoc.PDFArray([doc.Reference(intent, "OutputIntent")])
