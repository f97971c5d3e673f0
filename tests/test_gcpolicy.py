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
