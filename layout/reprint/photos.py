"""An imported article's picture: extracted from the source PDF into the import folder, or listed to review.

An article whose caption or credit was found under a picture on a PDF page
gets that picture as ``DIR/<id>-photo.png``: the embedded image stream
(pdfminer, via pdfplumber's ``page.images``, read while the page is read)
decoded with Pillow when its
filter and colour space are ones this table knows and the page shows it
whole (its aspect ratio matches the placed rectangle); otherwise the
rectangle is rendered from the page with pdfium at 300 dpi, which also gives
what a clipped or masked picture looked like in print. An article with a
caption or credit but no picture that could be extracted (a text source, an
unreadable stream) references no file: it is listed under "To review" with
its caption and credit, so nothing is lost and nothing points at a missing file.
"""
from __future__ import annotations

import io
from pathlib import Path
from typing import Dict, Optional, Tuple

from .model import Article, Imported, Review

RENDER_DPI = 300
ASPECT_TOLERANCE = 0.02  # the placed rectangle's aspect ratio within 2 % of the stream's: the picture is shown whole
MODES = {"DeviceGray": "L", "CalGray": "L", "DeviceRGB": "RGB", "CalRGB": "RGB", "DeviceCMYK": "CMYK"}
ICC_MODES = {1: "L", 3: "RGB", 4: "CMYK"}  # ICCBased colour spaces by their component count N
RAW_FILTERS = ("FlateDecode", "LZWDecode", "RunLengthDecode", "ASCIIHexDecode", "ASCII85Decode")
FILE_FILTERS = ("DCTDecode",)  # the stream is an image file Pillow opens (JPEG)


def photo_file(article: Article) -> str:
    """The file name of an article's picture (its id + -photo.png)."""
    return f"{article.id}-photo.png"


def write_photos(result: Imported, out: Path) -> None:
    """Write each captioned article's picture into ``out``; set ``article.image``, or add a review item."""
    for article in result.articles:
        article.image = ""
        if not (article.credit or article.caption):
            continue
        image = _extract(result, article)
        if image is None:
            what = " / ".join(t for t in (article.caption, article.credit) if t)
            result.review.append(Review(_where(article), f"picture with {what!r}: no picture could be extracted "
                                        "from the source, so the article has no image line; add image:, caption: "
                                        "and credit: by hand", article.id))
            continue
        _save(image, out / photo_file(article))
        article.image = photo_file(article)


def _where(article: Article):
    """Where the caption or credit was read (else the article's start)."""
    return article.photo_where or article.where


def _extract(result: Imported, article: Article):
    """The article's picture as a Pillow image, or None (no picture, no PDF page, nothing decodable)."""
    if article.photo is None:
        return None
    page_no, rect = article.photo
    info = next((p for p in result.pages if p.index + 1 == page_no), None)
    if info is None or not info.file:
        return None
    stream = info.streams.get(rect)
    return (decode(stream) if stream else None) or render_region(info.file, info.file_page, rect)


def capture_streams(page, rects) -> Dict[Tuple[float, float, float, float], Dict]:
    """The image streams a pdfplumber page places at ``rects`` (rounded as ``PageInfo.images``), read while it is open.

    Each is a plain mapping (size, colour space mode, filters, masked, data) that ``decode`` turns into
    a picture; a stream that cannot be read is left out (its region is rendered instead). ``masked``
    also covers a /Decode array (inverted samples) and stencil masks: those are rendered as printed.
    """
    out = {}
    for obj in page.images:
        rect = tuple(round(float(obj[k]), 1) for k in ("x0", "top", "x1", "bottom"))
        if rect not in rects or rect in out or not _whole(obj):
            continue
        try:
            stream = obj["stream"]
            out[rect] = {"size": tuple(obj["srcsize"]), "mode": _mode(obj.get("colorspace")), "bits": obj.get("bits"),
                         "filters": [_name(f) for f, _params in stream.get_filters()],
                         "masked": any(stream.attrs.get(k) for k in ("SMask", "Mask", "Decode", "ImageMask")),
                         "data": stream.get_data()}
        except Exception:  # noqa: BLE001 - a broken stream: the region is rendered instead
            continue
    return out


def _whole(obj) -> bool:
    """Whether the placed rectangle has the stream's aspect ratio (not clipped or stretched)."""
    w, h = obj["srcsize"]
    shown = float(obj["width"]) / float(obj["height"]) if float(obj["height"]) else 0.0
    return bool(w and h and shown) and abs(shown / (w / h) - 1.0) <= ASPECT_TOLERANCE


def decode(stream: Dict):
    """A Pillow image from a captured stream (see FILE_FILTERS, RAW_FILTERS, MODES), or None."""
    from PIL import Image

    filters, (w, h), mode = stream["filters"], stream["size"], stream["mode"]
    try:
        if filters and filters[-1] in FILE_FILTERS:
            image = Image.open(io.BytesIO(stream["data"]))
            image.load()
            return image
        if mode is None or stream["bits"] != 8 or stream["masked"] or any(f not in RAW_FILTERS for f in filters):
            return None
        size = w * h * len(mode)  # 8 bits per component: one byte per band ("L" 1, "RGB" 3, "CMYK" 4)
        return Image.frombytes(mode, (w, h), stream["data"][:size]) if len(stream["data"]) >= size else None
    except Exception:  # noqa: BLE001 - a stream Pillow cannot read: the region is rendered instead
        return None


def _mode(colorspace) -> Optional[str]:
    spaces = _list(colorspace)
    if len(spaces) != 1:
        return None
    space = spaces[0]
    resolved = _resolve(space)
    if isinstance(resolved, list) and resolved and _name(resolved[0]) == "ICCBased":
        return ICC_MODES.get(int(_resolve(resolved[1]).get("N", 0)))
    return MODES.get(_name(resolved))


def _resolve(obj):
    from pdfminer.pdftypes import resolve1

    return resolve1(obj)


def _list(value) -> list:
    value = _resolve(value)
    return list(value) if isinstance(value, (list, tuple)) else ([] if value is None else [value])


def _name(value) -> str:
    value = _resolve(value)
    return str(getattr(value, "name", value))


def render_region(path: str, page_index: int, rect: Tuple[float, float, float, float]):
    """The page's ``rect`` (pt from the top-left) rendered at RENDER_DPI with pdfium, or None."""
    try:
        import pypdfium2 as pdfium

        pdf = pdfium.PdfDocument(path)
        try:
            page = pdf[page_index]
            width, height = page.get_size()
            crop = (rect[0], height - rect[3], width - rect[2], rect[1])  # left, bottom, right, top margins
            bitmap = page.render(scale=RENDER_DPI / 72, crop=crop)
            return bitmap.to_pil()
        finally:
            pdf.close()
    except Exception:  # noqa: BLE001 - a page pdfium cannot render: the picture goes to review
        return None


def _save(image, path: Path) -> None:
    """Write a PNG (CMYK converted to RGB: PNG holds no CMYK); no timestamps, so the bytes are reproducible."""
    if image.mode not in ("1", "L", "LA", "P", "RGB", "RGBA", "I", "I;16"):
        image = image.convert("RGB")
    image.save(path, format="PNG", optimize=False)
