"""Walk page content the way a RIP would and record what is actually painted.

Implements the painting model of the PDF Reference 1.3 ch. 4: graphics state
stack (q/Q), CTM (cm), colour operators (g/G, rg/RG, k/K, cs/CS + sc/scn),
ExtGState (gs: op/OP/OPM, CA/ca, BM, SMask, LW), form XObjects with their
Matrix and Resources, image XObjects and inline images, shadings (sh) and
tiling/shading patterns. Only colour spaces used by a painting operator are
recorded, so an unused RGB resource does not fail a file but one RGB glyph does.
Which colour spaces and whether transparency are allowed comes from the
output profile (layout/pdf/profiles.py): PDF/X-1a takes device CMYK/gray and
spots over them, PDF/X-4 also ICC- and CIE-based colour and transparency.
"""
from __future__ import annotations

import math
from dataclasses import field, replace
from typing import List, Optional, Tuple

import pikepdf

from ..pdf.profiles import PDFX1A, OutputProfile
from ..records import record
from ..units import to_mm

Matrix = Tuple[float, float, float, float, float, float]
IDENTITY: Matrix = (1.0, 0.0, 0.0, 1.0, 0.0, 0.0)
PRINT_FAMILIES = {"/DeviceCMYK", "/DeviceGray"}
INITIAL_COLOUR = {"/DeviceGray": (0.0,), "/DeviceCMYK": (0.0, 0.0, 0.0, 1.0), "/DeviceRGB": (0.0, 0.0, 0.0)}
FILL_OPS = {"f", "F", "f*", "B", "B*", "b", "b*"}
STROKE_OPS = {"S", "s", "B", "B*", "b", "b*"}
TEXT_SHOW_OPS = {"Tj", "TJ", "'", '"'}
FILLING_TEXT_MODES = {0, 2, 4, 6}
STROKING_TEXT_MODES = {1, 2, 5, 6}
MAX_DEPTH = 12


@record(frozen=True)
class ColourSpace:
    """A resolved colour space: label for reports, print-safe or not, and why."""

    label: str
    family: str
    allowed: bool
    problem: str = ""


DEVICE_GRAY = ColourSpace("DeviceGray", "/DeviceGray", True)
DEVICE_CMYK = ColourSpace("DeviceCMYK", "/DeviceCMYK", True)
DEVICE_RGB = ColourSpace("DeviceRGB", "/DeviceRGB", False, "DeviceRGB")


@record(frozen=True)
class GState:
    """The parts of the graphics state preflight needs."""

    ctm: Matrix = IDENTITY
    fill_cs: ColourSpace = DEVICE_GRAY
    stroke_cs: ColourSpace = DEVICE_GRAY
    fill: Tuple[float, ...] = (0.0,)
    stroke: Tuple[float, ...] = (0.0,)
    line_width: float = 1.0
    fill_overprint: bool = False
    overprint_mode: int = 0
    font_size: float = 0.0
    text_mode: int = 0


@record
class Findings:
    """Everything noticed while walking: each list entry names its page."""

    painted: dict = field(default_factory=dict)  # colour-space label -> count
    bad_colour: List[str] = field(default_factory=list)
    transparency: List[str] = field(default_factory=list)
    k_text: int = 0
    k_text_no_overprint: List[str] = field(default_factory=list)
    multi_ink_small_text: List[str] = field(default_factory=list)
    thinnest_stroke: Optional[Tuple[float, str]] = None
    images: List[Tuple[float, int, str]] = field(default_factory=list)  # (ppi, bpc, where)
    forbidden: List[str] = field(default_factory=list)  # transfer functions, PostScript: for the 'prohibited' check
    placements: List[Tuple[int, str, Tuple[float, float, float, float]]] = field(default_factory=list)
    # (page number, "image Im0 (1200x800 px)" or "form BbG0", its box in PDF user space) for naming ink problems

    def note_stroke(self, width: float, where: str) -> None:
        """Remember the thinnest stroke seen so far."""
        if self.thinnest_stroke is None or width < self.thinnest_stroke[0]:
            self.thinnest_stroke = (width, where)


def walk_document(pdf: pikepdf.Pdf, multi_ink_text_pt: float = 12.0, profile: OutputProfile = PDFX1A) -> Findings:
    """Walk every page's content (forms, patterns and images included) and return the findings.

    Colour spaces are judged against ``profile``; transparency is recorded
    either way (the transparency check decides whether it is allowed).
    """
    findings = Findings()
    for number, page in enumerate(pdf.pages, 1):
        where = f"page {number}"
        group = page.obj.get("/Group")
        if group is not None and group.get("/S") == "/Transparency":
            findings.transparency.append(f"{where}: page transparency group")
        trim = page.obj.get("/TrimBox") or page.mediabox
        walker = _Walker(findings, where, multi_ink_text_pt, (float(min(trim[0], trim[2])), float(max(trim[1], trim[3]))),
                         profile)
        walker.page = number
        walker.run(pikepdf.parse_content_stream(page), page.resources, GState(), 0)
    return findings


def matmul(m: Matrix, n: Matrix) -> Matrix:
    """m then n (PDF row-vector convention: CTM' = m x CTM)."""
    a, b, c, d, e, f = m
    A, B, C, D, E, F = n
    return (a * A + b * C, a * B + b * D, c * A + d * C, c * B + d * D, e * A + f * C + E, e * B + f * D + F)


def min_scale(m: Matrix) -> float:
    """Smallest singular value of the linear part: how thin a unit line can become."""
    a, b, c, d = m[:4]
    p = a * a + b * b + c * c + d * d
    q = abs(a * d - b * c)
    return math.sqrt(max(0.0, (p - math.sqrt(max(0.0, p * p - 4 * q * q))) / 2))


def area_scale(m: Matrix) -> float:
    """Geometric-mean scale of the linear part (for font sizes)."""
    return math.sqrt(abs(m[0] * m[3] - m[1] * m[2]))


def resolve_colour_space(obj, resources, depth: int = 0, profile: OutputProfile = PDFX1A) -> ColourSpace:
    """Classify a colour space (name or array) against ``profile``: for PDF/X-1a CMYK, gray and
    CMYK/gray-based spots only; PDF/X-4 adds ICC- and CIE-based spaces. DeviceRGB never passes."""
    if isinstance(obj, pikepdf.Name):
        name = str(obj)
        if name in ("/DeviceGray", "/G"):
            return DEVICE_GRAY
        if name in ("/DeviceCMYK", "/CMYK"):
            return DEVICE_CMYK
        if name in ("/DeviceRGB", "/RGB"):
            return DEVICE_RGB
        if name == "/Pattern":
            return ColourSpace("Pattern", "/Pattern", True)
        named = _resource(resources, "/ColorSpace", name)
        if named is None or depth > MAX_DEPTH:
            return ColourSpace(f"undefined {name}", name, False, f"undefined colour space {name}")
        return resolve_colour_space(named, resources, depth + 1, profile)
    if isinstance(obj, pikepdf.Array) and len(obj) > 0:
        return _resolve_array(obj, resources, depth, profile)
    return ColourSpace("invalid", "?", False, "invalid colour space")


def _resolve_array(arr, resources, depth: int, profile: OutputProfile) -> ColourSpace:
    family = str(arr[0])
    if family in ("/DeviceGray", "/DeviceCMYK", "/DeviceRGB") and len(arr) == 1:
        return resolve_colour_space(arr[0], resources, depth + 1, profile)
    if family in ("/Indexed", "/I"):
        base = resolve_colour_space(arr[1], resources, depth + 1, profile)
        return replace(base, label=f"Indexed {base.label}")
    if family in ("/Separation", "/DeviceN"):
        alt = resolve_colour_space(arr[2], resources, depth + 1, profile)
        names = str(arr[1]) if family == "/Separation" else " ".join(str(n) for n in arr[1])
        label = f"{family[1:]} {names} ({alt.label})"
        return ColourSpace(label, family, alt.allowed, f"{label}: alternate {alt.problem}" if not alt.allowed else "")
    if family == "/Pattern":
        if len(arr) > 1:
            base = resolve_colour_space(arr[1], resources, depth + 1, profile)
            return replace(base, label=f"Pattern {base.label}")
        return ColourSpace("Pattern", "/Pattern", True)
    allowed = profile.allows_colour(family)
    if family == "/ICCBased":
        n = int(arr[1].get("/N", 0))
        return ColourSpace(f"ICCBased N={n}", family, allowed, "" if allowed else f"ICCBased (N={n}) colour, "
                           f"not allowed in {profile.label}")
    return ColourSpace(family[1:], family, allowed, "" if allowed else f"{family[1:]} colour, not allowed in {profile.label}")


def _resource(resources, category: str, name: str):
    if resources is None:
        return None
    group = resources.get(category)
    return group.get(name) if group is not None else None


def bounding_box(points, m: Matrix) -> Tuple[float, float, float, float]:
    """The axis-aligned box (x0, y0, x1, y1) of ``points`` mapped through ``m``."""
    mapped = [(x * m[0] + y * m[2] + m[4], x * m[1] + y * m[3] + m[5]) for x, y in points]
    xs, ys = [p[0] for p in mapped], [p[1] for p in mapped]
    return min(xs), min(ys), max(xs), max(ys)


class _Walker:
    """One content stream interpreter; forms and patterns recurse with their own resources."""

    page = 0  # the page number being walked (set by walk_document)

    def __init__(self, findings: Findings, where: str, multi_ink_text_pt: float, trim_top_left=(0.0, 0.0),
                 profile: OutputProfile = PDFX1A):
        self.f = findings
        self.profile = profile
        self.where = where
        self.multi_ink_text_pt = multi_ink_text_pt
        self.trim_top_left = trim_top_left

    def _position(self, ctm: Matrix) -> str:
        """Top-left of the unit square under ``ctm``, in mm from the trim's top-left (y down)."""
        corners = [(ctm[4] + u * ctm[0] + v * ctm[2], ctm[5] + u * ctm[1] + v * ctm[3]) for u in (0, 1) for v in (0, 1)]
        x = min(c[0] for c in corners) - self.trim_top_left[0]
        y = self.trim_top_left[1] - max(c[1] for c in corners)
        return f"at {to_mm(x):.0f},{to_mm(y):.0f} mm"

    def run(self, instructions, resources, state: GState, depth: int) -> None:
        """Interpret instructions from ``state``; record paint events in the findings."""
        stack: List[GState] = []
        text_matrix: Matrix = IDENTITY
        pending_rects: List[Tuple[float, float]] = []
        for instruction in instructions:
            op = str(instruction.operator)
            if op == "INLINE IMAGE":
                self._image(instruction.operands[0].obj, resources, state, "inline image")
                continue
            args = list(instruction.operands)
            if op == "q":
                stack.append(state)
            elif op == "Q":
                state = stack.pop() if stack else state
            elif op == "cm":
                state = replace(state, ctm=matmul(_nums(args), state.ctm))
            elif op == "BT":
                text_matrix = IDENTITY
            elif op == "Tm":
                text_matrix = _nums(args)
            elif op == "re":
                w, h = float(args[2]), float(args[3])
                pending_rects.append((abs(w), abs(h)))
            elif op in FILL_OPS or op in STROKE_OPS or op in ("n",):
                self._paint(op, state, pending_rects)
                pending_rects = []
            elif op in TEXT_SHOW_OPS:
                self._text(state, text_matrix)
            elif op == "Do":
                self._xobject(args[0], resources, state, depth)
            elif op == "sh":
                self._shading(_resource(resources, "/Shading", str(args[0])), resources, f"shading {args[0]}")
            else:
                state = self._state_op(op, args, resources, state, depth)

    def _state_op(self, op: str, args, resources, state: GState, depth: int) -> GState:
        if op == "w":
            return replace(state, line_width=float(args[0]))
        if op == "Tf":
            return replace(state, font_size=float(args[1]))
        if op == "Tr":
            return replace(state, text_mode=int(args[0]))
        if op == "gs":
            return self._extgstate(_resource(resources, "/ExtGState", str(args[0])), state, str(args[0]))
        if op in ("g", "G", "rg", "RG", "k", "K"):
            cs = {"g": DEVICE_GRAY, "rg": DEVICE_RGB, "k": DEVICE_CMYK}[op.lower()]
            return self._set_colour(op.isupper(), cs, tuple(_nums(args)), state)
        if op in ("cs", "CS"):
            cs = resolve_colour_space(args[0], resources, 0, self.profile)
            return self._set_colour(op == "CS", cs, INITIAL_COLOUR.get(cs.family, (1.0,)), state)
        if op in ("sc", "scn", "SC", "SCN"):
            return self._set_values(op.isupper(), args, resources, state, depth)
        return state

    def _set_colour(self, stroking: bool, cs: ColourSpace, values, state: GState) -> GState:
        if stroking:
            return replace(state, stroke_cs=cs, stroke=values)
        return replace(state, fill_cs=cs, fill=values)

    def _set_values(self, stroking: bool, args, resources, state: GState, depth: int) -> GState:
        if args and isinstance(args[-1], pikepdf.Name):  # a pattern
            pattern = _resource(resources, "/Pattern", str(args[-1]))
            self._pattern(pattern, resources, state, depth)
            return state
        values = tuple(_nums(args))
        return replace(state, stroke=values) if stroking else replace(state, fill=values)

    def _extgstate(self, gs, state: GState, name: str) -> GState:
        if gs is None:
            return state
        where = f"{self.where}: ExtGState {name}"
        if float(gs.get("/CA", 1)) < 1 or float(gs.get("/ca", 1)) < 1:
            self.f.transparency.append(f"{where}: constant alpha < 1")
        blend = gs.get("/BM")
        blends = [str(b) for b in blend] if isinstance(blend, pikepdf.Array) else [str(blend)] if blend else []
        if any(b not in ("/Normal", "/Compatible") for b in blends):
            self.f.transparency.append(f"{where}: blend mode {'/'.join(blends)}")
        smask = gs.get("/SMask")
        if smask is not None and smask != pikepdf.Name("/None"):
            self.f.transparency.append(f"{where}: soft mask")
        if "/TR" in gs or ("/TR2" in gs and gs.get("/TR2") != pikepdf.Name("/Default")):  # ISO 15930: no transfer
            self.f.forbidden.append(f"{where}: a transfer function")  # curves (only TR2 /Default)
        if "/op" in gs or "/OP" in gs:
            state = replace(state, fill_overprint=bool(gs.get("/op", gs.get("/OP"))))
        if "/OPM" in gs:
            state = replace(state, overprint_mode=int(gs.get("/OPM")))
        if "/LW" in gs:
            state = replace(state, line_width=float(gs.get("/LW")))
        return state

    def _note_paint(self, cs: ColourSpace, what: str) -> None:
        self.f.painted[cs.label] = self.f.painted.get(cs.label, 0) + 1
        if not cs.allowed:
            self.f.bad_colour.append(f"{self.where}: {what} in {cs.problem or cs.label}")

    def _paint(self, op: str, state: GState, rects) -> None:
        if op in FILL_OPS:
            self._note_paint(state.fill_cs, "fill")
            for w, h in rects:
                thin = min(w, h) * min_scale(state.ctm)
                if 0 < thin and max(w, h) > 4 * min(w, h):
                    self.f.note_stroke(thin, f"{self.where}: filled rectangle")
        if op in STROKE_OPS:
            self._note_paint(state.stroke_cs, "stroke")
            self.f.note_stroke(state.line_width * min_scale(state.ctm), f"{self.where}: stroke")

    def _text(self, state: GState, text_matrix: Matrix) -> None:
        if state.text_mode in FILLING_TEXT_MODES:
            self._note_paint(state.fill_cs, "text")
            self._check_text_inks(state, text_matrix)
        if state.text_mode in STROKING_TEXT_MODES:
            self._note_paint(state.stroke_cs, "text outline")
            self.f.note_stroke(state.line_width * min_scale(state.ctm), f"{self.where}: text outline")

    def _check_text_inks(self, state: GState, text_matrix: Matrix) -> None:
        fam, values = state.fill_cs.family, state.fill
        if fam == "/DeviceGray" and values and values[0] <= 0.001:
            self.f.k_text += 1
            self.f.k_text_no_overprint.append(f"{self.where}: DeviceGray black text (cannot overprint; use 0 0 0 1 k)")
            return
        if fam != "/DeviceCMYK" or len(values) != 4:
            return
        inks = sum(1 for v in values if v > 0.001)
        if values[3] >= 0.999 and inks == 1:
            self.f.k_text += 1
            if not (state.fill_overprint and state.overprint_mode == 1):
                why = "op off" if not state.fill_overprint else f"OPM {state.overprint_mode}"
                self.f.k_text_no_overprint.append(f"{self.where}: 100K text without overprint ({why})")
        elif inks > 1:
            size = state.font_size * area_scale(matmul(text_matrix, state.ctm))
            if size < self.multi_ink_text_pt:
                self.f.multi_ink_small_text.append(f"{self.where}: {size:.1f} pt text in {inks} inks")

    def _xobject(self, name, resources, state: GState, depth: int) -> None:
        xobj = _resource(resources, "/XObject", str(name))
        if xobj is None or depth > MAX_DEPTH:
            return
        subtype = xobj.get("/Subtype")
        if subtype == "/PS" or xobj.get("/Subtype2") == "/PS":
            self.f.forbidden.append(f"{self.where}: PostScript XObject {name}")
            return
        if subtype == "/Image":
            self._image(xobj, resources, state, f"image {name}")
        elif subtype == "/Form":
            self._form(xobj, resources, state, depth, f"form {name}")

    def _form(self, form, resources, state: GState, depth: int, label: str) -> None:
        group = form.get("/Group")
        if group is not None and group.get("/S") == "/Transparency":
            self.f.transparency.append(f"{self.where}: {label} is a transparency group")
        matrix = _nums(form.get("/Matrix", [1, 0, 0, 1, 0, 0]))
        inner = replace(state, ctm=matmul(matrix, state.ctm))
        if "/BBox" in form:
            x0, y0, x1, y1 = _nums(form.BBox)
            box = bounding_box([(x0, y0), (x1, y1), (x0, y1), (x1, y0)], inner.ctm)
            self.f.placements.append((self.page, label, box))
        self.run(pikepdf.parse_content_stream(form), form.get("/Resources", resources), inner, depth + 1)

    def _image(self, image, resources, state: GState, label: str) -> None:
        where = f"{self.where}: {label}"
        if bool(image.get("/ImageMask", False)):
            self._note_paint(state.fill_cs, f"{label} (stencil mask)")
            bpc = 1
        else:
            cs_obj = image.get("/ColorSpace")
            if cs_obj is None:
                cs = ColourSpace("JPX internal", "/JPX", False, "colour space inside JPX data")
            else:
                cs = resolve_colour_space(cs_obj, resources, 0, self.profile)
            self._note_paint(cs, label)
            bpc = int(image.get("/BitsPerComponent", 8))
        if "/SMask" in image or "/SMaskInData" in image and int(image.get("/SMaskInData")) != 0:
            self.f.transparency.append(f"{where}: soft mask (SMask)")
        ctm = state.ctm
        w_pt, h_pt = math.hypot(ctm[0], ctm[1]), math.hypot(ctm[2], ctm[3])
        px_w, px_h = int(image.get("/Width", 0)), int(image.get("/Height", 0))
        if w_pt > 0 and h_pt > 0:
            ppi = min(px_w / (w_pt / 72.0), px_h / (h_pt / 72.0))
            size = f"{px_w}x{px_h} px in {to_mm(w_pt):.0f}x{to_mm(h_pt):.0f} mm"
            self.f.images.append((ppi, bpc, f"{where} {self._position(ctm)} ({size})"))
            box = bounding_box([(0, 0), (1, 1), (0, 1), (1, 0)], ctm)
            self.f.placements.append((self.page, f"{label} ({px_w}x{px_h} px)", box))

    def _pattern(self, pattern, resources, state: GState, depth: int) -> None:
        if pattern is None or depth > MAX_DEPTH:
            return
        if int(pattern.get("/PatternType", 1)) == 2:
            self._shading(pattern.get("/Shading"), resources, "shading pattern")
        elif int(pattern.get("/PaintType", 1)) == 1:
            self._form(pattern, resources, replace(state, ctm=IDENTITY), depth, "tiling pattern")

    def _shading(self, shading, resources, label: str) -> None:
        if shading is not None and "/ColorSpace" in shading:
            self._note_paint(resolve_colour_space(shading["/ColorSpace"], resources, 0, self.profile), label)


def _nums(args) -> Tuple[float, ...]:
    return tuple(float(a) for a in args)
