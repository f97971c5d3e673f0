"""Glyph metrics along the inline axis, chosen by writing mode ("direction is data").

The line breaker and justifier only see inline advances in em; they never
ask which way is up. This module is the ONE place where a writing mode turns
characters into glyphs and inline measures:

* ``horizontal-tb`` (here): cmap glyph, horizontal advance, and the font's own
  ``halt`` values for the half-width forms of punctuation (clreq §3.1.6);
  0.5 em when the font has none.
* ``vertical-rl``: registered by ``layout.text.vertical`` through
  ``register_writing_mode``; it supplies vertical glyph forms (GSUB vert/vrt2),
  vertical advances and ``vhal``, an ``orient_items`` pass (upright / rotated
  Latin runs measured by their horizontal advance / tate-chu-yoko units of
  1 em) and a ``glyph_runs`` function turning a Line into display runs.
"""
from __future__ import annotations

from typing import Callable, Dict, Optional, Tuple

from . import classes as C

HORIZONTAL = "horizontal-tb"
VERTICAL = "vertical-rl"

# (face key, gid, advance em, left blank em, right blank em, missing)
GlyphInfo = Tuple[str, int, float, float, float, bool]

# Default blank halves of a full-width mark when the font has no halt data
# (mainland glyph positions, GB/T 15834 §5.1: marks sit at the lower left).
_DEFAULT_BLANKS = {C.OPEN: (0.5, 0.0), C.CLOSE: (0.0, 0.5), C.PAUSE: (0.0, 0.5), C.STOP: (0.0, 0.5),
                   C.QE: (0.0, 0.5), C.INTER: (0.25, 0.25)}


class GlyphMetrics:
    """Per-character glyph lookup for one font role, weight and writing mode, cached per character."""

    writing_mode = HORIZONTAL

    def __init__(self, fontset, role: str, weight: str = "regular"):
        self.fontset = fontset
        self.role = role
        self.weight = weight
        self.primary = fontset.face(role, weight)
        self.cache: Dict[str, GlyphInfo] = {}
        self.missing_chars: set = set()  # characters looked up that no face in the chain has
        # segmented single-character items per (kinsoku level, punctuation style), owned here because they
        # are built from these glyphs (layout.text.segment; shared items are copied before any change)
        self.item_caches: Dict[tuple, dict] = {}

    def lookup(self, char: str) -> GlyphInfo:
        """(face key, gid, inline advance em, left blank em, right blank em, missing) for one character."""
        info = self.cache.get(char)
        if info is None:
            info = self.cache[char] = self._measure(char)
            if info[5]:
                self.missing_chars.add(char)
        return info

    def _measure(self, char: str) -> GlyphInfo:
        face, gid = self.fontset.resolve(char, self.role, self.weight)
        if face is None:
            return (self.primary.key, 0, 1.0, 0.0, 0.0, True)
        adv = self.advance(face, gid)
        lb, rb = self.blanks(face, gid, char, adv)
        return (face.key, gid, adv, lb, rb, False)

    def advance(self, face, gid: int) -> float:
        """Inline advance in em of a glyph (horizontal advance here)."""
        return face.advances[gid] / face.upem

    def blanks(self, face, gid: int, char: str, adv: float) -> Tuple[float, float]:
        """Removable blank (left, right) of a full-width mark from the font's halt, else the class default."""
        cls = C.char_class(char)
        default = _DEFAULT_BLANKS.get(cls)
        if default is None or adv < 0.9:
            return (0.0, 0.0)
        halt = face.halt.get(gid)
        if halt is None:
            return default
        xpla, xadv = halt[0] / face.upem, halt[1] / face.upem
        return (max(0.0, -xpla), max(0.0, xpla - xadv))

    def orient_items(self, items: list, owners: Optional[Dict[int, "GlyphMetrics"]] = None) -> list:
        """Writing-mode pass over a paragraph's items (vertical: upright/rotated/tcy); identity here.

        ``owners``: item index -> the metrics of another face the item was set in (a run-in byline); the
        pass shapes those items with their own face."""
        return items


_MODES: Dict[str, Callable[..., GlyphMetrics]] = {HORIZONTAL: GlyphMetrics}
_RUN_BUILDERS: Dict[str, Callable] = {}


def register_writing_mode(name: str, metrics_factory: Callable[..., GlyphMetrics],
                          glyph_runs: Optional[Callable] = None) -> None:
    """Plug a writing mode in: its GlyphMetrics class and its Line -> GlyphRun builder."""
    _MODES[name] = metrics_factory
    if glyph_runs is not None:
        _RUN_BUILDERS[name] = glyph_runs


def _ensure_mode(writing_mode: str) -> None:
    if writing_mode not in _MODES and writing_mode == VERTICAL:
        try:  # the vertical module registers itself on import
            from . import vertical  # noqa: F401
        except ImportError:
            pass
    if writing_mode not in _MODES:
        raise ValueError(f"writing mode {writing_mode!r} is not supported (known: {', '.join(sorted(_MODES))})")


def metrics_for(fontset, role: str, weight: str = "regular", writing_mode: str = HORIZONTAL,
                options=None) -> GlyphMetrics:
    """The (cached) GlyphMetrics for a font role and weight in a writing mode with its options.

    ``options`` are the writing mode's own choices (a hashable value, e.g. a
    vertical VerticalStyle; None = the mode's defaults); they are part of the
    cache key, so glyphs shaped under different options never mix. The cache
    is the font set's own ``derived`` mapping: metrics live and die with the
    faces they measure (no module-level state keyed by object ids).
    """
    _ensure_mode(writing_mode)
    factory = _MODES[writing_mode]  # part of the key: a re-registered mode never serves the old class's metrics
    key = ("text-metrics", role, weight, writing_mode, options, factory)
    cache = getattr(fontset, "derived", None)  # a FontSet owns its metrics: they go when it goes
    m = cache.get(key) if cache is not None else None
    if m is None:
        m = factory(fontset, role, weight) if options is None else factory(fontset, role, weight, options)
        if cache is not None:
            cache[key] = m
    return m


def run_builder(writing_mode: str) -> Optional[Callable]:
    """The Line -> GlyphRun function registered for a writing mode (None: the horizontal default)."""
    if writing_mode != HORIZONTAL:
        _ensure_mode(writing_mode)
    return _RUN_BUILDERS.get(writing_mode)
