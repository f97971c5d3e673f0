"""One-line fields (masthead, box lines, folio): shrunk to fit down to 60 % of their size, never to nothing;
what still does not fit is left out and reported as overset, with the field's place."""
from layout.compose.regions import MIN_FIT_SCALE, fitted_line
from layout.model.types import Mark, Style, TextItem
from layout.report import Report


def _fit(fontset, text, width, size=10.0):
    report = Report()
    item = TextItem(text, Style("info", size=size, leading=size * 1.5), Mark("issue.yaml", 29, 13))
    line, style = fitted_line(item, width, fontset, report, "hotline")
    return line, style, report


def test_a_line_that_fits_is_set_as_it_is(fontset):
    line, style, report = _fit(fontset, "热线电话12345", 200)
    assert style.size == 10 and line.width <= 200 and not report.warnings and not report.overset


def test_a_slightly_long_line_is_shrunk_to_its_area_and_reported(fontset):
    line, style, report = _fit(fontset, "热" * 12, 100)  # 120 pt at 10 pt: shrunk to about 8.3 pt
    assert 8.2 < style.size < 8.4 and abs(line.width - 100) < 0.5
    assert report.warnings[0].startswith("issue.yaml:29:13: hotline: '热热热") and not report.overset


def test_a_far_too_long_line_stops_at_60_percent_and_reports_what_was_left_out(fontset):
    line, style, report = _fit(fontset, "热" * 300, 100)
    assert style.size == 10 * MIN_FIT_SCALE and line.width <= 100.01
    assert line.text == "热" * 16  # 16 × 6 pt = 96 pt; a 17th would not fit 100 pt
    assert report.overset and report.overset[0].story == "hotline" and report.overset[0].chars == 300 - 16
    assert "does not fit its area even at 6.0 pt" in report.warnings[0] and "…" in report.warnings[0]
    assert report.failed(strict=True)


def test_a_million_characters_are_not_all_set(fontset):
    import time

    start = time.perf_counter()
    line, style, report = _fit(fontset, "样" * 1_000_000, 100)
    assert time.perf_counter() - start < 2
    assert report.overset[0].chars > 999_900 and len(report.warnings[0]) < 300
