"""Which modules the build compiles with mypyc, and running their source instead once it has changed.

``setup.py`` compiles ``MODULES`` (the per-character and per-line loops of the text stage) to C where a
compiler is present and writes ``STAMPS``: each module's source size and CRC-32 as compiled. An
extension module shadows its ``.py`` file, so an edited source (a checkout, a fix) would silently run
the old compiled code; ``use_source_if_stale`` (run when ``layout`` is imported) sees the change and
makes every compiled module load from its source instead: all of them, because compiled modules call
each other directly. Rebuild (``pip install -e .``) to compile again. Importable on its own: setup.py
reads it before the package is installed.
"""
from __future__ import annotations

import os
import sys
import zlib

MODULES = ("layout.text.totalfit", "layout.text.paragraph", "layout.text.columns", "layout.text.segment",
           "layout.text.punct", "layout.text.runs", "layout.text.items")
STAMPS = "compiled-stamps.txt"  # beside this file: "module size crc32" per line, written by a successful build
_HERE = os.path.dirname(os.path.abspath(__file__))
state = "pure"  # "compiled", "pure" (no build stamps) or "stale" (sources changed: running them)


def _source(root: str, module: str) -> str:
    """The source file of ``module`` under the project (or site-packages) folder ``root``."""
    return os.path.join(root, *module.split(".")) + ".py"


def _stamp(path: str) -> str:
    """'size crc32' of a file's bytes."""
    with open(path, "rb") as f:
        data = f.read()
    return f"{len(data)} {zlib.crc32(data)}"


def source_stamps(root) -> dict:
    """module -> 'size crc32' of its source now (``root``: the folder holding ``layout``)."""
    return {m: _stamp(_source(str(root), m)) for m in MODULES}


def _built_stamps(here: str) -> dict:
    """module -> stamp as compiled, from STAMPS in the package folder ``here``; empty without a compiled build."""
    try:
        with open(os.path.join(here, STAMPS), encoding="utf-8") as f:
            rows = [line.split(None, 1) for line in f if line.strip()]
    except OSError:
        return {}
    return {m: s.strip() for m, s in rows}


class _SourceFinder:
    """A meta-path finder that loads the compiled modules from their ``.py`` files."""

    def __init__(self, root: str):
        self.root = root

    def find_spec(self, name, path=None, target=None):
        """The source spec of a compiled module, None for any other module."""
        if name not in MODULES:
            return None
        from importlib.util import spec_from_file_location
        return spec_from_file_location(name, _source(self.root, name))


def use_source_if_stale(here: str = _HERE) -> str:
    """Set and return ``state`` for the package folder ``here``; when any compiled module's source differs
    from its build stamp, install a finder that loads every compiled module from source."""
    global state
    built = _built_stamps(here)
    if not built:
        state = "pure"
        return state
    root = os.path.dirname(here)
    try:
        stale = any(_stamp(_source(root, m)) != built.get(m) for m in MODULES)
    except OSError:
        stale = True
    if stale:
        if not any(isinstance(f, _SourceFinder) for f in sys.meta_path):
            sys.meta_path.insert(0, _SourceFinder(root))
        state = "stale"
    else:
        state = "compiled" if _extension_present(root) else "pure"
    return state


def _extension_present(root: str) -> bool:
    """True when the first compiled module has an extension file beside its source."""
    from importlib.machinery import EXTENSION_SUFFIXES
    base = _source(root, MODULES[0])[:-3]
    return any(os.path.exists(base + suffix) for suffix in EXTENSION_SUFFIXES)
