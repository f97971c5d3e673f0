"""Preflight results and limits: plain data, printable and JSON-serialisable.

A check either passes, fails, or is not applicable (``passed is None``),
typically because an external tool (Ghostscript, poppler, qpdf) is missing.
Severity follows the PDF/X-1a:2001 split used by print plants: MUST problems
make a file unprintable or non-conforming; SHOULD problems are quality
warnings (ISO 12647-3 newspaper practice) that do not stop the press.
"""
from __future__ import annotations

from dataclasses import asdict, field
from typing import Dict, List, Optional

from ..records import record

MUST = "MUST"
SHOULD = "SHOULD"


@record(frozen=True)
class Limits:
    """Configurable thresholds; defaults follow ISOnewspaper26v4 (IFRA26) practice."""

    tac_limit: float = 240.0  # maximum total area coverage, percent
    min_rule_pt: float = 0.25  # thinnest stroke allowed, pt
    min_ppi: float = 200.0  # minimum effective image resolution (contone)
    min_line_art_ppi: float = 600.0  # minimum effective resolution of 1-bit images
    dpi: float = 72.0  # Ghostscript render resolution for the ink check
    multi_ink_text_pt: float = 12.0  # text below this size should use one ink
    max_version: str = ""  # highest PDF version accepted; "" = the output profile's (1.3 X-1a, 1.6 X-4)
    timeout_s: float = 300.0  # per external tool run


@record
class Check:
    """One named check: passed (True/False, None = n/a), severity, human details, figures."""

    name: str
    passed: Optional[bool]
    severity: str = MUST
    details: str = ""
    data: Dict = field(default_factory=dict)

    @property
    def status(self) -> str:
        """'pass', 'FAIL', 'warn' (failed SHOULD) or 'n/a'."""
        if self.passed is None:
            return "n/a"
        if self.passed:
            return "pass"
        return "FAIL" if self.severity == MUST else "warn"


@record
class PreflightResult:
    """All checks run on one file; ``ok`` is False when any MUST check failed."""

    path: str
    checks: List[Check] = field(default_factory=list)
    skipped: List[str] = field(default_factory=list)  # checks deliberately not run (e.g. ink on page files)
    profile: str = ""  # the output profile checked against ("pdfx1a", "pdfx4")

    @property
    def ok(self) -> bool:
        """True when no MUST check failed (n/a checks do not fail)."""
        return not self.failures

    @property
    def failures(self) -> List[Check]:
        """The failed MUST checks."""
        return [c for c in self.checks if c.passed is False and c.severity == MUST]

    @property
    def warnings(self) -> List[Check]:
        """The failed SHOULD checks."""
        return [c for c in self.checks if c.passed is False and c.severity == SHOULD]

    def get(self, name: str) -> Check:
        """The check called ``name`` (KeyError if it was not run)."""
        for check in self.checks:
            if check.name == name:
                return check
        raise KeyError(name)

    def to_dict(self) -> Dict:
        """JSON-ready form: path, ok, and every check with its figures."""
        return {"path": self.path, "ok": self.ok, "profile": self.profile, "checks": [asdict(c) for c in self.checks],
                "skipped": self.skipped}

    def format(self) -> str:
        """A short human report, one line per check, failures first."""
        order = {"FAIL": 0, "warn": 1, "n/a": 2, "pass": 3}
        rows = sorted(self.checks, key=lambda c: order[c.status])
        lines = [f"preflight {self.path}" + (f" ({self.profile})" if self.profile else "")]
        for c in rows:
            lines.append(f"  {c.status:<4} {c.severity:<6} {c.name:<22} {c.details}")
        lines += [f"  skip {'':<6} {name:<22} not run on this file" for name in self.skipped]
        verdict = "OK" if self.ok else f"FAILED ({len(self.failures)} MUST problem(s))"
        lines.append(f"  => {verdict}, {len(self.warnings)} warning(s)")
        return "\n".join(lines)
