"""Is an image file usable? Checked when an issue or template is read, so ``check`` reports it.

A missing or unreadable image never stops a render: the composer draws a
visible placeholder and reports it (principle "nothing silent"). Reading
here is cheap: Pillow identifies the format from the file's header and
``verify()`` walks its structure (PNG chunk CRCs) without decoding pixels;
damage found only when decoding is reported by the composer the same way.

Images come from outside, and a small file can decode to gigabytes (a
0.4 MB PNG of 17,000 × 5,000 pixels is 340 MB as RGB, several times that
through conversion). The pixel count is read from the header before any
decoding and checked against ``MAX_PIXELS`` (40 million: a 300 ppi photo
across a whole broadsheet page is about 30 million); a larger image is a
problem like a damaged one (placeholder and report line), never a decode.
Only regular files are opened (a FIFO would block). ``open_image`` is the
checked way for the composer to open an image for decoding.
"""
from __future__ import annotations

import os
from pathlib import Path
from typing import Union

NOT_FOUND = "not found"
MAX_PIXELS = 40_000_000
MAX_IMAGE_BYTES = 200 << 20


def image_errors() -> tuple:
    """The exceptions Pillow raises for damaged, truncated or unsupported image files."""
    from PIL import Image as PILImage

    return (OSError, ValueError, SyntaxError, EOFError, IndexError, PILImage.DecompressionBombError)


def unreadable_reason(exc: BaseException) -> str:
    """Why an image could not be read, from Pillow's exception, without repeating the path."""
    from PIL import UnidentifiedImageError

    if isinstance(exc, UnidentifiedImageError):
        return "not a known image format, or the file is damaged"
    text = str(exc).strip() or type(exc).__name__
    return text.rstrip(".")


class ImageRefused(ValueError):
    """An image refused before decoding: more pixels than the budget, too many bytes, or not a regular file."""


def pixel_budget_problem(size, limit: int = MAX_PIXELS) -> str:
    """'' when an image of ``size`` (width, height) may be decoded; else why not and what to do."""
    w, h = size
    if w <= 0 or h <= 0:
        return f"has an impossible size {w} × {h} pixels"
    if w * h > limit:
        return (f"is {w:,} × {h:,} pixels ({w * h / 1e6:.0f} million), over the limit of {limit / 1e6:.0f} million; "
                "scale it down to the printed size at 300 ppi")
    return ""


def open_image(path: Union[str, Path], limit: int = MAX_PIXELS):
    """A Pillow image opened lazily (header only) after checking the file and the pixel budget.

    Raises FileNotFoundError, ImageRefused, or one of image_errors(); the
    caller decodes (``load()``) only an image that passed.
    """
    from PIL import Image as PILImage

    from ..textfile import not_regular_reason

    st = os.stat(path)
    kind = not_regular_reason(st.st_mode)
    if kind:
        raise ImageRefused(f"is {kind}, not an image file")
    if st.st_size > MAX_IMAGE_BYTES:
        raise ImageRefused(f"is {st.st_size:,} bytes, over the limit of {MAX_IMAGE_BYTES:,}")
    img = PILImage.open(path)
    problem = pixel_budget_problem(img.size, limit)
    if problem:
        img.close()
        raise ImageRefused(problem)
    return img


def outside_problem(file: Union[str, Path], root: Union[str, Path], root_name: str) -> str:
    """'' when ``file`` (symlinks resolved) lies inside ``root``; else why it may not be used."""
    from ..textfile import TextFileError, confine

    try:
        confine(file, root, f"image '{file}'", root_name)
    except TextFileError as exc:
        return exc.message
    return ""


def image_file_problem(file: Union[str, Path]) -> str:
    """'' when ``file`` is a readable image within the pixel budget; else NOT_FOUND or 'cannot be read as an image (why)'."""
    path = Path(file)
    if not os.path.lexists(path):  # never raises (a name too long for the system is simply not found)
        return NOT_FOUND
    if is_pdf_file(path):
        return pdf_file_problem(path)
    try:
        with open_image(path) as img:
            img.verify()
    except FileNotFoundError:
        return NOT_FOUND
    except ImageRefused as exc:
        return f"cannot be used: it {exc}"
    except image_errors() as exc:
        return f"cannot be read as an image ({unreadable_reason(exc)})"
    return ""


def is_pdf_file(path: Union[str, Path]) -> bool:
    """True when a regular file starts like a PDF (``%PDF-`` in its first kilobyte): an ad placed as vector content."""
    if not os.path.isfile(path):
        return False  # a FIFO or device would block the open; folders are reported by image_file_problem
    try:
        with open(path, "rb") as f:
            return b"%PDF-" in f.read(1024)
    except OSError:
        return False


def pdf_file_problem(path: Union[str, Path], page: int = 1) -> str:
    """'' when the PDF opens, has page ``page`` and that page's nested content stays within the limits of
    ``pagedraws``; else 'cannot be read as a PDF (why)' or 'cannot be used: ...'."""
    import pikepdf

    from .pagedraws import draws_problem

    try:
        with pikepdf.open(path) as pdf:
            count = len(pdf.pages)
            if not 1 <= page <= count:
                return f"cannot be used: it has no page {page} (it has {count})"
            problem = draws_problem(pdf.pages[page - 1].obj)
            return f"cannot be used: {problem}" if problem else ""
    except pikepdf.PasswordError:
        return "cannot be used: it is encrypted (needs a password); ask for an unprotected PDF"
    except (pikepdf.PdfError, OSError, ValueError, RecursionError) as exc:
        return f"cannot be read as a PDF ({str(exc).strip() or type(exc).__name__})"
