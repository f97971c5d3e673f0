"""The render report: everything a stage could not do, as plain data.

Principle "Nothing silent" (ARCHITECTURE.md): every stage appends what it
could not do here; ``render.py`` prints it and tests assert on it.
"""
from __future__ import annotations

from dataclasses import asdict, field, is_dataclass
from typing import TYPE_CHECKING, List

from .records import record

if TYPE_CHECKING:  # defined in report_regions, loaded on first use (see __getattr__ below)
    from .report_regions import RegionRecord, Underset


@record(frozen=True)
class Where:
    """Where something happened: source file, paragraph (1-based) and offset (0-based)."""

    file: str = ""
    paragraph: int = 0
    offset: int = 0
    line: int = 0

    def __str__(self) -> str:
        parts = [self.file or "<text>"]
        if self.line:
            parts.append(f"line {self.line}")
        if self.paragraph:
            parts.append(f"paragraph {self.paragraph}")
        parts.append(f"offset {self.offset}")
        return ", ".join(parts)


@record(frozen=True)
class MissingGlyph:
    """A character that no face in the role's fallback chain can draw."""

    char: str
    role: str
    where: Where

    def __str__(self) -> str:
        return f"missing glyph {self.char!r} U+{ord(self.char):04X} (font role {self.role}) at {self.where}"


MAX_LISTED = 20  # missing glyphs listed one by one in the printed report; the rest are counted


def listed(glyphs: List["MissingGlyph"]) -> List[str]:
    """The first MAX_LISTED missing glyphs as lines, then one line counting the rest (all stay in the report's data)."""
    rows = [str(x) for x in glyphs[:MAX_LISTED]]
    if len(glyphs) > MAX_LISTED:
        chars = list(dict.fromkeys(g.char for g in glyphs))
        first = " ".join(f"U+{ord(c):04X}" for c in chars[:10]) + (" ..." if len(chars) > 10 else "")
        rows.append(f"... and {len(glyphs) - MAX_LISTED:,} more missing glyphs ({len(glyphs):,} in all, "
                    f"{len(chars):,} different characters: {first})")
    return rows


@record(frozen=True)
class Overset:
    """Text that did not fit its frames."""

    story: str
    chars: int
    lines: int

    def __str__(self) -> str:
        return f"overset: {self.story}: {self.chars} characters, {self.lines} lines did not fit"


@record(frozen=True)
class Overfull:
    """A line longer than its measure (an unbreakable unit wider than the column)."""

    story: str
    text: str
    excess: float  # pt

    def __str__(self) -> str:
        return f"overfull line in {self.story}: {self.text!r} is {self.excess:.2f} pt too long"


@record(frozen=True)
class LooseLine:
    """A justified line left looser than 0.2 em per gap after the best break (issue 10): quality, not loss."""

    story: str
    paragraph: int  # 1-based, 0 when unknown
    line: int  # 1-based within the paragraph
    text: str
    gap: float  # em added per gap between characters

    def __str__(self) -> str:
        where = f"paragraph {self.paragraph}, " if self.paragraph else ""
        return f"loose line in {self.story} ({where}line {self.line}): {self.text!r} +{self.gap:.2f} em per gap"


@record
class Report:
    """Accumulates problems from every stage; ``failed(strict)`` decides the exit code."""

    loose_lines: List[LooseLine] = field(default_factory=list)  # justified lines > 0.2 em per gap (not a failure)
    missing_glyphs: List[MissingGlyph] = field(default_factory=list)
    overset: List[Overset] = field(default_factory=list)
    overfull: List[Overfull] = field(default_factory=list)
    missing_images: List[str] = field(default_factory=list)
    warnings: List[str] = field(default_factory=list)
    errors: List[str] = field(default_factory=list)
    stats: dict = field(default_factory=dict)
    font_substitutions: List[str] = field(default_factory=list)  # a role set in another role's face (kai in song)
    underset: List[Underset] = field(default_factory=list)  # text regions with empty lines left (as loud as overset)
    stale_jumps: List[str] = field(default_factory=list)  # continuations of stories that already ended (print nothing)
    regions: List["RegionRecord"] = field(default_factory=list)  # per text region: what compose set there (fit, tables)

    def warn(self, message: str) -> None:
        """Record a warning that does not by itself make output wrong."""
        self.warnings.append(message)

    def problems(self) -> List[str]:
        """Every problem as a human-readable line, most serious first."""
        rows = list(self.errors)
        rows += [str(x) for x in self.overset]
        rows += [str(x) for x in self.underset]
        rows += [f"stale continuation: {x}" for x in self.stale_jumps]
        rows += listed(self.missing_glyphs)
        rows += [f"missing image: {x}" for x in self.missing_images]
        rows += [str(x) for x in self.overfull]
        rows += list(self.font_substitutions)
        return rows

    def failed(self, strict: bool) -> bool:
        """True when output is wrong (errors), or, with strict, anything was lost."""
        if self.errors:
            return True
        if strict:
            return bool(self.overset or self.missing_glyphs or self.missing_images or self.overfull
                        or self.font_substitutions or self.underset or self.stale_jumps)
        return False

    def strict_reasons(self) -> List[str]:
        """What makes ``failed(strict=True)`` true beyond errors, as counts: ["2 underset block(s)", ...]."""
        kinds = (("overset", "overset stor(ies)"), ("underset", "underset block(s)"),
                 ("missing_glyphs", "missing glyph(s)"), ("missing_images", "missing image(s)"),
                 ("overfull", "overfull line(s)"), ("font_substitutions", "font substitution(s)"),
                 ("stale_jumps", "stale continuation(s)"))
        return [f"{len(getattr(self, name))} {label}" for name, label in kinds if getattr(self, name, None)]

    def unique_warnings(self) -> List[str]:
        """The warnings in first-seen order, each once."""
        return list(dict.fromkeys(self.warnings))

    def to_dict(self) -> dict:
        """The whole report as JSON-ready plain data (records as objects with their fields and text)."""
        out = {}
        for name, value in vars(self).items():
            if name.startswith("_"):
                continue
            if isinstance(value, list):
                out[name] = [_plain(x) for x in value]
            elif isinstance(value, dict):
                out[name] = {str(k): _plain(v) for k, v in value.items()}
            else:
                out[name] = _plain(value)
        out["warnings"] = self.unique_warnings()
        return out

    def merge(self, other: "Report") -> None:
        """Append every entry of another report to this one."""
        self.missing_glyphs += other.missing_glyphs
        self.overset += other.overset
        self.underset += other.underset
        self.stale_jumps += other.stale_jumps
        self.regions += other.regions
        self.overfull += other.overfull
        self.missing_images += other.missing_images
        self.warnings += other.warnings
        self.errors += other.errors
        self.font_substitutions += [x for x in other.font_substitutions if x not in self.font_substitutions]
        for k, v in other.stats.items():
            self.stats[k] = self.stats.get(k, 0) + v if isinstance(v, (int, float)) else v
        self.loose_lines += other.loose_lines


def print_loose_lines(report, first: int = 5) -> None:
    """How many justified lines stayed looser than 0.2 em per gap, and the loosest few (quality, not loss)."""
    loose = sorted(getattr(report, "loose_lines", ()), key=lambda x: -x.gap)
    if not loose:
        return
    print(f"{len(loose)} loose line(s) looser than 0.2 em per gap (the loosest {min(first, len(loose))}):")
    for item in loose[:first]:
        print(f"  {item}")


def _plain(value):
    """A report entry as JSON-ready data: a record becomes its fields plus its one-line text."""
    if is_dataclass(value) and not isinstance(value, type):
        data = {k: _plain(v) for k, v in asdict(value).items()}
        data["text"] = str(value)
        return data
    if isinstance(value, tuple) and hasattr(value, "_asdict"):
        return {k: _plain(v) for k, v in value._asdict().items()}
    if isinstance(value, (list, tuple)):
        return [_plain(v) for v in value]
    if isinstance(value, dict):
        return {str(k): _plain(v) for k, v in value.items()}
    if isinstance(value, (str, int, float, bool)) or value is None:
        return value
    return str(value)


def __getattr__(name: str):
    """``Underset`` and ``RegionRecord``, compose's records, from layout.report_regions when first asked for.

    The galley never makes them; defining their frozen dataclasses costs about 1 ms of its start.
    """
    if name in ("Underset", "RegionRecord"):
        from . import report_regions

        return getattr(report_regions, name)
    raise AttributeError(f"module {__name__!r} has no attribute {name!r}")
