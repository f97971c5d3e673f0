"""The style-property registry (layout.model.styleprops) is the one declaration of a style key.

A property declared there reaches the template validator (``render.py
check``), the JSON Schema (``render.py schema``), the resolved ``Style``,
the text stage's ``ParagraphStyle``, the galley's options and the docs table.
"""
from __future__ import annotations

import argparse
import json
import subprocess
import sys
import textwrap
from dataclasses import replace
from pathlib import Path

import jsonschema
import pytest
import yaml

from layout.compose.typeset import paragraph_style
from layout.model import styleprops
from layout.model.fields import STYLE
from layout.model.schema import template_schema
from layout.model.template import load_template
from layout.model.types import Style

from .helpers import MINIMAL, only_error_at, write

ROOT = Path(__file__).resolve().parents[2]
BODY = "  body: {size: 10pt, leading: 15pt, indent: 2em}"

# Run in a fresh interpreter: the registry is extended BEFORE anything derives from it,
# exactly as an edit of styleprops.py would be, and nothing leaks into other tests.
EXTENDED = textwrap.dedent("""
    import argparse, json, sys
    from layout.model import styleprops
    styleprops.PROPERTIES += (styleprops.StyleProp(
        "line_breaker", styleprops.WORD, "first-fit", "how lines are chosen", words=("first-fit", "total-fit"),
        aliases={"最优": "total-fit"}, text=("breaker",), cli="--line-breaker"),)
    from layout.model.schema import template_schema
    from layout.model.template import check_template, load_template
    from layout.compose.typeset import paragraph_style
    from layout import galley
    good, bad = sys.argv[1], sys.argv[2]
    schema = template_schema()["else"]["properties"]["styles"]["additionalProperties"]["properties"]
    body = load_template(good).styles["body"]
    parser = argparse.ArgumentParser()
    galley.add_arguments(parser)
    args = parser.parse_args(["t.txt", "-o", "t.pdf", "--line-breaker", "total-fit"])
    try:
        parser.parse_args(["t.txt", "-o", "t.pdf", "--line-breaker", "fastest"])
        refused = False
    except SystemExit:
        refused = True
    print(json.dumps({
        "schema": schema.get("line_breaker"),
        "good": [str(d) for d in check_template(good)],
        "bad": [str(d) for d in check_template(bad)],
        "style": body.line_breaker,
        "paragraph": paragraph_style(body).breaker,
        "galley": styleprops.cli_text_values(args),
        "galley_refuses": refused,
        "docs": "`line_breaker`" in styleprops.markdown_table(),
    }))
""")


def test_a_property_added_to_the_registry_reaches_schema_check_style_text_stage_and_galley(tmp_path):
    good = write(tmp_path, "good.yaml", MINIMAL.replace(BODY, BODY[:-1] + ", line_breaker: 最优}"))
    bad = write(tmp_path, "bad.yaml", MINIMAL.replace(BODY, BODY[:-1] + ", line_breaker: fastest}"))
    run = subprocess.run([sys.executable, "-c", EXTENDED, str(good), str(bad)], cwd=ROOT,
                         capture_output=True, text=True, timeout=120)
    assert run.returncode == 0, run.stderr
    got = json.loads(run.stdout)
    assert got["schema"]["enum"] == ["first-fit", "total-fit", "最优"]
    assert got["schema"]["default"] == "first-fit" and got["schema"]["description"] == "how lines are chosen"
    assert got["good"] == []
    assert len(got["bad"]) == 1 and "bad.yaml:10:" in got["bad"][0]
    assert "styles.body.line_breaker: 'fastest' is not allowed; use one of 'first-fit', 'total-fit'" in got["bad"][0]
    assert got["style"] == "total-fit" and got["paragraph"] == "total-fit"
    assert got["galley"]["breaker"] == "total-fit" and got["galley_refuses"]
    assert got["docs"]


def test_grid_and_orphan_min_are_template_keys_that_reach_the_paragraph_style(tmp_path):
    text = MINIMAL.replace(BODY, BODY[:-1] + ", grid: true, orphan_min: 3}")
    text = text.replace("styles:\n", "styles:\n  note: {based_on: body, orphan_min: 0}\n")
    styles = load_template(write(tmp_path, "t.yaml", text)).styles
    assert (styles["body"].grid, styles["body"].orphan_min) == (True, 3)
    assert (styles["note"].grid, styles["note"].orphan_min) == (True, 0)  # grid inherited through based_on
    body, note = paragraph_style(styles["body"]), paragraph_style(styles["note"])
    assert (body.grid, body.orphan_min, note.grid, note.orphan_min) == (True, 3, True, 0)
    plain = load_template(write(tmp_path, "plain.yaml", MINIMAL)).styles["body"]
    assert (paragraph_style(plain).grid, paragraph_style(plain).orphan_min) == (False, 2)


def test_orphan_min_changes_how_a_paragraph_breaks(fontset):
    from layout.text import set_paragraph

    def counts(style):  # first fit: the breaker that enforces orphan_min as a rule (total fit weighs it)
        pstyle = replace(paragraph_style(style), breaker="first-fit")
        return [ln.end - ln.start for ln in set_paragraph("甲" * 21, pstyle, fontset, 100.0)]

    loose = replace(Style("b", size=10.0, leading=15.0), orphan_min=0)
    assert counts(loose) == [10, 10, 1]  # 10 em measure: a one-character last line
    assert counts(replace(loose, orphan_min=3))[-1] >= 3


@pytest.mark.parametrize("value,needle,fragment", [
    ("grid: sometimes", "sometimes", "expected true or false"),
    ("orphan_min: -1", "-1", "too small (at least 0)"),
    ("orphan_min: 2.5", "2.5", "expected a whole number"),
    ("kinsoku: loose", "loose", "use one of 'none', 'basic', 'gb', 'strict'"),
])
def test_bad_new_keys_point_at_their_value(tmp_path, value, needle, fragment):
    only_error_at(write(tmp_path, "t.yaml", MINIMAL.replace(BODY, BODY[:-1] + f", {value}}}")), needle, fragment)


def test_kinsoku_none_is_one_value_set_for_templates_galley_and_engine(tmp_path):
    body = load_template(write(tmp_path, "t.yaml", MINIMAL.replace(BODY, BODY[:-1] + ", kinsoku: none}"))).styles["body"]
    assert paragraph_style(body).kinsoku == "none"
    parser = argparse.ArgumentParser()
    from layout import galley

    galley.add_arguments(parser)
    kinds = {a.dest: a.choices for a in parser._actions if a.choices}
    assert tuple(kinds["kinsoku"]) == styleprops.choices("kinsoku") and "none" in kinds["kinsoku"]
    assert tuple(kinds["punct"]) == styleprops.choices("punctuation")
    args = parser.parse_args(["t.txt", "-o", "t.pdf", "--punct", "开明", "--kinsoku", "GB"])
    assert styleprops.cli_text_values(args) == {"punct": "kaiming", "kinsoku": "gb"}


def sample_values(p: styleprops.StyleProp):
    """Every value a template may give a word, integer or boolean property."""
    if p.kind == styleprops.WORD:
        return list(p.words)
    if p.kind == styleprops.INT:
        return [v for v in range(int(p.minimum), int(p.maximum) + 1) if v not in p.refused]
    if p.kind == styleprops.BOOL:
        return [False, True]
    return []


@pytest.mark.parametrize("p", [p for p in styleprops.PROPERTIES if sample_values(p)], ids=lambda p: p.name)
def test_every_value_the_template_accepts_the_text_stage_accepts(p):
    for mode in ("horizontal-tb", "vertical-rl"):
        for value in sample_values(p):
            style = replace(Style("s", writing_mode=mode), **{p.name: value})
            pstyle = paragraph_style(style)  # StyleError / ValueError when the engine refuses the value
            for name, sent in p.text_values(value, style.size).items():
                if name.startswith(styleprops.VERTICAL_PREFIX):  # vertical options travel only with vertical text
                    option = name[len(styleprops.VERTICAL_PREFIX):]
                    if mode == "horizontal-tb":
                        assert pstyle.vertical is None
                        continue
                    got = getattr(pstyle.vertical, option) if pstyle.vertical else styleprops.vertical_defaults()[option]
                else:
                    got = getattr(pstyle, name)
                assert got == sent, (p.name, value, name)


def test_style_type_and_template_fields_follow_the_registry():
    names = [p.name for p in styleprops.PROPERTIES]
    assert list(Style.__dataclass_fields__) == ["name"] + names + ["mark"]
    assert list(STYLE.fields) == ["based_on"] + names
    empty = Style("x")
    for p in styleprops.PROPERTIES:
        if p.kind != styleprops.SWATCH:
            assert getattr(empty, p.name) == p.resolved_default(empty.size), p.name


def test_a_style_with_no_keys_resolves_to_the_registry_defaults(tmp_path):
    text = MINIMAL.replace("styles:\n", "styles:\n  bare: {}\n")
    bare = load_template(write(tmp_path, "t.yaml", text)).styles["bare"]
    for p in styleprops.PROPERTIES:
        if p.kind != styleprops.SWATCH:
            assert getattr(bare, p.name) == pytest.approx(p.resolved_default(10.5)), p.name
    assert bare.color.k == 1 and bare.leading == pytest.approx(15.75) and bare.latin_spacing == pytest.approx(10.5 / 8)


def test_schema_shows_registry_defaults_and_refused_values():
    props = template_schema()["else"]["properties"]["styles"]["additionalProperties"]["properties"]
    assert props["leading"]["default"] == "1.5em" and props["indent"]["default"] == 0
    assert props["kinsoku"]["default"] == "strict" and props["grid"]["default"] is False
    validator = jsonschema.Draft202012Validator(template_schema())
    for value, ok in (("tcy_digits: 1", False), ("tcy_digits: 3", True), ("orphan_min: 3, grid: true", True)):
        data = yaml.safe_load(MINIMAL.replace("indent: 2em}", f"indent: 2em, {value}}}"))
        assert (list(validator.iter_errors(data)) == []) is ok, value


def test_character_styles_are_refused_with_a_reason(tmp_path):
    only_error_at(write(tmp_path, "t.yaml", MINIMAL.replace(BODY, BODY[:-1] + ", kind: character}")),
                  "kind", "character styles are not supported")


def test_the_docs_table_is_the_registrys():
    docs = (ROOT / "docs" / "templates.md").read_text(encoding="utf-8")
    assert styleprops.markdown_table() in docs, "docs/templates.md: run python3 -m layout.model.styleprops --write-docs"
    assert styleprops.with_table(docs) == docs
    for p in styleprops.PROPERTIES:
        assert f"| `{p.name}` |" in docs
