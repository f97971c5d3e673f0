"""``render.py issue`` (the default command) and ``render.py check``.

``issue`` parses its options and hands the issue to the pipeline
(layout/pipeline.py: model → compose → pdf → preflight, the Ghostscript ink
render once, on the issue PDF), then prints the report, one preflight line
per file; a failed MUST check is an error (exit 1), a checker that cannot run
too (preflight fails closed). ``check`` validates
templates, folders of templates or issues without rendering. User errors are
printed as ``file:line:column: message`` lines, never as tracebacks.
"""
from __future__ import annotations

import argparse
import os
import sys
from pathlib import Path
from typing import List, Optional, Sequence

from .argtypes import ink_percent, positive
from .gcpolicy import keep_until_exit
from .model.content import check_issue, read_issue
from .model.errors import ERROR, WARNING, Diagnostic, Diagnostics, ModelError
from .model.template import TEMPLATE_SUFFIXES, check_template, display_path, load_template, read_template
from .model.yamlnodes import YMap, load_yaml
from .report import print_loose_lines  # lives in report.py: galley prints it without the model stack
from .units import to_mm

PROJECT_ROOT = Path(__file__).resolve().parents[1]
SAMPLE_ISSUE = PROJECT_ROOT / "samples" / "issue-2018-04-28" / "issue.yaml"
DEFAULT_OUT = "out"

EXIT_OK, EXIT_ERRORS, EXIT_USAGE, EXIT_UNAVAILABLE = 0, 1, 2, 3


# -- render.py issue ---------------------------------------------------------

def add_issue_arguments(parser: argparse.ArgumentParser) -> None:
    """Options of ``render.py issue``."""
    parser.add_argument("path", nargs="?", help="issue.yaml to render (default: the bundled sample issue)")
    parser.add_argument("-o", "--out", default=DEFAULT_OUT, help="output folder for page PDFs and the issue PDF (default: out)")
    parser.add_argument("--strict", action="store_true",
                        help="exit 1 when anything was lost or left empty: overset text, underset (empty lines in a "
                             "block), missing glyphs or images, overfull lines, a font role set in another face, a "
                             "stale continuation")
    parser.add_argument("--fonts", metavar="FONTS_YAML", help="font configuration (default: fonts/fonts.yaml)")
    parser.add_argument("--report-json", metavar="FILE",
                        help="also write the report (overset, underset, missing glyphs and images, substitutions, "
                             "preflight, figures) as JSON to FILE, for scripts")
    press = parser.add_argument_group(
        "print-ready output", "PDF/X-1a:2001 pages for IFRA26 coldset newsprint. Every PDF written is preflighted "
        "and the result is part of the report: a failed MUST check (fonts, colour spaces, boxes, output intent, "
        "black overprint, rules under 0.25 pt, total ink) makes the exit code 1.")
    press.add_argument("--output-profile", choices=output_profile_keys(), default=None,
                       help="what the PDFs must conform to: pdfx1a (PDF/X-1a:2001, the default: CMYK only, no "
                            "transparency) or pdfx4 (PDF/X-4: PDF 1.6, ICC colour and live transparency allowed, "
                            "embedded output profile); overrides the issue's output_profile")
    press.add_argument("--no-marks", action="store_true",
                       help="no crop/registration marks or slug line: MediaBox = BleedBox (for plants that want none)")
    press.add_argument("--tac-limit", type=ink_percent, metavar="PCT",
                       help="maximum total ink (sum of C+M+Y+K) in %% that preflight allows (default 240)")
    press.add_argument("--icc-profile", metavar="PATH",
                       help="embed this ICC CMYK output profile (class 'prtr', e.g. ISOnewspaper26v4.icc) as the "
                            "OutputIntent's DestOutputProfile (default: name the registered IFRA26 condition only)")
    press.add_argument("--min-ppi", type=positive, metavar="PPI",
                       help="lowest effective image resolution preflight accepts without a warning (default 200)")
    press.add_argument("--no-preflight", action="store_true",
                       help="quick proof: skip the preflight of the written PDFs (PDF/X-1a structure, fonts, colour, "
                            "overprint, rules, image resolution, qpdf/pdffonts and the Ghostscript total-ink render, "
                            "about 1-2 s); the report then warns that the files were not checked")


def output_profile_keys() -> List[str]:
    """The output profiles a render can be asked for (pdf/profiles.py)."""
    from .pdf.profiles import PROFILES

    return list(PROFILES)


def run_issue(args: argparse.Namespace) -> int:
    """Load, validate and render an issue; 0 when fine, 1 on errors (or losses with --strict), 2 on bad options."""
    path = Path(args.path) if getattr(args, "path", None) else SAMPLE_ISSUE
    if not path.is_file():
        what = " (it is a folder)" if path.is_dir() else " (it is not a regular file)" if path.exists() else ""
        print(f"error: no issue file {display_path(path)}{what}; give the path of an issue.yaml", file=sys.stderr)
        return EXIT_USAGE
    for problem in (icc_profile_error(getattr(args, "icc_profile", None)),
                    output_folder_problem(Path(getattr(args, "out", DEFAULT_OUT))),
                    report_json_problem(getattr(args, "report_json", None), [str(path)])):
        if problem:
            print(f"error: {problem}", file=sys.stderr)
            return EXIT_USAGE
    from .pipeline import Engine

    result = Engine(getattr(args, "fonts", None)).render_issue(path, render_options(args))
    keep_until_exit(result)  # a one-shot process ends without freeing it
    reported = result.issue is not None and (bool(result.pages) or not result.exit_code)
    _print_diagnostics(result.diagnostics, result.report.missing_images if reported else ())
    if not reported:
        errors = sum(1 for d in result.diagnostics if d.severity == ERROR)
        print(f"{display_path(path)}: {errors} error(s); nothing rendered", file=sys.stderr)
        return EXIT_ERRORS
    _print_report(result.report)
    if result.exit_code and not result.report.errors and getattr(args, "strict", False):
        print("--strict: exit 1 because of " + ", ".join(result.report.strict_reasons()), file=sys.stderr)
    if getattr(args, "report_json", None):
        from .pipeline import issue_inputs

        problem = report_json_problem(args.report_json, issue_inputs(result.issue) + list(result.files))
        if problem:
            print(f"error: {problem}; the report was not written", file=sys.stderr)
            return EXIT_USAGE
        write_report_json(result.report, args.report_json, path, result.exit_code)
    return result.exit_code


def report_json_problem(target: Optional[str], protected: Sequence[str]) -> Optional[str]:
    """None when ``target`` may receive the JSON report; else why not (a folder, or a file the render reads or wrote)."""
    if not target:
        return None
    file = Path(target)
    if file.is_dir():
        return f"--report-json {target}: a folder; give a file name such as report.json"
    if file.exists() and any(Path(p).exists() and file.samefile(p) for p in protected):
        return f"--report-json {target}: that is a file this render reads or writes; give another file name"
    return None


def render_options(args: argparse.Namespace):
    """The pipeline's RenderOptions from ``render.py issue`` arguments (missing ones take their defaults)."""
    from .pipeline import RenderOptions

    return RenderOptions(out=str(getattr(args, "out", DEFAULT_OUT)), strict=bool(getattr(args, "strict", False)),
                         marks=not getattr(args, "no_marks", False), icc_profile=getattr(args, "icc_profile", None) or "",
                         output_profile=getattr(args, "output_profile", None),
                         preflight=not getattr(args, "no_preflight", False),
                         tac_limit=getattr(args, "tac_limit", None), min_ppi=getattr(args, "min_ppi", None))


def output_folder_problem(out: Path) -> Optional[str]:
    """None when ``out`` is a folder or can be made one; else a message saying what is in the way."""
    for folder in [out, *out.parents]:
        if folder.is_dir():
            if not os.access(folder, os.W_OK | os.X_OK):
                what = "the output folder" if folder == out else f"the folder {folder} (where it would be made)"
                return f"-o {out}: {what} is not writable; give a folder you may write to"
            return None
        if folder.exists():
            what = "the output folder" if folder == out else f"the output folder's parent {folder}"
            return (f"-o {out}: {what} is an existing file, not a folder; "
                    "give a folder path (it is created when missing)")
    return None


MAX_ICC_BYTES = 16 << 20  # a CMYK output profile is a few MB at most (ISOnewspaper26v4: 0.6 MB)


def icc_profile_error(path: Optional[str]) -> Optional[str]:
    """None when ``path`` is empty or an ICC CMYK output profile; else a message saying what is wrong."""
    if not path:
        return None
    file = Path(path)
    if not file.is_file():
        what = "no such file" if not os.path.lexists(file) else _not_regular(file)
        return f"--icc-profile {path}: {what} (give the path of a CMYK output profile such as ISOnewspaper26v4.icc)"
    try:
        size = file.stat().st_size
        with file.open("rb") as f:
            header = f.read(128)
    except OSError as exc:
        return f"--icc-profile {path}: cannot read it ({exc.strerror or exc})"
    if size > MAX_ICC_BYTES:  # it is read whole (embedded, and its description read): output profiles are small
        return f"--icc-profile {path}: {size:,} bytes, over the {MAX_ICC_BYTES >> 20} MB an output profile takes"
    from .preflight.document import icc_output_profile_problem

    problem = icc_output_profile_problem(header)
    return f"--icc-profile {path}: {problem}" if problem else None


def _not_regular(file: Path) -> str:
    """'it is a folder', 'it is a character device', ...: why an existing path is not a file to read."""
    from .textfile import not_regular_reason

    try:
        kind = not_regular_reason(file.stat().st_mode)
    except OSError as exc:
        return f"cannot read it ({exc.strerror or exc})"
    return kind if kind.startswith("not ") else f"it is {kind}"


def preflight_written(report, args: argparse.Namespace) -> None:
    """Preflight the PDFs in report.stats['files'] (issue PDF last) and record the results in the report."""
    from .pipeline import preflight_files

    preflight_files(report, report.stats.get("files") or [], render_options(args))


def _print_report(report) -> None:
    """The render report: a summary line, files, images, one preflight line per file, problems, warnings once each."""
    st = report.stats
    print(f"{st.get('pages', 0)} pages, {st.get('articles', 0)} articles, {st.get('lines', 0)} lines set in "
          f"{st.get('seconds', 0):.2f} s (compose {st.get('compose_seconds', 0):.2f} s"
          + (f", preflight {st['preflight_seconds']:.2f} s" if "preflight_seconds" in st else "") + ")")
    if st.get("files"):
        print("written: " + ", ".join(str(f) for f in st["files"]))
    if st.get("removed"):
        print("removed (pages no longer in the issue): " + ", ".join(str(f) for f in st["removed"]))
    if st.get("image_ppi"):
        print("images: " + ", ".join(f"{name} {ppi:.0f} ppi" for name, ppi in st["image_ppi"].items()))
    if st.get("copyfit"):
        print(f"copyfit: {st['copyfit']} article(s) adjusted (see the warnings)")
    for key, line in st.items():
        if key.startswith("preflight ") and key not in ("preflight_seconds", "preflight_checks"):
            print(f"{key}: {line}")
    if report.regions:  # per page: region, article, lines, overset, underset, copyfit, glyphs, substitutions, images
        from .fit import page_tables

        print("\n".join(page_tables(report.regions)))
    for line in report.problems():
        print(line)
    print_loose_lines(report)
    for line in report.unique_warnings():
        if _told_as_missing_image(line, report.missing_images):
            continue
        print(f"warning: {line}" if not line.startswith("warning") and ": warning:" not in line else line)
    if not report.problems():
        print("no overset, no missing glyphs or images")


def write_report_json(report, path: str, issue_path: Path, exit_code: int) -> None:
    """The report as JSON in ``path`` (for scripts), written atomically; OSError when it cannot be written."""
    import json
    import os
    import tempfile

    data = {"issue": str(issue_path), "exit_code": exit_code, "strict_reasons": report.strict_reasons(),
            **report.to_dict()}
    folder = os.path.dirname(os.path.abspath(path))
    fd, tmp = tempfile.mkstemp(dir=folder, prefix=".report-", suffix=".tmp")
    with os.fdopen(fd, "w", encoding="utf-8") as f:
        json.dump(data, f, ensure_ascii=False, indent=1, sort_keys=True)
    os.replace(tmp, path)


# -- render.py check ---------------------------------------------------------

def add_check_arguments(parser: argparse.ArgumentParser) -> None:
    """Options of ``render.py check``."""
    parser.add_argument("paths", nargs="+", metavar="PATH",
                        help="a template (.yaml), a folder of templates, or an issue.yaml")
    parser.add_argument("--strict", action="store_true",
                        help="treat warnings (such as missing images) as errors; an issue is also composed (no PDF) "
                             "to find continuations of stories that already ended")
    parser.add_argument("-q", "--quiet", action="store_true", help="print problems only, no summary")


def run_check(args: argparse.Namespace) -> int:
    """Validate every path; print every problem; 1 when any error (or warning with --strict), else 0."""
    problems: List[Diagnostic] = []
    stale: List[str] = []
    for raw in args.paths:
        path = Path(raw)
        if not path.exists():
            print(f"{raw}: no such file or folder", file=sys.stderr)
            return EXIT_USAGE
        for file in _files_to_check(path):
            found = check_file(file)
            problems += found
            ok = not any(d.severity == ERROR for d in found)
            if ok and args.strict and is_issue_file(file):  # what only a compose can tell: composed, no PDF
                composed = _stale_continuations(file)
                stale += composed
                ok = not composed
            if not args.quiet and ok:  # ok only when the composed check passed too
                print(f"{display_path(file)}: ok{_summary(file)}")
    problems = list(dict.fromkeys(problems))  # a template checked alone and through an issue: listed once
    _print_diagnostics(problems)
    for line in stale:
        print(f"{line} [stale continuation]", file=sys.stderr)
    warnings = sum(1 for d in problems if d.severity != ERROR)
    errors = len(problems) - warnings + len(stale)
    if not args.quiet:
        print(f"{errors} error(s), {warnings} warning(s)")
    return EXIT_ERRORS if errors or (args.strict and warnings) else EXIT_OK


def _stale_continuations(path: Path) -> List[str]:
    """Compose one issue (no PDF) and return its stale continuations (jumps into a story that already ended)."""
    from .pipeline import Engine
    from .report import Report

    engine = Engine()
    issue, diags = engine.read_issue(path)
    if issue is None or any(d.severity == ERROR for d in diags):
        return []
    report = Report()
    engine.compose(issue, report)
    return list(report.stale_jumps)


def _files_to_check(path: Path) -> List[Path]:
    """The YAML files a path stands for (a folder: its templates and issue files, sorted)."""
    if not path.is_dir():
        return [path]  # a file, or a FIFO/device the reader then reports (never opened blocking)
    return sorted(p for p in path.iterdir() if p.suffix in TEMPLATE_SUFFIXES and p.is_file())


def is_issue_file(path: Path) -> bool:
    """True for issue files: named issue.yaml, or a mapping with a top-level 'paper' key."""
    if path.stem == "issue":
        return True
    node = load_yaml(path, Diagnostics())
    return isinstance(node, YMap) and "paper" in node


def check_file(path: Path) -> List[Diagnostic]:
    """Every problem in one template or issue file (a template's measure advice included)."""
    if is_issue_file(path):
        return check_issue(path)
    found = check_template(path)
    if any(d.severity == ERROR for d in found):
        return found
    return found + measure_warnings(path)


def measure_warnings(path: Path) -> List[Diagnostic]:
    """A warning per article region whose column measure (vertical: tier height) is not a whole number of 字.

    clreq §3.2 (the character grid): a measure of whole 字 lets Han text set
    solid; anything else letterspaces every justified line a little. The
    message gives the nearest whole counts and the gutter that gives them.
    """
    from .model.types import ArticleRegion
    from .text.grid import measure_advice

    try:
        template = load_template(path)
    except ModelError:
        return []
    out = []
    for region in template.regions:
        if not isinstance(region, ArticleRegion):
            continue
        vertical = region.writing_mode != "horizontal-tb"
        total = (region.box.h if vertical else region.box.w) - 2 * region.padding
        what = f"regions.{region.id} ({'tier height' if vertical else 'column measure'})"
        advice = measure_advice(what, total, max(1, region.columns), region.gutter,
                                region.body.size + region.body.tracking)
        if advice:
            out.append(Diagnostic(region.mark, advice, WARNING))
    return out


def _summary(path: Path) -> str:
    """A one-line description of a clean file: the page and its character grid, or the issue's pages."""
    try:
        if is_issue_file(path):
            issue, _ = read_issue(path)
            if issue is None:
                return ""
            return f" ({len(issue.pages)} pages, {len(issue.articles)} articles)"
        src = read_template(path, Diagnostics())
        if src is not None and src.abstract:
            return " (abstract: a base for other templates)"
        t = load_template(path)
    except ModelError:
        return ""
    g, p = t.grid, t.page
    return (f" ({p.size_name} {to_mm(p.width):.0f}×{to_mm(p.height):.0f} mm, {g.columns} columns, "
            f"{g.chars_per_line} characters × {g.lines_per_column} lines of '{g.body_style}', {len(t.regions)} regions)")


def _print_diagnostics(items: Sequence[Diagnostic], missing_images: Sequence[str] = ()) -> None:
    """Every diagnostic on standard error, in file order; a missing-image warning the report lists is left to it."""
    for d in items:
        if d.severity != ERROR and _told_as_missing_image(str(d), missing_images):
            continue  # the report's 'missing image: PATH (what, file:line:column)' says it once
        print(str(d), file=sys.stderr)


def _told_as_missing_image(text: str, missing_images: Sequence[str]) -> bool:
    """True when ``text`` is the model's placeholder warning for an image the report lists as missing."""
    return "a placeholder will be drawn" in text and any(
        text.startswith(m.rsplit(", ", 1)[-1].split(")", 1)[0] + ": ") for m in missing_images if ", " in m)
