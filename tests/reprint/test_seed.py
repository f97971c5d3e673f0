"""The bundled seed text imports to the hand-fixed sample: bodies, headline stacks, bylines, masthead, change log."""
import difflib
import re
from pathlib import Path

import pytest

from layout.model.article import parse_article
from layout.model.errors import Diagnostics
from layout.reprint.importer import import_source
from layout.reprint.writer import write_import

ROOT = Path(__file__).resolve().parents[2]
SAMPLE = ROOT / "samples" / "issue-2018-04-28"
SEED = SAMPLE / "seed" / "front-page-extracted.txt"


def _article(path: Path):
    return parse_article(path.read_text(encoding="utf-8"), path, Diagnostics())


@pytest.fixture(scope="module")
def imported(tmp_path_factory):
    out = tmp_path_factory.mktemp("seed-import")
    result = import_source(SEED)
    write_import(result, out)
    return result, out


def _by_headline(out: Path, headline: str):
    for path in sorted(out.glob("article-*.txt")):
        article = _article(path)
        if headline in article.headline:
            return article
    raise AssertionError(f"no imported article with the headline {headline!r}")


@pytest.mark.parametrize("name", ["lead", "labour-day"])
def test_seed_bodies_identical_to_the_hand_fixed_sample(imported, name):
    _result, out = imported
    expected = _article(SAMPLE / f"{name}.txt")
    got = _by_headline(out, expected.headline[0])
    want = [p.text for p in expected.paragraphs]
    have = [p.text for p in got.paragraphs]
    diff = "\n".join(difflib.unified_diff(want, have, "sample", "import", lineterm=""))
    print(diff or f"{name}: bodies identical")
    assert have == want, diff


@pytest.mark.parametrize("name", ["lead", "labour-day"])
def test_seed_headline_stack_and_byline(imported, name):
    result, out = imported
    expected = _article(SAMPLE / f"{name}.txt")
    got = _by_headline(out, expected.headline[0])
    assert (got.kicker, got.headline, got.subhead) == (expected.kicker, expected.headline, expected.subhead)
    assert got.byline == expected.byline
    # a text source holds no picture: its credit is kept in the import and listed to review, not put on an
    # image line naming a file that does not exist
    assert got.image is None
    credit = expected.image.credit if expected.image else ""
    found = next(a for a in result.articles if expected.headline[0] in a.headline)
    assert found.credit == credit
    if credit:
        review = (out / "IMPORT.md").read_text(encoding="utf-8").split("## To review")[1].split("## Changes")[0]
        line = next(i for i in review.splitlines() if credit in i)
        assert "no picture could be extracted" in line
        assert line.startswith(f"- [ ] {SEED.name} p1 l74 c1 ")  # the credit's own line in the seed


def test_seed_masthead_and_boxes(imported):
    result, out = imported
    import yaml

    issue = yaml.safe_load((out / "issue.yaml").read_text(encoding="utf-8"))
    sample = yaml.safe_load((SAMPLE / "issue.yaml").read_text(encoding="utf-8"))
    assert issue["paper"] == sample["paper"]
    slots = issue["pages"][0]["slots"]
    assert slots["hotline"] == sample["pages"][0]["slots"]["hotline"]
    assert slots["greeting"] == sample["pages"][0]["slots"]["greeting"]
    assert len(result.articles) == 2


def _fixes_rows():
    rows = []
    for line in (SAMPLE / "FIXES.md").read_text(encoding="utf-8").splitlines():
        m = re.match(r"^\| (lead|labour-day)[^|]*\| `([^`]*)` \| `([^`]*)` \|", line)
        if m:
            rows.append((m.group(2), m.group(3)))
    return rows


def test_seed_change_log_lists_the_fixes(imported):
    _result, out = imported
    log = (out / "IMPORT.md").read_text(encoding="utf-8")
    rows = _fixes_rows()
    assert len(rows) > 120
    logged = re.findall(r"\| `([^`]*)` \| `([^`]*)` \|", log)
    # a FIXES row is listed when a change row shows the same fix (its context may be cut shorter)
    missing = [(b, a) for b, a in rows if not any(lb in b and la in a and lb != la for lb, la in logged)]
    print("\n".join(f"not in IMPORT.md: {b} -> {a}" for b, a in missing))
    assert not missing
    assert "## To review" in log and "headline found after the text" in log
