"""Line quality side by side with Typst (issue 10): not a timed test.

The same texts (samples/qa/*.txt, samples/*.txt), the same font file (the
song role of fonts/fonts.yaml, Noto Serif SC), 9 pt, a 2 em first-line
indent, justified, in one column exactly 10, 12 and 14 字 wide. Our PDF comes
from ``render.py galley``; Typst's from the ``typst`` package (PyPI) with
``#set text(lang: "zh")`` and ``par(justify: true)``. Both PDFs are measured
by the SAME reader (tests/text/readback.py, pdfplumber glyph positions):

* loose lines per 1,000 justified non-final lines (median Han–Han gap > 0.2 em),
* worst and mean added gap (em) over those lines,
* kinsoku violations (clreq basic level; ——/…… split),
* overfull lines: ink more than 0.05 em past the column (a line the gap
  measure cannot see; Typst lets an unbreakable address run into the margin),
* the widest gap between any two glyphs of a justified line (a line with a
  single Han character spread to the measure has no Han pair to measure),
* short lines: a justified non-final line ending more than ½ em before the
  column's edge (left ragged instead of spread),
* chars/s: our in-process break-and-justify (set_paragraph); Typst's whole
  compile (parse, layout and PDF, so not the same work: shown for scale only).

Target (issue 10): at most half Typst's loose lines, a worst line no looser
than Typst's, no kinsoku violation, >= 300,000 chars/s; and none of our lines overfull.

Usage: python3 bench/bench_linequality.py [--zi 10 12 14] [--keep DIR] [--show] [--texts FILE ...]
"""
from __future__ import annotations

import argparse
import json
import os
import subprocess
import sys
import tempfile
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT))

from tests.text.readback import quality  # noqa: E402  (the shared, independent reader)

SIZE = 9.0  # pt
MARGIN = 20.0  # pt on every side of the column
PAGE_HEIGHT = 6000.0  # pt: every text on one page (a page break re-sets the rest of a paragraph in our flow)
MM = 72.0 / 25.4


def texts(files=None):
    """The corpus as (name, paragraphs): ``files``, else the QA texts and the sample body text."""
    if not files:
        files = sorted(p for p in (ROOT / "samples" / "qa").glob("*.txt")) + sorted((ROOT / "samples").glob("*.txt"))
    files = [Path(f) for f in files]
    out = []
    for f in files:
        paras = [ln.strip() for ln in f.read_text(encoding="utf-8-sig").splitlines() if ln.strip()]
        if paras:
            out.append((f.name, paras))
    return out


def font_file() -> str:
    """Path of the song role's regular face (the font both engines use)."""
    from layout.fonts import load_fontset

    return load_fontset().face("song", "regular").path


def ours(paras, zi: int, folder: str, name: str) -> str:
    """Our PDF of the paragraphs in a column ``zi`` 字 wide (render.py galley)."""
    src = os.path.join(folder, f"{name}-{zi}.txt")
    Path(src).write_text("\n".join(paras) + "\n", encoding="utf-8")
    out = os.path.join(folder, f"{name}-{zi}-ours.pdf")
    width = zi * SIZE + 2 * MARGIN
    page = f"{width / MM:.6f}x{PAGE_HEIGHT / MM:.6f}mm"
    cmd = [sys.executable, str(ROOT / "render.py"), "galley", src, "-o", out, "--page", page,
           "--margin", f"{MARGIN / MM:.6f}mm", "--columns", "1", "--font-size", f"{SIZE}pt", "--leading", "14pt",
           "--indent", "2em", "--font", "song"]
    proc = subprocess.run(cmd, capture_output=True, text=True)
    if proc.returncode not in (0, 1):
        raise SystemExit(f"galley failed: {proc.stderr}")
    return out


def typst_source(paras, zi: int, family: str) -> str:
    """A .typ document setting the paragraphs in one justified column ``zi`` 字 wide."""
    body = "\n\n".join("#" + json.dumps(p, ensure_ascii=False) for p in paras)
    return (f"#set page(width: {zi * SIZE + 2 * MARGIN}pt, height: {PAGE_HEIGHT}pt, margin: {MARGIN}pt)\n"
            f"#set text(font: \"{family}\", size: {SIZE}pt, lang: \"zh\", region: \"cn\")\n"
            "#set par(justify: true, first-line-indent: (amount: 2em, all: true), leading: 5pt, spacing: 5pt)\n\n"
            + body + "\n")


def theirs(paras, zi: int, folder: str, name: str, font: str):
    """Typst's PDF of the same paragraphs and its compile time in seconds."""
    import typst

    src = os.path.join(folder, f"{name}-{zi}.typ")
    Path(src).write_text(typst_source(paras, zi, "Noto Serif SC"), encoding="utf-8")
    out = os.path.join(folder, f"{name}-{zi}-typst.pdf")
    t0 = time.perf_counter()
    typst.compile(src, output=out, font_paths=[os.path.dirname(font)], ignore_system_fonts=True)
    return out, time.perf_counter() - t0


def our_speed(corpus, zi: int) -> float:
    """In-process break-and-justify chars/s of set_paragraph over the corpus (best of 5, CPU time)."""
    from layout.fonts import load_fontset
    from layout.text import ParagraphStyle, set_paragraph

    fontset = load_fontset()
    style = ParagraphStyle(size=SIZE, leading=14, indent=2)
    paras = [p for _n, ps in corpus for p in ps] * 5
    set_paragraph(paras[0], style, fontset, zi * SIZE)
    best = float("inf")
    for _ in range(5):
        t0 = time.process_time()
        for p in paras:
            set_paragraph(p, style, fontset, zi * SIZE)
        best = min(best, time.process_time() - t0)
    return sum(map(len, paras)) / best


def merge(results):
    """One figure set over several documents: summed counts, worst of worsts, mean over all lines."""
    lines = sum(q.lines for q in results)
    loose = sum(q.loose for q in results)
    gaps = [g for q in results for g in q.gaps]
    return {"lines": lines, "loose": loose, "per1000": 1000.0 * loose / lines if lines else 0.0,
            "worst": max(gaps, default=0.0), "mean": sum(gaps) / len(gaps) if gaps else 0.0,
            "kinsoku": [v for q in results for v in q.kinsoku], "loose_lines": [v for q in results for v in q.loose_lines],
            "overfull": [v for q in results for v in q.overfull],
            "short": [v for q in results for v in q.short],
            "widest": max(results, key=lambda q: q.widest).widest_line if results else ""}


def main() -> None:
    """Set the corpus with both engines at each measure and print the comparison."""
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument("--zi", type=int, nargs="+", default=[10, 12, 14], help="column widths in 字")
    ap.add_argument("--keep", metavar="DIR", help="keep the PDFs in this folder")
    ap.add_argument("--show", action="store_true", help="list loose and overfull lines and kinsoku violations")
    ap.add_argument("--texts", nargs="+", metavar="FILE", help="other texts (one paragraph per line), e.g. "
                    "samples/issue-2018-04-28/*.txt samples/stress/*.txt")
    a = ap.parse_args()
    from layout import compiled
    print(f"text modules: {compiled.state} (layout/compiled.py)")
    corpus = texts(a.texts)
    font = font_file()
    folder = a.keep or tempfile.mkdtemp(prefix="linequality-")
    os.makedirs(folder, exist_ok=True)
    chars = sum(len(p) for _n, ps in corpus for p in ps)
    print(f"corpus: {len(corpus)} texts, {chars} characters; font {os.path.basename(font)}, {SIZE:g} pt")
    print(f"{'字':>3} {'engine':7} {'lines':>6} {'loose':>6} {'/1000':>7} {'worst em':>9} {'mean em':>8} "
          f"{'kinsoku':>8} {'overfull':>8} {'short':>6} {'chars/s':>10}")
    ok = True
    for zi in a.zi:
        mine, typ, t_typst = [], [], 0.0
        for name, paras in corpus:
            mine.append(quality(ours(paras, zi, folder, name), MARGIN, SIZE))
            pdf, secs = theirs(paras, zi, folder, name, font)
            t_typst += secs
            typ.append(quality(pdf, MARGIN, SIZE))
        m, t = merge(mine), merge(typ)
        speed = our_speed(corpus, zi)
        for label, r, cps in (("ours", m, speed), ("typst", t, chars / t_typst)):
            print(f"{zi:>3} {label:7} {r['lines']:>6} {r['loose']:>6} {r['per1000']:>7.1f} {r['worst']:>+9.3f} "
                  f"{r['mean']:>+8.4f} {len(r['kinsoku']):>8} {len(r['overfull']):>8} {len(r['short']):>6} {cps:>10,.0f}")
            if a.show:
                for v in r["kinsoku"]:
                    print(f"      kinsoku: {v}")
                for v in r["loose_lines"]:
                    print(f"      loose: {v}")
                for v in r["overfull"]:
                    print(f"      overfull: {v}")
                for v in r["short"]:
                    print(f"      short: {v}")
            print(f"      widest gap: {r['widest']}")
        ok &= m["per1000"] <= t["per1000"] / 2 + 1e-9 and m["worst"] <= t["worst"] + 1e-6 and not m["kinsoku"] \
            and not m["overfull"] and speed >= 300_000
    print("target met" if ok else "target NOT met", f"(PDFs in {folder})" if a.keep else "")


if __name__ == "__main__":
    main()
