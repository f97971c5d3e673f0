"""Hand-made one-page PDFs with exact content streams (pikepdf), for single-feature tests."""
from __future__ import annotations

import zlib

import pikepdf


def raw_pdf(path, content: bytes, resources: dict | None = None, size=(100, 100), version="1.3") -> str:
    """Write one page with ``content`` and ``resources`` built by ``build(pdf)`` callables or plain dicts."""
    pdf = pikepdf.new()
    page = pdf.add_blank_page(page_size=size)
    page.obj.Contents = pdf.make_stream(content)
    res = pikepdf.Dictionary()
    for category, entries in (resources or {}).items():
        res[category] = pikepdf.Dictionary({name: (make(pdf) if callable(make) else make)
                                            for name, make in entries.items()})
    page.obj.Resources = res
    page.obj.TrimBox = pikepdf.Array([10, 10, size[0] - 10, size[1] - 10])
    page.obj.BleedBox = pikepdf.Array([5, 5, size[0] - 5, size[1] - 5])
    pdf.save(path, force_version=version, deterministic_id=True)
    return str(path)


def image(pdf, colorspace, w=4, h=4, components=4, extra=None):
    """An uncompressed image XObject filled with 0x80."""
    stream = pdf.make_stream(bytes([0x80]) * (w * h * components))
    stream.Type, stream.Subtype = pikepdf.Name.XObject, pikepdf.Name.Image
    stream.Width, stream.Height, stream.BitsPerComponent = w, h, 8
    stream.ColorSpace = colorspace
    for k, v in (extra or {}).items():
        stream[k] = v
    return stream


def form(pdf, content: bytes, matrix=(1, 0, 0, 1, 0, 0), resources=None, group=None):
    """A form XObject with its own matrix and resources."""
    stream = pdf.make_stream(content)
    stream.Type, stream.Subtype = pikepdf.Name.XObject, pikepdf.Name.Form
    stream.BBox = pikepdf.Array([0, 0, 1000, 1000])
    stream.Matrix = pikepdf.Array(list(matrix))
    if resources is not None:
        stream.Resources = resources
    if group is not None:
        stream.Group = group
    return stream


def icc_stream(pdf, n=3):
    """An ICCBased colour space array (the profile body is a stub: only /N matters to preflight)."""
    stream = pdf.make_stream(zlib.compress(b"\0" * 128), Filter=pikepdf.Name.FlateDecode, N=n)
    return pikepdf.Array([pikepdf.Name.ICCBased, stream])
