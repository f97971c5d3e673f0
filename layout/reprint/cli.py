"""``render.py import SOURCE -o DIR``: reprint old pages (extracted text or the old PDF) as an issue.

Exit codes as the other commands: 0 written and the written issue checks
clean, 1 written but the issue has errors, the import lost something (a
page without a text layer, no article at all) or is doubtful (``confidence``:
page counts that disagree, large overset when the written issue is composed),
2 a source or option that cannot be used (named, with what to do).
"""
from __future__ import annotations

import argparse
import datetime as dt
import sys
import time
from pathlib import Path

EXIT_OK, EXIT_ERRORS, EXIT_USAGE = 0, 1, 2


def _date(text: str) -> str:
    try:
        return dt.date.fromisoformat(text).isoformat()
    except ValueError:
        raise argparse.ArgumentTypeError(f"{text!r} is not a date YYYY-MM-DD") from None


def add_arguments(parser: argparse.ArgumentParser) -> None:
    """Options of ``render.py import``."""
    parser.add_argument("source", help="a page PDF, a text file extracted from one (UTF-8 or GB18030), "
                                       "or a folder of them (one page each, in name order)")
    parser.add_argument("-o", "--out", required=True, help="folder to write issue.yaml, the articles and IMPORT.md into")
    parser.add_argument("--paper", default="", help="the paper's name (default: read from the masthead)")
    parser.add_argument("--date", type=_date, default=None, help="the issue date YYYY-MM-DD (default: read from the masthead)")
    parser.add_argument("--no-verify", action="store_true",
                        help="do not compose the written issue to check that every story fits its block "
                             "(faster; large overset then goes unnoticed)")
    parser.add_argument("--fonts", metavar="FONTS_YAML", help="font configuration for the verification "
                                                             "(default: fonts/fonts.yaml)")
    parser.add_argument("--template-from-pdf", action="store_true",
                        help="write templates under DIR/templates/ reproducing each PDF page's geometry "
                             "(page size, type area, columns, article regions) instead of using the bundled ones")


def run(args: argparse.Namespace) -> int:
    """Import, write, check the written issue; print a one-line summary."""
    from .importer import ImportFailure, import_source
    from .writer import write_import

    start = time.perf_counter()
    source, out = Path(args.source), Path(args.out)
    if out.exists() and not out.is_dir():
        print(f"error: {out} exists and is not a folder; give another -o", file=sys.stderr)
        return EXIT_USAGE
    try:
        result = import_source(source, args.paper, args.date or "")
    except ImportFailure as exc:
        print(f"error: {exc}", file=sys.stderr)
        return EXIT_USAGE
    templates = None
    if getattr(args, "template_from_pdf", False):
        templates = _templates_from_pdf(result, out)
        if templates is None:
            return EXIT_USAGE
    write_import(result, out, templates)
    errors = _check(out / "issue.yaml")
    if not errors and not getattr(args, "no_verify", False):
        from .confidence import overset_doubts
        from .writer import write_log

        overset_doubts(result, out / "issue.yaml", getattr(args, "fonts", None))
        write_log(result, out)
    seconds = time.perf_counter() - start
    verdict = f"DOUBTFUL ({len(result.problems)}, exit 1)" if result.problems else "ok"
    print(f"{out / 'issue.yaml'}: {len(result.pages)} page(s), {len(result.articles)} article(s), "
          f"{len(result.changes)} change(s), {len(result.review)} to review (IMPORT.md); {verdict}; {seconds:.2f} s")
    for note in result.notes:
        print(f"warning: {note}", file=sys.stderr)
    for problem in result.problems:
        print(f"error: DOUBTFUL: {problem}", file=sys.stderr)
    return EXIT_ERRORS if errors or result.problems else EXIT_OK


def _templates_from_pdf(result, out: Path):
    if not any(p.size for p in result.pages):
        print(f"error: --template-from-pdf needs a PDF source; {result.source} is text", file=sys.stderr)
        return None
    from .templategen import write_templates

    return write_templates(result, out / "templates")


def _check(path: Path) -> int:
    """Check the written issue; print its problems; the number of errors."""
    from ..model.content import read_issue

    _issue, diags = read_issue(path)
    for d in diags.sorted():
        print(str(d), file=sys.stderr)
    return len(diags.errors)
