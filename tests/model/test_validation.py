"""Every class of template validation error, each asserting its file:line:column."""
from __future__ import annotations

import pytest

from layout.model.errors import ModelError
from layout.model.template import display_path, load_template

from .helpers import MINIMAL, at, messages, only_error_at, write

# (replace this, with this, the error points at this text, the message contains this)
CASES = [
    # unknown keys, with did-you-mean
    ("  columns: 4\n", "  colums: 4\n", "colums", "unknown key 'colums' in grid (did you mean 'columns'?)"),
    ("  body: {size: 10pt,", "  body: {colour: red, size: 10pt,", "colour", "did you mean 'color'?"),
    ("    kind: box\n", "    kind: box\n    boder: {width: 1pt}\n", "boder", "did you mean 'border'?"),
    ("page:\n", "paeg: {}\npage:\n", "paeg", "unknown key 'paeg'"),
    # wrong types
    ("  columns: 4\n", "  columns: four\n", "four", "grid.columns: expected a whole number, got 'four'"),
    ("  columns: 4\n", "  columns: 4.5\n", "4.5", "expected a whole number"),
    ("    lines: [\"{paper} {date}\"]", "    lines: \"{paper}\"", "\"{paper}\"", "expected a list"),
    ("    span: 4\n    top: 35mm", "    span: 4\n    balance: maybe\n    top: 35mm", "maybe", "expected true or false"),
    # lengths: bare numbers and bad units
    ("  gutter: 5mm\n", "  gutter: 5\n", "5\n", "a bare number is ambiguous"),
    ("  gutter: 5mm\n", "  gutter: 5furlongs\n", "5furlongs", "expected a length"),
    ("    height: 30mm\n", "    height: 30em\n", "30em", "expected a length"),
    ("size: 二号}", "size: 十号}", "十号", "styles.headline.size"),
    # out of range
    ("  columns: 4\n", "  columns: 0\n", "0\n", "too small (at least 1)"),
    ("  columns: 4\n", "  columns: 99\n", "99", "too large (at most 40)"),
    ("  red: [0, 100, 100, 0]", "  red: [0, 100, 180, 0]", "180", "too large (at most 100)"),
    ("  red: [0, 100, 100, 0]", "  red: [0, 100, 100]", "[0, 100, 100]", "exactly 4 items"),
    ("    column: 1\n    span: 4\n    height: 30mm", "    column: 0\n    span: 4\n    height: 30mm", "0\n", "too small"),
    # allowed words
    ("size: 10pt, leading", "size: 10pt, align: centered, leading", "centered", "use one of 'justify'"),
    ("size: 10pt, leading", "size: 10pt, kinsoku: loose, leading", "loose", "'basic', 'gb', 'strict'"),
    ("    kind: article\n", "    kind: artikel\n", "artikel", "did you mean 'article'?"),
    # missing required keys
    ("  gutter: 5mm\n", "", "columns: 4", "grid: missing required key 'gutter'"),
    # impossible geometry
    ("margins: {top: 20mm, bottom: 20mm,", "margins: {top: 200mm, bottom: 120mm,", "{top: 200mm", "top + bottom"),
    ("inside: 15mm, outside: 15mm}", "inside: 150mm, outside: 70mm}", "{top: 20mm", "inside + outside"),
    ("  gutter: 5mm\n", "  gutter: 70mm\n", "70mm", "leave no room for 4 columns"),
    ("    column: 1\n    span: 4\n    height: 30mm", "    column: 2\n    span: 4\n    height: 30mm", "4\n    height: 30mm",
     "4 columns from column 2 reach column 5, but the grid has 4"),
    ("    column: 1\n    span: 4\n    height: 30mm", "    column: 5\n    span: 1\n    height: 30mm", "5\n",
     "beyond the grid (4 columns)"),
    ("    height: 30mm\n", "    height: 300mm\n", "300mm", "below the type area"),
    ("    top: 35mm\n", "    top: 300mm\n", "300mm", "below the type area"),
    ("    height: 30mm\n", "    height: 40mm\n", "lead:", "regions.lead overlaps regions.top"),
    # references
    ("size: 10pt, leading", "size: 10pt, color: blue, leading", "blue", "no swatch 'blue'"),
    ("  headline: {font", "  headline: {based_on: heading, font", "heading", "no style 'heading'"),
    ("    height: rest\n", "    height: rest\n    body_style: bdy\n", "bdy", "no style 'bdy' (did you mean 'body'?)"),
    ("  headline: {font: hei, weight: bold, size: 二号}\n", "", "lead:", "headlines need a style 'headline'"),
    # variables
    ("[\"{paper} {date}\"]", "[\"{paper} {dat}\"]", "\"{paper} {dat}\"", "unknown variable {dat} (did you mean 'date'?)"),
    ("[\"{paper} {date}\"]", "[\"{paper:>5}\"]", "\"{paper:>5}\"", "formats are not supported"),
    # YAML itself
    ("  columns: 4\n", "  columns: 4\n  columns: 5\n", "columns: 5", "duplicate key 'columns' (first at line 5)"),
    ("  gutter: 5mm\n", "  gutter: [5mm\n", "gutter: [5mm\n", "YAML syntax error"),
]


@pytest.mark.parametrize("old,new,needle,fragment", CASES, ids=[c[3][:40] for c in CASES])
def test_each_error_class_points_at_its_line_and_column(tmp_path, old, new, needle, fragment):
    assert old in MINIMAL
    path = write(tmp_path, "t.yaml", MINIMAL.replace(old, new, 1))
    if "YAML syntax" in fragment:  # the parser reports where it noticed: the line after the bracket
        msgs = messages(path)
        assert len(msgs) == 1 and "YAML syntax error" in msgs[0]
        line = int(msgs[0].split(":")[1])
        assert line == int(at(path, needle).split(":")[1]) + 1
        return
    only_error_at(path, needle, fragment)


def test_the_minimal_template_is_clean(tmp_path):
    assert messages(write(tmp_path, "t.yaml", MINIMAL)) == []


def test_all_errors_in_a_file_are_collected(tmp_path):
    text = (MINIMAL.replace("  columns: 4\n", "  colums: 4\n  columns: 4\n")
            .replace("size: 10pt, leading", "size: 10pt, align: middle, leading")
            .replace("    height: 30mm\n", "    height: 30\n")
            .replace("[\"{paper} {date}\"]", "[\"{papr}\"]"))
    path = write(tmp_path, "t.yaml", text)
    msgs = messages(path)
    expected = [at(path, "colums"), at(path, "middle"), at(path, "30\n"), at(path, "\"{papr}\"")]
    for prefix in expected:
        assert any(m.startswith(prefix + ":") for m in msgs), (prefix, msgs)
    assert len(msgs) == 4, msgs


def test_load_template_raises_with_every_message(tmp_path):
    path = write(tmp_path, "t.yaml", MINIMAL.replace("  columns: 4\n", "  colums: 4\n"))
    with pytest.raises(ModelError) as info:
        load_template(path)
    assert "colums" in str(info.value) and str(info.value).startswith(at(path, "colums"))
    assert len(info.value.errors) == 1  # not also "missing key 'columns'": the hint already says it


@pytest.mark.parametrize("extra", [
    "    overlap: true\n",
])
def test_overlap_allowed_when_declared(tmp_path, extra):
    text = MINIMAL.replace("    height: 30mm\n", "    height: 40mm\n" + extra)
    assert messages(write(tmp_path, "t.yaml", text)) == []


def test_rules_and_wrapping_images_may_overlap_articles(tmp_path):
    text = MINIMAL + """\
  photo:
    kind: image
    column: 2
    span: 2
    top: 40mm
    height: 50mm
    source: lead
    wrap: true
  cut:
    kind: rule
    column: 1
    span: 4
    top: 100mm
    height: 1mm
    rule: {width: 0.5pt}
"""
    assert messages(write(tmp_path, "t.yaml", text)) == []
    no_wrap = text.replace("    wrap: true\n", "")
    path = write(tmp_path, "u.yaml", no_wrap)
    only_error_at(path, "photo:", "regions.photo overlaps regions.lead")


def test_image_source_must_be_an_article_region(tmp_path):
    text = MINIMAL + """\
  photo:
    kind: image
    column: 1
    span: 1
    top: 35mm
    height: 20mm
    overlap: true
    source: top
"""
    path = write(tmp_path, "t.yaml", text)
    only_error_at(path, "top\n", "region 'top' is a box region")


def test_headline_span_beyond_internal_columns(tmp_path):
    text = MINIMAL.replace("    height: rest\n", "    height: rest\n    columns: 3\n    headline: {span: 5}\n")
    path = write(tmp_path, "t.yaml", text)
    only_error_at(path, "5}", "headline.span: 5 is more than the block's 3 columns")


def test_internal_columns_narrower_than_a_character(tmp_path):
    text = MINIMAL.replace("    height: rest\n", "    height: rest\n    columns: 40\n")
    path = write(tmp_path, "t.yaml", text)
    only_error_at(path, "40", "less than one character of 'body'")


def test_style_based_on_loop(tmp_path):
    text = MINIMAL.replace("  headline: {font", "  a: {based_on: b}\n  b: {based_on: a}\n  headline: {font")
    msgs = messages(write(tmp_path, "t.yaml", text))
    assert msgs and all("loop" in m for m in msgs), msgs


def test_copyfit_range_must_be_ordered(tmp_path):
    text = MINIMAL.replace("    height: rest\n", "    height: rest\n    copyfit: {tracking: [0.05em, -0.05em]}\n")
    path = write(tmp_path, "t.yaml", text)
    only_error_at(path, "[0.05em", "the minimum is larger than the maximum")


def test_a_template_that_is_not_a_mapping(tmp_path):
    path = write(tmp_path, "t.yaml", "- just\n- a list\n")
    msgs = messages(path)
    assert len(msgs) == 1 and msgs[0].startswith(at(path, "- just")) and "mapping" in msgs[0]


def test_missing_file_and_non_utf8(tmp_path):
    assert "file not found" in messages(tmp_path / "nope.yaml")[0]
    bad = tmp_path / "gbk.yaml"
    bad.write_bytes("page: 对开".encode("gbk"))
    assert messages(bad)[0].startswith(f"{display_path(bad)}:1:7: not UTF-8")


def test_masthead_needs_a_name(tmp_path):
    text = MINIMAL.replace("    kind: box\n", "    kind: masthead\n")
    text = text.replace("    lines: [\"{paper} {date}\"]\n", "    items: [\"{date}\"]\n")
    path = write(tmp_path, "t.yaml", text)
    only_error_at(path, "top:\n", "needs either name")


def test_missing_fixed_image_is_a_warning_not_an_error(tmp_path):
    text = MINIMAL + """\
  logo:
    kind: image
    column: 4
    span: 1
    top: 35mm
    height: 20mm
    overlap: true
    image: missing.png
"""
    path = write(tmp_path, "t.yaml", text)
    msgs = messages(path)
    assert len(msgs) == 1 and msgs[0].startswith(at(path, "missing.png") + ": warning:")
    t = load_template(path)
    assert t.region("logo").image.exists is False
