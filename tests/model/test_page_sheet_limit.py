"""A trim size passes check only when its sheet (bleed and the printer's-mark band on every side) fits PDF's
14,400 pt page limit, and the range the message states is inclusive and true."""
import re

import pypdf
import pytest

from layout import units
from layout.model import sheet
from layout.model.content import load_issue
from layout.pipeline import render_issue
from layout.report import Report
from tests.model.helpers import MINIMAL, messages, only_error_at, write


def template(size: str, bleed: str = "3mm") -> str:
    """MINIMAL with ``size`` and ``bleed``."""
    return MINIMAL.replace("size: A4\n", f"size: {size}\n  bleed: {bleed}\n")


def stated_max(message: str) -> float:
    """The largest side, in mm, a refusal message states."""
    return float(re.search(r"between 10 mm and ([\d.]+) mm inclusive", message).group(1))


@pytest.mark.parametrize("size", ["5079x300mm", "5080x300mm", "{width: 300mm, height: 5079mm}"])
def test_a_side_whose_sheet_exceeds_the_limit_is_refused_stating_the_true_inclusive_range(tmp_path, size):
    path = write(tmp_path, "t.yaml", template(size))
    message = only_error_at(path, size, "each side must be between 10 mm and")
    top = stated_max(message)
    assert top == sheet.max_trim_side_mm(3 * units.MM) < 5079
    assert "3.0 mm bleed" in message and "printer's-mark band" in message
    for bleed in ("0mm", "3mm"):  # the stated maximum passes; a millimetre more does not
        limit = sheet.max_trim_side_mm(float(bleed[:-2]) * units.MM)
        assert messages(write(tmp_path, "ok.yaml", template(f"{limit}x300mm", bleed))) == []
        assert messages(write(tmp_path, "no.yaml", template(f"{limit + 1}x300mm", bleed)))


def test_the_largest_size_check_accepts_renders_within_14400_pt(tmp_path):
    from layout.fonts import fontset_from_files
    from tests.conftest import SANS, SERIF

    fontset = fontset_from_files({"song": str(SERIF), "hei": str(SANS)})  # its own: a render notes role fallbacks in
    # the font set, and the session's is shared (tests/compose/test_underset.py would then see a substitution)
    top = sheet.max_trim_side_mm(3 * units.MM)
    write(tmp_path, "templates/t.yaml", template(f"{top}x200mm"))
    (tmp_path / "a.txt").write_text("主题: 长页\n---\n天地玄黄\n", encoding="utf-8")
    (tmp_path / "issue.yaml").write_text('paper: {name: 测试报, date: "2018-04-28", number: 1, pages: 1}\n'
                                         "output: big\npages:\n  - {number: 1, template: t, slots: {lead: a.txt}}\n",
                                         encoding="utf-8")
    report = Report()
    render_issue(load_issue(str(tmp_path / "issue.yaml")), fontset, str(tmp_path / "out"), report, marks=True)
    assert report.errors == []
    box = pypdf.PdfReader(str(tmp_path / "out" / "big.pdf")).pages[0].mediabox
    assert max(float(box.width), float(box.height)) <= units.MAX_PAGE_PT
    assert float(box.width) > units.MAX_PAGE_PT - 3  # the limit is the real one, not a margin of safety
