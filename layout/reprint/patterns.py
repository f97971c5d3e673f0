"""Line patterns of Chinese newspaper pages, as data: masthead fields, bylines (电头), jump lines, credits.

Masthead forms follow the usual 报头 items (CY/T 49-2008-style 报头 and 报眉:
报名, 出版日期, 期号, 总期号, 版数, 主办单位, 准印证号, 网址); the 电头 forms are
the ones GB/T 15834-2011 and newsroom practice use (本报讯, 本报某地某日电,
新华社某地某日电, 据某报报道), with the reporters in brackets.
"""
from __future__ import annotations

import re
from typing import Dict, Optional, Tuple

HAN = "\u3400-\u4dbf\u4e00-\u9fff\uf900-\ufaff"
CN_DIGITS = {"〇": 0, "○": 0, "零": 0, "一": 1, "二": 2, "三": 3, "四": 4, "五": 5, "六": 6, "七": 7, "八": 8, "九": 9}

# field -> pattern (group 1.. are the value); the whole-line masthead fields
MASTHEAD: Tuple[Tuple[str, str], ...] = (
    ("date", r"(\d{4})\s*年\s*(\d{1,2})\s*月\s*(\d{1,2})\s*日"),
    ("date", r"(?<!\d)(\d{4})[-./](\d{1,2})[-./](\d{1,2})(?!\d)"),
    ("date_cn", r"([〇○零一二三四五六七八九]{4})年([一二三四五六七八九十]{1,3})月([一二三四五六七八九十]{1,3})日"),
    ("weekday", r"(星期[一二三四五六日天]|周[一二三四五六日])"),
    ("total_number", r"[总總]第\s*(\d+)\s*期"),
    ("number", r"(?<![总總])第\s*(\d+)\s*期"),
    ("pages", r"(?:本期|今日|今天)\s*(\d+)\s*[版版]"),
    ("sponsor", r"^([^\s，。；：、！？,.;:!?]{2,30}?)\s*主[办辦]$"),
    ("licence", r"(?:准印证号|准印证|准印證號|准印證|刊号|刊號)\s*[:：]?\s*(\S+)"),
    ("licence", r"(CN\s*\d{2}\s*-\s*\d{4}(?:/[A-Z]+)?)"),
    ("website", r"<?((?:https?://|www\.)[^\s<>]+)>?"),
    ("page", r"第\s*(\d+)\s*版"),
    ("editor", r"(?:责任编辑|责编|编辑|責任編輯|責編|編輯)\s*[:：]?\s*(\S{2,8})"),
)
MASTHEAD_RE = tuple((name, re.compile(p)) for name, p in MASTHEAD)
NUMBERING = frozenset(("number", "total_number", "pages"))  # the fields a sponsor is run into on a masthead line

# 电头 at the start of a paragraph: (lead, bracketed names)
BYLINE_LEAD = (r"(?:本[报報][讯訊]|本[报報][" + HAN + r"\d]{1,14}[电電]|(?:新华社|新華社|中新社|人民网|新华网|央视网|[" + HAN
               + r"]{2,8}社)[" + HAN + r"\d]{0,14}[电電]|据[" + HAN + r"]{2,12}(?:报道|報道|消息))")
BYLINE_START = re.compile(r"^(" + BYLINE_LEAD + r"\s*(?:[（(][^）)\n]{1,40}[）)])?)\s*")
BYLINE_OPEN = re.compile(r"^" + BYLINE_LEAD + r"\s*[（(][^）)\n]{0,40}$")  # a 电头 whose bracket the line break cut
BYLINE_ROLE = re.compile(r"^(?:特约|特約|见习|見習)?(?:记者|記者|通讯员|通訊員|实习生|實習生|摄影|攝影)")
# a byline run into the first paragraph: role, a space, then the name (2-4 Han; the length is guessed)
RUNIN_BYLINE = re.compile(r"^((?:本[报報](?:特约|特約)?|特约|特約|见习|見習)?(?:记者|記者|评论员|評論員|通讯员|通訊員)[ \u3000]+)"
                          r"([" + HAN + r"]{2,4})")
# a byline set in brackets after the last paragraph: （本报记者　王䶮）
END_BYLINE = re.compile(r"^[（(]\s*((?:本[报報]|特约|特約|见习|見習)?(?:记者|記者|评论员|評論員|通讯员|通訊員|实习生|實習生)"
                        r"[ \u3000]*[" + HAN + r"]{2,4}(?:[ \u3000、]+(?:(?:记者|記者|通讯员|通訊員|实习生|實習生)[ \u3000]*)?["
                        + HAN + r"]{2,4})*)\s*[）)]$")
# characters that often open a sentence and rarely end a personal name (for the run-in name length)
SENTENCE_OPENERS = set("一二三四五六七八九十在走近从從据據今昨这這那随隨为為由当當对對"
                       "记記日去上下每有是虽雖如自截来來到的了和与與")
BYLINE_LINE = re.compile(r"^(?:■|□|●|◎)?\s*(?:本[报報]记者|本[报報]記者|本[报報]评论员|本[报報]評論員|特约评论员|特約評論員|"
                         r"本[报報]通讯员|本[报報]通訊員|特约记者|特約記者|见习记者|"
                         r"記者|记者|通讯员|通訊員|实习生|實習生|文/|文／|文\s*[:：]|撰稿)"
                         r"\s*[^。！？]{1,30}$")
JUMP = re.compile(r"[（(]?\s*(下转|下轉|上接|转|轉|接)\s*(?:第\s*)?(\d+|[一二三四五六七八九十]+)\s*版\s*[）)]?")
CREDIT = re.compile(r"^(?:(?:本[报報]记者|本[报報]記者|记者|記者|通讯员|通訊員)?\s*[" + HAN + r"]{2,4}(?:\s+[" + HAN
                    + r"]{2,4})*\s*[摄攝](?:影)?|(?:摄影|攝影|图|圖|图片|圖片)\s*[:：/／]\s*\S{2,12})$")
CAPTION_CREDIT = re.compile(r"^(.*?[。.）)])\s*((?:(?:本[报報])?[记記]者\s*)?[" + HAN + r"]{2,4}(?:\s+[" + HAN + r"]{2,4})*"
                            r"\s*[摄攝](?:影)?)$")  # a caption with its credit after it on one line
CAPTION = re.compile(r"^(?:图为|圖為|上图|下图|左图|右图|上圖|下圖|左圖|右圖|[图圖][:：]|▲|△)")
HOTLINE = re.compile(r"^(?:[●■◆▲★◎○·]\s*\S{1,10}\s*[:：]?\s*[\d\-－—]{3,}|\S{1,10}[:：]\s*[\d\-－—]{5,})\s*$")
GREETING = re.compile(r"^(?:祝|恭祝|热烈庆祝|熱烈慶祝|喜迎|欢度|歡度|热烈祝贺|熱烈祝賀)"  # both scripts, as the bylines
                      r"|(?:快乐|快樂|愉快|吉祥|安康|如意)[！!]?[”\"]?$")
INTERTITLE = re.compile(r"^(?:[一二三四五六七八九十]+、|[（(][一二三四五六七八九十]+[）)]|\d+[.、．])")
PAPER_NAME = re.compile(r"^[" + HAN + r"]{1,10}(?:报|报社|報|報社)$")
TERMINAL = "。！？!?…」』."
END_MARK = re.compile(r"[（(](?:完|待续|待續|未完待续|未完待續)[）)]$")  # （完） after a story's last sentence
CLOSERS = "”’）)】》"


def masthead_fields(line: str) -> Tuple[Dict[str, str], str]:
    """The masthead fields found in ``line`` and what is left of it (stripped) when they are taken out."""
    found: Dict[str, str] = {}
    rest = line
    for _ in range(2):  # again over what is left when it followed the numbers (本期8版中共…主办, merged
        count, rest = len(found), _leftover(rest) if found else rest  # by extraction): a sponsor they hid
        for name, rx in MASTHEAD_RE:
            m = rx.search(rest)
            if not m or name in found or (name == "date" and "date" in found):
                continue
            found[name] = _field_value(name, m)
            rest = rest[:m.start()] + " " + rest[m.end():]
        if len(found) == count or not NUMBERING.intersection(found):
            break
    return found, _leftover(rest)


def _leftover(rest: str) -> str:
    """What is left of a masthead line once fields are taken out: spaces and emptied brackets as one space."""
    return re.sub(r"[\s()（）<>]+", " ", rest).strip()


def _field_value(name: str, m: re.Match) -> str:
    if name == "date":
        return f"{int(m.group(1)):04d}-{int(m.group(2)):02d}-{int(m.group(3)):02d}"
    if name == "date_cn":
        year = "".join(str(CN_DIGITS[c]) for c in m.group(1))
        return f"{year}-{cn_number(m.group(2)):02d}-{cn_number(m.group(3)):02d}"
    return m.group(1).strip()


def cn_number(text: str) -> int:
    """A Chinese numeral up to 99 (十, 二十八, 三十一) or digits as an int."""
    if text.isdigit():
        return int(text)
    if "十" in text:
        tens, _, ones = text.partition("十")
        return (CN_DIGITS.get(tens, 1) if tens else 1) * 10 + (CN_DIGITS.get(ones, 0) if ones else 0)
    return CN_DIGITS.get(text, 0)


def ends_paragraph(text: str) -> bool:
    """Whether ``text`` may end a paragraph: a 句末 mark, possibly followed by closing quotes/brackets."""
    stripped = END_MARK.sub("", text.rstrip()).rstrip(CLOSERS)
    return bool(stripped) and stripped[-1] in TERMINAL


def jump(text: str) -> Optional[Tuple[str, int, re.Match]]:
    """('out'|'in', page, match) when ``text`` holds a jump line (下转第2版 / 上接第1版)."""
    m = JUMP.search(text)
    if not m or not (m.group(0).startswith(("（", "(")) or text.strip() == m.group(0).strip()):
        return None
    kind = "out" if m.group(1) in ("下转", "下轉", "转", "轉") else "in"
    return kind, cn_number(m.group(2)), m
