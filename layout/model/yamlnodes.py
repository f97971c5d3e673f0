"""YAML with a line and column for every key and value.

PyYAML's composer gives nodes with marks; this module turns them into a small
tree (``YMap``, ``YSeq``, ``YScalar``) that keeps a ``Mark`` on every node and
every mapping key, so validation can point at ``file:line:column``. Duplicate
keys and YAML syntax errors become diagnostics, never tracebacks.
"""
from __future__ import annotations

from dataclasses import dataclass, field
from pathlib import Path
from typing import Any, Dict, Iterator, List, Optional, Tuple, Union

import yaml

from ..textfile import TextFileError, read_text_file
from .errors import Diagnostics
from .types import Mark


@dataclass
class YScalar:
    """A scalar value (str, int, float, bool, None, date) and where it is."""

    value: Any
    mark: Mark
    quoted: bool = False


@dataclass
class YSeq:
    """A sequence and where it starts."""

    items: List["YNode"]
    mark: Mark


@dataclass
class YMap:
    """A mapping in file order; keys are strings with their own marks."""

    items: List[Tuple[YScalar, "YNode"]]
    mark: Mark
    _index: Dict[str, int] = field(default_factory=dict, repr=False)

    def __post_init__(self) -> None:
        self._index = {str(k.value): i for i, (k, _) in enumerate(self.items)}

    def get(self, key: str) -> Optional["YNode"]:
        """The value node for a key, or None."""
        i = self._index.get(key)
        return None if i is None else self.items[i][1]

    def key_mark(self, key: str) -> Optional[Mark]:
        """Where a key is written, or None."""
        i = self._index.get(key)
        return None if i is None else self.items[i][0].mark

    def keys(self) -> List[str]:
        """The keys in file order."""
        return [str(k.value) for k, _ in self.items]

    def __iter__(self) -> Iterator[Tuple[YScalar, "YNode"]]:
        return iter(self.items)

    def __contains__(self, key: str) -> bool:
        return key in self._index


YNode = Union[YScalar, YSeq, YMap]


# libyaml's parser (when PyYAML was built with it) composes the same nodes with
# the same marks several times faster than the pure-Python one.
_FAST_LOADER = getattr(yaml, "CSafeLoader", yaml.SafeLoader)


def _mark(file: str, m: Any) -> Mark:
    return Mark(file, m.line + 1, m.column + 1)


class _Builder:
    """Turns composed PyYAML nodes into the Y* tree, recording duplicate keys."""

    def __init__(self, file: str, diags: Diagnostics):
        self.file = file
        self.diags = diags
        self.constructor = yaml.SafeLoader("")

    def build(self, node: yaml.Node) -> YNode:
        """The tree for one node."""
        mark = _mark(self.file, node.start_mark)
        if isinstance(node, yaml.ScalarNode):
            return self.scalar(node, mark)
        if isinstance(node, yaml.SequenceNode):
            return YSeq([self.build(n) for n in node.value], mark)
        if isinstance(node, yaml.MappingNode):
            return self.mapping(node, mark)
        raise TypeError(node)  # pragma: no cover

    def scalar(self, node: yaml.ScalarNode, mark: Mark) -> YScalar:
        """A scalar with its YAML type (plain 12 is an int, "12" a str)."""
        try:
            value = self.constructor.construct_object(node, deep=True)
        except (yaml.YAMLError, ValueError):
            value = node.value  # e.g. 2018-02-30: kept as text, the field's own check explains the problem
        return YScalar(value, mark, quoted=node.style in ("'", '"'))

    def mapping(self, node: yaml.MappingNode, mark: Mark) -> YMap:
        """A mapping; a repeated key is an error (the later value would silently win)."""
        items: List[Tuple[YScalar, YNode]] = []
        seen: Dict[str, Mark] = {}
        for knode, vnode in node.value:
            if knode.tag == "tag:yaml.org,2002:merge":
                self.diags.error(_mark(self.file, knode.start_mark), "YAML merge keys (<<) are not supported; use extends:")
                continue
            kmark = _mark(self.file, knode.start_mark)
            if not isinstance(knode, yaml.ScalarNode):
                self.diags.error(kmark, "a key must be a plain word, not a list or mapping")
                continue
            key = YScalar(str(knode.value), kmark)
            if key.value in seen:
                first = seen[key.value]
                self.diags.error(kmark, f"duplicate key '{key.value}' (first at line {first.line}); remove one")
                continue
            seen[key.value] = kmark
            items.append((key, self.build(vnode)))
        return YMap(items, mark)


def parse_yaml(text: str, file: str, diags: Diagnostics) -> Optional[YNode]:
    """The node tree of a YAML document, or None (with a diagnostic) when it cannot be read."""
    try:
        node = yaml.compose(text, Loader=_FAST_LOADER)
    except yaml.MarkedYAMLError as exc:
        m = exc.problem_mark or exc.context_mark
        where = _mark(file, m) if m is not None else Mark(file)
        problem = exc.problem or str(exc)
        if exc.context:
            problem = f"{problem} ({exc.context})"
        diags.error(where, f"YAML syntax error: {problem}")
        return None
    except yaml.YAMLError as exc:
        diags.error(Mark(file), f"YAML error: {exc}")
        return None
    if node is None:
        return YMap([], Mark(file, 1, 1))
    return _Builder(file, diags).build(node)


def load_yaml(path: Union[str, Path], diags: Diagnostics, display: Optional[str] = None) -> Optional[YNode]:
    """Read and parse a YAML file; unreadable files become a diagnostic and None."""
    name = display or str(path)
    try:
        text = read_text_file(path, name).text
    except FileNotFoundError:
        diags.error(Mark(name), "file not found")
        return None
    except TextFileError as exc:
        diags.error(Mark(name, exc.line, exc.column), exc.message)
        return None
    except OSError as exc:
        diags.error(Mark(name), f"cannot read file: {exc.strerror}")
        return None
    return parse_yaml(text, name, diags)


def plain(node: Optional[YNode]) -> Any:
    """The node as plain Python data (dicts, lists, scalars), marks dropped."""
    if node is None:
        return None
    if isinstance(node, YScalar):
        return node.value
    if isinstance(node, YSeq):
        return [plain(n) for n in node.items]
    return {str(k.value): plain(v) for k, v in node.items}
