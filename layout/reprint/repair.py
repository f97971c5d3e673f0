"""Text repair: undo what extraction did to Chinese text, logging every change.

Rules (GB/T 15834-2011 标点符号用法; clreq §3 on full-width marks):
- ASCII ``, : ; ? !`` beside a Han character or a full-width mark become
  their full-width forms ，：；？！ (4.1: Chinese text uses full-width marks);
- ASCII parentheses whose pair holds or touches Han become （）;
- ASCII double quotes in Han text become “” by pairing, single quotes beside
  Han become ‘’ by pairing (4.1.3);
- ``...`` (three or more dots, or 。。。) becomes the 省略号 …… (4.11);
- ``--`` becomes the 破折号 —— (4.10); a hyphen-minus between two years
  beside Han becomes the 一字线 — (4.13.3.2: time ranges);
- spaces extraction put between Han characters (and between Han and
  digits/Latin) are removed; an ASCII full stop between Han becomes 。.
Nothing else changes. Each rule is one row of RULES (pattern, replacement,
reason), applied in order; every match becomes a ``Change`` with its source
position and six characters of context either side, as in FIXES.md.
"""
from __future__ import annotations

import re
from typing import Callable, List, Sequence, Tuple, Union

from .model import Change, Where

HAN = "\u2e80-\u2fdf\u3005-\u3007\u3021-\u3029\u3040-\u30ff\u3400-\u4dbf\u4e00-\u9fff\uf900-\ufaff\U00020000-\U0003ffff"
FULL_PUNCT = ("\u3000-\u3004\u3008-\u3020\u30fb\uff01-\uff0f\uff1a-\uff20\uff3b-\uff40\uff5b-\uff65"
              "\u201c\u201d\u2018\u2019\u2026\u2014\u00b7")
CJK = HAN + FULL_PUNCT
HAN_RE = re.compile(f"[{HAN}]")

FULL_WIDTH = {",": "，", ":": "：", ";": "；", "?": "？", "!": "！", "(": "（", ")": "）"}

Replacement = Union[str, Callable[[re.Match], str]]

# (name, pattern, replacement, reason): applied in this order.
RULES: Sequence[Tuple[str, str, Replacement, str]] = (
    ("ellipsis", r"\.{3,}|。{3,}|…(?!…)(?<!……)", "……", "'...' -> 省略号 …… (GB/T 15834-2011 4.11)"),
    ("dash", r"-{2,}", "——", "'--' -> 破折号 —— (GB/T 15834-2011 4.10)"),
    ("year-range", f"(?<=[{HAN}]\\d{{4}})-(?=\\d{{4}})|(?<!\\d)(?<=\\d{{4}})-(?=\\d{{4}}[{HAN}])", "—",
     "hyphen-minus in a year range -> 一字线 — (GB/T 15834-2011 4.13.3.2)"),
    ("comma-etc", f"(?<=[{CJK}])[,:;?!]|[,:;?!](?=[{CJK}])", lambda m: FULL_WIDTH[m.group(0)],
     "half-width mark beside Han -> full-width (GB/T 15834-2011)"),
    ("full-stop", f"(?<=[{HAN}])\\.(?=[{CJK}]|$)", "。", "ASCII full stop after Han -> 句号 。"),
)

# Applied last, once the marks beside them are full-width.
SPACE_RULES: Sequence[Tuple[str, str, Replacement, str]] = (
    ("space-han", f"(?<=[{CJK}])[ \t\u00a0]+(?=[{CJK}])", "", "spaces between Han characters removed (extraction artefact)"),
    ("space-han-latin", f"(?<=[{HAN}])[ \t\u00a0]+(?=[0-9A-Za-z])|(?<=[0-9A-Za-z%])[ \t\u00a0]+(?=[{HAN}])", "",
     "space between Han and a digit or Latin letter removed (the typesetter spaces them)"),
)


class Text:
    """A string with one source position per character; edits keep positions and log Changes."""

    def __init__(self, text: str, origin: List[Where], article: str = ""):
        self.text, self.origin, self.article = text, list(origin), article
        self.source, self.index = text, list(range(len(text)))
        self.changes: List[Change] = []

    def replace(self, start: int, end: int, new: str, reason: str) -> None:
        """Replace text[start:end] by ``new`` and log the change with six characters of context."""
        old = self.text
        where = self.origin[min(start, len(self.origin) - 1)] if self.origin else Where()
        first = self.index[start] if start < len(self.index) else len(self.source)
        last = self.index[end - 1] + 1 if end > start else first
        self.text = old[:start] + new + old[end:]
        self.origin[start:end] = [where] * len(new)
        self.index[start:end] = [first] * len(new)
        # as FIXES.md: the extracted text before, the text with this and the earlier fixes after
        before = self.source[max(0, first - 6):last + 6]
        after = self.text[max(0, start - 6):start + len(new) + 6]
        self.changes.append(Change(where, before, after, reason, self.article))

    def sub(self, pattern: str, repl: Replacement, reason: str) -> None:
        """Apply a regex rule everywhere, left to right (each change's context shows the text as it was then)."""
        shift = 0
        for m in list(re.finditer(pattern, self.text)):
            new = repl(m) if callable(repl) else repl
            if new != m.group(0):
                self.replace(m.start() + shift, m.end() + shift, new, reason)
                shift += len(new) - (m.end() - m.start())


def repair(text: Text) -> Text:
    """Apply RULES, parentheses and quotes to ``text`` in place (changes logged in source order); returns it."""
    if not HAN_RE.search(text.text):
        return text
    for _name, pattern, repl, reason in RULES:
        text.sub(pattern, repl, reason)
    _parentheses(text)
    _quotes(text, '"', "“”", "ASCII double quotes -> “” by pairing (GB/T 15834-2011 4.1.3)")
    _quotes(text, "'", "‘’", "ASCII single quotes beside Han -> ‘’ by pairing", beside_han=True)
    for _name, pattern, repl, reason in SPACE_RULES:
        text.sub(pattern, repl, reason)
    text.changes.sort(key=lambda c: _order(c.where))
    return text


def _order(w: Where) -> Tuple:
    return (w.page, w.line, w.column, w.y or 0.0, w.x or 0.0)


def _parentheses(text: Text) -> None:
    """Pairs of ASCII ( ) holding or touching Han -> （）."""
    stack, pairs = [], []
    for i, ch in enumerate(text.text):
        if ch == "(":
            stack.append(i)
        elif ch == ")" and stack:
            pairs.append((stack.pop(), i))
    reason = "half-width brackets around or beside Han -> full-width （） (GB/T 15834-2011)"
    t = text.text
    spots = set()
    for a, b in pairs:
        touches = _is_cjk(t[a - 1] if a else "") or _is_cjk(t[b + 1] if b + 1 < len(t) else "")
        if touches or HAN_RE.search(t[a + 1:b]):
            spots.update((a, b))
    for i in sorted(spots):  # same length: positions stay valid
        text.replace(i, i + 1, FULL_WIDTH[t[i]], reason)


def _quotes(text: Text, mark: str, pair: str, reason: str, beside_han: bool = False) -> None:
    """ASCII quotes -> opening/closing by pairing; with ``beside_han`` only quotes touching Han count."""
    t = text.text
    spots = [i for i, ch in enumerate(t) if ch == mark and (not beside_han or _touches_han(t, i))]
    if len(spots) % 2:
        spots = spots[:-1] if spots else spots
    for n, i in enumerate(spots):  # same length: positions stay valid
        text.replace(i, i + 1, pair[n % 2], reason)


def _touches_han(t: str, i: int) -> bool:
    return _is_cjk(t[i - 1] if i else "") or _is_cjk(t[i + 1] if i + 1 < len(t) else "")


def _is_cjk(ch: str) -> bool:
    return bool(ch) and bool(re.match(f"[{CJK}]", ch))


def unpaired_quotes(text: str) -> List[int]:
    """Indexes of ASCII quotes left in ``text`` (odd ones out after pairing): a person should look."""
    return [i for i, ch in enumerate(text) if ch in "\"'" and _touches_han(text, i)]


def has_han(text: str) -> bool:
    """Whether ``text`` holds a Han character."""
    return bool(HAN_RE.search(text))


def ascii_between_han(text: str) -> List[int]:
    """Indexes of ASCII punctuation with Han on both sides (should be none after repair)."""
    return [m.start() for m in re.finditer(f"(?<=[{HAN}])[,:;?!()\"'.](?=[{HAN}])", text)]
