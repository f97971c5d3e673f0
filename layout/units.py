"""Lengths and page sizes written with their unit: "15mm", "9pt", "2em", "五号", "A3".

The one place where user-facing length strings become points (1 pt = 1/72 in).
Chinese type sizes (号数制) follow the common 号 table used by Chinese
typesetting software: 初号 42 pt … 五号 10.5 pt, 小五 9 pt … 八号 5 pt.
Page sizes are trim sizes in millimetres: ISO A/B sizes and the Chinese
newspaper formats 对开 (broadsheet, 390 × 540 mm) and 四开 (tabloid,
270 × 390 mm) as commonly printed on 781 mm newsprint reels.

Every length is a finite number (NaN or infinity, e.g. "1e999pt" or ".nan",
is a UnitError), and a page is at most ``MAX_PAGE_PT`` (14,400 pt = 200 in,
the largest page PDF readers accept, ISO 32000-1 Annex C.2) and at least
``MIN_PAGE_PT`` on each side.
"""
from __future__ import annotations

import math
import re
from typing import Dict, Optional, Tuple, Union

MM = 72.0 / 25.4
CM = 72.0 / 2.54
INCH = 72.0

UNIT_PT: Dict[str, float] = {"pt": 1.0, "mm": MM, "cm": CM, "in": INCH, "px": 0.75, "q": MM / 4.0}

HAO_SIZES: Dict[str, float] = {
    "初号": 42.0, "小初": 36.0,
    "一号": 26.0, "小一": 24.0,
    "二号": 22.0, "小二": 18.0,
    "三号": 16.0, "小三": 15.0,
    "四号": 14.0, "小四": 12.0,
    "五号": 10.5, "小五": 9.0,
    "六号": 7.5, "小六": 6.5,
    "七号": 5.5, "八号": 5.0,
}
# accepted spellings: 小五号, 小号 forms ("小初号"), and pinyin-free aliases
_HAO_ALIASES = {k + "号": v for k, v in HAO_SIZES.items() if k.startswith("小")}

PAGE_SIZES_MM: Dict[str, Tuple[float, float]] = {
    "A2": (420.0, 594.0),
    "A3": (297.0, 420.0),
    "A4": (210.0, 297.0),
    "A5": (148.0, 210.0),
    "B4": (250.0, 353.0),
    "B5": (176.0, 250.0),
    "对开": (390.0, 540.0),
    "四开": (270.0, 390.0),
    "BROADSHEET": (390.0, 540.0),
    "TABLOID": (270.0, 390.0),
    "BERLINER": (315.0, 470.0),
}
PAGE_SIZES: Dict[str, Tuple[float, float]] = {k: (w * MM, h * MM) for k, (w, h) in PAGE_SIZES_MM.items()}

_NUMBER = r"[+-]?(?:\d+(?:\.\d*)?|\.\d+)"
_LENGTH_RE = re.compile(rf"^\s*({_NUMBER})\s*([a-zA-Z字]*)\s*$")
_PAGE_RE = re.compile(rf"^\s*({_NUMBER})\s*[xX×*]\s*({_NUMBER})\s*([a-zA-Z]*)\s*$")


MAX_PAGE_PT = 14400.0
MIN_PAGE_PT = 10 * MM


class UnitError(ValueError):
    """A length or page size string that cannot be understood."""


def parse_length(value: Union[str, int, float], *, em: Optional[float] = None) -> float:
    """Points for "15mm", "9pt", "1.5cm", "1in", "2em" (needs em=pt size), "五号"/"小五"; bare numbers are pt.

    The result is always finite (UnitError for NaN, infinity or overflow).
    """
    result = _parse_length(value, em)
    if not math.isfinite(result):
        raise UnitError(f"not a usable length: {str(value)[:40]!r} (NaN, infinite or far too large)")
    return result


def _parse_length(value: Union[str, int, float], em: Optional[float]) -> float:
    if isinstance(value, bool):
        raise UnitError(f"not a length: {value!r}")
    if isinstance(value, (int, float)):
        return float(value)
    text = str(value).strip()
    hao = HAO_SIZES.get(text) or _HAO_ALIASES.get(text)
    if hao is not None:
        return hao
    m = _LENGTH_RE.match(text)
    if not m:
        raise UnitError(f"not a length: {value!r} (write a number with a unit: 15mm, 9pt, 2em, 1.5cm, 1in, or a size like 五号)")
    number, unit = float(m.group(1)), m.group(2).lower()
    if unit in ("", "pt"):
        return number
    if unit in ("em", "字"):
        if em is None:
            raise UnitError(f"{value!r} is relative to the font size (em), which is not known here; use mm or pt")
        return number * em
    if unit in UNIT_PT:
        return number * UNIT_PT[unit]
    raise UnitError(f"unknown unit {m.group(2)!r} in {value!r} (known: mm, cm, in, pt, em, q, px, or a 号 size)")


def parse_em(value: Union[str, int, float], *, size: float) -> float:
    """A length in em of a font size: "2em" -> 2.0, "18pt" at size 9 -> 2.0; bare numbers are em."""
    if isinstance(value, (int, float)) and not isinstance(value, bool):
        result = float(value)
    else:
        text = str(value).strip()
        m = _LENGTH_RE.match(text)
        if m and m.group(2) == "":
            result = float(m.group(1))
        elif not size or not math.isfinite(size):
            raise UnitError(f"{value!r} cannot be converted to em of a font size of {size!r}")
        else:
            result = parse_length(text, em=size) / size
    if not math.isfinite(result):
        raise UnitError(f"not a usable length: {str(value)[:40]!r} (NaN, infinite or far too large)")
    return result


def parse_page_size(value: str) -> Tuple[float, float]:
    """(width, height) in pt for "A3", "对开", "broadsheet", "297x420mm" or "800x1100pt"; default unit mm."""
    text = str(value).strip()
    key = text.upper()
    if key in PAGE_SIZES:
        return PAGE_SIZES[key]
    m = _PAGE_RE.match(text)
    if not m:
        known = ", ".join(PAGE_SIZES_MM)
        raise UnitError(f"not a page size: {value!r} (use one of {known}, or WIDTHxHEIGHTmm such as 297x420mm)")
    unit = (m.group(3) or "mm").lower()
    if unit not in UNIT_PT:
        raise UnitError(f"unknown unit {m.group(3)!r} in page size {value!r} (use mm, cm, in or pt)")
    w, h = float(m.group(1)) * UNIT_PT[unit], float(m.group(2)) * UNIT_PT[unit]
    if not (MIN_PAGE_PT <= w <= MAX_PAGE_PT and MIN_PAGE_PT <= h <= MAX_PAGE_PT):
        raise UnitError(f"page size {value!r}: each side must be between {to_mm(MIN_PAGE_PT):.0f} mm and "
                        f"{to_mm(MAX_PAGE_PT):.0f} mm ({MAX_PAGE_PT:.0f} pt, the largest page a PDF may have)")
    return w, h


def mm(value: float) -> float:
    """Points for a length in millimetres."""
    return value * MM


def to_mm(points: float) -> float:
    """Millimetres for a length in points."""
    return points / MM
