"""A diagnostic quotes at most QUOTE_CHARS characters of a value, then its length (a whole file never ends up in a message)."""
import subprocess
import sys
from pathlib import Path

from layout.model.errors import QUOTE_CHARS, Diagnostics, short
from layout.model.types import Mark

ROOT = Path(__file__).resolve().parents[2]


def test_short_keeps_short_text_and_cuts_long_text_with_its_length():
    assert short("abc") == "abc"
    cut = short("x" * 1000)
    assert cut.startswith("x" * QUOTE_CHARS + "…") and "(1000 characters)" in cut and len(cut) < QUOTE_CHARS + 30


def test_a_long_quoted_value_is_cut_when_recorded():
    diags = Diagnostics()
    diags.error(Mark("t.yaml", 1, 1), f"font: unknown name '{'y' * 5000}'; known: 'song'")
    message = diags.items[0].message
    assert len(message) < 200 and "(5000 characters)" in message and message.endswith("known: 'song'")


def test_issue_that_is_one_huge_scalar_gives_a_short_error(tmp_path):
    path = tmp_path / "scalar.yaml"
    path.write_text("x" * 300_000 + "\n", encoding="utf-8")
    run = subprocess.run([sys.executable, "render.py", "issue", str(path), "-o", str(tmp_path / "out")],
                         cwd=ROOT, capture_output=True, text=True, timeout=120)
    assert run.returncode != 0
    assert len(run.stderr) + len(run.stdout) < 1000
    assert f"{path}:1:1:" in run.stderr and "(300000 characters)" in run.stderr
