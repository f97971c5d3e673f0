"""layout.gcpolicy: fewer collections within, Python's own policy restored after, nothing kept frozen or leaked."""
import gc
import weakref

from layout.cli import ONE_SHOT, SUBCOMMANDS
from layout.gcpolicy import fewer_collections


class Node:
    """A container that can sit in a reference cycle."""

    def __init__(self):
        self.other = None


def test_no_collection_inside_and_the_collector_restored_after():
    before = gc.get_threshold()
    frozen = gc.get_freeze_count()
    with fewer_collections():
        assert not gc.isenabled()
        assert gc.get_freeze_count() >= frozen  # what existed before is not walked within
    assert gc.isenabled() and gc.get_threshold() == before
    assert gc.get_freeze_count() == 0  # nothing left frozen: a long-lived process collects it all again


def test_a_disabled_collector_stays_disabled():
    gc.disable()
    try:
        with fewer_collections():
            pass
        assert not gc.isenabled()
    finally:
        gc.enable()


def test_restored_when_the_run_raises():
    before = gc.get_threshold()
    try:
        with fewer_collections():
            raise ValueError("boom")
    except ValueError:
        pass
    assert gc.isenabled() and gc.get_threshold() == before and gc.get_freeze_count() == 0


def test_a_cycle_made_within_is_reclaimed_by_the_next_full_collection():
    with fewer_collections():
        a, b = Node(), Node()
        a.other, b.other = b, a
        ref = weakref.ref(a)
        del a, b
    assert ref() is not None  # not walked on exit: it joined the oldest generation
    gc.collect()
    assert ref() is None


def test_long_lived_commands_keep_pythons_default():
    assert {"watch", "serve", "batch"}.isdisjoint(ONE_SHOT)
    assert {"issue", "galley", "check", "preflight"} <= ONE_SHOT <= set(SUBCOMMANDS)


def test_keep_until_exit_holds_nothing_in_a_process_that_goes_on():
    from layout import gcpolicy

    gcpolicy.keep_until_exit(object())  # in-process (tests, watch, batch): results are freed as ever
    assert gcpolicy._KEPT == [] and not gcpolicy._KEEPING


END_SCRIPT = """
import atexit, os, sys, weakref
sys.path.insert(0, {root!r})
from layout.gcpolicy import keep_until_exit, run_then_exit, _KEPT

class Held:
    pass

def main():
    atexit.register(lambda: open({marker!r}, "w").write("atexit ran") and sys.stdout and print("printed at exit", end=""))
    held = Held()
    weakref.finalize(held, lambda: open({marker!r} + ".finalize", "w").write("finalized"))
    keep_until_exit(held)
    if sys.stdout is not None:  # None when the process was started with its stdout closed
        sys.stdout.write("no newline at the end")  # still in the buffer when main returns
    print(f"kept {{len(_KEPT)}}", file=sys.stderr)  # 1 when the process ends unfreed, 0 otherwise
    return {code}

run_then_exit(main, __file__)
"""


def _end_process(tmp_path, code: str, prefix=(), **run):
    """Run END_SCRIPT with ``main`` returning ``code``, stdout buffered as in a terminal-less run."""
    import os
    import subprocess
    import sys
    from pathlib import Path

    marker = tmp_path / "marker.txt"
    script = tmp_path / "end.py"
    root = str(Path(__file__).resolve().parents[1])
    script.write_text(END_SCRIPT.format(root=root, marker=str(marker), code=code), encoding="utf-8")
    env = {k: v for k, v in os.environ.items() if k != "PYTHONUNBUFFERED"}
    run = {"capture_output": True, **run}
    return subprocess.run([sys.executable, *prefix, str(script)], text=True, timeout=60, env=env, **run), marker


def test_run_then_exit_flushes_output_runs_exit_handlers_and_keeps_the_exit_code(tmp_path):
    proc, marker = _end_process(tmp_path, "3")
    assert proc.returncode == 3
    assert proc.stdout == "no newline at the endprinted at exit"  # exit handlers run first, then the flush
    assert proc.stderr == "kept 1\n"
    assert marker.read_text() == "atexit ran"
    # weakref.finalize runs at exit too (it is an exit handler): here on the object kept alive to the end
    assert (tmp_path / "marker.txt.finalize").read_text() == "finalized"


def test_an_exception_from_main_ends_the_process_the_usual_way(tmp_path):
    proc, _marker = _end_process(tmp_path, "sys.exit('usage: bad option')")
    assert proc.returncode == 1 and "usage: bad option" in proc.stderr
    proc, _marker = _end_process(tmp_path, "1 / 0")
    assert proc.returncode == 1 and "ZeroDivisionError" in proc.stderr


def test_a_thread_still_running_gets_the_usual_exit_which_waits_for_it(tmp_path):
    proc, marker = _end_process(tmp_path, "__import__('threading').Thread(target=lambda: (__import__('time').sleep(0.3), "
                                          "open({marker!r} + '.thread', 'w').write('done'))).start() or 4"
                                .replace("{marker!r}", repr(str(tmp_path / "marker.txt"))))
    assert proc.returncode == 4
    assert (tmp_path / "marker.txt.thread").read_text() == "done"  # os._exit would have cut the thread off


def test_output_that_cannot_be_written_is_reported_with_status_120(tmp_path):
    with open("/dev/full", "w") as full:  # every write fails: "No space left on device"
        proc, _marker = _end_process(tmp_path, "0", stdout=full, stderr=__import__("subprocess").PIPE,
                                     capture_output=False)
    assert proc.returncode == 120 and "could not all be written" in proc.stderr


def test_a_closed_stdout_keeps_the_exit_code(tmp_path):
    import subprocess

    proc, marker = _end_process(tmp_path, "5", stdout=subprocess.DEVNULL, stderr=subprocess.PIPE,
                                capture_output=False, preexec_fn=lambda: __import__("os").close(1))
    assert proc.returncode == 5 and "Traceback" not in proc.stderr and marker.read_text() == "atexit ran"


def test_a_profiler_running_the_script_gets_the_usual_exit_and_its_report(tmp_path):
    proc, _marker = _end_process(tmp_path, "0", prefix=("-m", "cProfile"))
    assert proc.returncode == 0 and "function calls" in proc.stdout  # cProfile printed its table
    assert "kept 0" in proc.stderr


def test_the_cyclic_garbage_check_sees_an_engine_cycle_and_not_a_foreign_one():
    # what tests/test_galley_warm.py and tests/pdf/test_writer.py rely on: a cycle through an engine object
    # is found; a plain one (what a server thread an earlier test left running makes) is not counted
    from layout.report import Report
    from tests.conftest import cyclic_garbage_of

    def run():
        report = Report()
        report.stats["self"] = report
        plain: dict = {}
        plain["self"] = plain

    assert [type(o).__name__ for o in cyclic_garbage_of(run)] == ["Report"]
