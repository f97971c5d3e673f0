"""``render.py preview --guides``: guide pixels at coordinates computed from the template, markers, placeholder text."""
from __future__ import annotations

import re
from pathlib import Path

import pytest
from PIL import Image

from layout.cli import main
from layout.model.template import load_template
from layout.preview.guides import INK
from layout.units import MM

DPI = 100
SCALE = DPI / 72.0
BLEED = 3 * MM  # templates/base.yaml: page.bleed 3mm; without marks the picture is the bleed box


def rgb(name):
    return INK[name][0][:3]


def near(pixel, colour, tolerance=40):
    return all(abs(a - b) <= tolerance for a, b in zip(pixel[:3], colour))


def px(value_pt: float) -> int:
    """A trim coordinate in points as a pixel index of the bleed-box picture."""
    return int((value_pt + BLEED) * SCALE + 0.5)


@pytest.fixture(scope="module")
def previews(tmp_path_factory, sample_fonts):
    """The sample's page 1 previewed with and without guides."""
    out = tmp_path_factory.mktemp("preview")
    sample = Path(__file__).resolve().parents[2] / "samples" / "issue-2018-04-28" / "issue.yaml"
    assert main(["preview", str(sample), "-o", str(out / "guides"), "--pages", "1", "--guides", "--fonts", sample_fonts]) == 0
    assert main(["preview", str(sample), "-o", str(out / "plain"), "--pages", "1", "--fonts", sample_fonts]) == 0
    return out


def test_preview_writes_one_png_per_page_at_the_asked_resolution(previews):
    pngs = sorted((previews / "plain").glob("*.png"))
    assert [p.name for p in pngs] == ["20180428-01.png"]  # --pages 1
    template = load_template(Path(__file__).resolve().parents[2] / "templates" / "front.yaml")
    width = (template.page.width + 2 * BLEED) * SCALE
    with Image.open(pngs[0]) as im:
        assert abs(im.size[0] - width) <= 1


def test_column_edge_pixel_is_violet_only_with_guides(previews):
    template = load_template(Path(__file__).resolve().parents[2] / "templates" / "front.yaml")
    lead = template.region("lead")
    x = px(template.grid.column_x(2))  # column 2's left edge: no region edge there
    y = px(lead.box.y + lead.box.h / 2)
    with Image.open(previews / "guides" / "20180428-01.png") as g, Image.open(previews / "plain" / "20180428-01.png") as p:
        guided = [g.getpixel((x + dx, y)) for dx in (-1, 0, 1)]
        plain = [p.getpixel((x + dx, y)) for dx in (-1, 0, 1)]
    assert any(near(c, rgb("column"), 10) for c in guided), guided
    assert not any(near(c, rgb("column"), 60) for c in plain), plain


def test_region_label_is_drawn_at_the_region_corner(previews):
    template = load_template(Path(__file__).resolve().parents[2] / "templates" / "front.yaml")
    box = template.region("second").box
    x0, y0 = px(box.x) + 2, px(box.y) + 2
    with Image.open(previews / "guides" / "20180428-01.png") as im:
        tag = [im.getpixel((x0 + dx, y0 + dy)) for dx in range(0, 60) for dy in range(0, 10)]
    blue = sum(near(c, rgb("label"), 30) for c in tag)
    white = sum(all(v > 200 for v in c[:3]) for c in tag)
    assert blue > len(tag) // 3, "no label tag at the region's top-left corner"
    assert white > 10, "the label tag has no text on it"


def test_overset_is_marked_red_with_the_character_count(sample_copy, sample_fonts, tmp_path, capsys):
    story = sample_copy.parent / "labour-day.txt"
    story.write_text(story.read_text(encoding="utf-8") + "加长的段落用来制造超出的文字。" * 40 + "\n", encoding="utf-8")
    out = tmp_path / "out"
    assert main(["preview", str(sample_copy), "-o", str(out), "--pages", "1", "--guides", "--fonts", sample_fonts]) == 0
    line = capsys.readouterr().out
    assert re.search(r"overset: (\S+ 超出 \d+ 字, )*labour-day 超出 \d+ 字", line), line
    template = load_template(sample_copy.parents[2] / "templates" / "front.yaml")
    box = template.region("second").box
    with Image.open(out / "20180428-01.png") as im:
        corner = [im.getpixel((px(box.right) - dx, px(box.bottom) - dy)) for dx in range(4, 40) for dy in range(4, 10)]
    assert sum(near(c, rgb("overset"), 30) for c in corner) > len(corner) // 3


def test_underset_counts_the_empty_lines_of_a_short_story(sample_copy, sample_fonts, tmp_path, capsys):
    """A 1-column region 10 lines deep holding 3 full lines: 7 lines of 12 characters are missing."""
    templates = sample_copy.parents[2] / "templates"
    (templates / "mini.yaml").write_text(
        "extends: base\nregions:\n  story:\n    kind: article\n    column: 1\n    span: 1\n    top: 0\n"
        "    height: 10 lines\n    body_style: body\n    headline: {placement: none}\n", encoding="utf-8")
    (sample_copy.parent / "short.txt").write_text("---\n" + "石" * 34 + "\n", encoding="utf-8")  # 10 + 12 + 12 (2em indent)
    (sample_copy.parent / "mini.yaml").write_text(
        "paper: {name: 石景山报, date: '2018-04-28', number: 36}\ntemplates: ../../templates\n"
        "pages:\n  - number: 1\n    template: mini\n    slots:\n      story: short.txt\n", encoding="utf-8")
    out = tmp_path / "out"
    assert main(["preview", str(sample_copy.parent / "mini.yaml"), "-o", str(out), "--guides", "--fonts", sample_fonts]) == 0
    assert "underset: short 还差 84 字" in capsys.readouterr().out


def test_a_template_alone_is_previewed_with_placeholder_text(sample_fonts, tmp_path, capsys):
    template = Path(__file__).resolve().parents[2] / "templates" / "inner.yaml"
    rc = main(["preview", str(template), "-o", str(tmp_path), "--guides", "--as-page", "2", "--fonts", sample_fonts])
    out = capsys.readouterr().out
    assert rc == 0, out
    assert "placeholder text" in out
    import pdfplumber

    with pdfplumber.open(tmp_path / "preview-02.pdf") as pdf:
        text = pdf.pages[0].extract_text()
    assert "灰文占位文字" in text and "主题占位" in text
    assert (tmp_path / "preview-02.png").stat().st_size > 10_000


def test_an_abstract_template_is_an_error_with_its_place(tmp_path, capsys):
    base = Path(__file__).resolve().parents[2] / "templates" / "base.yaml"
    assert main(["preview", str(base), "-o", str(tmp_path)]) == 1
    out = capsys.readouterr()
    assert "base.yaml:1:1: this template is abstract" in out.out
    assert not list(tmp_path.glob("*.png"))
