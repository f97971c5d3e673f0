"""Every file an issue or template names stays inside its folder; output: is a plain file stem."""
import os
import shutil
import time
from pathlib import Path

import pytest

from layout.model.content import output_stem_problem, read_issue
from layout.model.template import MAX_EXTENDS, check_template

from .helpers import DATA


@pytest.fixture
def issue_dir(tmp_path) -> Path:
    """A copy of the test issue and its templates, plus a secret file beside them."""
    shutil.copytree(DATA / "templates", tmp_path / "templates")
    shutil.copytree(DATA / "issue", tmp_path / "issue")
    (tmp_path / "secret.txt").write_text("root:x:0:0:root:/root:/bin/bash\n", encoding="utf-8")
    return tmp_path / "issue"


def edit(folder: Path, old: str, new: str, name: str = "issue.yaml") -> Path:
    path = folder / name
    text = path.read_text(encoding="utf-8")
    assert old in text
    path.write_text(text.replace(old, new, 1), encoding="utf-8")
    return path


def errors_of(folder: Path):
    issue, diags = read_issue(folder / "issue.yaml")
    return issue, [str(d) for d in diags.errors]


def line_of(folder: Path, needle: str, name: str = "issue.yaml") -> int:
    lines = (folder / name).read_text(encoding="utf-8").splitlines()
    return next(i for i, line in enumerate(lines, 1) if needle in line)


@pytest.mark.parametrize("ref", ["../secret.txt", "/etc/passwd", "articles/../../secret.txt"])
def test_article_outside_the_issue_folder_is_an_error_at_its_line(issue_dir, ref):
    edit(issue_dir, "lead: articles/lead.txt", f"lead: {ref}")
    issue, errors = errors_of(issue_dir)
    assert issue is None or not any("root:x" in str(a) for a in issue.articles.values())
    line = line_of(issue_dir, f"lead: {ref}")
    hit = [e for e in errors if "outside the issue's folder" in e]
    assert hit and f"issue.yaml:{line}:" in hit[0], errors
    assert "pages[0].slots.lead" in hit[0]


def test_symlinked_article_leading_outside_is_an_error(issue_dir):
    os.symlink(issue_dir.parent / "secret.txt", issue_dir / "articles" / "link.txt")
    edit(issue_dir, "lead: articles/lead.txt", "lead: articles/link.txt")
    _issue, errors = errors_of(issue_dir)
    assert any("outside the issue's folder" in e and "secret.txt" in e for e in errors), errors


def test_symlink_inside_the_folder_is_fine(issue_dir):
    (issue_dir / "store").mkdir()
    os.replace(issue_dir / "articles" / "lead.txt", issue_dir / "store" / "lead.txt")
    os.symlink(issue_dir / "store" / "lead.txt", issue_dir / "articles" / "lead.txt")
    issue, errors = errors_of(issue_dir)
    assert errors == [] and issue is not None


def test_article_header_image_outside_is_an_error_at_the_image_line(issue_dir):
    edit(issue_dir / "articles", "图片: ../images/photo.png", "图片: ../../secret.txt", "lead.txt")
    _issue, errors = errors_of(issue_dir)
    assert any("lead.txt:5:" in e and "outside the issue's folder" in e for e in errors), errors


def test_slot_image_outside_is_an_error(issue_dir, tmp_path):
    shutil.copy(issue_dir / "images" / "photo.png", tmp_path / "outside.png")
    text = (issue_dir / "issue.yaml").read_text(encoding="utf-8")
    assert "main: articles/second.txt" in text
    edit(issue_dir, "lead: articles/lead.txt", f"lead: articles/lead.txt\n      photo: {{image: {tmp_path / 'outside.png'}}}")
    _issue, errors = errors_of(issue_dir)
    assert any("pages[0].slots.photo.image" in e and "outside the issue's folder" in e for e in errors), errors


def test_article_that_is_a_fifo_or_folder_is_a_clear_error(issue_dir):
    os.mkfifo(issue_dir / "articles" / "pipe.txt")
    edit(issue_dir, "lead: articles/lead.txt", "lead: articles/pipe.txt")
    started = time.perf_counter()
    _issue, errors = errors_of(issue_dir)
    assert time.perf_counter() - started < 5
    assert any("FIFO" in e for e in errors), errors
    edit(issue_dir, "lead: articles/pipe.txt", "lead: articles")
    _issue, errors = errors_of(issue_dir)
    assert any("is a folder" in e for e in errors), errors


@pytest.mark.parametrize("stem, fragment", [("../victim/keep", "'/'"), ("/tmp/abs", "'/'"), ("a\\u0000b", "'\\x00'"),
                                            ("..", "hidden"), (".", "hidden"), (".hidden", "hidden"),
                                            ("a\\nb", "'\\n'"), ("", "empty"), ("a\\\\b", "contains")])
def test_output_stem_that_is_not_a_plain_name_is_an_error_at_its_line(issue_dir, stem, fragment):
    edit(issue_dir, "templates: ../templates", f'templates: ../templates\noutput: "{stem}"')
    issue, errors = errors_of(issue_dir)
    assert issue is None or issue.output_name == "20180428"
    line = line_of(issue_dir, "output:")
    hit = [e for e in errors if f"issue.yaml:{line}:" in e and "output:" in e]
    assert hit and fragment in hit[0] and "-o folder" in hit[0], errors


def test_plain_output_stem_is_kept(issue_dir):
    edit(issue_dir, "templates: ../templates", 'templates: ../templates\noutput: "sjs-20180428"')
    issue, errors = errors_of(issue_dir)
    assert errors == [] and issue.output_name == "sjs-20180428"
    assert output_stem_problem("20180428") == "" and output_stem_problem("石景山报-36") == ""


@pytest.mark.parametrize("ref", ["../secret", "/etc/passwd", "../../templates/front"])
def test_page_template_outside_the_templates_folder_is_an_error(issue_dir, ref):
    shutil.copy(issue_dir.parent / "templates" / "front.yaml", issue_dir.parent / "secret.yaml")
    edit(issue_dir, "template: front", f"template: {ref}")
    _issue, errors = errors_of(issue_dir)
    assert any("pages[0].template:" in e and "outside the templates folder" in e for e in errors) or \
        any("no template" in e for e in errors), errors
    assert not any("secret" in e and "ok" in e for e in errors)


def test_page_template_through_a_symlink_leading_outside_is_an_error(issue_dir):
    shutil.copy(issue_dir.parent / "templates" / "front.yaml", issue_dir.parent / "secret.yaml")
    os.symlink(issue_dir.parent / "secret.yaml", issue_dir.parent / "templates" / "linked.yaml")
    edit(issue_dir, "template: front", "template: linked")
    _issue, errors = errors_of(issue_dir)
    assert any("pages[0].template:" in e and "outside the templates folder" in e for e in errors), errors


def test_extends_outside_the_templates_folder_is_an_error(tmp_path):
    folder = tmp_path / "templates"
    shutil.copytree(DATA / "templates", folder)
    shutil.copy(folder / "base.yaml", tmp_path / "evil.yaml")
    text = (folder / "front.yaml").read_text(encoding="utf-8")
    assert "extends: base" in text
    (folder / "front.yaml").write_text(text.replace("extends: base", "extends: ../evil"), encoding="utf-8")
    errors = [str(d) for d in check_template(folder / "front.yaml")]
    assert any("extends:" in e and "outside the templates folder" in e for e in errors), errors


def test_long_extends_chain_is_an_error_not_a_recursion_error(tmp_path):
    base = (DATA / "templates" / "base.yaml").read_text(encoding="utf-8")
    (tmp_path / "t0.yaml").write_text(base, encoding="utf-8")
    for i in range(1, 400):
        (tmp_path / f"t{i}.yaml").write_text(f"extends: t{i - 1}\n", encoding="utf-8")
    errors = [str(d) for d in check_template(tmp_path / "t399.yaml")]
    assert any(f"longer than {MAX_EXTENDS}" in e for e in errors), errors


def test_template_that_is_a_fifo_is_named_not_suggested_as_itself(issue_dir):
    templates = issue_dir.parent / "templates"
    os.replace(templates / "inner.yaml", templates / "inner.bak")
    os.mkfifo(templates / "inner.yaml")
    started = time.perf_counter()
    _issue, errors = errors_of(issue_dir)
    assert time.perf_counter() - started < 5
    assert any("FIFO" in e for e in errors), errors
    assert not any("did you mean 'inner'" in e for e in errors), errors


def test_symlink_loops_are_errors_not_runtime_errors(issue_dir):
    articles = issue_dir / "articles"
    os.symlink("b.txt", articles / "a.txt")
    os.symlink("a.txt", articles / "b.txt")
    templates = issue_dir.parent / "templates"
    os.symlink("y.yaml", templates / "loopy.yaml")
    os.symlink("loopy.yaml", templates / "y.yaml")
    edit(issue_dir, "lead: articles/lead.txt", "lead: articles/a.txt")
    edit(issue_dir, "template: front", "template: loopy")
    _issue, errors = errors_of(issue_dir)
    assert any("symbolic links" in e for e in errors), errors
    assert any("pages[0].template:" in e for e in errors), errors
