"""Shared fixtures: the pinned OFL test fonts and an output folder for files a person may look at."""
import os
from pathlib import Path

import pytest

HERE = Path(__file__).resolve().parent
SERIF = HERE / "fonts" / "data" / "NotoSerifSC-test.otf"
SANS = HERE / "fonts" / "data" / "NotoSansSC-test.otf"
OUTPUT = HERE / "output"


@pytest.fixture(scope="session", autouse=True)
def _private_font_cache(tmp_path_factory):
    """Keep the metric cache of a test run out of the user's cache folder."""
    os.environ.setdefault("BAOBAN_CACHE", str(tmp_path_factory.mktemp("font-cache")))


@pytest.fixture(scope="session")
def fontset():
    """FontSet over the pinned test subsets: song = Noto Serif SC, hei = Noto Sans SC."""
    from layout.fonts import fontset_from_files

    return fontset_from_files({"song": str(SERIF), "hei": str(SANS)})


@pytest.fixture(scope="session")
def output_dir():
    """tests/output/: PNGs and PDFs written for a person to look at (git-ignored)."""
    OUTPUT.mkdir(exist_ok=True)
    return OUTPUT


@pytest.fixture(scope="session")
def fonts_config(tmp_path_factory):
    """A fonts.yaml naming the pinned test fonts (song, hei), for commands that take --fonts."""
    path = tmp_path_factory.mktemp("fonts") / "fonts.yaml"
    path.write_text(f"roles:\n  song:\n    regular:\n      - {{path: '{SERIF}'}}\n"
                    f"  hei:\n    regular:\n      - {{path: '{SANS}'}}\nfallback: [song, hei]\n", encoding="utf-8")
    return str(path)


def sample_fontset_from_pins():
    """A FontSet of the pinned subsets for every role the sample's templates use (kai set in the serif)."""
    from layout.fonts import fontset_from_files

    return fontset_from_files({"song": str(SERIF), "hei": str(SANS), "kai": str(SERIF)}, fallback=["song", "hei"])


def cyclic_garbage_of(run) -> list:
    """The objects of the engine's (or reportlab's) own types, and frames and functions of its code, that
    ``run()`` leaves in reference cycles, found with collection switched off as a render does. Garbage of
    other threads (a server or client an earlier test left running) is not counted: it made the check flaky."""
    import gc

    gc.collect()
    was = gc.isenabled()
    gc.disable()
    gc.set_debug(gc.DEBUG_SAVEALL)
    try:
        run()
        gc.collect()
        return [o for o in gc.garbage if _of_the_engine(o)]
    finally:
        gc.set_debug(0)
        gc.garbage.clear()
        if was:
            gc.enable()


def _of_the_engine(obj) -> bool:
    module = getattr(type(obj), "__module__", "") or ""
    if module.startswith(("layout", "reportlab")):
        return True
    code = getattr(obj, "f_code", None) or getattr(obj, "__code__", None)
    return code is not None and f"{os.sep}layout{os.sep}" in code.co_filename
