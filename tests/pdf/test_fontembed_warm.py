"""A warm process re-embeds a repeated glyph set from memory, with the same bytes (fontembed.font_program)."""
import io

import pdfplumber
import pytest

from layout.fonts import instance
from layout.pdf import PdfMeta, fontembed, render_pdf_bytes
from tests.pdf.test_writer import PARAGRAPHS, sample_pages


@pytest.fixture
def cuts(monkeypatch, tmp_path):
    """The subsets cut by HarfBuzz, recorded, with an empty subset cache on disk and in memory."""
    monkeypatch.setenv("BAOBAN_CACHE", str(tmp_path))
    made = []
    real = instance.subset_for_pdf
    monkeypatch.setattr(instance, "subset_for_pdf", lambda *a: made.append(a) or real(*a))
    monkeypatch.setattr(fontembed, "_PROGRAMS", {})
    return made


def test_second_render_reuses_the_subset_and_writes_the_same_bytes(fontset, cuts):
    pages = sample_pages(fontset)
    first = render_pdf_bytes(pages, fontset, PdfMeta(title="warm"))
    second = render_pdf_bytes(pages, fontset, PdfMeta(title="warm"))
    assert len(cuts) == 1 and first == second
    with pdfplumber.open(io.BytesIO(second)) as pdf:
        text = "".join(c["text"] for c in pdf.pages[0].chars)
    assert PARAGRAPHS[0][:12] in text


def test_another_glyph_set_is_cut_again_and_few_programs_are_kept(fontset, monkeypatch, cuts):
    monkeypatch.setattr(fontembed, "PROGRAMS_KEPT", 2)
    pages = sample_pages(fontset)
    for k in range(4):  # drop the last item each time: the rule (same glyphs), the vertical run, a paragraph
        if k:
            pages[0].items.pop()
        render_pdf_bytes(pages, fontset, PdfMeta(title="warm"))
    assert len(cuts) == 3 and len(fontembed._PROGRAMS) == 2


def test_a_new_process_gets_the_subset_from_disk_and_a_damaged_entry_is_cut_again(fontset, tmp_path, cuts):
    pages = sample_pages(fontset)
    first = render_pdf_bytes(pages, fontset, PdfMeta(title="disk"))
    fontembed._PROGRAMS.clear()  # as a new process
    assert render_pdf_bytes(pages, fontset, PdfMeta(title="disk")) == first and len(cuts) == 1
    (entry,) = (tmp_path / "subsets").glob("*.bin")
    entry.write_bytes(entry.read_bytes()[:-10] + b"0123456789")  # damaged: the hash no longer matches
    fontembed._PROGRAMS.clear()
    assert render_pdf_bytes(pages, fontset, PdfMeta(title="disk")) == first and len(cuts) == 2


def test_only_the_newest_subsets_stay_on_disk(fontset, monkeypatch, tmp_path):
    monkeypatch.setenv("BAOBAN_CACHE", str(tmp_path))
    monkeypatch.setattr(fontembed, "_PROGRAMS", {})
    monkeypatch.setattr(fontembed, "SUBSETS_KEPT", 2)
    pages = sample_pages(fontset)
    for k in range(4):  # the rule (same glyphs), then the vertical run and a paragraph go: three glyph sets
        if k:
            pages[0].items.pop()
        render_pdf_bytes(pages, fontset, PdfMeta(title="disk"))
    assert len(list((tmp_path / "subsets").glob("*.bin"))) == 2


def test_the_disk_entry_is_the_program_deflated_and_a_new_process_embeds_it_without_deflating(fontset, monkeypatch, tmp_path):
    import zlib

    monkeypatch.setenv("BAOBAN_CACHE", str(tmp_path))
    monkeypatch.setattr(fontembed, "_PROGRAMS", {})
    monkeypatch.setattr(fontembed, "_DEFLATED", {})
    pages = sample_pages(fontset)
    first = render_pdf_bytes(pages, fontset, PdfMeta(title="disk"))
    (entry,) = (tmp_path / "subsets").glob("*.bin")
    head, _, stored = entry.read_bytes().partition(b"\n")
    assert head.startswith(b"baoban-subset 2 cff ")
    fontembed._PROGRAMS.clear()  # as a new process
    fontembed._DEFLATED.clear()
    deflates = []
    real = zlib.compress
    monkeypatch.setattr(fontembed.zlib, "compress", lambda data, *a: deflates.append(len(data)) or real(data, *a))
    assert render_pdf_bytes(pages, fontset, PdfMeta(title="disk")) == first
    assert len(zlib.decompress(stored)) not in deflates, "the font program was deflated again"
    assert stored in first, "the PDF embeds the stored stream as it is"


def test_a_disk_entry_that_inflates_past_the_limit_is_cut_again_not_inflated(fontset, monkeypatch, tmp_path, cuts):
    import hashlib
    import zlib

    pages = sample_pages(fontset)
    first = render_pdf_bytes(pages, fontset, PdfMeta(title="disk"))
    (entry,) = (tmp_path / "subsets").glob("*.bin")
    head = entry.read_bytes().partition(b"\n")[0].split(b" ")
    bomb = zlib.compress(b"\0" * 200_000)  # a few hundred bytes that inflate to 200 KB, with a matching hash
    entry.write_bytes(b" ".join(head[:3] + [hashlib.sha256(bomb).hexdigest().encode()]) + b"\n" + bomb)
    monkeypatch.setattr(fontembed, "MAX_PROGRAM_BYTES", 100_000)
    fontembed._PROGRAMS.clear()  # as a new process
    assert render_pdf_bytes(pages, fontset, PdfMeta(title="disk")) == first and len(cuts) == 2


def test_font_tables_are_kept_for_the_same_glyphs_and_texts_only(fontset):
    # a warm process reuses a font's W/W2 arrays and deflated ToUnicode CMaps for the same (glyph, text)
    # pairs and CIDs; a glyph standing for another text makes new ones
    import zlib

    from layout.pdf import fontembed as FE

    face = fontset.face("song")

    def tables(text, vertical=False):
        use = FE.FontUse(face)
        gids = [face.gid(c) for c in text]
        use.add_run(gids, list(text), vertical)
        FE.font_program(use)  # cut: the CIDs are known
        return FE.font_tables(use)

    first = tables("中文排版")
    assert tables("中文排版") is first
    other = tables("中文排版测试")
    assert other is not first
    assert b"6D4B" in zlib.decompress(other[2][0]).upper()  # 测 is in the new CMap
    assert tables("中文排版", vertical=True)[1] is not None and first[1] is None
