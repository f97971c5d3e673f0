"""layout.cli: an OSError that ends a run is reported without claims the writer did not make."""
import errno

from layout import cli
from layout.pdf.atomic import OutputError, OutputSetError


def run_raising(monkeypatch, capsys, exc):
    def boom(args):
        raise exc

    monkeypatch.setattr("layout.galley.run", boom)
    code = cli.main(["galley", "a.txt", "-o", "a.pdf"])
    return code, capsys.readouterr().err


def test_output_set_message_is_shown_as_it_is(monkeypatch, capsys):
    message = "replacing the files in out failed (No space left); these are NEW and could not be put back: out/x.pdf"
    code, err = run_raising(monkeypatch, capsys, OutputSetError(message))
    assert code == 2 and err.strip() == f"error: {message}"
    assert "nothing was replaced" not in err


def test_output_error_before_writing_says_nothing_was_written(monkeypatch, capsys):
    code, err = run_raising(monkeypatch, capsys, OutputError("cannot write out: it is a folder"))
    assert code == 2 and err.strip() == "error: cannot write out: it is a folder; nothing was written"


def test_other_os_error_makes_no_claim_about_replacing(monkeypatch, capsys):
    code, err = run_raising(monkeypatch, capsys, OSError(errno.ENOSPC, "No space left on device", "out/x.pdf"))
    assert code == 2 and "No space left on device: 'out/x.pdf'" in err
    assert "replaced" not in err


def test_font_error_is_a_message_and_exit_2(monkeypatch, capsys):
    from layout.fonts import FontError

    code, err = run_raising(monkeypatch, capsys, FontError("no font found for role 'song'"))
    assert code == 2 and err.strip() == "error: no font found for role 'song'"


def test_any_other_exception_is_a_bug_and_keeps_its_traceback(monkeypatch, capsys):
    import pytest

    with pytest.raises(ZeroDivisionError):
        run_raising(monkeypatch, capsys, ZeroDivisionError("bug"))


def test_font_errors_are_told_apart_without_importing_the_font_layer(monkeypatch):
    from layout.fonts import FontError

    assert cli.is_font_error(FontError("x")) and not cli.is_font_error(ValueError("x"))
    monkeypatch.delitem(__import__("sys").modules, "layout.fonts.face")
    assert not cli.is_font_error(FontError("x"))  # not loaded: nothing in this run can have raised one
