"""Embedding CJK faces as CID-keyed Type0 fonts (PDF 1.3 §5.6, Adobe TN 5176).

One font program per face per document, subset to the glyphs used:
CFF outlines as CIDFontType0 with a bare CFF (``FontFile3 /CIDFontType0C``),
TrueType outlines as CIDFontType2 (``FontFile2``, ``CIDToGIDMap /Identity``).
Two Type0 dictionaries share it: Identity-H for horizontal runs and
Identity-V (with W2 vertical metrics from vmtx/VORG) for vertical runs.
A ToUnicode CMap maps every CID back to the source text, vertical
alternates included, so text extraction returns what the author wrote.

The font programs come from the one subsetter, ``layout.fonts.instance``
(HarfBuzz; static faces and variable-font instances alike). It keeps the
CIDs of a CID-keyed CFF font, so content streams can be written before the
subset is cut.
"""
from __future__ import annotations

import base64
import hashlib
import json
import os
import zlib
from dataclasses import field
from itertools import chain
from typing import Dict, List, Optional, Set, Tuple

from ..fonts.face import Face
from ..records import record


@record
class FontUse:
    """The glyphs of one face used in a document, and the text each stands for."""

    face: Face
    gids: Set[int] = field(default_factory=set)
    pairs: Dict[Tuple[int, str], None] = field(default_factory=dict)  # (gid, text) in the order first seen
    horizontal: bool = False
    vertical: bool = False
    cid_of_gid: Dict[int, int] = field(default_factory=dict)  # set when the font program renumbers

    def add_run(self, gids, texts, vertical: bool) -> None:
        """Record every glyph of a run and each distinct text a glyph stands for (C-level set and dict updates)."""
        self._add(gids, texts, (vertical,))

    def add_runs(self, runs) -> None:
        """``add_run`` for many glyph runs at once (one pass over all their glyphs)."""
        self._add(list(chain.from_iterable([run.glyphs for run in runs])),
                  chain.from_iterable([run.texts for run in runs]), {run.vertical for run in runs})

    def _add(self, gids, texts, directions) -> None:
        self.gids.update(gids)
        # a known pair keeps its first place; dict.fromkeys keeps no pair it has seen, so zip reuses its tuple
        # for every repeated one (no allocation per glyph)
        self.pairs.update(dict.fromkeys(zip(gids, texts)))
        self.vertical = self.vertical or True in directions
        self.horizontal = self.horizontal or False in directions

    @property
    def texts_of_gid(self) -> Dict[int, List[str]]:
        """gid -> the distinct non-empty texts it stands for, first seen first (e.g. “ and 『 share a
        vertical glyph; .notdef stands for every missing character)."""
        cache = self.__dict__.get("_texts")
        if cache is None or cache[0] != len(self.pairs):
            known: Dict[int, List[str]] = {}
            for gid, text in self.pairs:
                if text:
                    known.setdefault(gid, []).append(text)
            cache = self.__dict__["_texts"] = (len(self.pairs), known)
        return cache[1]

    def code(self, gid: int) -> int:
        """The 2-byte code (= CID) of a glyph in the embedded font."""
        if self.cid_of_gid:
            return self.cid_of_gid[gid]
        return self.face.cid(gid) if self.face.cid_keyed else gid

    def hex_digits(self) -> Dict[int, str]:
        """gid -> "CCCC" (its code in four hex digits) for every used glyph (cached; call after the font program is cut)."""
        cache = self.__dict__.get("_hex")
        if cache is None or len(cache) != len(self.gids):
            cache = {gid: "%04X" % self.code(gid) for gid in self.gids}
            self.__dict__["_hex"] = cache
        return cache

    def variant_count(self) -> int:
        """How many ToUnicode variants the face needs: the most texts any one glyph stands for."""
        return max((len(t) for t in self.texts_of_gid.values()), default=1)

    def variants(self) -> Dict[Tuple[int, str], int]:
        """(gid, text) -> variant index, for the glyphs that stand for more than one text (cached)."""
        cache = self.__dict__.get("_variants")
        if cache is None:
            cache = {(gid, t): k for gid, texts in self.texts_of_gid.items() if len(texts) > 1
                     for k, t in enumerate(texts)}
            self.__dict__["_variants"] = cache
        return cache

    def variant_gids(self) -> Set[int]:
        """The glyphs that stand for more than one text (cached, like ``variants``)."""
        cache = self.__dict__.get("_variant_gids")
        if cache is None:
            cache = self.__dict__["_variant_gids"] = frozenset(gid for gid, _ in self.variants())
        return cache

    def advances_pt(self, vertical: bool, unit: float) -> Dict[int, float]:
        """gid -> advance along the run in points (font units times ``unit``) for every used glyph (cached)."""
        cache = self.__dict__.setdefault("_advances_pt", {})
        hit = cache.get((vertical, unit))
        if hit is None or len(hit) != len(self.gids):
            advances = self.face.v_advances if vertical else self.face.advances
            hit = cache[(vertical, unit)] = {gid: advances[gid] * unit for gid in self.gids}
        return hit

    def text_of_cid(self, variant: int = 0) -> Dict[int, str]:
        """CID -> source text in one ToUnicode variant (variant k maps the glyphs with a k-th text)."""
        out: Dict[int, str] = {}
        code = self.code
        for gid, texts in sorted(self.texts_of_gid.items()):
            if len(texts) > variant:
                out.setdefault(code(gid), texts[variant])
        return out


def face_identity(face: Face) -> Tuple[str, int, float]:
    """Faces that share a font program (same file content, member and instance): keyed by the file's SHA-256,
    not its path, so the fonts' order and names in a PDF do not depend on where they are installed (the path
    stands in only for a face made without a file hash)."""
    return (face.sha256 or face.path, face.index, face.wght or 0.0)


def subset_tag(use: FontUse) -> str:
    """A deterministic six-letter subset tag derived from the font program (its content hash, not where it is
    installed: the same inputs give the same PDF in any folder) and the glyph set."""
    digest = hashlib.sha256(repr((face_identity(use.face), sorted(use.gids))).encode()).digest()
    return "".join(chr(ord("A") + b % 26) for b in digest[:6])


def font_program(use: FontUse) -> Tuple[str, bytes]:
    """("cff" | "truetype", bytes) of the face subset to the used glyphs (``layout.fonts.instance``)."""
    face = use.face
    gids = sorted(use.gids | {0})
    key = (face.sha256, face.index, face.wght, tuple(gids))
    kept = _PROGRAMS.pop(key, None) if face.sha256 else None
    if kept is None:
        kept = _cut_program(face, gids)
    if face.sha256:
        _PROGRAMS[key] = kept  # most recently used last
        while len(_PROGRAMS) > PROGRAMS_KEPT:
            del _PROGRAMS[next(iter(_PROGRAMS))]
    kind, data, cids = kept
    if cids is not None:
        use.cid_of_gid = dict(cids)
    return kind, data


# A warm process (watch, batch workers, repeated renders) re-embeds the same glyph sets: the last few
# programs stay in memory, keyed by the font's content hash, so an edited font file is never reused.
PROGRAMS_KEPT = 8
_PROGRAMS: Dict[tuple, Tuple[str, bytes, Optional[Dict[int, int]]]] = {}
_DEFLATED: Dict[int, Tuple[bytes, bytes]] = {}  # id(program) -> (program, deflated); holding it keeps the id unique


def deflated_program(use: FontUse) -> Tuple[str, int, bytes]:
    """(kind, length, zlib-deflated bytes) of ``font_program(use)``; a program kept warm is deflated once.

    Deflating a page's CJK subset (about 0.2 MB) costs more than writing the rest of a galley's
    objects; zlib's default level, as reportlab used, so the bytes are what they were.
    """
    kind, data = font_program(use)
    hit = _DEFLATED.get(id(data))
    if hit is None or hit[0] is not data:
        return kind, len(data), _remember_deflated(data, zlib.compress(data))
    return kind, len(data), hit[1]


TABLES_KEPT = 8
_TABLES: Dict[tuple, Tuple[list, Optional[list], List[bytes]]] = {}


def font_tables(use: FontUse) -> Tuple[list, Optional[list], List[bytes]]:
    """(W entries, W2 entries or None, each ToUnicode variant's CMap deflated) of a font use whose program is
    cut (its CIDs known). A warm process keeps the last few, by the font's content hash, the (glyph, text)
    pairs in their order, the CIDs and whether any run is vertical: everything they are made from."""
    face = use.face
    key = ((face.sha256, face.index, face.wght, use.vertical, tuple(use.pairs), tuple(use.cid_of_gid.items()))
           if face.sha256 else None)
    made = _TABLES.pop(key, None) if key is not None else None
    if made is None:
        made = (widths_array(use), vertical_metrics_array(use) if use.vertical else None,
                [zlib.compress(to_unicode_cmap(use.text_of_cid(k))) for k in range(use.variant_count())])
    if key is not None:
        _TABLES[key] = made  # most recently used last
        while len(_TABLES) > TABLES_KEPT:
            del _TABLES[next(iter(_TABLES))]
    return made


def _remember_deflated(data: bytes, deflated: bytes) -> bytes:
    """Keep ``deflated`` as the deflated form of the program ``data`` (the newest PROGRAMS_KEPT); return it."""
    if len(_DEFLATED) >= PROGRAMS_KEPT:
        del _DEFLATED[next(iter(_DEFLATED))]
    _DEFLATED[id(data)] = (data, deflated)
    return deflated


def _cut_program(face: Face, gids) -> Tuple[str, bytes, Optional[Dict[int, int]]]:
    """(kind, bytes, gid -> CID or None) of the face subset to ``gids``."""
    if face.is_variable:
        return _instance_subset(face, gids)
    return _static_subset(face, gids)


MAX_PROGRAM_BYTES = 64 << 20  # a cached subset inflating past this is not ours: it is cut again
SUBSETS_KEPT = 64  # static subsets on disk (the newest; about 0.2 MB each for a galley page of CJK)
_MAGIC = b"baoban-subset 2"  # then the kind and the SHA-256 of the stored bytes: the program, deflated


def _static_subset(face: Face, gids) -> Tuple[str, bytes, None]:
    """A static face's subset, remembered on disk by (font content hash, member, glyphs).

    A re-render of the same text (a measure, template or style change) gets the program
    back without HarfBuzz (about 20 ms for a page of CJK); the entry carries the SHA-256
    of its bytes and is cut again when it does not match. It is stored deflated, as the
    PDF embeds it: inflating is a tenth of the cost of deflating again.
    """
    from ..fonts.face import cache_dir

    folder = cache_dir() / "subsets"
    # the zlib build is part of the key: an entry deflated by another one would give other PDF bytes
    key = hashlib.sha256(repr(("static", face.sha256, face.index, gids, zlib.ZLIB_RUNTIME_VERSION)).encode()
                         ).hexdigest()[:40]
    path = folder / f"{key}.bin"
    cached = _read_program(path) if face.sha256 else None
    if cached is not None:
        return cached[0], cached[1], None
    from ..fonts.instance import subset_for_pdf

    emb = subset_for_pdf(face.path, face.index, None, gids)
    if face.sha256:
        _write_program(folder, path, emb.kind, _remember_deflated(emb.data, zlib.compress(emb.data)))
    return emb.kind, emb.data, None


def _read_program(path) -> Optional[Tuple[str, bytes]]:
    """(kind, program bytes) of a cached static subset, or None when missing, foreign or damaged."""
    try:
        with open(path, "rb") as f:
            raw = f.read(MAX_PROGRAM_BYTES)
    except OSError:
        return None
    head, _, data = raw.partition(b"\n")
    parts = head.split(b" ")
    if len(parts) != 4 or b" ".join(parts[:2]) != _MAGIC or parts[2] not in (b"cff", b"truetype"):
        return None
    if hashlib.sha256(data).hexdigest().encode() != parts[3]:
        return None
    inflate = zlib.decompressobj()
    try:
        program = inflate.decompress(data, MAX_PROGRAM_BYTES + 1)  # bounded: a tiny entry may claim gigabytes
    except zlib.error:
        return None
    if len(program) > MAX_PROGRAM_BYTES or not inflate.eof:
        return None
    _remember_deflated(program, data)
    return parts[2].decode(), program


def _write_program(folder, path, kind: str, data: bytes) -> None:
    """Store a static subset (``data``: the program deflated) atomically, keeping only the newest SUBSETS_KEPT
    (a read-only cache only costs speed)."""
    try:
        folder.mkdir(parents=True, exist_ok=True)
        tmp = path.with_suffix(f".{os.getpid()}.tmp")
        tmp.write_bytes(b"%s %s %s\n" % (_MAGIC, kind.encode(), hashlib.sha256(data).hexdigest().encode()) + data)
        os.replace(tmp, path)
        entries = sorted(folder.glob("*.bin"), key=lambda p: p.stat().st_mtime_ns)
        for old in entries[:-SUBSETS_KEPT]:
            old.unlink()
    except OSError:
        pass


def _instance_subset(face: Face, gids) -> Tuple[str, bytes, Dict[int, int]]:
    """A static-instance subset of a variable face, remembered on disk by (font, weight, glyphs).

    Cutting an instance costs a few hundred milliseconds (HarfBuzz blends the
    outlines, fontTools re-keys the CFF); a designer re-rendering the same
    headlines gets it back from the cache.
    """
    from ..fonts.face import cache_dir

    key = hashlib.sha256(repr((face.sha256 or face.path, face.index, face.wght, gids)).encode()).hexdigest()[:40]
    path = cache_dir() / "subsets" / f"{key}.json"
    cached = _read_subset(path)
    if cached is not None:
        return cached
    from ..fonts.instance import subset_for_pdf

    emb = subset_for_pdf(face.path, face.index, face.wght, gids)
    result = (emb.kind, emb.data, dict(emb.cids))
    try:
        path.parent.mkdir(parents=True, exist_ok=True)
        tmp = path.with_suffix(f".{os.getpid()}.tmp")
        tmp.write_bytes(json.dumps({"version": 1, "kind": result[0], "data": base64.b64encode(result[1]).decode("ascii"),
                                    "cids": sorted(result[2].items())}).encode("ascii"))
        os.replace(tmp, path)
    except OSError:
        pass  # a read-only cache only costs speed
    return result


def _read_subset(path) -> Optional[Tuple[str, bytes, Dict[int, int]]]:
    """A cached instance subset (JSON: data only, never pickle), or None when missing or not a valid entry."""
    try:
        entry = json.loads(path.read_bytes()[:256 << 20])
        if entry.get("version") != 1 or entry["kind"] not in ("cff", "truetype"):
            return None
        cids = {int(g): int(c) for g, c in entry["cids"]}
        return entry["kind"], base64.b64decode(entry["data"], validate=True), cids
    except (OSError, ValueError, KeyError, TypeError, AttributeError, RecursionError):
        return None  # rebuilt (binascii.Error is a ValueError)


def to_unicode_cmap(text_of_cid: Dict[int, str]) -> bytes:
    """A ToUnicode CMap (bfchar entries) for the given CID -> text map."""
    lines = [
        "/CIDInit /ProcSet findresource begin", "12 dict begin", "begincmap",
        "/CIDSystemInfo << /Registry (Adobe) /Ordering (UCS) /Supplement 0 >> def",
        "/CMapName /Adobe-Identity-UCS def", "/CMapType 2 def",
        "1 begincodespacerange", "<0000> <FFFF>", "endcodespacerange",
    ]
    items = sorted(text_of_cid.items())
    for start in range(0, len(items), 100):
        chunk = items[start: start + 100]
        lines.append(f"{len(chunk)} beginbfchar")
        for cid, text in chunk:
            lines.append(f"<{cid:04X}> <{text.encode('utf-16-be').hex().upper()}>")
        lines.append("endbfchar")
    lines += ["endcmap", "CMapName currentdict /CMap defineresource pop", "end", "end"]
    return "\n".join(lines).encode("ascii")


def widths_array(use: FontUse) -> list:
    """W entries [cid [w] ...] in 1000-unit glyph space for glyphs whose width is not 1000."""
    face = use.face
    scale = 1000.0 / face.upem
    out = []
    for gid in sorted(use.gids, key=use.code):
        w = round(face.advances[gid] * scale)
        if w != 1000:
            out.append((use.code(gid), w))
    return out


def vertical_metrics_array(use: FontUse) -> list:
    """W2 entries (cid, w1y, vx, vy) for every used glyph (vmtx and VORG)."""
    face = use.face
    scale = 1000.0 / face.upem
    out = []
    for gid in sorted(use.gids, key=use.code):
        w1y = -round(face.v_advances[gid] * scale)
        vx = round(face.advances[gid] * scale / 2)
        vy = round(face.v_origins.get(gid, face.v_origin_default) * scale)
        out.append((use.code(gid), w1y, vx, vy))
    return out
