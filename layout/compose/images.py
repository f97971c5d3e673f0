"""Images for print: Pillow in, gray or CMYK pixels out, effective resolution checked.

Newspaper practice (ISO 12647-3 coldset; see docs/templates.md): halftone
images need about 170-200 ppi effective at the placed size, so the region's
``min_ppi`` (default 200) is checked here and a shortfall is reported. Colour
sources are separated to CMYK with full grey-component replacement, which
keeps the total ink at or below 200 % (well inside the 240 % newsprint limit);
gray sources stay gray. A missing file becomes a visible placeholder (a box
with a cross and the file name) and is reported, never skipped silently.
"""
from __future__ import annotations

import os
from dataclasses import dataclass
from typing import Dict, Optional, Tuple

from ..display import Image
from ..model.types import Box

GRAY_MODES = {"1", "L", "LA", "I", "I;16", "F"}
_CACHE: Dict[tuple, "PreparedImage"] = {}


@dataclass(frozen=True)
class PreparedImage:
    """Print-ready pixels of a source image cropped for one frame."""

    mode: str  # "L" or "CMYK"
    pixel_size: Tuple[int, int]
    data: bytes
    ppi: float  # effective resolution at the placed size (the lower of x and y)


def crop_to_aspect(size: Tuple[int, int], aspect: float) -> Tuple[int, int, int, int]:
    """The centred crop box (left, top, right, bottom) of ``size`` with width/height = ``aspect``."""
    w, h = size
    if w / h > aspect:
        cw = max(1, round(h * aspect))
        left = (w - cw) // 2
        return (left, 0, left + cw, h)
    ch = max(1, round(w / aspect))
    top = (h - ch) // 2
    return (0, top, w, top + ch)


def fit_inside(size: Tuple[int, int], box: Box) -> Box:
    """The largest box with the image's aspect ratio centred inside ``box``."""
    w, h = size
    scale = min(box.w / w, box.h / h)
    fw, fh = w * scale, h * scale
    return Box(box.x + (box.w - fw) / 2, box.y + (box.h - fh) / 2, fw, fh)


def effective_ppi(pixels: Tuple[int, int], placed: Box) -> float:
    """Pixels per inch at the placed size (the lower of the two directions)."""
    return min(pixels[0] / (placed.w / 72.0), pixels[1] / (placed.h / 72.0))


def to_print_mode(img):
    """A Pillow image converted to "L" (gray sources) or "CMYK" (colour, full GCR)."""
    if img.mode in GRAY_MODES or (img.mode == "P" and _palette_is_gray(img)):
        return img.convert("L")
    if img.mode == "CMYK":
        return img
    return rgb_to_cmyk_gcr(img.convert("RGB"))


def rgb_to_cmyk_gcr(img):
    """RGB -> CMYK with full grey-component replacement: K = min(C, M, Y), ink <= 200 %."""
    from PIL import Image as PILImage, ImageChops

    r, g, b = img.split()
    c, m, y = (ImageChops.invert(ch) for ch in (r, g, b))
    k = ImageChops.darker(ImageChops.darker(c, m), y)
    c, m, y = (ImageChops.subtract(ch, k) for ch in (c, m, y))
    return PILImage.merge("CMYK", (c, m, y, k))


def _palette_is_gray(img) -> bool:
    rgb = img.convert("RGB")
    r, g, b = rgb.split()
    return r.tobytes() == g.tobytes() == b.tobytes()


def prepare(path: str, frame: Box, fit: str = "fill") -> Tuple[PreparedImage, Box]:
    """Load, crop (fill) and convert an image for ``frame``; returns the pixels and the placed box."""
    stat = os.stat(path)
    key = (os.path.abspath(path), stat.st_mtime_ns, stat.st_size, round(frame.w / frame.h, 4), fit)
    cached = _CACHE.get(key)
    if cached is None:
        cached = _prepare_uncached(path, frame, fit)
        _CACHE[key] = cached
    placed = frame if fit == "fill" else fit_inside(cached.pixel_size, frame)
    ppi = effective_ppi(cached.pixel_size, placed)
    return PreparedImage(cached.mode, cached.pixel_size, cached.data, ppi), placed


def _prepare_uncached(path: str, frame: Box, fit: str) -> PreparedImage:
    from PIL import ImageOps

    from ..model.imagefile import open_image  # header checked against the pixel budget before decoding

    with open_image(path) as src:
        src.load()
        img = ImageOps.exif_transpose(src)
    if img.mode in ("RGBA", "LA", "PA") or "transparency" in img.info:
        img = _flatten_alpha(img)
    if fit == "fill":
        img = img.crop(crop_to_aspect(img.size, frame.w / frame.h))
    img = to_print_mode(img)
    return PreparedImage(img.mode, img.size, img.tobytes(), 0.0)


def _flatten_alpha(img):
    """Composite transparent pixels onto white paper (PDF/X-1a allows no transparency)."""
    from PIL import Image as PILImage

    rgba = img.convert("RGBA")
    paper = PILImage.new("RGBA", rgba.size, (255, 255, 255, 255))
    return PILImage.alpha_composite(paper, rgba).convert("RGB")


def image_item(path: str, frame: Box, fit: str, label: str = "") -> Tuple[Image, float]:
    """The display-list Image for ``path`` in ``frame`` and its effective ppi."""
    prepared, placed = prepare(path, frame, fit)
    item = Image(placed.x, placed.y, placed.w, placed.h, path=path, mode=prepared.mode,
                 pixel_size=prepared.pixel_size, data=prepared.data, label=label)
    return item, prepared.ppi


def low_resolution_message(name: str, ppi: float, minimum: float, where: Optional[str] = None) -> str:
    """The report line for an image under the template's minimum resolution."""
    at = f" ({where})" if where else ""
    return (f"image {name}{at}: {ppi:.0f} ppi effective at the placed size, under the minimum {minimum:.0f} ppi; "
            f"use a larger original or place it smaller")
