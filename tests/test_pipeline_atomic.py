"""An issue's PDFs are replaced as a whole: a failure part-way leaves the old set, a success leaves no temporary files."""
import errno
import os
from pathlib import Path

import pytest

from layout.compose.render import compose_issue
from layout.model.content import load_issue
from layout.pipeline import RenderOptions, write_issue_files
from layout.report import Report

ROOT = Path(__file__).resolve().parents[1]
ISSUE = ROOT / "tests" / "model" / "data" / "issue" / "issue.yaml"


@pytest.fixture(scope="module")
def fontset():
    from layout.fonts import fontset_from_files
    from tests.conftest import SANS, SERIF

    return fontset_from_files({"song": str(SERIF), "hei": str(SANS), "kai": str(SERIF), "fangsong": str(SERIF),
                               "latin": str(SERIF), "hei-bold": str(SANS)}, fallback=["song", "hei"])


@pytest.fixture(scope="module")
def composed(fontset):
    issue = load_issue(ISSUE)
    return issue, compose_issue(issue, fontset, Report())


def write(composed, fontset, out):
    issue, pages = composed
    report = Report()
    return write_issue_files(issue, pages, fontset, RenderOptions(out=str(out), marks=False, preflight=False), report), report


def test_whole_set_written_and_nothing_else(composed, fontset, tmp_path):
    files, report = write(composed, fontset, tmp_path / "out")
    assert report.errors == [] and len(files) == len(composed[0].pages) + 1
    assert sorted(os.listdir(tmp_path / "out")) == sorted(os.path.basename(f) for f in files)
    assert all(Path(f).read_bytes().startswith(b"%PDF-") for f in files)


def test_disk_full_part_way_keeps_the_old_set(composed, fontset, tmp_path, monkeypatch):
    out = tmp_path / "out"
    old, _ = write(composed, fontset, out)
    before = {f: Path(f).read_bytes() for f in old}
    (out / "notes.txt").write_text("the desk's own file")
    from layout.pdf import writer

    real = writer.write_pdf
    calls = []

    def full_disk(pages, fs, path, meta=None, **kw):
        calls.append(path)
        if len(calls) == 2:
            raise OSError(errno.ENOSPC, "No space left on device", path)
        return real(pages, fs, path, meta=meta, **kw)

    monkeypatch.setattr(writer, "write_pdf", full_disk)
    with pytest.raises(OSError):
        write(composed, fontset, out)
    assert {f: Path(f).read_bytes() for f in old} == before
    assert sorted(os.listdir(out)) == sorted([os.path.basename(f) for f in old] + ["notes.txt"])
    assert all(not c.endswith(".pdf") for c in calls), "temporary names must never end in .pdf"


def test_same_input_gives_identical_files_wherever_written(composed, fontset, tmp_path):
    a, _ = write(composed, fontset, tmp_path / "a")
    b, _ = write(composed, fontset, tmp_path / "b")
    assert [Path(f).read_bytes() for f in a] == [Path(f).read_bytes() for f in b]


def test_output_never_replaces_an_input_of_the_issue(composed, fontset, tmp_path):
    issue, pages = composed
    from dataclasses import replace

    folder = tmp_path / "issue"
    folder.mkdir()
    (folder / "x.pdf").write_bytes(b"precious input")
    fake = replace(issue, path=str(folder / "x.pdf"), output_name="x")
    report = Report()
    files = write_issue_files(fake, pages, fontset, RenderOptions(out=str(folder), marks=False, preflight=False), report)
    assert files == [] and any("is an input of this render" in e for e in report.errors)
    assert (folder / "x.pdf").read_bytes() == b"precious input"
    assert sorted(os.listdir(folder)) == ["x.pdf"]


def test_an_issue_that_shrank_leaves_no_old_page_files(composed, fontset, tmp_path):
    issue, pages = composed
    out = tmp_path / "out"
    files, _ = write(composed, fontset, out)
    stem = os.path.basename(files[0]).rsplit("-", 1)[0]
    extra = [out / f"{stem}-{len(pages) + 1:02d}.pdf", out / f"{stem}-{len(pages) + 2:02d}.pdf"]
    for path in extra:
        path.write_bytes(b"%PDF-1.3 page of the longer issue")
    (out / "other-03.pdf").write_bytes(b"%PDF-1.3 another issue")
    (out / f"{stem}-notes.pdf").write_bytes(b"%PDF-1.3 the desk's")
    files, report = write(composed, fontset, out)
    assert report.errors == [] and report.stats["removed"] == [str(p) for p in extra]
    assert sorted(os.listdir(out)) == sorted([os.path.basename(f) for f in files] + ["other-03.pdf", f"{stem}-notes.pdf"])


def test_rendering_some_pages_keeps_the_other_page_files(composed, fontset, tmp_path):
    issue, pages = composed
    out = tmp_path / "out"
    files, _ = write(composed, fontset, out)
    report = Report()
    options = RenderOptions(out=str(out), marks=False, preflight=False, pages={pages[0].number})
    write_issue_files(issue, pages, fontset, options, report)
    assert report.errors == [] and "removed" not in report.stats
    assert sorted(os.listdir(out)) == sorted(os.path.basename(f) for f in files)
