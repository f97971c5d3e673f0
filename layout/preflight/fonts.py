"""Font checks: every font embedded (PDF/X-1a:2001, ISO 15930-1 §6.3.5) and text extractable.

The pikepdf walk visits the /Font resources of every page, form XObject,
tiling pattern and Type3 glyph procedure. Embedded means a FontFile,
FontFile2 or FontFile3 in the descriptor (of the descendant CIDFont for
Type0); Type3 fonts are embedded by construction. ToUnicode is required for
Type0 fonts (Identity-H/V codes mean nothing without it); simple fonts may
rely on a named encoding instead. ``pdffonts`` (poppler) gives an
independent second opinion when it is installed.
"""
from __future__ import annotations

import shutil
import subprocess
from typing import Dict, List, Tuple

import pikepdf

from .result import MUST, Check, Limits

EMBEDDED_KEYS = ("/FontFile", "/FontFile2", "/FontFile3")
NAMED_ENCODINGS = {"/WinAnsiEncoding", "/MacRomanEncoding", "/StandardEncoding", "/PDFDocEncoding"}


def collect_fonts(pdf: pikepdf.Pdf) -> Dict[Tuple[int, int], Tuple[str, pikepdf.Dictionary]]:
    """Every font dictionary reachable from page resources: objgen -> (where, font)."""
    fonts: Dict = {}
    seen_resources = set()
    for number, page in enumerate(pdf.pages, 1):
        _collect(page.resources, f"page {number}", fonts, seen_resources, 0)
    return fonts


def _collect(resources, where: str, fonts: Dict, seen: set, depth: int) -> None:
    if resources is None or depth > 12:
        return
    key = resources.objgen if resources.is_indirect else id(resources)
    if key in seen:
        return
    seen.add(key)
    for name, font in (resources.get("/Font") or {}).items():
        fonts.setdefault(font.objgen if font.is_indirect else (id(font), name), (f"{where} {name}", font))
        if font.get("/Subtype") == "/Type3":
            _collect(font.get("/Resources"), where, fonts, seen, depth + 1)
    for xobj in (resources.get("/XObject") or {}).values():
        if xobj.get("/Subtype") == "/Form":
            _collect(xobj.get("/Resources"), where, fonts, seen, depth + 1)
    for pattern in (resources.get("/Pattern") or {}).values():
        if int(pattern.get("/PatternType", 1)) == 1:
            _collect(pattern.get("/Resources"), where, fonts, seen, depth + 1)


def font_problems(font: pikepdf.Dictionary) -> Tuple[bool, bool]:
    """(embedded, extractable) for one font dictionary."""
    subtype = font.get("/Subtype")
    if subtype == "/Type3":
        return True, "/ToUnicode" in font or _named_encoding(font)
    if subtype == "/Type0":
        descendants = font.get("/DescendantFonts") or []
        descriptor = descendants[0].get("/FontDescriptor") if len(descendants) else None
        return _embedded(descriptor), "/ToUnicode" in font
    return _embedded(font.get("/FontDescriptor")), "/ToUnicode" in font or _named_encoding(font)


def _embedded(descriptor) -> bool:
    return descriptor is not None and any(k in descriptor for k in EMBEDDED_KEYS)


def _named_encoding(font) -> bool:
    enc = font.get("/Encoding")
    if isinstance(enc, pikepdf.Dictionary):
        enc = enc.get("/BaseEncoding")
    return enc is not None and str(enc) in NAMED_ENCODINGS


def check_fonts(pdf: pikepdf.Pdf) -> List[Check]:
    """Checks 'fonts-embedded' and 'fonts-tounicode' from the pikepdf walk."""
    unembedded, unmapped = [], []
    fonts = collect_fonts(pdf)
    for where, font in fonts.values():
        embedded, extractable = font_problems(font)
        base = str(font.get("/BaseFont", "?")).lstrip("/")
        if not embedded:
            unembedded.append(f"{base} ({where})")
        if not extractable:
            unmapped.append(f"{base} ({where})")
    n = len(fonts)
    return [
        Check("fonts-embedded", not unembedded, MUST,
              f"not embedded: {', '.join(unembedded[:5])}" if unembedded else f"{n} font(s), all embedded",
              {"fonts": n, "unembedded": unembedded}),
        Check("fonts-tounicode", not unmapped, MUST,
              f"no ToUnicode: {', '.join(unmapped[:5])}" if unmapped else f"{n} font(s) map to Unicode",
              {"unmapped": unmapped}),
    ]


def check_pdffonts(path: str, limits: Limits) -> Check:
    """Independent check with poppler's pdffonts: every font row says emb=yes (n/a without poppler)."""
    exe = shutil.which("pdffonts")
    if exe is None:
        return Check("pdffonts", None, MUST, "n/a: pdffonts (poppler-utils) not installed")
    try:
        proc = subprocess.run([exe, path], capture_output=True, text=True, timeout=limits.timeout_s)
    except subprocess.TimeoutExpired:
        return Check("pdffonts", False, MUST, "pdffonts timed out")
    if proc.returncode != 0:
        return Check("pdffonts", False, MUST, f"pdffonts failed: {proc.stderr.strip()[:200]}")
    rows = parse_pdffonts(proc.stdout)
    bad = [r["name"] for r in rows if r["emb"] != "yes"]
    details = f"not embedded: {', '.join(bad[:5])}" if bad else f"{len(rows)} font(s), all emb=yes"
    return Check("pdffonts", not bad, MUST, details, {"fonts": rows})


def parse_pdffonts(text: str) -> List[Dict[str, str]]:
    """Parse pdffonts rows from the right (name, emb, sub, uni, object): long names overflow their column."""
    rows = []
    for line in text.splitlines()[2:]:
        tokens = line.split()
        if tokens and tokens[-1] == "[none]":  # a font that is a direct object has no object number
            tokens = tokens[:-1] + ["[none]", ""]
        if len(tokens) < 6:
            continue
        rows.append({"name": tokens[0], "emb": tokens[-5], "sub": tokens[-4], "uni": tokens[-3],
                     "object": f"{tokens[-2]} {tokens[-1]}".strip()})
    return rows
