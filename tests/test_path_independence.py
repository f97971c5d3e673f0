"""The same issue gives byte-identical PDFs however its path was typed (absolute, relative, with ..)."""
import os
from pathlib import Path

from layout.compose.render import compose_issue
from layout.model.content import load_issue
from layout.pipeline import RenderOptions, write_issue_files
from layout.report import Report

from .test_pipeline_atomic import ISSUE, fontset  # noqa: F401  (the font fixture)

ROOT = Path(__file__).resolve().parents[1]


def render(path, fs, out):
    issue = load_issue(path)
    pages = compose_issue(issue, fs, Report())
    files = write_issue_files(issue, pages, fs, RenderOptions(out=str(out), preflight=False), Report())
    return [Path(f).read_bytes() for f in files]


def test_issue_pdfs_do_not_depend_on_how_the_path_was_typed(fontset, tmp_path, monkeypatch):  # noqa: F811
    monkeypatch.setenv("SOURCE_DATE_EPOCH", "946684800")
    absolute = render(ISSUE, fontset, tmp_path / "a")
    monkeypatch.chdir(ISSUE.parent.parent)
    relative = render(os.path.join("issue", "..", "issue", "issue.yaml"), fontset, tmp_path / "b")
    assert len(absolute) == len(relative) >= 2
    assert absolute == relative
