"""Property: no template, issue, article or YAML text makes the model stage raise, hang or balloon.

Every generated input (valid or broken, see strategies.py) must give either a
result or diagnostics, within a time limit and a memory bound. CI runs a few
hundred cases; ``HOSTILE_EXAMPLES=10000`` (bench/bench_hostile.py) runs more.
"""
import os
import shutil
import time
import tracemalloc
from pathlib import Path

import pytest
from hypothesis import HealthCheck, given, settings

from layout.model.article import parse_article
from layout.model.content import read_issue
from layout.model.errors import Diagnostics
from layout.model.template import check_template
from layout.model.yamlnodes import parse_yaml

from . import strategies as hs

EXAMPLES = int(os.environ.get("HOSTILE_EXAMPLES", "150"))
SECONDS = 5.0  # per case, generous for a loaded CI machine; real cases take milliseconds
PEAK_BYTES = 200 << 20
DATA = Path(__file__).resolve().parents[1] / "model" / "data"
COMMON = settings(max_examples=EXAMPLES, deadline=None, derandomize=True, database=None,
                  suppress_health_check=[HealthCheck.too_slow, HealthCheck.data_too_large, HealthCheck.filter_too_much])


def bounded(fn, *args):
    """Run fn(*args) and assert it finished in time and within the memory bound."""
    tracemalloc.start()
    started = time.perf_counter()
    try:
        return fn(*args)
    finally:
        elapsed = time.perf_counter() - started
        _, peak = tracemalloc.get_traced_memory()
        tracemalloc.stop()
        assert elapsed < SECONDS, f"took {elapsed:.1f} s"
        assert peak < PEAK_BYTES, f"peak {peak / 1e6:.0f} MB"


@pytest.fixture(scope="module")
def issue_folder(tmp_path_factory):
    root = tmp_path_factory.mktemp("hostile")
    shutil.copytree(DATA / "templates", root / "templates")
    shutil.copytree(DATA / "issue", root / "issue")
    (root / "secret.txt").write_text("root:x:0:0\n", encoding="utf-8")
    return root


@COMMON
@given(text=hs.RAW_YAML)
def test_any_yaml_text_parses_or_is_diagnosed(text):
    diags = Diagnostics()
    node = bounded(parse_yaml, text, "t.yaml", diags)
    assert node is not None or diags.errors


@COMMON
@given(text=hs.templates)
def test_any_template_is_checked_without_raising(tmp_path_factory, text):
    path = tmp_path_factory.mktemp("t", numbered=True) / "t.yaml"
    path.write_text(text, encoding="utf-8")
    bounded(check_template, path)


ISSUE_BASE = None


@COMMON
@given(data=hs.st.data())
def test_any_issue_is_read_without_raising_or_leaving_its_folder(issue_folder, data):
    global ISSUE_BASE
    import yaml

    if ISSUE_BASE is None:
        ISSUE_BASE = yaml.safe_load((DATA / "issue" / "issue.yaml").read_text(encoding="utf-8"))
    text = hs.dump(data.draw(hs.mutated(ISSUE_BASE)))
    path = issue_folder / "issue" / "issue.yaml"
    path.write_text(text, encoding="utf-8")
    issue, diags = bounded(read_issue, path)
    if issue is not None and not diags.errors:
        folder = os.path.realpath(issue_folder / "issue")
        for article in issue.articles.values():
            assert "root:x" not in str(article)
        assert "/" not in issue.output_name and not issue.output_name.startswith(".")
        for page in issue.pages:
            for placement in page.slots.values():
                image = getattr(placement, "image", None)
                if image is not None and os.path.exists(image.path):
                    assert os.path.realpath(image.path).startswith(folder + os.sep)


@COMMON
@given(text=hs.articles)
def test_any_article_text_parses_or_is_diagnosed(tmp_path_factory, text):
    folder = tmp_path_factory.mktemp("a", numbered=True)
    path = folder / "a.txt"
    path.write_text(text, encoding="utf-8")
    bounded(parse_article, text, path, Diagnostics(), "")
