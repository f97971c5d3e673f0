"""Reading templates: files, ``extends:`` inheritance and validation.

Inheritance is a deep merge of the YAML trees before validation: mappings
merge key by key (recursively), anything else (scalars, lists) in the child
replaces the parent's value, and ``null`` in the child deletes the inherited
key. ``extends`` and ``abstract`` are never inherited. Every merged value keeps
the mark of the file it came from, so errors point at the right file.

Template references (a page's ``template:`` and ``extends:``) are confined to
the templates folder, symlinks resolved, and an ``extends`` chain is at most
``MAX_EXTENDS`` long, so a hostile or broken set of templates is an error
at the key, never a file read from elsewhere or a RecursionError.

Type sizes are checked against a plausible range (``STYLE_RANGES``): a
0.0001 pt body would make a page of millions of lines, a 100,000 pt one
cannot be printed; either is an error naming the allowed range.
"""
from __future__ import annotations

import os
from pathlib import Path
from typing import List, Mapping, Optional, Tuple, Union

from ..records import record
from ..textfile import TextFileError, confine, real_path
from .errors import Diagnostic, Diagnostics
from .fields import TEMPLATE
from .spec import INVALID, Ctx
from .types import Mark, Template
from .yamlnodes import YMap, YNode, YScalar, load_yaml

TEMPLATE_SUFFIXES = (".yaml", ".yml")
NOT_INHERITED = ("extends", "abstract")
STYLE_RANGES = {"size": (3.0, 1000.0), "leading": (3.0, 2000.0)}  # pt, for sizes written in absolute units
MAX_EXTENDS = 16  # templates in one extends chain (real sets use 2 or 3)
BROKEN = ("<broken extends>",)  # chain marker: a parent could not be loaded (already reported)


def display_path(path: Union[str, Path]) -> str:
    """A path as shown in messages: relative to the working folder when inside it."""
    p = Path(os.path.normpath(str(path)))
    try:
        rel = os.path.relpath(real_path(p), real_path(Path.cwd()))
    except ValueError:
        return str(p)
    return str(p) if rel.startswith("..") else rel


@record
class TemplateSource:
    """A template file after merging and validation, ready to resolve for a page."""

    path: Path
    display: str
    name: str
    data: dict
    ctx: Ctx
    abstract: bool
    extends: Tuple[str, ...]
    broken: bool = False  # a parent could not be loaded (reported): the merged template is incomplete


def find_template(ref: str, folder: Path) -> Optional[Path]:
    """The file a template reference names: a name in the folder (name.yaml) or a relative path."""
    direct = folder / ref
    if direct.suffix in TEMPLATE_SUFFIXES and _is_template_file(direct):
        return direct
    for suffix in TEMPLATE_SUFFIXES:
        candidate = folder / (ref + suffix)
        if _is_template_file(candidate):
            return candidate
    return None


def _is_template_file(path: Path) -> bool:
    """True for anything but a folder that exists at ``path`` (a FIFO or device is then reported by the reader)."""
    try:
        return path.exists() and not path.is_dir()
    except (OSError, ValueError):
        return False


def template_ref_problem(ref: str, folder: Path) -> str:
    """'' when the template ``ref`` names a file inside ``folder`` (symlinks resolved) or nothing; else why not."""
    ref = str(ref)
    candidates = [folder / ref] + [folder / (ref + suffix) for suffix in TEMPLATE_SUFFIXES]
    for candidate in candidates:
        if not (os.path.isabs(ref) or ".." in Path(ref).parts or os.path.lexists(candidate)):
            continue
        try:
            confine(candidate, folder, f"template '{ref}'", f"the templates folder {display_path(folder) or '.'}")
        except TextFileError as exc:
            return exc.message
    return ""


def template_names(folder: Path) -> List[str]:
    """Names of the templates in a folder (for did-you-mean)."""
    if not folder.is_dir():
        return []
    return sorted(p.stem for p in folder.iterdir() if p.suffix in TEMPLATE_SUFFIXES and p.is_file())


def _is_null(node: YNode) -> bool:
    return isinstance(node, YScalar) and node.value is None


def merge_nodes(base: YNode, child: YNode) -> YNode:
    """Deep merge: mappings key by key, other values replaced, null deletes."""
    if not (isinstance(base, YMap) and isinstance(child, YMap)):
        return child
    child_items = {str(k.value): (k, v) for k, v in child}
    items = []
    for k, v in base:
        name = str(k.value)
        if name not in child_items:
            items.append((k, v))
        elif not _is_null(child_items[name][1]):
            ck, cv = child_items[name]
            items.append((ck, merge_nodes(v, cv)))
    for k, v in child:
        if str(k.value) not in base and not _is_null(v):
            items.append((k, v))
    return YMap(items, child.mark)


def _without(node: YMap, keys: Tuple[str, ...]) -> YMap:
    return YMap([(k, v) for k, v in node if str(k.value) not in keys], node.mark)


def load_merged(path: Path, diags: Diagnostics, chain: Tuple[Path, ...] = (),
                root: Optional[Path] = None) -> Tuple[Optional[YMap], Tuple[str, ...]]:
    """The file's tree with its ``extends`` chain merged in, and the chain's display paths
    (None in the chain when a parent could not be loaded). Parents must lie inside ``root``
    (default: the first file's folder)."""
    root = root if root is not None else path.parent
    display = display_path(path)
    node = load_yaml(path, diags, display)
    if node is None:
        return None, ()
    if not isinstance(node, YMap):
        diags.error(node.mark, "a template must be a mapping of keys (page:, grid:, styles:, regions:)")
        return None, ()
    ext = node.get("extends")
    if ext is None:
        return node, ()
    if getattr(ext, "refused", False):
        return node, BROKEN  # NaN or a foreign tag: reported by the loader, no second error
    if not isinstance(ext, YScalar) or not isinstance(ext.value, str) or not ext.value.strip():
        diags.error(ext.mark, "extends: expected the name of another template")
        return node, BROKEN
    if len(chain) + 1 >= MAX_EXTENDS:
        diags.error(ext.mark, f"extends: the chain of templates is longer than {MAX_EXTENDS}; extend a nearer base")
        return node, BROKEN
    problem = template_ref_problem(ext.value.strip(), path.parent) or _outside_root(ext.value.strip(), path.parent, root)
    if problem:
        diags.error(ext.mark, f"extends: {problem}")
        return node, BROKEN
    parent = find_template(ext.value.strip(), path.parent)
    if parent is None:
        hint = _did_you_mean_template(ext.value, path.parent)
        diags.error(ext.mark, f"extends: no template '{ext.value}' in {display_path(path.parent) or '.'}{hint}")
        return node, BROKEN
    resolved = real_path(parent)
    if resolved in chain or resolved == real_path(path):
        loop = " -> ".join(display_path(p) for p in chain + (path, parent))
        diags.error(ext.mark, f"extends: templates extend each other in a loop ({loop})")
        return node, BROKEN
    base, base_chain = load_merged(parent, diags, chain + (real_path(path),), root)
    if base is None or BROKEN[0] in base_chain:
        return node, BROKEN
    return merge_nodes(_without(base, NOT_INHERITED), node), (display_path(parent),) + base_chain


def _outside_root(ref: str, folder: Path, root: Path) -> str:
    """'' when the file ``ref`` names from ``folder`` lies inside ``root``; else why not."""
    file = find_template(ref, folder)
    if file is None:
        return ""
    try:
        confine(file, root, f"template '{ref}'", f"the templates folder {display_path(root) or '.'}")
    except TextFileError as exc:
        return exc.message
    return ""


def _did_you_mean_template(name: str, folder: Path) -> str:
    from .errors import did_you_mean

    return did_you_mean(name, template_names(folder))


def read_template(path: Union[str, Path], diags: Diagnostics) -> Optional[TemplateSource]:
    """Load, merge and validate a template file; problems go to diags; None when unreadable."""
    path = Path(path)
    node, chain = load_merged(path, diags)
    if node is None:
        return None
    abstract_node = node.get("abstract")
    abstract = isinstance(abstract_node, YScalar) and abstract_node.value is True
    ctx = Ctx(diags)
    ctx.marks[()] = Mark(display_path(path), 1, 1)
    broken = BROKEN[0] in chain
    data = TEMPLATE.check(node, (), ctx, require=not abstract and not broken)
    if data is INVALID:
        return None
    _check_style_ranges(data, ctx)
    return TemplateSource(path, display_path(path), str(data.get("name") or path.stem), data, ctx, abstract,
                          tuple(c for c in chain if c != BROKEN[0]), broken)


def read_template_with(path: Union[str, Path], regions: YMap, diags: Diagnostics) -> Optional[TemplateSource]:
    """The template with an issue page's ``regions:`` merged into its own (key by key; a new id adds a region),
    validated like a template: problems in the page's keys are reported at their place in the issue file."""
    path = Path(path)
    node, chain = load_merged(path, Diagnostics())  # the template's own problems were reported when it was read
    if node is None:
        return None
    node = merge_nodes(node, YMap([(YScalar("regions", regions.mark), regions)], regions.mark))
    ctx = Ctx(diags)
    ctx.marks[()] = Mark(display_path(path), 1, 1)
    data = TEMPLATE.check(node, (), ctx, require=True)
    if data is INVALID:
        return None
    _check_style_ranges(data, ctx)
    return TemplateSource(path, display_path(path), str(data.get("name") or path.stem), data, ctx, False,
                          tuple(c for c in chain if c != BROKEN[0]), BROKEN[0] in chain)


def _check_style_ranges(data: dict, ctx: Ctx) -> None:
    """Style sizes and leadings in pt outside STYLE_RANGES are errors at the value."""
    for name, style in (data.get("styles") or {}).items():
        if not isinstance(style, dict):
            continue
        for key, (low, high) in STYLE_RANGES.items():
            value = style.get(key)
            if getattr(value, "unit", None) == "pt" and not low <= value.value <= high:
                ctx.error(ctx.mark(("styles", name, key)), f"styles.{name}.{key}: {value.value:g} pt is outside the "
                                                 f"allowed range {low:g} pt to {high:g} pt")


def resolve_source(
    src: TemplateSource,
    diags: Diagnostics,
    page_number: int = 1,
    values: Optional[Mapping[str, str]] = None,
) -> Optional[Template]:
    """The resolved Template for one page (None for abstract templates or when it cannot be built)."""
    from .resolve import TemplateResolver

    if src.abstract or src.broken:
        return None
    return _after_errors(src, diags, lambda: TemplateResolver(src, diags, page_number, values).run())


def load_template(
    path: Union[str, Path], page_number: int = 1, values: Optional[Mapping[str, str]] = None
) -> Template:
    """A resolved Template from a file; raises ModelError listing every problem.

    ``values`` fills variables ({date}, {page}, ...); without it texts keep
    their {placeholders} (the names are still checked).
    """
    diags = Diagnostics()
    src = read_template(path, diags)
    template = resolve_source(src, diags, page_number, values) if src is not None else None
    if src is not None and src.abstract and not diags.errors:
        diags.error(Mark(src.display, 1, 1), "this template is abstract (a base for others) and cannot be used for a page")
    diags.raise_if_errors()
    assert template is not None
    return template


def check_template(path: Union[str, Path]) -> List[Diagnostic]:
    """Every problem in a template file (errors and warnings), without raising."""
    diags = Diagnostics()
    src = read_template(path, diags)
    if src is not None and not src.abstract and not src.broken:
        _resolve_collecting(src, diags)
    return diags.sorted()


def _resolve_collecting(src: TemplateSource, diags: Diagnostics) -> None:
    """Resolve even after validation errors so geometry problems are reported in the same pass."""
    from .resolve import TemplateResolver

    _after_errors(src, diags, lambda: TemplateResolver(src, diags, 1, None).run())


RESOLVE_FAILURES = (KeyError, TypeError, ValueError, AttributeError, IndexError, ZeroDivisionError, OverflowError)


def _after_errors(src: TemplateSource, diags: Diagnostics, run):
    """``run()``; when validation already found errors, a resolver that trips over the refused values
    stops with a note instead of a traceback (the errors above are the cause). Without errors it is a bug: raised."""
    try:
        return run()
    except RESOLVE_FAILURES:
        if not diags.errors:
            raise
        diags.warning(Mark(src.display, 1, 1), "the rest of this template could not be checked because of the errors above")
        return None
