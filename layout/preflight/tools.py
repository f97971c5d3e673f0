"""Checks that run external tools: Ghostscript total ink, qpdf structure.

Total area coverage (TAC) follows the ISOnewspaper26v4 / IFRA26 limit of 240 %
(configurable): every page is rendered by Ghostscript on a CMYK device
(``tiff32nc``) clipped to the BleedBox (``-dUseBleedBox``, so registration
marks outside the bleed do not count as 400 %), and the four channels are
summed per pixel. DeviceCMYK passes through Ghostscript unchanged and
overprint is simulated, so the figure is the ink as authored. Where pixels
are over the limit, the check says where (mm from the trim's top-left) and
which image or placed PDF page covers them, and what to do. A missing tool
makes its check "n/a", never a crash.
"""
from __future__ import annotations

import shutil
import subprocess
import tempfile
from pathlib import Path
from typing import List, Sequence, Tuple

from ..records import record
from ..units import to_mm
from .result import MUST, Check, Limits


def render_cmyk(path: str, dpi: float, out_dir: str, timeout: float, box: str = "bleed") -> List[Path]:
    """Render every page to a CMYK TIFF clipped to its BleedBox (``box`` "trim": its TrimBox); return the
    files in page order."""
    cmd = ["gs", "-q", "-dSAFER", "-dBATCH", "-dNOPAUSE", "-sDEVICE=tiff32nc", f"-r{dpi:g}",
           "-dUseTrimBox" if box == "trim" else "-dUseBleedBox", f"-sOutputFile={out_dir}/p%05d.tif", path]
    proc = subprocess.run(cmd, capture_output=True, text=True, timeout=timeout)
    if proc.returncode != 0:
        raise RuntimeError((proc.stderr or proc.stdout).strip()[:300] or f"gs exit {proc.returncode}")
    return sorted(Path(out_dir).glob("p*.tif"))


def tac_of_tiff(tiff: Path) -> dict:
    """Max, 99.9th percentile and share over 0 % of summed CMYK (percent) for one rendered page."""
    import numpy as np
    from PIL import Image

    with Image.open(tiff) as im:
        if im.mode != "CMYK":
            raise RuntimeError(f"Ghostscript wrote {im.mode}, expected CMYK")
        pixels = np.asarray(im, dtype=np.uint16)
    total = pixels.sum(axis=2, dtype=np.uint32).astype(np.float64) * (100.0 / 255.0)
    return {"max": float(total.max()), "p999": float(np.percentile(total, 99.9)), "pixels": int(total.size),
            "values": total}


Box4 = Tuple[float, float, float, float]


@record(frozen=True)
class PageFrame:
    """A page's BleedBox and TrimBox (PDF user space) and what is placed on it: (label, box) pairs."""

    bleed: Box4
    trim: Box4
    placements: Tuple[Tuple[str, Box4], ...] = ()


def locate(mask, frame: PageFrame, dpi: float) -> str:
    """Where the True pixels of a BleedBox render lie, in mm from the trim's top-left, and what draws them:
    each placed image or page holding some of them (most first, at most three), then the rest as artwork."""
    step = 72.0 / dpi
    rest = mask.copy()
    covering = []
    for label, box in frame.placements:
        rows, cols = _pixel_span(box, frame, step, mask.shape)
        count = int(rest[rows, cols].sum())
        if count:
            covering.append((count, label, rest[rows, cols].copy(), rows, cols))
            rest[rows, cols] = False
    covering.sort(key=lambda c: -c[0])
    parts = []
    for _count, label, sub, rows, cols in covering[:3]:
        parts.append(f"{_where(sub, frame, step, rows.start, cols.start)}, in {label}")
    if rest.any():
        parts.append(f"{_where(rest, frame, step)}" + (", in artwork or text (no image there)" if covering else ""))
    return "; ".join(parts)


def _pixel_span(box: Box4, frame: PageFrame, step: float, shape) -> tuple:
    """(row slice, column slice) of the render's pixels inside a box given in PDF user space."""
    c0 = max(0, int((box[0] - frame.bleed[0]) / step))
    c1 = min(shape[1], int(-(-(box[2] - frame.bleed[0]) // step)))
    r0 = max(0, int((frame.bleed[3] - box[3]) / step))
    r1 = min(shape[0], int(-(-(frame.bleed[3] - box[1]) // step)))
    return slice(r0, max(r0, r1)), slice(c0, max(c0, c1))


def _where(mask, frame: PageFrame, step: float, row0: int = 0, col0: int = 0) -> str:
    """'at A-B mm across, C-D mm down from the trim's top-left' for the True pixels of ``mask`` (its top-left
    pixel at row0, col0 of the render)."""
    import numpy as np

    rows, cols = np.nonzero(mask)
    x0, x1 = frame.bleed[0] + (col0 + cols.min()) * step, frame.bleed[0] + (col0 + cols.max() + 1) * step
    y1, y0 = frame.bleed[3] - (row0 + rows.min()) * step, frame.bleed[3] - (row0 + rows.max() + 1) * step
    across = f"{to_mm(x0 - frame.trim[0]):.0f}-{to_mm(x1 - frame.trim[0]):.0f}"
    down = f"{to_mm(frame.trim[3] - y1):.0f}-{to_mm(frame.trim[3] - y0):.0f}"
    return f"at {across} mm across, {down} mm down from the trim's top-left"


INK_ADVICE = ("lower the ink there: convert the image to the newsprint output profile (render.py does this for "
              "placed photos), ask for an ad separated for newsprint, or use a lighter colour build")


def check_total_ink(path: str, limits: Limits, frames: Sequence[PageFrame] = (), box: str = "bleed") -> Check:
    """Summed CMYK of every rendered pixel must stay within limits.tac_limit (n/a without gs); with the
    pages' ``frames`` a failure says where and in which image or placed page. ``box`` "trim" renders the
    TrimBox (a file without BleedBox: Ghostscript would fall back to the MediaBox and count the crop marks)."""
    if shutil.which("gs") is None:
        return Check("total-ink", None, MUST, "n/a: Ghostscript (gs) not installed")
    pages = []
    try:
        with tempfile.TemporaryDirectory(prefix="preflight-") as tmp:
            for number, tiff in enumerate(render_cmyk(path, limits.dpi, tmp, limits.timeout_s, box), 1):
                stats = tac_of_tiff(tiff)
                mask = stats.pop("values") > limits.tac_limit + 1.0
                over = int(mask.sum())
                pages.append({"page": number, "max": round(stats["max"], 1), "p999": round(stats["p999"], 1),
                              "pixels_over": over})
                if over and number <= len(frames):
                    pages[-1]["where"] = locate(mask, frames[number - 1], limits.dpi)
    except (RuntimeError, subprocess.TimeoutExpired, OSError) as exc:
        return Check("total-ink", False, MUST, f"Ghostscript could not render the file: {exc}")
    if not pages:
        return Check("total-ink", False, MUST, "Ghostscript rendered no pages")
    worst = max(pages, key=lambda p: p["max"])
    ok = worst["max"] <= limits.tac_limit + 1.0  # 1 % covers 8-bit rounding of four channels
    details = (f"max {worst['max']:.0f} % on page {worst['page']} (limit {limits.tac_limit:g} %, "
               f"{limits.dpi:g} dpi)")
    if not ok:
        details += f"; {worst['pixels_over']} pixel(s) over the limit"
        if worst.get("where"):
            details += f" {worst['where']}"
        details += f"; {INK_ADVICE}"
    return Check("total-ink", ok, MUST, details, {"max": worst["max"], "pages": pages, "limit": limits.tac_limit})


def check_qpdf(path: str, limits: Limits) -> Check:
    """`qpdf --check` must report no syntax or stream errors and no warnings (n/a without qpdf)."""
    exe = shutil.which("qpdf")
    if exe is None:
        return Check("qpdf-check", None, MUST, "n/a: qpdf not installed")
    try:
        proc = subprocess.run([exe, "--check", path], capture_output=True, text=True, timeout=limits.timeout_s)
    except subprocess.TimeoutExpired:
        return Check("qpdf-check", False, MUST, "qpdf timed out")
    ok = proc.returncode == 0 and "No syntax or stream encoding errors" in proc.stdout
    first = next((l for l in (proc.stderr + proc.stdout).splitlines() if "error" in l.lower() or "warn" in l.lower()), "")
    details = "no syntax or stream encoding errors" if ok else f"qpdf exit {proc.returncode}: {first[:200]}"
    return Check("qpdf-check", ok, MUST, details)
