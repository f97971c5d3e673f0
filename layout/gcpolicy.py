"""Garbage collection while a command runs: none within a render, never over start-up objects.

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
