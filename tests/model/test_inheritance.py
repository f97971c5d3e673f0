"""extends: deep merge semantics, marks from the right file, abstract bases, loops."""
from __future__ import annotations

import pytest

from layout.model.errors import ModelError
from layout.model.template import load_template
from layout.units import MM

from .helpers import DATA, MINIMAL, at, messages, write


def base_and_child(tmp_path, child: str):
    base = write(tmp_path, "base.yaml", MINIMAL)
    return base, write(tmp_path, "child.yaml", child)


def test_child_overrides_one_key_and_keeps_the_rest(tmp_path):
    _, child = base_and_child(tmp_path, """\
        extends: base
        styles:
          body: {size: 9pt}
        regions:
          top: {height: 40mm}
          lead: {top: 45mm}
        """)
    t = load_template(child)
    body = t.styles["body"]
    assert body.size == 9.0 and body.leading == 15.0  # leading inherited from the base's body
    assert body.indent == pytest.approx(18.0)  # 2em re-evaluated at the child's 9 pt
    top = t.region("top")
    assert top.box.h == pytest.approx(40 * MM) and top.span == 4  # span inherited
    assert [r.id for r in t.regions] == ["top", "lead"]
    assert t.extends == ("base.yaml",) or t.extends[0].endswith("base.yaml")


def test_lists_are_replaced_not_merged(tmp_path):
    _, child = base_and_child(tmp_path, """\
        extends: base
        regions:
          top: {lines: ["only this"]}
        """)
    assert [i.text for i in load_template(child).region("top").lines] == ["only this"]


def test_null_deletes_an_inherited_key(tmp_path):
    _, child = base_and_child(tmp_path, """\
        extends: base
        regions:
          top: null
          lead: {top: 0mm}
        """)
    t = load_template(child)
    assert [r.id for r in t.regions] == ["lead"]
    assert t.region("lead").box.y == pytest.approx(20 * MM)


def test_new_regions_come_after_the_parents(tmp_path):
    _, child = base_and_child(tmp_path, """\
        extends: base
        regions:
          lead: {height: 100mm}
          foot: {kind: rule, column: 1, span: 4, top: 150mm, height: 1mm, rule: {width: 1pt, color: red}}
        """)
    t = load_template(child)
    assert [r.id for r in t.regions] == ["top", "lead", "foot"]
    assert t.region("foot").rule.color.m == 1.0


def test_errors_in_inherited_values_point_at_the_parent_file(tmp_path):
    base = write(tmp_path, "base.yaml", MINIMAL.replace("size: 10pt,", "size: 10pt, colour: red,"))
    child = write(tmp_path, "child.yaml", "extends: base\nstyles:\n  body: {size: 9pt}\n")
    msgs = messages(child)
    assert len(msgs) == 1 and msgs[0].startswith(at(base, "colour") + ":"), msgs


def test_errors_in_the_child_point_at_the_child(tmp_path):
    _, child = base_and_child(tmp_path, "extends: base\nregions:\n  lead: {spam: 1}\n")
    msgs = messages(child)
    assert len(msgs) == 1 and msgs[0].startswith(at(child, "spam") + ":")


def test_three_levels_and_abstract_bases(tmp_path):
    write(tmp_path, "a.yaml", "abstract: true\n" + MINIMAL.split("regions:")[0] + "regions: {}\n")
    write(tmp_path, "b.yaml", """\
        extends: a
        abstract: true
        styles: {body: {size: 9pt, leading: 14pt}}
        """)
    c = write(tmp_path, "c.yaml", """\
        extends: b
        regions:
          lead: {kind: article, column: 1, span: 2, height: 10 lines}
        """)
    t = load_template(c)
    assert t.styles["body"].leading == 14.0
    assert t.region("lead").box.h == pytest.approx(140.0)
    assert len(t.extends) == 2
    with pytest.raises(ModelError, match="abstract"):
        load_template(tmp_path / "b.yaml")
    assert messages(tmp_path / "a.yaml") == []  # an abstract base is not checked for completeness


def test_unknown_parent_with_did_you_mean(tmp_path):
    write(tmp_path, "base.yaml", MINIMAL)
    child = write(tmp_path, "child.yaml", "extends: bsae\n")
    msgs = messages(child)
    assert msgs[0].startswith(at(child, "bsae") + ":") and "did you mean 'base'?" in msgs[0]


def test_extends_loop_is_an_error(tmp_path):
    write(tmp_path, "a.yaml", "extends: b\n")
    b = write(tmp_path, "b.yaml", "extends: a\n")
    msgs = messages(b)
    assert any("loop" in m for m in msgs), msgs


def test_bundled_test_templates_inherit_the_base():
    t = load_template(DATA / "templates" / "front.yaml")
    assert t.page.size_name == "对开"
    assert t.styles["subhead"].size == 14.0  # subhead based_on kicker (四号) based_on headline
    assert t.styles["subhead"].font == "hei"
