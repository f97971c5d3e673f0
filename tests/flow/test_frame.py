"""The frame axis API (layout/flow/frame.py): one geometry for horizontal-tb and vertical-rl.

Each test states the same rule twice, once per writing mode, with the
expected page coordinates worked out by hand: horizontally lines stack top
to bottom with the baseline one face ascent below the em box top;
vertically (clreq §2.4) lines stack right to left with the origin on the
centre line at the frame top.
"""
import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from layout.flow import Frame, LineGrid, frame_chain, line_grid
from layout.model.types import Box

H, V = "horizontal-tb", "vertical-rl"
GRID = LineGrid(size=10.0, leading=15.0, ascent=0.88)


def test_inline_and_block_sizes_follow_the_writing_mode():
    assert (Frame(0, 0, 300, 500, H).inline_size, Frame(0, 0, 300, 500, H).block_size) == (300, 500)
    assert (Frame(0, 0, 300, 500, V).inline_size, Frame(0, 0, 300, 500, V).block_size) == (500, 300)


def test_line_origins():
    h, v = Frame(20, 30, 150, 300, H), Frame(20, 30, 150, 300, V)
    assert h.line_origin(0, GRID) == pytest.approx((20, 30 + 8.8))  # baseline: ascent below the top
    assert h.line_origin(2, GRID) == pytest.approx((20, 30 + 8.8 + 30))
    assert v.line_origin(0, GRID) == pytest.approx((170 - 5, 30))  # centre line ½ em left of the right edge
    assert v.line_origin(2, GRID) == pytest.approx((170 - 5 - 30, 30))


@settings(max_examples=200, deadline=None)
@given(st.sampled_from([H, V]), st.floats(-500, 500), st.floats(-500, 500), st.floats(1, 900), st.floats(1, 900),
       st.integers(0, 80), st.one_of(st.none(), st.floats(-500, 500)))
def test_line_origin_is_the_point_of_the_line_block_exactly(mode, x, y, w, h, k, inline):
    # line_origin is written out for speed; it must stay bit-identical to the axis API it stands for
    f = Frame(x, y, w, h, mode)
    expected = f.point(f.inline_start if inline is None else inline, f.line_block(k, GRID))
    assert f.line_origin(k, GRID, inline) == expected


@settings(max_examples=200, deadline=None)
@given(st.sampled_from([H, V]), st.floats(-500, 500), st.floats(-500, 500), st.floats(1, 900), st.floats(1, 900),
       st.integers(0, 80), st.integers(0, 40))
def test_line_origins_are_the_points_of_each_line_block_exactly(mode, x, y, w, h, k, count):
    # the flow takes a paragraph's origins in one call; each must be bit-identical to the axis API
    f = Frame(x, y, w, h, mode)
    assert f.line_origins(k, count, GRID) == [f.point(f.inline_start, f.line_block(n, GRID)) for n in range(k, k + count)]


def test_the_face_ascent_places_the_baseline(fontset):
    face = fontset.face("song")
    grid = line_grid(10.0, 15.0, fontset, "song")
    assert grid.ascent == face.ascent / face.upem
    assert Frame(0, 0, 100, 100, H).line_origin(0, grid)[1] == pytest.approx(10 * face.ascent / face.upem)


@pytest.mark.parametrize("mode", [H, V])
def test_capacity_is_one_em_then_one_leading_per_line(mode):
    assert Frame(0, 0, 10 + 15 * 4, 10 + 15 * 4, mode).capacity(GRID) == 5
    assert Frame(0, 0, 10 + 15 * 4 - 0.1, 10 + 15 * 4 - 0.1, mode).capacity(GRID) == 4
    assert Frame(0, 0, 5, 5, mode).capacity(GRID) == 0


def test_take_keeps_the_block_start_and_drop_first_the_block_end():
    h, v = Frame(0, 0, 100, 200, H), Frame(0, 0, 200, 100, V)
    assert h.take(3, GRID) == Frame(0, 0, 100, 40.001, H)
    assert v.take(3, GRID) == Frame(pytest.approx(200 - 40.001), 0, pytest.approx(40.001), 100, V)
    assert h.take(3, GRID).capacity(GRID) == v.take(3, GRID).capacity(GRID) == 3
    assert h.take(99, GRID) is h
    assert h.drop_first(GRID) == Frame(0, 15, 100, 185, H)
    assert v.drop_first(GRID) == Frame(0, 0, 185, 100, V)  # the rightmost line goes
    assert v.drop_first(GRID).line_origin(0, GRID) == v.line_origin(1, GRID)
    assert h.drop_first(GRID).line_origin(0, GRID) == h.line_origin(1, GRID)


def test_block_until_cuts_at_a_foot_line_in_either_direction():
    h, v = Frame(0, 10, 100, 200, H), Frame(0, 0, 200, 100, V)
    foot_h = h.block_start + 10 + 2 * 15 + 0.001  # the em box end of line 2
    assert h.block_until(foot_h).capacity(GRID) == 3 and h.block_until(foot_h).y == 10
    foot_v = v.block_start + 10 + 2 * 15 + 0.001
    cut = v.block_until(foot_v)
    assert cut.capacity(GRID) == 3 and cut.x + cut.w == pytest.approx(200)  # the right edge stays
    assert h.block_until(h.block_end + 5) is h
    assert h.block_until(h.block_start - 5).block_size == 0  # a frame below the foot holds nothing


def test_divide_into_columns_or_tiers_along_the_measure():
    cols = Frame(10, 20, 300, 100, H).divide(3, 12)
    assert [round(c.x, 6) for c in cols] == [10, 114, 218]
    assert all(abs(c.w - 92) < 1e-9 and c.h == 100 for c in cols)
    tiers = Frame(20, 10, 100, 300, V).divide(3, 12)
    assert [round(t.y, 6) for t in tiers] == [10, 114, 218] and all(t.w == 100 for t in tiers)
    chain = frame_chain(600, 800, 20, 2, 10, 1, V)
    assert chain[0].y < chain[1].y and chain[0].w == chain[1].w == 560 and chain[1].name == "p1t2"


def test_split_horizontal_goes_on_below_the_image():
    col = Frame(0, 0, 100, 300, H)
    assert col.split([Box(-5, 100, 110, 50)]) == [Frame(0, 0, 100, 100, H), Frame(0, 150, 100, 150, H)]
    assert col.split([Box(100, 0, 50, 50)]) == [col]  # beside the column: no effect
    assert col.split([Box(0, 5, 100, 100)], min_block=12) == [Frame(0, 105, 100, 195, H)]  # sliver dropped


def test_split_vertical_goes_on_to_the_left_of_the_image():
    tier = Frame(0, 0, 300, 100, V)
    assert tier.split([Box(100, -5, 50, 110)]) == [Frame(150, 0, 150, 100, V), Frame(0, 0, 100, 100, V)]
    assert tier.split([Box(0, 100, 50, 50)]) == [tier]  # below the tier: no effect
    assert tier.split([Box(195, 0, 105, 100)], min_block=12) == [Frame(0, 0, 195, 100, V)]


def test_nested_exclusions_in_vertical_text():
    tier = Frame(0, 0, 300, 100, V)  # an image inside a larger one's band: the larger decides
    assert tier.split([Box(100, 0, 150, 100), Box(180, 0, 20, 100)]) == [Frame(250, 0, 50, 100, V),
                                                                        Frame(0, 0, 100, 100, V)]


def test_rule_segment_and_alignment():
    h, v = Frame(0, 0, 100, 200, H), Frame(0, 0, 200, 100, V)
    assert h.segment(50, h.block_start, h.block_end) == (50, 0, 50, 200)
    assert v.segment(50, v.block_start, v.block_end) == (0, 50, 200, 50)  # left end first
    assert (h.aligned(40, "left"), h.aligned(40, "center"), h.aligned(40, "right")) == (0, 30, 60)
    assert (v.aligned(40, "left"), v.aligned(40, "center"), v.aligned(40, "right")) == (0, 30, 60)


def test_unknown_writing_mode_is_an_error():
    with pytest.raises(ValueError, match="sideways"):
        _ = Frame(0, 0, 1, 1, "sideways-lr").inline_size


@settings(max_examples=80, deadline=None)
@given(st.lists(st.tuples(st.floats(-50, 350), st.floats(1, 120)), max_size=4), st.sampled_from([H, V]))
def test_parts_never_overlap_an_exclusion_and_never_leave_the_frame(bands, mode):
    frame = Frame(0, 0, 100, 300, H) if mode == H else Frame(0, 0, 300, 100, V)
    excl = [Box(-10, y, 120, h) if mode == H else Box(y, -10, h, 120) for y, h in bands]
    whole = Box(frame.x, frame.y, frame.w, frame.h)
    parts = [Box(p.x, p.y, p.w, p.h) for p in frame.split(excl)]
    for p in parts:
        assert whole.contains(p)
        assert not any(p.overlaps(e) for e in excl)
    covered = sum(p.block_size for p in frame.split(excl))
    lo = (lambda e: e.y) if mode == H else (lambda e: e.x)
    ext = (lambda e: e.h) if mode == H else (lambda e: e.w)
    free = sum(1 for c in range(300) if not any(lo(e) <= c + 0.5 < lo(e) + ext(e) for e in excl))
    assert abs(covered - free) <= 1 + 2 * len(excl)
