"""``render.py fit ISSUE``: copyfit numbers per page and text block, from a compose only (no PDF).

Issue "page makeup for the production desk": a desk fitting copy needs, per
block, how many characters it holds at its style and how many the article
has, as 飞腾 shows them: "还差 N 字" (room left: the block would show empty
lines) or "超出 N 字" (overset). The numbers come from the composer's
per-region records (``report.RegionRecord``): capacity is the block's body
lines after its headline, 接题 and jump lines, times whole characters per
line at the body style; 还差 counts the empty lines' characters after level
feet (齐栏), 超出 the overset characters flow measured. A part that goes on
in a later block reads 转下版. The same table (with lines set, copyfit,
glyphs, substitutions and images) is printed by ``render.py issue``.
"""
from __future__ import annotations

import argparse
import sys
import time
import unicodedata
from pathlib import Path
from typing import Iterable, List, Sequence

from .report import RegionRecord, Report

FIT_COLUMNS = ("region", "article", "capacity", "length", "fit")
PAGE_COLUMNS = ("region", "article", "lines", "overset", "underset", "copyfit", "glyphs", "subst.", "image")


def width(text: str) -> int:
    """Terminal columns of ``text``: wide (CJK) characters count two."""
    return sum(2 if unicodedata.east_asian_width(c) in "WF" else 1 for c in text)


def table(header: Sequence[str], rows: Iterable[Sequence[str]], indent: str = "  ") -> List[str]:
    """Rows as aligned text lines (columns padded by display width), the header first."""
    rows = [list(header)] + [list(r) for r in rows]
    widths = [max(width(r[i]) for r in rows) for i in range(len(header))]
    return [indent + "  ".join(c + " " * (w - width(c)) for c, w in zip(r, widths)).rstrip() for r in rows]


def fit_row(rec: RegionRecord) -> List[str]:
    """One block's copyfit numbers in lines and 字, self-consistent: capacity 行 = lines needed + 还差 行 (or − 超出 行).

    The length column gives the article's characters and the lines they need
    here (set + overset); 还差 N 字 is the empty lines times the characters a
    line holds, so it can differ from capacity 字 − length 字 by the room
    left at paragraph ends (a short last line is a whole line used).
    """
    part = f" ({rec.part + 1})" if rec.part else ""
    needed = rec.lines + rec.overset_lines
    length = f"{rec.length} 字 / {needed} 行" + (" here" if rec.continues and not rec.overset_chars else "")
    return [rec.region, rec.article + part, f"{rec.capacity_chars} 字 / {rec.capacity_lines} 行", length, fit_verdict(rec)]


def fit_verdict(rec: RegionRecord) -> str:
    """还差 N 字（M 行 empty）, else the record's own verdict (超出, 正好, 转下版)."""
    if rec.balance > 0:
        return f"还差 {rec.underset_chars} 字（{rec.underset_lines} 行 empty）"
    return rec.verdict


FIT_NOTE = ("还差 N 字 = empty lines × characters per line; it differs from capacity 字 − length 字 by the room "
            "left at paragraph ends")


def page_row(rec: RegionRecord) -> List[str]:
    """One region of the render report's page table."""
    if rec.image:
        return [rec.region, "", "", "", "", "", _count(rec.missing_glyphs), _count(rec.substitutions),
                f"{rec.image} {rec.ppi:.0f} ppi" if rec.ppi else f"{rec.image} (missing or vector)"]
    over = f"{rec.overset_chars} 字" if rec.overset_chars else "-"
    under = f"{rec.underset_lines} 行 {rec.underset_chars} 字" if rec.underset_lines else "-"
    return [rec.region, rec.article, str(rec.lines), over, under, rec.copyfit or "-",
            _count(rec.missing_glyphs), _count(rec.substitutions), ""]


def _count(n: int) -> str:
    return str(n) if n else "-"


def page_tables(records: Sequence[RegionRecord], fit: bool = False) -> List[str]:
    """Per page a title line and a table of its regions (fit numbers, or the render report's columns)."""
    lines: List[str] = []
    for page in sorted({r.page for r in records}):
        recs = [r for r in records if r.page == page and (r.article or not fit)]
        if not recs:
            continue
        lines.append(f"page {page}:")
        lines += table(FIT_COLUMNS if fit else PAGE_COLUMNS, [fit_row(r) if fit else page_row(r) for r in recs])
    return lines


def add_arguments(parser: argparse.ArgumentParser) -> None:
    """Options of ``render.py fit``."""
    parser.add_argument("path", help="issue.yaml whose text blocks to measure")
    parser.add_argument("--fonts", metavar="FONTS_YAML", help="font configuration (default: fonts/fonts.yaml)")
    parser.add_argument("--strict", action="store_true", help="exit 1 unless every block is 正好 (or continues)")


def run(args: argparse.Namespace) -> int:
    """Compose the issue (no PDF) and print its copyfit table; 0 when done, 1 on errors (or misfits with --strict)."""
    from .issue import _print_diagnostics
    from .model.template import display_path
    from .pipeline import Engine

    path = Path(args.path)
    if not path.is_file():
        what = " (it is a folder)" if path.is_dir() else " (it is not a regular file)" if path.exists() else ""
        print(f"error: no issue file {display_path(path)}{what}; give the path of an issue.yaml", file=sys.stderr)
        return 2
    started = time.perf_counter()
    engine = Engine(getattr(args, "fonts", None))
    issue, diagnostics = engine.read_issue(path)
    _print_diagnostics(diagnostics)
    if issue is None or any(d.severity == "error" for d in diagnostics):
        print(f"{display_path(path)}: errors above; nothing measured", file=sys.stderr)
        return 1
    report = Report()
    engine.compose(issue, report)
    return _print_fit(report, time.perf_counter() - started, bool(getattr(args, "strict", False)))


def _print_fit(report: Report, seconds: float, strict: bool) -> int:
    """The fit tables, the blocks that do not fit, stale continuations and errors; the exit code."""
    for line in page_tables(report.regions, fit=True):
        print(line)
    if any(r.article and r.balance > 0 for r in report.regions):
        print(FIT_NOTE)
    misfits = [r for r in report.regions if r.article and r.balance]
    for line in report.errors + [f"stale continuation: {x}" for x in report.stale_jumps]:
        print(line)
    print(f"{len(misfits)} block(s) not fitting, measured in {seconds:.2f} s" if misfits
          else f"every block fits, measured in {seconds:.2f} s")
    if report.errors or strict and (misfits or report.stale_jumps):
        return 1
    return 0
