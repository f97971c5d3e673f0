"""The engine reproduces its golden output (tests/text/data/golden-lines.jsonl, written by tests/text/golden.py).

Guards optimisations: the same line breaks, the same text per line, flags and
glyph identities, and every glyph offset within 2 milli-points.
"""
import json

from .golden import CONFIGS, DATA, records

TOLERANCE = 2  # milli-points: float summation order may differ, nothing else


def _load():
    with open(DATA, encoding="utf-8") as f:
        return [json.loads(line) for line in f]


def _close(a, b) -> bool:
    return abs(a - b) <= TOLERANCE


def test_golden_covers_every_config():
    assert {rec[0] for rec in _load()} == set(CONFIGS)


def test_engine_matches_golden_lines(fontset):
    want, got = _load(), records(fontset)
    assert len(got) == len(want), f"{len(got)} lines set, golden has {len(want)}"
    for g, w in zip(got, want):
        where = f"{w[0]} paragraph {w[1]} line at {w[2]}: {w[4]!r}"
        assert g[:7] == w[:7], f"{where}: got {g[:7]}"  # config, paragraph, offsets, text, flags, units
        assert all(_close(a, b) for a, b in zip(g[7:11], w[7:11])), f"{where}: measures {g[7:11]} != {w[7:11]}"
        assert len(g[11]) == len(w[11]) and all(_close(a, b) for a, b in zip(g[11], w[11])), f"{where}: glyph offsets"
        assert g[12] == w[12], f"{where}: glyph faces, ids, advances, scales or texts differ"
