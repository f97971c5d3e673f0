"""How much a PDF page draws when its nested content is unfolded: a placed ad must not keep a rasteriser busy.

A page's content can draw form XObjects (``Do``), tiling patterns (``scn`` /
``SCN`` with a pattern name), Type 3 glyphs (their CharProcs, for a font set
with ``Tf``), soft-mask groups (an ExtGState set with ``gs``) and annotation
appearances, and each of those can draw more. Ghostscript (the ink check), a
RIP or a viewer follows every one: a page whose forms each draw the next
twice, 30 deep, draws 2³⁰ forms and takes minutes. ``draws_problem`` unfolds
the content (each stream parsed once, its count memoised) and names the first
limit passed. A name a form does not define is looked up in the resources it
inherits (a form with resources of its own included), as renderers do. A content stream is measured before it is parsed,
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
_KIND_SET = frozenset(_KINDS.values())


class _Over(Exception):
    """A limit passed; the message says which."""


MAX_PARSED = 5_000  # content streams parsed for one page: the walk itself stays bounded whatever the file


def draws_problem(page) -> str:
    """'' when the page (a pikepdf page dictionary) stays within MAX_DEPTH, MAX_DRAWS and MAX_STREAM, else why."""
    import pikepdf

    walk = _Walk()
    chain = ((page.objgen, pikepdf.Page(page).resources),)  # (whose resources, the resources), innermost first
    try:
        total = 1 + sum(walk.unfold(child, extra + chain, 1) for child, extra in walk.drawn(page, chain))
        total += sum(walk.unfold(ap, chain, 1) for ap in _appearances(page))
    except _Over as exc:
        return str(exc)
    except RecursionError:
        return f"its page nests content more than {MAX_DEPTH} deep (a crafted or broken PDF)"
    if total > MAX_DRAWS:
        return (f"its page draws more than {MAX_DRAWS:,} forms, patterns or glyph procedures when unfolded (a "
                "crafted or broken PDF; printing it would take minutes)")
    return ""


class _Walk:
    """One page's unfolding: counts memoised per stream and the owners of the resources it sees (a stream with
    its own resources and a page or form around it), streams parsed counted."""

    def __init__(self) -> None:
        self.memo: dict = {}
        self.parsed = 0

    def unfold(self, obj, inherited: tuple, depth: int) -> int:
        """Contents drawn when ``obj`` (a form, pattern or glyph procedure) is drawn once, itself counted."""
        import pikepdf

        if depth > MAX_DEPTH:
            raise _Over(f"its page nests content more than {MAX_DEPTH} deep (a crafted or broken PDF)")
        own = obj.get("/Resources")
        chain = (((obj.objgen, own),) if isinstance(own, pikepdf.Dictionary) else ()) + inherited  # names it
        key = (obj.objgen,) + tuple(owner for owner, _ in chain)  # lacks come from the parent's resources
        if key in self.memo:
            return self.memo[key]
        self.memo[key] = MAX_DRAWS + 1  # drawing itself, directly or not, is over any budget
        total = 1
        for child, extra in self.drawn(obj, chain):
            total += self.unfold(child, extra + chain, depth + 1)
            if total > MAX_DRAWS:
                break
        self.memo[key] = min(total, MAX_DRAWS + 1)
        return self.memo[key]

    def drawn(self, obj, chain: tuple) -> list:
        """(stream, resources it adds) for what the content of ``obj`` (a page or a content stream) draws, once
        per use: forms, tiling patterns, soft-mask groups, and the glyph procedures of each Type 3 font it
        selects (once a stream; their names resolve in the font's resources first)."""
        import pikepdf

        if not any(isinstance(d, pikepdf.Dictionary) and any(k in d for k in _KIND_SET) for _, d in chain):
            return []
        self.parsed += 1
        if self.parsed > MAX_PARSED:
            raise _Over(f"its page nests more than {MAX_PARSED:,} content streams (a crafted or broken PDF)")
        _check_size(obj.get("/Contents") if obj.get("/Type") == "/Page" else obj)
        out, fonts = [], set()
        for operands, op in pikepdf.parse_content_stream(obj, _OPERATORS):
            op = str(op)
            name = operands[0] if op == "Tf" and operands else operands[-1] if operands else None
            if not isinstance(name, pikepdf.Name) or (op == "Tf" and str(name) in fonts):
                continue
            if op == "Tf":
                fonts.add(str(name))
            out += _named(_lookup(chain, _KINDS[op], str(name)), _KINDS[op])
        return out


def _lookup(chain: tuple, kind: str, name: str):
    """The resource ``name`` of ``kind`` from the first dictionary of ``chain`` that defines it, else None."""
    import pikepdf

    for _, resources in chain:
        table = resources.get(kind) if isinstance(resources, pikepdf.Dictionary) else None
        if isinstance(table, pikepdf.Dictionary) and name in table:
            return table.get(name)
    return None


def _named(found, kind: str) -> list:
    """(content stream, resources it adds) for what a named resource stands for (none when it draws nothing
    nested)."""
    import pikepdf

    if kind == "/XObject":
        return [(found, ())] if isinstance(found, pikepdf.Stream) and found.get("/Subtype") == "/Form" else []
    if kind == "/Pattern":
        tiling = isinstance(found, pikepdf.Stream) and found.get("/PatternType") == 1
        return [(found, ())] if tiling else []
    if kind == "/ExtGState":  # a soft mask's group is drawn to make the mask
        mask = found.get("/SMask") if isinstance(found, pikepdf.Dictionary) else None
        group = mask.get("/G") if isinstance(mask, pikepdf.Dictionary) else None
        return [(group, ())] if isinstance(group, pikepdf.Stream) else []
    procs = found.get("/CharProcs") if isinstance(found, pikepdf.Dictionary) else None
    if not isinstance(procs, pikepdf.Dictionary):
        return []
    streams = [p for _, p in procs.items() if isinstance(p, pikepdf.Stream)]
    own = found.get("/Resources")
    if not streams or not isinstance(own, pikepdf.Dictionary):
        return [(p, ()) for p in streams]
    owner = ("font", found.objgen if found.objgen != (0, 0) else streams[0].objgen)  # a font may be a direct object
    return [(p, ((owner, own),)) for p in streams]


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
