"""Structure recognition: which pieces are masthead data, headline stacks, bylines, bodies, captions, jumps.

A page is read top to bottom in reading order. Its head zone (报头 or 报眉,
the service box, the 报眼 greeting) ends at the first piece that is neither.
An article starts at a headline stack (引题/主题/副题: from font size in a PDF,
from short lines without 句末 marks in text) or at a 电头 (本报讯…) after
another article's body; a stack with no body after it belongs to the last
article without a headline (extractions often put the headline after the
text). 下转/上接 jump lines join the parts of an article across pages. A
paragraph split at a column or page break is re-joined when the first part
cannot end a paragraph (no 句末 mark, clreq §3.1) or the PDF shows the next
part is not indented; every join is logged, every unsure one is to review.
"""
from __future__ import annotations

import re
from typing import List, Optional, Tuple

from . import patterns as P
from . import zones as Z
from .model import Article, Box, Change, Imported, PageInfo, Piece, Review, grow
from .textsource import width

HEADING_SIZE = 1.2       # a PDF piece this many times the body size is a heading
TEXT_HEADING_WIDTH = 40  # a text line wider than this (em) is never a heading
HEAD_ZONE_ROLES = ("masthead", "folio", "paper", "hotline", "greeting")


def classify(piece: Piece, body_size: float, head_zone: bool, page_index: int, after_open: bool,
             next_text: str = "", in_article: bool = False, next_size: float = 0.0, stack_open: bool = False) -> str:
    """The role of a piece: paper, masthead, folio, hotline, greeting, jump, credit, caption, byline, heading or body.

    ``after_open`` says the previous body piece did not end its paragraph
    (in text, such a piece is its continuation, never a heading).
    """
    text = piece.text.strip()
    big = body_size > 0 and piece.size >= HEADING_SIZE * body_size
    if head_zone:
        role = _head_zone_role(text, piece, body_size, page_index, next_text)
        if role:
            return role
    jump = P.jump(text)
    if jump and jump[2].group(0).strip() == text:
        return "jump"
    if P.CREDIT.match(text) and not big:
        return "credit"
    if P.CAPTION.match(text) and width(text) < 80 and not big:
        return "caption"
    if P.BYLINE_LINE.match(text) and not big and width(text) <= 30:
        return "byline"
    if P.END_BYLINE.match(text) and not big:
        return "end_byline"
    if body_size > 0:
        return "heading" if big or _stack_neighbour(piece, text, body_size, next_size, stack_open) else "body"
    if after_open and not P.BYLINE_START.match(text) and not _displaced_heading(text, next_text):
        return "body"
    if in_article and P.INTERTITLE.match(text) and width(text) <= 20:
        return "body"  # a numbered 小标题 inside an article stays a paragraph of it
    if not _looks_like_heading(text):
        return "body"
    if re.search(r"[，,]", text) and not (P.BYLINE_START.match(next_text) or _looks_like_heading(next_text)):
        return "body"  # a line with a comma is a headline only when a 电头 or another headline line follows
    return "heading"


def _displaced_heading(text: str, next_text: str) -> bool:
    """Headline lines inside an unfinished paragraph (extraction put them there): short heading-like lines,
    two in a row or one made of two phrases with a word space; a lone short fragment stays text."""
    if width(text) > 24 or not _looks_like_heading(text):
        return False
    return bool(re.search(r"[^\x00-\x7f] [^\x00-\x7f]", text)) or (
        _looks_like_heading(next_text) and width(next_text) <= 24 and not P.BYLINE_START.match(next_text))


def _stack_neighbour(piece: Piece, text: str, body_size: float, next_size: float, stack_open: bool) -> bool:
    """A line a little larger than the body (引题/副题 may be only 1.1 x) right above or below a headline."""
    near_heading = stack_open or next_size >= HEADING_SIZE * body_size
    return near_heading and piece.lines == 1 and piece.size >= 1.08 * body_size and width(text) <= 40 \
        and not P.ends_paragraph(text)


def _head_zone_role(text: str, piece: Piece, body_size: float, page_index: int, next_text: str = "") -> str:
    if P.jump(text):
        return ""
    fields, rest = P.masthead_fields(text)
    if page_index == 0 and not fields and width(text) <= 8 and not re.search(r"[，,。：:]", text) \
            and "date" in P.masthead_fields(next_text)[0] and not body_size:
        return "paper"  # a short line right above the date line: the paper's name (参考消息, 人民日报海外版)
    if page_index == 0 and P.PAPER_NAME.match(text) and (not body_size or piece.size >= 2 * body_size):
        return "paper"
    if page_index == 0 and body_size and piece.size >= 3 * body_size and width(text) <= 8 and not fields:
        return "paper"  # the largest type at the head of the front page: the 报头 (参考消息, 北京青年报 ...)
    if fields and width(rest) <= 8:
        return "folio" if "page" in fields else "masthead"
    if P.HOTLINE.match(text):
        return "hotline"
    if P.GREETING.search(text) and width(text) <= 16:
        return "greeting"
    return ""


def _looks_like_heading(text: str) -> bool:
    if not text or width(text) > TEXT_HEADING_WIDTH or P.ends_paragraph(text) or P.BYLINE_START.match(text):
        return False
    if sum(text.count(c) for c in "，,；;") > 1:
        return False  # prose: a headline holds at most one comma
    return not text.endswith(("，", ",", "、", "；", ";", "：", ":"))


class Builder:
    """Feeds classified pieces, page by page, into articles, boxes and masthead fields."""

    def __init__(self, result: Imported, is_pdf: bool):
        self.result, self.is_pdf = result, is_pdf
        self.cur: Optional[Article] = None
        self.stack: List[Piece] = []
        self.pending_credit: List[Piece] = []
        self.floating: List[Piece] = []  # headline lines displaced into another article's text
        self.resumed: Optional[Article] = None  # the article a 上接 line just resumed (its 接题 may follow)

    # -- pages -------------------------------------------------------------
    def page(self, pieces: List[Piece], info: PageInfo) -> None:
        """Read one page's pieces (in reading order)."""
        self.cur, head_zone = None, True
        pieces = merge_split_bylines([p for p in pieces if p.text.strip()], self.result)
        zone, framed = set(), {}
        if self.is_pdf:
            pieces, zone = self._pdf_head_zone(pieces, info)
            framed = Z.framed_boxes(pieces, info, zone)
            head_zone = not zone
        else:
            pieces = relocate_split_headlines(pieces, self.result)
        for k, piece in enumerate(pieces):
            following = pieces[k + 1] if k + 1 < len(pieces) else Piece("", [])
            in_article = bool(self.cur and self.cur.paragraphs and not self.stack)
            role = self._zone_role(piece, info, zone, framed, following.text.strip()) or classify(
                piece, info.body_size, head_zone, info.index, self._open(), following.text.strip(),
                in_article, following.size, bool(self.stack))
            if head_zone and role not in HEAD_ZONE_ROLES:
                head_zone = False
            piece.role = role
            getattr(self, "_" + role)(piece, info)
        self._close_stack(info)

    def _pdf_head_zone(self, pieces: List[Piece], info: PageInfo) -> Tuple[List[Piece], set]:
        """The front page's head zone (报头 band) found from geometry; its multi-line lists split into lines."""
        zone, _paper = Z.head_zone(pieces, info)
        if not zone:
            return pieces, zone
        out: List[Piece] = []
        for piece in pieces:
            parts = Z.split_lines(piece) if id(piece) in zone and piece.breaks else [piece]
            if len(parts) > 1 and any(P.HOTLINE.match(p.text) for p in parts):
                zone.update(id(p) for p in parts)
                out.extend(parts)
            else:
                out.append(piece)
        return out, zone

    def _zone_role(self, piece: Piece, info: PageInfo, zone: set, framed: dict, next_text: str) -> str:
        """The role geometry gives a PDF piece: head-zone data or 报眼 box, a framed notice, a caption; "" if none."""
        text = piece.text.strip()
        if id(piece) in zone:
            role = _head_zone_role(text, piece, info.body_size, info.index, next_text)
            if role:
                return role
            if P.masthead_fields(text)[0]:
                return "masthead"
            piece.frame = next((n for n, r in enumerate(info.frames) if Z.inside(piece, r)), -1)
            return "greeting"
        if id(piece) in framed:
            piece.frame = framed[id(piece)]
            return "notice"
        if Z.under_picture(piece, info):
            return "credit" if P.CREDIT.match(text) else "caption"
        return ""

    def _open(self) -> bool:
        """Whether the current article's last paragraph is unfinished (no 句末 mark)."""
        if self.stack or not self.cur or not self.cur.paragraphs:
            return False
        return not P.ends_paragraph(self.cur.paragraphs[-1].text)

    # -- head zone ---------------------------------------------------------
    def _paper(self, piece: Piece, info: PageInfo) -> None:
        self.result.paper.setdefault("name", piece.text.strip())
        self._masthead_rect(piece)

    def _masthead_rect(self, piece: Piece) -> None:
        rect = grow(self.result.masthead.get(piece.page), piece)
        if rect is not None:
            self.result.masthead[piece.page] = rect

    def _masthead(self, piece: Piece, info: PageInfo) -> None:
        self._masthead_rect(piece)
        fields, _rest = P.masthead_fields(piece.text)
        self.result.changes.append(Change(piece.where(), piece.text.strip(), ", ".join(
            f"{k}: {v}" for k, v in fields.items()), "masthead line read into the issue's paper fields"))
        for key, value in fields.items():
            key = "date" if key == "date_cn" else key
            if key == "editor":
                info.editor = info.editor or value
            if key in ("page", "editor", "weekday"):
                continue
            self.result.paper.setdefault(key, value)

    def _folio(self, piece: Piece, info: PageInfo) -> None:
        fields, rest = P.masthead_fields(piece.text)
        info.number = int(fields["page"])
        info.editor = fields.get("editor", info.editor)
        names = [w for w in rest.split() if 2 <= len(w) <= 6 and w != self.result.paper.get("name")]
        info.name = names[-1] if names else ""
        if "date" in fields:
            self.result.paper.setdefault("date", fields["date"])

    def _hotline(self, piece: Piece, info: PageInfo) -> None:
        self._box("hotline", piece)

    def _greeting(self, piece: Piece, info: PageInfo) -> None:
        self._box("greeting", piece)

    def _notice(self, piece: Piece, info: PageInfo) -> None:
        self._box("notice", piece)

    def _box(self, kind: str, piece: Piece) -> None:
        boxes = self.result.boxes
        frame = piece.frame
        if not (boxes and boxes[-1].kind == kind and boxes[-1].page == piece.page and boxes[-1].frame == frame):
            boxes.append(Box(kind, [], piece.page, piece.where(), frame=frame))
        boxes[-1].lines.append(piece)
        boxes[-1].rect = grow(boxes[-1].rect, piece)
        boxes[-1].vertical = boxes[-1].vertical or piece.vertical

    # -- article parts -----------------------------------------------------
    def _heading(self, piece: Piece, info: PageInfo) -> None:
        if self._restated(piece):
            return
        self.stack.append(piece)

    def _restated(self, piece: Piece) -> bool:
        """Whether the piece is the 接题 read right after a 上接 line (the resumed story's 主题): logged and dropped."""
        resumed, self.resumed = self.resumed, None
        if resumed is None or resumed is not self.cur or self.stack or piece.lines > 1:
            return False
        if _plain(piece.text) not in {_plain(" ".join(resumed.headline)),
                                      _plain(" ".join(resumed.kicker + resumed.headline))}:
            return False
        self.result.changes.append(Change(piece.where(), piece.text.strip(), "", "接题 (the continued story's 主题 "
                                          "restated under its 上接 line) dropped", resumed.id))
        return True

    def _byline(self, piece: Piece, info: PageInfo) -> None:
        if self.stack or not self.cur or self.cur.has_body or self.cur.byline:
            self._new_article(piece.page)
        self.cur.byline = piece.text.strip()
        self.cur.byline_where = piece.where()

    def _end_byline(self, piece: Piece, info: PageInfo) -> None:
        """（本报记者　王䶮） after an article's text: its byline (set at the end by the template); else text."""
        end = P.END_BYLINE.match(piece.text.strip())
        if not (self.cur and self.cur.has_body and not self.cur.byline and not self.stack):
            self._body(piece, info)
            return
        self.cur.byline, self.cur.byline_where = end.group(1), piece.where()
        self.result.changes.append(Change(piece.where(), piece.text.strip(), f"byline: {end.group(1)}",
                                          "byline set in brackets after the text moved to the byline", self.cur.id))

    def _credit(self, piece: Piece, info: PageInfo) -> None:
        target = self.cur or (self.result.articles[-1] if self.result.articles else None)
        if target is None:
            self.pending_credit.append(piece)
            return
        key = "credit" if piece.role == "credit" else "caption"
        target.photo_where = target.photo_where or piece.where()
        both = P.CAPTION_CREDIT.match(piece.text) if key == "caption" else None
        if both and not target.credit:
            target.credit = both.group(2).strip()
            self._cut(piece, both.start(2), len(piece.text))
        target.extend_box(piece)
        for rect in Z.pictures_above(piece, info):  # the picture (and its caption) belong to the article's region
            target.boxes[piece.page] = grow(target.boxes.get(piece.page), Piece("", [], box=rect))
            held = grow(target.pictures.get(piece.page), Piece("", [], box=rect))
            target.pictures[piece.page] = grow(held, piece)
            target.photo = target.photo or (piece.page, rect)
        if getattr(target, key):
            self.result.review.append(Review(piece.where(), f"second {key} {piece.text!r} kept in the text", target.id))
            target.paragraphs.append(piece)
            return
        setattr(target, key, piece.text.strip())

    _caption = _credit

    def _jump(self, piece: Piece, info: PageInfo) -> None:
        kind, page, _m = P.jump(piece.text.strip())
        if kind == "out":
            if self.cur:
                self.cur.jump_out = True
            return
        self._continue_from(page, piece)

    def _continue_from(self, page: int, piece: Piece) -> None:
        """上接第N版: the current part continues the article that jumped out of page N."""
        for article in self.result.articles:
            if article.jump_open and (not page or page in article.pages):
                article.jump_in_done = True
                self._drop_jump_headline(article, piece.page)
                self.resumed = article
                self.cur = article
                article.pages.append(piece.page)
                return
        self.result.review.append(Review(piece.where(), f"{piece.text.strip()!r}: no article jumps to this page; "
                                         "the text below is read as its own article"))

    def _drop_jump_headline(self, article: Article, page: int) -> None:
        """The 接题 over a continuation (the story's 主题 restated, set by the renderer) is dropped, not an article.

        It is the headline stack just read, or a short headline-less one-paragraph part just started on this page.
        """
        lines = [(p.where(), p.text.strip()) for p in self.stack]
        cur = self.cur
        if not lines and cur is not None and cur is not article and cur is self.result.articles[-1] \
                and cur.pages == [page] and not (cur.kicker or cur.headline or cur.subhead or cur.byline) \
                and cur.paragraphs and all(p.lines <= 1 for p in cur.paragraphs) \
                and width("".join(p.text for p in cur.paragraphs)) <= 40 \
                and not any(P.ends_paragraph(p.text) for p in cur.paragraphs):
            lines = [(p.where(), p.text.strip()) for p in cur.paragraphs]
            self.result.articles.pop()
            self.result.changes[:] = [c for c in self.result.changes if c.article != cur.id]
        self.stack = []
        if not lines:
            return
        text = " / ".join(t for _, t in lines)
        same = _plain(text) in {_plain(" ".join(article.headline)), _plain(" ".join(article.kicker + article.headline))}
        self.result.changes.append(Change(lines[0][0], text, "", "接题 (the continued story's 主题 restated over its "
                                          "continuation) dropped: the renderer sets it from the 主题", article.id))
        if not same:
            self.result.review.append(Review(lines[0][0], f"{text!r} read as the 接题 of {article.id} and dropped, "
                                             f"but it differs from its 主题 {' '.join(article.headline)!r}", article.id))

    def _body(self, piece: Piece, info: PageInfo) -> None:
        if self._restated(piece):
            return  # the 接题 read after the 上接 line
        jump = P.jump(piece.text)
        if jump and jump[0] == "out" and jump[2].end() >= len(piece.text.rstrip()) - 1:
            self._cut(piece, jump[2].start(), jump[2].end())
            if piece.text.strip():
                self._body(piece, info)
            if self.cur:
                self.cur.jump_out = True
            return
        if jump and jump[0] == "in" and jump[2].start() <= 1:
            self._cut(piece, 0, jump[2].end())
            self._continue_from(jump[1], piece)
            if not piece.text.strip():
                return
        m = P.BYLINE_START.match(piece.text)
        if m and m.end() >= len(piece.text.rstrip()):  # the 电头 alone, set apart from the text
            self._byline(piece, info)
            return
        if m:
            if self.stack or not self.cur or self.cur.has_body:
                self._new_article(piece.page)
            self.cur.byline = m.group(1).strip()
            self.cur.byline_where = piece.where()
            self._cut(piece, 0, m.end())
            piece.starts, piece.sure = True, True
        elif self._displaced_stack(piece):
            pass  # the headline lines sat inside the text they interrupt: kept for the next article
        elif self.stack or not self.cur or (self.cur.paragraphs and self.cur.paragraphs[-1].vertical != piece.vertical):
            self._new_article(piece.page)  # a change of direction (横排/竖排) is another block
            self._runin_byline(piece)
        elif self._byline_rest(piece):
            if not piece.text.strip():
                return
        self._append(piece)

    def _displaced_stack(self, piece: Piece) -> bool:
        """Headline lines between two parts of one unfinished paragraph (text sources): set aside as floating."""
        cur = self.cur
        if self.is_pdf or not self.stack or not cur or not cur.paragraphs or piece.starts:
            return False
        last = cur.paragraphs[-1]
        if P.ends_paragraph(last.text) or last.vertical != piece.vertical or last.page != piece.page:
            return False
        self.floating.extend(self.stack)
        self.result.review.append(Review(self.stack[0].where(), "headline lines inside an unfinished paragraph of "
                                         f"{cur.id} set aside for the next article without a headline", cur.id))
        self.stack = []
        return True

    def _runin_byline(self, piece: Piece) -> None:
        """A byline run into an article's first paragraph (本报记者　林溪走进…): moved to the byline.

        The name ends where the byline's face ends (a PDF setting it in 黑体 or
        楷体); else its length is a guess (``_name_length``), to review when unclear.
        """
        m = P.RUNIN_BYLINE.match(piece.text)
        if not m or self.cur.byline or self.cur.paragraphs:
            return
        name = m.group(2)
        size, sure = _name_length(piece.text[m.start(2):], _face_end(piece) - m.start(2))
        end = m.start(2) + min(size, len(name))
        self.cur.byline = piece.text[:end].strip()
        self.cur.byline_where = piece.where()
        self.result.changes.append(Change(piece.where(), piece.text[:end + 6], f"byline: {self.cur.byline}",
                                          "byline run into the first paragraph moved to the byline", self.cur.id))
        if not sure:
            self.result.review.append(Review(piece.where(), f"run-in byline read as {self.cur.byline!r}: check where "
                                             f"the name ends in {piece.text[:end + 4]!r}", self.cur.id))
        self._cut(piece, 0, end)
        piece.text, piece.origin = piece.text.lstrip(), piece.origin[len(piece.text) - len(piece.text.lstrip()):]

    def _byline_rest(self, piece: Piece) -> bool:
        """The bracketed names of a 电头 set apart from its lead (本报讯 | （记者…）): moved to the byline."""
        rest = re.match(r"^\s*[（(][^）)\n]{1,40}[）)]\s*", piece.text)
        cur = self.cur
        if not rest or not cur.byline or cur.has_body or re.search(r"[（(]", cur.byline):
            return False
        cur.byline += rest.group(0).strip()
        self._cut(piece, 0, rest.end())
        piece.starts, piece.sure = True, True
        return True

    def _cut(self, piece: Piece, start: int, end: int) -> None:
        piece.text = piece.text[:start] + piece.text[end:]
        piece.origin = piece.origin[:start] + piece.origin[end:]

    def _append(self, piece: Piece) -> None:
        self.cur.extend_box(piece)
        paragraphs = self.cur.paragraphs
        if paragraphs and self._joins(paragraphs[-1], piece):
            prev = paragraphs[-1]
            self.result.changes.append(Change(piece.where(), f"{prev.text[-12:]}⏎⏎{piece.text[:12]}",
                                              f"{prev.text[-12:]}{piece.text[:12]}",
                                              "paragraph split at a column or page break re-joined", self.cur.id))
            prev.text += piece.text
            prev.origin += piece.origin
            prev.closed = piece.closed
            return
        paragraphs.append(piece)

    def _joins(self, prev: Piece, piece: Piece) -> bool:
        """Whether ``piece`` continues paragraph ``prev`` (logs a review item when unsure)."""
        ends = P.ends_paragraph(prev.text) or (P.INTERTITLE.match(prev.text) and width(prev.text) <= 20)
        if piece.starts is None:
            last = prev.text.rstrip()[-1:]
            if not ends and not (last in "”’）)》" or (last.isascii() and last.isalnum())):
                return True
            if not ends:
                self._unsure(piece, "joined to the paragraph before (it ends without a 句末 mark)")
                return True
            return False
        if piece.starts:
            if not ends and not piece.sure:
                self._unsure(piece, "kept as a new paragraph (indented), but the one before ends without a 句末 mark")
            return False
        if ends and prev.closed:
            return False  # the column before ended with a short line: a paragraph end (no-indent style)
        if ends and not piece.sure:
            self._unsure(piece, "joined across a column break (next part not indented), "
                                "but the paragraph before ends with a 句末 mark: may be a real paragraph end")
        return True

    def _unsure(self, piece: Piece, what: str) -> None:
        self.result.review.append(Review(piece.where(), f"{piece.text[:12]!r}…: {what}", self.cur.id if self.cur else ""))

    def _new_article(self, page: int) -> None:
        article = Article(id=f"article-{len(self.result.articles) + 1:02d}", pages=[page])
        if not self.stack and self.floating:
            self.stack, self.floating = self.floating, []
        if self.stack:
            set_stack(article, self.stack, self.is_pdf, self.result)
            article.where = self.stack[0].where()
            self.stack = []
        for piece in self.pending_credit:
            article.photo_where = article.photo_where or piece.where()
            setattr(article, "credit" if piece.role == "credit" else "caption", piece.text.strip())
        self.pending_credit = []
        self.result.articles.append(article)
        self.cur = article

    def _close_stack(self, info: PageInfo) -> None:
        """A stack with no body after it: the headline of the last headline-less article of the page."""
        self.stack, self.floating = self.floating + self.stack, []
        if not self.stack:
            return
        for article in reversed(self.result.articles):
            if info.index + 1 in article.pages and not (article.kicker or article.headline or article.subhead):
                set_stack(article, self.stack, self.is_pdf, self.result)
                article.where = self.stack[0].where()
                self.result.review.append(Review(self.stack[0].where(), "headline found after the text it belongs "
                                                 "to (no text followed it): check it is this article's", article.id))
                self.stack = []
                return
        where = self.stack[0].where()
        self._new_article(self.stack[0].page)
        self.result.review.append(Review(where, "headline with no text after it: an article with a headline only",
                                         self.cur.id))


def _face_end(piece: Piece) -> int:
    """Where the piece's opening run in another face ends in its text (0 when there is none)."""
    seen = 0
    for i, ch in enumerate(piece.text if piece.lead else ""):
        seen += not ch.isspace()
        if seen == len(piece.lead):
            return i + 1
    return 0


def _name_length(after: str, face_len: int) -> Tuple[int, bool]:
    """(characters of a run-in byline's name, sure): up to where the byline's face ends, else a guess.

    The guess: 2 Han unless the third does not open a sentence and the fourth does (or is not Han).
    """
    if 2 <= face_len <= 4:
        return face_len, True
    if len(after) > 2 and after[2] not in P.SENTENCE_OPENERS and re.match(f"[{P.HAN}]", after[2]):
        third = len(after) > 3 and (after[3] in P.SENTENCE_OPENERS or not re.match(f"[{P.HAN}]", after[3]))
        return (3, True) if third else (2, False)
    return 2, True


def _plain(text: str) -> str:
    """Text without spaces and slashes (to compare a 接题 with a 主题)."""
    return re.sub(r"[\s/\u3000]+", "", text)


def merge_split_bylines(pieces: List[Piece], result: Imported) -> List[Piece]:
    """A 电头 whose bracket a line break cut (本报讯（记者甲 | 通讯员乙）11月…) is joined to the rest of it.

    A role word (通讯员, 记者 …) after the cut gets the U+3000 the line end took.
    """
    out: List[Piece] = []
    for piece in pieces:
        prev = out[-1] if out else None
        if prev is not None and P.BYLINE_OPEN.match(prev.text.strip()) and re.search(r"[）)]", piece.text[:40]) \
                and prev.page == piece.page and prev.vertical == piece.vertical:
            text = prev.text.rstrip()
            gap = "\u3000" if P.BYLINE_ROLE.match(piece.text.lstrip()) and not text.endswith(("（", "(")) else ""
            rest = piece.text.lstrip()
            skip = len(piece.text) - len(rest)
            merged = Piece(text + gap + rest, prev.origin[:len(text)] + [piece.where(skip)] * len(gap)
                           + piece.origin[skip:], piece.page, piece.size, piece.bold, starts=True, sure=True,
                           box=grow(prev.box, piece), lines=prev.lines + piece.lines, vertical=piece.vertical,
                           closed=piece.closed)
            result.changes.append(Change(prev.where(), f"{text}⏎{rest[:12]}", f"{text}{gap}{rest[:12]}",
                                         "电头 split by a line break re-joined", ""))
            out[-1] = merged
            continue
        out.append(piece)
    return out


def relocate_split_headlines(pieces: List[Piece], result: Imported) -> List[Piece]:
    """A headline's first phrase that the extraction set apart (its word space was wide) goes back to its other half.

    A lone short line between text whose parallel phrase (对仗, same length)
    starts a later headline stack is moved just before that stack.
    """
    out = list(pieces)
    for i in range(len(out) - 1, -1, -1):
        piece = out[i]
        text = piece.text.strip()
        if width(text) > 10 or not _looks_like_heading(text) or not _isolated(out, i) or P.INTERTITLE.match(text):
            continue
        for j in range(i + 1, min(len(out), i + 80)):
            other = out[j].text.strip()
            if _looks_like_heading(other) and _parallel(text, other) and " " not in other and not _isolated(out, j):
                if j > i + 1:
                    out.insert(j - 1, out.pop(i))
                    result.review.append(Review(piece.where(), f"{text!r} read as the first half of the headline "
                                                               f"{text}　{other} (the extraction set it apart)"))
                break
    return out


def _isolated(pieces: List[Piece], i: int) -> bool:
    """Whether piece i stands alone: text (not a headline line) before and after it."""
    before = pieces[i - 1].text.strip() if i else ""
    after = pieces[i + 1].text.strip() if i + 1 < len(pieces) else ""
    return bool(before) and bool(after) and not _looks_like_heading(before) and not _looks_like_heading(after)


def set_stack(article: Article, stack: List[Piece], is_pdf: bool, result: Imported) -> None:
    """Assign a headline stack's lines to 引题/主题/副题 (by size in a PDF, by line pattern in text)."""
    for piece in stack:
        article.extend_box(piece)
    lines = split_run_together(stack, result) if not is_pdf else stack
    if is_pdf:
        top = max(p.size for p in lines)
        main = [i for i, p in enumerate(lines) if p.size >= top - 0.5]
        first, last = main[0], main[-1]
        article.kicker = [p.text for p in lines[:first]]
        article.headline = [p.text for p in lines[first:last + 1]]
        article.subhead = [p.text for p in lines[last + 1:]]
        return
    texts = [p.text for p in lines]
    kicker, headline, subhead = text_stack_roles(texts)
    article.kicker, article.headline, article.subhead = kicker, headline, subhead
    roles = ["kicker"] * len(kicker) + ["headline"] * len(headline) + ["subhead"] * len(subhead)
    for i in range(len(lines) - 1):
        source = getattr(lines[i], "split_from", None)
        if source is not None and getattr(lines[i + 1], "split_from", None) is source:
            result.changes.append(Change(source.where(), source.text.strip(), f"{roles[i]}: {texts[i]} / "
                                         f"{roles[i + 1]}: {texts[i + 1]}",
                                         "two headline lines run together by the extraction: split", article.id))
    if len(texts) == 2 or len(texts) > 3:
        result.review.append(Review(stack[0].where(), "headline stack read as " + " / ".join(
            f"{name}: {t}" for name, group in (("引题", kicker), ("主题", headline), ("副题", subhead)) for t in group)
            + " (from line lengths: check which line is the 主题)", article.id))


def text_stack_roles(texts: List[str]) -> Tuple[List[str], List[str], List[str]]:
    """引题, 主题 and 副题 lines of a text stack: the 主题 is the shorter of two lines; a line starting —— is a 副题."""
    if len(texts) == 1:
        return [], texts, []
    if len(texts) == 2:
        a, b = texts
        if b.startswith(("——", "--", "—")) or width(a) <= width(b):
            return [], [a], [b]
        return [a], [b], []
    return texts[:1], texts[1:-1], texts[-1:]


def split_run_together(stack: List[Piece], result: Imported) -> List[Piece]:
    """Text lines holding two headline lines run together at a space become two lines; parallel phrases stay one."""
    out: List[Piece] = []
    for piece in stack:
        prev = out[-1] if out else None
        if prev is not None and " " not in prev.text.strip() and _parallel(prev.text.strip(), piece.text.strip()) \
                and not re.search(r"[，。,.；;：:]", prev.text + piece.text):
            joined = Piece(prev.text.strip() + " " + piece.text.strip(), prev.origin + [prev.where(len(prev.text))]
                           + piece.origin, prev.page, prev.size, prev.bold)
            result.review.append(Review(prev.where(), f"two parallel headline lines {prev.text.strip()!r} and "
                                                      f"{piece.text.strip()!r} read as one line (对仗 phrases)"))
            out[-1] = joined
            continue
        parts = re.split(r"(?<=[^\sA-Za-z0-9]) +(?=[^\sA-Za-z0-9])", piece.text.strip())
        if len(parts) == 2 and not _parallel(*parts):
            cut = len(parts[0])
            rest = piece.text.strip()[cut:]
            skip = len(rest) - len(rest.lstrip())
            first = Piece(parts[0], piece.origin[:cut], piece.page, piece.size, piece.bold)
            second = Piece(parts[1], piece.origin[cut + skip:], piece.page, piece.size, piece.bold)
            first.split_from = second.split_from = piece
            out.extend([first, second])
        else:
            out.append(piece)
    return out


def _parallel(a: str, b: str) -> bool:
    """Two short phrases of about the same length (对仗): one headline line with a word space."""
    return width(a) <= 10 and width(b) <= 10 and abs(width(a) - width(b)) <= 2
