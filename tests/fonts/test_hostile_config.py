"""fonts.yaml from outside: FIFO, alias bombs, foreign tags, wrong shapes and paths outside its folder are clear errors."""
import os
import time

import pytest

from layout.fonts import FontError, load_fontset
from tests.conftest import SERIF


def write(tmp_path, body):
    path = tmp_path / "fonts.yaml"
    path.write_text(body, encoding="utf-8")
    return str(path)


def test_fifo_config_is_an_error_not_a_block(tmp_path):
    fifo = tmp_path / "fonts.yaml"
    os.mkfifo(fifo)
    started = time.perf_counter()
    with pytest.raises(FontError, match="FIFO"):
        load_fontset(str(fifo))
    assert time.perf_counter() - started < 2


def test_folder_config_is_an_error(tmp_path):
    with pytest.raises(FontError, match="is a folder"):
        load_fontset(str(tmp_path))


def test_alias_bomb_config_fails_fast(tmp_path):
    lines = ["a0: &a0 [x, x, x, x, x, x, x, x, x]"]
    lines += [f"a{i}: &a{i} [" + ", ".join([f"*a{i - 1}"] * 9) + "]" for i in range(1, 10)]
    cfg = write(tmp_path, "\n".join(lines) + "\n")
    started = time.perf_counter()
    with pytest.raises(FontError, match="alias"):
        load_fontset(cfg)
    assert time.perf_counter() - started < 2


def test_python_tag_is_refused(tmp_path):
    cfg = write(tmp_path, "roles: !!python/object/apply:os.system ['touch PWNED']\n")
    with pytest.raises(FontError, match=r"fonts.yaml:1:8: YAML tag !!python"):
        load_fontset(cfg)


@pytest.mark.parametrize("body, fragment", [
    ("roles: [song]\n", "fonts.yaml:1:8: roles: expected a mapping"),
    ("roles:\n  song: 3\n", "fonts.yaml:2:9: roles.song: expected weights"),
    ("roles:\n  song:\n    regular: {path: /x}\n", "fonts.yaml:3:14: roles.song.regular: expected a list"),
    ("roles:\n  song:\n    regular: [3]\n", "fonts.yaml:3:15: roles.song.regular[0]: expected a mapping"),
    ("roles:\n  song:\n    regular: [{path: /x, index: two}]\n", "index: expected a number"),
    ("roles:\n  song:\n    regular: [{path: /x, wght: .nan}]\n", "not a finite number"),
    ("roles:\n  song:\n    regular: [{path: x.otf}]\n", "is not absolute; use file:"),
    ("roles:\n  song:\n    regular: [{colour: red}]\n", "unknown key 'colour'"),
    ("fallback: song\n", "fallback: expected a list"),
    ("- a\n- b\n", "must be a mapping"),
])
def test_wrong_shapes_are_errors_with_a_place(tmp_path, body, fragment):
    with pytest.raises(FontError) as info:
        load_fontset(write(tmp_path, body))
    assert fragment in str(info.value)


def test_file_source_outside_the_config_folder_is_refused(tmp_path):
    conf = tmp_path / "conf"
    conf.mkdir()
    cfg = write(conf, "roles:\n  song:\n    regular: [{file: ../../etc/passwd}]\n")
    with pytest.raises(FontError, match="outside the font configuration's folder"):
        load_fontset(cfg)
    os.symlink(SERIF, conf / "linked.otf")
    cfg = write(conf, "roles:\n  song:\n    regular: [{file: linked.otf}]\n")
    with pytest.raises(FontError, match="outside"):
        load_fontset(cfg)


def test_file_source_inside_the_folder_loads(tmp_path):
    (tmp_path / "fonts").mkdir()
    (tmp_path / "fonts" / "serif.otf").write_bytes(SERIF.read_bytes())
    cfg = write(tmp_path, "roles:\n  song:\n    regular: [{file: fonts/serif.otf}]\nfallback: [song]\n")
    assert load_fontset(cfg).face("song").family == "Noto Serif SC"


def path_config(tmp_path, target):
    return write(tmp_path, f"roles:\n  song:\n    regular:\n      - path: {target}\nfallback: [song]\n")


@pytest.mark.parametrize("target", ["/etc/passwd", "not-a-font.txt"])
def test_path_source_that_is_not_a_font_is_a_clear_error(tmp_path, target):
    if target == "not-a-font.txt":
        target = str(tmp_path / target)
        with open(target, "w") as f:
            f.write("hello, this is text\n")
    fs = load_fontset(path_config(tmp_path, target))
    with pytest.raises(FontError) as info:
        fs.face("song")
    message = str(info.value)
    assert f"{target} is not a font file" in message and "role 'song'" in message and "fonts.yaml" in message
    assert "root:" not in message  # never echoes the file's content


def test_path_source_that_is_a_fifo_is_an_error_not_a_block(tmp_path):
    pipe = tmp_path / "font.otf"
    os.mkfifo(pipe)
    fs = load_fontset(path_config(tmp_path, pipe))
    started = time.perf_counter()
    with pytest.raises(FontError, match="FIFO"):
        fs.face("song")
    assert time.perf_counter() - started < 2


def test_path_source_that_is_a_font_loads_from_anywhere(tmp_path):
    fs = load_fontset(path_config(tmp_path, SERIF))
    assert fs.face("song").num_glyphs > 100
