"""The build backend: setuptools', asking for mypy (mypyc) only where the text modules can be compiled.

pyproject.toml names this module (``backend-path``). A machine without a C compiler or Python's headers
installs pure Python, so it needs no mypy (17 MB of wheels, and a source build where none exist);
``compiler_ready`` is the same test ``setup.py`` makes before compiling. BAOBAN_PURE_PYTHON skips mypy;
BAOBAN_REQUIRE_COMPILED always asks for it (the build then fails when it cannot compile).
"""
from __future__ import annotations

import os
import shutil
import sysconfig

from setuptools import build_meta as _setuptools
from setuptools.build_meta import *  # noqa: F401,F403  (every hook this module does not change)

MYPY = "mypy>=1.10,<3"
NO = ("", "0", "false", "no", "off")


def wanted(name: str) -> bool:
    """True when the environment variable ``name`` is set to something other than 0, false, no or off."""
    return os.environ.get(name, "").lower() not in NO


def compiler_ready() -> bool:
    """True when this interpreter's C compiler (CC, or sysconfig's) runs from PATH and Python.h exists."""
    cc = (os.environ.get("CC") or sysconfig.get_config_var("CC") or "cc").split()
    headers = os.path.join(sysconfig.get_paths()["include"], "Python.h")
    return bool(cc) and shutil.which(cc[0]) is not None and os.path.exists(headers)


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
