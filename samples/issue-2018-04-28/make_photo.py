"""Generate the neutral stand-in for the lost photo of the sample issue (deterministic).

The original photo of the 2018-04-28 front page (credit 刘粟摄) is not
available; this script draws a plain grayscale picture, labelled in
Chinese as a stand-in (替代图片：原照片已遗失, in the project's 黑体), at
1600 x 1000 pixels: 240 ppi or more at the placed size (at most 169 mm
wide in the front-page template). Run it from anywhere:
``python samples/issue-2018-04-28/make_photo.py``.
"""
import sys
from pathlib import Path

from PIL import Image, ImageDraw, ImageFont

SIZE = (1600, 1000)
LABEL = "替代图片：原照片已遗失"
OUT = Path(__file__).resolve().parent / "photo-labour-day.png"


def draw_background(img: Image.Image) -> None:
    """A soft vertical gradient from light to mid gray."""
    w, h = img.size
    draw = ImageDraw.Draw(img)
    for y in range(h):
        draw.line([(0, y), (w, y)], fill=215 - (90 * y) // h)


def draw_shapes(img: Image.Image) -> None:
    """Neutral geometric forms: a stage band and rows of discs (an audience, abstracted)."""
    w, h = img.size
    draw = ImageDraw.Draw(img)
    draw.rectangle([0, int(h * 0.18), w, int(h * 0.42)], fill=160)
    for row in range(4):
        y = int(h * (0.55 + 0.11 * row))
        r = 34 + 6 * row
        for i in range(14):
            x = int((i + 0.5 + 0.5 * (row % 2)) * w / 14.5)
            draw.ellipse([x - r, y - r, x + r, y + r], fill=100 - 12 * row)


def label_font(size: int):
    """The project's 黑体 face (fonts/fonts.yaml, role hei) at ``size`` px: the label is Chinese."""
    sys.path.insert(0, str(Path(__file__).resolve().parents[2]))
    from layout.fonts import load_fontset

    source = load_fontset(None).roles["hei"]["regular"][0]
    return ImageFont.truetype(source.path, size, index=source.index or 0)


def draw_label(img: Image.Image) -> None:
    """The stand-in label, centred in a white band."""
    w, h = img.size
    draw = ImageDraw.Draw(img)
    font = label_font(72)
    left, top, right, bottom = draw.textbbox((0, 0), LABEL, font=font)
    tw, th = right - left, bottom - top
    x, y = (w - tw) // 2, int(h * 0.30) - th // 2
    draw.rectangle([x - 30, y - 24, x + tw + 30, y + th + 34], fill=250, outline=40, width=4)
    draw.text((x - left, y - top), LABEL, fill=20, font=font)


def make_photo(path: Path = OUT) -> Path:
    """Write the stand-in photo (mode L, PNG) and return its path."""
    img = Image.new("L", SIZE, 200)
    draw_background(img)
    draw_shapes(img)
    draw_label(img)
    img.save(path, format="PNG", optimize=False)
    return path


if __name__ == "__main__":
    print(make_photo())
