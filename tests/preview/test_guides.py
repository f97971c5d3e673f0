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
    """The label of region 'second' is blue text near its top-left corner, drawn only with guides."""
    template = load_template(Path(__file__).resolve().parents[2] / "templates" / "front.yaml")
    box = template.region("second").box
    x0, y0 = px(box.x), px(box.y)
    window = [(x0 + dx, y0 + dy) for dx in range(0, 120) for dy in range(-16, 16)]
    with Image.open(previews / "guides" / "20180428-01.png") as g, Image.open(previews / "plain" / "20180428-01.png") as p:
        blue = [xy for xy in window if near(g.getpixel(xy), rgb("label"), 40) and not near(p.getpixel(xy), rgb("label"), 60)]
    assert len(blue) > 40, "no label text at the region's top-left corner"
    assert max(x for x, _ in blue) - min(x for x, _ in blue) > 30, "the label is not a line of text"


@pytest.fixture(scope="module")
def labelled(tmp_path_factory, sample_fonts):
    """Both sample pages rendered with guides by a session (labels as placed) and without (the copy alone)."""
    from layout.preview.session import PreviewSession, SessionOptions

    out = tmp_path_factory.mktemp("labels")
    sample = Path(__file__).resolve().parents[2] / "samples" / "issue-2018-04-28" / "issue.yaml"
    session = PreviewSession(sample, SessionOptions(out=str(out / "guides"), guides=True, fonts=sample_fonts))
    guided = session.render()
    plain = PreviewSession(sample, SessionOptions(out=str(out / "plain"), fonts=sample_fonts)).render()
    assert guided.ok and plain.ok, (guided.line(), plain.line())
    return guided, plain


def glyph_boxes(pdf_path: str):
    """Pixel boxes (left, top, right, bottom) of every character of a page PDF, read back by pdfplumber, 1 px in."""
    import pdfplumber

    with pdfplumber.open(pdf_path) as pdf:
        chars = pdf.pages[0].chars
    return [(c["x0"] * SCALE + 1, c["top"] * SCALE + 1, c["x1"] * SCALE - 1, c["bottom"] * SCALE - 1, c["text"])
            for c in chars if c["text"].strip()]


def test_labels_cover_no_glyph_of_the_copy(labelled):
    """QA: the feature's label hid 本报记者 and the continuation's hid （上接第1版）; no label may lie on a character."""
    guided, plain = labelled
    for number, view in guided.pages.items():
        glyphs = glyph_boxes(view.pdf)
        assert len(glyphs) > 200 and len(view.labels) >= 5, (number, len(glyphs), view.labels)
        with Image.open(view.png) as g, Image.open(plain.pages[number].png) as p:
            for label in view.labels:
                l, t, r, b = label.box
                hidden = [c[4] for c in glyphs if c[0] < r and l < c[2] and c[1] < b and t < c[3]]
                assert label.clear and not hidden, (number, label, hidden)
                crop_g, crop_p = g.crop(label.box), p.crop(label.box)
                assert crop_g.tobytes() != crop_p.tobytes(), f"label {label.text} not drawn"
                dark = sum(1 for v in crop_p.convert("L").tobytes() if v < 120)
                assert dark <= (r - l) * 3, f"label {label.text} on inked paper: {dark} dark pixels"


def test_the_continued_lines_stay_readable_with_guides(labelled):
    """The continuation's 上接 line keeps its pixels under guides (only thin guide lines may cross it)."""
    guided, plain = labelled
    view = guided.pages[2]
    line = [c for c in glyph_boxes(view.pdf) if c[4] in "上接第版"]
    assert line, "the sample's page 2 has no 上接 line"
    with Image.open(view.png) as g, Image.open(plain.pages[2].png) as p:
        for l, t, r, b, ch in line:
            box = (int(l), int(t), int(r) + 1, int(b) + 1)
            a, c = g.crop(box).convert("L"), p.crop(box).convert("L")
            dark_plain = sum(1 for v in c.tobytes() if v < 120)
            dark_kept = sum(1 for u, v in zip(a.tobytes(), c.tobytes()) if v < 120 and u < 160)
            assert dark_kept >= 0.8 * dark_plain, (ch, dark_kept, dark_plain)


def test_a_label_with_no_bare_paper_near_its_frame_is_drawn_see_through():
    """Ink everywhere: the label is placed at the corner but flagged, and drawn with a translucent halo."""
    from PIL import ImageDraw

    from layout.preview.guides import TOP_LEFT, LabelFonts, LabelPlaces
    from layout.preview.raster import PixelMap

    pmap = PixelMap(1.0, (0.0, 0.0), (200, 100))
    page = Image.new("RGB", pmap.size, (255, 255, 255))
    ImageDraw.Draw(page).rectangle((0, 0, 199, 40), fill=(0, 0, 0))  # copy over the top of the frame
    layer = Image.new("RGBA", pmap.size, (0, 0, 0, 0))
    draw = ImageDraw.Draw(layer, "RGBA")
    font = LabelFonts().get(10)
    places = LabelPlaces(page, pmap)
    free = places.place(draw, font, ("lead · article", "lead"), "label", (10, 10, 190, 90), TOP_LEFT)
    assert free.clear and free.box[1] >= 41, free  # below the inked band, along the bottom edge or further in
    ImageDraw.Draw(page).rectangle((0, 0, 199, 99), fill=(0, 0, 0))
    covered = LabelPlaces(page, pmap).place(draw, font, ("lead · article",), "label", (10, 10, 190, 90), TOP_LEFT)
    assert not covered.clear and covered.box[:2] == (11, 11), covered
    alphas = [layer.getpixel((x, y))[3] for x in range(covered.box[0], covered.box[2])
              for y in range(covered.box[1], covered.box[3])]
    assert max(alphas) < 255 and max(alphas) > 0


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
        corner = [im.getpixel((px(box.right) - dx, px(box.bottom) + dy)) for dx in range(2, 160) for dy in range(-20, 20)]
    edge = [im.getpixel((px(box.right) - dx, px(box.bottom) - 1)) for dx in range(2, 160)]
    assert sum(near(c, rgb("overset"), 30) for c in edge) > len(edge) // 2, "no red outline on the region's foot"
    assert sum(near(c, rgb("overset"), 40) for c in corner) > len(edge) + 40, "no 超出 label near the bottom-right"


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


def test_a_byline_in_the_frame_corner_keeps_its_characters(sample_copy, sample_fonts, tmp_path):
    """QA: a story opening with 本报记者 at the frame's top-left corner; the label moves off the byline."""
    from layout.preview.session import PreviewSession, SessionOptions

    templates = sample_copy.parents[2] / "templates"
    (templates / "mini.yaml").write_text(
        "extends: base\nregions:\n  story:\n    kind: article\n    column: 2\n    span: 2\n    top: 3 lines\n"
        "    height: 12 lines\n    body_style: body\n    headline: {placement: none}\n", encoding="utf-8")
    (sample_copy.parent / "byline.txt").write_text("---\n本报记者王五报道" + "石" * 200 + "\n", encoding="utf-8")
    issue = sample_copy.parent / "mini.yaml"
    issue.write_text("paper: {name: 石景山报, date: '2018-04-28', number: 36}\ntemplates: ../../templates\n"
                     "pages:\n  - number: 1\n    template: mini\n    slots:\n      story: byline.txt\n", encoding="utf-8")
    session = PreviewSession(issue, SessionOptions(out=str(tmp_path), guides=True, fonts=sample_fonts))
    state = session.render()
    assert state.ok, state.line()
    view = state.pages[1]
    glyphs = glyph_boxes(view.pdf)
    byline = [c for c in glyphs if c[4] in "本报记者"]
    assert len(byline) >= 4  # 报 of 报道 too
    (label,) = [lb for lb in view.labels if lb.text.startswith("story")]
    l, t, r, b = label.box
    assert label.clear and not [c[4] for c in glyphs if c[0] < r and l < c[2] and c[1] < b and t < c[3]], label
    template = load_template(templates / "mini.yaml")
    box = template.region("story").box
    assert abs(t - px(box.y)) <= 20 or abs(b - px(box.bottom)) <= 20, "label not along a frame edge"
