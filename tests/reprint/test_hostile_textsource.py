"""Importing a text source reads regular files only: a FIFO or an oversized file is a clear error, never a block."""
import os

import pytest

from layout.reprint.importer import ImportFailure, import_source
from layout.reprint.textsource import read_text_source
from layout.textfile import TextFileError


def test_fifo_text_source_is_an_import_failure_not_a_block(tmp_path):
    pipe = tmp_path / "page.txt"
    os.mkfifo(pipe)
    with pytest.raises(ImportFailure, match="FIFO"):
        import_source(pipe, "", "")


def test_oversized_text_source_is_refused(tmp_path, monkeypatch):
    import layout.textfile as textfile

    monkeypatch.setattr(textfile, "MAX_TEXT_BYTES", 10)
    monkeypatch.setattr(textfile.read_text_file, "__defaults__", ("", False, 10))
    page = tmp_path / "page.txt"
    page.write_text("本报讯　这是一段很长的文字。\n" * 4, encoding="utf-8")
    with pytest.raises(TextFileError, match="over the limit"):
        read_text_source(page)
