"""The build backend: setuptools', asking for mypy (mypyc) only where the text modules can be compiled.

pyproject.toml names this module (``backend-path``). A machine without a C compiler or Python's headers
installs pure Python, so it needs no mypy (17 MB of wheels, and a source build where none exist);
``layout.compiled.compiler_ready`` is the test, the same one ``setup.py`` and ``.ci/run`` make. BAOBAN_PURE_PYTHON skips mypy;
BAOBAN_REQUIRE_COMPILED always asks for it (the build then fails when it cannot compile).
"""
from __future__ import annotations

import sys
from pathlib import Path

from setuptools import build_meta as _setuptools
from setuptools.build_meta import *  # noqa: F401,F403  (every hook this module does not change)

sys.path.insert(0, str(Path(__file__).resolve().parents[1] / "layout"))
from compiled import compiler_ready, wanted  # noqa: E402  (layout/compiled.py, importable on its own)

del sys.path[0]

MYPY = "mypy>=1.10,<3"


def _mypy() -> list:
    """[MYPY] when the build will compile, else []."""
    if wanted("BAOBAN_REQUIRE_COMPILED"):
        return [MYPY]
    return [] if wanted("BAOBAN_PURE_PYTHON") or not compiler_ready() else [MYPY]


def get_requires_for_build_wheel(config_settings=None) -> list:
    """setuptools' requirements for a wheel, plus mypy when the text modules will be compiled."""
    return _setuptools.get_requires_for_build_wheel(config_settings) + _mypy()


def get_requires_for_build_editable(config_settings=None) -> list:
    """setuptools' requirements for an editable install, plus mypy when the text modules will be compiled."""
    return _setuptools.get_requires_for_build_editable(config_settings) + _mypy()
