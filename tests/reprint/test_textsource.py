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


def test_lines_made_longer_by_hanging_punctuation_do_not_split_paragraphs(tmp_path):
    # 18-20 em column lines, two of them a mark longer: the block's full width is its usual line, not its
    # longest, so a full line is not taken for a short one with a dropped indent (split between 强 and 力推进)
    source = tmp_path / "page.txt"
    source.write_text("测试报\n\n本报讯(记者张三)今天上午在区里召开\n了一次会议,会议研究了今年的工作安排,\n"
                      "重点在产业、旅游、教育、医疗、人才、\n劳务上完善规划,健全机制,加紧施工,强\n"
                      "力推进各项工作顺利进行并取得好的成绩\n同时要继续深化两地合作,把优势和资源紧\n"
                      "密结合起来,推动产业对接,加强教育帮扶。\n", encoding="utf-8")
    result = import_source(source)
    [article] = result.articles
    assert len(article.paragraphs) == 1 and "强力推进" in article.paragraphs[0].text


def test_a_traditional_greeting_box_keeps_both_lines(tmp_path):
    # the greeting pattern knew only simplified forms: 快樂 was read as the first article's kicker
    source = tmp_path / "page.txt"
    source.write_text("明報\n\n2019年5月4日 星期六\n\n祝全區各界勞動者\n“五一”快樂\n\n香港各界紀念五四運動一百周年\n\n"
                      "本報訊(記者陳大文)5月4日上午,香港各界人士在會展中心集會,紀念五四運動一百周年。\n", encoding="utf-8")
    result = import_source(source)
    assert [b.lines for b in result.boxes if b.kind == "greeting"] == [["祝全區各界勞動者", "“五一”快樂"]]
    assert result.articles[0].kicker != ["“五一”快樂"]


def test_a_layout_dump_with_columns_side_by_side_is_doubtful(tmp_path):
    # pdftotext -layout writes the columns of a page side by side on each line: read line by line, every
    # story is scrambled with nearly the same character count, so nothing else catches it
    left = ["区委书记于长辉带领我区党政", "代表团赴青海省玉树藏族自治", "州称多县开展对口支援工作，",
            "共商携手奔小康大计，深化各", "领域协作，走访慰问困难群众", "并看望我区在当地的挂职干部"]
    right = ["全区经济运行平稳向好，地区", "生产总值同比增长百分之七点", "二，一般公共预算收入增长百",
             "分之十一点八，高于全市平均", "水平。第三产业增加值占全区", "地区生产总值的比重继续提高"]
    source = tmp_path / "layout.txt"
    rows = "\n".join(f"{a}      {b}" for a, b in zip(left + left, right + right))  # 12 lines, as a page gives
    source.write_text("测试报\n\n" + rows + "\n", encoding="utf-8")
    result = import_source(source)
    assert any("hold two or more columns side by side" in p and "without -layout" in p for p in result.problems)


def test_a_story_that_jumps_to_a_page_the_source_lacks_is_to_review(tmp_path):
    source = tmp_path / "page.txt"
    source.write_text("测试报\n\n标题在这里\n\n本报讯(记者张三)今天上午在区里召开了一次会议,会议研究了今年的工作安排,"
                      "重点在产业上完善规划\n(下转第2版)\n", encoding="utf-8")
    result = import_source(source)
    assert any("its jump line (下转) was taken out" in r.what and "完善规划" in r.what for r in result.review)


def test_tables_phone_lists_and_a_poem_with_wide_spaces_are_not_taken_for_a_layout_dump():
    from layout.reprint.textsource import side_by_side_share

    table = "\n".join(f"地区生产总值指标第{k}项     190.{k}亿元   7.{k}%" for k in range(12))
    phones = "\n".join(f"区医院急诊科值班电话第{k}     6887700{k}" for k in range(12))
    poem = "\n".join(["春风拂面暖山川，   古道悠悠又一年。"] * 4 + ["第一段正文在这里继续写下去不会有空格的长句子"] * 8)
    assert side_by_side_share(table) == side_by_side_share(phones) == 0.0
    assert side_by_side_share(poem) < 0.5
