"""``render.py preview``, ``render.py watch`` and ``render.py serve``: argument parsing and printing only.

The work is in session.py (render, write changed pages), watch.py (the file
watcher loop) and serve.py (the local web page). Exit codes follow
``render.py issue``: 0 done, 1 errors in the inputs, 2 usage problems (a
missing file, ``--pages`` naming a page the issue lacks: found before composing).
"""
from __future__ import annotations

import argparse
import sys
from pathlib import Path
from typing import Optional, Tuple

from ..model.template import display_path

EXIT_OK, EXIT_ERRORS, EXIT_USAGE = 0, 1, 2
DEFAULT_DPI = 100.0


def _pages(text: str) -> Tuple[int, ...]:
    """'1,2' or '1-3' -> (1, 2) or (1, 2, 3)."""
    out = []
    try:
        for part in text.split(","):
            part = part.strip()
            if "-" in part:
                a, b = (int(x) for x in part.split("-", 1))
                out += list(range(a, b + 1))
            elif part:
                out.append(int(part))
    except ValueError:
        raise argparse.ArgumentTypeError(f"{text!r}: give page numbers such as 1,2 or 1-3") from None
    if not out or min(out) < 1:
        raise argparse.ArgumentTypeError(f"{text!r}: page numbers start at 1")
    return tuple(sorted(set(out)))


def _dpi(text: str) -> float:
    try:
        value = float(text)
    except ValueError:
        raise argparse.ArgumentTypeError(f"{text!r} is not a number") from None
    if not 10 <= value <= 1200:
        raise argparse.ArgumentTypeError(f"{text}: choose a resolution between 10 and 1200 dpi")
    return value


def _common(parser: argparse.ArgumentParser, source_help: str) -> None:
    parser.add_argument("source", metavar="PATH", nargs="?", help=source_help + " (default: the bundled sample issue)")
    parser.add_argument("--pages", type=_pages, metavar="N,M", help="only these pages, e.g. 1,2 or 1-3 (default: all)")
    parser.add_argument("--dpi", type=_dpi, default=DEFAULT_DPI, help="picture resolution (default 100)")
    parser.add_argument("--fonts", metavar="FONTS_YAML", help="font configuration (default: fonts/fonts.yaml)")
    parser.add_argument("--marks", action="store_true",
                        help="include crop marks and the slug line (default: the page with its bleed only)")
    parser.add_argument("--as-page", type=int, default=1, metavar="N",
                        help="page number a template alone is previewed as (even: a left-hand page)")


def add_preview_arguments(parser: argparse.ArgumentParser) -> None:
    """Options of ``render.py preview``."""
    _common(parser, "issue.yaml, or a template (.yaml) to preview with placeholder text (灰文)")
    parser.add_argument("-o", "--out", default="preview", help="folder for the PNGs and page PDFs (default: preview)")
    parser.add_argument("--guides", action="store_true",
                        help="draw type area, columns, baseline grid, regions, bleed/trim, overset and underset")


def add_watch_arguments(parser: argparse.ArgumentParser) -> None:
    """Options of ``render.py watch``."""
    _common(parser, "issue.yaml (or a template) to re-render whenever one of its files changes")
    parser.add_argument("-o", "--out", default="preview", help="folder for the PNGs and page PDFs (default: preview)")
    parser.add_argument("--guides", action="store_true", help="draw the guides on the PNGs")
    parser.add_argument("--max-renders", type=int, default=0, metavar="N",
                        help="stop after N re-renders following the first render (0: run until Ctrl-C)")
    parser.add_argument("--once", action="store_true", help="render once and stop (same as --max-renders -1)")


def add_serve_arguments(parser: argparse.ArgumentParser) -> None:
    """Options of ``render.py serve``."""
    _common(parser, "issue.yaml (or a template) to show in the browser, re-rendered on every change")
    parser.add_argument("--port", type=int, default=8000, help="port (default 8000; 0 picks a free one)")
    parser.add_argument("--host", default="127.0.0.1",
                        help="address to listen on (default 127.0.0.1: this computer only)")
    parser.add_argument("-o", "--out", help="folder for the PNGs and page PDFs (default: a temporary folder)")


def _source(args: argparse.Namespace) -> Path:
    """The issue or template to preview: as given, or the bundled sample issue."""
    from ..issue import SAMPLE_ISSUE

    return Path(args.source) if args.source else SAMPLE_ISSUE


def _check_source(path: Path) -> Optional[str]:
    if not path.is_file():
        return f"error: no such file {display_path(path)} (give an issue.yaml or a template .yaml)"
    return None


def session_for(args: argparse.Namespace, guides: bool, layer: bool, out: str):
    """A PreviewSession from the command's arguments."""
    from .session import PreviewSession, SessionOptions

    options = SessionOptions(out=out, dpi=args.dpi, guides=guides, guide_layer=layer, pages=args.pages,
                             fonts=args.fonts, marks=args.marks, as_page=max(1, args.as_page))
    return PreviewSession(_source(args), options)


def print_state(state, verbose: bool = True) -> None:
    """Diagnostics and report problems (stderr), then the one-line summary (stdout)."""
    if verbose:
        for d in state.diagnostics:
            print(str(d), file=sys.stderr)
        if state.report is not None and not state.placeholder:  # placeholder text overset is meaningless
            for line in state.report.problems():
                if line not in state.errors:
                    print(line, file=sys.stderr)
    print(state.line(), flush=True)


def run_preview(args: argparse.Namespace) -> int:
    """Render PNGs (and page PDFs) once; 1 when the inputs have errors."""
    problem = _check_source(_source(args))
    if problem:
        print(problem, file=sys.stderr)
        return EXIT_USAGE
    session = session_for(args, args.guides, False, args.out)
    try:
        state = session.render()
    finally:
        session.close()
    if state.usage:  # found before composing: nothing was laid out or written
        print(f"error: {state.errors[0]}", file=sys.stderr)
        return EXIT_USAGE
    print_state(state)
    for n in sorted(state.pages):
        print(display_path(state.pages[n].png))
    return EXIT_ERRORS if state.errors else EXIT_OK


def run_watch(args: argparse.Namespace) -> int:
    """Render, then re-render on every change until Ctrl-C (or --max-renders); 1 when the last render failed."""
    problem = _check_source(_source(args))
    if problem:
        print(problem, file=sys.stderr)
        return EXIT_USAGE
    from .watch import Watcher

    session = session_for(args, args.guides, False, args.out)
    limit = -1 if args.once else args.max_renders
    try:
        state = Watcher(session, on_render=print_state).run(max_renders=limit)
    finally:
        session.close()
    if state is not None and state.usage:
        return EXIT_USAGE
    return EXIT_ERRORS if state is None or state.errors else EXIT_OK


def run_serve(args: argparse.Namespace) -> int:
    """Serve the live preview until Ctrl-C."""
    problem = _check_source(_source(args))
    if problem:
        print(problem, file=sys.stderr)
        return EXIT_USAGE
    import tempfile

    from .serve import serve

    tmp = None if args.out else tempfile.TemporaryDirectory(prefix="baoban-serve-")
    session = session_for(args, False, True, args.out or tmp.name)
    try:
        return serve(session, args.host, args.port, on_render=print_state)
    finally:
        session.close()
        if tmp is not None:
            tmp.cleanup()
