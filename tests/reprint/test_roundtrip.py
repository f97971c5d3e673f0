"""Round trip: render the bundled sample, import its PDF, compare the articles with the sample's texts.

The sample holds horizontal stories across a page break (下转/上接), a
vertical (竖排) note with its headline strip, a horizontal feature with a
vertical headline and a vertical commentary in two tiers, with numbers set
across (纵中横) and rotated.
"""
import subprocess
import sys
from pathlib import Path

import pytest

from layout.model.article import parse_article
from layout.model.content import read_issue
from layout.model.errors import Diagnostics
from layout.reprint.importer import import_source
from layout.reprint.writer import write_import

ROOT = Path(__file__).resolve().parents[2]
SAMPLE = ROOT / "samples" / "issue-2018-04-28"


def _article(path: Path):
    return parse_article(path.read_text(encoding="utf-8"), path, Diagnostics())


@pytest.fixture(scope="module")
def roundtrip(tmp_path_factory):
    rendered = tmp_path_factory.mktemp("sample-pdf")
    run = subprocess.run([sys.executable, str(ROOT / "render.py"), "-o", str(rendered), "--no-preflight"],
                         cwd=ROOT, capture_output=True, text=True, timeout=300)
    assert run.returncode == 0, run.stderr
    issue_pdf = rendered / "20180428.pdf"
    out = tmp_path_factory.mktemp("reimport")
    result = import_source(issue_pdf)
    write_import(result, out)
    return result, out


@pytest.mark.parametrize("name", ["lead", "labour-day", "editor-note", "vertical-headline", "commentary"])
def test_rendered_sample_imports_to_the_same_article(roundtrip, name):
    result, out = roundtrip
    expected = _article(SAMPLE / f"{name}.txt")
    matches = [a for a in map(_article, sorted(out.glob("article-*.txt"))) if a.headline == expected.headline]
    assert len(matches) == 1, [a.headline for a in map(_article, sorted(out.glob("article-*.txt")))]
    got = matches[0]
    assert (got.kicker, got.subhead, got.byline) == (expected.kicker, expected.subhead, expected.byline)
    photo = lambda a: (a.image.caption, a.image.credit) if a.image else ("", "")  # noqa: E731
    assert photo(got) == photo(expected)
    if got.image:  # the picture was extracted from the PDF next to the article, not left as a dangling name
        assert got.image.exists and Path(got.image.path).parent == out and not got.image.problem
    want = [p.text for p in expected.paragraphs]
    have = [p.text for p in got.paragraphs]
    for i, (w, h) in enumerate(zip(want, have)):
        if w != h:
            print(f"paragraph {i + 1} differs:\n  sample: {w}\n  import: {h}")
    assert have == want


def test_roundtrip_masthead_and_issue_checks(roundtrip):
    result, out = roundtrip
    assert result.paper["name"] == "石景山报" and result.paper["date"] == "2018-04-28"
    assert (result.paper["number"], result.paper["total_number"], result.paper["pages"]) == ("36", "1708", "8")
    issue, diags = read_issue(out / "issue.yaml")
    assert not diags.errors, [str(d) for d in diags.errors]
    lead = next(a for a in result.articles if a.byline == "本报讯（记者翟国鑫）")
    assert lead.pages == [1, 2]  # 下转第2版 / 上接第1版 joined into one article


def test_reimported_sample_renders_again(roundtrip, tmp_path):
    import pdfplumber

    _result, out = roundtrip
    run = subprocess.run([sys.executable, str(ROOT / "render.py"), "issue", str(out / "issue.yaml"), "-o",
                          str(tmp_path), "--no-preflight"],  # the inner page needs 楷 (kai): the bundled fonts
                         cwd=ROOT, capture_output=True, text=True, timeout=300)
    assert run.returncode == 0, run.stderr
    with pdfplumber.open(str(tmp_path / "20180428-01.pdf")) as pdf:
        text = "".join(c["text"] for c in pdf.pages[0].chars)
    assert "开展对口支援并对接携手奔小康工作" in text and "本报讯（记者翟国鑫）" in text
