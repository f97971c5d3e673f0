"""Is an image file usable? Checked when an issue or template is read, so ``check`` reports it.

A missing or unreadable image never stops a render: the composer draws a
visible placeholder and reports it (principle "nothing silent"). Reading
here is cheap: Pillow identifies the format from the file's header and
``verify()`` walks its structure (PNG chunk CRCs) without decoding pixels;
damage found only when decoding is reported by the composer the same way.
"""
from __future__ import annotations

from pathlib import Path
from typing import Union

NOT_FOUND = "not found"


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


def image_file_problem(file: Union[str, Path]) -> str:
    """'' when ``file`` is a readable image; else NOT_FOUND or 'cannot be read as an image (why)'."""
    path = Path(file)
    if not path.is_file():
        return NOT_FOUND
    from PIL import Image as PILImage

    try:
        with PILImage.open(path) as img:
            img.verify()
    except image_errors() as exc:
        return f"cannot be read as an image ({unreadable_reason(exc)})"
    return ""
