"""Designers' broken templates and desks' broken issues through `render.py check` / `render.py issue`.

Each mutation edits a private copy of the bundled sample issue and templates.
A good message names file:line:column and says what to do; exit codes are
non-zero; never a traceback.
"""
import re

import pytest

from tests.qa.helpers import FONTS, copy_issue, render, replace_in

LOCATED = re.compile(r"\.(yaml|txt):\d+:\d+: ")

# name -> (file relative to the copy, old, new, words the message must contain)
MUTATIONS = {
    "key_typo": ("templates/base.yaml", "  columns: 6", "  colums: 6", "did you mean 'columns'"),
    "bare_number": ("templates/base.yaml", "gutter: 9pt", "gutter: 9", "unit"),
    "bad_unit": ("templates/base.yaml", "size: 小五\n    leading: 14pt", "size: 9pts\n    leading: 14pt", "9pts"),
    "overlap": ("templates/front.yaml", "kind: box\n    column: 5", "kind: box\n    column: 4", "overlap"),
    "span_beyond": ("templates/front.yaml", "span: 6\n    top: 12 lines", "span: 7\n    top: 12 lines", "grid has 6"),
    "wrong_font_role": ("templates/base.yaml", "  body:\n    font: song", "  body:\n    font: songti", "'song'"),
    "unknown_style": ("templates/front.yaml", "    style: box\n", "    style: boxx\n", "'box'"),
    "yaml_syntax": ("templates/front.yaml", "border: {width: 0.5pt}", "border: {width: 0.5pt", "YAML"),
    "yaml_tabs": ("templates/front.yaml", "    kind: box\n    column: 5", "\tkind: box\n\tcolumn: 5", "YAML"),
    "duplicate_key": ("templates/front.yaml", "kind: box\n    column: 5", "kind: box\n    column: 5\n    column: 4",
                      "duplicate"),
    "missing_article": ("issue/issue.yaml", "lead: lead.txt", "lead: lead-missing.txt", "not found"),
    "missing_template": ("issue/issue.yaml", "template: front", "template: frnot", "'front'"),
    "bad_date": ("issue/issue.yaml", '"2018-04-28"', '"2018-02-30"', "not a real date"),
    "unknown_var": ("templates/inner.yaml", "{page_name}", "{pagename}", "page_name"),
    "extends_missing": ("templates/inner.yaml", "extends: base", "extends: bsae", "'base'"),
    "article_header_typo": ("issue/labour-day.txt", "subhead:", "subhaed:", "subhead"),
    "slot_typo": ("issue/issue.yaml", "      second: labour-day.txt", "      secnd: labour-day.txt", "'second'"),
}


@pytest.mark.parametrize("name", sorted(MUTATIONS))
def test_broken_input_is_located_and_explained(tmp_path, name):
    issue = copy_issue(tmp_path)
    rel, old, new, words = MUTATIONS[name]
    replace_in(tmp_path / rel, old, new)
    r = render("check", issue)
    out = r.stdout + r.stderr
    assert r.returncode == 1 and "Traceback" not in out, out
    assert LOCATED.search(out) and words in out, out


def test_good_issue_checks_clean(tmp_path):
    r = render("check", copy_issue(tmp_path))
    assert r.returncode == 0 and "0 error(s)" in r.stdout + r.stderr


def test_overset_and_missing_image_fail_only_with_strict(tmp_path):
    issue = copy_issue(tmp_path)
    lead = tmp_path / "issue" / "lead.txt"
    lead.write_text(lead.read_text(encoding="utf-8") + ("为测试超版而加入的文字。" * 40 + "\n") * 40, encoding="utf-8")
    replace_in(tmp_path / "issue" / "labour-day.txt", "image: photo-labour-day.png", "image: no-such.png")
    r = render("issue", issue, "-o", tmp_path / "out", "--fonts", FONTS, "--strict")
    out = r.stdout + r.stderr
    assert r.returncode == 1 and "Traceback" not in out
    assert re.search(r"overset: lead: \d+ characters", out) and "no-such.png" in out


# ---- defects ---------------------------------------------------------------------------------

def test_corrupt_image_is_caught_by_check_with_its_location(tmp_path):
    issue = copy_issue(tmp_path)
    (tmp_path / "issue" / "photo-labour-day.png").write_bytes(b"\x89PNG\r\n\x1a\nbroken")
    r = render("check", issue)
    assert "labour-day.txt:" in r.stdout + r.stderr and "photo-labour-day.png" in r.stdout + r.stderr


def test_template_error_does_not_cascade_into_issue_errors(tmp_path):
    issue = copy_issue(tmp_path)
    replace_in(tmp_path / "templates" / "front.yaml", "    style: box\n", "    style: boxx\n")
    r = render("check", issue)
    assert "1 error(s)" in r.stdout + r.stderr, r.stdout + r.stderr


def test_non_utf8_article_names_the_line(tmp_path):
    issue = copy_issue(tmp_path)
    note = tmp_path / "issue" / "editor-note.txt"
    note.write_bytes(note.read_text(encoding="utf-8").encode("gbk"))
    r = render("check", issue)
    assert r.returncode == 1 and re.search(r"editor-note\.txt:\d+:\d+: ", r.stdout + r.stderr), r.stdout + r.stderr


def test_issue_output_folder_is_a_file(tmp_path):
    issue = copy_issue(tmp_path)
    (tmp_path / "out").write_text("not a folder")
    r = render("issue", issue, "-o", tmp_path / "out", "--fonts", FONTS)
    assert r.returncode != 0 and "Traceback" not in r.stderr, r.stderr[-400:]


def test_missing_font_weight_is_reported(tmp_path):
    issue = copy_issue(tmp_path)
    r = render("issue", issue, "-o", tmp_path / "out", "--fonts", FONTS)
    assert r.returncode == 0
    assert re.search(r"(black|bold)", r.stdout + r.stderr), r.stdout[-600:]
