"""Images for print: Pillow in, gray or CMYK pixels out, effective resolution checked; PDF ads placed.

Newspaper practice (ISO 12647-3 coldset; see docs/templates.md): halftone
images need about 170-200 ppi effective at the placed size, so the region's
``min_ppi`` (default 200) is checked here and a shortfall is reported.

Colour management (issue 16): colour photos go through a real ICC transform
(Pillow's ImageCms, LittleCMS) to the output condition's CMYK profile, the
shipped coldset-newsprint profile (layout/data/icc, CGATS/SNAP TR 002 data,
240 % total ink), relative colorimetric with black-point compensation:

* RGB: from the embedded profile, else sRGB (what cameras and the web assume);
* CMYK with an embedded profile: converted from it (re-separated for newsprint);
* CMYK without one is taken to be for this press already and kept as it is,
  unless its ink exceeds the limit: then it is re-separated through the output
  profile (CMYK → Lab → CMYK), which rebuilds it with the profile's black
  generation and ink limit.

Then the ink limit is applied pixel by pixel (the transform's tables can
overshoot a few percent): where C+M+Y+K exceeds the limit, K is kept and
C, M and Y are scaled down by the same factor until the sum fits. Scaling
the three colours together keeps their ratio, so the hue of the shadow stays
and only its colour depth drops (the same trade a press's ink-limit curve
makes). Gray sources stay gray (one ink, never over the limit).

A PDF given as an image (an ad) is placed as vector content: a
``PdfGraphic`` of its page, scaled to fit the frame; the writer embeds the
page as a form XObject. A missing file becomes a visible placeholder (a box
with a cross and the file name) and is reported, never skipped silently.
"""
from __future__ import annotations

import functools
import io
import os
import threading
from collections import OrderedDict
from pathlib import Path
from typing import Optional, Tuple, Union

from ..display import Image, PdfGraphic
from ..model.types import Box
from ..records import record

GRAY_MODES = {"1", "L", "LA", "I", "I;16", "F"}
# The CMYK output profile; layout/pdf/profiles.py embeds the same file as the PDF/X-4 DestOutputProfile.
OUTPUT_ICC = Path(__file__).resolve().parent.parent / "data" / "icc" / "newsprint-cgats-tr002.icc"
TAC_LIMIT = 240.0  # percent: CGATS TR 002 / IFRA26 coldset newsprint
# Prepared pixels kept between renders (a watch or batch process re-places the same photos), least
# recently used dropped first once their bytes pass the budget, so a long-lived process stays flat.
CACHE_BYTES = 256 << 20


@record(frozen=True)
class PreparedImage:
    """Print-ready pixels of a source image cropped for one frame."""

    mode: str  # "L" or "CMYK"
    pixel_size: Tuple[int, int]
    data: bytes
    ppi: float  # effective resolution at the placed size (the lower of x and y)


class _PixelCache:
    """An LRU map key -> PreparedImage bounded by the total size of the pixel data (``budget`` bytes)."""

    def __init__(self, budget: int):
        self.budget, self.used = budget, 0
        self._items: "OrderedDict[tuple, PreparedImage]" = OrderedDict()
        self._lock = threading.Lock()

    def get(self, key: tuple) -> Optional["PreparedImage"]:
        """The cached image for ``key`` (now the most recently used), or None."""
        with self._lock:
            item = self._items.get(key)
            if item is not None:
                self._items.move_to_end(key)
            return item

    def put(self, key: tuple, item: "PreparedImage") -> None:
        """Keep ``item`` unless it alone exceeds the budget; drop the least recently used until within it."""
        size = len(item.data)
        with self._lock:
            if key in self._items:
                self.used -= len(self._items.pop(key).data)
            if size > self.budget:
                return
            self._items[key] = item
            self.used += size
            while self.used > self.budget:
                _, old = self._items.popitem(last=False)
                self.used -= len(old.data)

    def __len__(self) -> int:
        return len(self._items)

    def clear(self) -> None:
        """Forget every cached image."""
        with self._lock:
            self._items.clear()
            self.used = 0


_CACHE = _PixelCache(CACHE_BYTES)


def crop_to_aspect(size: Tuple[int, int], aspect: float,
                   focus: Tuple[float, float] = (0.5, 0.5)) -> Tuple[int, int, int, int]:
    """The crop box (left, top, right, bottom) of ``size`` with width/height = ``aspect``, centred on ``focus``
    (fractions of the picture from its top-left; the box stays inside the picture)."""
    w, h = size
    if w / h > aspect:
        cw = max(1, round(h * aspect))
        left = (w - cw) // 2 if focus[0] == 0.5 else min(w - cw, max(0, round(focus[0] * w - cw / 2)))
        return (left, 0, left + cw, h)
    ch = max(1, round(w / aspect))
    top = (h - ch) // 2 if focus[1] == 0.5 else min(h - ch, max(0, round(focus[1] * h - ch / 2)))
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


def to_print_mode(img, output_icc: Union[str, Path] = OUTPUT_ICC, tac_limit: float = TAC_LIMIT):
    """A Pillow image as "L" (gray sources) or "CMYK" (colour, ICC-converted to ``output_icc``, ink-limited)."""
    if img.mode in GRAY_MODES or (img.mode == "P" and _palette_is_gray(img)):
        return img.convert("L")
    icc = img.info.get("icc_profile") or b""
    if img.mode == "CMYK":
        return cmyk_to_output(img, icc, output_icc, tac_limit)
    return rgb_to_output(img.convert("RGB"), icc, output_icc, tac_limit)


def rgb_to_output(img, icc: bytes, output_icc: Union[str, Path] = OUTPUT_ICC, tac_limit: float = TAC_LIMIT):
    """RGB pixels (``icc`` their embedded profile, b"" for sRGB) to ink-limited CMYK for the output profile."""
    source = icc if _profile_space(icc) == "RGB" else b""
    from PIL import ImageCms

    return limit_ink(ImageCms.applyTransform(img, _checked_transform(source, "RGB", str(output_icc))), tac_limit)


def cmyk_to_output(img, icc: bytes, output_icc: Union[str, Path] = OUTPUT_ICC, tac_limit: float = TAC_LIMIT):
    """CMYK pixels to ink-limited CMYK for the output profile (see the module doc for untagged files)."""
    source = icc if _profile_space(icc) == "CMYK" else b""
    if not source and max_ink(img) <= tac_limit:
        return img
    from PIL import ImageCms

    return limit_ink(ImageCms.applyTransform(img, _checked_transform(source, "CMYK", str(output_icc))), tac_limit)


def _profile_space(icc: bytes) -> str:
    """The data colour space of an ICC profile's header ("RGB", "CMYK", ...), "" when not a profile."""
    if len(icc) < 128 or icc[36:40] != b"acsp":
        return ""
    return icc[16:20].decode("latin-1").strip()


def _checked_transform(source_icc: bytes, mode: str, output_icc: str):
    """_transform, with a damaged embedded profile reported as a ValueError naming it (the image is then
    a placeholder with that reason in the report, never printed with guessed colours)."""
    from PIL import ImageCms

    try:
        return _transform(source_icc, mode, output_icc)
    except (ImageCms.PyCMSError, OSError) as exc:
        raise ValueError(f"its embedded ICC profile cannot be used ({exc}); save it again with a valid profile "
                         "or without one") from exc


@functools.lru_cache(maxsize=16)
def _transform(source_icc: bytes, mode: str, output_icc: str):
    """A LittleCMS transform ``mode`` -> CMYK into ``output_icc`` (source: the bytes, or sRGB / the output
    profile itself when empty), relative colorimetric with black-point compensation."""
    from PIL import ImageCms

    if source_icc:
        source = ImageCms.ImageCmsProfile(io.BytesIO(source_icc))
    elif mode == "RGB":
        source = ImageCms.createProfile("sRGB")
    else:
        source = ImageCms.getOpenProfile(output_icc)
    return ImageCms.buildTransform(source, ImageCms.getOpenProfile(output_icc), mode, "CMYK",
                                   renderingIntent=ImageCms.Intent.RELATIVE_COLORIMETRIC,
                                   flags=ImageCms.Flags.BLACKPOINTCOMPENSATION)


def max_ink(img) -> float:
    """The highest C+M+Y+K of a CMYK image, in percent."""
    import numpy as np

    return float(np.asarray(img, dtype=np.uint16).sum(axis=2).max()) * 100.0 / 255.0


def limit_ink(img, tac_limit: float = TAC_LIMIT):
    """The CMYK image with every pixel's C+M+Y+K at most ``tac_limit`` percent: K kept, C, M, Y scaled together."""
    import numpy as np
    from PIL import Image as PILImage

    px = np.asarray(img, dtype=np.int32)
    limit = int(tac_limit * 255 // 100)
    over = px.sum(axis=2) > limit
    if not over.any():
        return img
    k = np.minimum(px[..., 3], limit)
    cmy = px[..., :3]
    room = (limit - k).astype(np.float64)
    total = cmy.sum(axis=2).astype(np.float64)
    scale = np.divide(room, total, out=np.zeros_like(room), where=total > 0)
    limited = np.floor(cmy * scale[..., None]).astype(np.int32)
    out = px.copy()
    out[..., :3] = np.where(over[..., None], limited, cmy)
    out[..., 3] = np.where(over, k, px[..., 3])
    return PILImage.fromarray(out.astype(np.uint8), "CMYK")


def _palette_is_gray(img) -> bool:
    rgb = img.convert("RGB")
    r, g, b = rgb.split()
    return r.tobytes() == g.tobytes() == b.tobytes()


def prepare(path: str, frame: Box, fit: str = "fill", focus: Tuple[float, float] = (0.5, 0.5)) -> Tuple[PreparedImage, Box]:
    """Load, crop (fill) and convert an image for ``frame``; returns the pixels and the placed box."""
    stat = os.stat(path)
    key = (os.path.abspath(path), stat.st_mtime_ns, stat.st_size, round(frame.w, 2), round(frame.h, 2), fit,
           str(OUTPUT_ICC), focus)  # the size too: a photo far sharper than print needs is resampled for its frame
    cached = _CACHE.get(key)
    if cached is None:
        cached = _prepare_uncached(path, frame, fit, focus)
        _CACHE.put(key, cached)
    placed = frame if fit == "fill" else fit_inside(cached.pixel_size, frame)
    ppi = effective_ppi(cached.pixel_size, placed)
    return PreparedImage(cached.mode, cached.pixel_size, cached.data, ppi), placed


def _prepare_uncached(path: str, frame: Box, fit: str, focus: Tuple[float, float] = (0.5, 0.5)) -> PreparedImage:
    from PIL import ImageOps

    from ..model.imagefile import open_image  # header checked against the pixel budget before decoding

    with open_image(path) as src:
        if src.format == "JPEG":  # decode at a power-of-two reduction when print needs far fewer pixels
            src.draft(src.mode, _draft_size(src.size, frame))
        src.load()
        img = ImageOps.exif_transpose(src)
    icc = src.info.get("icc_profile") or b""
    if img.mode in ("RGBA", "LA", "PA") or "transparency" in img.info:
        img = _flatten_alpha(img)
    if icc:
        img.info["icc_profile"] = icc  # kept through the alpha flattening and the crop
    if fit == "fill":
        cropped = img.crop(crop_to_aspect(img.size, frame.w / frame.h, focus))
        cropped.info["icc_profile"] = img.info.get("icc_profile") or b""
        img = cropped
    img = _downsampled(img, frame if fit == "fill" else fit_inside(img.size, frame))
    img = to_print_mode(img)
    return PreparedImage(img.mode, img.size, img.tobytes(), 0.0)


DOWNSAMPLE_ABOVE = 450.0  # ppi at the placed size: a sharper photo is resampled (print shows no more detail)
DOWNSAMPLE_TO = 300.0  # ppi it is resampled to (bicubic), as prepress does for newsprint and magazine work


def _downsampled(img, placed: Box):
    """``img`` resampled to DOWNSAMPLE_TO ppi at its placed size when it is sharper than DOWNSAMPLE_ABOVE ppi
    (a 40-megapixel photo in a 10 cm frame: a twentieth of the pixels, to convert, ink-limit and embed)."""
    from PIL import Image as PILImage

    ppi = effective_ppi(img.size, placed)
    if ppi <= DOWNSAMPLE_ABOVE or img.mode == "1":  # line art and bar codes keep their sharp 1-bit edges
        return img
    scale = DOWNSAMPLE_TO / ppi
    size = (max(1, round(img.width * scale)), max(1, round(img.height * scale)))
    out = img.resize(size, PILImage.Resampling.BICUBIC, reducing_gap=3.0)  # reduce() first: fast and light
    out.info["icc_profile"] = img.info.get("icc_profile") or b""
    return out


def _draft_size(size: Tuple[int, int], frame: Box) -> Tuple[int, int]:
    """A whole-picture size (either orientation) that still gives DOWNSAMPLE_ABOVE ppi to any part of it placed
    in ``frame`` (a margin over the DOWNSAMPLE_TO it is then resampled to): what a JPEG may be decoded at
    (Pillow picks a power-of-two reduction at least this big)."""
    scale = max(frame.w, frame.h) / 72.0 * DOWNSAMPLE_ABOVE / min(size)  # the short side may fill the frame's long one
    return (min(size[0], max(1, int(size[0] * scale) + 1)), min(size[1], max(1, int(size[1] * scale) + 1)))


def _flatten_alpha(img):
    """Composite transparent pixels onto white paper (PDF/X-1a allows no transparency)."""
    from PIL import Image as PILImage

    rgba = img.convert("RGBA")
    paper = PILImage.new("RGBA", rgba.size, (255, 255, 255, 255))
    return PILImage.alpha_composite(paper, rgba).convert("RGB")


def image_item(path: str, frame: Box, fit: str, label: str = "", page: int = 1,
               focus: Tuple[float, float] = (0.5, 0.5)) -> Tuple[Union[Image, PdfGraphic], float]:
    """The display item for ``path`` in ``frame`` and its effective ppi (infinite for a PDF: vector content)."""
    if is_pdf(path):
        return pdf_item(path, frame, page, label), float("inf")
    prepared, placed = prepare(path, frame, fit, focus)
    item = Image(placed.x, placed.y, placed.w, placed.h, path=path, mode=prepared.mode,
                 pixel_size=prepared.pixel_size, data=prepared.data, label=label)
    return item, prepared.ppi


def is_pdf(path: str) -> bool:
    """True when a regular file starts like a PDF (``%PDF-`` within its first kilobyte, as readers accept)."""
    if not os.path.isfile(path):  # never open a FIFO or a device: open() would wait for a writer
        return False
    try:
        with open(path, "rb") as f:
            return b"%PDF-" in f.read(1024)
    except OSError:
        return False


def pdf_page_size(path: str, page: int = 1) -> Tuple[float, float]:
    """(width, height) in pt of page ``page`` (1-based) as placed: its TrimBox, else CropBox, else MediaBox,
    turned by /Rotate. ValueError names the page count when there is no such page."""
    import pikepdf

    try:
        with pikepdf.open(path) as pdf:
            count = len(pdf.pages)
            if not 1 <= page <= count:
                raise ValueError(f"has no page {page} (it has {count} page{'s' if count != 1 else ''})")
            obj = pdf.pages[page - 1].obj
            box = obj.get("/TrimBox") or obj.get("/CropBox") or obj.get("/MediaBox")
            x0, y0, x1, y1 = (float(v) for v in box)
            rotate = int(obj.get("/Rotate", 0)) % 360
    except pikepdf.PasswordError as exc:  # not a PdfError in pikepdf
        raise ValueError("an encrypted PDF (it needs a password)") from exc
    except pikepdf.PdfError as exc:  # damaged, not a PDF after all
        raise ValueError(f"not a readable PDF: {exc}") from exc
    w, h = abs(x1 - x0), abs(y1 - y0)
    return (h, w) if rotate in (90, 270) else (w, h)


def pdf_item(path: str, frame: Box, page: int = 1, label: str = "") -> PdfGraphic:
    """A PDF page (an ad) scaled to fit inside ``frame``, centred, never cropped (an ad is shown whole)."""
    placed = fit_inside(pdf_page_size(path, page), frame)
    return PdfGraphic(placed.x, placed.y, placed.w, placed.h, path=path, page=page, label=label)


def low_resolution_message(name: str, ppi: float, minimum: float, where: Optional[str] = None) -> str:
    """The report line for an image under the template's minimum resolution."""
    at = f" ({where})" if where else ""
    return (f"image {name}{at}: {ppi:.0f} ppi effective at the placed size, under the minimum {minimum:.0f} ppi; "
            f"use a larger original or place it smaller")
