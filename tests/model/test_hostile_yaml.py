"""The shared YAML loader against hostile input: alias bombs, deep nesting, foreign tags, NaN, huge files."""
import os
import time

import pytest

from layout.model.errors import Diagnostics
from layout.model.yamlnodes import MAX_DEPTH, MAX_NODES, load_yaml, parse_yaml, plain
from layout.textfile import MAX_YAML_BYTES


def _parse(text):
    diags = Diagnostics()
    node = parse_yaml(text, "t.yaml", diags)
    return node, [str(d) for d in diags.items]


def _laughs(levels=9, width=9):
    lines = [f"a0: &a0 [{', '.join(['lol'] * width)}]"]
    for i in range(1, levels + 1):
        lines.append(f"a{i}: &a{i} [{', '.join([f'*a{i - 1}'] * width)}]")
    return "\n".join(lines) + "\n"


def test_alias_bomb_is_refused_fast_with_a_place():
    text = _laughs()
    assert len(text) < 4000
    started = time.perf_counter()
    node, errors = _parse(text)
    assert time.perf_counter() - started < 2.0
    assert node is None
    assert len(errors) == 1 and errors[0].startswith("t.yaml:") and f"{MAX_NODES:,} values" in errors[0]


def test_a_huge_document_without_aliases_is_not_called_an_alias_bomb():
    node, errors = _parse("values: [" + ", ".join(["1"] * (MAX_NODES + 5)) + "]\n")
    assert node is None and len(errors) == 1 and "alias" not in errors[0]
    assert f"more than {MAX_NODES:,} values, far more than any template or issue" in errors[0]
    assert "alias bomb" in _parse(_laughs())[1][0]


def test_a_few_aliases_are_expanded_to_equal_values():
    node, errors = _parse("base: &b {size: 9pt, font: song}\nhead: *b\nlist: [*b, *b]\n")
    assert errors == []
    assert plain(node) == {"base": {"size": "9pt", "font": "song"}, "head": {"size": "9pt", "font": "song"},
                           "list": [{"size": "9pt", "font": "song"}] * 2}


def test_deep_nesting_is_an_error_not_a_recursion_error():
    node, errors = _parse("x: " + "[" * 5000 + "]" * 5000 + "\n")
    assert node is None and len(errors) == 1 and f"more than {MAX_DEPTH} deep" in errors[0]
    node, errors = _parse("".join("  " * i + f"k{i}:\n" for i in range(200)) + "  " * 200 + "v: 1\n")
    assert node is None and "deep" in errors[0]


def test_depth_counts_through_aliases():
    text = "a: &a " + "[" * 40 + "1" + "]" * 40 + "\nb: " + "[" * 40 + "*a" + "]" * 40 + "\n"
    node, errors = _parse(text)
    assert node is None and "deep" in errors[0]


@pytest.mark.parametrize("value, shown", [("!!binary aGVsbG8=", "!!binary"),
                                          ("!!python/object/apply:os.system [ls]", "!!python/object/apply:os.system"),
                                          ("!!set {a, b}", "!!set"), ("!custom x", "!custom"), ("!!omap [a: 1]", "!!omap")])
def test_only_standard_tags(value, shown):
    node, errors = _parse(f"name: {value}\n")
    assert len(errors) == 1 and errors[0].startswith("t.yaml:1:7:") and f"tag {shown} is not accepted" in errors[0]


def test_standard_tags_are_fine():
    node, errors = _parse("a: !!str 12\nb: !!int '3'\nc: !!float 1\nd: ! plain\n")
    assert errors == [] and plain(node) == {"a": "12", "b": 3, "c": 1.0, "d": "plain"}


@pytest.mark.parametrize("value", [".nan", ".NaN", ".inf", "-.inf", "1.0e+999", "123456789012345678901234567890"])
def test_non_finite_and_huge_numbers_are_errors(value):
    node, errors = _parse(f"swatch: {{c: {value}}}\n")
    assert len(errors) == 1 and errors[0].startswith("t.yaml:1:13:") and value[:10] in errors[0]


def test_quoted_nan_stays_text():
    node, errors = _parse("a: '.nan'\n")
    assert errors == [] and plain(node) == {"a": ".nan"}


def test_recursive_alias_and_undefined_alias():
    for text in ("a: &x [1, *x]\n", "a: *nowhere\n"):
        node, errors = _parse(text)
        assert node is None and "names no anchor" in errors[0]


def test_two_documents_are_an_error():
    node, errors = _parse("a: 1\n---\nb: 2\n")
    assert node is None and errors == ["t.yaml:2:1: more than one YAML document (---) in the file; keep one"]


def test_duplicate_and_merge_keys_still_reported():
    node, errors = _parse("a: 1\na: 2\nb: &m {c: 1}\nd:\n  <<: *m\n")
    assert "t.yaml:2:1: duplicate key 'a' (first at line 1); remove one" in errors
    assert any("merge keys" in e for e in errors)


def test_oversized_yaml_file_is_refused_without_reading(tmp_path):
    big = tmp_path / "big.yaml"
    with open(big, "wb") as f:
        f.truncate(MAX_YAML_BYTES + 1)
    diags = Diagnostics()
    assert load_yaml(big, diags, "big.yaml") is None
    assert "over the limit" in str(diags.items[0]) and str(diags.items[0]).startswith("big.yaml")


def test_fifo_and_folder_are_clear_errors_not_a_block(tmp_path):
    fifo = tmp_path / "issue.yaml"
    os.mkfifo(fifo)
    diags = Diagnostics()
    started = time.perf_counter()
    assert load_yaml(fifo, diags, "issue.yaml") is None
    assert time.perf_counter() - started < 2.0
    assert "FIFO" in str(diags.items[0])
    diags = Diagnostics()
    assert load_yaml(tmp_path, diags, "folder") is None
    assert "is a folder" in str(diags.items[0])


@pytest.mark.parametrize("value", ['!!python/object/apply:os.system ["touch x"]', "!!omap [a: 1]", "!custom {a: 1}",
                                   "!!binary aGVsbG8="])
def test_a_refused_tag_is_the_only_error_at_its_place(tmp_path, value):
    from .helpers import MINIMAL, only_error_at, write

    path = write(tmp_path, "t.yaml", MINIMAL.replace('lines: ["{paper} {date}"]', f"lines: [{value}]"))
    assert "tag" in only_error_at(path, value.split()[0], "is not accepted")


def test_a_control_character_is_named_with_its_line_and_column():
    node, errors = _parse("paper:\n  name: 石景\x00山报\n")
    assert node is None and errors == ["t.yaml:2:11: the character U+0000 is not allowed in YAML (a control "
                                       "character: a binary file, or text pasted from one?); remove it"]


def test_a_pdf_given_where_text_belongs_is_named_as_a_pdf(tmp_path):
    from layout.textfile import TextFileError, decode_text

    with pytest.raises(TextFileError) as caught:
        decode_text(b"%PDF-1.3\n%\xe2\xe3\xcf\xd3\n1 0 obj\n", "page.pdf")
    assert "this is a PDF file, not text" in str(caught.value) and "render.py preflight" in str(caught.value)
