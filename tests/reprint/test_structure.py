"""Structure recognition on extracted text: the 接题 under a 上接 line is the continued story's, not an article."""
from layout.reprint.importer import import_source

PAGES = """晨光日報
2026年3月2日 星期一 第45期 本期2版

城南老街改造完工
本報訊（記者王一鳴）3月1日，城南老街改造工程完工，街面鋪上了青石板，沿街的老字號陸續重新開張，
（下轉第2版）
\f（上接第1版）
城南老街改造完工
吸引了不少市民前來參觀。

大橋合龍
本報訊（記者劉洋）2日上午，跨江大橋順利合龍。
"""


def test_jump_headline_after_the_jump_line_is_dropped(tmp_path):
    source = tmp_path / "pages.txt"
    source.write_text(PAGES, encoding="utf-8")
    result = import_source(source)
    assert [(a.headline, a.pages) for a in result.articles] == [(["城南老街改造完工"], [1, 2]), (["大橋合龍"], [2])]
    lead = result.articles[0]
    assert [p.text for p in lead.paragraphs] == [
        "3月1日，城南老街改造工程完工，街面鋪上了青石板，沿街的老字號陸續重新開張，吸引了不少市民前來參觀。"]
    dropped = [c for c in result.changes if "接题" in c.rule]
    assert len(dropped) == 1 and dropped[0].before == "城南老街改造完工" and dropped[0].where.page == 2


def test_byline_in_brackets_after_the_text(tmp_path):
    source = tmp_path / "page.txt"
    source.write_text("大桥合龙\n2日上午，跨江大桥顺利合龙。\n\n（本报记者　刘洋）\n\n书香满社区\n"
                      "东湖社区图书室今年新添图书两千册。（完）\n", encoding="utf-8")
    result = import_source(source)
    bridge, books = result.articles
    assert (bridge.byline, [p.text for p in bridge.paragraphs]) == ("本报记者　刘洋", ["2日上午，跨江大桥顺利合龙。"])
    assert books.byline == "" and books.paragraphs[-1].text.endswith("（完）")


def test_run_in_byline_name_ends_with_its_face_else_is_guessed():
    from layout.reprint.model import Imported, Piece
    from layout.reprint.structure import Builder

    def byline(text, lead=""):
        builder = Builder(Imported("x"), is_pdf=True)
        builder._new_article(1)
        piece = Piece(text, [None] * len(text), lead=lead)
        builder._runin_byline(piece)
        return builder.cur.byline, piece.text, bool(builder.result.review)

    assert byline("本报记者　欧阳明日走进首钢园区", lead="本报记者欧阳明日") == ("本报记者　欧阳明日", "走进首钢园区", False)
    assert byline("本报记者　林溪走进首钢园区") == ("本报记者　林溪", "走进首钢园区", False)
    assert byline("本报评论员　高远一条地铁线") == ("本报评论员　高远", "一条地铁线", False)
    assert byline("本报记者　王晓光明介绍") == ("本报记者　王晓", "光明介绍", True)  # unclear: to review


def test_a_sponsor_merged_after_other_masthead_fields_is_still_read():
    # a PDF's extraction ran 本期8版 and the sponsor together on one line: the sponsor pattern (anchored at the
    # line's start) only matches what is left once the other fields are taken out
    from layout.reprint.patterns import masthead_fields

    found, rest = masthead_fields("第36期（总第1708期）　本期8版中共石景山区委宣传部主办")
    assert found == {"total_number": "1708", "number": "36", "pages": "8", "sponsor": "中共石景山区委宣传部"}
    assert rest == ""


def test_the_second_masthead_pass_reads_only_a_sponsor_after_the_issue_numbers():
    from layout.reprint.patterns import masthead_fields

    assert masthead_fields("责任编辑：王明　本栏目由区科协主办")[0] == {"editor": "王明"}
    assert "sponsor" not in masthead_fields("2018年4月28日，第三届由区委宣传部主办")[0]
