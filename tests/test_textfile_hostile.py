"""layout.textfile: regular files only, size limits, paths confined to their folder (symlinks followed)."""
import os

import pytest

from layout.textfile import PathOutsideError, TextFileError, confine, read_limited, read_text_file


def test_fifo_is_refused_without_blocking(tmp_path):
    fifo = tmp_path / "a.txt"
    os.mkfifo(fifo)
    with pytest.raises(TextFileError, match="FIFO"):
        read_text_file(fifo)


def test_folder_is_a_folder_not_missing(tmp_path):
    with pytest.raises(TextFileError, match="is a folder"):
        read_limited(tmp_path)


def test_size_limit(tmp_path):
    f = tmp_path / "a.txt"
    f.write_bytes(b"x" * 101)
    with pytest.raises(TextFileError, match="101 bytes, over the limit of 100"):
        read_limited(f, limit=100)
    assert read_limited(f, limit=101) == b"x" * 101


def test_nul_in_name_is_an_error_not_a_value_error(tmp_path):
    with pytest.raises(TextFileError, match="NUL"):
        read_limited(str(tmp_path / "a\x00b"))


def test_confine_accepts_inside_and_rejects_outside_and_symlinks_out(tmp_path):
    root = tmp_path / "issue"
    (root / "sub").mkdir(parents=True)
    (root / "sub" / "a.txt").write_text("x")
    (tmp_path / "secret.txt").write_text("s")
    assert confine(root / "sub" / "a.txt", root) == (root / "sub" / "a.txt").resolve()
    for bad in (root / ".." / "secret.txt", tmp_path / "secret.txt", "/etc/passwd"):
        with pytest.raises(PathOutsideError, match="is outside"):
            confine(bad, root, "article")
    os.symlink(tmp_path / "secret.txt", root / "link.txt")
    with pytest.raises(PathOutsideError, match="secret.txt"):
        confine(root / "link.txt", root)
    os.symlink(root / "sub" / "a.txt", root / "inside.txt")
    assert confine(root / "inside.txt", root).name == "a.txt"
