"""``render.py galley TEXT_FILE -o OUT.pdf``: flow a plain text file into columns, a quick proof.

One paragraph per line of the file (blank lines are skipped). Pages are added
until the text is placed; the report gives pages, lines, characters, overfull
lines and missing glyphs. Exit status: 0 done, 1 nothing to set or (with
--strict) something was lost or overfull, 2 bad input or options.
"""
from __future__ import annotations

import argparse
import os
import re
import sys
import time
from dataclasses import replace
from typing import List, Optional, Tuple

from . import textfile
from .gcpolicy import fewer_collections, keep_until_exit
from .model import styleprops
from .records import record
from .report import Report, Where, print_loose_lines
from .units import MM, UnitError, parse_em, parse_length, parse_page_size

EXIT_OK, EXIT_PROBLEMS, EXIT_USAGE = 0, 1, 2
MAX_PAGES = 2000
DEFAULT_GUTTER = "4mm"  # before it is adjusted to whole-character columns


class GalleyError(Exception):
    """A user error: bad file or option; the message says what to do."""


def add_arguments(parser: argparse.ArgumentParser) -> None:
    """Options of the galley subcommand (lengths carry their unit: 15mm, 9pt, 2em)."""
    parser.add_argument("text_file", metavar="TEXT_FILE", help="plain text (UTF-8 or GB18030), one paragraph per line")
    parser.add_argument("-o", "--output", required=True, metavar="OUT.pdf", help="PDF to write")
    parser.add_argument("--page", default="A3", help="A3, A4, 对开, 四开 or WIDTHxHEIGHTmm (default A3)")
    parser.add_argument("--margin", default="15mm", help="page margin on every side (default 15mm)")
    parser.add_argument("--gutter", default=None,
                        help="space between columns (default about 4mm, adjusted so that every column is a whole "
                             "number of characters; a gutter you give is kept as given, with a warning when the "
                             "columns then are not whole characters)")
    parser.add_argument("--columns", default="5", help="number of columns (栏 tiers with --vertical; default 5)")
    parser.add_argument("--font-size", default="9pt", help="body size, e.g. 9pt or 小五 (default 9pt)")
    parser.add_argument("--leading", default="14pt", help="baseline to baseline (default 14pt)")
    parser.add_argument("--indent", default="2em", help="first-line indent (default 2em)")
    parser.add_argument("--font", default="song", metavar="ROLE", help="font role from the font config (default song)")
    styleprops.add_cli_arguments(parser)  # --punct, --kinsoku: choices and defaults from the style registry
    parser.add_argument("--breaker", default="total-fit", choices=("first-fit", "total-fit"), help=argparse.SUPPRESS)
    parser.add_argument("--balance", action="store_true", help="balance the columns of the last page")
    parser.add_argument("--vertical", action="store_true", help="vertical text (竖排), columns become stacked tiers")
    parser.add_argument("--strict", action="store_true", help="exit 1 when a glyph is missing or a line is overfull")
    parser.add_argument("--fonts", metavar="CONFIG", help="font configuration YAML (default fonts/fonts.yaml)")


@record
class GalleyJob:
    """The parsed galley options in points."""

    page: Tuple[float, float]
    margin: float
    gutter: float
    columns: int
    size: float
    leading: float
    indent: float  # em
    writing_mode: str


# Allowed ranges of the lengths, in pt (the indent in em): a value outside is an error naming the range.
# Leading is checked against the size: lines closer than the body size would overprint each other.
RANGES = {"--font-size": (4.0, 144.0, "pt"), "--margin": (0.0, 200 * MM, "mm"), "--gutter": (0.0, 100 * MM, "mm"),
          "--indent": (0.0, 10.0, "em")}


def _in_range(option: str, value: float) -> None:
    low, high, unit = RANGES[option]
    if not low <= value <= high:
        shown = (lambda v: f"{v / MM:g} mm") if unit == "mm" else (lambda v: f"{v:g} {unit}")
        raise GalleyError(f"{option} must be between {shown(low)} and {shown(high)}, got {shown(value)}")


def parse_job(args) -> GalleyJob:
    """Check and convert the options (ranges in RANGES); GalleyError says what is wrong."""
    try:
        size = parse_length(args.font_size)
        _in_range("--font-size", size)
        job = GalleyJob(parse_page_size(args.page), parse_length(args.margin, em=size),
                        parse_length(args.gutter or DEFAULT_GUTTER, em=size), _columns(args.columns), size,
                        parse_length(args.leading, em=size), parse_em(args.indent, size=size),
                        "vertical-rl" if args.vertical else "horizontal-tb")
    except UnitError as exc:
        raise GalleyError(str(exc)) from exc
    for option, value in (("--margin", job.margin), ("--gutter", job.gutter), ("--indent", job.indent)):
        _in_range(option, value)
    if not size <= job.leading <= 10 * size:
        raise GalleyError(f"--leading must be between the font size and ten times it ({size:g} to {10 * size:g} pt), "
                          f"got {job.leading:g} pt")
    if getattr(args, "gutter", None) is None:
        job = snapped_to_whole_characters(job)
    col = job_measure(job)
    if col < 2 * size:
        raise GalleyError(f"columns would be {col:.1f} pt wide, less than two characters: use fewer --columns, "
                          "a smaller --margin/--gutter or a larger --page")
    return job


def measure_line(job: GalleyJob) -> str:
    """'5 columns of 16 字 (9 pt), gutter 4.76 mm' for the report."""
    what = "tiers" if job.writing_mode != "horizontal-tb" else "columns"
    return f"{job.columns} {what} of {job_measure(job) / job.size:.4g} 字 ({job.size:g} pt), gutter {job.gutter / MM:.2f} mm"


def whole_measure(job: GalleyJob) -> bool:
    """True when each column (tier) of the job is a whole number of 字."""
    from .text.grid import is_whole

    return is_whole(job_measure(job), job.size)


def measure_warning(job: GalleyJob, gutter_given: bool) -> Optional[str]:
    """Why the columns (tiers) are not a whole number of 字 and what makes them whole; None when they are.

    With one column (tier) there is no gutter to adjust, so the advice is the
    --margin that makes the measure whole (clreq's character grid).
    """
    if whole_measure(job):
        return None
    what = "tiers" if job.writing_mode != "horizontal-tb" else "columns"
    head = (f"the {what} are {job_measure(job) / job.size:.2f} 字, not a whole number of characters, so every "
            "justified line is letterspaced a little")
    if job.columns == 1:
        return head + "; " + (whole_margin_advice(job) or "change --page or --font-size")
    if gutter_given:
        return head + "; leave out --gutter to have it adjusted"
    return head + "; no gutter makes them whole: change --margin, --columns or --font-size"


def job_side(job: GalleyJob) -> float:
    """The page side the columns (tiers) divide: the width, or the height in vertical text."""
    return job.page[1] if job.writing_mode != "horizontal-tb" else job.page[0]


def job_measure(job: GalleyJob) -> float:
    """One column's (tier's) measure in points."""
    return (job_side(job) - 2 * job.margin - (job.columns - 1) * job.gutter) / job.columns


def whole_margin_advice(job: GalleyJob) -> str:
    """'a --margin of 15.35mm gives 86 字 (or 14.09mm: 87 字)' for a one-column job; '' when no margin fits."""
    import math

    side = job_side(job)
    zi = job_measure(job) / job.size
    options = []
    for chars in sorted({math.floor(zi), math.ceil(zi)}, key=lambda n: abs(n - zi)):
        margin = (side - chars * job.size) / 2
        if chars >= 2 and 0 <= margin <= RANGES["--margin"][1]:
            options.append(f"{margin / MM:.2f}mm gives {chars} 字")
    return ("a --margin of " + " (or ".join(options) + (")" if len(options) > 1 else "")) if options else ""


def snapped_to_whole_characters(job: GalleyJob) -> GalleyJob:
    """The job with its gutter adjusted so each column is a whole number of 字 (clreq's character grid).

    The nearest whole count whose gutter is closest to the one asked for;
    the job unchanged when the measure is already whole or no gutter works.
    """
    from .text.grid import snap_gutter

    if whole_measure(job):
        return job
    fix = snap_gutter(job_side(job) - 2 * job.margin, job.columns, job.gutter, job.size)
    return replace(job, gutter=fix.gutter) if fix is not None else job


def _columns(value: str) -> int:
    try:
        n = int(value)
    except ValueError:
        raise GalleyError(f"--columns must be a whole number, got {value!r}") from None
    if not 1 <= n <= 40:
        raise GalleyError(f"--columns must be between 1 and 40, got {n}")
    return n


def read_paragraphs(path: str) -> List[Tuple[str, int]]:
    """(paragraph text, 1-based line number) for each non-blank line; GalleyError for unreadable or binary files."""
    try:
        data = textfile.read_limited(path, path)  # a regular file under the size limit: a FIFO never blocks
    except textfile.TextFileError as exc:
        raise GalleyError(str(exc)) from exc
    except OSError as exc:
        raise GalleyError(f"cannot read {path}: {exc.strerror or exc}") from exc
    text = decode_text(data, path)
    out = []
    for n, line in enumerate(text.splitlines(), 1):
        line = line.strip()
        if line:
            out.append((line, n))
    return out


def decode_text(data: bytes, path: str = "<text>") -> str:
    """UTF-8 (with or without BOM) or GB18030 text; GalleyError for binary data."""
    if b"\x00" in data[:65536]:
        raise GalleyError(f"{path} looks like a binary file (it contains NUL bytes); galley needs plain text")
    text = textfile.decode_text(data, path, allow_gb18030=True, error=GalleyError).text
    head = text[:65536]
    controls = len(_BINARY_CONTROLS.findall(head))  # a regex scan: no loop per character, fast when there are none
    if controls > max(8, len(head) // 100):
        raise GalleyError(f"{path} looks like a binary file ({controls} control characters); galley needs plain text")
    return _DROPPED_CONTROLS.sub("", text)


_BINARY_CONTROLS = re.compile("[" + "".join(chr(c) for c in range(32) if chr(c) not in "\n\r\t\f") + "]")  # binary?
_DROPPED_CONTROLS = re.compile("[" + "".join(chr(c) for c in range(32) if chr(c) not in "\n\t") + "]")  # removed


def galley_pages(paragraphs, job: GalleyJob, style, fontset, report: Report, balance: bool = False, source: str = ""):
    """Flow the paragraphs page by page; returns (display Pages, placed lines per page)."""
    from .display import Page
    from .flow import Paragraph, all_placed_runs, flow, frame_chain

    paras = [Paragraph(t, style, Where(source, k + 1, 0, line)) for k, (t, line) in enumerate(paragraphs)]
    pages, placed_per_page = [], []
    start = None
    w, h = job.page
    for p in range(MAX_PAGES):
        frames = frame_chain(w, h, job.margin, job.columns, job.gutter, 1, job.writing_mode, first_page=p)
        page_report = Report()
        result = flow(paras, frames, fontset, report=page_report, balance=balance, start=start, story=source,
                      measure_overset=p == MAX_PAGES - 1)
        report.missing_glyphs += page_report.missing_glyphs
        report.overfull += page_report.overfull
        report.loose_lines += page_report.loose_lines
        report.warnings += page_report.warnings
        page = Page(w, h, number=p + 1, label=str(p + 1), name=f"galley-{p + 1:03d}")
        placed = result.lines
        page.items += all_placed_runs(placed)
        pages.append(page)
        placed_per_page.append(placed)
        if result.leftover is None:
            break
        if not placed:
            report.overset += page_report.overset
            report.errors.append("a line does not fit an empty column: the columns are too small for the type")
            break
        start = result.leftover
    else:
        report.errors.append(f"stopped after {MAX_PAGES} pages")
    return pages, placed_per_page


def run(args) -> int:
    """Run the galley subcommand: read, set, write the PDF, print the report; returns the exit code."""
    t0 = time.perf_counter()
    try:
        job = parse_job(args)
        _check_output(args.text_file, args.output)
        paragraphs = read_paragraphs(args.text_file)
    except GalleyError as exc:
        print(f"error: {exc}", file=sys.stderr)
        return EXIT_USAGE
    if not paragraphs:
        print(f"nothing to set: {args.text_file} has no text (empty or only blank lines); no PDF written", file=sys.stderr)
        return EXIT_PROBLEMS
    from .pipeline import write_galley
    from .text import ParagraphStyle

    fontset = warm_fontset(args.fonts)
    fontset.face(args.font)  # FontError with an install hint when the role has no font
    style = ParagraphStyle(font=args.font, size=job.size, leading=job.leading, indent=job.indent,
                           writing_mode=job.writing_mode, breaker=args.breaker, **styleprops.cli_text_values(args))
    report = Report()
    report.font_substitutions += [f"{fb}. To fix: {fontset.install_hint or 'install a ' + fb.role + ' font'}"
                                  for fb in fontset.role_fallbacks if fb.role == args.font]
    source = os.path.basename(args.text_file)
    with fewer_collections():  # also when run() is called in-process (watch, bench), not from the command line
        pages, placed = galley_pages(paragraphs, job, style, fontset, report, balance=args.balance, source=source)
        write_galley(pages, fontset, args.output, source, date=source_date(args.text_file))
    report.font_substitutions += [f"{fb}. To fix: name a Chinese {args.font} font in the fonts configuration"
                                  for fb in fontset.coverage_fallbacks() if fb.role == args.font]
    _print_report(report, pages, placed, paragraphs, args.output, time.perf_counter() - t0)
    keep_until_exit(pages, placed, paragraphs)  # a one-shot process ends without freeing them
    print(f"  {measure_line(job)}")
    advice = measure_warning(job, gutter_given=args.gutter is not None)
    if advice:
        print(f"  warning: {advice}")
    return EXIT_PROBLEMS if report.failed(args.strict) else EXIT_OK


_WARM: dict = {}  # the font set of the last galley run in this process: (loader, config, its stat) -> FontSet


def source_date(path: str) -> Optional[float]:
    """The galley PDF's date: the text file's modification time (whole seconds), so the same file gives the
    same bytes; None (the writer's SOURCE_DATE_EPOCH) when that is set or the time cannot be read."""
    if os.environ.get("SOURCE_DATE_EPOCH", "").strip().isdigit():
        return None
    try:
        return float(int(os.stat(path).st_mtime))
    except (OSError, ValueError, OverflowError):
        return None


def warm_fontset(config: Optional[str]):
    """``load_fontset(config)``, kept for the next run in this process (watch, batch, bench) while the
    configuration file and every font file loaded from it are unchanged (content hash)."""
    from .fonts import load_fontset
    from .fonts.face import file_hash

    try:
        st = os.stat(config) if config else None
    except OSError:
        st = None
    key = (load_fontset, config, st and (st.st_size, st.st_mtime_ns))
    kept = _WARM.get(key)
    try:
        if kept is not None and all(file_hash(f.path) == f.sha256 for f in kept.faces.values()):
            return kept
    except OSError:
        pass  # a font file went away: load again, which names it
    _WARM.clear()
    fontset = load_fontset(config)
    _WARM[key] = fontset
    return fontset


def _check_output(source: str, output: str) -> None:
    """GalleyError when the output would overwrite the input (same path, symlink or hard link) or is a folder."""
    same = os.path.realpath(source) == os.path.realpath(output)
    try:
        same = same or os.path.samefile(source, output)
    except (OSError, ValueError):
        pass
    if same:
        raise GalleyError(f"-o {output} is the input text file {source}; name a different output file, e.g. proof.pdf")
    if os.path.isdir(output):
        raise GalleyError(f"-o {output} is a folder; name a file, e.g. {os.path.join(output, 'proof.pdf')}")


def _print_report(report: Report, pages, placed, paragraphs, output: str, seconds: float) -> None:
    lines = sum(len(p) for p in placed)
    chars = sum(len("".join(t.split())) for t, _ in paragraphs)  # characters that are not white space
    print(f"galley: {output}: {len(pages)} page(s), {lines} lines, {chars} characters, "
          f"{len(report.overfull)} overfull line(s), {len(report.missing_glyphs)} missing glyph(s) [{seconds:.2f} s]")
    problems = report.problems() + [f"warning: {w}" for w in report.warnings]
    for row in problems[:20]:
        print(f"  {row}")
    if len(problems) > 20:
        print(f"  ... and {len(problems) - 20} more")
    print_loose_lines(report)
