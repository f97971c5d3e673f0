"""Positions in IMPORT.md: a PDF source's items give the page and x, y in pt from the top-left; never ``l0 c0``."""
import re

from layout.reprint.importer import import_source
from layout.reprint.model import Where
from layout.reprint.writer import write_import

from .pages import make_typst_page, sample_stories

PDF_POSITION = re.compile(r"^(\S+\.pdf )?p\d+ x \d+\.\d y \d+\.\d pt$")


def test_where_text_pdf_and_whole_page():
    assert str(Where(2, 14, 3, source="a.txt")) == "a.txt p2 l14 c3"
    assert str(Where(1, x=311.66, y=784.0, source="a.pdf")) == "a.pdf p1 x 311.7 y 784.0 pt"
    assert str(Where(3)) == "p3"  # a decision about the whole page: no made-up line 0, column 0


def test_pdf_import_positions_are_page_and_coordinates(tmp_path):
    pdf = make_typst_page(tmp_path / "page.pdf", sample_stories())
    result = import_source(pdf)
    write_import(result, tmp_path / "out")
    log = (tmp_path / "out" / "IMPORT.md").read_text(encoding="utf-8")
    assert "l0 c0" not in log
    review = log.split("## To review")[1].split("## Changes")[0]
    items = [line[len("- [ ] "):] for line in review.splitlines() if line.startswith("- [ ] ")]
    pages = [i for i in items if "pages the masthead announces (本期8版)" in i]
    assert len(pages) == 1 and result.masthead  # the 报头 of a one-page source that says 本期8版
    where = pages[0].split(":")[0]
    assert PDF_POSITION.match(where), where
    x0, top, _x1, _bottom = result.masthead[1]
    assert where.endswith(f"x {x0:.1f} y {top:.1f} pt")
    for item in items:  # every review item of a PDF source points at a place on a page
        place = re.split(r" \(article-\d+\)|: ", item)[0]
        assert PDF_POSITION.match(place), item
    rows = [row.split(" | ")[0].lstrip("| ") for row in log.split("## Changes")[1].splitlines() if row.startswith("| ")]
    changes = [r for r in rows if r != "where"]  # the table's header row left out
    assert changes and all(PDF_POSITION.match(r) for r in changes), changes[:5]
