"""Field definitions that both validate YAML nodes and emit JSON Schema.

One definition per key (type, range, allowed words, default, description):
``Spec.check`` turns a marked YAML node into a plain value or records a
diagnostic at the node's file:line:column; ``Spec.json`` gives the JSON Schema
(draft 2020-12) fragment for the same rule, so the validator and the schema
editors use can never disagree.
"""
from __future__ import annotations

import datetime as _dt
import re
from dataclasses import field
from typing import Any, Dict, Optional, Sequence, Set, Tuple

from .. import units
from ..records import record
from .errors import Diagnostics, did_you_mean, one_of, short
from .types import Mark
from .yamlnodes import YMap, YNode, YScalar, YSeq

INVALID = object()  # a value that failed validation (already reported)

Path = Tuple[Any, ...]


@record(frozen=True)
class Len:
    """A length as written: a number and its kind of unit (pt, em, lines, pct, rest)."""

    value: float
    unit: str = "pt"  # pt (absolute, already converted) | em | lines | pct | rest

    def to_pt(self, em: float = 0.0, line: float = 0.0, rest: float = 0.0) -> float:
        """Points, given the em size, the grid line height and the remaining space for 'rest'."""
        if self.unit == "pt":
            return self.value
        if self.unit == "em":
            return self.value * em
        if self.unit == "pct":
            return self.value / 100.0 * em
        if self.unit == "lines":
            return self.value * line
        return rest


@record
class Ctx:
    """Validation state: diagnostics plus the mark of every value and key by path."""

    diags: Diagnostics
    marks: Dict[Path, Mark] = field(default_factory=dict)
    key_marks: Dict[Path, Mark] = field(default_factory=dict)
    invalid: Set[Path] = field(default_factory=set)  # written values refused (reported once): dependants stay quiet

    def error(self, mark: Mark, message: str) -> Any:
        """Record an error; returns INVALID for convenience."""
        self.diags.error(mark, message)
        return INVALID

    def check(self, spec: "Spec", node: YNode, path: Path) -> Any:
        """``spec.check`` of the value at path; a value the loader already reported (``refused``) is INVALID
        without a second message; every INVALID path is remembered (``refused_at``)."""
        value = INVALID if getattr(node, "refused", False) else spec.check(node, path, self)
        if value is INVALID:
            self.invalid.add(tuple(path))
        return value

    def refused_at(self, path: Path) -> bool:
        """True when the value at path, one containing it or one inside it was written but refused (its error
        is reported): what depends on it is skipped without a follow-on error."""
        p = tuple(path)
        return any(q[:len(p)] == p or p[:len(q)] == q for q in self.invalid)

    def mark(self, path: Path) -> Mark:
        """The mark of the value at path, or of its nearest marked ancestor."""
        p = tuple(path)
        while p:
            if p in self.marks:
                return self.marks[p]
            p = p[:-1]
        return self.marks.get((), Mark(""))

    def key_mark(self, path: Path) -> Mark:
        """The mark of the key that leads to path (or the value's mark)."""
        return self.key_marks.get(tuple(path)) or self.mark(path)


def dotted(path: Path) -> str:
    """A path as designers read it: page.margins.top, regions.lead.headline."""
    out = ""
    for p in path:
        out += f"[{p}]" if isinstance(p, int) else (f".{p}" if out else str(p))
    return out or "the file"


def kind_of(node: YNode) -> str:
    """A short description of what a node is, for 'expected X, got Y' messages."""
    if isinstance(node, YMap):
        return "a mapping"
    if isinstance(node, YSeq):
        return "a list"
    v = node.value
    if v is None:
        return "nothing (null)"
    if isinstance(v, bool):
        return f"{str(v).lower()} (yes/no)"
    if isinstance(v, (int, float)):
        return f"the number {v}"
    return f"'{short(v)}'"


class Spec:
    """Base class: a rule for one value."""

    description: str = ""
    expected: str = "a value"

    def check(self, node: YNode, path: Path, ctx: Ctx) -> Any:
        """The validated plain value, or INVALID after recording a diagnostic."""
        raise NotImplementedError

    def json(self) -> Dict[str, Any]:
        """The JSON Schema fragment for this rule."""
        raise NotImplementedError

    def wrong(self, node: YNode, path: Path, ctx: Ctx, hint: str = "") -> Any:
        """Report a value of the wrong type."""
        msg = f"{dotted(path)}: expected {self.expected}, got {kind_of(node)}"
        return ctx.error(node.mark, msg + (f"; {hint}" if hint else ""))

    def _doc(self, schema: Dict[str, Any]) -> Dict[str, Any]:
        if self.description:
            schema["description"] = self.description
        return schema


def _scalar(node: YNode) -> Optional[YScalar]:
    return node if isinstance(node, YScalar) else None


@record
class Text(Spec):
    """A string; optionally one of a set of words (with aliases) or matching a pattern."""

    enum: Sequence[str] = ()
    aliases: Dict[str, str] = field(default_factory=dict)
    pattern: str = ""
    description: str = ""
    allow_numbers: bool = True  # 12345 in a hotline line is text, not a number

    @property
    def expected(self) -> str:  # type: ignore[override]
        return f"one of {one_of(self.enum)}" if self.enum else "text"

    def check(self, node: YNode, path: Path, ctx: Ctx) -> Any:
        s = _scalar(node)
        if s is None or s.value is None or isinstance(s.value, bool) or (
            isinstance(s.value, (int, float, _dt.date)) and not self.allow_numbers
        ):
            return self.wrong(node, path, ctx, 'put text in quotes ("...") if it looks like a number or yes/no')
        value = s.value if isinstance(s.value, str) else str(s.value)
        if self.enum:
            value = self.aliases.get(value, value)
            if value not in self.enum:
                words = list(self.enum) + list(self.aliases)
                hint = did_you_mean(value, words)
                return ctx.error(s.mark, f"{dotted(path)}: '{value}' is not allowed; use one of {one_of(self.enum)}{hint}")
        if self.pattern and not re.fullmatch(self.pattern, value):
            return ctx.error(s.mark, f"{dotted(path)}: '{value}' does not match the expected form {self.pattern}")
        return value

    def json(self) -> Dict[str, Any]:
        if self.enum:
            return self._doc({"type": "string", "enum": list(self.enum) + list(self.aliases)})
        schema: Dict[str, Any] = {"type": ["string", "number"] if self.allow_numbers else "string"}
        if self.pattern:
            schema = {"type": "string", "pattern": f"^(?:{self.pattern})$"}
        return self._doc(schema)


@record
class Ref(Text):
    """The name of something defined elsewhere (a style, swatch, region or template); checked when resolving."""

    target: str = "style"

    def json(self) -> Dict[str, Any]:
        return self._doc({"type": "string", "minLength": 1})


@record
class Integer(Spec):
    """A whole number within [minimum, maximum]."""

    minimum: Optional[int] = None
    maximum: Optional[int] = None
    description: str = ""
    expected: str = "a whole number"
    refused: Dict[int, str] = field(default_factory=dict)  # values within the range that are errors: value -> why

    def check(self, node: YNode, path: Path, ctx: Ctx) -> Any:
        s = _scalar(node)
        if s is None or isinstance(s.value, bool) or not isinstance(s.value, int):
            return self.wrong(node, path, ctx)
        if s.value in self.refused:
            return ctx.error(s.mark, f"{dotted(path)}: {self.refused[s.value]}")
        return _in_range(s.value, self.minimum, self.maximum, s.mark, path, ctx)

    def json(self) -> Dict[str, Any]:
        schema = _range_json({"type": "integer"}, self.minimum, self.maximum)
        if self.refused:
            schema["not"] = {"enum": sorted(self.refused)}
        return self._doc(schema)


@record
class Count(Spec):
    """A whole number, or one of a few words standing for a number worked out later (``span: all``)."""

    minimum: Optional[int] = None
    maximum: Optional[int] = None
    words: Sequence[str] = ()
    description: str = ""

    @property
    def expected(self) -> str:  # type: ignore[override]
        return f"a whole number or {one_of(self.words)}"

    def check(self, node: YNode, path: Path, ctx: Ctx) -> Any:
        s = _scalar(node)
        if s is not None and isinstance(s.value, str):
            if s.value.strip() in self.words:
                return s.value.strip()
            return self.wrong(node, path, ctx)
        if s is None or isinstance(s.value, bool) or not isinstance(s.value, int):
            return self.wrong(node, path, ctx)
        return _in_range(s.value, self.minimum, self.maximum, s.mark, path, ctx)

    def json(self) -> Dict[str, Any]:
        number = _range_json({"type": "integer"}, self.minimum, self.maximum)
        return self._doc({"anyOf": [number, {"enum": list(self.words)}]})


@record
class Number(Spec):
    """A number within [minimum, maximum]."""

    minimum: Optional[float] = None
    maximum: Optional[float] = None
    description: str = ""
    expected: str = "a number"

    def check(self, node: YNode, path: Path, ctx: Ctx) -> Any:
        s = _scalar(node)
        if s is None or isinstance(s.value, bool) or not isinstance(s.value, (int, float)):
            return self.wrong(node, path, ctx)
        return _in_range(float(s.value), self.minimum, self.maximum, s.mark, path, ctx)

    def json(self) -> Dict[str, Any]:
        return self._doc(_range_json({"type": "number"}, self.minimum, self.maximum))


def _in_range(value: Any, lo: Any, hi: Any, mark: Mark, path: Path, ctx: Ctx) -> Any:
    if lo is not None and value < lo:
        return ctx.error(mark, f"{dotted(path)}: {value} is too small (at least {lo})")
    if hi is not None and value > hi:
        return ctx.error(mark, f"{dotted(path)}: {value} is too large (at most {hi})")
    return value


def _range_json(schema: Dict[str, Any], lo: Any, hi: Any) -> Dict[str, Any]:
    if lo is not None:
        schema["minimum"] = lo
    if hi is not None:
        schema["maximum"] = hi
    return schema


@record
class Boolean(Spec):
    """true or false (yes/no also read as booleans by YAML)."""

    description: str = ""
    expected: str = "true or false"

    def check(self, node: YNode, path: Path, ctx: Ctx) -> Any:
        s = _scalar(node)
        if s is None or not isinstance(s.value, bool):
            return self.wrong(node, path, ctx)
        return s.value

    def json(self) -> Dict[str, Any]:
        return self._doc({"type": "boolean"})


_NUM = r"[+-]?(?:\d+(?:\.\d*)?|\.\d+)"
_LINES_RE = re.compile(rf"^\s*({_NUM})\s*(?:lines?|行)\s*$")
_EM_RE = re.compile(rf"^\s*({_NUM})\s*(?:em|字)\s*$")
_PCT_RE = re.compile(rf"^\s*({_NUM})\s*%\s*$")
_ABS_UNITS = "mm|cm|in|pt|q|px"
_HAO = "|".join(list(units.HAO_SIZES) + [k + "号" for k in units.HAO_SIZES if k.startswith("小")])

UNIT_WORDS = {
    "abs": "mm, cm, in, pt",
    "em": "em (or 字) of the font size",
    "lines": "grid lines (\"3 lines\" or \"3行\")",
    "pct": "% of the font size",
    "rest": "'rest' (to the bottom of the type area)",
    "hao": "a 号 size such as 五号 or 小五",
}


@record
class Length(Spec):
    """A length written with its unit: 12mm, 9pt, 2em, 3 lines, 150%, 五号 ... (0 may be bare)."""

    kinds: Tuple[str, ...] = ("abs",)
    minimum: Optional[float] = None  # in the written unit's terms after conversion to pt (abs) or raw (others)
    exclusive_minimum: bool = False
    description: str = ""

    @property
    def expected(self) -> str:  # type: ignore[override]
        return "a length with a unit (" + "; ".join(UNIT_WORDS[k] for k in self.kinds) + ")"

    def check(self, node: YNode, path: Path, ctx: Ctx) -> Any:
        s = _scalar(node)
        if s is None or s.value is None or isinstance(s.value, bool):
            return self.wrong(node, path, ctx)
        parsed = self.parse(s.value)
        if parsed is None:
            hint = "a bare number is ambiguous: write the unit, e.g. 12mm or 9pt" if isinstance(s.value, (int, float)) else ""
            return self.wrong(node, path, ctx, hint)
        if self.minimum is not None and parsed.unit != "rest":
            low = parsed.value < self.minimum or (self.exclusive_minimum and parsed.value <= self.minimum)
            if low:
                bound = "greater than" if self.exclusive_minimum else "at least"
                return ctx.error(s.mark, f"{dotted(path)}: {s.value} is too small (must be {bound} {self.minimum:g})")
        return parsed

    def parse(self, value: Any) -> Optional[Len]:
        """The Len for a written value, or None when it is not one of this field's kinds."""
        if isinstance(value, (int, float)):
            return Len(0.0) if value == 0 else None
        text = str(value).strip()
        for kind, rx, unit in (("lines", _LINES_RE, "lines"), ("em", _EM_RE, "em"), ("pct", _PCT_RE, "pct")):
            m = rx.match(text)
            if m:
                return Len(float(m.group(1)), unit) if kind in self.kinds else None
        if text == "rest":
            return Len(0.0, "rest") if "rest" in self.kinds else None
        is_hao = re.fullmatch(_HAO, text) is not None
        if is_hao and "hao" not in self.kinds or not is_hao and "abs" not in self.kinds:
            return None
        if not is_hao and not re.fullmatch(rf"\s*{_NUM}\s*(?:{_ABS_UNITS})\s*", text, re.I):
            return None
        try:
            return Len(units.parse_length(text))
        except units.UnitError:
            return None

    def json(self) -> Dict[str, Any]:
        alts = []
        if "abs" in self.kinds:
            alts.append(rf"{_NUM}\s*(?:{_ABS_UNITS})")
        if "em" in self.kinds:
            alts.append(rf"{_NUM}\s*(?:em|字)")
        if "lines" in self.kinds:
            alts.append(rf"{_NUM}\s*(?:lines?|行)")
        if "pct" in self.kinds:
            alts.append(rf"{_NUM}\s*%")
        if "rest" in self.kinds:
            alts.append("rest")
        if "hao" in self.kinds:
            alts.append(_HAO)
        pattern = "^\\s*(?:" + "|".join(alts) + ")\\s*$"
        return self._doc({"anyOf": [{"type": "string", "pattern": pattern}, {"const": 0}]})


@record
class ListOf(Spec):
    """A list whose items all follow one rule."""

    item: Spec = field(default_factory=Spec)
    min_items: int = 0
    max_items: Optional[int] = None
    description: str = ""

    @property
    def expected(self) -> str:  # type: ignore[override]
        if self.min_items and self.min_items == self.max_items:
            return f"a list of {self.min_items} items"
        return "a list"

    def check(self, node: YNode, path: Path, ctx: Ctx) -> Any:
        if not isinstance(node, YSeq):
            return self.wrong(node, path, ctx)
        n = len(node.items)
        if n < self.min_items or (self.max_items is not None and n > self.max_items):
            return ctx.error(node.mark, f"{dotted(path)}: expected {self._count()}, got {n}")
        out = []
        for i, child in enumerate(node.items):
            p = path + (i,)
            ctx.marks[p] = child.mark
            out.append(ctx.check(self.item, child, p))
        return INVALID if any(v is INVALID for v in out) else out

    def _count(self) -> str:
        if self.max_items == self.min_items:
            return f"exactly {self.min_items} items"
        if self.max_items is None:
            return f"at least {self.min_items} items"
        return f"{self.min_items} to {self.max_items} items"

    def json(self) -> Dict[str, Any]:
        schema: Dict[str, Any] = {"type": "array", "items": self.item.json()}
        if self.min_items:
            schema["minItems"] = self.min_items
        if self.max_items is not None:
            schema["maxItems"] = self.max_items
        return self._doc(schema)


@record
class Field:
    """One key of a record: its rule, description, default and whether it is required."""

    spec: Spec
    description: str = ""
    default: Any = None  # filled in by the validator when the key is absent
    required: bool = False
    shown_default: Any = None  # a default the schema shows but the validator does not fill in (resolved later)


@record
class Record(Spec):
    """A mapping with a fixed set of keys: unknown keys are errors (with did-you-mean)."""

    fields: Dict[str, Field] = field(default_factory=dict)
    description: str = ""
    title: str = ""
    expected: str = "a mapping of keys"
    retired: Dict[str, str] = field(default_factory=dict)  # keys no longer accepted -> what to do instead

    def check(self, node: YNode, path: Path, ctx: Ctx, require: bool = True) -> Any:
        if not isinstance(node, YMap):
            return self.wrong(node, path, ctx)
        out: Dict[str, Any] = {}
        suggested = set()  # a misspelt key already reported: do not also report the real one missing
        for key, child in node:
            name = str(key.value)
            p = path + (name,)
            ctx.marks[p] = child.mark
            ctx.key_marks[p] = key.mark
            f = self.fields.get(name)
            if f is None and name in self.retired:
                ctx.error(key.mark, f"{dotted(p)}: {self.retired[name]}")
                continue
            if f is None:
                where = f" in {dotted(path)}" if path else ""
                hint = did_you_mean(name, self.fields)
                suggested.add(hint.split("'")[1] if hint else "")
                ctx.error(key.mark, f"unknown key '{name}'{where}{hint}")
                continue
            v = ctx.check(f.spec, child, p)
            if v is not INVALID:
                out[name] = v
        for name, f in self.fields.items():
            if name in node:
                continue
            if f.required and require and name not in suggested:
                where = dotted(path) if path else "the file"
                ctx.error(node.mark, f"{where}: missing required key '{name}' ({f.description or f.spec.expected})")
            elif f.default is not None:
                out[name] = f.default
        return out

    def json(self) -> Dict[str, Any]:
        props = {}
        for name, f in self.fields.items():
            sub = dict(f.spec.json())
            if f.description:
                sub["description"] = f.description
            shown = f.default if f.default is not None else f.shown_default
            if shown is not None and isinstance(shown, (str, int, float, bool)):
                sub["default"] = shown
            props[name] = sub
        schema: Dict[str, Any] = {"type": "object", "properties": props, "additionalProperties": False}
        required = [n for n, f in self.fields.items() if f.required]
        if required:
            schema["required"] = required
        if self.title:
            schema["title"] = self.title
        return self._doc(schema)


@record
class MapOf(Spec):
    """A mapping from names the designer chooses (style names, region ids) to values of one rule."""

    value: Spec = field(default_factory=Spec)
    key_pattern: str = r"[A-Za-z_\u3400-\u9fff][\w\-\u3400-\u9fff]*"
    description: str = ""
    expected: str = "a mapping of names"

    def check(self, node: YNode, path: Path, ctx: Ctx) -> Any:
        if not isinstance(node, YMap):
            return self.wrong(node, path, ctx)
        out: Dict[str, Any] = {}
        for key, child in node:
            name = str(key.value)
            p = path + (name,)
            ctx.marks[p] = child.mark
            ctx.key_marks[p] = key.mark
            if not re.fullmatch(self.key_pattern, name):
                ctx.error(key.mark, f"{dotted(path)}: '{name}' is not a usable name "
                                    "(letters, digits, _ and -, starting with a letter)")
                continue
            v = ctx.check(self.value, child, p)
            if v is not INVALID:
                out[name] = v
        return out

    def json(self) -> Dict[str, Any]:
        return self._doc({
            "type": "object",
            "propertyNames": {"pattern": f"^{self.key_pattern}$"},
            "additionalProperties": self.value.json(),
        })


@record
class Shape(Spec):
    """A value that may be written in several shapes: a scalar, a list or a mapping."""

    scalar: Optional[Spec] = None
    seq: Optional[Spec] = None
    mapping: Optional[Spec] = None
    description: str = ""

    @property
    def expected(self) -> str:  # type: ignore[override]
        parts = [s.expected for s in (self.scalar, self.seq, self.mapping) if s is not None]
        return " or ".join(parts)

    def check(self, node: YNode, path: Path, ctx: Ctx) -> Any:
        spec = self.mapping if isinstance(node, YMap) else self.seq if isinstance(node, YSeq) else self.scalar
        if spec is None:
            return self.wrong(node, path, ctx)
        return spec.check(node, path, ctx)

    def json(self) -> Dict[str, Any]:
        alts = [s.json() for s in (self.scalar, self.seq, self.mapping) if s is not None]
        return self._doc({"anyOf": alts})


@record
class Tagged(Spec):
    """A mapping whose allowed keys depend on a tag key (regions: ``kind``)."""

    tag: str = "kind"
    common: Dict[str, Field] = field(default_factory=dict)
    variants: Dict[str, Dict[str, Field]] = field(default_factory=dict)
    variant_docs: Dict[str, str] = field(default_factory=dict)
    description: str = ""
    expected: str = "a mapping of keys"

    def record(self, kind: str) -> Record:
        """The full record (common + variant keys) for one kind."""
        fields = {self.tag: Field(Text(enum=[kind]), "what this region is", required=True)}
        fields.update(self.common)
        fields.update(self.variants[kind])
        return Record(fields=fields, description=self.variant_docs.get(kind, ""), title=kind)

    def check(self, node: YNode, path: Path, ctx: Ctx) -> Any:
        if not isinstance(node, YMap):
            return self.wrong(node, path, ctx)
        tnode = node.get(self.tag)
        if tnode is None:
            return ctx.error(node.mark, f"{dotted(path)}: missing required key '{self.tag}' (one of {one_of(self.variants)})")
        kind = ctx.check(Text(enum=list(self.variants)), tnode, path + (self.tag,))
        if kind is INVALID:
            return INVALID
        return self.record(kind).check(node, path, ctx)

    def json(self) -> Dict[str, Any]:
        return self._doc({"oneOf": [self.record(k).json() for k in self.variants]})
