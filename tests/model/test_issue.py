"""issue.yaml: the round trip of a small issue, continuations, and every class of issue error."""
from __future__ import annotations

import datetime as dt
import shutil
from pathlib import Path

import pytest

from layout.model.content import check_issue, load_issue
from layout.model.errors import ModelError
from layout.model.types import ArticlePlacement, ArticleRegion, ImagePlacement, TextPlacement

from .helpers import DATA, at


@pytest.fixture
def issue_dir(tmp_path) -> Path:
    """A copy of the test issue and its templates, free to edit."""
    shutil.copytree(DATA / "templates", tmp_path / "templates")
    shutil.copytree(DATA / "issue", tmp_path / "issue")
    return tmp_path / "issue"


def edit(folder: Path, old: str, new: str) -> Path:
    path = folder / "issue.yaml"
    text = path.read_text(encoding="utf-8")
    assert old in text
    path.write_text(text.replace(old, new, 1), encoding="utf-8")
    return path


def test_round_trip_of_the_small_issue():
    issue = load_issue(DATA / "issue" / "issue.yaml")
    paper = issue.paper
    got = (paper.name, paper.date, paper.number, paper.total_number, paper.pages)
    assert got == ("测试报", dt.date(2018, 4, 28), 36, 1708, 8)
    assert issue.output_name == "20180428" and [p.number for p in issue.pages] == [1, 2]
    front, inner = issue.pages
    assert front.template.name == "一版" and inner.template.name == "内页"
    masthead = front.template.region("masthead")
    assert [i.text for i in masthead.items] == ["2018年4月28日 星期六", "第36期(总第1708期)本期8版", "测试宣传部主办"]
    assert masthead.name.text == "测试报" and masthead.name.style.color.m == 1.0
    hotline = front.template.region("hotline")
    assert hotline.lines[0].text == "热线电话"  # the issue's vars override the template's default
    assert isinstance(front.slots["hotline"], TextPlacement) and front.slots["hotline"].lines[1] == "●供电:95598"
    assert set(issue.articles) == {"lead", "greeting", "second"}
    assert issue.warnings == ()


def test_continuation_gets_jump_lines_with_real_page_numbers():
    issue = load_issue(DATA / "issue" / "issue.yaml")
    first = issue.page(1).slots["lead"]
    cont = issue.page(2).slots["jump"]
    assert isinstance(first, ArticlePlacement) and isinstance(cont, ArticlePlacement)
    assert first.article is cont.article
    assert (first.part, first.continues_to, first.next_region, first.jump_out) == (0, 2, "jump", "（下转第2版）")
    assert (cont.part, cont.continued_from, cont.jump_in, cont.jump_out) == (1, 1, "（上接第1版）", "")
    assert first.jump_in == "" and cont.continues_to == 0


def test_image_region_takes_the_articles_header_image():
    issue = load_issue(DATA / "issue" / "issue.yaml")
    photo = issue.page(1).slots["photo"]
    assert isinstance(photo, ImagePlacement)
    assert photo.image.credit == "刘粟摄" and photo.image.exists
    assert Path(photo.image.path) == (DATA / "issue" / "images" / "photo.png")


def test_folio_is_filled_and_mirrored_on_even_pages():
    issue = load_issue(DATA / "issue" / "issue.yaml")
    folio = issue.page(2).template.region("folio")
    assert folio.left.text == "责任编辑 李编辑"  # mirror: true swaps left and right on page 2
    assert folio.right.text == "测试报  2018年4月28日 星期六"
    assert folio.center.text == "第2版  综合"


def test_page_articles_in_region_order():
    issue = load_issue(DATA / "issue" / "issue.yaml")
    assert [p.region for p in issue.page(1).articles()] == ["lead", "side"]
    side = issue.page(1).template.region("side")
    assert isinstance(side, ArticleRegion) and side.writing_mode == "vertical-rl"


ERRORS = [
    ("      lead: articles/lead.txt\n", "      leed: articles/lead.txt\n", "leed", "has no region 'leed' (did you mean 'lead'?)"),
    ("      hotline: {lines:", "      masthead: {lines:", "masthead", "region 'masthead' is a masthead region"),
    ("{article: articles/side.txt, id: greeting}", "{article: articles/nope.txt}", "articles/nope.txt", "not found"),
    ("      jump: {continued: lead}\n", "      jump: {continued: leda}\n", "leda", "no article 'leda' is placed before"),
    ("      jump: {continued: lead}\n", "      jump: {continued: lead, image: x.png}\n", "{continued",
     "both continued and image"),
    ("  - number: 2\n", "  - number: 1\n", "1\n    template: inner", "page 1 is already listed"),
    ("  - number: 2\n", "  - number: 9\n", "9\n", "beyond the issue's 8 pages"),
    ("    template: inner\n", "    template: iner\n", "iner", "no template 'iner'"),
    ("  date: 2018-04-28\n", "  date: 2018-02-30\n", "2018-02-30", "not a real date"),
    ("  hotline_title: 热线电话\n", "  hotline_titel: 热线电话\n", "hotline_titel", "did you mean 'hotline_title'?"),
    ("  number: 36\n", "  nubmer: 36\n", "nubmer", "did you mean 'number'?"),
    ("templates: ../templates\n", "templates: ../tmpl\n", "../tmpl", "no folder"),
]


@pytest.mark.parametrize("old,new,needle,fragment", ERRORS, ids=[e[3][:30] for e in ERRORS])
def test_issue_errors_point_at_their_line(issue_dir, old, new, needle, fragment):
    path = edit(issue_dir, old, new)
    found = [str(d) for d in check_issue(path) if d.severity == "error"]
    assert len(found) == 1, found
    if "not found" in fragment:
        assert found[0].startswith(at(path, needle) + ":") or found[0].startswith(at(path, needle).rsplit(":", 1)[0])
    else:
        assert found[0].startswith(at(path, needle) + ":"), (found[0], at(path, needle))
    assert fragment in found[0]


def test_errors_in_an_article_header_are_reported_with_the_article_file(issue_dir):
    art = issue_dir / "articles" / "second.txt"
    art.write_text(art.read_text(encoding="utf-8").replace("作者:", "作着:"), encoding="utf-8")
    found = [str(d) for d in check_issue(issue_dir / "issue.yaml")]
    assert len(found) == 1 and found[0].startswith(at(art, "作着") + ":")


def test_errors_in_a_template_are_reported_with_the_template_file(issue_dir):
    tpl = issue_dir.parent / "templates" / "inner.yaml"
    tpl.write_text(tpl.read_text(encoding="utf-8").replace("    mirror: true\n", "    miror: true\n"), encoding="utf-8")
    with pytest.raises(ModelError) as info:
        load_issue(issue_dir / "issue.yaml")
    assert len(info.value.errors) == 1 and str(info.value).startswith(at(tpl, "miror") + ":")


def test_missing_image_is_a_warning_and_the_issue_still_loads(issue_dir):
    (issue_dir / "images" / "photo.png").unlink()
    issue = load_issue(issue_dir / "issue.yaml")
    photo = issue.page(1).slots["photo"]
    assert photo.image.exists is False
    assert len(issue.warnings) == 1 and "photo.png" in issue.warnings[0] and ": warning:" in issue.warnings[0]


def test_an_image_given_in_the_issue(issue_dir):
    photo = "      photo: {image: images/photo.png, caption: 说明, credit: 某某摄, label: 示意图}\n"
    path = edit(issue_dir, "      hotline:", photo + "      hotline:")
    issue = load_issue(path)
    photo = issue.page(1).slots["photo"]
    assert (photo.image.caption, photo.image.credit, photo.image.label) == ("说明", "某某摄", "示意图")


def test_an_article_placed_twice(issue_dir):
    path = edit(issue_dir, "      main: articles/second.txt\n", "      main: articles/lead.txt\n")
    found = [str(d) for d in check_issue(path)]
    assert len(found) == 1 and found[0].startswith(at(path, "articles/lead.txt", nth=2) + ":")
    assert "already placed on page 1 (line 19)" in found[0] and "{continued: lead}" in found[0]


def _break_front_template(issue_dir: Path) -> Path:
    tpl = issue_dir.parent / "templates" / "front.yaml"
    tpl.write_text(tpl.read_text(encoding="utf-8").replace("    balance: true\n", "    balanse: true\n"), encoding="utf-8")
    return tpl


def test_a_broken_template_does_not_cascade_into_continuation_errors(issue_dir):
    tpl = _break_front_template(issue_dir)
    found = [str(d) for d in check_issue(issue_dir / "issue.yaml")]
    assert len(found) == 1 and found[0].startswith(at(tpl, "balanse") + ":"), found


def test_a_missing_template_does_not_cascade_into_continuation_errors(issue_dir):
    path = edit(issue_dir, "template: front", "template: frnot")
    found = [str(d) for d in check_issue(path)]
    assert len(found) == 1 and "no template 'frnot'" in found[0], found


def test_a_wrong_continuation_id_is_still_reported_when_a_template_fails(issue_dir):
    _break_front_template(issue_dir)
    path = edit(issue_dir, "{continued: lead}", "{continued: laed}")
    found = [str(d) for d in check_issue(path)]
    assert len(found) == 2 and "no article 'laed' is placed before this page" in found[1], found


def test_articles_on_a_page_whose_template_failed_are_still_checked(issue_dir):
    _break_front_template(issue_dir)
    art = issue_dir / "articles" / "lead.txt"
    art.write_text(art.read_text(encoding="utf-8").replace("作者:", "作着:"), encoding="utf-8")
    found = [str(d) for d in check_issue(issue_dir / "issue.yaml")]
    assert len(found) == 2 and any(f.startswith(at(art, "作着") + ":") for f in found), found


def test_template_errors_are_listed_before_the_issue_errors_they_may_explain(issue_dir):
    tpl = _break_front_template(issue_dir)
    path = edit(issue_dir, "  - number: 2\n", "  - number: 9\n")
    found = [str(d) for d in check_issue(path)]
    assert len(found) == 2, found
    assert found[0].startswith(at(tpl, "balanse") + ":") and "beyond the issue's 8 pages" in found[1]
