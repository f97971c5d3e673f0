"""Pages made by other tools (Typst, reportlab) and pdftotext output import with every article, exact
headline stacks, body text in order, exact paragraph counts and no ASCII punctuation between Han."""
import shutil
import subprocess
from pathlib import Path

import pytest

from layout.model.article import parse_article
from layout.model.content import read_issue
from layout.model.errors import Diagnostics
from layout.reprint.importer import import_source
from layout.reprint.repair import ascii_between_han
from layout.reprint.writer import write_import

from .pages import MASTHEAD, half_width, make_reportlab_page, make_typst_page, sample_stories


def _articles(out: Path):
    return [parse_article(p.read_text(encoding="utf-8"), p, Diagnostics()) for p in sorted(out.glob("article-*.txt"))]


def _check(out: Path, result, stories, exact_text: bool):
    issue, diags = read_issue(out / "issue.yaml")
    assert not diags.errors, [str(d) for d in diags.errors]
    got = _articles(out)
    assert len(got) == len(stories)
    for story, art in zip(stories, got):
        assert (list(art.kicker), list(art.headline), list(art.subhead)) == (story.kicker, story.headline,
                                                                           story.subhead)
        assert art.byline == story.byline
        have = [p.text for p in art.paragraphs]
        assert len(have) == len(story.paragraphs), (story.headline, have)
        if exact_text:
            assert have == story.paragraphs
        else:  # Han characters all there, in order
            han = lambda ps: [c for c in "".join(ps) if "\u4e00" <= c <= "\u9fff"]  # noqa: E731
            assert han(have) == han(story.paragraphs)
        for text in have:
            assert not ascii_between_han(text), text
    assert result.paper["name"] == MASTHEAD[0] and result.paper["date"] == "2018-04-28"
    assert (result.paper["number"], result.paper["total_number"]) == ("36", "1708")


@pytest.mark.parametrize("columns,indent,small", [(2, True, 14), (4, True, 14), (3, False, 14), (4, True, 10)])
def test_typst_page_pdf(tmp_path, columns, indent, small):
    pytest.importorskip("typst")
    stories = sample_stories()
    pdf = make_typst_page(tmp_path / "page.pdf", stories, columns, indent, small)
    result = import_source(pdf)
    write_import(result, tmp_path / "out")
    _check(tmp_path / "out", result, stories, exact_text=True)


@pytest.mark.skipif(not shutil.which("pdftotext"), reason="poppler-utils not installed")
def test_typst_page_pdftotext_half_width(tmp_path):
    pytest.importorskip("typst")
    stories = sample_stories()
    pdf = make_typst_page(tmp_path / "page.pdf", stories, 2)
    text = subprocess.run(["pdftotext", str(pdf), "-"], capture_output=True, text=True, check=True).stdout
    source = tmp_path / "page.txt"
    source.write_text(half_width(text), encoding="utf-8")
    assert "," in source.read_text(encoding="utf-8")
    result = import_source(source)
    write_import(result, tmp_path / "out")
    _check(tmp_path / "out", result, stories, exact_text=True)
    assert "half-width mark beside Han" in (tmp_path / "out" / "IMPORT.md").read_text(encoding="utf-8")


@pytest.mark.parametrize("encoding,newline,bom", [("gb18030", "\r\n", ""), ("utf-8", "\r\n", "\ufeff")])
def test_seed_in_other_encodings(tmp_path, encoding, newline, bom):
    seed = Path(__file__).resolve().parents[2] / "samples" / "issue-2018-04-28" / "seed" / "front-page-extracted.txt"
    text = bom + seed.read_text(encoding="utf-8").replace("\n", newline)
    source = tmp_path / "seed.txt"
    source.write_bytes(text.encode(encoding))
    reference = import_source(seed)
    result = import_source(source)
    assert [[p.text for p in a.paragraphs] for a in result.articles] == \
        [[p.text for p in a.paragraphs] for a in reference.articles]
    assert [a.headline for a in result.articles] == [a.headline for a in reference.articles]
    assert result.paper == reference.paper
    assert (encoding == "gb18030") == bool(result.notes)  # a GB18030 file is read with a note


def test_unreadable_source_is_a_clear_error(tmp_path):
    from layout.cli import main

    missing = tmp_path / "nope.pdf"
    assert main(["import", str(missing), "-o", str(tmp_path / "out")]) == 2
    broken = tmp_path / "broken.pdf"
    broken.write_bytes(b"not a pdf at all")
    assert main(["import", str(broken), "-o", str(tmp_path / "out")]) == 2


def test_reportlab_page_with_typed_indents(tmp_path):
    stories = sample_stories()
    for story in stories:  # STSong-Light has no glyph for the middle dot
        story.paragraphs = [p.replace("·", "") for p in story.paragraphs]
    pdf = make_reportlab_page(tmp_path / "page.pdf", stories)
    result = import_source(pdf)
    write_import(result, tmp_path / "out")
    _check(tmp_path / "out", result, stories, exact_text=True)


@pytest.mark.skipif(not shutil.which("pdftotext"), reason="poppler-utils not installed")
def test_reportlab_page_pdftotext_half_width(tmp_path):
    """pdftotext drops the typed indents and sets the headline's second phrase apart; paragraph ends at a full
    last line cannot be seen in the text, so at least three of the four articles keep their exact count."""
    stories = sample_stories()
    for story in stories:
        story.paragraphs = [p.replace("·", "") for p in story.paragraphs]
    pdf = make_reportlab_page(tmp_path / "page.pdf", stories)
    text = subprocess.run(["pdftotext", str(pdf), "-"], capture_output=True, text=True, check=True).stdout
    source = tmp_path / "page.txt"
    source.write_text(half_width(text), encoding="utf-8")
    result = import_source(source)
    write_import(result, tmp_path / "out")
    got = _articles(tmp_path / "out")
    assert len(got) == len(stories)
    han = lambda ps: [c for c in "".join(ps) if "\u4e00" <= c <= "\u9fff"]  # noqa: E731
    exact = 0
    for story, art in zip(stories, got):
        assert (list(art.kicker), list(art.headline), list(art.subhead)) == (story.kicker, story.headline,
                                                                           story.subhead)
        have = [p.text for p in art.paragraphs]
        assert han(have) == han(story.paragraphs)
        assert all(not ascii_between_han(t) for t in have)
        exact += len(have) == len(story.paragraphs)
    assert exact >= 3


def test_page_without_text_layer_is_an_error(tmp_path):
    from reportlab.pdfgen import canvas

    from layout.cli import main

    scan = tmp_path / "scan.pdf"
    pdf = canvas.Canvas(str(scan))
    pdf.rect(100, 100, 200, 200)
    pdf.save()
    assert main(["import", str(scan), "-o", str(tmp_path / "out")]) == 1
    log = (tmp_path / "out" / "IMPORT.md").read_text(encoding="utf-8")
    assert "no text layer" in log
