"""Checks that run external tools: Ghostscript total ink, qpdf structure.

Total area coverage (TAC) follows the ISOnewspaper26v4 / IFRA26 limit of 240 %
(configurable): every page is rendered by Ghostscript on a CMYK device
(``tiff32nc``) clipped to the BleedBox (``-dUseBleedBox``, so registration
marks outside the bleed do not count as 400 %), and the four channels are
summed per pixel. DeviceCMYK passes through Ghostscript unchanged and
overprint is simulated, so the figure is the ink as authored. A missing tool
makes its check "n/a", never a crash.
"""
from __future__ import annotations

import shutil
import subprocess
import tempfile
from pathlib import Path
from typing import List

from .result import MUST, Check, Limits


def render_cmyk(path: str, dpi: float, out_dir: str, timeout: float) -> List[Path]:
    """Render every page to a CMYK TIFF clipped to the BleedBox; return the files in page order."""
    cmd = ["gs", "-q", "-dSAFER", "-dBATCH", "-dNOPAUSE", "-sDEVICE=tiff32nc", f"-r{dpi:g}",
           "-dUseBleedBox", f"-sOutputFile={out_dir}/p%05d.tif", path]
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


def check_total_ink(path: str, limits: Limits) -> Check:
    """Summed CMYK of every rendered pixel must stay within limits.tac_limit (n/a without gs)."""
    if shutil.which("gs") is None:
        return Check("total-ink", None, MUST, "n/a: Ghostscript (gs) not installed")
    pages = []
    try:
        with tempfile.TemporaryDirectory(prefix="preflight-") as tmp:
            for number, tiff in enumerate(render_cmyk(path, limits.dpi, tmp, limits.timeout_s), 1):
                stats = tac_of_tiff(tiff)
                over = int((stats.pop("values") > limits.tac_limit + 1.0).sum())
                pages.append({"page": number, "max": round(stats["max"], 1), "p999": round(stats["p999"], 1),
                              "pixels_over": over})
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
