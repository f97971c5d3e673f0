"""Fixtures of the preview tests: a private copy of the sample issue and its templates."""
from __future__ import annotations

import shutil
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parents[2]
SAMPLE = ROOT / "samples" / "issue-2018-04-28"


@pytest.fixture
def sample_copy(tmp_path) -> Path:
    """issue.yaml of a copy of the sample issue; its ``templates: ../../templates`` finds the copied templates."""
    shutil.copytree(SAMPLE, tmp_path / "samples" / SAMPLE.name)
    shutil.copytree(ROOT / "templates", tmp_path / "templates")
    return tmp_path / "samples" / SAMPLE.name / "issue.yaml"


@pytest.fixture(scope="session")
def sample_fonts(tmp_path_factory):
    """A fonts.yaml of the pinned test fonts for every role the sample templates use (kai falls back to the serif)."""
    from tests.conftest import SANS, SERIF

    path = tmp_path_factory.mktemp("preview-fonts") / "fonts.yaml"
    roles = {"song": SERIF, "hei": SANS, "kai": SERIF}
    text = "roles:\n" + "".join(f"  {role}:\n    regular:\n      - {{path: '{file}'}}\n" for role, file in roles.items())
    path.write_text(text + "fallback: [song, hei]\n", encoding="utf-8")
    return str(path)
