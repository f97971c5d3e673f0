"""Preflight: is a PDF ready for a newspaper press (PDF/X-1a:2001 or PDF/X-4, coldset newsprint)?

``preflight(path, limits, output_profile=...) -> PreflightResult`` runs every
check and never raises for a bad file: problems become failed checks,
missing external tools become "n/a". The output profile (layout/pdf/profiles.py,
the same rows the writer follows) decides the version limit, the Info keys,
whether the OutputIntent must embed its profile, which colour spaces and
whether transparency are allowed; without one, the profile the file claims
in GTS_PDFXVersion is checked. Checks and their severities:

MUST   pdf-version, info-keys, trapped, trailer-id, output-intent, boxes,
       prohibited, fonts-embedded, fonts-tounicode, pdffonts, colour-spaces,
       transparency, overprint-k-text, thinnest-rule, total-ink, qpdf-check,
       xmp-metadata (PDF/X-4 only)
SHOULD image-resolution, multi-ink-text

``preflight_issue(page_paths, issue_path, limits)`` checks a rendered issue:
the Ghostscript ink check (most of the cost, about 0.6 s per file plus 0.4 s
per page at 72 dpi) runs once, on the issue PDF, which holds the page files'
own content streams; every other check runs on every file.
"""
from __future__ import annotations

import os
from typing import Collection, List, Optional, Sequence, Union

import pikepdf

from ..pdf.profiles import OutputProfile, get_profile, profile_claimed_by
from . import document
from .content import Findings, walk_document
from .fonts import check_fonts, check_pdffonts
from .result import MUST, SHOULD, Check, Limits, PreflightResult
from .tools import PageFrame, check_qpdf, check_total_ink

__all__ = ["preflight", "preflight_issue", "record_in_report", "summary", "Limits", "PreflightResult", "Check",
           "MUST", "SHOULD", "INK_CHECK"]

INK_CHECK = "total-ink"


def _form_bomb(pdf: pikepdf.Pdf) -> str:
    """Why a page's forms would keep a rasteriser busy for minutes (nested too deep, or unfolding to too many
    draws), '' when none would: the ink check then does not run Ghostscript on the file."""
    from ..model.pagedraws import draws_problem

    for number, page in enumerate(pdf.pages, 1):
        problem = draws_problem(page.obj)
        if problem:
            return f"page {number} {problem.removeprefix('its page ')}"
    return ""


def preflight(path: str, limits: Optional[Limits] = None, skip: Collection[str] = (),
              output_profile: Union[str, OutputProfile, None] = None) -> PreflightResult:
    """Run every check (but those named in ``skip``) on the PDF at ``path`` for ``output_profile``
    ("pdfx1a", "pdfx4"; None: the profile the file claims); an unreadable file fails check 'open'."""
    limits = limits or Limits()
    result = PreflightResult(str(path), skipped=sorted(skip))
    try:
        pdf = pikepdf.open(path)
    except (pikepdf.PdfError, pikepdf.PasswordError, OSError, ValueError) as exc:  # PasswordError: encrypted
        result.checks.append(Check("open", False, MUST, f"cannot open as PDF: {exc}"))
        return result
    damage = damaged(pdf, str(path))
    if damage:  # qpdf rebuilt a cross-reference table: what it guessed is not the file that was exported
        pdf.close()
        result.checks.append(Check("open", False, MUST, f"the file is damaged or truncated ({damage}); re-export it"))
        return result
    try:
        with pdf:
            profile = get_profile(output_profile) if output_profile else _claimed_profile(pdf)
            result.profile = profile.key
            findings = walk_document(pdf, limits.multi_ink_text_pt, profile)
            result.checks += structure_checks(pdf, limits, profile, findings.forbidden)
            result.checks += check_fonts(pdf)
            result.checks += content_checks(findings, limits, profile)
            box = "trim" if any("/BleedBox" not in p.obj and "/TrimBox" in p.obj for p in pdf.pages) else "bleed"
            frames = page_frames(pdf, findings, box)
            bomb = _form_bomb(pdf) if INK_CHECK not in skip else ""
        result.checks += [check_pdffonts(str(path), limits), check_qpdf(str(path), limits)]
        if bomb:
            result.checks.append(Check(INK_CHECK, False, MUST, f"{bomb}; Ghostscript was not run on it"))
        elif INK_CHECK not in skip:
            result.checks.append(check_total_ink(str(path), limits, frames, box))
    except Exception as exc:  # fail closed: a checker that cannot run is a failure, with its reason
        result.checks.append(Check("checker", False, MUST, f"a check could not run ({type(exc).__name__}: {exc}); "
                                                           "the file is NOT shown to be print-ready"))
    return result


# qpdf's warnings when it had to repair the file on opening (a cut-off or corrupted file)
DAMAGE_WARNINGS = ("file is damaged", "can't find startxref", "reconstruct cross-reference", "xref not found",
                   "expected endstream", "unexpected EOF")


def damaged(pdf: pikepdf.Pdf, path: str) -> str:
    """The first two of qpdf's repair warnings (path left out) when opening needed a repair, else ''."""
    found = []
    for warning in pdf.get_warnings():
        text = str(warning)
        text = text[len(path) + 2:] if text.startswith(path + ": ") else text.replace(path, "the file", 1)
        if any(w in text for w in DAMAGE_WARNINGS):
            found.append(text)
    return "; ".join(found[:2]) + (f"; {len(found) - 2} more" if len(found) > 2 else "")


def page_frames(pdf: pikepdf.Pdf, findings: Findings, area: str = "bleed") -> List[PageFrame]:
    """Each page's rendered area (BleedBox, or TrimBox when ``area`` is "trim": what the ink render covers),
    TrimBox and placed images and forms."""
    frames = []
    for number, page in enumerate(pdf.pages, 1):
        media = document.pdf_box(page.mediabox)
        trim = document.pdf_box(page.obj.get("/TrimBox")) or media
        bleed = trim if area == "trim" else document.pdf_box(page.obj.get("/BleedBox")) or media
        placed = tuple((label, box) for n, label, box in findings.placements if n == number)
        frames.append(PageFrame(bleed, trim, placed))
    return frames


def _claimed_profile(pdf: pikepdf.Pdf) -> OutputProfile:
    info = pdf.trailer.get("/Info")
    return profile_claimed_by(str(info.get("/GTS_PDFXVersion", "")) if info is not None else "")


def preflight_issue(page_paths: Sequence[str], issue_path: Optional[str], limits: Optional[Limits] = None,
                    output_profile: Union[str, OutputProfile, None] = None) -> List[PreflightResult]:
    """Preflight a rendered issue: every check on the issue PDF, all but the ink check on each page file.

    Without an issue PDF every page file gets the full set. Results come in
    the order of ``page_paths``, then the issue PDF. ``output_profile`` as for
    :func:`preflight`.
    """
    skip = {INK_CHECK} if issue_path else set()
    results = [preflight(p, limits, skip, output_profile) for p in page_paths]
    if issue_path:
        results.append(preflight(issue_path, limits, (), output_profile))
    return results


def record_in_report(result: PreflightResult, report) -> None:
    """Put a preflight result into a render Report: MUST failures as errors, SHOULD failures and n/a as warnings.

    ``report.stats["preflight <file>"]`` gets the one-line summary().
    """
    name = os.path.basename(result.path)
    report.errors += [f"preflight {name}: {c.name}: {c.details}" for c in result.failures]
    report.warnings += [f"preflight {name}: {c.name}: {c.details}" for c in result.warnings]
    report.warnings += [f"preflight {name}: {c.name}: {c.details}" for c in result.checks if c.passed is None]
    report.stats[f"preflight {name}"] = summary(result)


def summary(result: PreflightResult) -> str:
    """One line: 'OK' or 'FAILED (names)', then counts and the figures a press asks about (ink, rule, ppi)."""
    counts = {s: sum(1 for c in result.checks if c.status == s) for s in ("pass", "FAIL", "warn", "n/a")}
    head = "OK" if result.ok else f"FAILED ({', '.join(c.name for c in result.failures)})"
    parts = [f"{counts['pass']} passed"] + [f"{counts[s]} {label}" for s, label in
                                             (("FAIL", "failed"), ("warn", "warning(s)"), ("n/a", "n/a")) if counts[s]]
    return f"{head}: {', '.join(parts)}{_figures(result)}"


def _figures(result: PreflightResult) -> str:
    figures = []
    names = {c.name: c for c in result.checks}
    ink = names.get(INK_CHECK)
    if ink is not None and ink.data.get("max") is not None:
        figures.append(f"max ink {ink.data['max']:.0f} % (limit {ink.data['limit']:g} %)")
    elif INK_CHECK in result.skipped:
        figures.append("ink checked on the issue PDF")
    rule = names.get("thinnest-rule")
    if rule is not None and rule.data.get("thinnest") is not None:
        figures.append(f"thinnest rule {rule.data['thinnest']:.2f} pt")
    image = names.get("image-resolution")
    if image is not None and image.data.get("min_ppi") is not None:
        figures.append(f"lowest image {image.data['min_ppi']:.0f} ppi")
    return "; " + ", ".join(figures) if figures else ""


def structure_checks(pdf: pikepdf.Pdf, limits: Limits, profile: OutputProfile = None,
                     forbidden_content: Sequence[str] = ()) -> List[Check]:
    """Version, Info/GTS keys, Trapped, /ID, OutputIntent, boxes, prohibited features (with what the content
    walk found forbidden), and XMP for X-4."""
    profile = get_profile(profile)
    checks = [document.check_version(pdf, limits, profile), document.check_info(pdf, profile),
              document.check_trapped(pdf), document.check_trailer_id(pdf), document.check_output_intent(pdf, profile),
              document.check_boxes(pdf), document.check_prohibited(pdf, profile, forbidden_content)]
    if profile.xmp:
        checks.append(document.check_xmp(pdf, profile))
    return checks


def content_checks(f: Findings, limits: Limits, profile: OutputProfile = None) -> List[Check]:
    """Checks derived from walking the content streams."""
    profile = get_profile(profile)
    return [_colour_check(f), _transparency_check(f, profile), _overprint_check(f), _rule_check(f, limits),
            _image_check(f, limits), _multi_ink_check(f, limits)]


def _first(items: List[str], n: int = 3) -> str:
    more = f" (+{len(items) - n} more)" if len(items) > n else ""
    return "; ".join(items[:n]) + more


def _colour_check(f: Findings) -> Check:
    painted = ", ".join(f"{k} x{v}" for k, v in sorted(f.painted.items())) or "nothing painted"
    if f.bad_colour:
        return Check("colour-spaces", False, MUST, _first(f.bad_colour), {"painted": f.painted, "bad": f.bad_colour})
    return Check("colour-spaces", True, MUST, painted, {"painted": f.painted})


def _transparency_check(f: Findings, profile: OutputProfile) -> Check:
    if not f.transparency:
        return Check("transparency", True, MUST, "no soft masks, alpha or blend modes", {"found": []})
    if profile.transparency:
        details = f"live transparency, allowed in {profile.label}: {_first(f.transparency)}"
        return Check("transparency", True, MUST, details, {"found": f.transparency})
    details = f"{_first(f.transparency)}; {profile.label} allows none (flatten it, or write PDF/X-4)"
    return Check("transparency", False, MUST, details, {"found": f.transparency})


def _overprint_check(f: Findings) -> Check:
    bad = f.k_text_no_overprint
    if bad:
        return Check("overprint-k-text", False, MUST, f"{len(bad)} of {f.k_text} black text run(s): {_first(bad, 2)}")
    details = f"{f.k_text} 100K text run(s), all with op + OPM 1" if f.k_text else "no 100K text"
    return Check("overprint-k-text", True, MUST, details, {"k_text": f.k_text})


def _rule_check(f: Findings, limits: Limits) -> Check:
    if f.thinnest_stroke is None:
        return Check("thinnest-rule", True, MUST, "no strokes", {"thinnest": None})
    width, where = f.thinnest_stroke
    ok = width >= limits.min_rule_pt - 1e-4
    details = f"thinnest {width:.3f} pt ({where}); limit {limits.min_rule_pt:g} pt"
    if width == 0:
        details = f"zero-width (device hairline) stroke ({where})"
    return Check("thinnest-rule", ok, MUST, details, {"thinnest": width})


def _image_check(f: Findings, limits: Limits) -> Check:
    if not f.images:
        return Check("image-resolution", True, SHOULD, "no images", {"min_ppi": None})
    low = [(ppi, where) for ppi, bpc, where in f.images
           if ppi < (limits.min_line_art_ppi if bpc == 1 else limits.min_ppi) - 0.5]
    lowest = min(ppi for ppi, _, _ in f.images)
    if low:
        details = _first([f"{ppi:.0f} ppi: {where}" for ppi, where in sorted(low)])
        details += f" (limit {limits.min_ppi:g} ppi); use a larger original or place it smaller"
        return Check("image-resolution", False, SHOULD, details, {"min_ppi": lowest})
    return Check("image-resolution", True, SHOULD,
                 f"{len(f.images)} image(s), lowest {lowest:.0f} ppi (limit {limits.min_ppi:g})", {"min_ppi": lowest})


def _multi_ink_check(f: Findings, limits: Limits) -> Check:
    bad = f.multi_ink_small_text
    details = _first(bad, 2) if bad else f"no multi-ink text under {limits.multi_ink_text_pt:g} pt"
    return Check("multi-ink-text", not bad, SHOULD, details)
