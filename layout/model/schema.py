"""``render.py schema``: the JSON Schema (draft 2020-12) of the template format.

Generated from the same field specs the validator uses (layout.model.fields),
so the schema and ``render.py check`` cannot disagree on keys, types, allowed
words or ranges. Templates with ``extends:`` or ``abstract: true`` are partial
(a child may override one key of one region), so they get a loose variant of
the schema: the same keys and types, nothing required.
"""
from __future__ import annotations

import argparse
import json
import sys
from pathlib import Path
from typing import Any, Dict

from .fields import ISSUE, REGION, TEMPLATE
from .spec import Field, Record, Text

DRAFT = "https://json-schema.org/draft/2020-12/schema"


def loosen(schema: Any) -> Any:
    """A copy of a schema fragment with every 'required' list removed."""
    if isinstance(schema, dict):
        return {k: loosen(v) for k, v in schema.items() if k != "required"}
    if isinstance(schema, list):
        return [loosen(v) for v in schema]
    return schema


def loose_region() -> Dict[str, Any]:
    """Any region key of any kind, none required (for partial regions in child templates)."""
    fields = {REGION.tag: Field(Text(enum=list(REGION.variants)), "what this region is")}
    fields.update(REGION.common)
    for variant in REGION.variants.values():
        fields.update(variant)
    return loosen(Record(fields=fields, description=REGION.description).json())


def template_schema() -> Dict[str, Any]:
    """The JSON Schema of a template file."""
    strict = TEMPLATE.json()
    loose = loosen(strict)
    loose["properties"]["regions"]["additionalProperties"] = loose_region()
    return {
        "$schema": DRAFT,
        "$id": "https://example.invalid/baoban/template.schema.json",
        "title": TEMPLATE.title,
        "description": TEMPLATE.description + " See docs/templates.md.",
        "if": {"anyOf": [{"required": ["extends"]},
                         {"required": ["abstract"], "properties": {"abstract": {"const": True}}}]},
        "then": loose,
        "else": strict,
    }


def issue_schema() -> Dict[str, Any]:
    """The JSON Schema of an issue.yaml file."""
    schema = {"$schema": DRAFT, "$id": "https://example.invalid/baoban/issue.schema.json"}
    schema.update(ISSUE.json())
    return schema


def add_arguments(parser: argparse.ArgumentParser) -> None:
    """Options of ``render.py schema``."""
    parser.add_argument("--issue", action="store_true", help="print the schema of issue.yaml instead of templates")
    parser.add_argument("-o", "--output", metavar="FILE", help="write to FILE instead of standard output")


def run(args: argparse.Namespace) -> int:
    """Print (or write) the schema; 0 on success, 2 when the file cannot be written."""
    schema = issue_schema() if args.issue else template_schema()
    text = json.dumps(schema, ensure_ascii=False, indent=2, sort_keys=False) + "\n"
    if not args.output:
        sys.stdout.write(text)
        return 0
    try:
        Path(args.output).write_text(text, encoding="utf-8")
    except OSError as exc:
        print(f"error: cannot write {args.output}: {exc.strerror}", file=sys.stderr)
        return 2
    print(f"wrote {args.output}", file=sys.stderr)
    return 0
