"""A slot filling a region that the page's own ``regions:`` adjustments removed (``id: null``) says so, and where."""
from layout.model.content import check_issue
from tests.model.helpers import MINIMAL, where, write

ISSUE = """\
paper: {name: 测试报, date: "2018-04-28", number: 1, pages: 1}
templates: templates
pages:
  - number: 1
    template: t
    regions:
      top: null
    slots:
      top:
        lines: [地铁新线]
      lead: a.txt
"""


def test_a_slot_in_a_region_the_page_removed_names_the_removal(tmp_path):
    write(tmp_path, "templates/t.yaml", MINIMAL)
    write(tmp_path, "a.txt", "主题: 标题\n---\n天地玄黄\n")
    issue = write(tmp_path, "issue.yaml", ISSUE)
    msgs = [str(d) for d in check_issue(issue)]
    assert len(msgs) == 1, msgs
    line, column = where(issue, "top:", 2)  # the slot key
    removed_line, removed_column = where(issue, "top: null")
    assert msgs[0].startswith(f"{issue}:{line}:{column}:") or f":{line}:{column}:" in msgs[0]
    assert "region 'top' of template 't' was removed by this page's adjustments" in msgs[0]
    assert f"issue.yaml:{removed_line}:{removed_column})" in msgs[0]
    assert "has no region" not in msgs[0]


def test_a_slot_in_a_region_the_template_never_had_is_still_no_region(tmp_path):
    write(tmp_path, "templates/t.yaml", MINIMAL)
    write(tmp_path, "a.txt", "主题: 标题\n---\n天地玄黄\n")
    issue = write(tmp_path, "issue.yaml", ISSUE.replace("      top: null\n", "      top: {height: 20mm}\n")
                  .replace("      top:\n        lines", "      topp:\n        lines"))
    msgs = [str(d) for d in check_issue(issue)]
    assert any("has no region 'topp'" in m for m in msgs), msgs
