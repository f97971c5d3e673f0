"""Subsets for PDF embedding: static CFF, TrueType, and the variable Hei instanced to CFF 1."""
import importlib.util
import io
import shutil
import subprocess
from pathlib import Path

import pytest
import uharfbuzz as hb
from fontTools.cffLib import CFFFontSet
from fontTools.fontBuilder import FontBuilder
from fontTools.pens.boundsPen import BoundsPen
from fontTools.pens.recordingPen import RecordingPen
from fontTools.pens.t2CharStringPen import T2CharStringPen
from fontTools.pens.ttGlyphPen import TTGlyphPen
from fontTools.ttLib import TTFont
from hypothesis import given, settings
from hypothesis import strategies as st

from layout.fonts import FontError, load_face
from layout.fonts.instance import TRUETYPE_KEEP, parse_top_dict, read_charset, static_cff_subset, subset_for_pdf

DATA = Path(__file__).parent / "data"
SERIF = str(DATA / "NotoSerifSC-test.otf")
SANS = str(DATA / "NotoSansSC-test.otf")
HEADLINE = "国家报纸标题永，A"


def _vf_path():
    spec = importlib.util.find_spec("manimgx_fonts_cjk")
    if spec is None or not spec.submodule_search_locations:
        return None
    path = Path(list(spec.submodule_search_locations)[0]) / "NotoSansCJK-VF.otf.ttc"
    return str(path) if path.is_file() else None


VF = _vf_path()
needs_vf = pytest.mark.skipif(VF is None, reason="pip package manimgx-fonts-cjk (variable Noto Sans CJK) is not installed")
VF_INDEX = 2  # Noto Sans CJK SC


def gids_for(path, text, index=0):
    font = hb.Font(hb.Face(hb.Blob.from_file_path(path), index))
    return [font.get_nominal_glyph(ord(c)) for c in text]


def decompiled(cff: bytes):
    fonts = CFFFontSet()
    fonts.decompile(io.BytesIO(cff), None)
    return fonts.topDictIndex[0]


# --- static CID-keyed CFF -----------------------------------------------------

@pytest.fixture(scope="module")
def serif_face(tmp_path_factory):
    import os
    old = os.environ.get("BAOBAN_CACHE")
    os.environ["BAOBAN_CACHE"] = str(tmp_path_factory.mktemp("cache"))
    try:
        yield load_face("song", SERIF)
    finally:
        if old is None:
            os.environ.pop("BAOBAN_CACHE")
        else:
            os.environ["BAOBAN_CACHE"] = old


def test_static_cff_keeps_source_cids_and_outlines(serif_face):
    gids = gids_for(SERIF, HEADLINE + "中文报版")
    emb = subset_for_pdf(SERIF, 0, None, gids)
    assert emb.kind == "cff" and emb.cid_keyed and emb.subtype == "CIDFontType0"
    top = decompiled(emb.data)
    assert top.ROS == ("Adobe", "Identity", 0)
    assert list(top.FontMatrix) == [0.001, 0, 0, 0.001, 0, 0] and emb.upem == 1000
    source = TTFont(SERIF)
    src_glyphs, src_order = source.getGlyphSet(), source.getGlyphOrder()
    assert set(emb.cids) == set(gids) | {0}
    for g in gids:
        cid = emb.cids[g]
        assert cid == serif_face.cid(g), "the content stream CID must equal Face.cid"
        name = "cid%05d" % cid
        assert name in top.charset
        got = RecordingPen()
        top.CharStrings[name].draw(got)
        want = RecordingPen()
        src_glyphs[src_order[g]].draw(want)
        assert got.value == want.value


def test_static_widths_are_face_advances(serif_face):
    gids = gids_for(SERIF, HEADLINE)
    emb = subset_for_pdf(SERIF, 0, None, gids)
    for g in gids:
        assert emb.widths[g] == round(serif_face.advances[g] * 1000 / serif_face.upem)
    assert emb.widths[gids[0]] == 1000  # an ideograph is one em


def test_static_cff_subset_returns_bare_cff_and_cids():
    gids = gids_for(SANS, HEADLINE)
    cff, cids = static_cff_subset(SANS, 0, None, gids)
    assert cff[:1] == b"\x01"  # CFF major version 1
    top = parse_top_dict(cff)
    charset = read_charset(cff, top["charset"], len(decompiled(cff).charset))
    assert sorted(cids.values()) == sorted(charset)


def test_output_is_deterministic():
    gids = gids_for(SERIF, "永和九年，岁在癸丑")
    assert subset_for_pdf(SERIF, 0, None, gids).data == subset_for_pdf(SERIF, 0, None, list(reversed(gids))).data


def test_notdef_is_always_included():
    emb = subset_for_pdf(SERIF, 0, None, [])
    assert emb.cids == {0: 0}
    assert decompiled(emb.data).charset == [".notdef"]


def test_bad_input_raises_font_error(tmp_path):
    with pytest.raises(FontError, match="out of range"):
        subset_for_pdf(SERIF, 0, None, [10 ** 6])
    with pytest.raises(FontError, match="cannot read"):
        subset_for_pdf(str(tmp_path / "missing.otf"), 0, None, [1])
    junk = tmp_path / "junk.otf"
    junk.write_bytes(b"not a font" * 100)
    with pytest.raises(FontError, match="not a usable font"):
        subset_for_pdf(str(junk), 0, None, [1])
    with pytest.raises(FontError, match="not a usable font"):
        subset_for_pdf(SERIF, 3, None, [1])


# --- fonts built here: TrueType and name-keyed CFF ----------------------------

def _box(pen, x0, y0, x1, y1):
    pen.moveTo((x0, y0))
    pen.lineTo((x0, y1))
    pen.lineTo((x1, y1))
    pen.lineTo((x1, y0))
    pen.closePath()


GLYPHS = [".notdef", "A", "B", "C", "D", "E"]


def _build(tmp_path, truetype: bool) -> str:
    fb = FontBuilder(1000, isTTF=truetype)
    fb.setupGlyphOrder(GLYPHS)
    fb.setupCharacterMap({0x41 + i: name for i, name in enumerate(GLYPHS[1:])})
    metrics = {name: (500 + 50 * i, 10 * i) for i, name in enumerate(GLYPHS)}
    if truetype:
        glyphs = {}
        for i, name in enumerate(GLYPHS):
            pen = TTGlyphPen(None)
            _box(pen, 10 * i, 0, 100 + 10 * i, 700)
            glyphs[name] = pen.glyph()
        fb.setupGlyf(glyphs)
    else:
        charstrings = {}
        for i, name in enumerate(GLYPHS):
            pen = T2CharStringPen(metrics[name][0], None)
            _box(pen, 10 * i, 0, 100 + 10 * i, 700)
            charstrings[name] = pen.getCharString()
        fb.setupCFF("TestCFF", {}, charstrings, {})
    fb.setupHorizontalMetrics(metrics)
    fb.setupHorizontalHeader(ascent=880, descent=-120)
    fb.setupNameTable({"familyName": "Test", "styleName": "Regular"})
    fb.setupOS2()
    fb.setupPost()
    path = tmp_path / ("t.ttf" if truetype else "t.otf")
    fb.save(str(path))
    return str(path)


def test_truetype_keeps_glyph_ids(tmp_path):
    path = _build(tmp_path, truetype=True)
    emb = subset_for_pdf(path, 0, None, [2, 4])
    assert emb.kind == "truetype" and emb.subtype == "CIDFontType2" and not emb.cid_keyed
    assert emb.cids == {0: 0, 2: 2, 4: 4}
    assert emb.widths == {0: 500, 2: 600, 4: 700}
    sub = TTFont(io.BytesIO(emb.data))
    assert set(sub.keys()) - {"GlyphOrder"} <= TRUETYPE_KEEP
    glyf = sub["glyf"]
    order = sub.getGlyphOrder()
    assert glyf[order[2]].numberOfContours == 1 and glyf[order[4]].numberOfContours == 1
    assert glyf[order[1]].numberOfContours == 0 and glyf[order[3]].numberOfContours == 0
    pen = BoundsPen(None)
    sub.getGlyphSet()[order[4]].draw(pen)
    assert pen.bounds == (40, 0, 140, 700)


def test_name_keyed_cff_keeps_glyph_ids(tmp_path):
    path = _build(tmp_path, truetype=False)
    emb = subset_for_pdf(path, 0, None, [3])
    assert emb.kind == "cff" and not emb.cid_keyed
    assert emb.cids == {0: 0, 3: 3}  # PDF reads the CIDs of a name-keyed CFF as glyph indices
    top = decompiled(emb.data)
    pen = BoundsPen(None)
    top.CharStrings[top.charset[3]].draw(pen)
    assert pen.bounds == (30, 0, 130, 700)


# --- the minimal CFF reader ---------------------------------------------------

def _encode_charset(fmt: int, cids: list) -> bytes:
    """An independent encoder of CFF charsets (TN #5176 §13) for glyphs 1..n."""
    if fmt == 0:
        return b"\x00" + b"".join(c.to_bytes(2, "big") for c in cids)
    out, i = bytes([fmt]), 0
    limit = 255 if fmt == 1 else 65535
    while i < len(cids):
        j = i
        while j + 1 < len(cids) and cids[j + 1] == cids[j] + 1 and j - i < limit:
            j += 1
        out += cids[i].to_bytes(2, "big") + (j - i).to_bytes(1 if fmt == 1 else 2, "big")
        i = j + 1
    return out


@settings(max_examples=80, deadline=None)
@given(st.sets(st.integers(1, 65534), min_size=1, max_size=80), st.sampled_from([0, 1, 2]), st.integers(0, 5))
def test_charset_reader_reads_every_format(cid_set, fmt, run):
    cids = sorted(cid_set | {max(cid_set) + k for k in range(run) if max(cid_set) + k < 65535})
    data = b"junk" + _encode_charset(fmt, cids)
    assert read_charset(data, 4, len(cids) + 1) == [0] + cids


# --- the variable Hei: CFF2 pinned and downgraded to CFF 1 ---------------------

def _hb_bounds(path, index, wght, gid):
    font = hb.Font(hb.Face(hb.Blob.from_file_path(path), index))
    if wght is not None:
        font.set_variations({"wght": float(wght)})
    rec = RecordingPen()
    font.draw_glyph_with_pen(gid, rec)
    pen = BoundsPen(None)
    rec.replay(pen)
    return pen.bounds, font.get_glyph_h_advance(gid)


@needs_vf
@pytest.mark.parametrize("wght", [400, 700, 900])
def test_variable_instance_matches_harfbuzz_outlines(wght):
    gids = gids_for(VF, HEADLINE, VF_INDEX)
    emb = subset_for_pdf(VF, VF_INDEX, wght, gids)
    assert emb.kind == "cff" and emb.cid_keyed and emb.data[:1] == b"\x01"
    top = decompiled(emb.data)
    assert top.ROS == ("Adobe", "Identity", 0)
    assert list(top.FontMatrix) == [0.001, 0, 0, 0.001, 0, 0]
    assert top.CIDCount > max(emb.cids.values())  # TN #5176: CIDCount exceeds every CID (default 8720)
    for g in gids:
        assert emb.cids[g] == g  # Face.cid of a font without a CFF table is the glyph id
        pen = BoundsPen(None)
        charstring = top.CharStrings["cid%05d" % g]
        charstring.draw(pen)
        want, advance = _hb_bounds(VF, VF_INDEX, wght, g)
        assert all(abs(a - b) <= 1 for a, b in zip(pen.bounds, want)), (g, pen.bounds, want)
        assert emb.widths[g] == advance == charstring.width  # layout advances (hb + HVAR) = the instance's own


@needs_vf
def test_variable_widths_follow_weight():
    comma = gids_for(VF, "，A", VF_INDEX)
    light, black = (subset_for_pdf(VF, VF_INDEX, w, comma).widths for w in (400, 900))
    assert black[comma[1]] > light[comma[1]]  # Latin A widens with weight (HVAR)
    assert black[comma[0]] == light[comma[0]] == 1000  # CJK punctuation stays one em


@needs_vf
def test_variable_default_instance_and_determinism():
    gids = gids_for(VF, "永", VF_INDEX)
    a = subset_for_pdf(VF, VF_INDEX, None, gids)
    b = subset_for_pdf(VF, VF_INDEX, 100, gids)  # wght axis default of Noto Sans CJK VF
    assert a.data == b.data
    c = subset_for_pdf(VF, VF_INDEX, 700, gids)
    assert c.data == subset_for_pdf(VF, VF_INDEX, 700, gids).data and c.data != a.data


# --- embedded in a PDF and read back by poppler and Ghostscript ------------------

def build_pdf(fonts, lines, size=(420, 360)) -> bytes:
    """A PDF 1.3 page with Type0 fonts (CIDFontType0C / FontFile2), Identity-H; lines: (font, pt, x, y, cids)."""
    objs = []

    def add(body: bytes) -> int:
        objs.append(body)
        return len(objs)

    refs = []
    for k, emb in enumerate(fonts):
        name = b"ABCDE" + bytes([65 + k]) + b"+Test%d" % k
        if emb.kind == "cff":
            ff = add(b"<< /Subtype /CIDFontType0C /Length %d >>\nstream\n" % len(emb.data) + emb.data + b"\nendstream")
            key, extra = b"/FontFile3", b""
        else:
            ff = add(b"<< /Length %d /Length1 %d >>\nstream\n" % (len(emb.data), len(emb.data)) + emb.data + b"\nendstream")
            key, extra = b"/FontFile2", b" /CIDToGIDMap /Identity"
        bbox = b" ".join(b"%d" % v for v in emb.bbox)
        fd = add(b"<< /Type /FontDescriptor /FontName /%s /Flags 4 /FontBBox [%s] /ItalicAngle 0 /Ascent 880 "
                 b"/Descent -120 /CapHeight 700 /StemV 80 %s %d 0 R >>" % (name, bbox, key, ff))
        widths = b" ".join(b"%d [%d]" % (emb.cids[g], emb.widths[g]) for g in sorted(emb.cids, key=emb.cids.get))
        cid = add(b"<< /Type /Font /Subtype /%s /BaseFont /%s /CIDSystemInfo << /Registry (Adobe) /Ordering (Identity) "
                  b"/Supplement 0 >> /FontDescriptor %d 0 R /W [%s]%s >>" % (emb.subtype.encode(), name, fd, widths, extra))
        refs.append(add(b"<< /Type /Font /Subtype /Type0 /BaseFont /%s /Encoding /Identity-H /DescendantFonts [%d 0 R] >>"
                        % (name, cid)))
    text = b"\n".join(b"BT /F%d %d Tf %d %d Td <%s> Tj ET" % (f, pt, x, y, b"".join(b"%04X" % c for c in cids))
                      for f, pt, x, y, cids in lines)
    content = add(b"<< /Length %d >>\nstream\n" % len(text) + text + b"\nendstream")
    fonts_dict = b" ".join(b"/F%d %d 0 R" % (i, r) for i, r in enumerate(refs))
    pages = len(objs) + 2
    page = add(b"<< /Type /Page /Parent %d 0 R /MediaBox [0 0 %d %d] /Resources << /Font << %s >> >> /Contents %d 0 R >>"
               % (pages, size[0], size[1], fonts_dict, content))
    add(b"<< /Type /Pages /Kids [%d 0 R] /Count 1 >>" % page)
    root = add(b"<< /Type /Catalog /Pages %d 0 R >>" % pages)
    out, offsets = bytearray(b"%PDF-1.3\n%\xe2\xe3\xcf\xd3\n"), []
    for i, body in enumerate(objs, 1):
        offsets.append(len(out))
        out += b"%d 0 obj\n" % i + body + b"\nendobj\n"
    xref = len(out)
    out += b"xref\n0 %d\n0000000000 65535 f \n" % (len(objs) + 1) + b"".join(b"%010d 00000 n \n" % o for o in offsets)
    out += b"trailer\n<< /Size %d /Root %d 0 R >>\nstartxref\n%d\n%%%%EOF\n" % (len(objs) + 1, root, xref)
    return bytes(out)


def _ink_per_band(png: Path, bands: int) -> list:
    from PIL import Image

    img = Image.open(png).convert("L")
    w, h = img.size
    px = img.load()
    step = h // bands
    return [sum(255 - px[x, y] for y in range(b * step, (b + 1) * step) for x in range(w)) / 255.0 for b in range(bands)]


def _render(tool: str, pdf: Path, out_stem: Path) -> Path:
    if tool == "poppler":
        subprocess.run(["pdftoppm", "-r", "72", "-gray", "-png", "-singlefile", str(pdf), str(out_stem)], check=True)
    else:
        subprocess.run(["gs", "-q", "-dNOPAUSE", "-dBATCH", "-dSAFER", "-sDEVICE=pnggray", "-r72",
                        f"-sOutputFile={out_stem}.png", str(pdf)], check=True, capture_output=True)
    return Path(f"{out_stem}.png")


@needs_vf
@pytest.mark.skipif(shutil.which("pdffonts") is None or shutil.which("pdftoppm") is None, reason="poppler-utils not installed")
def test_embedded_subsets_render_and_bold_weights_carry_more_ink(tmp_path):
    text = "国家报纸标题永"  # 题 has CID 44183 in the VF: above 32767, once drawn as .notdef by Ghostscript
    fonts, lines = [], []
    for k, (path, index, wght) in enumerate([(VF, VF_INDEX, 400), (VF, VF_INDEX, 700), (VF, VF_INDEX, 900),
                                             (SERIF, 0, None), (_build(tmp_path, truetype=True), 0, None)]):
        gids = gids_for(path, text if k < 4 else "ABCDE", index)
        emb = subset_for_pdf(path, index, wght, gids)
        fonts.append(emb)
        lines.append((k, 40, 10, 360 - 72 * k - 50, [emb.cids[g] for g in gids]))
    pdf = tmp_path / "t.pdf"
    pdf.write_bytes(build_pdf(fonts, lines))
    listing = subprocess.run(["pdffonts", str(pdf)], capture_output=True, text=True, check=True).stdout.splitlines()[2:]
    kinds = [row.split()[1:4] for row in listing]
    assert kinds == [["CID", "Type", "0C"]] * 4 + [["CID", "TrueType", "Identity-H"]], listing
    assert all(row.split()[-5:-3] == ["yes", "yes"] for row in listing), listing  # emb, sub
    ink = _ink_per_band(_render("poppler", pdf, tmp_path / "poppler"), 5)
    assert ink[0] < ink[1] < ink[2], ink  # wght 400 < 700 < 900
    assert ink[2] > 1.3 * ink[0] and ink[3] > 0 and ink[4] > 0
    if shutil.which("gs"):
        gs_ink = _ink_per_band(_render("gs", pdf, tmp_path / "gs"), 5)
        for a, b in zip(ink, gs_ink):
            assert abs(a - b) <= 0.08 * a, (ink, gs_ink)  # same glyphs, no .notdef boxes in either
