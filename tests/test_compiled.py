"""The compiled text modules (layout/compiled.py, setup.py): an edited source runs as itself, and a
compiled build sets the same PDFs as pure Python, byte for byte."""
import os
import shutil
import subprocess
import sys
from pathlib import Path

import pytest

from layout import compiled

ROOT = Path(__file__).resolve().parents[1]
TEXTS = [ROOT / "samples" / "seed-body.txt", ROOT / "samples" / "qa" / "punct-positions.txt",
         ROOT / "samples" / "qa" / "xinhua-news.txt"]


def _fake_package(tmp_path: Path, extension: bool = True) -> Path:
    """tmp/layout with the compiled modules' sources copied, stamps as built, and (optionally) an extension."""
    here = tmp_path / "layout"
    for module in compiled.MODULES:
        src = Path(compiled.source_path(tmp_path, module))
        src.parent.mkdir(parents=True, exist_ok=True)
        shutil.copyfile(compiled.source_path(ROOT, module), src)
    compiled.write_stamps(compiled.stamps_path(here), compiled.source_stamps(tmp_path))
    if extension:
        Path(compiled.extension_path(tmp_path, compiled.MODULES[0], compiled.ext_suffix())).write_bytes(b"")
    return here


@pytest.fixture
def restore_state():
    """Run a test without this session's own source finder; put back ``compiled.state`` and sys.meta_path after."""
    state, meta_path = compiled.state, list(sys.meta_path)
    sys.meta_path[:] = [f for f in meta_path if not isinstance(f, compiled._SourceFinder)]  # this session's own
    yield
    compiled.state = state
    sys.meta_path[:] = meta_path


def test_no_build_stamps_means_pure_python(tmp_path, restore_state):
    (tmp_path / "layout").mkdir()
    assert compiled.use_source_if_stale(str(tmp_path / "layout")) == "pure"
    assert not any(isinstance(f, compiled._SourceFinder) for f in sys.meta_path)


def test_unchanged_sources_keep_the_compiled_build(tmp_path, restore_state):
    here = _fake_package(tmp_path)
    assert compiled.use_source_if_stale(str(here)) == "compiled"
    assert not any(isinstance(f, compiled._SourceFinder) for f in sys.meta_path)
    here2 = _fake_package(tmp_path / "b", extension=False)  # stamps but no extension: the build failed
    assert compiled.use_source_if_stale(str(here2)) == "pure"


def test_an_edited_source_runs_instead_of_the_older_compiled_build(tmp_path, restore_state):
    here = _fake_package(tmp_path)
    edited = Path(compiled.source_path(tmp_path, compiled.MODULES[-1]))
    edited.write_text(edited.read_text(encoding="utf-8") + "\n# edited\n", encoding="utf-8")
    assert compiled.use_source_if_stale(str(here)) == "stale"
    finders = [f for f in sys.meta_path if isinstance(f, compiled._SourceFinder)]
    assert finders and sys.meta_path[0] is finders[0]
    for module in compiled.MODULES:  # every compiled module, not only the edited one: they call each other
        spec = finders[0].find_spec(module)
        assert spec.origin == compiled.source_path(tmp_path, module)
    assert finders[0].find_spec("layout.text.classes") is None


@pytest.mark.parametrize("damage", ["a line without its stamp", "another module set", "another interpreter", "bytes",
                                    "no stamps"])
def test_stamps_that_do_not_vouch_for_this_build_run_the_sources(tmp_path, restore_state, damage):
    here = _fake_package(tmp_path)
    stamps = Path(compiled.stamps_path(here))
    rows = stamps.read_text(encoding="utf-8").splitlines()
    if damage == "a line without its stamp":
        stamps.write_text("\n".join([rows[0].split()[0], *rows[1:]]) + "\n", encoding="utf-8")
    elif damage == "another module set":
        stamps.write_text("\n".join(rows[:-1]) + "\n", encoding="utf-8")
    elif damage == "another interpreter":  # a build for another Python version vouches for nothing here
        stamps.rename(here / compiled.stamps_name(".cpython-399-x86_64-linux-gnu.so"))
    elif damage == "bytes":
        stamps.write_bytes(b"\xff\xfe\x00")
    else:  # an extension beside its source and no stamps (a build of an older layout.compiled)
        stamps.unlink()
    assert compiled.use_source_if_stale(str(here)) == "stale"
    finder = next(f for f in sys.meta_path if isinstance(f, compiled._SourceFinder))
    assert all(finder.find_spec(m) is not None for m in compiled.MODULES)


@pytest.mark.skipif(not compiled.wanted("BAOBAN_REQUIRE_COMPILED"), reason="only where the build must compile (CI)")
def test_the_build_compiled_where_it_must():
    assert compiled.state == "compiled"


def _galley_pdfs(python_path: Path, out: Path, fonts: str) -> tuple:
    """(state, {name: bytes}) of galleys of the test texts, horizontal and vertical, set by the package
    found first on ``python_path`` in a fresh interpreter."""
    out.mkdir()
    code = ("import sys; sys.path.insert(0, sys.argv[1]); from layout import compiled; from layout.cli import main\n"
            "for k, text in enumerate(sys.argv[4:]):\n"
            "    for mode in ([], ['--vertical']):\n"
            "        pdf = f'{sys.argv[2]}/{k}-{len(mode)}.pdf'\n"
            "        assert main(['galley', text, '-o', pdf, '--fonts', sys.argv[3], '--columns', '3', *mode]) in (0, 1)\n"
            "print(compiled.state)\n")
    env = {**os.environ, "SOURCE_DATE_EPOCH": "1524873600"}
    done = subprocess.run([sys.executable, "-c", code, str(python_path), str(out), fonts, *map(str, TEXTS)],
                          capture_output=True, text=True, env=env, timeout=300)
    assert done.returncode == 0, done.stderr[-2000:]
    return done.stdout.split()[-1], {p.name: p.read_bytes() for p in sorted(out.glob("*.pdf"))}


@pytest.mark.skipif(compiled.state != "compiled",
                    reason="not a compiled build (installed without a C compiler, or not installed)")
def test_compiled_build_sets_the_same_pdfs_as_pure_python(tmp_path, fonts_config):
    pure_root = tmp_path / "pure"
    shutil.copytree(ROOT / "layout", pure_root / "layout",
                    ignore=shutil.ignore_patterns("*.so", "*.pyd", "__pycache__", "compiled-stamps*"))
    state_c, built = _galley_pdfs(ROOT, tmp_path / "c", fonts_config)
    state_p, pure = _galley_pdfs(pure_root, tmp_path / "p", fonts_config)
    assert (state_c, state_p) == ("compiled", "pure")
    assert len(built) == 2 * len(TEXTS)
    assert built == pure


def test_version_says_whether_the_text_modules_run_compiled(capsys):
    from layout.cli import main

    with pytest.raises(SystemExit) as done:
        main(["--version"])
    assert done.value.code == 0
    out = capsys.readouterr().out
    assert out.startswith("baoban ") and {"compiled": "compiled (mypyc)", "pure": "pure Python",
                                          "stale": "running from source"}[compiled.state] in out
