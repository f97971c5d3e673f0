"""Document-level PDF/X checks against an output profile (layout/pdf/profiles.py).

PDF/X-1a:2001 (ISO 15930-1; PDF Reference 1.3 §10.10, Table 10.51): version
<= 1.3; Info with Title, CreationDate, ModDate, GTS_PDFXVersion,
GTS_PDFXConformance and Trapped True/False; a trailer /ID; exactly one
GTS_PDFX OutputIntent with an OutputConditionIdentifier and either a
registered condition (RegistryName) or an embedded printer profile; page
boxes per PDF/X-3:2002 §2.9 (MediaBox, TrimBox xor ArtBox, nesting); no
encryption, LZW or JPX streams. PDF/X-4 (ISO 15930-7:2010 §6.2): version
<= 1.6, GTS_PDFXVersion 'PDF/X-4' in Info and in the XMP metadata
(pdfxid:GTS_PDFXVersion), and an OutputIntent that embeds its
DestOutputProfile; JPEG 2000 and JBIG2 are allowed.
"""
from __future__ import annotations

from typing import List, Optional, Sequence, Tuple

import pikepdf

from ..pdf.profiles import PDFX1A, OutputProfile
from ..units import MM
from .result import MUST, Check, Limits

REQUIRED_INFO = ("/Title", "/CreationDate", "/ModDate", "/GTS_PDFXVersion")


def check_version(pdf: pikepdf.Pdf, limits: Limits, profile: OutputProfile = PDFX1A) -> Check:
    """PDF header (and catalog /Version) must not exceed limits.max_version, or else the profile's version."""
    version = str(pdf.pdf_version)
    catalog_version = pdf.Root.get("/Version")
    if catalog_version is not None:
        version = max(version, str(catalog_version).lstrip("/"), key=_version_key)
    limit = limits.max_version or profile.pdf_version
    ok = _version_key(version) <= _version_key(limit)
    return Check("pdf-version", ok, MUST, f"PDF {version} (limit {limit}, {profile.label})", {"version": version})


def _version_key(v: str) -> Tuple[int, ...]:
    return tuple(int(p) for p in v.split(".") if p.isdigit())


def check_info(pdf: pikepdf.Pdf, profile: OutputProfile = PDFX1A) -> Check:
    """Info must hold Title, CreationDate, ModDate and the profile's GTS_PDFX version (and conformance) keys."""
    info = pdf.trailer.get("/Info")
    if info is None:
        return Check("info-keys", False, MUST, "no document Info dictionary")
    required = REQUIRED_INFO + (("/GTS_PDFXConformance",) if profile.gts_conformance else ())
    missing = [k[1:] for k in required if not str(info.get(k, "")).strip()]
    version = str(info.get("/GTS_PDFXVersion", ""))
    conformance = str(info.get("/GTS_PDFXConformance", ""))
    problems = [f"missing {', '.join(missing)}"] if missing else []
    if version and version != profile.gts_version:
        problems.append(f"GTS_PDFXVersion is {version!r}, expected {profile.gts_version} for {profile.label}")
    if conformance and profile.gts_conformance and conformance != profile.gts_conformance:
        problems.append(f"GTS_PDFXConformance is {conformance!r}, expected {profile.gts_conformance}")
    shown = ", ".join(v for v in (version, conformance) if v)
    details = "; ".join(problems) or f"{shown}, Title {str(info.get('/Title'))!r}"
    return Check("info-keys", not problems, MUST, details, {"missing": missing})


def check_xmp(pdf: pikepdf.Pdf, profile: OutputProfile) -> Check:
    """PDF/X-4: catalog XMP metadata whose pdfxid:GTS_PDFXVersion names the profile (ISO 15930-7 §6.2.3)."""
    if "/Metadata" not in pdf.Root:
        return Check("xmp-metadata", False, MUST, f"no XMP metadata in the catalog ({profile.label} needs "
                     "pdfxid:GTS_PDFXVersion there)")
    try:
        with pdf.open_metadata() as meta:
            version = str(meta.get("pdfxid:GTS_PDFXVersion", ""))
            trapped = str(meta.get("pdf:Trapped", ""))
    except Exception as exc:  # pikepdf raises XML and value errors of several kinds for a damaged packet
        return Check("xmp-metadata", False, MUST, f"XMP metadata cannot be read: {exc}")
    problems = [] if version == profile.gts_version else [f"pdfxid:GTS_PDFXVersion is {version or 'absent'}, "
                                                          f"expected {profile.gts_version}"]
    if trapped not in ("True", "False"):
        problems.append(f"pdf:Trapped is {trapped or 'absent'}, expected True or False")
    details = "; ".join(problems) or f"pdfxid:GTS_PDFXVersion {version}, pdf:Trapped {trapped}"
    return Check("xmp-metadata", not problems, MUST, details)


def check_trapped(pdf: pikepdf.Pdf) -> Check:
    """Info /Trapped must be the name /True or /False (PDF/X-1a forbids Unknown)."""
    info = pdf.trailer.get("/Info") or {}
    trapped = info.get("/Trapped") if info else None
    value = str(trapped) if trapped is not None else "absent"
    ok = isinstance(trapped, pikepdf.Name) and value in ("/True", "/False")
    return Check("trapped", ok, MUST, f"Trapped {value}")


def check_trailer_id(pdf: pikepdf.Pdf) -> Check:
    """The trailer must carry an /ID array of two strings."""
    ident = pdf.trailer.get("/ID")
    ok = isinstance(ident, pikepdf.Array) and len(ident) == 2
    return Check("trailer-id", ok, MUST, "trailer /ID present" if ok else "trailer has no /ID")


def check_output_intent(pdf: pikepdf.Pdf, profile: OutputProfile = PDFX1A) -> Check:
    """Exactly one GTS_PDFX OutputIntent naming a condition, registered or with a prtr profile;
    the profile embedded when the output profile requires it (PDF/X-4)."""
    intents = [oi for oi in pdf.Root.get("/OutputIntents", []) if oi.get("/S") == "/GTS_PDFX"]
    if len(intents) != 1:
        return Check("output-intent", False, MUST, f"{len(intents)} GTS_PDFX OutputIntents (need exactly 1)")
    oi = intents[0]
    ident = str(oi.get("/OutputConditionIdentifier", ""))
    registry = str(oi.get("/RegistryName", ""))
    dest = oi.get("/DestOutputProfile")
    problems = []
    if not ident:
        problems.append("no OutputConditionIdentifier")
    if dest is None and not registry:
        problems.append("neither DestOutputProfile nor RegistryName")
    if dest is None and profile.embed_profile:
        problems.append(f"no embedded DestOutputProfile ({profile.label} requires the output profile in the file)")
    if ident == "Custom" and not str(oi.get("/Info", "")):
        problems.append("Custom condition without Info")
    profile_note = _profile_note(dest, problems)
    details = "; ".join(problems) or f"{ident} ({registry or 'no registry'}){profile_note}"
    return Check("output-intent", not problems, MUST, details, {"identifier": ident, "registry": registry})


def icc_output_profile_problem(data: bytes) -> Optional[str]:
    """None for an ICC output profile for CMYK (header class 'prtr', colour space 'CMYK'), else what is wrong.

    ICC.1 §7.2: bytes 12-15 hold the profile class, 16-19 the data colour
    space and 36-39 the signature 'acsp'.
    """
    if len(data) < 128 or data[36:40] != b"acsp":
        return "not an ICC profile (no 'acsp' signature in a 128-byte header)"
    cls, space = data[12:16], data[16:20]
    if cls != b"prtr" or space != b"CMYK":
        return (f"an ICC profile of class {cls.decode('latin-1')!r} for {space.decode('latin-1').strip()!r} data; "
                "PDF/X needs a prtr CMYK (printer output) profile such as ISOnewspaper26v4.icc")
    return None


def _profile_note(profile: Optional[pikepdf.Object], problems: List[str]) -> str:
    if profile is None:
        return ", no embedded profile"
    data = profile.read_bytes()
    problem = icc_output_profile_problem(data)
    if problem:
        problems.append(f"embedded DestOutputProfile is {problem}")
    return f", embedded {data[12:16].decode('latin-1')}/{data[16:20].decode('latin-1')} profile"


MAX_PAGE_PT = 14400.0


def check_boxes(pdf: pikepdf.Pdf) -> Check:
    """Every page: MediaBox, TrimBox xor ArtBox, Trim inside Bleed inside Crop/Media."""
    problems, bleeds = [], []
    for number, page in enumerate(pdf.pages, 1):
        page_problems, bleed = _page_box_problems(page)
        problems += [f"page {number}: {p}" for p in page_problems]
        if bleed is not None:
            bleeds.append(round(bleed / MM, 2))
    details = "; ".join(problems[:6]) or f"{len(pdf.pages)} page(s), bleed {sorted(set(bleeds)) or 'none'} mm"
    return Check("boxes", not problems, MUST, details, {"bleed_mm": bleeds})


def _page_box_problems(page: pikepdf.Page) -> Tuple[List[str], Optional[float]]:
    media = pdf_box(page.mediabox)
    obj = page.obj
    trim, art = pdf_box(obj.get("/TrimBox")), pdf_box(obj.get("/ArtBox"))
    bleed = pdf_box(obj.get("/BleedBox"))
    crop = pdf_box(obj.get("/CropBox")) or media
    problems = []
    if media is not None and max(media[2] - media[0], media[3] - media[1]) > MAX_PAGE_PT:
        problems.append(f"MediaBox larger than {MAX_PAGE_PT:,.0f} pt, the largest page a PDF may have (ISO 32000-1 C.2)")
    if trim is None and art is None:
        problems.append("no TrimBox (or ArtBox)")
    if trim is not None and art is not None:
        problems.append("both TrimBox and ArtBox")
    inner = trim or art
    for name, box in (("TrimBox", inner), ("BleedBox", bleed)):
        if box is not None and not (_inside(box, media) and _inside(box, crop)):
            problems.append(f"{name} not inside MediaBox/CropBox")
    if inner is not None and bleed is not None and not _inside(inner, bleed):
        problems.append("TrimBox not inside BleedBox")
    margin = None
    if inner is not None and bleed is not None:
        margin = min(inner[0] - bleed[0], inner[1] - bleed[1], bleed[2] - inner[2], bleed[3] - inner[3])
    return problems, margin


def pdf_box(value) -> Optional[Tuple[float, float, float, float]]:
    """(x0, y0, x1, y1) of a PDF rectangle with x0 <= x1 and y0 <= y1; None for none."""
    if value is None:
        return None
    x0, y0, x1, y1 = (float(v) for v in value)
    return min(x0, x1), min(y0, y1), max(x0, x1), max(y0, y1)


def _inside(inner, outer, tol: float = 0.01) -> bool:
    return (inner[0] >= outer[0] - tol and inner[1] >= outer[1] - tol
            and inner[2] <= outer[2] + tol and inner[3] <= outer[3] + tol)


def check_prohibited(pdf: pikepdf.Pdf, profile: OutputProfile = PDFX1A, extra: Sequence[str] = ()) -> Check:
    """No encryption, actions, JavaScript, annotations on the printed page, optional content before PDF 1.5,
    stream filter the profile forbids (LZW; JPX and JBIG2 in X-1a), nor what the content walk found (``extra``:
    transfer functions, PostScript)."""
    problems = ["encrypted"] if pdf.is_encrypted else []
    seen = set()
    for obj in pdf.objects:
        if isinstance(obj, pikepdf.Stream):
            filters = obj.get("/Filter")
            names = [filters] if isinstance(filters, pikepdf.Name) else list(filters or [])
            seen.update(profile.forbidden_filters[str(n)] for n in names if str(n) in profile.forbidden_filters)
    problems += sorted(seen)
    problems += _action_problems(pdf)
    if "/OCProperties" in pdf.Root and profile.version_tuple < (1, 5):
        problems.append(f"optional content (layers), which {profile.label} does not have")
    problems += list(dict.fromkeys(extra))
    banned = ", ".join(sorted(profile.forbidden_filters.values()))
    return Check("prohibited", not problems, MUST, "; ".join(problems[:6]) + (f" (+{len(problems) - 6} more)" if
                 len(problems) > 6 else "") or f"no encryption, actions, JavaScript, annotations on the page, "
                 f"transfer functions, PostScript or {banned}", {"found": problems})


MAX_WALKED = 10_000  # outline items and form fields looked at (a crafted file may hold millions, or a loop)


def _outline_actions(root) -> List[str]:
    """An outline (bookmark) item's action other than moving within the document (GoTo, a Named page
    action): JavaScript, a URI, a launch, another file."""
    out = []
    for item in _walked([root.get("/Outlines")], lambda item: [item.get("/First"), item.get("/Next")]):
        action = item.get("/A")
        if isinstance(action, pikepdf.Dictionary) and action.get("/S") not in ("/GoTo", "/Named"):  # navigation
            out.append(f"an outline item with a {str(action.get('/S', '/?'))[1:]} action")
    return out


def _form_fields(root) -> list:
    """The interactive form's fields and their kids (at most MAX_WALKED)."""
    form = root.get("/AcroForm")
    return _walked(list(form.get("/Fields", [])) if isinstance(form, pikepdf.Dictionary) else [],
                   lambda field: list(field.get("/Kids", [])))


def _walked(start: list, children) -> list:
    """The dictionaries reached from ``start`` through ``children(dict)``, each once, at most MAX_WALKED (an
    indirect one met again, a loop, is passed over; a direct one cannot loop)."""
    out, stack, seen = [], list(start), set()
    while stack and len(out) < MAX_WALKED:
        item = stack.pop()
        if not isinstance(item, pikepdf.Dictionary) or item.objgen in seen:
            continue
        if item.objgen != (0, 0):
            seen.add(item.objgen)
        out.append(item)
        stack += children(item)
    return out


_MARK_ANNOTATIONS = ("/PrinterMark", "/TrapNet")  # PDF/X allows these (outside the page's printed area anyway)


def _action_problems(pdf: pikepdf.Pdf) -> List[str]:
    """Actions and JavaScript (the catalog's open action, names tree and additional actions, each page's
    additional actions), and annotations other than printer's marks inside a page's BleedBox (ISO 15930)."""
    root, problems = pdf.Root, []
    if "/JavaScript" in root.get("/Names", {}):
        problems.append("JavaScript in the catalog")
    if "/OpenAction" in root:
        problems.append("an open action in the catalog")
    if "/AA" in root:
        problems.append("additional actions (/AA) in the catalog")
    problems += _outline_actions(root)
    problems += [f"a form field with an action ({str(f.get('/T', '?'))})" for f in _form_fields(root)
                 if "/A" in f or "/AA" in f]
    for number, page in enumerate(pdf.pages, 1):
        if "/AA" in page.obj:
            problems.append(f"page {number}: additional actions (/AA)")
        bleed = pdf_box(page.obj.get("/BleedBox")) or pdf_box(page.obj.get("/TrimBox")) or pdf_box(page.obj.get("/MediaBox"))
        for annot in page.obj.get("/Annots", []):
            if not isinstance(annot, pikepdf.Dictionary) or annot.get("/Subtype") in _MARK_ANNOTATIONS:
                continue
            kind = str(annot.get("/Subtype", "/?"))[1:]
            if "/A" in annot or "/AA" in annot:
                problems.append(f"page {number}: a {kind} annotation with an action")
            rect = pdf_box(annot.get("/Rect"))
            if rect and bleed and rect[0] < bleed[2] and bleed[0] < rect[2] and rect[1] < bleed[3] and bleed[1] < rect[3]:
                problems.append(f"page {number}: a {kind} annotation inside the BleedBox")
    return problems
