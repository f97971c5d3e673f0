"""Which modules the build compiles with mypyc, and running their source instead once it has changed.

``setup.py`` compiles ``MODULES`` (the per-character and per-line loops of the text stage) to C where a
compiler is present and writes, per interpreter (``stamps_name``), each module's source size and CRC-32
as mypyc read it. An extension module shadows its ``.py`` file, so an edited source (a checkout, a fix)
would silently run the old compiled code; ``use_source_if_stale`` (run when ``layout`` is imported) sees
the change, or a module set that differs from the build's, or an unreadable stamps file, and makes
every compiled module load from its source instead: all of them, because compiled modules call each
other directly. Rebuild (``pip install -e .``) to compile again. Importable on its own: setup.py, the
build backend (``_build/backend.py``) and ``.ci/run`` read it before the package is installed, and
``compiler_ready`` is their one test of whether this machine can compile.
"""
from __future__ import annotations

import _imp
import os
import sys

MODULES = ("layout.text.totalfit", "layout.text.paragraph", "layout.text.columns", "layout.text.segment",
           "layout.text.punct", "layout.text.runs", "layout.text.items")
_HERE = os.path.dirname(os.path.abspath(__file__))
state = "pure"  # "compiled", "pure" (no build for this interpreter) or "stale" (sources changed: running them)
NO = ("", "0", "false", "no", "off")


def wanted(name: str) -> bool:
    """True when the environment variable ``name`` is set to something other than 0, false, no or off."""
    return os.environ.get(name, "").lower() not in NO


def compiler_ready() -> bool:
    """True when this interpreter's C compiler (CC, or sysconfig's) runs from PATH and Python.h exists."""
    import shutil
    import sysconfig

    cc = (os.environ.get("CC") or sysconfig.get_config_var("CC") or "cc").split()
    headers = os.path.join(sysconfig.get_paths()["include"], "Python.h")
    return bool(cc) and shutil.which(cc[0]) is not None and os.path.exists(headers)


def ext_suffix() -> str:
    """This interpreter's extension-module suffix (``.cpython-311-x86_64-linux-gnu.so``)."""
    return _imp.extension_suffixes()[0]


def stamps_name(suffix: str) -> str:
    """The stamps file of the build for the interpreter with extension suffix ``suffix``, in the package
    folder: one per interpreter, so a 3.12 build never vouches for a 3.11 one."""
    return "compiled-stamps" + os.path.splitext(suffix)[0] + ".txt"


def stamps_path(here) -> str:
    """This interpreter's stamps file in the package folder ``here``."""
    return os.path.join(str(here), stamps_name(ext_suffix()))


def source_path(root, module: str) -> str:
    """The source file of ``module`` under the project (or site-packages) folder ``root``."""
    return os.path.join(str(root), *module.split(".")) + ".py"


def extension_path(root, module: str, suffix: str) -> str:
    """The extension file of ``module`` (for the interpreter with extension suffix ``suffix``) under ``root``."""
    return source_path(root, module)[:-3] + suffix


def _stamp(path: str) -> str:
    """'size crc32' of a file's bytes."""
    import zlib  # only where a build is to be checked: a pure install's start-up does without it

    with open(path, "rb") as f:
        data = f.read()
    return f"{len(data)} {zlib.crc32(data)}"


def source_stamps(root) -> dict:
    """module -> 'size crc32' of its source now (``root``: the folder holding ``layout``)."""
    return {m: _stamp(source_path(root, m)) for m in MODULES}


def write_stamps(path, stamps: dict) -> None:
    """Write ``stamps`` (module -> stamp) as the stamps file ``path``: 'module stamp' per line."""
    with open(path, "w", encoding="utf-8") as f:
        f.write("".join(f"{m} {s}\n" for m, s in sorted(stamps.items())))


def built_stamps(here):
    """module -> stamp as compiled for this interpreter, from its stamps file in the package folder
    ``here``; {} without a build, None when the file cannot be read as stamps."""
    try:
        with open(stamps_path(here), encoding="utf-8") as f:
            rows = [line.split(None, 1) for line in f if line.strip()]
        return {m: s.strip() for m, s in rows}
    except FileNotFoundError:
        return {}
    except (OSError, ValueError):  # unreadable, not UTF-8, a line without a stamp
        return None


class _SourceFinder:
    """A meta-path finder that loads the given modules from their ``.py`` files."""

    def __init__(self, root: str, modules):
        self.root, self.modules = root, frozenset(modules)

    def find_spec(self, name, path=None, target=None):
        """The source spec of one of the modules, None for any other module or one without a source file."""
        source = source_path(self.root, name)
        if name not in self.modules or not os.path.exists(source):
            return None  # a module with no source left: the normal finders say what there is
        from importlib.util import spec_from_file_location
        return spec_from_file_location(name, source)


def use_source_if_stale(here: str = _HERE) -> str:
    """Set and return ``state`` for the package folder ``here``; when the build's stamps do not match the
    sources (or the module set, or cannot be read, or an extension has none), install a finder that loads
    every module the build or MODULES names from source."""
    global state
    built = built_stamps(here)
    root = os.path.dirname(here)
    suffix = ext_suffix()
    extensions = [m for m in MODULES if os.path.exists(extension_path(root, m, suffix))]
    if not built and not extensions:
        state = "pure"
        return state
    stale = not built or set(built) != set(MODULES)  # no stamps beside an extension vouch for nothing
    if not stale:
        try:
            stale = any(_stamp(source_path(root, m)) != built[m] for m in MODULES)
        except OSError:
            stale = True
    if stale:
        if not any(isinstance(f, _SourceFinder) for f in sys.meta_path):
            sys.meta_path.insert(0, _SourceFinder(root, {*MODULES, *(built or ())}))
        state = "stale"
    else:
        state = "compiled" if extensions else "pure"
    return state
