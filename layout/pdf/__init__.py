"""PDF output: the only package that imports reportlab."""
from .writer import PdfMeta, render_pdf_bytes, write_pdf

__all__ = ["PdfMeta", "render_pdf_bytes", "write_pdf"]
