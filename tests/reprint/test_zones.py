"""Page zones from geometry: the 报头 band, framed notices, captions under pictures (synthetic PDF pieces)."""
from layout.reprint.model import PageInfo, Piece
from layout.reprint.zones import framed_boxes, head_zone, under_picture


def _piece(text, box, size=9.0, lines=1, vertical=False):
    return Piece(text, [], page=1, size=size, box=box, lines=lines, vertical=vertical)


def _front(pieces, **kw):
    return PageInfo(0, body_size=9.0, type_area=(70.0, 80.0, 780.0, 1100.0), **kw)


def test_head_band_holds_the_paper_its_data_and_the_boxes_whatever_the_order():
    greeting = _piece("新春快乐", (700, 125, 720, 190), size=17, vertical=True)
    paper = _piece("晨光日报", (78, 134, 300, 188), size=54)
    data = [_piece("2026年3月2日　星期一", (312, 127, 430, 136)), _piece("第45期　本期8版", (312, 142, 430, 151))]
    kicker = _piece("城南老街改造完工", (190, 252, 650, 270), size=18)
    body = _piece("本报讯（记者王一鸣）3月1日，城南老街改造工程完工。", (78, 322, 190, 457), lines=9)
    pieces = [greeting, paper] + data + [kicker, body]
    zone, found = head_zone(pieces, _front(pieces))
    assert found is paper
    assert zone == {id(p) for p in [greeting, paper] + data}


def test_head_band_of_a_logo_masthead_is_found_by_its_data_lines():
    data = [_piece("2026年3月2日　星期一", (312, 127, 430, 136)), _piece("第45期（总第9876期）", (312, 142, 430, 151))]
    body = _piece("正文。" * 20, (78, 322, 190, 457), lines=9)
    zone, found = head_zone(data + [body], _front(data + [body]))
    assert found is None and zone == {id(p) for p in data}


def test_a_band_deeper_than_the_head_is_not_the_head():
    paper = _piece("晨光日报", (700, 90, 760, 600), size=54, vertical=True)  # a tall vertical 报头 beside stories
    story = _piece("正文。" * 20, (78, 90, 600, 600), lines=30)
    zone, _found = head_zone([paper, story], _front([paper, story]))
    assert not zone


def test_frame_of_one_line_pieces_is_a_box_and_one_with_prose_is_not():
    notice = [_piece("公益广告", (400, 700, 450, 710)), _piece("节约用水", (220, 740, 620, 820), size=80)]
    note = [_piece("编者按", (740, 130, 760, 180), size=18, vertical=True),
            _piece("本版续登开通的报道。" * 4, (640, 130, 740, 300), lines=5, vertical=True)]
    info = _front(notice + note, frames=[(78, 680, 770, 1000), (430, 120, 770, 310)])
    boxes = framed_boxes(notice + note, info, set())
    assert set(boxes) == {id(p) for p in notice}


def test_caption_under_a_picture_but_not_body_text_resuming_there():
    info = _front([], images=[(430, 880, 770, 1090)])
    caption = _piece("老人们在社区食堂就餐", (430, 1095, 535, 1102), size=7.5)
    credit = _piece("孙浩摄", (745, 1095, 770, 1104))
    text = _piece("驿站还将提供送餐上门服务，每份餐补贴", (430, 1094, 540, 1104))
    assert under_picture(caption, info) and under_picture(credit, info)
    assert not under_picture(text, info)
    assert not under_picture(_piece("老人们在社区食堂就餐", (430, 500, 535, 510), size=7.5), info)
