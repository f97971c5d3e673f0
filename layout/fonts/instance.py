"""Glyph subsets of a face, ready to embed in a PDF: the project's one subsetter.

The PDF writer (layout/pdf/fontembed.py) takes every font program from
:func:`subset_for_pdf`, static faces and variable-font instances alike.

PDF (ISO 32000-1 §9.7.4, §9.9) takes CJK outlines in two forms:

* CFF outlines as a CIDFontType0 font with a bare ``CFF `` table in a
  FontFile3 /Subtype /CIDFontType0C stream (PDF 1.3). A CID-keyed CFF maps
  each CID to a glyph through its charset; the content stream (Identity-H/V)
  writes CIDs.
* TrueType outlines as a CIDFontType2 font with a whole TrueType file in
  FontFile2; with /CIDToGIDMap /Identity the content stream writes glyph ids.

Variable fonts (CFF2 outlines, e.g. Noto Sans CJK VF for the bold and black
Hei headline faces) cannot be embedded as they are: PDF knows no CFF2. The
subsetter of HarfBuzz pins the ``wght`` axis and downgrades CFF2 to a
CID-keyed CFF 1 in one pass (``DOWNGRADE_CFF2``), which is about a thousand
times faster than instancing the whole font with fontTools.

Everything here is a pure function of (font file, member, weight, glyph ids):
no disk cache, byte-identical output for the same input.

CID contract: for every kind, ``EmbeddedFont.cids[gid]`` equals
``Face.cid(gid)`` of the same face, so a writer may emit content streams
before the subset is built:

* static CID-keyed CFF: HarfBuzz keeps the source charset, CID = source CID;
* variable CFF2: the charset of the downgraded font is rewritten so that
  CID = source glyph id (what ``Face.cid`` returns for a font without ``CFF ``);
* name-keyed CFF and TrueType: glyph ids are retained (CID = GID).
"""
from __future__ import annotations

import io
import struct
from dataclasses import field
from typing import Dict, Iterable, Optional, Tuple

from ..records import record
from .face import FontError

# HarfBuzz (uharfbuzz, about 6 ms to import) is imported by the functions that subset, not here: a
# writer that finds its subset in the disk cache (layout.pdf.fontembed) never needs it.

# Tables a PDF CIDFontType2 program may use (ISO 32000-1 §9.9: glyf, head,
# hhea, hmtx, loca, maxp, cvt, fpgm, prep); everything else is dropped.
TRUETYPE_KEEP = frozenset({"glyf", "loca", "head", "hhea", "hmtx", "maxp", "cvt ", "fpgm", "prep"})
# For CFF sources only the ``CFF `` table is taken out (CFF2 is downgraded to
# it); dropping the rest, layout tables above all, keeps HarfBuzz from
# subsetting what we discard. Widths come from hmtx/HVAR of the source.
CFF_KEEP = frozenset({"CFF ", "CFF2"})


@record(frozen=True)
class EmbeddedFont:
    """A font program subset for a PDF Type0 font, with what the writer needs around it."""

    kind: str  # "cff": bare CFF table for FontFile3/CIDFontType0C; "truetype": sfnt for FontFile2
    data: bytes = field(repr=False)
    cids: Dict[int, int] = field(repr=False)  # source gid -> CID the content stream writes (always has 0)
    widths: Dict[int, int] = field(repr=False)  # source gid -> advance at the instance, 1/1000 em (PDF W)
    bbox: Tuple[int, int, int, int]  # font bounding box, 1/1000 em (FontDescriptor /FontBBox)
    upem: int
    cid_keyed: bool  # CFF with ROS Adobe-Identity-0 (charset maps CIDs); False: CID = glyph index

    @property
    def subtype(self) -> str:
        """PDF /Subtype of the descendant font: CIDFontType0 (CFF) or CIDFontType2 (TrueType)."""
        return "CIDFontType0" if self.kind == "cff" else "CIDFontType2"


def subset_for_pdf(path: str, index: int, wght: Optional[float], gids: Iterable[int]) -> EmbeddedFont:
    """Subset a face (a variable one pinned at ``wght``) to ``gids`` plus .notdef for PDF embedding."""
    face = _open_face(path, index)
    tags = set(face.table_tags)
    wanted = _checked_gids(gids, face.glyph_count, path)
    variable = "fvar" in tags
    if "CFF2" in tags and not variable:
        raise FontError(f"{path} (member {index}): CFF2 outlines without fvar are not supported")
    pin = _pinned_axes(face, wght) if variable else None
    if "CFF " in tags or "CFF2" in tags:
        return _subset_cff(face, wanted, pin, path)
    if "glyf" in tags:
        return _subset_truetype(face, wanted, pin, path)
    raise FontError(f"{path} (member {index}): no CFF or glyf outlines to embed")


def static_cff_subset(path: str, index: int, wght: Optional[float], gids: Iterable[int]) -> Tuple[bytes, Dict[int, int]]:
    """The bare CFF table (CFF 1) of a subset of a CFF/CFF2 face, and the CID of each requested gid."""
    emb = subset_for_pdf(path, index, wght, gids)
    if emb.kind != "cff":
        raise FontError(f"{path} (member {index}) has TrueType outlines, not CFF; use subset_for_pdf")
    return emb.data, emb.cids


def _open_face(path: str, index: int):
    import uharfbuzz as hb

    try:
        blob = hb.Blob.from_file_path(path)
    except Exception as exc:  # HarfBuzz raises plain errors for unreadable files
        raise FontError(f"cannot read font file {path}: {exc}") from exc
    face = hb.Face(blob, index)
    if face.glyph_count == 0 or index >= _member_count(path):
        raise FontError(f"{path}: member {index} is not a usable font (no glyphs)")
    return face


def _member_count(path: str) -> int:
    """Number of fonts in the file: numFonts of a TrueType collection, else 1."""
    with open(path, "rb") as f:
        head = f.read(12)
    return struct.unpack(">I", head[8:12])[0] if head[:4] == b"ttcf" and len(head) == 12 else 1


def _pinned_axes(face, wght: Optional[float]) -> Dict[str, float]:
    """Axis locations of the instance: wght as asked (clamped), every other axis at its default."""
    axes = {info.tag: info for info in face.axis_infos}
    if "wght" not in axes or wght is None:
        return {}
    info = axes["wght"]
    return {"wght": min(max(float(wght), info.min_value), info.max_value)}


def _checked_gids(gids: Iterable[int], glyph_count: int, path: str) -> list:
    wanted = sorted({int(g) for g in gids} | {0})
    if wanted[-1] >= glyph_count or wanted[0] < 0:
        bad = [g for g in wanted if g < 0 or g >= glyph_count]
        raise FontError(f"{path}: glyph ids {bad[:5]} out of range (font has {glyph_count} glyphs)")
    return wanted


def _subset_input(face, gids: list, keep: frozenset, flags, pin: Optional[Dict[str, float]]):
    import uharfbuzz as hb

    inp = hb.SubsetInput()
    glyphs = inp.glyph_set
    for g in gids:
        glyphs.add(g)
    drop = inp.sets(hb.SubsetInputSets.DROP_TABLE_TAG)
    for tag in face.table_tags:
        if tag not in keep:
            drop.add(_tag_int(tag))
    inp.flags = flags | hb.SubsetFlags.NO_LAYOUT_CLOSURE
    if pin is not None:
        inp.pin_all_axes_to_default(face)
        for tag, value in pin.items():
            inp.pin_axis_location(face, tag, value)
    return inp


def _tag_int(tag: str) -> int:
    return int.from_bytes(tag.encode("latin-1"), "big")


def _run_plan(face, inp, path: str):
    import uharfbuzz as hb

    try:
        plan = hb.SubsetPlan(face, inp)
        out = plan.execute()
    except Exception as exc:
        raise FontError(f"cannot subset {path}: {exc}") from exc
    return plan, out


def _subset_cff(face, gids: list, pin: Optional[Dict[str, float]], path: str) -> EmbeddedFont:
    import uharfbuzz as hb

    # Desubroutinized output is both faster to make and smaller for a few
    # hundred glyphs (measured: 300 glyphs 64 KB vs 68 KB; 3,000 glyphs +1%).
    flags = hb.SubsetFlags.DESUBROUTINIZE
    if pin is not None:
        flags |= hb.SubsetFlags.DOWNGRADE_CFF2
    plan, cff, top = _cff_pass(face, gids, flags, pin, path)
    if "ROS" not in top and pin is None:
        # name-keyed CFF: PDF reads CIDs as glyph indices, so keep the source ones
        plan, cff, top = _cff_pass(face, gids, flags | hb.SubsetFlags.RETAIN_GIDS, pin, path)
    if pin is not None:
        new_to_old = dict(plan.new_to_old_glyph_mapping.items())
        cff = _rekeyed_by_source_gid(cff, new_to_old, face.glyph_count)
        top = parse_top_dict(cff)
    cids = _cids_of(cff, top, plan)
    font = _hb_font(face, pin)
    return EmbeddedFont(
        kind="cff", data=cff, cids={g: cids[g] for g in gids}, widths=_widths(font, gids, face.upem),
        bbox=_scaled_box(top.get("FontBBox") or _head_bbox(face), face.upem), upem=face.upem,
        cid_keyed="ROS" in top,
    )


def _cff_pass(face, gids: list, flags, pin: Optional[Dict[str, float]], path: str):
    plan, out = _run_plan(face, _subset_input(face, gids, CFF_KEEP, flags, pin), path)
    cff = bytes(out.reference_table("CFF ").data)
    if not cff:
        raise FontError(f"cannot subset {path}: HarfBuzz produced no CFF table")
    return plan, cff, parse_top_dict(cff)


def _subset_truetype(face, gids: list, pin: Optional[Dict[str, float]], path: str) -> EmbeddedFont:
    import uharfbuzz as hb

    flags = hb.SubsetFlags.RETAIN_GIDS
    _plan, out = _run_plan(face, _subset_input(face, gids, TRUETYPE_KEEP, flags, pin), path)
    data = bytes(out.blob.data)
    font = _hb_font(face, pin)
    bbox = _head_bbox(out) if pin is not None else _head_bbox(face)
    return EmbeddedFont(
        kind="truetype", data=data, cids={g: g for g in gids}, widths=_widths(font, gids, face.upem),
        bbox=_scaled_box(bbox, face.upem), upem=face.upem, cid_keyed=False,
    )


def _hb_font(face, pin: Optional[Dict[str, float]]):
    import uharfbuzz as hb

    font = hb.Font(face)
    if pin:
        font.set_variations(pin)
    return font


def _widths(font, gids: list, upem: int) -> Dict[int, int]:
    scale = 1000.0 / upem
    return {g: int(round(font.get_glyph_h_advance(g) * scale)) for g in gids}


def _head_bbox(face) -> Tuple[int, int, int, int]:
    head = bytes(face.reference_table("head").data)
    if len(head) < 44:
        return (0, 0, 0, 0)
    return struct.unpack(">4h", head[36:44])


def _scaled_box(box, upem: int) -> Tuple[int, int, int, int]:
    s = 1000.0 / upem
    x0, y0, x1, y1 = box
    return (int(x0 * s // 1), int(y0 * s // 1), -int(-x1 * s // 1), -int(-y1 * s // 1))


def _cids_of(cff: bytes, top: dict, plan) -> Dict[int, int]:
    """Source gid -> CID in the subset CFF (charset for CID-keyed, else the glyph index)."""
    old_to_new = dict(plan.old_to_new_glyph_mapping.items())
    if "ROS" not in top:
        return {old: new for old, new in old_to_new.items()}
    charset = read_charset(cff, top["charset"], _index_count(cff, top["CharStrings"]))
    return {old: charset[new] for old, new in old_to_new.items()}


# --- minimal CFF reader (Adobe TN #5176) --------------------------------------

def _read_index(data: bytes, pos: int):
    """Items of the CFF INDEX at pos, and the position after it."""
    count = struct.unpack_from(">H", data, pos)[0]
    if count == 0:
        return [], pos + 2
    off_size = data[pos + 2]
    base = pos + 3
    offsets = [int.from_bytes(data[base + i * off_size: base + (i + 1) * off_size], "big") for i in range(count + 1)]
    start = base + (count + 1) * off_size - 1
    items = [(start + offsets[i], start + offsets[i + 1]) for i in range(count)]
    return items, start + offsets[-1]


def _index_count(data: bytes, pos: int) -> int:
    return struct.unpack_from(">H", data, pos)[0]


def _dict_entries(data: bytes, start: int, end: int):
    """Yield (operator, operands) of a CFF DICT."""
    operands, pos = [], start
    while pos < end:
        b0 = data[pos]
        if b0 <= 21:
            op = b0
            pos += 1
            if b0 == 12:
                op, pos = 1200 + data[pos], pos + 1
            yield op, operands
            operands = []
            continue
        value, nxt = _dict_operand(data, pos)
        operands.append(value)
        pos = nxt


def _dict_operand(data: bytes, pos: int):
    b0 = data[pos]
    if 32 <= b0 <= 246:
        return b0 - 139, pos + 1
    if 247 <= b0 <= 250:
        return (b0 - 247) * 256 + data[pos + 1] + 108, pos + 2
    if 251 <= b0 <= 254:
        return -(b0 - 251) * 256 - data[pos + 1] - 108, pos + 2
    if b0 == 28:
        return struct.unpack_from(">h", data, pos + 1)[0], pos + 3
    if b0 == 29:
        return struct.unpack_from(">i", data, pos + 1)[0], pos + 5
    if b0 == 30:
        return _real(data, pos + 1)
    raise FontError(f"corrupt CFF DICT: byte {b0} at {pos}")


_REAL_NIBBLES = ("0", "1", "2", "3", "4", "5", "6", "7", "8", "9", ".", "E", "E-", "", "-")


def _real(data: bytes, pos: int):
    text = []
    while True:
        byte = data[pos]
        pos += 1
        for nib in (byte >> 4, byte & 15):
            if nib == 15:
                return float("".join(text) or 0), pos
            text.append(_REAL_NIBBLES[nib])


_TOP_OPS = {15: "charset", 17: "CharStrings", 5: "FontBBox", 1230: "ROS", 1236: "FDArray", 1237: "FDSelect"}


def parse_top_dict(cff: bytes) -> dict:
    """The Top DICT entries of a CFF 1 table that matter here (charset, CharStrings, FontBBox, ROS, FD*)."""
    if len(cff) < 4 or cff[0] != 1:
        raise FontError("not a CFF 1 table")
    _names, pos = _read_index(cff, cff[2])
    tops, _ = _read_index(cff, pos)
    if not tops:
        raise FontError("CFF table without a Top DICT")
    start, end = tops[0]
    top = {}
    for op, operands in _dict_entries(cff, start, end):
        name = _TOP_OPS.get(op)
        if name:
            top[name] = operands[0] if len(operands) == 1 else list(operands)
    top.setdefault("charset", 0)
    return top


def read_charset(cff: bytes, offset: int, n_glyphs: int) -> list:
    """Glyph index -> SID/CID from a CFF charset (formats 0, 1, 2); index 0 is .notdef."""
    if offset in (0, 1, 2):
        return list(range(n_glyphs))  # predefined charsets: only for name-keyed fonts
    out, fmt, pos = [0], cff[offset], offset + 1
    while len(out) < n_glyphs:
        if fmt == 0:
            out.append(struct.unpack_from(">H", cff, pos)[0])
            pos += 2
            continue
        first = struct.unpack_from(">H", cff, pos)[0]
        n_left = cff[pos + 2] if fmt == 1 else struct.unpack_from(">H", cff, pos + 2)[0]
        pos += 3 if fmt == 1 else 4
        out.extend(range(first, first + n_left + 1))
    return out[:n_glyphs]


def _rekeyed_by_source_gid(cff: bytes, new_to_old: Dict[int, int], cid_count: int) -> bytes:
    """The downgraded CFF with CID = source glyph id for every glyph, and CIDCount set.

    HarfBuzz numbers the CIDs of a downgraded CFF2 1..n and writes no CIDCount,
    whose default (8,720) is below the CIDs of a 65,535-glyph font (TN #5176
    requires CIDCount > every CID). Recompiling with fontTools costs about
    4 ms for 300 glyphs, 40 ms for 3,000; patching only the charset offset in
    HarfBuzz's output was tried and Ghostscript 10.0 drew .notdef for CIDs
    above 32,767 (the PDF test renders with Ghostscript to catch that).
    """
    from fontTools.cffLib import CFFFontSet

    fonts = CFFFontSet()
    fonts.decompile(io.BytesIO(cff), None)
    top = fonts.topDictIndex[0]
    names = [".notdef"] + [f"cid{new_to_old[n]:05d}" for n in range(1, len(top.charset))]
    top.charset = names
    top.CharStrings.charStrings = {name: i for i, name in enumerate(names)}
    top.CIDCount = cid_count
    out = io.BytesIO()
    fonts.compile(out, _NoRecalc())
    return out.getvalue()


class _NoRecalc:
    """Stands in for the TTFont fontTools' CFF compiler asks about bounding boxes."""

    recalcBBoxes = False
