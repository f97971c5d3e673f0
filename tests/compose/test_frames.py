"""Column frames and text wrap around images (layout/compose/frames.py)."""
from hypothesis import given, settings, strategies as st

from layout.compose.frames import column_boxes, split_around, wrapped_frames
from layout.model.types import Box


def test_columns_fill_the_area_with_gutters():
    cols = column_boxes(Box(10, 20, 300, 100), 3, 12)
    assert [round(c.x, 6) for c in cols] == [10, 114, 218]
    assert all(abs(c.w - 92) < 1e-9 and c.h == 100 for c in cols)
    assert abs(cols[-1].right - 310) < 1e-9


def test_image_in_the_middle_splits_a_column_in_two():
    col = Box(0, 0, 100, 300)
    parts = split_around(col, [Box(-5, 100, 110, 50)])
    assert parts == [Box(0, 0, 100, 100), Box(0, 150, 100, 150)]


def test_image_not_over_the_column_leaves_it_whole():
    col = Box(0, 0, 100, 300)
    assert split_around(col, [Box(100, 0, 50, 50)]) == [col]


def test_slivers_shorter_than_a_line_are_dropped():
    parts = split_around(Box(0, 0, 100, 300), [Box(0, 5, 100, 100)], min_height=12)
    assert parts == [Box(0, 105, 100, 195)]


def test_wrap_keeps_reading_order_column_by_column():
    frames = wrapped_frames(Box(0, 0, 200, 200), 2, 10, [Box(105, 50, 95, 50)])
    assert [(f.x, f.y) for f in frames] == [(0, 0), (105, 0), (105, 100)]


@settings(max_examples=80, deadline=None)
@given(st.lists(st.tuples(st.floats(-50, 350), st.floats(1, 120)), max_size=4))
def test_parts_never_overlap_an_exclusion_and_never_leave_the_column(bands):
    col = Box(0, 0, 100, 300)
    excl = [Box(-10, y, 120, h) for y, h in bands]
    parts = split_around(col, excl)
    for p in parts:
        assert col.contains(p)
        assert not any(p.overlaps(e) for e in excl)
    covered = sum(p.h for p in parts)
    free = sum(1 for y in range(300) if not any(e.y <= y + 0.5 < e.bottom for e in excl))
    assert abs(covered - free) <= 1 + 2 * len(excl)
