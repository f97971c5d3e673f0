"""Variables: filled from the issue, declared by templates, unknown names are errors."""
from __future__ import annotations

import datetime as dt

import pytest

from layout.model.template import load_template
from layout.model.types import Paper
from layout.model.variables import WEEKDAYS, fill, issue_values, names_in, page_values

from .helpers import MINIMAL, at, messages, write

PAPER = Paper("测试报", dt.date(2018, 4, 28), 36, 1708, 8, "测试部", "京内资准字2003-L0007", "www.example.cn")


def test_issue_values_spell_date_and_weekday_the_chinese_way():
    v = issue_values(PAPER)
    assert v["date"] == "2018年4月28日" and v["weekday"] == "星期六"
    assert (v["number"], v["total_number"], v["pages"]) == ("36", "1708", "8")
    assert [WEEKDAYS[dt.date(2024, 1, d).weekday()] for d in (1, 7)] == ["星期一", "星期日"]


def test_template_texts_are_filled_for_a_page(tmp_path):
    text = MINIMAL.replace('["{paper} {date}"]', '["{paper} {date} {weekday}", "第{number}期 第{page}版 {page_name} {{raw}}"]')
    path = write(tmp_path, "t.yaml", text)
    values = {**issue_values(PAPER), **page_values(3, "", "综合", "王")}
    lines = [i.text for i in load_template(path, page_number=3, values=values).region("top").lines]
    assert lines == ["测试报 2018年4月28日 星期六", "第36期 第3版 综合 {raw}"]


def test_without_values_texts_keep_their_placeholders(tmp_path):
    path = write(tmp_path, "t.yaml", MINIMAL)
    assert load_template(path).region("top").lines[0].text == "{paper} {date}"


def test_declared_variables_have_defaults_and_can_be_overridden(tmp_path):
    text = "variables: {hotline_title: 服务热线}\n" + MINIMAL.replace('["{paper} {date}"]', '["{hotline_title}"]')
    path = write(tmp_path, "t.yaml", text)
    assert messages(path) == []
    base = issue_values(PAPER)
    assert load_template(path, values=base).region("top").lines[0].text == "服务热线"
    assert load_template(path, values={**base, "hotline_title": "热线"}).region("top").lines[0].text == "热线"


def test_jump_variables_only_in_jump_lines(tmp_path):
    ok = MINIMAL.replace("    height: rest\n", "    height: rest\n    jump_out: 转第{to_page}版\n")
    assert messages(write(tmp_path, "ok.yaml", ok)) == []
    bad = MINIMAL.replace('["{paper} {date}"]', '["{to_page}"]')
    path = write(tmp_path, "bad.yaml", bad)
    msgs = messages(path)
    assert len(msgs) == 1 and msgs[0].startswith(at(path, '"{to_page}"')) and "unknown variable {to_page}" in msgs[0]
    wrong_way = MINIMAL.replace("    height: rest\n", "    height: rest\n    jump_in: 接第{to_page}版\n")
    path = write(tmp_path, "w.yaml", wrong_way)
    assert "unknown variable {to_page}" in messages(path)[0]


@pytest.mark.parametrize("text,expected", [("第{number}期", ["number"]), ("{{x}}", []), ("{a}{b}", ["a", "b"])])
def test_names_in(text, expected):
    assert names_in(text) == expected


def test_fill_leaves_unknown_names_for_a_later_stage():
    assert fill("（下转第{to_page}版）{page}", {"page": 1}) == "（下转第{to_page}版）1"
