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
# process back at once. Watch, serve, batch workers and in-process callers free as ever.
_KEEPING = False
_KEPT: list = []


def keep_until_exit(*objects) -> None:
    """Hold a one-shot command's results until ``run_then_exit`` ends the process; a no-op otherwise."""
    if _KEEPING:
        _KEPT.append(objects)


def run_then_exit(main) -> None:
    """Run ``main()`` and end the process with its exit code: standard streams flushed and exit handlers
    run (atexit, weakref.finalize) as at any exit, the interpreter's teardown skipped. An exception
    from ``main`` (SystemExit from argparse, a bug's traceback), or another thread still running when
    it returns (watch, serve, batch), ends the process the usual way."""
    import atexit
    import os
    import sys

    global _KEEPING
    _KEEPING = True
    try:
        code = main()
    finally:
        gc.freeze()  # a last collection would only walk objects about to go
    for stream in (sys.stdout, sys.stderr):
        try:
            stream.flush()
        except (OSError, ValueError):  # a closed pipe, or a closed stream: nothing more can go there
            pass
    threading = sys.modules.get("threading")
    run_exit_handlers = getattr(atexit, "_run_exitfuncs", None)
    if run_exit_handlers is None or (threading is not None and threading.active_count() > 1):
        sys.exit(code)  # not CPython, or another thread still runs (the usual exit waits for it): the usual exit
    run_exit_handlers()
    os._exit(code if isinstance(code, int) else 1)
