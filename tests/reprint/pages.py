"""Old pages made by another tool (Typst, from PyPI): multi-column articles with headline stacks, bylines, a masthead.

The texts are the sample's articles, so the pinned test fonts cover them;
``expected_articles`` is what an import must recover from the page.
"""
from dataclasses import dataclass, field
from pathlib import Path
from typing import List

from layout.model.article import parse_article
from layout.model.errors import Diagnostics

ROOT = Path(__file__).resolve().parents[2]
SAMPLE = ROOT / "samples" / "issue-2018-04-28"
FONTS = ROOT / "tests" / "fonts" / "data"
MASTHEAD = ("石景山报", "2018年4月28日　星期六　第36期（总第1708期）　本期8版")


@dataclass
class Story:
    """What a generated page prints for one article."""

    kicker: List[str] = field(default_factory=list)
    headline: List[str] = field(default_factory=list)
    subhead: List[str] = field(default_factory=list)
    byline: str = ""
    paragraphs: List[str] = field(default_factory=list)


def sample_stories() -> List[Story]:
    """Four articles from the sample: 引题+主题, 主题+副题, and two with a 主题 only."""
    out = []
    for name, keep in (("lead", 6), ("labour-day", 5), ("editor-note", 3), ("commentary", 3)):
        path = SAMPLE / f"{name}.txt"
        a = parse_article(path.read_text(encoding="utf-8"), path, Diagnostics())
        out.append(Story(list(a.kicker), list(a.headline), list(a.subhead), a.byline,
                         [p.text for p in a.paragraphs][:keep]))
    return out


def _escape(text: str) -> str:
    return "".join("\\" + ch if ch in "\\#[]*_`$<>@=-+/~\"'" else ch for ch in text)


def typst_source(stories: List[Story], columns: int = 4, indent: bool = True, small: int = 14) -> str:
    """Typst markup for a 对开-like page: masthead, rule, then each story across the page in columns.

    Paragraphs are indented 2 em, or (``indent=False``, web style) set apart by a blank half line.
    """
    par = ("leading: 0.55em, spacing: 0.55em, first-line-indent: (amount: 2em, all: true)" if indent
           else "leading: 0.55em, spacing: 1.2em, first-line-indent: 0em")
    out = [
        '#set page(width: 390mm, height: 540mm, margin: 18mm)',
        '#set text(font: "Noto Serif SC", size: 9pt, lang: "zh", region: "cn")',
        f'#set par(justify: true, {par})',
        f'#text(font: "Noto Sans SC", size: 42pt)[{MASTHEAD[0]}]',
        f'#h(2em)#text(font: "Noto Sans SC", size: 9pt)[{_escape(MASTHEAD[1])}]',
        '#line(length: 100%, stroke: 1pt)',
    ]
    for story in stories:
        out += _story(story, columns, small)
    return "\n".join(out) + "\n"


def _story(story: Story, columns: int, small: int = 14) -> List[str]:
    out = ["#v(4mm)"]
    for size, lines in ((small, story.kicker), (26, story.headline), (small, story.subhead)):
        for line in lines:
            out.append(f'#align(center)[#par(first-line-indent: 0em)[#text(font: "Noto Sans SC", size: {size}pt)'
                       f'[{_escape(line)}]]]')
    body = []
    for i, para in enumerate(story.paragraphs):
        lead = f'#text(font: "Noto Sans SC")[{_escape(story.byline)}]' if i == 0 and story.byline else ""
        body.append(lead + _escape(para))
    chars = sum(len(p) for p in story.paragraphs) + len(story.byline)
    lines = chars / 25 + len(story.paragraphs)
    height = (lines / columns + 2) * 9 * 1.5
    out.append(f"#block(height: {height:.0f}pt)[#columns({columns}, gutter: 3em)[\n" + "\n\n".join(body) + "\n]]")
    out.append("#line(length: 100%, stroke: 0.5pt)")
    return out


def make_typst_page(path: Path, stories: List[Story], columns: int = 4, indent: bool = True,
                    small: int = 14) -> Path:
    """Compile the page with Typst and the pinned test fonts only; ``small``: 引题/副题 size in pt (body 9 pt)."""
    import typst

    src = path.with_suffix(".typ")
    src.write_text(typst_source(stories, columns, indent, small), encoding="utf-8")
    typst.compile(str(src), output=str(path), font_paths=[str(FONTS)], ignore_system_fonts=True)
    return path


HALF_WIDTH = str.maketrans({"，": ",", "：": ":", "；": ";", "（": "(", "）": ")", "？": "?", "！": "!"})


def half_width(text: str) -> str:
    """What an old extraction does to Chinese punctuation: ， ： ； （ ） ？ ！ as ASCII."""
    return text.translate(HALF_WIDTH)


def make_reportlab_page(path: Path, stories: List[Story], columns: int = 3) -> Path:
    """The same stories drawn line by line with reportlab's built-in CID font (STSong-Light, not embedded).

    Lines are broken by measured width and justified with character spacing;
    a paragraph's first line starts with two ideographic spaces (typed indent).
    """
    from reportlab.pdfbase import pdfmetrics
    from reportlab.pdfbase.cidfonts import UnicodeCIDFont
    from reportlab.pdfgen import canvas

    font = "STSong-Light"
    pdfmetrics.registerFont(UnicodeCIDFont(font))
    width, height, margin, gutter, size, leading = 842.0, 1191.0, 40.0, 14.0, 9.0, 13.5
    col = (width - 2 * margin - (columns - 1) * gutter) / columns
    pdf = canvas.Canvas(str(path), pagesize=(width, height), invariant=1)
    pdf.setFont(font, 36)
    pdf.drawString(margin, height - margin - 36, MASTHEAD[0])
    pdf.setFont(font, size)
    pdf.drawString(margin + 190, height - margin - 20, MASTHEAD[1])
    y = height - margin - 60
    for story in stories:
        y = _draw_story(pdf, story, font, (margin, col, gutter, columns, size, leading), y) - 20
    pdf.save()
    return path


def _draw_story(pdf, story: Story, font: str, geom, y: float) -> float:
    from reportlab.pdfbase.pdfmetrics import stringWidth

    margin, col, gutter, columns, size, leading = geom
    full = columns * col + (columns - 1) * gutter
    for big, lines in ((14, story.kicker), (24, story.headline), (14, story.subhead)):
        for line in lines:
            pdf.setFont(font, big)
            pdf.drawString(margin + (full - stringWidth(line, font, big)) / 2, y - big, line)
            y -= big * 1.4
    lines = []
    for i, para in enumerate(story.paragraphs):
        text = "\u3000\u3000" + (story.byline if i == 0 else "") + para
        lines += _break(text, font, size, col)
    per_column = -(-len(lines) // columns)
    pdf.setFont(font, size)
    for n, (text, last) in enumerate(lines):
        x = margin + (n // per_column) * (col + gutter)
        line_y = y - size - (n % per_column) * leading
        spacing = 0.0 if last else (col - stringWidth(text, font, size)) / max(1, len(text) - 1)
        obj = pdf.beginText(x, line_y)
        obj.setFont(font, size)
        obj.setCharSpace(spacing)
        obj.textOut(text)
        pdf.drawText(obj)
    return y - size - per_column * leading


def _break(text: str, font: str, size: float, col: float) -> List[tuple]:
    """Greedy lines of ``text`` no wider than ``col``; (line, is the paragraph's last line)."""
    from reportlab.pdfbase.pdfmetrics import stringWidth

    out, line = [], ""
    for ch in text:
        if line and stringWidth(line + ch, font, size) > col:
            out.append((line, False))
            line = ""
        line += ch
    out.append((line, True))
    return out
