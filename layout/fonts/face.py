"""Font faces: the metrics layout needs, parsed once and cached on disk.

A ``Face`` holds what the text stage needs from an OpenType font and nothing
else: cmap, horizontal advances, vertical advances and origins (vmtx/VORG),
the GSUB ``vert``/``vrt2`` single substitutions used in vertical writing
(clreq §3.1.2 / appendix A), and the GPOS ``halt``/``vhal`` half-width values
the font designer gives for punctuation compression (clreq §3.1.6).

Parsing a 30,000-glyph CJK font with fontTools takes about a second; the
parsed metrics are kept under the user cache folder keyed by the font
file's content hash, so a warm load is a few milliseconds.

The cache is data only (no pickle, nothing in it can run code): one line of
JSON, stamped with a format version and the machine's byte order, holding the
scalars and where each number table lies, then the tables as packed arrays
(read with ``array.frombytes``: no base64 or JSON number parsing, about half
the load time of the former all-JSON entry). Any entry that cannot be read,
is of another version or has the wrong shape is ignored and rebuilt from the font.
"""
from __future__ import annotations

import json
import math
import os
import sys
from array import array
from dataclasses import field
from pathlib import Path
from typing import Dict, Optional, Tuple

from ..records import record

CACHE_VERSION = 7
CACHE_FORMAT = "baoban-face"
MAX_CACHE_BYTES = 64 << 20  # a face entry is under a MB; anything larger is not ours
MAX_HEADER_BYTES = 1 << 16  # the JSON line that starts an entry
MAX_INDEX_ENTRIES = 2000  # font files remembered by hash-index.json before it starts afresh
MAX_INDEX_CHARS = 1 << 20


class FontError(Exception):
    """A font file is missing, unreadable or not usable for layout."""


# The first four bytes of the font files layout reads (OpenType spec, "Organization of an OpenType font"
# and "Font collections"): TrueType outlines, CFF outlines, Apple's TrueType tag, a collection.
FONT_SIGNATURES = {b"\x00\x01\x00\x00": "TrueType", b"OTTO": "OpenType (CFF)", b"true": "TrueType", b"ttcf": "collection"}


def check_font_file(path: str) -> None:
    """Return when ``path`` is a regular file starting with a TrueType/OpenType signature; FontError saying what it is otherwise.

    Opened non-blocking and checked with fstat first, so a FIFO or a device never blocks.
    """
    from ..textfile import not_regular_reason

    try:
        fd = os.open(path, os.O_RDONLY | getattr(os, "O_NONBLOCK", 0) | getattr(os, "O_CLOEXEC", 0))
    except OSError as exc:
        raise FontError(f"font file {path}: {exc.strerror or exc}") from None
    try:
        kind = not_regular_reason(os.fstat(fd).st_mode)
        head = b"" if kind else os.read(fd, 4)
    finally:
        os.close(fd)
    if kind:
        raise FontError(f"font file {path} is {kind}, not a font file; name a .ttf, .otf or .ttc file")
    if head not in FONT_SIGNATURES:
        raise FontError(f"{path} is not a font file (no TrueType/OpenType signature at its start: 00010000, "
                        "'OTTO', 'true' or 'ttcf'); name a .ttf, .otf or .ttc file")


class CodepointMap:
    """A font's cmap, code point -> glyph id: a dense table of the Basic Multilingual Plane (one packed array,
    read from the cache with ``frombytes``) and a dict of the code points above it.

    A dict of a CJK font's 31,000 entries took 1.4 ms to build on every cold start, for each face; a lookup
    here is an array index. A code point mapped to glyph 0 (.notdef), or to a glyph id the face does not
    have (a damaged cache entry), counts as not mapped.
    """

    __slots__ = ("bmp", "astral", "glyphs")
    __hash__ = None

    def __init__(self, bmp: array, astral: Dict[int, int], glyphs: int) -> None:
        if len(bmp) != BMP_SIZE or bmp.typecode != "H":
            raise ValueError("a cmap table must hold one glyph id for each of the 65,536 BMP code points")
        self.bmp, self.glyphs = bmp, glyphs
        self.astral = {cp: gid for cp, gid in astral.items() if cp >= BMP_SIZE and 0 < gid < glyphs}

    @classmethod
    def of(cls, mapping: Dict[int, int], glyphs: int) -> "CodepointMap":
        """The map of a code point -> glyph id dict for a face of ``glyphs`` glyphs."""
        bmp = array("H", bytes(2 * BMP_SIZE))
        for cp, gid in mapping.items():
            if cp < BMP_SIZE and 0 < gid < glyphs:
                bmp[cp] = gid
        return cls(bmp, mapping, glyphs)

    def get(self, cp: int, default=None):
        """The glyph id of code point ``cp``, or ``default`` when the font does not map it."""
        if cp < BMP_SIZE:
            gid = self.bmp[cp]
            return gid if 0 < gid < self.glyphs else default
        return self.astral.get(cp, default)

    def __contains__(self, cp: int) -> bool:
        return self.get(cp) is not None

    def items(self):
        """(code point, glyph id) pairs in code point order."""
        bmp, glyphs = self.bmp, self.glyphs
        yield from ((cp, bmp[cp]) for cp in range(BMP_SIZE) if 0 < bmp[cp] < glyphs)
        yield from sorted(self.astral.items())

    def __len__(self) -> int:
        return sum(1 for _ in self.items())

    def __eq__(self, other) -> bool:
        if not isinstance(other, CodepointMap):
            return NotImplemented
        return self.glyphs == other.glyphs and self.bmp == other.bmp and self.astral == other.astral

    def __repr__(self) -> str:
        return f"CodepointMap({len(self)} code points)"


BMP_SIZE = 0x10000


@record
class Face:
    """Layout metrics of one font face (one TTC member, one weight)."""

    key: str  # role key, e.g. "song" or "hei-bold"
    path: str
    index: int  # member of a TrueType collection
    wght: Optional[float]  # variation location for a variable font, else None
    postscript_name: str
    family: str
    upem: int
    is_cff: bool  # CFF outlines (embed as CIDFontType0C) versus glyf (CIDFontType2)
    is_variable: bool
    cid_keyed: bool
    num_glyphs: int
    ascent: int
    descent: int  # negative
    cmap: CodepointMap = field(repr=False)
    advances: array = field(repr=False)  # gid -> horizontal advance, font units
    v_advances: array = field(repr=False)  # gid -> vertical advance, font units
    v_origin_default: int
    v_origins: Dict[int, int] = field(repr=False)  # gid -> y of the vertical origin, font units
    vert: Dict[int, int] = field(repr=False)  # gid -> vertical alternate gid (GSUB vert/vrt2)
    halt: Dict[int, Tuple[int, int]] = field(repr=False)  # gid -> (x placement, x advance) deltas
    vhal: Dict[int, Tuple[int, int]] = field(repr=False)  # gid -> (y placement, y advance) deltas
    cids: Optional[array] = field(repr=False)  # gid -> CID for CID-keyed CFF; None means CID = gid
    sha256: str = ""
    extra: dict = field(default_factory=dict)

    def gid(self, char: str) -> int:
        """Glyph id for a character, 0 (.notdef) when the face lacks it."""
        return self.cmap.get(ord(char), 0)

    def has(self, char: str) -> bool:
        """True when the face maps the character to a real glyph."""
        return ord(char) in self.cmap

    def advance(self, gid: int) -> float:
        """Horizontal advance in em."""
        return self.advances[gid] / self.upem

    def v_advance(self, gid: int) -> float:
        """Vertical advance in em."""
        return self.v_advances[gid] / self.upem

    def v_origin(self, gid: int) -> float:
        """Height of the vertical origin above the baseline, in em."""
        return self.v_origins.get(gid, self.v_origin_default) / self.upem

    def cid(self, gid: int) -> int:
        """The CID the PDF content stream uses for a glyph."""
        return self.cids[gid] if self.cids is not None else gid

    def vertical_form(self, gid: int) -> int:
        """The vert/vrt2 alternate of a glyph, or the glyph itself."""
        return self.vert.get(gid, gid)


def cache_dir() -> Path:
    """Where parsed metrics live: $BAOBAN_CACHE, else $XDG_CACHE_HOME/baoban, else ~/.cache/baoban."""
    env = os.environ.get("BAOBAN_CACHE")
    if env:
        return Path(env)
    base = os.environ.get("XDG_CACHE_HOME") or os.path.join(os.path.expanduser("~"), ".cache")
    return Path(base) / "baoban"


def file_hash(path: str) -> str:
    """SHA-256 of a file's content, remembered per (path, size, mtime) in the cache."""
    st = os.stat(path)
    stat_key = f"{os.path.abspath(path)}|{st.st_size}|{st.st_mtime_ns}"
    index_file = cache_dir() / "hash-index.json"
    try:
        index = json.loads(index_file.read_text()[:MAX_INDEX_CHARS])
        if not isinstance(index, dict) or len(index) > MAX_INDEX_ENTRIES:
            index = {}
    except (OSError, ValueError, RecursionError):
        index = {}
    known = index.get(stat_key)
    if isinstance(known, str) and len(known) == 64 and all(c in "0123456789abcdef" for c in known):
        return known
    import hashlib  # only for a font not hashed before (hashlib's OpenSSL start-up costs a few ms)

    h = hashlib.sha256()
    with open(path, "rb") as f:
        for chunk in iter(lambda: f.read(1 << 20), b""):
            h.update(chunk)
    index[stat_key] = h.hexdigest()
    _atomic_write(index_file, json.dumps(index, sort_keys=True).encode())
    return index[stat_key]


def _atomic_write(path: Path, data: bytes) -> None:
    try:
        path.parent.mkdir(parents=True, exist_ok=True)
        tmp = path.with_name(f".{path.name}.{os.getpid()}.tmp")
        tmp.write_bytes(data)
        os.replace(tmp, path)
    except OSError:
        pass  # a read-only cache only costs speed


def load_face(key: str, path: str, index: int = 0, wght: Optional[float] = None) -> Face:
    """Load a face's metrics, from the disk cache when the font file is unchanged."""
    if not os.path.exists(path):
        raise FontError(f"font file not found: {path}")
    check_font_file(path)  # before hashing or parsing: /etc/passwd or a FIFO is a clear error, not a parse failure
    digest = file_hash(path)
    cache_file = cache_dir() / "faces" / f"{digest[:32]}-{index}-{wght or 0}-v{CACHE_VERSION}.face"
    face = _read_cached_face(cache_file, key, path)
    if face is not None and face.sha256 == digest:
        return face
    face = parse_face(key, path, index, wght)
    face.sha256 = digest
    _atomic_write(cache_file, face_to_bytes(face))
    return face


# -- the cache format ----------------------------------------------------------

_SCALARS = ("index", "postscript_name", "family", "upem", "is_cff", "is_variable", "cid_keyed", "num_glyphs",
            "ascent", "descent", "v_origin_default", "sha256")
_ARRAYS = ("advances", "v_advances")  # array("H") by gid
_INT_MAPS = ("v_origins", "vert")  # {int: int}: keys and values, array("i") each
# the cmap: "cmap.bmp", one glyph id per BMP code point (array "H"); "cmap.k" and "cmap.v", the code points above
_PAIR_MAPS = ("halt", "vhal")  # {int: (int, int)}: keys, first and second values, array("i") each
# every packed table of an entry and its array type code (fixed here: the header only says where a table lies)
_TABLES = {**{name: "H" for name in _ARRAYS + ("cids", "cmap.bmp")},
           **{f"{name}.{part}": "i" for name in _INT_MAPS + ("cmap",) for part in "kv"},
           **{f"{name}.{part}": "i" for name in _PAIR_MAPS for part in "kxy"}}


def face_to_bytes(face: Face) -> bytes:
    """The face as a cache entry: a JSON line (scalars, table places), then the packed tables (no code, no pickle)."""
    tables = {name: array("H", getattr(face, name)) for name in _ARRAYS}
    if face.cids is not None:
        tables["cids"] = array("H", face.cids)
    tables["cmap.bmp"] = face.cmap.bmp
    astral = face.cmap.astral
    tables["cmap.k"], tables["cmap.v"] = array("i", astral.keys()), array("i", astral.values())
    for name in _INT_MAPS:
        table = getattr(face, name)
        tables[f"{name}.k"], tables[f"{name}.v"] = array("i", table.keys()), array("i", table.values())
    for name in _PAIR_MAPS:
        table = getattr(face, name)
        tables[f"{name}.k"] = array("i", table.keys())
        tables[f"{name}.x"] = array("i", (v[0] for v in table.values()))
        tables[f"{name}.y"] = array("i", (v[1] for v in table.values()))
    places, offset = {}, 0
    for name, values in tables.items():
        places[name] = [offset, len(values)]
        offset += len(values) * values.itemsize
    head = {"format": CACHE_FORMAT, "version": CACHE_VERSION, "byteorder": sys.byteorder, "wght": face.wght,
            "tables": places, **{name: getattr(face, name) for name in _SCALARS}}
    return json.dumps(head, sort_keys=True).encode("ascii") + b"\n" + b"".join(t.tobytes() for t in tables.values())


def face_from_bytes(raw: bytes, key: str, path: str) -> Face:
    """A Face from a cache entry; ValueError (or KeyError/TypeError) when it is not a valid entry of this version."""
    end = raw.find(b"\n", 0, MAX_HEADER_BYTES)
    if end < 0:
        raise ValueError("no cache entry header")
    head = json.loads(raw[:end])
    if head.get("format") != CACHE_FORMAT or head.get("version") != CACHE_VERSION or head.get("byteorder") != sys.byteorder:
        raise ValueError("not a face cache entry of this version")
    fields_ = {name: head[name] for name in _SCALARS}
    _check_types(fields_)
    body = memoryview(raw)[end + 1:]
    tables = {name: _table(body, _TABLES[name], place) for name, place in head["tables"].items()}
    fields_.update({name: tables[name] for name in _ARRAYS})
    fields_["cmap"] = CodepointMap(tables["cmap.bmp"], dict(zip(tables["cmap.k"], tables["cmap.v"], strict=True)),
                                   fields_["num_glyphs"])
    for name in _INT_MAPS:
        fields_[name] = dict(zip(tables[f"{name}.k"], tables[f"{name}.v"], strict=True))
    for name in _PAIR_MAPS:
        values = zip(tables[f"{name}.x"], tables[f"{name}.y"], strict=True)
        fields_[name] = dict(zip(tables[f"{name}.k"], values, strict=True))
    wght = head["wght"]
    if wght is not None and (type(wght) not in (int, float) or not math.isfinite(wght)):
        raise ValueError("bad wght")  # (JSON also reads NaN and Infinity)
    face = Face(key=key, path=path, wght=wght, cids=tables.get("cids"), **fields_)
    if len(face.advances) != face.num_glyphs or len(face.v_advances) != face.num_glyphs or face.upem <= 0:
        raise ValueError("tables do not match the glyph count")
    if face.cids is not None and len(face.cids) != face.num_glyphs:
        raise ValueError("CID table does not match the glyph count")
    return face


def _table(body: memoryview, typecode: str, place) -> array:
    """The packed table at ``place`` ([offset, count]) of an entry's body; ValueError when it lies outside."""
    offset, count = place
    out = array(typecode)
    if type(offset) is not int or type(count) is not int or offset < 0 or count < 0:
        raise ValueError("bad table place")
    end = offset + count * out.itemsize
    if end > len(body):
        raise ValueError("table outside the entry")
    out.frombytes(body[offset:end])
    return out


def _check_types(values: dict) -> None:
    for name, value in values.items():
        want = str if name in ("postscript_name", "family", "sha256") else bool if name.startswith(("is_", "cid_")) else int
        if type(value) is not want:
            raise ValueError(f"{name}: expected {want.__name__}")


def _read_cached_face(cache_file: Path, key: str, path: str) -> Optional[Face]:
    """The cached Face, or None for a missing, unreadable, foreign or damaged entry (it is then rebuilt)."""
    try:
        with open(cache_file, "rb") as f:
            raw = f.read(MAX_CACHE_BYTES + 1)
        if len(raw) > MAX_CACHE_BYTES:
            return None
        return face_from_bytes(raw, key, path)
    except (OSError, ValueError, KeyError, TypeError, IndexError, AttributeError, OverflowError, RecursionError):
        return None


def parse_face(key: str, path: str, index: int = 0, wght: Optional[float] = None) -> Face:
    """Parse a font file with fontTools into a Face (slow; use load_face)."""
    from fontTools.ttLib import TTFont, TTLibError

    try:
        font = TTFont(path, fontNumber=index, lazy=True)
        return _face_from_ttfont(key, path, index, wght, font)
    except (TTLibError, KeyError, AssertionError, ValueError, IndexError, EOFError) as exc:
        raise FontError(f"cannot read font {path} (member {index}): {exc}") from exc
    except Exception as exc:  # fontTools raises many kinds on corrupt data
        raise FontError(f"corrupt or unsupported font {path} (member {index}): {type(exc).__name__}: {exc}") from exc


def _face_from_ttfont(key, path, index, wght, font) -> Face:
    order = font.getGlyphOrder()
    gid_of = {name: i for i, name in enumerate(order)}
    n = len(order)
    is_cff = "CFF " in font or "CFF2" in font
    cmap_names = font.getBestCmap()
    if not cmap_names:
        raise FontError(f"font {path} has no Unicode cmap")
    cmap = CodepointMap.of({cp: gid_of[name] for cp, name in cmap_names.items() if name in gid_of}, len(order))
    advances = _advances(font, order, wght, path, index)
    v_adv, v_org_default, v_orgs = _vertical_metrics(font, order, gid_of)
    os2 = font["OS/2"] if "OS/2" in font else None
    ascent = os2.sTypoAscender if os2 else font["hhea"].ascent
    descent = os2.sTypoDescender if os2 else font["hhea"].descent
    cids, cid_keyed = _cids(font, order)
    return Face(
        key=key, path=path, index=index, wght=wght,
        postscript_name=_postscript_name(font, path, wght),
        family=_name(font, 1) or Path(path).stem,
        upem=font["head"].unitsPerEm, is_cff=is_cff, is_variable="fvar" in font,
        cid_keyed=cid_keyed, num_glyphs=n, ascent=ascent, descent=descent,
        cmap=cmap, advances=advances, v_advances=v_adv,
        v_origin_default=v_org_default, v_origins=v_orgs,
        vert=_gsub_single(font, ("vert", "vrt2"), gid_of),
        halt=_gpos_single(font, "halt", gid_of, vertical=False),
        vhal=_gpos_single(font, "vhal", gid_of, vertical=True),
        cids=cids,
    )


def _name(font, name_id: int) -> str:
    try:
        return str(font["name"].getDebugName(name_id) or "")
    except Exception:
        return ""


WEIGHT_NAMES = {100: "Thin", 300: "Light", 350: "DemiLight", 400: "Regular", 500: "Medium", 700: "Bold", 900: "Black"}


def _postscript_name(font, path: str, wght: Optional[float]) -> str:
    """The PostScript name; for a variable-font instance, the family prefix plus the weight name."""
    if wght is None or "fvar" not in font:
        return _name(font, 6) or Path(path).stem
    prefix = _name(font, 25) or (_name(font, 1) or Path(path).stem).replace(" ", "")
    return f"{prefix}-{WEIGHT_NAMES.get(int(wght), f'W{int(wght)}')}"


def _advances(font, order, wght, path, index) -> array:
    if wght is not None and "fvar" in font:
        import uharfbuzz as hb

        hb_face = hb.Face(hb.Blob.from_file_path(path), index)
        hb_font = hb.Font(hb_face)
        hb_font.set_variations({"wght": float(wght)})
        return array("H", (max(0, hb_font.get_glyph_h_advance(g)) for g in range(len(order))))
    hmtx = font["hmtx"].metrics
    return array("H", (hmtx[name][0] if name in hmtx else 0 for name in order))


def _vertical_metrics(font, order, gid_of):
    upem = font["head"].unitsPerEm
    os2 = font["OS/2"] if "OS/2" in font else None
    asc = os2.sTypoAscender if os2 else int(upem * 0.88)
    desc = os2.sTypoDescender if os2 else -int(upem * 0.12)
    if "vmtx" in font:
        vm = font["vmtx"].metrics
        v_adv = array("H", (vm[name][0] if name in vm else upem for name in order))
    else:
        v_adv = array("H", [asc - desc] * len(order))
    if "VORG" in font:
        vorg = font["VORG"]
        default = vorg.defaultVertOriginY
        origins = {gid_of[n]: y for n, y in vorg.VOriginRecords.items() if n in gid_of}
    else:
        default, origins = asc, {}
    return v_adv, default, origins


def _cids(font, order):
    if "CFF " not in font:
        return None, False
    top = font["CFF "].cff.topDictIndex[0]
    if not hasattr(top, "ROS"):
        return None, False
    cids = array("H", (0 if name == ".notdef" else int(name[3:]) for name in order))
    return cids, True


def _feature_lookups(table, tags) -> list:
    found = set()
    for rec in table.FeatureList.FeatureRecord if table.FeatureList else ():
        if rec.FeatureTag in tags:
            found.update(rec.Feature.LookupListIndex)
    return sorted(found)


def _gsub_single(font, tags, gid_of) -> Dict[int, int]:
    if "GSUB" not in font:
        return {}
    table = font["GSUB"].table
    out: Dict[int, int] = {}
    for li in _feature_lookups(table, tags):
        lookup = table.LookupList.Lookup[li]
        for sub in lookup.SubTable:
            sub = getattr(sub, "ExtSubTable", sub)
            for src, dst in (getattr(sub, "mapping", None) or {}).items():
                if src in gid_of and dst in gid_of:
                    out.setdefault(gid_of[src], gid_of[dst])
    return out


def _gpos_single(font, tag, gid_of, vertical: bool) -> Dict[int, Tuple[int, int]]:
    if "GPOS" not in font:
        return {}
    table = font["GPOS"].table
    pla, adv = ("YPlacement", "YAdvance") if vertical else ("XPlacement", "XAdvance")
    out: Dict[int, Tuple[int, int]] = {}
    for li in _feature_lookups(table, (tag,)):
        for sub in table.LookupList.Lookup[li].SubTable:
            sub = getattr(sub, "ExtSubTable", sub)
            if not hasattr(sub, "Coverage") or not hasattr(sub, "ValueFormat"):
                continue
            glyphs = sub.Coverage.glyphs
            values = [sub.Value] * len(glyphs) if sub.Format == 1 else sub.Value
            for name, value in zip(glyphs, values):
                if name in gid_of and value is not None:
                    out.setdefault(gid_of[name], (getattr(value, pla, 0) or 0, getattr(value, adv, 0) or 0))
    return out
