"""One registry of region kinds (layout.model.regionkinds): the template format, the resolver and the issue's slot
checks are derived from it, so a kind is declared in one row."""
from __future__ import annotations

from pathlib import Path

from layout.model import content, regionkinds
from layout.model.fields import REGION, SLOT, TEMPLATE
from layout.model.spec import Field, Text
from layout.model.template import check_template, load_template

from .helpers import DATA, MINIMAL, write

ROOT = Path(__file__).resolve().parents[2]
TEMPLATES = [p for p in sorted((ROOT / "templates").glob("*.yaml")) + sorted((DATA / "templates").glob("*.yaml"))
             if "abstract: true" not in p.read_text(encoding="utf-8")]


def test_the_template_format_lists_exactly_the_registered_kinds_with_their_keys_and_help():
    names = [k.name for k in regionkinds.KINDS]
    assert list(REGION.variants) == names == ["masthead", "folio", "article", "box", "rule", "image"]
    for k in regionkinds.KINDS:
        assert REGION.variants[k.name] is k.fields
        assert REGION.variant_docs[k.name] == k.help != ""
    assert TEMPLATE.fields["regions"].spec.value is REGION


def test_each_type_carries_its_kind_word():
    for k in regionkinds.KINDS:
        assert k.region_type.__dataclass_fields__["kind"].default == k.name
    assert len({k.region_type for k in regionkinds.KINDS}) == len(regionkinds.KINDS)


def test_the_bundled_templates_resolve_every_kind_to_its_registered_type():
    seen = set()
    for path in TEMPLATES:
        for region in load_template(path).regions:
            assert type(region) is regionkinds.kind(region.kind).region_type, (path.name, region.id)
            seen.add(region.kind)
    assert seen == set(regionkinds.BY_NAME)  # the fixtures exercise every builder


def test_an_unknown_kind_is_refused_naming_the_registered_ones(tmp_path):
    path = write(tmp_path, "t.yaml", MINIMAL.replace("kind: box", "kind: sidebar"))
    messages = [str(d) for d in check_template(path)]
    assert len(messages) == 1 and "t.yaml:" in messages[0] and "'sidebar'" in messages[0]
    for name in regionkinds.BY_NAME:
        assert f"'{name}'" in messages[0]


def test_slot_keys_come_from_the_registry_and_each_has_a_reader():
    assert content.SLOT_KINDS == {"article": "article", "continued": "article", "image": "image", "lines": "box"}
    assert list(content.SLOT_KINDS) == ["article", "continued", "image", "lines"]  # the slot format's key order
    assert set(content.SLOT_READERS) == set(content.SLOT_KINDS)
    assert set(content.SLOT_KINDS) <= set(SLOT.mapping.fields)
    assert set(content.SLOT_KINDS.values()) <= set(regionkinds.BY_NAME)


def test_a_kind_added_as_one_row_reaches_the_region_format_and_its_schema():
    note = regionkinds.RegionKind("note", {"text": Field(Text(), "the note's text", required=True)},
                                  regionkinds.BY_NAME["box"].region_type, regionkinds.build_box,
                                  help="A one-line note.")
    spec = regionkinds.region_spec(regionkinds.KINDS + (note,))
    titles = [v["title"] for v in spec.json()["oneOf"]]
    assert titles == [k.name for k in regionkinds.KINDS] + ["note"]
    record = spec.record("note").json()
    assert record["description"] == "A one-line note."
    assert set(record["required"]) == {"kind", "column", "span", "height", "text"}
    assert record["properties"]["kind"]["enum"] == ["note"]
