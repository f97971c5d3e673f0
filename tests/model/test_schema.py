"""The JSON Schema comes from the validator's own field specs and accepts what the validator accepts."""
from __future__ import annotations

import datetime as dt
import json
from pathlib import Path

import jsonschema
import pytest
import yaml

from layout.model.fields import ALIGNS, REGION, STYLE, TEMPLATE
from layout.model.schema import issue_schema, template_schema
from layout.model.template import check_template

from .helpers import DATA, MINIMAL

ROOT = Path(__file__).resolve().parents[2]
BUNDLED = sorted((ROOT / "templates").glob("*.yaml")) + sorted((DATA / "templates").glob("*.yaml"))


def as_json(data):
    """YAML data as JSON would hold it (dates become strings)."""
    return json.loads(json.dumps(data, default=lambda o: o.isoformat() if isinstance(o, dt.date) else str(o)))


@pytest.fixture(scope="module")
def validator():
    schema = template_schema()
    jsonschema.Draft202012Validator.check_schema(schema)
    return jsonschema.Draft202012Validator(schema)


def test_schema_is_draft_2020_12():
    assert template_schema()["$schema"] == "https://json-schema.org/draft/2020-12/schema"
    jsonschema.Draft202012Validator.check_schema(issue_schema())


@pytest.mark.parametrize("path", BUNDLED, ids=[p.name for p in BUNDLED])
def test_bundled_templates_validate_against_the_schema(validator, path):
    data = as_json(yaml.safe_load(path.read_text(encoding="utf-8")))
    assert list(validator.iter_errors(data)) == []
    assert [d for d in check_template(path) if d.severity == "error"] == []


def test_bundled_templates_exist():
    assert any(p.parent.name == "templates" and p.parent.parent == ROOT for p in BUNDLED)


def test_schema_and_validator_reject_the_same_mistakes(validator, tmp_path):
    base = yaml.safe_load(MINIMAL)
    assert list(validator.iter_errors(as_json(base))) == []
    mistakes = [
        lambda d: d["grid"].update(colums=4),
        lambda d: d["styles"]["body"].update(align="middle"),
        lambda d: d["regions"]["top"].update(kind="imgae"),
        lambda d: d["grid"].update(columns=0),
        lambda d: d.pop("page"),
        lambda d: d["regions"]["lead"].update(height="30"),
    ]
    for mistake in mistakes:
        data = yaml.safe_load(MINIMAL)
        mistake(data)
        assert list(validator.iter_errors(as_json(data))), mistake
        path = tmp_path / "m.yaml"
        path.write_text(yaml.safe_dump(data, allow_unicode=True), encoding="utf-8")
        assert [d for d in check_template(path) if d.severity == "error"], mistake


def test_child_templates_may_be_partial(validator):
    child = {"extends": "base", "regions": {"lead": {"height": "40mm"}}, "styles": {"body": {"size": "9pt"}}}
    assert list(validator.iter_errors(child)) == []
    child["regions"]["lead"]["hieght"] = "40mm"
    assert list(validator.iter_errors(child))


def test_schema_words_are_the_validators_words():
    schema = template_schema()["else"]
    style = schema["properties"]["styles"]["additionalProperties"]["properties"]
    assert style["align"]["enum"][: len(ALIGNS)] == ALIGNS
    assert set(style) == set(STYLE.fields)
    assert set(schema["properties"]) == set(TEMPLATE.fields)
    kinds = [alt["properties"]["kind"]["enum"][0] for alt in schema["properties"]["regions"]["additionalProperties"]["oneOf"]]
    assert kinds == list(REGION.variants)


def test_issue_schema_accepts_the_test_issue():
    data = as_json(yaml.safe_load((DATA / "issue" / "issue.yaml").read_text(encoding="utf-8")))
    assert list(jsonschema.Draft202012Validator(issue_schema()).iter_errors(data)) == []
