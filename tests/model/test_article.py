"""Article files: header keys, repeated heading lines, paragraphs, errors with file:line:column."""
from __future__ import annotations

from PIL import Image as PILImage

from layout.model.article import load_article, parse_article
from layout.model.errors import Diagnostics
from layout.model.template import display_path

from .helpers import DATA, at, write


def parse(tmp_path, text: str):
    path = write(tmp_path, "a.txt", text)
    diags = Diagnostics()
    return path, load_article(path, diags), [str(d) for d in diags.sorted()]


def test_header_and_paragraphs(tmp_path):
    path, art, msgs = parse(tmp_path, """\
        # a comment
        引题: 对口支援
        主题: 我区党政代表团赴青海省玉树藏族自治州称多县
        主题：开展对口支援并对接携手奔小康工作
        副题: 副题一
        作者: 本报讯(记者翟国鑫)
        id: lead-story
        ---
        　　第一段。

        第二段,with Latin 2018.
        """)
    assert msgs == []
    assert art.id == "lead-story" and art.kicker == ("对口支援",)
    assert art.headline == ("我区党政代表团赴青海省玉树藏族自治州称多县", "开展对口支援并对接携手奔小康工作")
    assert art.subhead == ("副题一",) and art.byline == "本报讯(记者翟国鑫)"
    assert [p.text for p in art.paragraphs] == ["第一段。", "第二段,with Latin 2018."]
    assert [p.line for p in art.paragraphs] == [9, 11]  # source lines, for reports


def test_english_keys_and_no_header(tmp_path):
    _, art, msgs = parse(tmp_path, "kicker: K\nheadline: H\nsubhead: S\nbyline: B\n---\nP\n")
    assert (art.kicker, art.headline, art.subhead, art.byline) == (("K",), ("H",), ("S",), "B")
    _, art, msgs = parse(tmp_path, "主题: 这不是题目,因为没有分隔线\n第二行\n")
    assert art.headline == () and len(art.paragraphs) == 2 and msgs == []


def test_unknown_key_with_line_and_column(tmp_path):
    path, _, msgs = parse(tmp_path, "主题: H\n  kiker: K\n---\nP\n")
    assert len(msgs) == 1 and msgs[0].startswith(at(path, "kiker") + ":") and "did you mean 'kicker'?" in msgs[0]


def test_repeated_single_key_and_line_without_colon(tmp_path):
    path, _, msgs = parse(tmp_path, "作者: A\n作者: B\n随便写的一行\n---\nP\n")
    assert msgs[0].startswith(at(path, "作者: B") + ":") and "given twice (first at line 1)" in msgs[0]
    assert msgs[1].startswith(at(path, "随便") + ":") and "without 'key: value'" in msgs[1]


def test_image_relative_to_the_article_and_missing_image_warns(tmp_path):
    (tmp_path / "img").mkdir()
    PILImage.new("L", (4, 3), 128).save(tmp_path / "img" / "p.png")
    _, art, msgs = parse(tmp_path, "图片: img/p.png\n图注: 图注文字\n摄影: 刘粟摄\n---\nP\n")
    assert msgs == [] and art.image.exists and art.image.caption == "图注文字" and art.image.credit == "刘粟摄"
    assert art.image.path == str(tmp_path / "img" / "p.png")
    path, art, msgs = parse(tmp_path, "主题: H\n图片: nope.png\n---\nP\n")
    assert art.image.exists is False
    assert len(msgs) == 1 and msgs[0].startswith(at(path, "图片") + ": warning:")


def test_caption_without_image_is_an_error(tmp_path):
    path, _, msgs = parse(tmp_path, "主题: H\n图注: 无图\n---\nP\n")
    assert len(msgs) == 1 and msgs[0].startswith(at(path, "图注") + ":")


def test_bom_and_empty_value(tmp_path):
    diags = Diagnostics()
    art = parse_article("\ufeff主题: H\n副题:\n---\nP\n", tmp_path / "x.txt", diags)
    assert art.headline == ("H",)
    assert len(diags.errors) == 1 and "'副题' has no value" in diags.errors[0].message and diags.errors[0].mark.line == 2


def test_missing_article_file_is_reported_not_raised(tmp_path):
    diags = Diagnostics()
    assert load_article(tmp_path / "nope.txt", diags) is None
    assert "not found" in diags.errors[0].message


def test_the_test_data_articles_parse_cleanly():
    for name in ("lead", "side", "second"):
        diags = Diagnostics()
        art = load_article(DATA / "issue" / "articles" / f"{name}.txt", diags)
        assert diags.items == [] and art.paragraphs


def test_a_gbk_article_is_refused_at_the_line_and_column_of_its_first_non_utf8_byte(tmp_path):
    path = tmp_path / "gbk.txt"
    path.write_bytes("主题: 标题\n---\n".encode("utf-8") + "正文第一段。\n".encode("gbk"))
    diags = Diagnostics()
    assert load_article(path, diags) is None
    msgs = [str(d) for d in diags.sorted()]
    assert len(msgs) == 1 and msgs[0].startswith(f"{display_path(path)}:3:1: not UTF-8 text")
    assert "save the file as UTF-8" in msgs[0]


def test_a_damaged_image_is_a_warning_with_the_reason_and_the_article_still_loads(tmp_path):
    (tmp_path / "p.png").write_bytes(b"\x89PNG\r\n\x1a\nbroken")
    path, art, msgs = parse(tmp_path, "主题: H\n图片: p.png\n---\nP\n")
    assert art is not None and art.image.exists and art.image.problem.startswith("cannot be read as an image")
    assert len(msgs) == 1 and msgs[0].startswith(at(path, "图片") + ": warning: image file 'p.png' cannot be read")
    assert "damaged" in msgs[0] and "placeholder" in msgs[0]
