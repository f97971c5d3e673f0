"""Flow: lines on the grid of a frame chain, overset, continuation in another chain, balancing."""
import pytest

from layout.flow import Frame, Paragraph, Resume, flow, frame_chain
from layout.report import Report
from layout.text import ParagraphStyle

STYLE = ParagraphStyle(size=10, leading=15, indent=2)
TEXT = "中华人民共和国国务院新闻办公室今天举行发布会，介绍有关情况。" * 6  # 180 chars


def test_lines_sit_on_the_grid_from_the_frame_top(fontset):
    frames = [Frame(20, 30, 150, 300)]
    res = flow([(TEXT, STYLE)], frames, fontset)
    ys = [pl.y for pl in res.frames[0]]
    face = fontset.face("song")
    assert ys[0] == pytest.approx(30 + face.ascent / face.upem * 10)  # the em box top touches the frame top
    assert all(b - a == pytest.approx(15) for a, b in zip(ys, ys[1:]))
    assert all(pl.x == 20 for pl in res.frames[0])
    assert res.leftover is None


def test_overset_is_reported_and_resumes_in_another_chain(fontset):
    report = Report()
    small = [Frame(0, 0, 150, 10 + 15 * 4)]  # 5 lines
    res = flow([(TEXT, STYLE), (TEXT, STYLE)], small, fontset, report=report, story="lead")
    assert len(res.frames[0]) == 5
    left = res.leftover
    assert left is not None and left.resume.paragraph == 0 and left.chars > 0 and left.lines > 0
    assert report.overset and report.overset[0].story == "lead" and report.overset[0].chars == left.chars
    placed_text = "".join(pl.line.text for pl in res.frames[0])
    # jump: the rest goes to another page's chain and nothing is lost or repeated
    rest = flow([(TEXT, STYLE), (TEXT, STYLE)], [Frame(0, 0, 150, 2000)], fontset, start=left)
    assert rest.leftover is None
    all_text = placed_text + "".join(pl.line.text for pl in rest.frames[0])
    assert all_text == TEXT + TEXT
    assert rest.frames[0][0].line.xs[0] >= 0  # no indent on a continued paragraph


def test_resume_into_a_different_measure_resets_the_rest(fontset):
    res = flow([(TEXT, STYLE)], [Frame(0, 0, 150, 40)], fontset)
    rest = flow([(TEXT, STYLE)], [Frame(0, 0, 200, 2000)], fontset, start=res.leftover)
    text = "".join(pl.line.text for pl in res.frames[0]) + "".join(pl.line.text for pl in rest.frames[0])
    assert text == TEXT
    assert all(pl.line.measure == pytest.approx(200) for pl in rest.frames[0])
    again = flow([(TEXT, STYLE)], [Frame(0, 0, 200, 2000)], fontset, start=Resume(0, res.leftover.resume.offset))
    assert [pl.line.text for pl in again.frames[0]] == [pl.line.text for pl in rest.frames[0]]


def test_columns_fill_in_order_and_balance_evens_the_last_page(fontset):
    frames = frame_chain(600, 400, 20, 3, 10, 1)
    res = flow([(TEXT, STYLE)], frames, fontset)
    counts = [len(f) for f in res.frames]
    assert counts[0] > 0 and sum(counts) == len(res.lines)
    balanced = flow([(TEXT, STYLE)], frames, fontset, balance=True)
    bc = [len(f) for f in balanced.frames]
    assert sum(bc) == sum(counts) and max(bc) - min(bc) <= 1 and bc[0] >= bc[-1]
    assert [pl.line.text for pl in balanced.lines] == [pl.line.text for pl in res.lines]


def test_vertical_frames_keep_inline_and_block_axes_apart():
    f = Frame(0, 0, 300, 500, writing_mode="vertical-rl")
    assert f.measure == 500 and f.depth == 300
    tiers = frame_chain(600, 800, 20, 2, 10, 1, "vertical-rl")
    assert tiers[0].y < tiers[1].y and tiers[0].w == tiers[1].w == 560


def test_empty_paragraphs_and_no_frames(fontset):
    res = flow([("", STYLE), (TEXT, STYLE)], [], fontset)
    assert res.leftover is not None and res.leftover.chars == len(TEXT)
    res2 = flow([("", STYLE)], [Frame(0, 0, 100, 100)], fontset)
    assert res2.leftover is None and not res2.lines
    assert flow([Paragraph(TEXT, STYLE)], [Frame(0, 0, 150, 5)], fontset).leftover.lines > 0
