"""Output profiles: what a print file must be, said once for the writer, the assembler and preflight.

Each profile is one row of data; the writer reads its PDF version, Info and
OutputIntent keys and whether to embed the output profile and XMP metadata;
the assembler keeps them; preflight checks a file against the same row.

* ``pdfx1a`` — PDF/X-1a:2001 (ISO 15930-1): PDF 1.3; DeviceCMYK, DeviceGray
  and Separation/DeviceN over them only; no transparency; Info
  GTS_PDFXVersion ``PDF/X-1:2001`` and GTS_PDFXConformance
  ``PDF/X-1a:2001``; one GTS_PDFX OutputIntent naming a registered condition
  (IFRA26, ISO 12647-3 coldset newsprint); the profile may be left out.
* ``pdfx4`` — PDF/X-4 (ISO 15930-7:2010 §6): PDF 1.6; ICC-based, CIE-based
  (Lab, CalRGB, CalGray) and device CMYK/gray colour; live transparency;
  GTS_PDFXVersion ``PDF/X-4`` in the Info dictionary and in XMP metadata
  (``pdfxid:GTS_PDFXVersion``, §6.2.3); the GTS_PDFX OutputIntent must embed
  its DestOutputProfile (§6.2.4), here the shipped coldset-newsprint profile
  made from CGATS/SNAP TR 002 data (layout/data/icc/LICENSE.txt), registered
  as the characterization "CGATS TR 002".

Both forbid encryption and LZW; X-1a also JPEG 2000 and JBIG2 (PDF 1.3 has
neither). DeviceRGB is never allowed: both profiles print CMYK.
"""
from __future__ import annotations

import os
from pathlib import Path
from typing import Dict, FrozenSet, Mapping, Tuple

from ..records import record

ICC_DIR = Path(__file__).resolve().parent.parent / "data" / "icc"
NEWSPRINT_ICC = ICC_DIR / "newsprint-cgats-tr002.icc"

DEVICE_FAMILIES = frozenset({"/DeviceCMYK", "/DeviceGray", "/Separation", "/DeviceN", "/Pattern", "/Indexed"})
CIE_FAMILIES = frozenset({"/ICCBased", "/Lab", "/CalRGB", "/CalGray"})
LZW = {"/LZWDecode": "LZW compression"}
PDF13_FILTERS = {"/JPXDecode": "JPEG 2000 (PDF 1.5)", "/JBIG2Decode": "JBIG2 (PDF 1.4)"}


@record(frozen=True)
class OutputProfile:
    """One PDF/X flavour: version, colour, transparency, OutputIntent and metadata requirements."""

    key: str  # the name used by --output-profile and the issue: "pdfx1a", "pdfx4"
    label: str  # human name, e.g. "PDF/X-1a:2001"
    pdf_version: str  # highest (and written) PDF version, "1.3"
    gts_version: str  # Info /GTS_PDFXVersion
    gts_conformance: str  # Info /GTS_PDFXConformance ("" when the standard has none)
    colour_families: FrozenSet[str]  # colour-space families content may paint in
    transparency: bool  # soft masks, constant alpha, blend modes, transparency groups allowed
    embed_profile: bool  # the OutputIntent must carry a DestOutputProfile
    xmp: bool  # catalog /Metadata with pdfxid:GTS_PDFXVersion required
    output_condition: str  # OutputConditionIdentifier
    output_condition_info: str  # OutputCondition and Info text
    registry: str = "http://www.color.org"
    forbidden_filters: Mapping[str, str] = None  # stream filter -> why it is not allowed
    tac_limit: float = 240.0  # total area coverage of the output condition, percent

    @property
    def version_tuple(self) -> Tuple[int, int]:
        """(major, minor) of ``pdf_version``, e.g. (1, 6)."""
        major, minor = self.pdf_version.split(".")
        return int(major), int(minor)

    def allows_colour(self, family: str) -> bool:
        """True when content may paint in a colour space of this family ("/DeviceCMYK", "/ICCBased", ...)."""
        return family in self.colour_families


PDFX1A = OutputProfile(
    key="pdfx1a", label="PDF/X-1a:2001", pdf_version="1.3",
    gts_version="PDF/X-1:2001", gts_conformance="PDF/X-1a:2001",
    colour_families=DEVICE_FAMILIES, transparency=False, embed_profile=False, xmp=False,
    output_condition="IFRA26", output_condition_info="ISO 12647-3 coldset newsprint (ISOnewspaper26v4)",
    forbidden_filters={**LZW, **PDF13_FILTERS},
)

PDFX4 = OutputProfile(
    key="pdfx4", label="PDF/X-4", pdf_version="1.6",
    gts_version="PDF/X-4", gts_conformance="",
    colour_families=DEVICE_FAMILIES | CIE_FAMILIES, transparency=True, embed_profile=True, xmp=True,
    output_condition="CGATS TR 002",
    output_condition_info="Coldset offset on newsprint (ANSI CGATS/SNAP TR 002-2007), 240 % TAC",
    forbidden_filters=dict(LZW),
)

PROFILES: Dict[str, OutputProfile] = {p.key: p for p in (PDFX1A, PDFX4)}
DEFAULT = PDFX1A.key


def get_profile(key) -> OutputProfile:
    """The profile called ``key`` (an OutputProfile passes through); ValueError naming the choices otherwise."""
    if isinstance(key, OutputProfile):
        return key
    profile = PROFILES.get(str(key or DEFAULT).lower())
    if profile is None:
        raise ValueError(f"unknown output profile {key!r}; choose one of {', '.join(PROFILES)}")
    return profile


def profile_claimed_by(gts_version: str) -> OutputProfile:
    """The profile a file says it follows, from its GTS_PDFXVersion (X-1a when it names none we know)."""
    text = str(gts_version or "")
    for profile in PROFILES.values():
        if text == profile.gts_version or (profile.key == "pdfx4" and text.startswith("PDF/X-4")):
            return profile
    return PDFX1A


def icc_description(path: str) -> str:
    """The ICC profile's own description (its 'desc' tag, e.g. "Artifex CMYK SWOP Profile"), else its file name."""
    try:
        from PIL import ImageCms
    except ImportError:  # a Pillow built without LittleCMS
        return os.path.basename(path)
    try:
        text = ImageCms.getProfileDescription(ImageCms.getOpenProfile(path)).strip()
    except (OSError, ImageCms.PyCMSError):
        text = ""
    return text or os.path.basename(path)


def output_icc_bytes(path: str = "") -> bytes:
    """The CMYK output profile: ``path`` when given, else the shipped coldset-newsprint profile."""
    with open(path or NEWSPRINT_ICC, "rb") as f:
        return f.read()
