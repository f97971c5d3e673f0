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


def test_an_interrupt_after_the_output_was_committed_says_so(monkeypatch, capsys, tmp_path):
    # Ctrl-C during the preflight: the new set already stands, so "no output was replaced" would be false
    def stop(*args, **kwargs):
        raise KeyboardInterrupt

    monkeypatch.setattr("layout.pipeline.preflight_files", stop)
    code = cli.main(["issue", "-o", str(tmp_path / "out")])
    err = capsys.readouterr().err
    assert code == 130 and f"interrupted after the new output was written into {tmp_path / 'out'}" in err
    assert "no output was replaced" not in err and len(list((tmp_path / "out").glob("*.pdf"))) == 3


def test_an_interrupt_before_the_output_was_committed_says_nothing_was_replaced(monkeypatch, capsys):
    code, err = run_raising(monkeypatch, capsys, KeyboardInterrupt())
    assert code == 130 and err.strip() == "interrupted; no output was replaced"


def test_sigterm_stops_a_run_like_an_interrupt_with_status_143(monkeypatch, capsys):
    import os
    import signal

    previous = signal.signal(signal.SIGTERM, signal.SIG_DFL)  # as in a fresh process
    try:
        code, err = run_raising_call(monkeypatch, capsys, lambda: os.kill(os.getpid(), signal.SIGTERM))
    finally:
        signal.signal(signal.SIGTERM, previous)
    assert code == 143 and err.strip() == "terminated; no output was replaced"


def run_raising_call(monkeypatch, capsys, action):
    def run(args):
        action()
        raise AssertionError("the signal should have stopped the run")

    monkeypatch.setattr("layout.galley.run", run)
    code = cli.main(["galley", "a.txt", "-o", "a.pdf"])
    return code, capsys.readouterr().err


def test_a_malformed_source_date_epoch_is_a_message_not_a_traceback(monkeypatch, capsys):
    for value in ("abc", "1e3", "-5", "99999999999999999999"):
        monkeypatch.setenv("SOURCE_DATE_EPOCH", value)
        code = cli.main(["galley", "a.txt", "-o", "a.pdf"])
        err = capsys.readouterr().err
        assert code == 2 and err.startswith("error: SOURCE_DATE_EPOCH is") and "unset it" in err, err
    monkeypatch.setenv("SOURCE_DATE_EPOCH", "1000")
    assert cli.source_date_epoch_problem() == ""


def test_the_sigterm_handler_is_put_back_after_a_run(monkeypatch, capsys):
    # a program that calls cli.main in-process keeps its own SIGTERM behaviour afterwards
    import signal

    if signal.getsignal(signal.SIGTERM) != signal.SIG_DFL:
        signal.signal(signal.SIGTERM, signal.SIG_DFL)
    seen = []

    def note_and_stop():
        seen.append(signal.getsignal(signal.SIGTERM))
        raise KeyboardInterrupt

    run_raising_call(monkeypatch, capsys, note_and_stop)
    assert seen and seen[0] is not signal.SIG_DFL  # installed for the run
    assert signal.getsignal(signal.SIGTERM) == signal.SIG_DFL  # and taken away after it
