"""The printed report lists the first missing glyphs and counts the rest, instead of one line per character."""
from layout.report import MAX_LISTED, MissingGlyph, Report, Where


def test_many_missing_glyphs_are_counted_not_all_printed():
    report = Report()
    report.missing_glyphs += [MissingGlyph(chr(0x1F600 + i % 50), "song", Where("a.txt", 1, i, 1)) for i in range(34005)]
    rows = report.problems()
    assert len(rows) == MAX_LISTED + 1
    assert rows[-1].startswith("... and 33,985 more missing glyphs (34,005 in all, 50 different characters: U+1F600")
    assert len(report.missing_glyphs) == 34005 and report.failed(strict=True)


def test_few_missing_glyphs_are_all_listed():
    report = Report()
    report.missing_glyphs.append(MissingGlyph("\U0001F600", "song", Where("a.txt", 1, 0, 1)))
    assert report.problems() == [str(report.missing_glyphs[0])]
