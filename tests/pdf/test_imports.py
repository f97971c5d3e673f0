"""What loading the writer loads: reportlab without HarfBuzz and with Pillow's Image module deferred; both work afterwards."""
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


PIL_PROBE = """
import sys
import layout.pdf.writer
print("PIL.ExifTags" in sys.modules)  # loaded by PIL.Image itself: not yet
from PIL import Image
from reportlab.lib.utils import ImageReader
im = Image.new("CMYK", (3, 2), (0, 0, 0, 255))
print(isinstance(im, Image.Image), ImageReader(im).getSize() == (3, 2), "PIL.ExifTags" in sys.modules)
"""


def test_pillow_image_loads_on_first_use_and_reportlab_reads_images():
    out = subprocess.run([sys.executable, "-c", PIL_PROBE], cwd=ROOT, capture_output=True, text=True, check=True).stdout.split()
    assert out == ["False", "True", "True", "True"]
