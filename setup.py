"""Build: the hot text modules compiled to C with mypyc where a C compiler is present, pure Python otherwise.

Metadata lives in pyproject.toml; this file only adds the compiled modules (``layout.compiled.MODULES``).
mypyc compiles the same typed Python source (no second implementation): the lines, breaks and PDFs are
the same either way (``tests/test_compiled.py``). Set BAOBAN_PURE_PYTHON=1 to skip compiling. Without a
C compiler or Python's headers (Debian: gcc, python3-dev) the build warns and installs pure Python;
BAOBAN_REQUIRE_COMPILED=1 (CI) makes that an error instead. BAOBAN_PURE_PYTHON=1 in a checkout compiled
before removes that build (this interpreter's).
"""
from __future__ import annotations

import sys
from pathlib import Path

from setuptools import setup
from setuptools.command.build_ext import build_ext

ROOT = Path(__file__).resolve().parent
sys.path.insert(0, str(ROOT / "layout"))
import compiled  # noqa: E402  (layout/compiled.py: modules, stamps and the compiler test, importable on its own)

del sys.path[0]

BUILDING = {"build", "build_ext", "bdist_wheel", "editable_wheel", "develop", "install"}
REQUIRED = compiled.wanted("BAOBAN_REQUIRE_COMPILED")
PURE = compiled.wanted("BAOBAN_PURE_PYTHON")
# a*b+c stays two roundings, as in Python: no fused multiply-add (clang contracts by default; ARM has FMA)
FLOAT_FLAGS = {"unix": ["-ffp-contract=off"], "msvc": ["/fp:precise"]}
STAMPS: dict = {}  # module -> stamp of the source mypyc read: taken before it read it and checked after
CHANGED = "changed during the build"  # a stamp no source has: such a module runs from source until rebuilt


class OptionalBuildExt(build_ext):
    """build_ext that falls back to pure Python: a failed compile leaves the package as it was (an older
    build stays valid only as long as its sources are unchanged: ``layout.compiled``) and the install goes
    on. The old stamps are removed just before new extensions replace the old ones, and the new stamps
    written after; a successful build removes what earlier builds of another module set left."""

    def build_extensions(self) -> None:
        """Compile with the floating-point flag of this compiler type (FLOAT_FLAGS)."""
        flags = FLOAT_FLAGS.get(self.compiler.compiler_type, [])
        for ext in self.extensions:
            ext.extra_compile_args = [*ext.extra_compile_args, *flags]
        super().build_extensions()

    def run(self) -> None:
        """Build; on failure warn and keep the package as it was (or stop, under BAOBAN_REQUIRE_COMPILED);
        on success write the stamps and remove the leftovers."""
        package = self._package()
        stamps = Path(compiled.stamps_path(package))
        before = compiled.built_stamps(package) or {}  # the modules an earlier build compiled
        if not self.inplace:
            stamps.unlink(missing_ok=True)
        try:
            super().run()
        except Exception as err:  # no compiler, no Python headers: distutils raises several kinds
            if REQUIRED:
                raise SystemExit(f"BAOBAN_REQUIRE_COMPILED is set and compiling the text modules failed: {err}") from err
            self.warn(f"compiling the text modules failed ({err}); installed as pure Python (slower, same output)")
            return
        if not self.extensions:
            return
        compiled.write_stamps(stamps, STAMPS)
        self._remove_leftovers(package, before)

    def copy_extensions_to_source(self) -> None:
        """In place: the old stamps go before the new extensions land, so an interrupted copy is stale."""
        Path(compiled.stamps_path(self._package())).unlink(missing_ok=True)
        super().copy_extensions_to_source()

    def _package(self) -> Path:
        """Where the extensions go: layout/ in place, or layout/ in build_lib (a wheel)."""
        return Path(self.get_ext_fullpath("layout.x")).parent

    def _remove_leftovers(self, package: Path, before: dict) -> None:
        """Remove this interpreter's extensions that the module set no longer has: another set's shared
        library (mypyc names it by a hash of the set) and modules an earlier build compiled."""
        suffix = compiled.ext_suffix()
        groups = {ext.name for ext in self.extensions if ext.name.endswith("__mypyc")}
        folders = {Path(self.get_ext_fullpath(group)).parent for group in groups}
        old = [p for folder in folders for p in folder.glob("*__mypyc" + suffix) if p.name[:-len(suffix)] not in groups]
        old += [Path(compiled.extension_path(package.parent, m, suffix)) for m in before if m not in compiled.MODULES]
        _remove([p for p in old if p.exists()], self.announce)


def _remove(paths, say) -> None:
    """Delete files, saying which; one in use (Windows) is left with a note: nothing imports it any more."""
    for path in paths:
        try:
            path.unlink()
            say(f"removed {path}", 2)
        except OSError as err:
            say(f"could not remove {path}: {err}", 3)


def remove_compiled_build() -> None:
    """BAOBAN_PURE_PYTHON in a checkout compiled before: this interpreter's extensions and stamps go, so the
    install is pure Python indeed."""
    suffix = compiled.ext_suffix()
    package = ROOT / "layout"
    before = compiled.built_stamps(package) or {}
    paths = [Path(compiled.extension_path(ROOT, m, suffix)) for m in {*compiled.MODULES, *before}]
    paths += [*ROOT.glob("*__mypyc" + suffix), Path(compiled.stamps_path(package))]
    _remove([p for p in paths if p.exists()], lambda text, level: print(text, file=sys.stderr))


def compiled_extensions() -> list:
    """The mypyc extensions, or none when BAOBAN_PURE_PYTHON is set or mypyc cannot type-check the modules."""
    if not BUILDING.intersection(sys.argv[1:]):
        return []  # metadata steps (egg_info, dist_info) need no extensions: mypyc runs once, for the build
    if PURE:
        remove_compiled_build()
        return []
    if not REQUIRED and not compiled.compiler_ready():
        print("warning: no C compiler or no Python headers (Debian: apt-get install gcc python3-dev); the text "
              "modules are installed as pure Python", file=sys.stderr)
        return []
    STAMPS.update(compiled.source_stamps(ROOT))
    try:
        from mypyc.build import mypycify
        extensions = mypycify([compiled.source_path("", m) for m in compiled.MODULES],
                              opt_level="3", debug_level="0")
    except (SystemExit, Exception) as err:  # mypyc exits on a type error; no mypy: ImportError
        if REQUIRED:
            raise SystemExit(f"BAOBAN_REQUIRE_COMPILED is set and the text modules cannot be compiled: {err}") from err
        print(f"warning: not compiling the text modules ({err}); pure Python", file=sys.stderr)
        return []
    after = compiled.source_stamps(ROOT)  # a source edited while mypyc read it: which version it read is unknown
    STAMPS.update({m: CHANGED for m, s in after.items() if s != STAMPS[m]})
    return extensions


setup(ext_modules=compiled_extensions(), cmdclass={"build_ext": OptionalBuildExt})
