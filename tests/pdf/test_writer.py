"""The PDF writer, read back with tools we did not write (poppler, pypdf, pdfplumber, pikepdf)."""
import io
import os
import shutil
import subprocess
import zlib
from pathlib import Path

import pdfplumber
import pikepdf
import pytest
from pypdf import PdfReader

from layout.display import Color, GlyphRun, Page, Rect, Rule
from layout.fonts.face import FontError
from layout.pdf import PdfMeta, render_pdf_bytes, write_pdf

PARAGRAPHS = [
    "本报讯（记者翟国鑫）4月23日至4月26日，区委书记于长辉带领我区党政代表团赴青海省。",
    "时值玉树4·14地震8周年之际，了解“智慧玉树”管理系统运行情况——共商大计……",
    "石景山新闻网 http://www.sjs.gov.cn 12.5% ¥3000 APEC",
]


def set_line(face, text, x, y, size=10.5):
    """Naive horizontal setting for writer tests: natural advances, one run."""
    gids, pos = [], []
    for ch in text:
        gid = face.gid(ch)
        gids.append(gid)
        pos.append((x, y))
        x += face.advance(gid) * size
    return GlyphRun("song", size, tuple(gids), tuple(pos), tuple(text))


def sample_pages(fontset):
    face = fontset.face("song")
    page = Page(400, 300, bleed=8.5)
    page.add(Rect(20, 20, 200, 60, fill=Color("Cyan 30", 0.3, 0, 0, 0)))
    for i, para in enumerate(PARAGRAPHS):
        page.add(set_line(face, para, 20, 40 + 30 * i, 9))
    vertical = "竖排：“五一”快乐。"
    gids = tuple(face.vertical_form(face.gid(c)) for c in vertical)
    page.add(GlyphRun("song", 12, gids, tuple((370, 30 + 12 * i) for i in range(len(vertical))), tuple(vertical), vertical=True))
    page.add(Rule(20, 200, 380, 200, width=0.5))
    return [page]


@pytest.fixture(scope="module")
def pdf_path(fontset, tmp_path_factory):
    path = tmp_path_factory.mktemp("writer") / "sample.pdf"
    write_pdf(sample_pages(fontset), fontset, str(path), PdfMeta(title="测试"))
    return path


@pytest.mark.skipif(not shutil.which("pdffonts"), reason="poppler-utils not installed")
def test_pdffonts_every_font_embedded_subset_with_tounicode(pdf_path):
    rows = subprocess.run(["pdffonts", str(pdf_path)], capture_output=True, text=True, check=True).stdout.splitlines()[2:]
    assert rows, "no fonts listed"
    for row in rows:
        assert "CID Type 0C" in row, row
        emb, sub, uni = row.split()[-5:-2]
        assert (emb, sub, uni) == ("yes", "yes", "yes"), row
    assert any("Identity-H" in r for r in rows) and any("Identity-V" in r for r in rows)


def test_no_font_other_than_the_embedded_cjk_faces(pdf_path):
    pdf = pikepdf.open(pdf_path)
    for page in pdf.pages:
        fonts = page.Resources.get("/Font", {})
        for name, font in fonts.items():
            assert font.Subtype == "/Type0", (name, font.Subtype)
            assert "/ToUnicode" in font


def test_pypdf_extracts_paragraphs_in_order(pdf_path):
    text = PdfReader(str(pdf_path)).pages[0].extract_text()
    flat = text.replace("\n", "")
    pos = 0
    for para in PARAGRAPHS:
        found = flat.find(para.replace(" ", ""), pos) if " " in para else flat.find(para, pos)
        if " " in para:  # pypdf may drop or keep word spaces; compare without them
            flat_ns = flat.replace(" ", "")
            found = flat_ns.find(para.replace(" ", ""))
        assert found >= 0, (para, text)


def test_pdfplumber_chars_in_order_including_vertical_run(pdf_path):
    chars = pdfplumber.open(pdf_path).pages[0].chars
    text = "".join(c["text"] for c in chars)
    for para in PARAGRAPHS:
        assert para in text
    vertical = [c for c in chars if abs(c["size"] - 12) < 0.01]
    assert "".join(c["text"] for c in sorted(vertical, key=lambda c: c["top"])) == "竖排：“五一”快乐。"


def test_page_boxes_pdf13_and_pdfx_keys(pdf_path):
    pdf = pikepdf.open(pdf_path)
    assert pdf.pdf_version == "1.3"
    page = pdf.pages[0]
    assert [float(v) for v in page.TrimBox] == [8.5, 8.5, 408.5, 308.5]
    assert [float(v) for v in page.BleedBox] == [0, 0, 417, 317]
    info = pdf.docinfo
    assert str(info.GTS_PDFXVersion) == "PDF/X-1:2001"
    assert str(info.GTS_PDFXConformance) == "PDF/X-1a:2001"
    assert str(info.Trapped) == "/False"
    intents = pdf.Root.OutputIntents
    assert len(intents) == 1 and intents[0].S == "/GTS_PDFX"
    assert str(intents[0].OutputConditionIdentifier) == "IFRA26"
    assert "/ID" in pdf.trailer


def test_black_text_overprints_and_no_rgb(pdf_path):
    pdf = pikepdf.open(pdf_path)
    page = pdf.pages[0]
    ops = [op for _, op in pikepdf.parse_content_stream(page)]
    names = {str(o) for o in ops}
    assert not names & {"rg", "RG"}, "DeviceRGB operator painted"
    assert black_text_painted_with_overprint(page) > 0


def black_text_painted_with_overprint(page):
    """Walk the content stream; every 100 K text show must have op true and OPM 1 in effect."""
    states = page.Resources.ExtGState
    op, opm, k_only, shows = False, 0, False, 0
    for operands, operator in pikepdf.parse_content_stream(page):
        name = str(operator)
        if name == "gs":
            gs = states[operands[0]]
            op = bool(gs.get("/op", op))
            opm = int(gs.get("/OPM", opm))
        elif name == "k":
            k_only = [float(v) for v in operands] == [0, 0, 0, 1]
        elif name in ("TJ", "Tj") and k_only:
            assert op and opm == 1, "100 K text painted without overprint"
            shows += 1
    return shows


def test_two_renders_byte_identical(fontset):
    assert render_pdf_bytes(sample_pages(fontset), fontset) == render_pdf_bytes(sample_pages(fontset), fontset)


def test_failed_render_keeps_previous_file(fontset, tmp_path):
    path = tmp_path / "page.pdf"
    write_pdf(sample_pages(fontset), fontset, str(path))
    before = path.read_bytes()
    bad = Page(100, 100)
    bad.add(GlyphRun("nosuchrole", 10, (1,), ((0, 0),), ("x",)))
    with pytest.raises(FontError):
        write_pdf([bad], fontset, str(path))
    assert path.read_bytes() == before
    assert [p.name for p in tmp_path.iterdir()] == ["page.pdf"], "temporary file left behind"


def _ink_box(png_path, threshold=128):
    import numpy as np
    from PIL import Image

    px = np.asarray(Image.open(png_path).convert("L"))
    rows, cols = np.nonzero(px < threshold)
    return rows.min(), rows.max(), cols.min(), cols.max(), len(rows)


@pytest.mark.skipif(not (shutil.which("gs") and shutil.which("pdftoppm")), reason="needs ghostscript and poppler")
def test_vertical_run_renders_in_place_in_ghostscript_and_poppler(fontset, tmp_path):
    """Two independent renderers put a vertical Identity-V run (with W2 metrics) in the same place."""
    face = fontset.face("song")
    text = "竖排：“五一”快乐。ABC"
    page = Page(200, 300)
    gids = tuple(face.vertical_form(face.gid(c)) for c in text)
    page.add(GlyphRun("song", 12, gids, tuple((100, 20 + 12 * i) for i in range(len(text))), tuple(text), vertical=True))
    pdf = tmp_path / "v.pdf"
    write_pdf([page], fontset, str(pdf))
    subprocess.run(["gs", "-q", "-dNOPAUSE", "-dBATCH", "-dSAFER", "-sDEVICE=pnggray", "-r72",
                    f"-sOutputFile={tmp_path}/gs.png", str(pdf)], check=True)
    subprocess.run(["pdftoppm", "-r", "72", "-gray", "-png", "-singlefile", str(pdf), str(tmp_path / "pp")], check=True)
    gs_box, pp_box = _ink_box(tmp_path / "gs.png"), _ink_box(tmp_path / "pp.png")
    for a, b in zip(gs_box[:4], pp_box[:4]):
        assert abs(int(a) - int(b)) <= 2, (gs_box, pp_box)
    top, bottom, left, right, _ = gs_box
    assert 94 <= left and right <= 106 and top >= 18 and bottom <= 20 + 12 * len(text) + 2


def test_written_file_has_umask_permissions(fontset, tmp_path):
    old = os.umask(0o022)
    try:
        write_pdf(sample_pages(fontset), fontset, str(tmp_path / "p.pdf"))
    finally:
        os.umask(old)
    assert (tmp_path / "p.pdf").stat().st_mode & 0o777 == 0o644


def test_a_render_leaves_no_cyclic_garbage(fontset):
    # a reference cycle through the canvas (the overprint state held its painter, the painter the canvas)
    # kept each render's document, page streams and font program until the next full collection: a
    # long-lived process (watch, batch) grew by about 1 MB a render while collection was off
    from tests.conftest import cyclic_garbage_of

    pages = sample_pages(fontset)
    render_pdf_bytes(pages, fontset)  # warm: first-use caches
    assert cyclic_garbage_of(lambda: render_pdf_bytes(pages, fontset)) == []


def _pages_of(fontset, n):
    face = fontset.face("song")
    pages = []
    for k in range(n):
        page = Page(400, 300)
        page.add(set_line(face, PARAGRAPHS[k % len(PARAGRAPHS)] * 3, 20, 40, 9))
        pages.append(page)
    return pages


def test_pages_deflated_on_a_second_thread_give_the_same_bytes(fontset, monkeypatch):
    import layout.pdf.writer as W

    pages = _pages_of(fontset, 4)
    monkeypatch.setattr(W, "_CPUS", 2)
    threaded = render_pdf_bytes(pages, fontset)
    monkeypatch.setattr(W, "_CPUS", 1)
    assert render_pdf_bytes(pages, fontset) == threaded
    assert len(PdfReader(io.BytesIO(threaded)).pages) == 4


def test_a_failure_on_the_deflate_thread_is_raised_by_the_render(fontset, monkeypatch):
    import layout.pdf.writer as W

    real = zlib.compress

    def failing(data, level=-1):
        if level == W.PAGE_LEVEL:
            raise MemoryError("no room to compress a page")
        return real(data, level)

    monkeypatch.setattr(W, "_CPUS", 2)
    monkeypatch.setattr(W.zlib, "compress", failing)
    with pytest.raises(MemoryError, match="no room"):
        render_pdf_bytes(_pages_of(fontset, 3), fontset)
    import threading
    assert not [t for t in threading.enumerate() if t.name == "page-deflate"]


def test_the_renders_own_error_wins_over_the_deflate_threads(fontset, monkeypatch):
    import threading

    import layout.pdf.writer as W

    real_compress, real_paint = zlib.compress, W._paint_page
    painted = []

    def failing_compress(data, level=-1):
        if level == W.PAGE_LEVEL:
            raise MemoryError("no room to compress a page")
        return real_compress(data, level)

    def paint_then_fail(canvas, page, *rest):
        painted.append(page)
        if len(painted) == 3:
            raise ValueError("page 3 cannot be painted")
        return real_paint(canvas, page, *rest)

    monkeypatch.setattr(W, "_CPUS", 2)
    monkeypatch.setattr(W.zlib, "compress", failing_compress)
    monkeypatch.setattr(W, "_paint_page", paint_then_fail)
    with pytest.raises(ValueError, match="page 3"):
        render_pdf_bytes(_pages_of(fontset, 4), fontset)
    assert not [t for t in threading.enumerate() if t.name == "page-deflate"]


def test_the_same_fonts_installed_in_other_folders_give_the_same_pdf(tmp_path):
    # fonts are named, ordered and tagged by their content hash, not their path: a venv elsewhere (CI,
    # another desk), and folders that sort the other way round, give the same bytes (the sample issue sets
    # song and hei); the tag still changes with the glyph set
    import re

    from layout.cli import main
    from tests.conftest import SANS, SERIF

    issue = Path(__file__).resolve().parents[2] / "samples" / "issue-2018-04-28" / "issue.yaml"

    def fonts(name: str, serif_dir: str, sans_dir: str) -> str:
        folder = tmp_path / name
        for font, where in ((SERIF, serif_dir), (SANS, sans_dir)):
            (folder / where).mkdir(parents=True)
            shutil.copyfile(font, folder / where / font.name)
        config = folder / "fonts.yaml"
        config.write_text(f"roles:\n  song:\n    regular:\n      - {{file: {serif_dir}/{SERIF.name}}}\n"
                          f"  hei:\n    regular:\n      - {{file: {sans_dir}/{SANS.name}}}\n"
                          f"  kai:\n    regular:\n      - {{file: {sans_dir}/{SANS.name}}}\n"
                          "fallback: [song, hei]\n", encoding="utf-8")
        return str(config)

    def pdfs(config: str, out: str) -> dict:
        assert main(["issue", str(issue), "--fonts", config, "-o", str(tmp_path / out), "--no-preflight"]) == 0
        return {p.name: p.read_bytes() for p in sorted((tmp_path / out).glob("*.pdf"))}

    one = pdfs(fonts("one", "a/serif", "z/sans"), "out1")
    two = pdfs(fonts("two/deeper", "z/serif", "a/sans"), "out2")
    assert len(one) == 3 and one == two
    page_fonts = _base_fonts(io.BytesIO(one["20180428-01.pdf"]))  # read back by pypdf: the page's fonts
    assert {f.split("+")[1].split("-")[0] for f in page_fonts} == {"NotoSerifSC", "NotoSansSC"}

    story = tmp_path / "story.txt"
    tags = []
    for text in ("新华社北京4月28日电，记者获悉。\n", "另一段文字。\n"):
        story.write_text(text, encoding="utf-8")
        main(["galley", str(story), "-o", str(tmp_path / "g.pdf"), "--fonts", str(tmp_path / "one" / "fonts.yaml")])
        tags.append({f.split("+")[0] for f in _base_fonts(tmp_path / "g.pdf")})
    assert all(re.fullmatch("[A-Z]{6}", t) for t in tags[0] | tags[1]) and tags[0].isdisjoint(tags[1])


def _base_fonts(pdf) -> set:
    """The /BaseFont names of the fonts the first page's resources name (subset tag + PostScript name)."""
    fonts = PdfReader(pdf).pages[0]["/Resources"]["/Font"]
    return {str(fonts[name].get_object()["/BaseFont"])[1:] for name in fonts}
