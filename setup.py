"""Build: the hot text modules compiled to C with mypyc where a C compiler is present, pure Python otherwise.

Metadata lives in pyproject.toml; this file only adds the compiled modules (``layout.compiled.MODULES``).
mypyc compiles the same typed Python source (no second implementation): the lines, breaks and PDFs are
the same either way (``tests/test_compiled.py``). Set BAOBAN_PURE_PYTHON=1 to skip compiling. Without a
C compiler or Python's headers (Debian: gcc, python3-dev) the build warns and installs pure Python;
BAOBAN_REQUIRE_COMPILED=1 (CI) makes that an error instead.
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
REQUIRED = bool(os.environ.get("BAOBAN_REQUIRE_COMPILED"))
# a*b+c stays two roundings, as in Python: no fused multiply-add (clang contracts by default; ARM has FMA)
FLOAT_FLAGS = {"unix": ["-ffp-contract=off"], "msvc": ["/fp:precise"]}
STAMPS: dict = {}  # module -> stamp of the source mypyc read, taken before it read it (an edit during the
# build then shows as stale, never as compiled)


class OptionalBuildExt(build_ext):
    """build_ext that falls back to pure Python: a failed compile leaves the package as it was (an older
    build stays valid only as long as its sources are unchanged: ``layout.compiled``) and the install goes
    on. A successful one writes the stamps and removes what earlier builds of another module set left."""

    def build_extensions(self) -> None:
        flags = FLOAT_FLAGS.get(self.compiler.compiler_type, [])
        for ext in self.extensions:
            ext.extra_compile_args = [*ext.extra_compile_args, *flags]
        super().build_extensions()

    def run(self) -> None:
        package = Path(self.get_ext_fullpath("layout.x")).parent  # layout/ in place, or in build_lib (a wheel)
        try:
            super().run()
        except Exception as err:  # no compiler, no Python headers: distutils raises several kinds
            if REQUIRED:
                raise
            self.warn(f"compiling the text modules failed ({err}); installed as pure Python (slower, same output)")
            return
        if not self.extensions:
            return
        suffix = compiled.ext_suffix()
        rows = sorted(STAMPS.items())
        (package / compiled.stamps_name(suffix)).write_text("".join(f"{m} {s}\n" for m, s in rows), encoding="utf-8")
        self._remove_leftovers(package, suffix)

    def _remove_leftovers(self, package: Path, suffix: str) -> None:
        """Remove this interpreter's extension files that the module set no longer has: another set's shared
        library (mypyc names it by a hash of the set) and modules taken off MODULES."""
        groups = {ext.name for ext in self.extensions if ext.name.endswith("__mypyc")}
        folders = {Path(self.get_ext_fullpath(group)).parent for group in groups}
        old = [p for folder in folders for p in folder.glob("*__mypyc" + suffix) if p.name[:-len(suffix)] not in groups]
        for path in package.rglob("*" + suffix):
            module = ".".join(("layout", *path.relative_to(package).parts))[:-len(suffix)]
            if module not in compiled.MODULES:
                old.append(path)
        for path in old:
            try:
                path.unlink()
            except OSError as err:  # in use (Windows): harmless, since nothing imports it any more
                self.warn(f"could not remove {path}: {err}")


def compiled_extensions() -> list:
    """The mypyc extensions, or none when BAOBAN_PURE_PYTHON is set or mypyc cannot type-check the modules."""
    if os.environ.get("BAOBAN_PURE_PYTHON") or not BUILDING.intersection(sys.argv[1:]):
        return []  # metadata steps (egg_info, dist_info) need no extensions: mypyc runs once, for the build
    STAMPS.update(compiled.source_stamps(ROOT))
    try:
        from mypyc.build import mypycify
        return mypycify([str(Path("layout", *m.split(".")[1:])) + ".py" for m in compiled.MODULES],
                        opt_level="3", debug_level="0")
    except (ImportError, SystemExit, Exception) as err:  # mypyc exits on a type error
        if REQUIRED:
            raise SystemExit(f"BAOBAN_REQUIRE_COMPILED is set and the text modules cannot be compiled: {err!r}") from err
        print(f"warning: not compiling the text modules ({err!r}); pure Python", file=sys.stderr)
        return []


setup(ext_modules=compiled_extensions(), cmdclass={"build_ext": OptionalBuildExt})
