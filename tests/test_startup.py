"""Start-up stays lean: what the galley and help commands import (structural, not timed).

The speed budget itself is in bench/bench_startup.py; these tests only pin
that a command does not load libraries it never uses: pikepdf (placing PDF
pages, assembling issues, preflight), numpy, the XML and URL stacks, the
issue model (templates, articles: about 40 ms of imports). PIL is
not listed: reportlab's own utils module imports it whenever its canvas is.
"""
import json
import subprocess
import sys
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
SEED = ROOT / "samples" / "seed-body.txt"
NOT_ON_GALLEY = ("pikepdf", "numpy", "xml.sax", "urllib.request", "dask", "pypdf", "pdfplumber",
                 "layout.issue", "layout.model.content", "layout.model.template")  # the issue model stack
NOT_ON_HELP = NOT_ON_GALLEY + ("yaml", "reportlab", "PIL", "layout.pdf.writer", "layout.preflight", "layout.batch")

PROBE = """
import json, sys
sys.path.insert(0, {root!r})
from layout.cli import main
try:
    code = main({argv!r})
except SystemExit as exc:
    code = exc.code
print(json.dumps({{"code": code, "modules": sorted(sys.modules)}}))
"""


def _modules_after(argv, tmp_path):
    """Run render.py's main with ``argv`` in a fresh interpreter; return (exit code, loaded module names)."""
    script = PROBE.format(root=str(ROOT), argv=argv)
    done = subprocess.run([sys.executable, "-c", script], capture_output=True, text=True, cwd=tmp_path, timeout=120)
    assert done.stdout.strip(), done.stderr
    result = json.loads(done.stdout.strip().splitlines()[-1])
    return result["code"], set(result["modules"])


def test_galley_imports_no_unused_library(tmp_path, fonts_config):
    out = tmp_path / "g.pdf"
    code, modules = _modules_after(["galley", str(SEED), "-o", str(out), "--fonts", fonts_config], tmp_path)
    assert code == 0 and out.stat().st_size > 1000
    assert "reportlab.pdfgen.canvas" in modules  # the probe really wrote through the PDF stack
    assert sorted(m for m in NOT_ON_GALLEY if m in modules) == []


def test_help_imports_no_subcommand_stack(tmp_path):
    code, modules = _modules_after(["--help"], tmp_path)
    assert code == 0
    assert sorted(m for m in NOT_ON_HELP if m in modules) == []
