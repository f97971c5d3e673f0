"""Issue assembly read back with pikepdf, poppler and qpdf: labels, bookmarks, metadata, PDF/X keys, determinism."""
import os
import shutil
import subprocess

import pikepdf
import pytest

from layout.display import BLACK, Color, GlyphRun, Page, Rect, Rule
from layout.pdf import PdfMeta, write_pdf
from layout.pdf.assemble import ArticleMark, AssembleError, IssueInfo, assemble_issue, issue_title, page_file_name

DATE = 1524873600  # 2018-04-28T00:00Z
TEXTS = ["区委书记带领代表团", "五一劳动节快乐", "社区新闻热线"]


def one_page(fontset, text, number):
    face = fontset.face("song")
    gids = tuple(face.gid(c) for c in text)
    page = Page(160, 100 + 10 * number, bleed=8.504, number=number)
    page.add(Rect(-8.504, 10, 176, 20, fill=Color("Cyan 30", 0.3, 0, 0, 0)))
    page.add(GlyphRun("song", 12, gids, tuple((10 + 12 * i, 30.0) for i in range(len(text))), tuple(text), fill=BLACK))
    page.add(Rule(10, 60, 150, 60, width=0.5))
    return page


@pytest.fixture(scope="module")
def page_files(fontset, tmp_path_factory):
    folder = tmp_path_factory.mktemp("pages")
    paths = []
    for number, text in enumerate(TEXTS, 1):
        path = str(folder / page_file_name("20180428", number))
        write_pdf([one_page(fontset, text, number)], fontset, path, PdfMeta(title=f"page {number}", date=DATE))
        paths.append(path)
    return paths


INFO = IssueInfo(issue_title("石景山报", "2018-04-28", 36), subject="石景山区委机关报", keywords="石景山, 劳动节")
LABELS = ["1", "2", "A3"]
TITLES = ["第1版 要闻", "第2版 要闻", "第A3版 社区"]
ARTICLES = [(0, "区委书记带领代表团赴青海", 30.0), (0, "短讯", 55.0), (2, "社区热线", 12.5)]


@pytest.fixture(scope="module")
def issue(page_files, tmp_path_factory):
    out = str(tmp_path_factory.mktemp("issue") / "20180428.pdf")
    assemble_issue(page_files, out, INFO, LABELS, TITLES, ARTICLES)
    return out


def test_names_and_title_helpers():
    assert page_file_name("20180428", 1) == "20180428-01.pdf"
    assert page_file_name("20180428", 12, digits=3) == "20180428-012.pdf"
    assert issue_title("石景山报", "2018-04-28", 36) == "石景山报 2018-04-28 第36期"


def test_page_labels_are_the_banci(issue):
    with pikepdf.open(issue) as pdf:
        assert [p.label for p in pdf.pages] == LABELS


def test_bookmarks_pages_then_articles_at_their_y(issue, page_files):
    with pikepdf.open(issue) as pdf:
        with pdf.open_outline() as outline:
            roots = list(outline.root)
            assert [o.title for o in roots] == TITLES
            assert [c.title for c in roots[0].children] == ["区委书记带领代表团赴青海", "短讯"]
            assert [c.title for c in roots[2].children] == ["社区热线"] and not roots[1].children
            page_refs = [p.obj.objgen for p in pdf.pages]
            assert [o.destination[0].objgen for o in roots] == page_refs
            dest = roots[0].children[0].destination
            trim = [float(v) for v in pdf.pages[0].obj.TrimBox]
            assert dest[0].objgen == page_refs[0] and str(dest[1]) == "/XYZ"
            assert float(dest[2]) == pytest.approx(trim[0]) and float(dest[3]) == pytest.approx(trim[3] - 30.0)
            assert roots[2].children[0].destination[0].objgen == page_refs[2]


def test_metadata_and_pdfx_keys_survive(issue, page_files):
    with pikepdf.open(issue) as pdf, pikepdf.open(page_files[0]) as first:
        info = pdf.docinfo
        assert str(info.Title) == "石景山报 2018-04-28 第36期"
        assert str(info.Subject) == "石景山区委机关报" and str(info.Keywords) == "石景山, 劳动节"
        for key in ("/GTS_PDFXVersion", "/GTS_PDFXConformance", "/CreationDate", "/ModDate"):
            assert str(info[key]) == str(first.docinfo[key])
        assert info.Trapped == pikepdf.Name("/False")
        intents = pdf.Root.OutputIntents
        assert len(intents) == 1 and intents[0].S == "/GTS_PDFX"
        assert str(intents[0].OutputConditionIdentifier) == "IFRA26"
        assert str(intents[0].RegistryName) == "http://www.color.org"
        assert len(pdf.trailer.ID) == 2 and bytes(pdf.trailer.ID[0]) == bytes(pdf.trailer.ID[1])
        assert pdf.pdf_version == "1.3"
    with open(issue, "rb") as f:
        assert f.read(8) == b"%PDF-1.3"


def test_boxes_and_text_travel_with_each_page(issue, page_files):
    with pikepdf.open(issue) as pdf:
        for page, path in zip(pdf.pages, page_files):
            with pikepdf.open(path) as src:
                for box in ("/MediaBox", "/TrimBox", "/BleedBox"):
                    assert [float(v) for v in page.obj[box]] == [float(v) for v in src.pages[0].obj[box]]
    if shutil.which("pdftotext"):
        for n, text in enumerate(TEXTS, 1):
            out = subprocess.run(["pdftotext", "-q", "-f", str(n), "-l", str(n), issue, "-"],
                                 capture_output=True, text=True, check=True).stdout
            assert text in out.replace(" ", "")


@pytest.mark.skipif(not shutil.which("qpdf"), reason="qpdf not installed")
def test_qpdf_check_is_clean(issue):
    proc = subprocess.run(["qpdf", "--check", issue], capture_output=True, text=True)
    assert proc.returncode == 0 and "No syntax or stream encoding errors" in proc.stdout


def test_assembled_issue_passes_preflight(issue):
    from layout.preflight import Limits, preflight

    result = preflight(issue, Limits(dpi=36))
    assert result.ok, result.format()
    assert result.get("boxes").data["bleed_mm"] == [3.0, 3.0, 3.0]


def test_same_inputs_give_identical_bytes_and_other_inputs_another_id(page_files, issue, tmp_path):
    again = str(tmp_path / "again.pdf")
    assemble_issue(page_files, again, INFO, LABELS, TITLES, ARTICLES)
    with open(issue, "rb") as a, open(again, "rb") as b:
        assert a.read() == b.read()
    other = str(tmp_path / "other.pdf")
    assemble_issue(page_files, other, IssueInfo("石景山报 2018-04-28 第37期"), LABELS, TITLES, ARTICLES)
    with pikepdf.open(issue) as x, pikepdf.open(other) as y:
        assert bytes(x.trailer.ID[0]) != bytes(y.trailer.ID[0])


def test_defaults_label_pages_by_order(page_files, tmp_path):
    out = str(tmp_path / "plain.pdf")
    assemble_issue(page_files[:2], out, IssueInfo("t"))
    with pikepdf.open(out) as pdf:
        assert [p.label for p in pdf.pages] == ["1", "2"]
        with pdf.open_outline() as outline:
            assert [o.title for o in outline.root] == ["第1版", "第2版"]


def test_failed_write_keeps_the_old_file_and_leaves_no_partial(page_files, tmp_path, monkeypatch):
    out = tmp_path / "issue.pdf"
    out.write_bytes(b"previous issue")
    def boom(self, stream, **options):
        stream.write(b"half")
        raise OSError("disk full")

    monkeypatch.setattr(pikepdf.Pdf, "save", boom)
    with pytest.raises(OSError):
        assemble_issue(page_files, str(out), INFO)
    assert out.read_bytes() == b"previous issue"
    assert os.listdir(tmp_path) == ["issue.pdf"]


def test_user_errors_name_the_problem(page_files, tmp_path):
    out = str(tmp_path / "x.pdf")
    with pytest.raises(AssembleError, match="20180428-09.pdf: page file not found"):
        assemble_issue(page_files + [str(tmp_path / "20180428-09.pdf")], out, INFO)
    with pytest.raises(AssembleError, match="2 labels for 3 page files"):
        assemble_issue(page_files, out, INFO, labels=["1", "2"])
    with pytest.raises(AssembleError, match="page index 5"):
        assemble_issue(page_files, out, INFO, articles=[ArticleMark(5, "lost", 0)])
    junk = tmp_path / "junk.pdf"
    junk.write_bytes(b"not a pdf")
    with pytest.raises(AssembleError, match="junk.pdf"):
        assemble_issue([str(junk)], out, INFO)
    assert not os.path.exists(out)


def test_pages_with_another_output_condition_are_refused(page_files, tmp_path):
    odd = str(tmp_path / "odd.pdf")
    with pikepdf.open(page_files[1]) as pdf:
        pdf.Root.OutputIntents[0].OutputConditionIdentifier = "FOGRA39"
        pdf.save(odd)
    with pytest.raises(AssembleError, match="FOGRA39"):
        assemble_issue([page_files[0], odd], str(tmp_path / "x.pdf"), INFO)


def test_issue_file_gets_the_mode_the_umask_allows(page_files, tmp_path):
    old = os.umask(0o027)
    try:
        out = assemble_issue(page_files, str(tmp_path / "issue.pdf"), INFO)
    finally:
        os.umask(old)
    assert os.stat(out).st_mode & 0o777 == 0o640  # not mkstemp's private 0600
