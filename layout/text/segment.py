"""Segmentation of a paragraph into unbreakable units (clreq §3.1.5, JLREQ 3.1.10).

Units: —— and …… (2 em each, longer runs split into 2-em pairs, cut between
pairs only as a last resort), doubled ？！ (GB 5.1.2), numbers with decimal
points, separators, signs and units (12.5%, ¥3000, 3000万元, 4·14), Latin
words (a number or word wider than the whole measure is cut between any two
characters as the very last resort), URLs and e-mail addresses (cut
into chunks after / (e-mail: @ . -) used only as a last resort, then after
. _ - and, for a piece wider than the measure, between any two characters,
each dearer), runs of spaces,
and single characters. Every source character belongs to exactly one unit,
in order.
"""
from __future__ import annotations

import re
from typing import List, Optional, Tuple

from ..report import MissingGlyph, Report, Where
from . import classes as C
from .items import Item
from .punct import style_mark

_UNIT = re.escape(C.NUMBER_UNITS)
SPECIAL_RE = re.compile(
    r"(?P<url>(?:https?|ftp)://[A-Za-z0-9\-._~:/?#\[\]@!$&'*+,;=%]*[A-Za-z0-9/_#=&%~+\-]"
    r"|www\.[A-Za-z0-9\-._~:/?#\[\]@!$&'*+,;=%]*[A-Za-z0-9/_#=&%~+\-])"
    r"|(?P<email>[A-Za-z0-9._%+\-]+@[A-Za-z0-9\-]+(?:\.[A-Za-z0-9\-]+)+)"
    r"|(?P<num>[¥$£€#№￥＄￡]?[+\-−]?[0-9]+(?:[.,:·/][0-9]+)*(?:[" + re.escape(C.POSTFIX_SIGNS) + r"]|[万亿]?["
    + _UNIT + r"]?))"
    r"|(?P<word>[A-Za-z\u00c0-\u024f\u0370-\u03ff\u0400-\u04ff\u1e00-\u1eff0-9]+(?:['’][A-Za-z]+)*)"
    r"|(?P<dash>[—―]{2,}|[⸺⸻]+)"
    r"|(?P<ell>[…⋯]{2,})"
    r"|(?P<qe>[？！‼⁇⁈⁉]{2,})"
    r"|(?P<sp>[ \t\u00a0\u2002\u2003\u2009\u200a\u202f]+)"
)
# Characters that can begin a special unit: a quick C-level scan finds them, then SPECIAL_RE.match decides.
CANDIDATE_RE = re.compile(
    "[A-Za-z0-9._%+\\-−¥$£€#№￥＄￡—―⸺⸻…⋯？！‼⁇⁈⁉ \t\u00a0\u2002\u2003\u2009\u200a\u202f"
    "\u00c0-\u024f\u0370-\u03ff\u0400-\u04ff\u1e00-\u1eff]")
# Characters whose single-character item is not a plain Han character: every class but HAN, and every
# character a kinsoku level names (a superset is harmless: it only makes later passes look at more items).
NOT_PLAIN_RE = re.compile("[" + re.escape("".join(sorted(
    set(C.CLASS_TABLE) | {"\u00d7", "\u00f7"} | set().union(*C.NOT_START.values(), *C.NOT_END.values()))))
    + "".join(f"\\U{lo:08x}-\\U{hi:08x}" for lo, hi in C.WORD_RANGES) + "]")
# A URL breaks only after "/" ("//" stays whole); an e-mail address after "@", "." or "-"; both only as
# a last resort.
# Glyphs that draw a whole 2-em dash, in order of preference (horizontal / vertical text).
WHOLE_DASH_HORIZONTAL = ("\u2e3a", "\u2014")
WHOLE_DASH_VERTICAL = ("\u2015", "\u2e3a")
PROPORTIONAL_QE = {"？": "?", "！": "!"}  # the glyphs a vertical ？！ pair is drawn with
WHOLE_DASH_IN_VERTICAL = True  # the vertical 破折号 is one rotated bar (GB/T 15834 §4.15)
URL_CHUNK_RE = re.compile(r"[^/]*/+|[^/]+")
EMAIL_CHUNK_RE = re.compile(r"[^@.\-]*[@.\-]+|[^@.\-]+")
# Inside a URL's "/" chunk: after ".", "_" or "-", a deeper last resort (a URL still never takes justification
# space inside); between any two characters only for a piece wider than the measure (never into the gutter).
URL_PIECE_RE = re.compile(r"[^._\-]*[._\-]+|[^._\-]+")
RUN_CACHE_MAX = 20000  # numbers and words kept per font and style: about 10 MB at most
RESORT_PIECE, RESORT_CHAR = 1, 2  # Segmenter.resort levels: the breakers add a growing penalty
ALNUM = frozenset((C.LATIN, C.DIGIT, C.NARROW))
_PUNCT_CLASSES = frozenset((C.OPEN, C.CLOSE, C.PAUSE, C.STOP, C.QE, C.INTER))


def _measure_word(ch: str) -> bool:
    """True for a Han character after a number (3000万元): its own item, spaced like Han text; a postfix sign
    that the classes table files as Han (℃ ％ ‰ °) binds to the number instead (JLREQ cl-25)."""
    return C.char_class(ch) == C.HAN and ch not in C.POSTFIX_SIGNS


class Segmenter:
    """Turns paragraph text into Items for one GlyphMetrics and ParagraphStyle."""

    def __init__(self, metrics, style) -> None:
        self.m = metrics
        self.style = style
        self.level = style.kinsoku
        self.ns = C.NOT_START[self.level]
        self.ne = C.NOT_END[self.level]
        key = (self.level, style.punct, style.compress_stops)  # marks carry the house style
        self.cache = metrics.item_caches.setdefault(key, {})
        self.runs = metrics.item_caches.setdefault((*key, "runs"), {})  # (kind, text, Han–Latin gap) -> Item
        self.url_cont: set = set()  # indices of items after a last-resort break (URL chunks, measure words)
        self.resort: dict = {}  # index -> RESORT_PIECE / RESORT_CHAR: a URL break deeper than after "/"
        self.max_chunk = float("inf")  # em: an address piece wider than this is cut between characters
        self.tight: set = set()  # indices of items that take no justification space before them
        self.special: List[int] = []  # indices of items that are not plain Han characters

    def segment(self, text: str, report: Optional[Report] = None, where: Optional[Where] = None
                ) -> Tuple[List[Item], List[int]]:
        """(items, start offset of each item) covering ``text`` exactly, in order.

        Also sets ``url_cont`` and ``special``: the indices of every item that is not a plain Han character
        (marks, runs, spaces, kinsoku characters), so later passes can skip the plain ones.
        """
        items: List[Item] = []
        starts: List[int] = []
        self.url_cont = set()
        self.tight = set()
        self.resort = {}
        special: List[int] = []
        self.special = special
        find, match = CANDIDATE_RE.search, SPECIAL_RE.match
        pos = scan = 0
        while True:
            c = find(text, scan)
            if c is None:
                break
            a = c.start()
            m = match(text, a)
            if m is None:
                scan = a + 1
                continue
            if a > pos:
                self._singles(text, pos, a, items, starts)
            special.extend(range(len(items), self._special(m.lastgroup or "", m.group(), a, items, starts)))
            pos = scan = m.end()
        if pos < len(text):
            self._singles(text, pos, len(text), items, starts)
        if report is not None and not self.m.missing_chars.isdisjoint(text):
            self._report_missing(text, report, where)
        return items, starts

    def _singles(self, text: str, a: int, b: int, items: List[Item], starts: List[int]) -> None:
        """One item per character of text[a:b] (no special unit starts there), from the per-character cache."""
        get, single, base = self.cache.get, self._single, len(items) - a
        try:  # warm: every character already has its item (map over a dict lookup runs in C)
            items.extend(map(self.cache.__getitem__, text[a:b]))
        except KeyError:
            del items[base + a:]
            items.extend([get(ch) or single(ch) for ch in text[a:b]])
        starts.extend(range(a, b))
        self.special.extend([base + m.start() for m in NOT_PLAIN_RE.finditer(text, a, b)])

    def _report_missing(self, text: str, report: Report, where: Optional[Where]) -> None:
        base = where or Where()
        missing = self.m.missing_chars
        for k, ch in enumerate(text):
            if ch in missing:
                w = Where(base.file, base.paragraph, base.offset + k, base.line)
                report.missing_glyphs.append(MissingGlyph(ch, self.m.role, w))

    def _single(self, ch: str) -> Item:
        item = self.cache.get(ch)
        if item is not None:
            return item
        cls = C.char_class(ch)
        if cls in (C.HAN, C.IDSP):
            item = self.cache[ch] = self._glyph_item(C.HAN, ch)
            return item
        if cls in (C.LATIN, C.DIGIT):
            return self._run(cls, ch)
        item = self.cache[ch] = self._mark(cls, ch)  # shared: later passes copy a mark before changing it
        return item

    def _glyph_item(self, kind: int, ch: str) -> Item:
        face, gid, adv, _lb, _rb, missing = self.m.lookup(ch)
        return Item(kind, ch, (face,), (gid,), (0.0,), (adv,), adv, missing=missing,
                    no_start=ch in self.ns, no_end=ch in self.ne)

    def _mark(self, cls: int, ch: str) -> Item:
        """A single punctuation mark or symbol, its blanks and shrink set by the house style (punct.style_mark)."""
        face, gid, adv, lb, rb, missing = self.m.lookup(ch)
        width, pen, scales = adv, 0.0, None
        if cls in (C.DASH, C.ELLIPSIS) and 0.5 < adv < 1.0:
            scales, width = (1.0 / adv,), 1.0
        elif cls == C.INTER and adv < 0.5:
            width, pen = 0.5, (0.5 - adv) / 2
        if cls == C.NEWLINE:
            width, adv = 0.0, 0.0
        no_start = ch in self.ns or (self.level == "strict" and cls == C.ELLIPSIS)
        item = Item(cls, ch, (face,), (gid,), (0.0,), (adv,), width, scales=scales, pen=pen,
                    lcut=lb, rcut=rb, no_start=no_start, no_end=ch in self.ne, missing=missing)
        style_mark(item, self.style.punct, self.style.compress_stops)
        return item

    def _special(self, kind: str, text: str, start: int, items: List[Item], starts: List[int]) -> int:
        """Append the items of one special unit (a match of SPECIAL_RE); returns the new item count."""
        if kind in ("url", "email"):
            self._address(kind, text, start, items, starts)
        elif kind in ("dash", "ell", "qe"):
            for k in range(0, len(text), 2):
                chunk = text[k:k + 2]
                item = self._pair(kind, chunk) if len(chunk) == 2 else self._mark(C.char_class(chunk), chunk)
                items.append(item)
                starts.append(start + k)
                if k and (kind == "qe" or len(chunk) < 2):  # a run of ？！, or the odd — at a run's end: no
                    item.no_start = True  # break before it at any level (a fresh item: _pair and _mark do not cache)
                elif k:  # a longer dash or ellipsis splits between pairs, as a last resort (clreq §3.1.5)
                    self._last_resort_cut(item, len(items) - 1, RESORT_PIECE)
        elif kind == "sp":
            face, gid, adv, _l, _r, missing = self.m.lookup(" ")
            items.append(Item(C.SPACE, text, (face,), (gid,), (0.0,), (adv,), adv, lcut=adv, rcut=adv, missing=missing))
            starts.append(start)
        elif kind == "num" and _measure_word(text[-1]):
            self._number_and_unit(text, start, items, starts)
        else:
            self._unit(C.DIGIT if kind == "num" else C.LATIN, text, start, items, starts)
        return len(items)

    def _unit(self, kind: int, text: str, start: int, items: List[Item], starts: List[int]) -> None:
        """Append a number or word as one unbreakable item (clreq §3.1.5), or, when it is wider than a
        whole line (``max_chunk``), one item per character cut only as the very last resort: a unit longer
        than the measure would otherwise run over the next column."""
        item = self._run(kind, text)
        if item.width <= self.max_chunk or len(text) < 2:
            items.append(item)
            starts.append(start)
            return
        for k, ch in enumerate(text):
            items.append(self._run(kind, ch))
            starts.append(start + k)
            if k:
                self._last_resort_cut(items[-1], len(items) - 1, RESORT_CHAR)

    def _last_resort_cut(self, item: Item, i: int, level: int) -> None:
        """Allow a break before item i (a fresh item) only as a last resort (at the deeper ``level`` when
        nonzero), with no justification space."""
        item.no_start = False
        self.url_cont.add(i)
        self.tight.add(i)
        if level:
            self.resort[i] = level

    def _address(self, kind: str, text: str, start: int, items: List[Item], starts: List[int]) -> None:
        """A URL or e-mail address as pieces: cut after "/" (URL) or "@" "." "-" (e-mail), then deeper.

        Every cut is a last resort and no justification space goes inside (``tight``). A URL chunk is
        also cut after "." "_" "-" (``RESORT_PIECE``); a piece still wider than ``max_chunk`` between
        any two characters (``RESORT_CHAR``), so an address never runs into the gutter.
        """
        pos, first = start, True
        for chunk in (URL_CHUNK_RE if kind == "url" else EMAIL_CHUNK_RE).findall(text):
            pieces = URL_PIECE_RE.findall(chunk) if kind == "url" else [chunk]
            for k, piece in enumerate(pieces):
                item = self._run(C.LATIN, piece)
                level = RESORT_PIECE if k else 0
                if item.width > self.max_chunk and len(piece) > 1:
                    self._address_chars(piece, pos, first, level, items, starts)
                else:
                    self._address_piece(item, pos, first, level, items, starts)
                first = False
                pos += len(piece)

    def _address_piece(self, item: Item, pos: int, first: bool, level: int, items, starts) -> None:
        item.no_end = item.no_start = False  # a fresh item: inside an address, no kinsoku on "/"
        items.append(item)
        starts.append(pos)
        if not first:
            self._last_resort_cut(item, len(items) - 1, level)

    def _address_chars(self, piece: str, pos: int, first: bool, level: int, items, starts) -> None:
        """An address piece wider than the measure: one item per character, cut anywhere as the very last resort."""
        for k, ch in enumerate(piece):
            self._address_piece(self._run(C.LATIN, ch), pos + k, first and k == 0, RESORT_CHAR if k else level,
                                items, starts)

    def _number_and_unit(self, text: str, start: int, items: List[Item], starts: List[int]) -> None:
        """A number and its measure word (3000万元, 30日): the number, then one item per Han character.

        The number itself never breaks (clreq §3.1.5); after it and inside the measure word JLREQ 3.1.10
        allows a break, which the breakers take only as a last resort. Horizontally the number's
        Han–Latin gap stretches first like any other (clreq §3.5); vertically (a tate-chu-yoko 28日)
        no justification space goes between the number and its word.
        """
        cut = len(text)
        while cut > 0 and _measure_word(text[cut - 1]):
            cut -= 1
        self._unit(C.DIGIT, text[:cut], start, items, starts)
        if self.m.writing_mode != "horizontal-tb":
            self.tight.add(len(items))
        for k in range(cut, len(text)):
            ch = text[k]
            items.append(self.cache.get(ch) or self._single(ch))  # shared plain Han items, never changed
            starts.append(start + k)
            self.url_cont.add(len(items) - 1)

    def _run(self, kind: int, text: str) -> Item:
        """A number, word or URL chunk: glyphs side by side (Han unit chars after a number spaced ¼ em); a new
        Item each time (later passes change a run's widths and cuts), copied from the style's cache when the
        same run was made before."""
        key = (kind, text, self.style.han_latin_space)
        made = self.runs.get(key)
        if made is None:
            made = self._new_run(kind, text)
            if len(text) <= 64:  # numbers and words repeat; a long URL chunk seldom does
                if len(self.runs) >= RUN_CACHE_MAX:  # a long-lived process sets many texts: bounded
                    self.runs.clear()
                self.runs[key] = made
        return made.copy()

    def _new_run(self, kind: int, text: str) -> Item:
        lookup = self.m.lookup
        faces: List[str] = []
        gids: List[int] = []
        offs: List[float] = []
        advs: List[float] = []
        x, missing, prev_han = 0.0, False, False
        gap = self.style.han_latin_space
        for ch in text:
            face, gid, adv, _l, _r, miss = lookup(ch)
            is_han = _measure_word(ch)
            if is_han and not prev_han and offs:
                x += gap
            prev_han = is_han
            faces.append(face)
            gids.append(gid)
            offs.append(x)
            advs.append(adv)
            x += adv
            missing = missing or miss
        return Item(kind, text, tuple(faces), tuple(gids), tuple(offs), tuple(advs), x, missing=missing,
                    no_start=text[0] in self.ns, no_end=text[-1] in self.ne)

    def _pair(self, kind: str, text: str) -> Item:
        """A 2-em dash or ellipsis pair, or a doubled ？！ set in one em (GB/T 15834 5.1.2)."""
        looks = [self.m.lookup(ch) for ch in text]
        faces = tuple(g[0] for g in looks)
        gids = tuple(g[1] for g in looks)
        advs = tuple(g[2] for g in looks)
        missing = any(g[5] for g in looks)
        if kind == "qe" and self.m.writing_mode != "horizontal-tb":
            tcy = self._upright_pair(text)
            if tcy is not None:
                return tcy
        if kind == "qe":
            cut = self.style.punct != "plain"
            first = advs[0] - looks[0][4] if cut else advs[0]
            width = first + (advs[1] - looks[1][4] if cut else advs[1])
            return Item(C.QE, text, faces, gids, (0.0, first), advs, width, no_start=True, missing=missing)
        cls = C.DASH if kind == "dash" else C.ELLIPSIS
        if cls == C.DASH and not missing:
            whole = self._whole_dash(text)
            if whole is not None:
                return whole
        scales = tuple(1.0 / a if 0.5 < a < 1.0 else 1.0 for a in advs)
        offs = (0.0, 1.0 if scales[0] != 1.0 else advs[0])
        width = offs[1] + (1.0 if scales[1] != 1.0 else advs[1])
        return Item(cls, text, faces, gids, offs, advs, width, scales=scales if scales != (1.0, 1.0) else None,
                    no_start=self.level == "strict", missing=missing)


    def _upright_pair(self, text: str) -> Optional[Item]:
        """Vertical ？！ / ！？ / ？？ / ！！: side by side in one 字, tate-chu-yoko (GB/T 15834 5.1.2), or None.

        Drawn with the font's proportional ?! glyphs (the full-width marks would be squeezed thin); the
        glyphs stand for the source marks, so the text layer still extracts ？！.
        """
        faces, gids, advs = [], [], []
        for ch in text:
            face, gid = self.m.fontset.resolve(PROPORTIONAL_QE.get(ch, ch), self.m.role, self.m.weight)
            if face is None or ch not in PROPORTIONAL_QE:
                return None
            self.m.record_em_box(face)  # the tcy run builder centres the pair on this face's em box
            faces.append(face.key)
            gids.append(gid)
            advs.append(face.advance(gid))
        scale = min(1.0, 1.0 / sum(advs)) if sum(advs) > 0 else 1.0
        item = Item(C.QE, text, tuple(faces), tuple(gids), (0.0,) * len(gids), tuple(advs), 1.0,
                    scales=(scale,) * len(gids), no_start=True)
        item.orient = "tcy"  # drawn across the column in one em box (layout.text.vertical)
        return item

    def _whole_dash(self, text: str) -> Optional[Item]:
        """A 破折号 as ONE glyph stretched to 2 em (GB/T 15834 §4.15: one unbroken two-em bar), or None.

        Horizontal: the font's two-em dash U+2E3A, else its em dash. Vertical: the horizontal bar U+2015
        (centred on the em box) rotated, else U+2E3A. The glyph stands for the source text ("——"), so the
        text layer still extracts it.
        """
        vertical = self.m.writing_mode != "horizontal-tb"
        if vertical and not WHOLE_DASH_IN_VERTICAL:
            return None
        for ch in (WHOLE_DASH_VERTICAL if vertical else WHOLE_DASH_HORIZONTAL):
            face, gid = self.m.fontset.resolve(ch, self.m.role, self.m.weight)
            if face is None or face is not self.m.primary:
                continue
            adv = face.advance(gid)
            if adv <= 0:
                continue
            item = Item(C.DASH, text, (face.key,), (gid,), (0.0,), (adv,), 2.0, scales=(2.0 / adv,),
                        no_start=self.level == "strict")
            if vertical:
                self.m.record_em_box(face)  # the rotated run builder centres the bar on this face's em box
                item.orient = "rotated"  # a horizontal glyph turned 90° clockwise (layout.text.vertical)
            return item
        return None


def segment(text: str, metrics, style, report: Optional[Report] = None, where: Optional[Where] = None):
    """Items and their start offsets for a paragraph (see Segmenter.segment)."""
    return Segmenter(metrics, style).segment(text, report, where)
