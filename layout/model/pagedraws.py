"""How much a PDF page draws when its nested content is unfolded: a placed ad must not keep a rasteriser busy.

A page's content can draw form XObjects (``Do``), tiling patterns (``scn`` /
``SCN`` with a pattern name), Type 3 glyphs (their CharProcs, for a font set
with ``Tf``), soft-mask groups (an ExtGState set with ``gs``) and annotation
appearances, and each of those can draw more. Ghostscript (the ink check), a
RIP or a viewer follows every one: a page whose forms each draw the next
twice, 30 deep, draws 2³⁰ forms and takes minutes. ``draws_problem`` unfolds
the content (each stream parsed once, its count memoised) and names the first
limit passed. A name a form does not define is looked up in the resources it
inherits, as renderers do. A content stream is measured before it is parsed,
its Flate data inflated only up to the limit, so a small file that inflates to
gigabytes is refused without being inflated.
"""
from __future__ import annotations

import zlib

MAX_DEPTH = 12  # contents inside contents (an ad nests two or three)
MAX_DRAWS = 20_000  # contents drawn in all when the nesting is unfolded
MAX_STREAM = 16 << 20  # bytes of one content stream, decoded
_OPERATORS = "Do scn SCN Tf gs"  # the operators that draw (or choose) other content
_KINDS = {"Do": "/XObject", "scn": "/Pattern", "SCN": "/Pattern", "Tf": "/Font", "gs": "/ExtGState"}


class _Over(Exception):
    """A limit passed; the message says which."""


def draws_problem(page) -> str:
    """'' when the page (a pikepdf page dictionary) stays within MAX_DEPTH, MAX_DRAWS and MAX_STREAM, else why."""
    import pikepdf

    memo: dict = {}
    resources = pikepdf.Page(page).resources
    try:
        total = 1 + sum(_unfold(child, resources, 1, memo) for child in _drawn(page, resources))
        total += sum(_unfold(ap, resources, 1, memo) for ap in _appearances(page))
    except _Over as exc:
        return str(exc)
    except RecursionError:
        return f"its page nests content more than {MAX_DEPTH} deep (a crafted or broken PDF)"
    if total > MAX_DRAWS:
        return (f"its page draws more than {MAX_DRAWS:,} forms, patterns or glyph procedures when unfolded (a "
                "crafted or broken PDF; printing it would take minutes)")
    return ""


def _unfold(obj, inherited, depth: int, memo: dict) -> int:
    """Contents drawn when ``obj`` (a form, pattern or glyph procedure) is drawn once, itself counted."""
    import pikepdf

    key = obj.objgen
    if key != (0, 0) and key in memo:
        return memo[key]
    if depth > MAX_DEPTH:
        raise _Over(f"its page nests content more than {MAX_DEPTH} deep (a crafted or broken PDF)")
    if key != (0, 0):
        memo[key] = MAX_DRAWS + 1  # drawing itself, directly or not, is over any budget
    own = obj.get("/Resources")
    resources = own if isinstance(own, pikepdf.Dictionary) else inherited
    total = 1
    for child in _drawn(obj, resources):
        total += _unfold(child, resources, depth + 1, memo)
        if total > MAX_DRAWS:
            break
    total = min(total, MAX_DRAWS + 1)
    if key != (0, 0):
        memo[key] = total
    return total


def _drawn(obj, resources) -> list:
    """What the content of ``obj`` (a page or a content stream) draws, once per use: forms, tiling patterns,
    and every glyph procedure of a Type 3 font it selects."""
    import pikepdf

    named = {kind: resources.get(kind) if isinstance(resources, pikepdf.Dictionary) else None
             for kind in set(_KINDS.values())}
    if not any(isinstance(d, pikepdf.Dictionary) and len(d) for d in named.values()):
        return []
    _check_size(obj.get("/Contents") if obj.get("/Type") == "/Page" else obj)
    out = []
    for operands, op in pikepdf.parse_content_stream(obj, _OPERATORS):
        name = operands[-1] if operands else None
        if not isinstance(name, pikepdf.Name):
            continue
        out += _named(named, str(op), str(name))
    return out


def _named(named: dict, op: str, name: str) -> list:
    """The content streams one operator's named resource stands for (none when it draws nothing nested)."""
    import pikepdf

    kind = _KINDS[op]
    table = named[kind]
    found = table.get(name) if isinstance(table, pikepdf.Dictionary) else None
    if kind == "/XObject":
        return [found] if isinstance(found, pikepdf.Stream) and found.get("/Subtype") == "/Form" else []
    if kind == "/Pattern":
        return [found] if isinstance(found, pikepdf.Stream) and int(found.get("/PatternType", 0)) == 1 else []
    if kind == "/ExtGState":  # a soft mask's group is drawn to make the mask
        mask = found.get("/SMask") if isinstance(found, pikepdf.Dictionary) else None
        group = mask.get("/G") if isinstance(mask, pikepdf.Dictionary) else None
        return [group] if isinstance(group, pikepdf.Stream) else []
    procs = found.get("/CharProcs") if isinstance(found, pikepdf.Dictionary) else None
    return [p for _, p in procs.items() if isinstance(p, pikepdf.Stream)] if isinstance(procs, pikepdf.Dictionary) else []


def _appearances(page) -> list:
    """The normal appearance streams of the page's annotations (a form each, or one per state)."""
    import pikepdf

    out = []
    for annot in page.get("/Annots", []):
        ap = annot.get("/AP") if isinstance(annot, pikepdf.Dictionary) else None
        normal = ap.get("/N") if isinstance(ap, pikepdf.Dictionary) else None
        if isinstance(normal, pikepdf.Stream):
            out.append(normal)
        elif isinstance(normal, pikepdf.Dictionary):
            out += [s for _, s in normal.items() if isinstance(s, pikepdf.Stream)]
    return out


def _check_size(streams) -> None:
    """_Over when a content stream (or the page's array of them) decodes to more than MAX_STREAM bytes."""
    import pikepdf

    parts = list(streams) if isinstance(streams, pikepdf.Array) else [streams]
    total = 0
    for stream in parts:
        if isinstance(stream, pikepdf.Stream):
            total += _decoded_size(stream, MAX_STREAM + 1 - total)
        if total > MAX_STREAM:
            raise _Over(f"its page has a content stream over {MAX_STREAM >> 20} MB decoded (a crafted or broken PDF)")


def _decoded_size(stream, limit: int) -> int:
    """The stream's decoded length, or more than ``limit`` once it is known to exceed it (Flate inflated only
    that far)."""
    import pikepdf

    filters = stream.get("/Filter")
    names = [str(filters)] if isinstance(filters, pikepdf.Name) else [str(f) for f in filters or []]
    raw = stream.read_raw_bytes()
    if not names:
        return len(raw)
    if names == ["/FlateDecode"] and "/DecodeParms" not in stream:
        try:
            return len(zlib.decompressobj().decompress(raw, limit))
        except zlib.error:
            return 0  # broken data: qpdf reports it when the content is parsed
    return len(stream.read_bytes())  # other filters: rare in content streams
