"""Hypothesis strategies for hostile input: templates, issues and article texts, valid and broken.

Documents start from a small valid template or issue and take random
mutations at random places: random keys, values of every YAML type, lengths
with odd units, NaN and infinities, huge numbers, deep nesting, Unicode
and control characters, and paths that try to leave their folder.
"""
from __future__ import annotations

import copy

import yaml
from hypothesis import strategies as st

from tests.model.helpers import MINIMAL

UNITS = ["mm", "pt", "cm", "in", "em", "字", "q", "px", "lines", "%", "furlongs", ""]
HOSTILE_PATHS = ["../secret.txt", "/etc/passwd", "a\x00b", "..", ".", "articles/../../x", "~/x", "articles/lead.txt",
                 "images/photo.png", "\n", "x" * 300, "articles", "/dev/zero", "C:\\x"]
WORDS = ["size", "leading", "columns", "gutter", "margins", "top", "kind", "span", "column", "height", "lines",
         "extends", "abstract", "styles", "regions", "page", "grid", "font", "weight", "template", "slots",
         "output", "templates", "article", "image", "continued", "number", "date", "name", "min_ppi", "swatches"]

numbers = st.one_of(st.integers(-10**6, 10**6), st.integers(), st.floats(allow_nan=True, allow_infinity=True),
                    st.sampled_from([0, -1, 1e-9, 1e300, 2**63]))
lengths = st.builds(lambda n, u: f"{n}{u}", st.one_of(st.integers(-1000, 100000), st.floats(-1e6, 1e6)),
                    st.sampled_from(UNITS))
texts = st.one_of(st.text(max_size=40), st.sampled_from(HOSTILE_PATHS), lengths,
                  st.sampled_from(["{", "}", "{paper", "{to_page}", "{x.__class__}", "五号", "A3", "99999x99999mm",
                                   ".nan", "rest", "all", "true", "2018-02-30"]))
scalars = st.one_of(st.none(), st.booleans(), numbers, texts)
values = st.recursive(scalars, lambda inner: st.one_of(st.lists(inner, max_size=4),
                                                       st.dictionaries(st.one_of(st.sampled_from(WORDS), st.text(max_size=8)),
                                                                       inner, max_size=4)), max_leaves=12)


def _paths(node, prefix=()):
    """Every (path) into a nested dict/list, the root included."""
    yield prefix
    if isinstance(node, dict):
        for k, v in node.items():
            yield from _paths(v, prefix + (k,))
    elif isinstance(node, list):
        for i, v in enumerate(node):
            yield from _paths(v, prefix + (i,))


def _set(doc, path, value):
    if not path:
        return value
    target = doc
    for key in path[:-1]:
        target = target[key]
    target[path[-1]] = value
    return doc


@st.composite
def mutated(draw, base: dict, max_mutations: int = 4):
    """``base`` with up to ``max_mutations`` random values replaced, keys added or removed."""
    doc = copy.deepcopy(base)
    for _ in range(draw(st.integers(0, max_mutations))):
        paths = list(_paths(doc))
        path = draw(st.sampled_from(paths))
        action = draw(st.sampled_from(["replace", "add", "delete"]))
        target = doc
        for key in path:
            target = target[key]
        if action == "add" and isinstance(target, dict):
            target[draw(st.one_of(st.sampled_from(WORDS), st.text(max_size=8)))] = draw(values)
        elif action == "delete" and path and isinstance(target, (dict, list)) and target:
            key = draw(st.sampled_from(list(target.keys()) if isinstance(target, dict) else list(range(len(target)))))
            del target[key]
        else:
            doc = _set(doc, path, draw(values))
    return doc


def dump(doc) -> str:
    """YAML text for a document (any Python data hypothesis made)."""
    try:
        return yaml.safe_dump(doc, allow_unicode=True, sort_keys=False)
    except (yaml.YAMLError, ValueError):
        return repr(doc)


TEMPLATE = yaml.safe_load(MINIMAL)


def _prev(i: int) -> str:
    """The anchor the i-th doubling alias refers to."""
    return "a" if i == 0 else f"b{i - 1}"
templates = mutated(TEMPLATE).map(dump)

RAW_YAML = st.one_of(
    st.text(max_size=200),
    st.builds(lambda d: "x: " + "[" * d + "]" * d, st.integers(0, 3000)),
    st.builds(lambda n: "a: &a [1]\n" + "".join(f"b{i}: &b{i} [*{_prev(i)}, *{_prev(i)}]\n" for i in range(n)),
              st.integers(0, 40)),
    st.sampled_from(["!!binary aGk=", "a: !!python/object/apply:os.system [ls]", "a: .nan", "--- a\n--- b",
                     "a: 1\na: 2", "<<: {a: 1}", "? [a]\n: 1", "a: *nope", "\x00", "\ufeffa: 1"]),
)

articles = st.builds(lambda header, body: header + "---\n" + body,
                     st.lists(st.builds(lambda k, v: f"{k}: {v}\n",
                                        st.sampled_from(["引题", "主题", "副题", "作者", "图片", "图注", "摄影", "id", "题", ""]),
                                        texts), max_size=6).map("".join),
                     st.text(max_size=300))
