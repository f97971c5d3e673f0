"""YAML with a line and column for every key and value, read safely from untrusted files.

PyYAML's parser gives events with marks; this module builds from them a small
tree (``YMap``, ``YSeq``, ``YScalar``) that keeps a ``Mark`` on every node and
every mapping key, so validation can point at ``file:line:column``. Duplicate
keys and YAML syntax errors become diagnostics, never tracebacks.

This is the one loader templates, issues and fonts.yaml share, and it is
built for files from outside (YAML 1.1 spec §3.2.2 aliases, §6.9 tags):

- an alias reuses the anchored node (no copy), and the size the document
  would have with every alias expanded is counted against ``MAX_NODES``: an
  alias bomb ("billion laughs") is refused after a few thousand events;
- nesting deeper than ``MAX_DEPTH`` (aliases included) is refused, so no
  later recursive walk can exhaust the stack;
- only the standard tags of plain data are accepted (str, int, float, bool,
  null, timestamp, seq, map); ``!!binary``, ``!!python/...``, ``!!set`` and
  local tags are errors;
- NaN and infinity are errors wherever they are written (``.nan``,
  ``.inf``, ``1e999``), as are integers beyond 2**53;
- files are regular files of at most ``MAX_YAML_BYTES`` (layout.textfile).
"""
from __future__ import annotations

import math
from dataclasses import field
from pathlib import Path
from typing import Any, Dict, Iterator, List, Optional, Tuple, Union

import yaml

from ..records import record
from ..textfile import MAX_YAML_BYTES, TextFileError, read_text_file
from .errors import Diagnostics
from .types import Mark


@record
class YScalar:
    """A scalar value (str, int, float, bool, None, date) and where it is."""

    value: Any
    mark: Mark
    quoted: bool = False
    refused: bool = False  # already reported by the loader (NaN, a foreign tag): checks skip it without a second error


@record
class YSeq:
    """A sequence and where it starts."""

    items: List["YNode"]
    mark: Mark
    refused: bool = False  # written with a foreign tag (reported by the loader): checks skip it


@record
class YMap:
    """A mapping in file order; keys are strings with their own marks."""

    items: List[Tuple[YScalar, "YNode"]]
    mark: Mark
    _index: Dict[str, int] = field(default_factory=dict, repr=False)
    refused: bool = False  # written with a foreign tag (reported by the loader): checks skip it

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


# libyaml's parser (when PyYAML was built with it) gives the same events with the
# same marks several times faster than the pure-Python one.
_FAST_LOADER = getattr(yaml, "CSafeLoader", yaml.SafeLoader)

MAX_NODES = 200_000  # values in the document with every alias expanded (a large template has a few thousand)
MAX_DEPTH = 64  # nesting of lists and mappings (real files use under 10)
MAX_INT = 2 ** 53  # larger integers lose precision as floats (and overflow float())
_STD = "tag:yaml.org,2002:"
SCALAR_TAGS = frozenset(_STD + t for t in ("str", "int", "float", "bool", "null", "timestamp"))
COLLECTION_TAGS = frozenset((_STD + "seq", _STD + "map"))
MERGE_TAG = _STD + "merge"
STR_TAG = _STD + "str"


def _mark(file: str, m: Any) -> Mark:
    return Mark(file, m.line + 1, m.column + 1)


class _Abort(Exception):
    """The document cannot be read further (budget exceeded, bad alias); the reason is in diags."""


@record
class _Open:
    """A list or mapping being built: its children so far, and the sizes that bound it."""

    kind: str  # "seq" or "map"
    mark: Mark
    anchor: Optional[str]
    items: list = field(default_factory=list)
    key: Optional[YNode] = None  # a mapping's key waiting for its value
    has_key: bool = False
    seen: Dict[str, Mark] = field(default_factory=dict)  # a mapping's keys so far
    height: int = 1  # nesting below and including this node
    size: int = 1  # values with aliases expanded
    refused: bool = False  # its tag was refused (reported): the finished node is marked so


class _Builder:
    """Builds the Y* tree from parser events, with the alias, depth and tag limits above."""

    def __init__(self, file: str, diags: Diagnostics):
        self.file = file
        self.diags = diags
        self.loader = yaml.SafeLoader("")  # resolves plain scalars and constructs their values
        self.anchors: Dict[str, Tuple[YNode, int, int]] = {}  # name -> (node, size, height)
        self.stack: List[_Open] = []
        self.total = 0
        self.root: Optional[YNode] = None
        self.documents = 0

    def feed(self, event: Any) -> None:
        """Take one parser event."""
        if isinstance(event, yaml.ScalarEvent):
            node = self.scalar(event)
            self.done(node, 1, 1, event.anchor)
        elif isinstance(event, yaml.DocumentStartEvent):
            self.documents += 1
            if self.documents > 1:
                self.fail(event.start_mark, "more than one YAML document (---) in the file; keep one")
        elif isinstance(event, yaml.AliasEvent):
            self.alias(event)
        elif isinstance(event, (yaml.SequenceStartEvent, yaml.MappingStartEvent)):
            self.open(event)
        elif isinstance(event, (yaml.SequenceEndEvent, yaml.MappingEndEvent)):
            self.close()

    def fail(self, m: Any, message: str) -> None:
        """Record an error that stops reading, and stop."""
        self.diags.error(_mark(self.file, m), message)
        raise _Abort

    def count(self, size: int, height: int, m: Any) -> None:
        """Add ``size`` values at the current depth; over a limit stops reading."""
        self.total += size
        if self.total > MAX_NODES:
            if self.anchors:
                self.fail(m, f"the document has more than {MAX_NODES:,} values with its aliases (*name) expanded "
                             "(an alias bomb?); write the values out or use fewer aliases")
            self.fail(m, f"the document has more than {MAX_NODES:,} values, far more than any template or issue "
                         "(a few thousand); split it or remove what is repeated")
        if len(self.stack) + height > MAX_DEPTH:
            self.fail(m, f"lists and mappings nested more than {MAX_DEPTH} deep; flatten the structure")

    def open(self, event: Any) -> None:
        """Start a list or mapping."""
        kind = "seq" if isinstance(event, yaml.SequenceStartEvent) else "map"
        accepted = self.check_tag(event, COLLECTION_TAGS)
        self.count(1, 1, event.start_mark)
        self.stack.append(_Open(kind, _mark(self.file, event.start_mark), event.anchor, refused=not accepted))

    def close(self) -> None:
        """Finish the innermost list or mapping."""
        top = self.stack.pop()
        node: YNode = (YSeq(top.items, top.mark, refused=top.refused) if top.kind == "seq"
                       else YMap(top.items, top.mark, refused=top.refused))
        self.place(node, top.size, top.height, top.anchor)

    def alias(self, event: Any) -> None:
        """``*name``: the anchored node itself, counted at its expanded size."""
        found = self.anchors.get(event.anchor)
        if found is None:
            self.fail(event.start_mark, f"alias *{event.anchor} names no anchor (&{event.anchor}) defined before it "
                                        "(an alias cannot refer to the list or mapping it is inside)")
        node, size, height = found
        self.count(size, height, event.start_mark)
        self.place(node, size, height, None)

    def done(self, node: YNode, size: int, height: int, anchor: Optional[str]) -> None:
        """A scalar is complete."""
        self.count(size, height, self._last_mark)
        self.place(node, size, height, anchor)

    def place(self, node: YNode, size: int, height: int, anchor: Optional[str]) -> None:
        """Put a complete node into its parent (or make it the document)."""
        if anchor is not None:
            self.anchors[anchor] = (node, size, height)
        if not self.stack:
            self.root = node
            return
        top = self.stack[-1]
        top.size += size
        top.height = max(top.height, height + 1)
        if top.kind == "seq":
            top.items.append(node)
        elif not top.has_key:
            top.key, top.has_key = node, True
        else:
            self.add_pair(top, top.key, node)
            top.key, top.has_key = None, False

    def add_pair(self, top: _Open, key: Optional[YNode], value: YNode) -> None:
        """One key: value of a mapping; merge keys, non-scalar keys and repeated keys are errors."""
        if isinstance(key, _MergeKey):
            self.diags.error(key.mark, "YAML merge keys (<<) are not supported; use extends:")
            return
        if not isinstance(key, YScalar):
            self.diags.error(key.mark if key is not None else top.mark, "a key must be a plain word, not a list or mapping")
            return
        name = str(key.value)
        first = top.seen.get(name)
        if first is not None:
            self.diags.error(key.mark, f"duplicate key '{name}' (first at line {first.line}); remove one")
            return
        top.seen[name] = key.mark
        top.items.append((YScalar(name, key.mark), value))

    def scalar(self, event: Any) -> YNode:
        """A scalar with its YAML type (plain 12 is an int, "12" a str), checked to be finite."""
        self._last_mark = event.start_mark
        mark = _mark(self.file, event.start_mark)
        tag = event.tag
        if tag is None or tag == "!":
            tag = self.loader.resolve(yaml.ScalarNode, event.value, event.implicit)
        if tag == MERGE_TAG:
            return _MergeKey("<<", mark)
        if tag == STR_TAG:  # most values: the text itself, no constructor needed
            return YScalar(event.value, mark, quoted=event.style in ("'", '"'))
        if not self.check_tag(event, SCALAR_TAGS, tag):
            return YScalar(event.value, mark, quoted=True, refused=True)
        node = yaml.ScalarNode(tag, event.value, event.start_mark, event.end_mark, event.style)
        try:
            value = self.loader.construct_object(node, deep=True)
        except (yaml.YAMLError, ValueError, OverflowError):
            value = event.value  # e.g. 2018-02-30: kept as text, the field's own check explains the problem
        checked = self.finite(value, event.value, mark)
        return YScalar(checked, mark, quoted=event.style in ("'", '"'), refused=checked is not value)

    def finite(self, value: Any, text: str, mark: Mark) -> Any:
        """The value; NaN, infinity and integers beyond 2**53 are errors (kept as text)."""
        if isinstance(value, float) and not math.isfinite(value):
            self.diags.error(mark, f"'{text}' is not a finite number; write an ordinary number")
            return text
        if isinstance(value, int) and not isinstance(value, bool) and abs(value) > MAX_INT:
            self.diags.error(mark, f"'{text[:40]}' is too large a number; write an ordinary number")
            return text
        return value

    def check_tag(self, event: Any, allowed: frozenset, tag: Optional[str] = None) -> bool:
        """True when the event's tag is one of ``allowed`` (or implicit); else an error."""
        tag = tag or event.tag
        if tag is None or tag == "!" or tag in allowed:
            return True
        shown = "!!" + tag[len(_STD):] if tag.startswith(_STD) else tag
        self.diags.error(_mark(self.file, event.start_mark),
                         f"YAML tag {shown} is not accepted (only text, numbers, true/false, null, dates, "
                         "lists and mappings); remove the tag")
        return False

    _last_mark: Any = None


class _MergeKey(YScalar):
    """A ``<<`` key (refused with a message when its mapping is built)."""


def parse_yaml(text: str, file: str, diags: Diagnostics) -> Optional[YNode]:
    """The node tree of a YAML document, or None (with a diagnostic) when it cannot be read."""
    builder = _Builder(file, diags)
    try:
        for event in yaml.parse(text, Loader=_FAST_LOADER):
            builder.feed(event)
    except _Abort:
        return None
    except yaml.MarkedYAMLError as exc:
        m = exc.problem_mark or exc.context_mark
        where = _mark(file, m) if m is not None else Mark(file)
        problem = exc.problem or str(exc)
        if "nesting depth" in problem:  # PyYAML >= 6.0.4 stops deep nesting itself, before our own limit
            diags.error(where, f"lists and mappings nested more than {MAX_DEPTH} deep; flatten the structure")
            return None
        if exc.context:
            problem = f"{problem} ({exc.context})"
        diags.error(where, f"YAML syntax error: {problem}")
        return None
    except yaml.reader.ReaderError as exc:  # a character YAML does not allow: say where and what to do
        found = yaml.reader.Reader.NON_PRINTABLE.search(text)  # libyaml's position is not the character's
        at = found.start() if found else min(exc.position, len(text))
        line = text.count("\n", 0, at) + 1
        column = at - (text.rfind("\n", 0, at) + 1) + 1
        char = found.group() if found else exc.character if isinstance(exc.character, str) else chr(exc.character)
        diags.error(Mark(file, line, column), f"the character U+{ord(char):04X} is not allowed in YAML (a control "
                                              "character: a binary file, or text pasted from one?); remove it")
        return None
    except yaml.YAMLError as exc:
        diags.error(Mark(file), f"YAML error: {exc}")
        return None
    if builder.root is None:
        return YMap([], Mark(file, 1, 1))
    return builder.root


def load_yaml(path: Union[str, Path], diags: Diagnostics, display: Optional[str] = None) -> Optional[YNode]:
    """Read and parse a YAML file (a regular file of at most MAX_YAML_BYTES); problems become a diagnostic and None."""
    name = display or str(path)
    try:
        text = read_text_file(path, name, limit=MAX_YAML_BYTES).text
    except FileNotFoundError:
        diags.error(Mark(name), "file not found")
        return None
    except TextFileError as exc:
        diags.error(Mark(exc.path, exc.line, exc.column), exc.message)
        return None
    except OSError as exc:
        diags.error(Mark(name), f"cannot read file: {exc.strerror or exc}")
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
