"""Print-ready acceptance on the bundled sample issue, read back with tools we did not write.

The sample is rendered once per module through ``render.py issue`` (layout.cli.main,
with the pinned test fonts and SOURCE_DATE_EPOCH), which also preflights what it
wrote. Then, independently of layout.preflight:

* poppler ``pdffonts``: every font embedded (and mapped to Unicode);
* pikepdf: Info keys, trailer /ID, MediaBox/TrimBox/BleedBox on every page with
  the template's bleed, exactly one GTS_PDFX OutputIntent (IFRA26), page labels
  and bookmarks in the issue PDF, no DeviceRGB operator, colour space or image;
* ``qpdf --check`` clean;
* Ghostscript renders every page inside the BleedBox on a CMYK device and the
  summed CMYK never exceeds 240 %; 100 K text over a tint keeps the tint;
* a second render is byte-identical; ``--no-marks`` gives MediaBox = BleedBox;
  a template hairline fails the render with the rule named.
(The deliberately bad PDF, each problem named, is tests/preflight/test_preflight.py.)
"""
import shutil
import subprocess
from pathlib import Path

import numpy as np
import pikepdf
import pytest
from PIL import Image

from layout import issue as issue_cli
from layout.cli import main
from layout.display import Color, GlyphRun, Rect
from layout.model.content import load_issue
from tests.test_sample_issue import SAMPLE, sample_fonts  # noqa: F401  (the sample's font fixture, reused)

EPOCH = "1524873600"  # 2018-04-28T00:00Z
MM = 72.0 / 25.4
TAC_LIMIT = 240.0
STEM = "20180428"
needs = {tool: pytest.mark.skipif(shutil.which(tool) is None, reason=f"{tool} not installed")
         for tool in ("gs", "qpdf", "pdffonts")}


def render(args, fonts):
    """Run ``render.py issue`` in-process with the pinned fonts and SOURCE_DATE_EPOCH; (exit code, stdout)."""
    with pytest.MonkeyPatch.context() as mp:
        mp.setenv("SOURCE_DATE_EPOCH", EPOCH)
        mp.setattr("layout.fonts.load_fontset", lambda config=None: fonts)
        rc = main(["issue"] + [str(a) for a in args])
    return rc


@pytest.fixture(scope="module")
def printed(sample_fonts, tmp_path_factory):  # noqa: F811
    """The sample rendered and preflighted: (exit code, printed report, out folder)."""
    out = tmp_path_factory.mktemp("print-ready")
    import contextlib
    import io

    buf = io.StringIO()
    with contextlib.redirect_stdout(buf):
        rc = render([SAMPLE / "issue.yaml", "-o", out], sample_fonts)
    return rc, buf.getvalue(), out


@pytest.fixture(scope="module")
def pdfs(printed):
    out = printed[2]
    return [out / f"{STEM}-01.pdf", out / f"{STEM}-02.pdf", out / f"{STEM}.pdf"]


@pytest.fixture(scope="module")
def issue():
    return load_issue(str(SAMPLE / "issue.yaml"))


def test_render_preflights_every_file_and_reports_a_line_each(printed, pdfs):
    rc, report, _ = printed
    assert rc == 0, report
    for path in pdfs:
        line = next(l for l in report.splitlines() if l.startswith(f"preflight {path.name}: "))
        assert line.startswith(f"preflight {path.name}: OK: "), line
    assert "max ink" in next(l for l in report.splitlines() if l.startswith(f"preflight {STEM}.pdf"))
    assert "preflight" in report.splitlines()[0]  # the summary line gives the preflight time


@needs["pdffonts"]
def test_pdffonts_every_font_embedded_with_unicode(pdfs):
    for path in pdfs:
        rows = subprocess.run(["pdffonts", str(path)], capture_output=True, text=True, check=True).stdout.splitlines()[2:]
        assert rows, path
        for row in rows:
            emb, sub, uni = row.split()[-5:-2]
            assert (emb, uni) == ("yes", "yes"), f"{path.name}: {row}"


def test_info_id_and_one_output_intent(pdfs):
    for path in pdfs:
        with pikepdf.open(path) as pdf:
            assert pdf.pdf_version == "1.3"
            info = pdf.docinfo
            for key in ("/Title", "/CreationDate", "/ModDate"):
                assert str(info.get(key, "")).strip(), f"{path.name}: {key}"
            assert str(info["/GTS_PDFXVersion"]) == "PDF/X-1:2001"
            assert str(info["/GTS_PDFXConformance"]) == "PDF/X-1a:2001"
            assert info["/Trapped"] == pikepdf.Name("/False")
            assert str(info["/CreationDate"]).startswith("D:20180428")  # SOURCE_DATE_EPOCH
            ident = pdf.trailer["/ID"]
            assert len(ident) == 2 and len(bytes(ident[0])) >= 16
            intents = list(pdf.Root.OutputIntents)
            assert len(intents) == 1
            assert intents[0].S == "/GTS_PDFX" and str(intents[0].OutputConditionIdentifier) == "IFRA26"
            assert str(intents[0].RegistryName) == "http://www.color.org"
    with pikepdf.open(pdfs[-1]) as pdf:
        assert str(pdf.docinfo["/Title"]) == "石景山报 2018-04-28 第36期"


def _box(page, name):
    return [float(v) for v in page.obj[name]]


def test_boxes_on_every_page_with_the_templates_bleed(pdfs, issue):
    with pikepdf.open(pdfs[-1]) as pdf:
        assert len(pdf.pages) == len(issue.pages)
        for page, assignment in zip(pdf.pages, issue.pages):
            geometry = assignment.template.page
            media, trim, bleed = (_box(page, n) for n in ("/MediaBox", "/TrimBox", "/BleedBox"))
            assert trim[2] - trim[0] == pytest.approx(geometry.width, abs=0.01)
            assert trim[3] - trim[1] == pytest.approx(geometry.height, abs=0.01)
            for i, sign in enumerate((-1, -1, 1, 1)):
                assert bleed[i] - trim[i] == pytest.approx(sign * geometry.bleed, abs=0.01)
            assert geometry.bleed == pytest.approx(3 * MM, abs=0.01)  # base.yaml: bleed 3mm
            assert media[0] < bleed[0] and media[1] < bleed[1] and media[2] > bleed[2] and media[3] > bleed[3]


RGB_OPERATORS = {"rg", "RG"}


def _rgb_space(space) -> bool:
    """True for DeviceRGB, CalRGB, 3-component ICC, or an Indexed/Separation/DeviceN built on one."""
    if isinstance(space, pikepdf.Name):
        return str(space) in ("/DeviceRGB", "/RGB", "/CalRGB")
    if isinstance(space, pikepdf.Array) and len(space):
        family = str(space[0])
        if family == "/ICCBased":
            return int(space[1].get("/N", 0)) == 3
        if family in ("/CalRGB",):
            return True
        if family == "/Indexed":
            return _rgb_space(space[1])
        if family in ("/Separation", "/DeviceN"):
            return _rgb_space(space[2])
    return False


def _rgb_uses(resources, content_ops, where):
    """Every DeviceRGB operator, colour space or image in a content stream and its resources, recursively."""
    found = []
    spaces = resources.get("/ColorSpace") or {}
    for operands, op in content_ops:
        name = str(op)
        if name in RGB_OPERATORS:
            found.append(f"{where}: {name} operator")
        elif name in ("cs", "CS"):
            space = operands[0]
            resolved = spaces.get(str(space), space) if str(space) in spaces else space
            if _rgb_space(resolved):
                found.append(f"{where}: {name} {space}")
        elif name == "BI":
            inline = operands[0] if operands else None
            if inline is not None and "RGB" in str(getattr(inline, "obj", "")):
                found.append(f"{where}: inline RGB image")
    for key, xobj in (resources.get("/XObject") or {}).items():
        if xobj.get("/Subtype") == "/Image":
            if _rgb_space(xobj.get("/ColorSpace")) or xobj.get("/SMask") is not None:
                found.append(f"{where}: image {key} {xobj.get('/ColorSpace')}")
        elif xobj.get("/Subtype") == "/Form":
            found += _rgb_uses(xobj.get("/Resources") or pikepdf.Dictionary(),
                               pikepdf.parse_content_stream(xobj), f"{where} form {key}")
    return found


def test_no_device_rgb_operator_colour_space_or_image(pdfs):
    for path in pdfs:
        with pikepdf.open(path) as pdf:
            found = []
            for number, page in enumerate(pdf.pages, 1):
                ops = pikepdf.parse_content_stream(page)
                assert len(ops) > 100
                found += _rgb_uses(page.resources, ops, f"{path.name} page {number}")
            images = [o for o in pdf.objects if isinstance(o, pikepdf.Stream) and o.get("/Subtype") == "/Image"]
            found += [f"{path.name}: image {o.objgen}" for o in images if _rgb_space(o.get("/ColorSpace"))]
            assert not found, found


@needs["qpdf"]
def test_qpdf_check_clean(pdfs):
    for path in pdfs:
        proc = subprocess.run(["qpdf", "--check", str(path)], capture_output=True, text=True)
        assert proc.returncode == 0, proc.stdout + proc.stderr
        assert "No syntax or stream encoding errors found" in proc.stdout
        assert "WARNING" not in (proc.stdout + proc.stderr).upper()


def gs_cmyk(path, out_dir, dpi=72):
    """Every page rendered by Ghostscript inside its BleedBox on a CMYK device, as uint8 arrays (H, W, 4)."""
    subprocess.run(["gs", "-q", "-dSAFER", "-dBATCH", "-dNOPAUSE", "-sDEVICE=tiff32nc", f"-r{dpi}", "-dUseBleedBox",
                    f"-sOutputFile={out_dir}/p%03d.tif", str(path)], check=True, capture_output=True)
    pages = []
    for tif in sorted(Path(out_dir).glob("p*.tif")):
        with Image.open(tif) as im:
            assert im.mode == "CMYK"
            pages.append(np.asarray(im))
    return pages


@needs["gs"]
def test_ghostscript_total_ink_within_the_limit_on_every_page(pdfs, issue, tmp_path):
    pages = gs_cmyk(pdfs[-1], tmp_path)
    assert len(pages) == len(issue.pages)
    for number, px in enumerate(pages, 1):
        total = px.astype(np.uint32).sum(axis=2) * 100.0 / 255.0
        assert total.max() <= TAC_LIMIT + 1.0, f"page {number}: {total.max():.0f} %"
        assert (px[..., 3] == 255).sum() > 1000  # there is black text on the page
        geometry = issue.pages[number - 1].template.page
        assert px.shape[1] == pytest.approx(geometry.width + 2 * geometry.bleed, abs=2)  # the bleed box, not the marks


@needs["gs"]
def test_black_text_over_a_tint_keeps_the_tint(sample_fonts, issue, tmp_path):  # noqa: F811
    """A 30 % cyan box under the lead story: under every 100 K glyph pixel C stays what the tint has elsewhere."""
    from layout.compose.render import compose_issue
    from layout.pipeline import RenderOptions, write_issue_files
    from layout.report import Report

    pages = compose_issue(issue, sample_fonts, Report())
    box = issue.page(1).template.region("lead").box
    tint = Rect(box.x, box.y, box.w, box.h * 0.5, fill=Color("Cyan 30", c=0.3, k=0))
    pages[0].items.insert(0, tint)  # painted first: under the text
    assert any(isinstance(i, GlyphRun) and i.fill.k == 1 and not i.fill.c and box.y < i.positions[0][1] < box.y + box.h / 2
               for i in pages[0].items)
    with pytest.MonkeyPatch.context() as mp:
        mp.setenv("SOURCE_DATE_EPOCH", EPOCH)
        paths = write_issue_files(issue, pages, sample_fonts, RenderOptions(out=str(tmp_path), marks=False), Report())
    px = gs_cmyk(paths[0], tmp_path)[0]
    bleed = issue.page(1).template.page.bleed
    x0, y0 = round(box.x + bleed) + 2, round(box.y + bleed) + 2
    x1, y1 = round(box.right + bleed) - 2, round(box.y + box.h * 0.5 + bleed) - 2
    area = px[y0:y1, x0:x1]
    plain = area[area[..., 3] == 0][:, 0]
    under_glyphs = area[area[..., 3] == 255][:, 0]
    assert len(under_glyphs) > 500 and len(plain) > 500
    tint_value = int(np.bincount(plain).argmax())
    assert tint_value == pytest.approx(0.3 * 255, abs=1)
    assert set(np.unique(under_glyphs)) == {tint_value}  # a knockout would leave C = 0 under the glyphs


def test_issue_pdf_has_page_labels_and_bookmarks(pdfs, issue):
    with pikepdf.open(pdfs[-1]) as pdf:
        nums = list(pdf.Root.PageLabels.Nums)
        assert [int(n) for n in nums[0::2]] == list(range(len(issue.pages)))
        assert [int(d.get("/St", 0)) for d in nums[1::2]] == [p.number for p in issue.pages]
        with pdf.open_outline() as outline:
            top = outline.root
            assert [item.title.split()[0] for item in top] == [f"第{p.number}版" for p in issue.pages]
            assert len(top[0].children) >= 2  # the lead and the second story
            assert all(child.destination is not None for item in top for child in item.children)


def test_rendering_twice_gives_byte_identical_pdfs(printed, pdfs, sample_fonts, tmp_path):  # noqa: F811
    rc = render([SAMPLE / "issue.yaml", "-o", tmp_path, "--no-preflight"], sample_fonts)
    assert rc == 0
    for path in pdfs:
        again = tmp_path / path.name
        assert again.read_bytes() == path.read_bytes(), f"{path.name} differs between two renders"


@needs["gs"]
def test_no_marks_and_an_embedded_icc_profile(sample_fonts, tmp_path, capsys):  # noqa: F811
    """--no-marks: MediaBox = BleedBox and no registration colour; --icc-profile: embedded, preflight passes."""
    profile = Path("/usr/share/color/icc/ghostscript/default_cmyk.icc")  # comes with Ghostscript
    if not profile.is_file():
        pytest.skip("Ghostscript's default_cmyk.icc not installed")
    rc = render([SAMPLE / "issue.yaml", "-o", tmp_path, "--no-marks", "--icc-profile", profile], sample_fonts)
    out = capsys.readouterr().out
    assert rc == 0, out
    assert f"preflight {STEM}.pdf: OK" in out
    with pikepdf.open(tmp_path / f"{STEM}.pdf") as pdf:
        for page in pdf.pages:
            assert _box(page, "/MediaBox") == pytest.approx(_box(page, "/BleedBox"), abs=0.01)
            assert "/All" not in str(page.resources.get("/ColorSpace", {}))
        embedded = pdf.Root.OutputIntents[0].DestOutputProfile.read_bytes()
        assert embedded == profile.read_bytes() and embedded[12:20] == b"prtrCMYK"


def test_a_non_cmyk_or_missing_icc_profile_is_a_clear_error(tmp_path, capsys):
    rgb = tmp_path / "rgb.icc"
    header = bytearray(128)
    header[12:20], header[36:40] = b"mntrRGB ", b"acsp"
    rgb.write_bytes(bytes(header))
    assert main(["issue", "-o", str(tmp_path / "o"), "--icc-profile", str(rgb)]) == 2
    err = capsys.readouterr().err
    assert "rgb.icc" in err and "'mntr'" in err and "prtr CMYK" in err and "Traceback" not in err
    assert main(["issue", "-o", str(tmp_path / "o"), "--icc-profile", str(tmp_path / "none.icc")]) == 2
    assert "no such file" in capsys.readouterr().err
    assert not (tmp_path / "o").exists()


def test_a_template_hairline_is_warned_and_fails_preflight(sample_fonts, tmp_path, capsys):  # noqa: F811
    root = Path(__file__).resolve().parent.parent
    shutil.copytree(SAMPLE, tmp_path / "samples" / SAMPLE.name)
    shutil.copytree(root / "templates", tmp_path / "templates")
    front = tmp_path / "templates" / "front.yaml"
    text = front.read_text(encoding="utf-8")
    assert "rule: {width: 0.75pt}" in text
    front.write_text(text.replace("rule: {width: 0.75pt}", "rule: {width: 0.1pt}"), encoding="utf-8")
    rc = render([tmp_path / "samples" / SAMPLE.name / "issue.yaml", "-o", tmp_path / "out", "--no-marks"], sample_fonts)
    out = capsys.readouterr().out
    assert rc == 1
    assert "warning: page 1: rule 0.1 pt at" in out and "thinner than 0.25 pt" in out
    assert f"preflight {STEM}-01.pdf: FAILED (thinnest-rule)" in out
    assert f"preflight {STEM}.pdf: thinnest-rule: thinnest 0.100 pt" in out


def test_missing_tools_are_warnings_and_a_failing_checker_an_error(pdfs, monkeypatch):
    """Without gs, qpdf and pdffonts the report says n/a for each; a crashing checker is an error (fail closed)."""
    import argparse

    import layout.preflight.fonts as pf_fonts
    import layout.preflight.tools as pf_tools
    from layout.report import Report

    files = [str(p) for p in pdfs]  # page files, then the issue PDF (as render_issue lists them)
    monkeypatch.setattr(pf_tools.shutil, "which", lambda name: None)
    monkeypatch.setattr(pf_fonts.shutil, "which", lambda name: None)
    report = Report(stats={"files": files})
    issue_cli.preflight_written(report, argparse.Namespace(tac_limit=None, min_ppi=None))
    assert not report.errors
    text = "\n".join(report.warnings)
    for what in ("total-ink: n/a: Ghostscript", "qpdf-check: n/a", "pdffonts: n/a"):
        assert what in text
    assert "n/a" in report.stats[f"preflight {STEM}.pdf"]

    def broken(*args, **kwargs):
        raise RuntimeError("checker bug")

    monkeypatch.setattr("layout.preflight.preflight_issue", broken)
    report = Report(stats={"files": files})
    issue_cli.preflight_written(report, argparse.Namespace())
    assert any("preflight could not run" in e and "NOT checked" in e for e in report.errors)  # fails closed


def test_no_preflight_is_never_silent(tmp_path):
    import argparse

    from layout.report import Report

    report = Report(stats={"files": [str(tmp_path / "x.pdf")]})
    issue_cli.preflight_written(report, argparse.Namespace(no_preflight=True))
    assert any("preflight skipped (--no-preflight)" in w for w in report.warnings)


def test_the_rgb_walker_finds_rgb_operators_spaces_and_forms():
    """The independent walker used above is not blind: rg, an ICC N=3 space and RGB inside a form are found."""
    pdf = pikepdf.new()
    pdf.add_blank_page()
    icc = pdf.make_stream(b"\0" * 128, N=3)
    form = pdf.make_stream(b"0 0 1 RG 0 0 m 1 1 l S", Type=pikepdf.Name.XObject, Subtype=pikepdf.Name.Form,
                           BBox=[0, 0, 1, 1])
    page = pdf.pages[0]
    page.obj.Resources = pikepdf.Dictionary(ColorSpace=pikepdf.Dictionary(CS0=pikepdf.Array([pikepdf.Name.ICCBased, icc])),
                                            XObject=pikepdf.Dictionary(Fm0=form))
    page.obj.Contents = pdf.make_stream(b"1 0 0 rg /CS0 cs 0 0 1 0 re f /Fm0 Do 0 0 0 1 k")
    found = _rgb_uses(page.resources, pikepdf.parse_content_stream(page), "p")
    assert found == ["p: rg operator", "p: cs /CS0", "p form /Fm0: RG operator"]


def _sample_with_picture(tmp_path, name, make):
    """A copy of the sample issue whose labour-day photo is the file ``name`` written by ``make(path)``."""
    folder = tmp_path / "issue"
    shutil.copytree(SAMPLE, folder, ignore=shutil.ignore_patterns("seed"))
    make(folder / name)
    article = folder / "labour-day.txt"
    article.write_text(article.read_text(encoding="utf-8").replace("image: photo-labour-day.png", f"image: {name}"),
                       encoding="utf-8")
    issue_yaml = folder / "issue.yaml"
    templates = (SAMPLE / "../../templates").resolve()
    issue_yaml.write_text(issue_yaml.read_text(encoding="utf-8").replace("templates: ../../templates",
                                                                         f"templates: {templates}"), encoding="utf-8")
    return issue_yaml


def _ad_pdf(fonts):
    def make(path):
        from layout.display import Page
        from layout.pdf import PdfMeta, write_pdf

        face = fonts.face("hei")
        text = "公益广告文明出行"
        page = Page(400, 260)
        page.add(Rect(0, 0, 400, 260, fill=Color("M20", 0, 0.2, 0, 0)))
        page.add(GlyphRun("hei", 30, tuple(face.gid(c) for c in text), tuple((20 + 30 * i, 120) for i in range(len(text))),
                          tuple(text)))
        write_pdf([page], fonts, str(path), PdfMeta(title="ad"))
    return make


PICTURES = {
    "cmyk300.tif": lambda path: Image.new("CMYK", (1200, 800), (191, 191, 191, 191)).save(path),
    "rgb.jpg": lambda path: Image.effect_noise((1200, 800), 90).convert("RGB").save(path, quality=90),
}


@needs["gs"]
@pytest.mark.parametrize("name", sorted(PICTURES))
def test_a_300_percent_cmyk_photo_and_an_rgb_photo_render_and_pass_the_ink_check(sample_fonts, tmp_path, name,  # noqa: F811
                                                                                capsys):
    issue_yaml = _sample_with_picture(tmp_path, name, PICTURES[name])
    rc = render([issue_yaml, "-o", tmp_path / "out"], sample_fonts)
    report = capsys.readouterr().out
    assert rc == 0, report
    ink = next(l for l in report.splitlines() if l.startswith(f"preflight {STEM}.pdf: "))
    assert ink.startswith(f"preflight {STEM}.pdf: OK") and "max ink" in ink, ink


def test_a_pdf_ad_is_placed_as_vector_content_in_the_text_layer(sample_fonts, tmp_path, capsys):  # noqa: F811
    import pdfplumber

    issue_yaml = _sample_with_picture(tmp_path, "ad.pdf", _ad_pdf(sample_fonts))
    rc = render([issue_yaml, "-o", tmp_path / "out", "--no-preflight"], sample_fonts)
    assert rc == 0, capsys.readouterr().out
    page_file = tmp_path / "out" / f"{STEM}-01.pdf"
    with pdfplumber.open(page_file) as pdf:
        assert "公益广告文明出行" in pdf.pages[0].extract_text().replace(" ", "").replace("\n", "")
    with pikepdf.open(page_file) as pdf:
        xobjects = pdf.pages[0].Resources.XObject
        assert [str(x.Subtype) for x in xobjects.values()] == ["/Form"]  # the ad, and no raster in its place


def test_an_issue_slot_places_a_chosen_page_of_a_pdf_ad(sample_fonts, tmp_path, capsys):  # noqa: F811
    import pdfplumber

    from layout.display import Page
    from layout.pdf import PdfMeta, write_pdf

    face = sample_fonts.face("hei")
    pages = []
    for text in ("第一页广告", "第二页广告"):
        page = Page(400, 260)
        page.add(GlyphRun("hei", 30, tuple(face.gid(c) for c in text), tuple((20 + 30 * i, 120) for i in range(len(text))),
                          tuple(text)))
        pages.append(page)
    issue_yaml = _sample_with_picture(tmp_path, "ad.pdf", lambda path: write_pdf(pages, sample_fonts, str(path),
                                                                                PdfMeta(title="ad")))
    text = issue_yaml.read_text(encoding="utf-8")
    slot = "    slots:\n      lead: lead.txt\n"
    assert slot in text
    issue_yaml.write_text(text.replace(slot, slot + "      photo: {image: ad.pdf, page: 2, credit: 广告}\n", 1),
                          encoding="utf-8")
    rc = render([issue_yaml, "-o", tmp_path / "out", "--no-preflight"], sample_fonts)
    assert rc == 0, capsys.readouterr().out
    with pdfplumber.open(tmp_path / "out" / f"{STEM}-01.pdf") as pdf:
        flat = pdf.pages[0].extract_text().replace(" ", "").replace("\n", "")
    assert "第二页广告" in flat and "第一页广告" not in flat
    issue_yaml.write_text(issue_yaml.read_text(encoding="utf-8").replace("page: 2", "page: 5"), encoding="utf-8")
    capsys.readouterr()
    assert main(["check", str(issue_yaml)]) in (0, 1)
    captured = capsys.readouterr()
    assert "slots.photo.page: 'ad.pdf' cannot be used: it has no page 5 (it has 2)" in captured.out + captured.err
