"""What loading the writer loads: reportlab's canvas without HarfBuzz, which stays importable afterwards."""
import subprocess
import sys
from pathlib import Path

ROOT = Path(__file__).resolve().parents[2]

PROBE = """
import sys
import layout.pdf.writer
import reportlab.pdfbase.ttfonts as ttfonts
print("loaded" if "uharfbuzz" in sys.modules else "absent", ttfonts.uharfbuzz is None)
import uharfbuzz
print(uharfbuzz.Buffer.__name__)
"""


def test_writer_leaves_harfbuzz_unloaded_and_importable():
    out = subprocess.run([sys.executable, "-c", PROBE], cwd=ROOT, capture_output=True, text=True, check=True).stdout.split()
    assert out == ["absent", "True", "Buffer"]


def test_harfbuzz_loaded_first_is_left_alone():
    probe = "import uharfbuzz\n" + PROBE
    out = subprocess.run([sys.executable, "-c", probe], cwd=ROOT, capture_output=True, text=True, check=True).stdout.split()
    assert out == ["loaded", "False", "Buffer"]
