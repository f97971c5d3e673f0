"""Paragraph style: every choice the composition engine takes from the outside.

Defaults follow clreq and newspaper practice: strict kinsoku (clreq §3.1.4),
quanjiao punctuation (clreq §3.1.6), first-line indent 2 em (clreq §3.6),
Han–Latin space ⅛ em (newspaper practice; clreq §3.2.2 allows up to ¼ em), no hanging
punctuation (clreq §3.1.7).

Vertical text takes its own choices from ``vertical`` (a
``layout.text.orientation.VerticalStyle``: tate-chu-yoko digits, quote form,
upright acronyms; clreq §3.2.3, GB/T 15834—2011 vertical quotes). The
glyph metrics cache (``layout.text.metrics.metrics_for``) keys on it, so
one entry is kept per option set.

Templates reach these fields through the style-property registry
(``layout.model.styleprops``): each template key names the field it feeds
and converts its value (pt to em, align to align + last_line). A field meant
to be set from templates gets one entry there; ``breaker`` and ``vertical``
are set by the engine's callers only.
"""
from __future__ import annotations

from dataclasses import field
from typing import Optional

from ..display import BLACK, Color
from ..records import record
from .classes import KINSOKU_LEVELS
from .metrics import HORIZONTAL, VERTICAL

PUNCT_STYLES = ("quanjiao", "kaiming", "banjiao", "plain")
ALIGNS = ("justify", "start", "center", "end")
LAST_LINE_ALIGNS = ("start", "center", "end", "justify")
WRITING_MODES = (HORIZONTAL, VERTICAL)


class StyleError(ValueError):
    """A paragraph style value outside its allowed set."""


NUMBER_FIELDS = ("size", "leading", "indent", "han_latin_space", "tracking")  # float, finite
FLAG_FIELDS = ("hanging", "grid", "compress_stops")  # bool (0 and 1 taken as such)


@record(frozen=True)
class ParagraphStyle:
    """How to set a paragraph: font, size, leading, indent, punctuation and breaking rules."""

    font: str = "song"  # font role
    weight: str = "regular"
    size: float = 10.5  # pt (五号)
    leading: float = 0.0  # pt, baseline to baseline; 0 = 1.5 × size
    indent: float = 2.0  # em, first line
    punct: str = "quanjiao"
    kinsoku: str = "strict"
    han_latin_space: float = 0.125  # em: 0, ⅛ (newspaper default, issue 10) or ¼ (clreq §3.2.2's maximum)
    hanging: bool = False
    grid: bool = False  # line length a whole number of body characters
    align: str = "justify"
    last_line: str = "start"
    tracking: float = 0.0  # em added between characters
    fill: Color = field(default=BLACK)
    writing_mode: str = HORIZONTAL
    orphan_min: int = 2  # a last line holds at least this many characters (clreq §3.5.4)
    breaker: str = "total-fit"  # "total-fit" (paragraph-level, default) or "first-fit"
    vertical: Optional[object] = None  # VerticalStyle for vertical text; None = its defaults
    compress_stops: bool = False  # mid-line 。？！ may lose ½ em (clreq §3.5 reduction 7); newspapers: never (issue 10)

    def __post_init__(self):
        for name, value, allowed in (("punct", self.punct, PUNCT_STYLES), ("kinsoku", self.kinsoku, KINSOKU_LEVELS),
                                     ("align", self.align, ALIGNS), ("last_line", self.last_line, LAST_LINE_ALIGNS),
                                     ("writing_mode", self.writing_mode, WRITING_MODES),
                                     ("breaker", self.breaker, ("first-fit", "total-fit"))):
            if value not in allowed:
                raise StyleError(f"paragraph style: {name} {value!r} is not one of {', '.join(allowed)}")
        self._normalize()
        if self.size <= 0:
            raise StyleError(f"paragraph style: size must be positive, got {self.size}")

    def _normalize(self) -> None:
        """Give the numbers, flags and orphan_min their declared types (an int size becomes a float, a numpy
        bool a bool), or raise StyleError: the compiled text modules check these types, pure Python would not."""
        for name in NUMBER_FIELDS:
            value = getattr(self, name)
            if type(value) is not float:
                object.__setattr__(self, name, _number(name, value))
            elif value - value != 0.0:  # inf or nan
                raise StyleError(f"paragraph style: {name} must be a finite number, got {value}")
        for name in FLAG_FIELDS:
            value = getattr(self, name)
            if value is not True and value is not False:
                object.__setattr__(self, name, _flag(name, value))
        if type(self.orphan_min) is not int:
            object.__setattr__(self, "orphan_min", _count("orphan_min", self.orphan_min))

    @property
    def line_height(self) -> float:
        """Baseline-to-baseline distance in pt."""
        return self.leading if self.leading > 0 else 1.5 * self.size


def _number(name: str, value) -> float:
    """``value`` as a finite float (ints, numpy and Fraction numbers), or StyleError (strings, None, booleans,
    inf)."""
    if isinstance(value, (str, bytes, bool)) or value is None:
        raise StyleError(f"paragraph style: {name} must be a number, got {value!r}")
    try:
        number = float(value)
    except (TypeError, ValueError, OverflowError):
        raise StyleError(f"paragraph style: {name} must be a number, got {value!r}") from None
    if number - number != 0.0:
        raise StyleError(f"paragraph style: {name} must be a finite number, got {value!r}")
    return number


def _flag(name: str, value) -> bool:
    """``value`` as a bool (True, False, 1, 0 and numpy bools), or StyleError."""
    if not isinstance(value, (str, bytes)) and value is not None:
        try:
            if value == 1 or value == 0:
                return bool(value)
        except (TypeError, ValueError):
            pass
    raise StyleError(f"paragraph style: {name} must be true or false, got {value!r}")


def _count(name: str, value) -> int:
    """``value`` as an int (ints, numpy ints, whole floats), or StyleError."""
    if not isinstance(value, (str, bytes, bool)) and value is not None:
        try:
            number = float(value)
        except (TypeError, ValueError, OverflowError):
            number = 0.5
        if number.is_integer():
            return int(number)
    raise StyleError(f"paragraph style: {name} must be a whole number, got {value!r}")

