"""Warm galley runs in one process reuse the font set while its configuration and font files are unchanged."""
import shutil

import pdfplumber

from layout import galley
from layout.cli import build_parser
from tests.conftest import SANS, SERIF, cyclic_garbage_of

TEXT = "本报讯（记者翟国鑫）4月23日至4月26日，区委书记于长辉带领我区党政代表团赴青海省。\n"


def _config(tmp_path, font):
    path = tmp_path / "fonts.yaml"
    path.write_text(f"roles:\n  song:\n    regular:\n      - {{path: '{font}'}}\nfallback: [song]\n", encoding="utf-8")
    return str(path)


def _run(tmp_path, config, name):
    src = tmp_path / "a.txt"
    src.write_text(TEXT, encoding="utf-8")
    out = tmp_path / name
    args = build_parser("galley").parse_args(["galley", str(src), "-o", str(out), "--fonts", config])
    assert args._run(args) == 0
    return out


def test_second_run_reuses_the_font_set_and_writes_the_same_bytes(tmp_path):
    config = _config(tmp_path, SERIF)
    first = _run(tmp_path, config, "1.pdf")
    kept = galley.warm_fontset(config)
    second = _run(tmp_path, config, "2.pdf")
    assert galley.warm_fontset(config) is kept
    assert first.read_bytes() == second.read_bytes()


def test_a_replaced_font_file_is_loaded_again(tmp_path):
    font = tmp_path / "song.otf"
    shutil.copyfile(SERIF, font)
    config = _config(tmp_path, font)
    _run(tmp_path, config, "1.pdf")
    before = galley.warm_fontset(config)
    shutil.copyfile(SANS, font)  # same path, other face
    out = _run(tmp_path, config, "2.pdf")
    after = galley.warm_fontset(config)
    assert after is not before and "Sans" in after.face("song").family
    with pdfplumber.open(out) as pdf:
        names = {c["fontname"] for c in pdf.pages[0].chars}
    assert names and all("Sans" in n for n in names)


def test_an_edited_configuration_is_read_again(tmp_path):
    config = _config(tmp_path, SERIF)
    _run(tmp_path, config, "1.pdf")
    before = galley.warm_fontset(config)
    _config(tmp_path, SANS)
    _run(tmp_path, config, "2.pdf")
    assert galley.warm_fontset(config) is not before


def test_a_warm_run_leaves_no_cyclic_garbage(tmp_path):
    # a render switches garbage collection off (layout.gcpolicy): anything it leaves in a reference cycle
    # stays until a full collection, and a warm process (watch, batch) grew with every render
    config = _config(tmp_path, SERIF)
    (tmp_path / "long.txt").write_text(TEXT * 40, encoding="utf-8")
    args = build_parser("galley").parse_args(["galley", str(tmp_path / "long.txt"), "-o", str(tmp_path / "w.pdf"),
                                              "--fonts", config, "--columns", "3"])
    assert args._run(args) == 0  # warm: first-use caches
    assert cyclic_garbage_of(lambda: args._run(args)) == []
