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
