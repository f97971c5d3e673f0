"""The constants of the total-fit cost model (``totalfit``'s module docstring explains each one).

A record of its own module: ``totalfit`` is compiled (mypyc) where a C compiler is present, and record
classes stay plain Python.
"""
from __future__ import annotations

from ..records import record


@record(frozen=True)
class LineCosts:
    """The constants of the cost model (see module docstring); one frozen value, shared."""

    line_penalty: float = 10.0  # TeX \\linepenalty: fewer lines are better
    g0_min: float = 0.03  # em per gap at badness 100 is 1/measure, kept inside [g0_min, g0_max]
    g0_max: float = 0.15
    max_slack: float = 2.0  # em: looser candidate lines are only tried when nothing else is left
    loose: float = 0.1  # em per gap: a line this loose after another one costs ``adjacent_loose``
    adjacent_loose: float = 5000.0
    last_resort: float = 10000.0  # a break inside a URL (after "/"), squared penalty
    resort_levels: tuple = (0.0, 1e10, 1e12)  # added for a URL cut after "." "_" "-", and between characters: only to
    # avoid an overfull or ragged line (a very loose line elsewhere is the lesser evil, issue 10)
    runt: float = 1e13  # a last line shorter than orphan_min characters (clreq §3.5.4: avoid at almost any cost)
    ragged: float = 1e7  # badness of a non-final line that cannot be spread (one unit): the last choice
    very_loose: float = 0.19  # em per gap: a line looser than this (a reported loose line) costs ``very_loose_cost``
    very_loose_cost: float = 1e6  # added to the demerits (not the badness), so looser lines still rank by badness
    squeeze: float = 10.0  # badness of a line squeezed by all its shrink (挤进 before 推出): 10·(need/shrink)³
    fixed_stretch: float = 50.0  # badness of filling word spaces and Han–Latin gaps to ½ em (clreq §3.5 1-2)
    good_line: float = 2000.0  # demerits of a fully squeezed or slightly spread line: the pruned pass's budget per line
    push_out: float = 60000.0  # plus about two characters pushed out of lines (on the sample body 8% of paragraphs go over it)


COSTS = LineCosts()
