"""Batch fixtures: generated issues (copies of the bundled sample with variations, and broken ones),
a fonts.yaml over the pinned test fonts, and one LocalCluster of 2 worker processes shared by the tests."""
from __future__ import annotations

import os
import shutil
from datetime import date, timedelta
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parents[2]
SAMPLE = ROOT / "samples" / "issue-2018-04-28"
EPOCH = "1524873600"  # 2018-04-28: the PDFs' dates, so runs are byte-comparable


def write_issue(src: Path, name: str, number: int = 36, date: str = "2018-04-28", lead_extra: str = "") -> Path:
    """A copy of the sample issue under src/<name>/ with another number, date or lead paragraph; its issue.yaml."""
    folder = src / name
    shutil.copytree(SAMPLE, folder, ignore=shutil.ignore_patterns("seed", "FIXES.md", "make_photo.py"))
    issue = folder / "issue.yaml"
    text = issue.read_text(encoding="utf-8").replace("templates: ../../templates", "templates: ../templates")
    text = text.replace("  number: 36\n", f"  number: {number}\n").replace('date: "2018-04-28"', f'date: "{date}"')
    issue.write_text(text, encoding="utf-8")
    if lead_extra:
        with (folder / "lead.txt").open("a", encoding="utf-8") as f:
            f.write("\n" + lead_extra + "\n")
    return issue


def make_sources(root: Path, good: int = 4, broken: bool = True) -> Path:
    """root/src: the templates, ``good`` issue variants (v1..vN) and, when asked, a bad-YAML and a missing-article issue."""
    src = root / "src"
    shutil.copytree(ROOT / "templates", src / "templates")
    for i in range(1, good + 1):
        write_issue(src, f"v{i}", number=35 + i, date=(date(2018, 4, 20) + timedelta(days=i)).isoformat(),
                    lead_extra="区委书记强调，要把对口支援工作抓实抓细。" * (i % 3))
    if broken:
        bad = write_issue(src, "bad-yaml")
        bad.write_text(bad.read_text(encoding="utf-8").replace("pages:\n", "pages: [\n", 1), encoding="utf-8")
        (write_issue(src, "no-article").parent / "labour-day.txt").unlink()
    return src


@pytest.fixture(scope="session")
def batch_fonts(fonts_config, tmp_path_factory):
    """The fonts_config fixture's pinned fonts, with kai (which the sample's templates use) set in the serif."""
    text = Path(fonts_config).read_text(encoding="utf-8")
    serif = text.split("song:\n    regular:\n      - ", 1)[1].split("\n", 1)[0]
    path = tmp_path_factory.mktemp("batch-fonts") / "fonts.yaml"
    path.write_text(text.replace("fallback:", f"  kai:\n    regular:\n      - {serif}\nfallback:"), encoding="utf-8")
    return str(path)


@pytest.fixture(scope="session")
def epoch():
    """SOURCE_DATE_EPOCH set for this process and every worker started after it."""
    old = os.environ.get("SOURCE_DATE_EPOCH")
    os.environ["SOURCE_DATE_EPOCH"] = EPOCH
    yield EPOCH
    if old is None:
        os.environ.pop("SOURCE_DATE_EPOCH", None)
    else:
        os.environ["SOURCE_DATE_EPOCH"] = old


@pytest.fixture(scope="session")
def client(epoch, batch_fonts):
    """A Client on a LocalCluster of 2 worker processes (127.0.0.1, free dashboard port)."""
    pytest.importorskip("distributed")
    from distributed import Client

    from layout.batch.run import local_cluster

    cluster = local_cluster(2, ":0")
    live = Client(cluster)
    yield live
    live.close()
    cluster.close()


def reference_render(issue: Path, out: Path, fonts: str) -> dict:
    """``render.py issue ISSUE -o OUT --no-preflight`` in this process; {file name: bytes}."""
    from layout.cli import main

    assert main(["issue", str(issue), "-o", str(out), "--fonts", fonts, "--no-preflight"]) == 0
    return {p.name: p.read_bytes() for p in sorted(out.glob("*.pdf"))}
