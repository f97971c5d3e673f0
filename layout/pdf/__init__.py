"""PDF output: the only package that imports reportlab.

Names are loaded on first use, so ``layout.pdf.profiles`` (plain data, read
by preflight and compose) does not pull in reportlab.
"""
from importlib import import_module

__all__ = ["PdfMeta", "render_pdf_bytes", "write_pdf"]


def __getattr__(name: str):
    """PdfMeta, render_pdf_bytes and write_pdf from the writer, imported when first asked for."""
    if name in __all__:
        return getattr(import_module(".writer", __name__), name)
    raise AttributeError(f"module {__name__!r} has no attribute {name!r}")
