"""Garbage collection while a command runs: none within a render, never over start-up objects; and no
freeing at all when a one-shot process ends (``run_then_exit``).

The engine makes few reference cycles, and what a render allocates stays alive until it is written.
Python's default (a young collection every 700 new container objects, older ones every tenth of
those) walks these live objects again and again: about 150 collections and 30-50 ms for the sample
issue, 3 % of a 6-page galley. Even one young collection of 50,000 containers walks every glyph
list of the lines set so far: 11-15 ms of a 0.11 s x10 galley. ``fewer_collections`` freezes what
exists when it is entered (modules, fonts, caches: never walked within), switches collection off,
and on exit moves what was made within to the oldest generation unwalked (freeze, then unfreeze)
and restores the collector's state, so the next full collection of a long-lived process still
reclaims any cycle among it. A render's own cycles wait for that collection.
"""
from __future__ import annotations

import gc
from contextlib import contextmanager


@contextmanager
def fewer_collections():
    """Within: no garbage collection, and what existed before is frozen; the collector's state restored on exit."""
    enabled = gc.isenabled()
    gc.freeze()
    gc.disable()
    try:
        yield
    finally:
        gc.freeze()
        if enabled:
            gc.enable()
        gc.unfreeze()


# The end of a one-shot process (render.py): what a command made is never freed object by object, the
# way compilers skip freeing at exit (clang's -disable-free). Freeing the x10 galley's pages and lines
# one by one took 6 ms and the interpreter's teardown 3 ms of a 0.19 s run; the OS takes the whole
# process back at once. Long-lived commands (watch, serve, batch: ``long_lived``), in-process callers and
# batch workers free as ever.
_KEEPING = False
_KEPT: list = []


def keep_until_exit(*objects) -> None:
    """Hold a one-shot command's results until ``run_then_exit`` ends the process; a no-op otherwise."""
    if _KEEPING:
        _KEPT.append(objects)


def long_lived() -> None:
    """The command runs on (watch, serve, batch): hold nothing until exit, whatever it renders."""
    global _KEEPING
    _KEEPING = False
    _KEPT.clear()


def run_then_exit(main, script: str = "") -> None:
    """Run ``main()`` and end the process with its exit code, the interpreter's teardown skipped: exit
    handlers run (atexit, weakref.finalize), then standard output and error are flushed, in CPython's own
    order, and a failed flush is reported with exit status 120 as CPython does.

    The usual exit instead, which frees everything: when ``main`` raises (SystemExit from argparse, a
    bug's traceback), when another thread still runs as it returns (the usual exit waits for it), and
    when something else watches or drives the process: ``script`` (render.py) is not the ``__main__``
    module (``python -m cProfile``, ``-m trace``, ``-m pdb``), a profiler or tracer is set, or ``-i``.
    """
    import atexit
    import os
    import sys

    global _KEEPING
    run_exit_handlers = getattr(atexit, "_run_exitfuncs", None)
    main_file = getattr(sys.modules.get("__main__"), "__file__", None)
    _KEEPING = (run_exit_handlers is not None and not sys.flags.inspect and sys.gettrace() is None
                and sys.getprofile() is None and bool(script) and main_file is not None
                and os.path.realpath(main_file) == os.path.realpath(script))
    try:
        code = main()
    finally:
        gc.freeze()  # a last collection would only walk objects about to go
    threading = sys.modules.get("threading")
    if not _KEEPING or (threading is not None and threading.active_count() > 1):
        sys.exit(code)
    run_exit_handlers()
    status = code if isinstance(code, int) else 1
    for stream in (sys.stdout, sys.stderr):
        if stream is None or getattr(stream, "closed", False):
            continue
        try:
            stream.flush()
        except (OSError, ValueError) as exc:  # disk full, a closed pipe: the output is lost, so say so
            status = 120
            try:
                os.write(2, f"error: the output could not all be written: {exc}\n".encode())
            except OSError:
                pass
    os._exit(status)
