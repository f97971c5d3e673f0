"""render.py batch through layout.cli.main: usage errors exit 2 with a message, before any cluster starts."""
from __future__ import annotations

from layout.batch.journal import BatchLock, Journal
from layout.cli import main

from .conftest import make_sources


def test_bad_sources_are_listed_and_exit_2(tmp_path, capsys):
    assert main(["batch", str(tmp_path / "nowhere"), str(tmp_path), "-o", str(tmp_path / "out")]) == 2
    err = capsys.readouterr().err
    assert f"{tmp_path / 'nowhere'}: no such file or folder" in err
    assert f"{tmp_path}: no issue.yaml in this folder or below it" in err


def test_a_folder_holding_a_batch_needs_resume_and_a_locked_one_is_refused(tmp_path, capsys):
    src = make_sources(tmp_path, good=1, broken=False)
    out = tmp_path / "out"
    out.mkdir()
    with BatchLock(out):
        assert main(["batch", str(src), "-o", str(out)]) == 2
    assert "another batch (pid" in capsys.readouterr().err
    Journal(out).append({"event": "start"})
    assert main(["batch", str(src), "-o", str(out)]) == 2
    err = capsys.readouterr().err
    assert "already holds a batch" in err and "add --resume to continue it" in err


def test_output_path_that_is_a_file(tmp_path, capsys):
    (tmp_path / "out").write_text("x", encoding="utf-8")
    assert main(["batch", str(tmp_path), "-o", str(tmp_path / "out")]) == 2
    assert "an existing file, not a folder" in capsys.readouterr().err


def test_timeout_option(capsys):
    import argparse

    import pytest

    from layout.batch.cli import add_arguments, options_from
    from layout.batch.run import DEFAULT_TIMEOUT

    parser = argparse.ArgumentParser()
    add_arguments(parser)
    assert options_from(parser.parse_args(["src", "-o", "out"])).timeout == DEFAULT_TIMEOUT == 600
    assert options_from(parser.parse_args(["src", "-o", "out", "--timeout", "0"])).timeout == 0
    assert options_from(parser.parse_args(["src", "-o", "out", "--timeout", "2.5"])).timeout == 2.5
    for bad in ("-1", "soon", "nan", "inf"):
        with pytest.raises(SystemExit) as exit_info:
            parser.parse_args(["src", "-o", "out", "--timeout", bad])
        assert exit_info.value.code == 2
    assert "seconds" in capsys.readouterr().err
