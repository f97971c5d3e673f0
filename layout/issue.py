"""``render.py issue`` (the default command) and ``render.py check``.

``issue`` loads an issue (layout.model), hands it to the compose stage
(``layout.compose.render_issue``) and prints the report; ``check`` validates
templates, folders of templates or issues without rendering. User errors are
printed as ``file:line:column: message`` lines, never as tracebacks.
"""
from __future__ import annotations

import argparse
import importlib
import sys
from pathlib import Path
from typing import Callable, List, Optional, Sequence

from .model.content import check_issue, read_issue
from .model.errors import ERROR, Diagnostic, Diagnostics, ModelError
from .model.template import TEMPLATE_SUFFIXES, check_template, display_path, load_template, read_template
from .model.yamlnodes import YMap, load_yaml

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
                        help="exit non-zero when anything was lost: overset text, missing glyphs or images")
    parser.add_argument("--fonts", metavar="FONTS_YAML", help="font configuration (default: fonts/fonts.yaml)")


def run_issue(args: argparse.Namespace) -> int:
    """Load, validate and render an issue; 0 when fine, 1 on errors (or losses with --strict), 3 when rendering is unavailable."""
    path = Path(args.path) if getattr(args, "path", None) else SAMPLE_ISSUE
    if not path.is_file():
        print(f"error: no issue file {display_path(path)}", file=sys.stderr)
        return EXIT_USAGE
    issue, diags = read_issue(path)
    _print_diagnostics(diags.sorted())
    if diags.errors or issue is None:
        print(f"{display_path(path)}: {len(diags.errors)} error(s); nothing rendered", file=sys.stderr)
        return EXIT_ERRORS
    render = _compose_entry()
    if render is None:
        print(f"{display_path(path)}: the issue is valid ({len(issue.pages)} pages, {len(issue.articles)} articles), "
              "but page composition (layout.compose.render_issue) is not available in this installation", file=sys.stderr)
        return EXIT_UNAVAILABLE
    from .fonts import load_fontset
    from .report import Report

    report = Report()
    for w in issue.warnings:
        report.warn(w)
    fontset = load_fontset(getattr(args, "fonts", None))
    render(issue, fontset, Path(getattr(args, "out", DEFAULT_OUT)), report, bool(getattr(args, "strict", False)))
    _print_report(report)
    return EXIT_ERRORS if report.failed(bool(getattr(args, "strict", False))) else EXIT_OK


def _compose_entry() -> Optional[Callable]:
    """layout.compose.render_issue, or None when the compose stage is not there."""
    try:
        module = importlib.import_module("layout.compose")
    except ImportError as exc:
        if exc.name and exc.name.startswith("layout"):
            return None
        raise
    return getattr(module, "render_issue", None)


def _print_report(report) -> None:
    """The render report: stats, then every problem, then warnings."""
    stats = ", ".join(f"{k}: {v}" for k, v in report.stats.items())
    if stats:
        print(stats)
    for line in report.problems():
        print(line)
    for line in report.warnings:
        print(f"warning: {line}" if not line.startswith("warning") and ": warning:" not in line else line)
    if not report.problems():
        print("no overset, no missing glyphs or images")


# -- render.py check ---------------------------------------------------------

def add_check_arguments(parser: argparse.ArgumentParser) -> None:
    """Options of ``render.py check``."""
    parser.add_argument("paths", nargs="+", metavar="PATH",
                        help="a template (.yaml), a folder of templates, or an issue.yaml")
    parser.add_argument("--strict", action="store_true", help="treat warnings (such as missing images) as errors")
    parser.add_argument("-q", "--quiet", action="store_true", help="print problems only, no summary")


def run_check(args: argparse.Namespace) -> int:
    """Validate every path; print every problem; 1 when any error (or warning with --strict), else 0."""
    problems: List[Diagnostic] = []
    for raw in args.paths:
        path = Path(raw)
        if not path.exists():
            print(f"{raw}: no such file or folder", file=sys.stderr)
            return EXIT_USAGE
        for file in _files_to_check(path):
            found = check_file(file)
            problems += found
            if not args.quiet and not any(d.severity == ERROR for d in found):
                print(f"{display_path(file)}: ok{_summary(file)}")
    _print_diagnostics(problems)
    errors = sum(1 for d in problems if d.severity == ERROR)
    warnings = len(problems) - errors
    if not args.quiet:
        print(f"{errors} error(s), {warnings} warning(s)")
    return EXIT_ERRORS if errors or (args.strict and warnings) else EXIT_OK


def _files_to_check(path: Path) -> List[Path]:
    """The YAML files a path stands for (a folder: its templates and issue files, sorted)."""
    if path.is_file():
        return [path]
    return sorted(p for p in path.iterdir() if p.suffix in TEMPLATE_SUFFIXES and p.is_file())


def is_issue_file(path: Path) -> bool:
    """True for issue files: named issue.yaml, or a mapping with a top-level 'paper' key."""
    if path.stem == "issue":
        return True
    node = load_yaml(path, Diagnostics())
    return isinstance(node, YMap) and "paper" in node


def check_file(path: Path) -> List[Diagnostic]:
    """Every problem in one template or issue file."""
    return check_issue(path) if is_issue_file(path) else check_template(path)


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
    return (f" ({p.size_name} {p.width / 72 * 25.4:.0f}×{p.height / 72 * 25.4:.0f} mm, {g.columns} columns, "
            f"{g.chars_per_line} characters × {g.lines_per_column} lines of '{g.body_style}', {len(t.regions)} regions)")


def _print_diagnostics(items: Sequence[Diagnostic]) -> None:
    """Every diagnostic on standard error, in file order."""
    for d in items:
        print(str(d), file=sys.stderr)
