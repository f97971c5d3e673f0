"""Run `render.py` as a user would (a subprocess) and read its PDFs back with pdfcheck."""
from __future__ import annotations

import shutil
import subprocess
import sys
from pathlib import Path

from tests.qa import pdfcheck as P

ROOT = Path(__file__).resolve().parents[2]
QA_SAMPLES = ROOT / "samples" / "qa"
FONTS = ROOT / "tests" / "qa" / "data" / "fonts.yaml"
SAMPLE_ISSUE = ROOT / "samples" / "issue-2018-04-28"
TEMPLATES = ROOT / "templates"
SIZE, LEADING, MARGIN_MM = 9.0, 14.0, 10.0


def render(*args, cwd=None):
    """`python render.py ARGS`; returns the CompletedProcess (text mode)."""
    return subprocess.run([sys.executable, str(ROOT / "render.py"), *map(str, args)], capture_output=True,
                          text=True, cwd=cwd or ROOT, timeout=120)


def galley_file(src: Path, out: Path, *opts, page="A3", columns=5, vertical=False):
    """Run galley on a file with the QA fonts; returns (process, lines read from the PDF, column geometry)."""
    r = render("galley", src, "-o", out, "--fonts", FONTS, "--page", page, "--columns", columns,
               "--margin", "15mm", "--gutter", "4mm", "--font-size", f"{SIZE}pt", "--leading", f"{LEADING}pt",
               *opts, *(["--vertical"] if vertical else []))
    if r.returncode not in (0, 1) or not out.exists():
        return r, None, None
    pages, sizes = P.read_pages(out)
    w, h = sizes[0]
    margin, gutter = 15 * P.MM, 4 * P.MM
    geo = P.columns_geometry(w, h, margin, columns, gutter, vertical)
    lines = (P.vertical_lines(pages, geo, gutter, w, h, margin, LEADING, SIZE) if vertical
             else P.horizontal_lines(pages, geo, gutter))
    return r, lines, geo


def galley_measure(tmp_path: Path, text: str, em: float, *opts, vertical=False):
    """Set TEXT in one column EM body characters long (9 pt); returns (process, lines, pdf chars of page 1)."""
    src = tmp_path / "t.txt"
    src.write_text(text, encoding="utf-8")
    out = tmp_path / "t.pdf"
    extent = f"{em * SIZE / P.MM + 2 * MARGIN_MM:.4f}"
    page = f"{extent}x150mm" if not vertical else f"150x{extent}mm"
    r = render("galley", src, "-o", out, "--fonts", FONTS, "--page", page, "--margin", f"{MARGIN_MM}mm",
               "--columns", "1", "--font-size", f"{SIZE}pt", "--leading", f"{LEADING}pt", *opts,
               *(["--vertical"] if vertical else []))
    assert r.returncode in (0, 1) and "Traceback" not in r.stderr, r.stderr
    pages, sizes = P.read_pages(out)
    w, h = sizes[0]
    margin = MARGIN_MM * P.MM
    geo = P.columns_geometry(w, h, margin, 1, 0, vertical)
    lines = (P.vertical_lines(pages, geo, 0, w, h, margin, LEADING, SIZE) if vertical
             else P.horizontal_lines(pages, geo, 0))
    return r, lines, pages[0]


def copy_issue(tmp_path: Path) -> Path:
    """A private copy of the bundled sample issue and templates; returns the issue.yaml path."""
    shutil.copytree(SAMPLE_ISSUE, tmp_path / "issue")
    shutil.copytree(TEMPLATES, tmp_path / "templates")
    issue = tmp_path / "issue" / "issue.yaml"
    text = issue.read_text(encoding="utf-8")
    issue.write_text(text.replace("templates: ../../templates", "templates: ../templates"), encoding="utf-8")
    return issue


def replace_in(path: Path, old: str, new: str) -> None:
    """Edit a copied file; fails loudly when the bundled file no longer has OLD."""
    text = path.read_text(encoding="utf-8")
    assert old in text, f"{path.name} no longer contains {old!r}: update the QA mutation"
    path.write_text(text.replace(old, new, 1), encoding="utf-8")
