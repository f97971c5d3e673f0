"""Extracted text in other shapes: Traditional characters, GB18030, a page break, wrapped lines, jump lines."""
from layout.reprint.importer import import_source
from layout.reprint.repair import ascii_between_han

TRADITIONAL = """明報

2019年5月4日 星期六
第12期(總第3456期)本期4版

青年節 特別報道
香港各界紀念五四運動一百周年
——數千青年參加集會

本報訊(記者陳大文 通訊員李小明)5月4日上午,香港各界人士在會展中心集會,紀念五四運動一百周年。\
與會者表示,要繼承"愛國、進步、民主、科學"的五四精神...

大會由青年團體聯合主辦,約兩千人出

席。活動還包括展覽和講座--展覽將持續一周。

陳大文攝

新華社北京5月3日電(記者張三)記者從有關部門獲悉,今年的紀念活動將以座談會形式舉行。
"""


def test_traditional_text_with_half_width_marks(tmp_path):
    source = tmp_path / "page.txt"
    source.write_text(TRADITIONAL, encoding="utf-8")
    result = import_source(source)
    paper = result.paper
    assert (paper["name"], paper["date"], paper["number"], paper["total_number"], paper["pages"]) == \
        ("明報", "2019-05-04", "12", "3456", "4")
    first, second = result.articles
    assert (first.kicker, first.headline, first.subhead) == (["青年節　特別報道"], ["香港各界紀念五四運動一百周年"],
                                                             ["——數千青年參加集會"])
    assert first.byline == "本報訊（記者陳大文　通訊員李小明）"
    texts = [p.text for p in first.paragraphs]
    assert texts == [
        "5月4日上午，香港各界人士在會展中心集會，紀念五四運動一百周年。與會者表示，要繼承“愛國、進步、民主、科學”的五四精神……",
        "大會由青年團體聯合主辦，約兩千人出席。活動還包括展覽和講座——展覽將持續一周。",
    ]
    assert first.credit == "陳大文攝"
    assert second.byline == "新華社北京5月3日電（記者張三）" and not second.headline
    assert all(not ascii_between_han(p.text) for a in result.articles for p in a.paragraphs)


def test_form_feed_pages_and_jump_lines_join_one_article(tmp_path):
    page1 = "头版新闻标题\n\n本报讯 今天上午,全市召开大会,部署工作。会议要求各部门(单位)抓紧落实,确保(下转第2版)\n"
    page2 = "(上接第1版)各项任务按期完成。\n\n另一篇文章标题\n\n本报记者 王五\n\n这是另一篇文章的正文。\n"
    source = tmp_path / "pages.txt"
    source.write_bytes((page1 + "\f" + page2).encode("gb18030"))
    result = import_source(source)
    assert len(result.pages) == 2 and result.notes  # read as GB18030, with a note
    first = result.articles[0]
    assert first.headline == ["头版新闻标题"] and first.byline == "本报讯" and first.pages == [1, 2]
    assert [p.text for p in first.paragraphs] == [
        "今天上午，全市召开大会，部署工作。会议要求各部门（单位）抓紧落实，确保各项任务按期完成。"]
    second = result.articles[1]
    assert second.headline == ["另一篇文章标题"] and second.byline == "本报记者\u3000王五"
    assert [p.text for p in second.paragraphs] == ["这是另一篇文章的正文。"]


def test_numbered_intertitles_stay_in_their_article(tmp_path):
    source = tmp_path / "page.txt"
    source.write_text("某某日报\n\n2020年1月2日 星期四\n\n加强基层治理 提升服务水平\n\n本报讯(记者张三)近日,我市召开会议。\n\n"
                      "一、加强组织领导\n\n会议要求,各级党委要把基层治理摆上重要位置。\n\n另一篇报道的标题\n\n本报记者 李四\n\n"
                      "这是另一篇报道的正文。\n", encoding="utf-8")
    result = import_source(source)
    assert [a.headline for a in result.articles] == [["加强基层治理　提升服务水平"], ["另一篇报道的标题"]]
    assert [p.text for p in result.articles[0].paragraphs] == [
        "近日，我市召开会议。", "一、加强组织领导", "会议要求，各级党委要把基层治理摆上重要位置。"]


def test_headline_lines_inside_an_unfinished_paragraph_go_to_the_next_article(tmp_path):
    source = tmp_path / "page.txt"
    source.write_text("某报\n\n2020年1月2日\n\n第一篇的标题\n\n本报讯(记者甲)第一篇正文的第一段,内容较长,\n\n"
                      "弘扬某某精神 争做时代先锋\n\n我区举办某某活动\n\n在栏末被截断了。\n\n本报讯(记者乙)第二篇正文。\n",
                      encoding="utf-8")
    result = import_source(source)
    first, second = result.articles
    assert [p.text for p in first.paragraphs] == ["第一篇正文的第一段，内容较长，在栏末被截断了。"]
    assert (second.kicker, second.headline) == (["弘扬某某精神　争做时代先锋"], ["我区举办某某活动"])
    assert second.byline == "本报讯（记者乙）"
    assert any("set aside" in r.what for r in result.review)
