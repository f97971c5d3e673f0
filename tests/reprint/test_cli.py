"""`render.py import` end to end: the written issue checks, renders, and is byte-identical on a second run."""
import subprocess
import sys
from pathlib import Path

import pdfplumber
import pytest

from .pages import make_typst_page, sample_stories

ROOT = Path(__file__).resolve().parents[2]
SEED = ROOT / "samples" / "issue-2018-04-28" / "seed" / "front-page-extracted.txt"


def _run(*args, timeout=300):
    return subprocess.run([sys.executable, str(ROOT / "render.py"), *map(str, args)], cwd=ROOT,
                          capture_output=True, text=True, timeout=timeout)


def _page_text(pdf: Path) -> str:
    with pdfplumber.open(str(pdf)) as doc:
        return "".join(c["text"] for page in doc.pages for c in page.chars)


def test_import_check_render_seed(tmp_path, fonts_config):
    out = tmp_path / "issue"
    run = _run("import", SEED, "-o", out)
    assert run.returncode == 0, run.stderr
    assert "2 article(s)" in run.stdout
    assert _run("check", out / "issue.yaml").returncode == 0
    render = _run("issue", out / "issue.yaml", "-o", tmp_path / "pdf", "--no-preflight", "--fonts", fonts_config)
    assert render.returncode == 0, render.stderr
    text = _page_text(tmp_path / "pdf" / "20180428-01.pdf")
    for words in ("开展对口支援并对接携手奔小康工作", "我区举办庆“五一”主题活动", "石景山报"):
        assert words in text


@pytest.mark.parametrize("kind", ["text", "pdf"])
def test_import_is_deterministic(tmp_path, kind):
    source = SEED
    extra = []
    if kind == "pdf":
        pytest.importorskip("typst")
        source = make_typst_page(tmp_path / "old.pdf", sample_stories(), 4)
        extra = ["--template-from-pdf"]
    first, second = tmp_path / "a", tmp_path / "b"
    assert _run("import", source, "-o", first, *extra).returncode == 0
    assert _run("import", source, "-o", second, *extra).returncode == 0
    names = sorted(p.relative_to(first) for p in first.rglob("*") if p.is_file())
    assert names == sorted(p.relative_to(second) for p in second.rglob("*") if p.is_file())
    for name in names:
        assert (first / name).read_bytes() == (second / name).read_bytes(), name


@pytest.mark.parametrize("columns", [2, 4])
def test_template_from_pdf_renders(tmp_path, fonts_config, columns):
    pytest.importorskip("typst")
    pdf = make_typst_page(tmp_path / "old.pdf", sample_stories(), columns)
    out = tmp_path / "issue"
    run = _run("import", pdf, "-o", out, "--template-from-pdf")
    assert run.returncode == 0, run.stderr
    import yaml

    template = yaml.safe_load((out / "templates" / "page-01.yaml").read_text(encoding="utf-8"))
    assert template["grid"]["columns"] == columns
    assert template["page"]["size"] == {"width": "390.0mm", "height": "540.0mm"}
    regions = template["regions"]
    assert sorted(regions) == ["article-01", "article-02", "article-03", "article-04", "masthead"]
    assert regions["masthead"]["kind"] == "masthead" and int(regions["masthead"]["top"].split()[0]) == 0
    tops = [int(r["top"].split()[0]) for name, r in regions.items() if name != "masthead"]
    assert tops == sorted(tops)  # the stories keep their order down the page
    render = _run("issue", out / "issue.yaml", "-o", tmp_path / "pdf", "--no-preflight", "--fonts", fonts_config)
    assert render.returncode == 0, render.stderr
    assert "竖排的规矩" in _page_text(tmp_path / "pdf" / "20180428-01.pdf")


def test_template_from_pdf_needs_a_pdf(tmp_path):
    run = _run("import", SEED, "-o", tmp_path / "x", "--template-from-pdf")
    assert run.returncode == 2 and "needs a PDF source" in run.stderr
