"""Build: the hot text modules compiled to C with mypyc where a C compiler is present, pure Python otherwise.

Metadata lives in pyproject.toml; this file only adds the compiled modules (``layout.compiled.MODULES``).
mypyc compiles the same typed Python source (no second implementation): the lines, breaks and PDFs are
the same either way (``tests/test_compiled.py``). Set BAOBAN_PURE_PYTHON=1 to skip compiling. Without a
C compiler or Python's headers (Debian: gcc, python3-dev) the build warns and installs pure Python.
"""
from __future__ import annotations

import os
import sys
from pathlib import Path

from setuptools import setup
from setuptools.command.build_ext import build_ext

ROOT = Path(__file__).resolve().parent
sys.path.insert(0, str(ROOT / "layout"))
import compiled  # noqa: E402  (layout/compiled.py: the module list and stamps, importable without the package)

sys.path.pop(0)


BUILDING = {"build", "build_ext", "bdist_wheel", "editable_wheel", "develop", "install"}


class OptionalBuildExt(build_ext):
    """build_ext that falls back to pure Python: a failed compile removes every compiled module it built (they
    call each other natively, so they are used all together or not at all) and the install goes on."""

    def run(self) -> None:
        self._remove_other_groups()
        try:
            super().run()
        except Exception as err:  # no compiler, no Python headers: distutils raises several kinds
            for path in self.get_outputs():
                Path(path).unlink(missing_ok=True)
            self.warn(f"compiling the text modules failed ({err}); installed as pure Python (slower, same output)")
            return
        if not self.extensions:
            return
        built = Path(self.get_ext_fullpath(compiled.MODULES[0])).parents[1]  # layout/ in place, or in build_lib
        rows = sorted(compiled.source_stamps(ROOT).items())
        (built / compiled.STAMPS).write_text("".join(f"{m} {s}\n" for m, s in rows), encoding="utf-8")


    def _remove_other_groups(self) -> None:
        """Remove the shared libraries of earlier builds of another module set beside this one's (mypyc names
        each set's library by a hash of it, so a changed MODULES list would leave the old one lying there)."""
        groups = {ext.name for ext in self.extensions if ext.name.endswith("__mypyc")}
        for group in groups:
            folder = Path(self.get_ext_fullpath(group)).parent
            for old in folder.glob("*__mypyc.*"):
                if old.name.split(".")[0] not in groups:
                    old.unlink()


def compiled_extensions() -> list:
    """The mypyc extensions, or none when BAOBAN_PURE_PYTHON is set or mypyc cannot type-check the modules."""
    if os.environ.get("BAOBAN_PURE_PYTHON") or not BUILDING.intersection(sys.argv[1:]):
        return []  # metadata steps (egg_info, dist_info) need no extensions: mypyc runs once, for the build
    try:
        from mypyc.build import mypycify
        extensions = mypycify([str(Path("layout", *m.split(".")[1:])) + ".py" for m in compiled.MODULES],
                              opt_level="3", debug_level="0")
    except (ImportError, SystemExit, Exception) as err:  # mypyc exits on a type error
        print(f"warning: not compiling the text modules ({err!r}); pure Python", file=sys.stderr)
        return []
    for ext in extensions:  # a*b+c stays two roundings, as in Python: no fused multiply-add (same PDFs on ARM)
        ext.extra_compile_args = [*ext.extra_compile_args, "-ffp-contract=off"]
    return extensions


setup(ext_modules=compiled_extensions(), cmdclass={"build_ext": OptionalBuildExt})
