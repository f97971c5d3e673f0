"""PDF pages placed as form XObjects (PDF 1.3 §4.9): ads and graphics stay vector, with their own fonts.

qpdf (through pikepdf's public API) turns a page into a form XObject whose
BBox is the page's TrimBox (else CropBox, else MediaBox) and whose Matrix
undoes /Rotate, and copies it with everything it uses (fonts, images,
colour spaces) into our file. The page content says ``q <matrix> cm /BbGn Do Q``
at the item's place in the paint order; the matrix maps the form's box onto
the display item's box. Text in the form keeps its fonts and ToUnicode, so it
is in the page's text layer; nothing is rasterised.

reportlab cannot take foreign objects, so the writer paints the operators
and :meth:`GraphicSet.embed` adds the forms to the finished file (only when a
page places one: files without graphics are reportlab's bytes unchanged).
qpdf writes it with a content-derived /ID, so the output stays deterministic.
"""
from __future__ import annotations

import io
from dataclasses import field
from typing import TYPE_CHECKING, Dict, List, Tuple

from ..display import PdfGraphic
from ..records import record
from .paint import PageGeometry

if TYPE_CHECKING:  # pikepdf (about 0.1 s to import) is loaded only when a page places a PDF
    import pikepdf

Box4 = Tuple[float, float, float, float]


@record
class GraphicSet:
    """The PDF pages one document places: a resource name per (file, page) and the pages that use each."""

    names: Dict[Tuple[str, int], str] = field(default_factory=dict)
    boxes: Dict[Tuple[str, int], Box4] = field(default_factory=dict)
    uses: List[List[Tuple[str, int]]] = field(default_factory=list)  # per written page, the graphics it shows

    def start_page(self) -> None:
        """Begin collecting the graphics of the next page."""
        self.uses.append([])

    def placement_ops(self, item: PdfGraphic, geom: PageGeometry) -> str:
        """``q … cm /name Do Q``: the page of ``item.path`` drawn into the item's box."""
        key = (item.path, item.page)
        if key not in self.names:
            self.names[key] = f"BbG{len(self.names)}"
            self.boxes[key] = _form_box(item.path, item.page)
        if key not in self.uses[-1]:
            self.uses[-1].append(key)
        x0, y0, x1, y1 = self.boxes[key]
        sx, sy = item.w / (x1 - x0), item.h / (y1 - y0)
        left, bottom = geom.to_pdf(item.x, item.y + item.h)
        return (f"q {sx:.6f} 0 0 {sy:.6f} {left - sx * x0:.3f} {bottom - sy * y0:.3f} cm "
                f"/{self.names[key]} Do Q")

    def embed(self, data: bytes, pdf_version: str) -> bytes:
        """The written file ``data`` with every placed page added as a form XObject (unchanged without any)."""
        if not self.names:
            return data
        import pikepdf

        with pikepdf.open(io.BytesIO(data)) as pdf:
            forms = self._copy_forms(pdf)
            for page, keys in zip(pdf.pages, self.uses):
                if keys:
                    resources = page.obj.Resources
                    if "/XObject" not in resources:
                        resources.XObject = pikepdf.Dictionary()
                    xobjects = resources.XObject
                    for key in keys:
                        xobjects[f"/{self.names[key]}"] = forms[key]
            out = io.BytesIO()
            pdf.save(out, deterministic_id=True, min_version=pdf_version,
                     object_stream_mode=pikepdf.ObjectStreamMode.disable)
        return out.getvalue()

    def _copy_forms(self, pdf: pikepdf.Pdf) -> Dict[Tuple[str, int], pikepdf.Object]:
        import pikepdf

        forms = {}
        for path in sorted({p for p, _ in self.names}):
            with pikepdf.open(path) as source:
                for key in sorted(k for k in self.names if k[0] == path):
                    form = source.pages[key[1] - 1].as_form_xobject(True)
                    forms[key] = pdf.copy_foreign(form)
        return forms


def _form_box(path: str, page: int) -> Box4:
    """The form's BBox after its Matrix, in form space: what the placement scales onto the item's box."""
    import pikepdf

    with pikepdf.open(path) as source:
        form = source.pages[page - 1].as_form_xobject(True)
        x0, y0, x1, y1 = (float(v) for v in form.BBox)
        a, b, c, d, e, f = (float(v) for v in form.get("/Matrix", [1, 0, 0, 1, 0, 0]))
    corners = [(a * x + c * y + e, b * x + d * y + f) for x in (x0, x1) for y in (y0, y1)]
    xs, ys = [p[0] for p in corners], [p[1] for p in corners]
    return min(xs), min(ys), max(xs), max(ys)
