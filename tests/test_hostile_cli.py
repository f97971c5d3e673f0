"""Hostile and careless command lines: never a traceback, never the input overwritten, never a block."""
import os
import subprocess
import sys
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parents[1]
TEXT = "第一段：石景山区召开会议。\n第二段，继续说明情况。\n"


def render(*args, timeout=120):
    return subprocess.run([sys.executable, str(ROOT / "render.py"), *map(str, args)], cwd=ROOT,
                          capture_output=True, text=True, timeout=timeout)


@pytest.fixture
def text(tmp_path):
    path = tmp_path / "a.txt"
    path.write_text(TEXT, encoding="utf-8")
    return path


def assert_clear_error(r, code, fragment):
    assert r.returncode == code, (r.returncode, r.stdout, r.stderr)
    assert "Traceback" not in r.stderr and fragment in r.stderr, r.stderr


def test_galley_refuses_to_write_over_its_input(tmp_path, text, fonts_config):
    r = render("galley", text, "-o", text, "--fonts", fonts_config)
    assert_clear_error(r, 2, "is the input text file")
    assert text.read_text(encoding="utf-8") == TEXT


def test_galley_refuses_input_reached_through_a_symlink_or_hard_link(tmp_path, text, fonts_config):
    os.symlink(text, tmp_path / "link.pdf")
    os.link(text, tmp_path / "hard.pdf")
    for out in (tmp_path / "link.pdf", tmp_path / "hard.pdf", tmp_path / "sub" / ".." / "a.txt"):
        (tmp_path / "sub").mkdir(exist_ok=True)
        r = render("galley", text, "-o", out, "--fonts", fonts_config)
        assert_clear_error(r, 2, "is the input text file")
    assert text.read_text(encoding="utf-8") == TEXT


@pytest.mark.parametrize("option, fragment", [
    ("--font-size=0", "--font-size must be between 4 pt and 144 pt, got 0 pt"),
    ("--font-size=-9pt", "--font-size must be between"),
    ("--leading=0.01pt", "--leading must be between the font size"),
    ("--margin=-5mm", "--margin must be between 0 mm and 200 mm, got -5 mm"),
    ("--gutter=-4mm", "--gutter must be between 0 mm"),
    ("--indent=-2em", "--indent must be between 0 em and 10 em"),
    ("--font-size=" + "9" * 400 + "pt", "not a usable length"),
    ("--page=99999x99999mm", "the largest page a PDF may have"),
    ("--page=0x0", "each side must be between"),
    ("--columns=0", "--columns must be between 1 and 40"),
])
def test_galley_options_out_of_range_are_clear_errors(tmp_path, text, fonts_config, option, fragment):
    r = render("galley", text, "-o", tmp_path / "out.pdf", "--fonts", fonts_config, option)
    assert_clear_error(r, 2, fragment)
    assert not (tmp_path / "out.pdf").exists()


def test_galley_text_that_is_a_fifo_or_folder_is_an_error_not_a_block(tmp_path, fonts_config):
    os.mkfifo(tmp_path / "pipe.txt")
    r = render("galley", tmp_path / "pipe.txt", "-o", tmp_path / "out.pdf", "--fonts", fonts_config, timeout=30)
    assert_clear_error(r, 2, "FIFO")
    r = render("galley", tmp_path, "-o", tmp_path / "out.pdf", "--fonts", fonts_config, timeout=30)
    assert_clear_error(r, 2, "is a folder")


def test_fonts_config_that_is_a_fifo_is_an_error_not_a_block(tmp_path, text):
    os.mkfifo(tmp_path / "fonts.yaml")
    r = render("galley", text, "-o", tmp_path / "out.pdf", "--fonts", tmp_path / "fonts.yaml", timeout=30)
    assert_clear_error(r, 2, "FIFO")


def test_galley_output_folder_is_an_error(tmp_path, text, fonts_config):
    r = render("galley", text, "-o", tmp_path, "--fonts", fonts_config)
    assert_clear_error(r, 2, "is a folder")


def test_galley_writes_no_temporary_pdf(tmp_path, text, fonts_config):
    r = render("galley", text, "-o", tmp_path / "out" / "proof.pdf", "--fonts", fonts_config)
    assert r.returncode == 0, r.stderr
    assert os.listdir(tmp_path / "out") == ["proof.pdf"]


# -- render.py issue -----------------------------------------------------------

MODEL_DATA = ROOT / "tests" / "model" / "data"


@pytest.fixture
def issue(tmp_path):
    import shutil

    shutil.copytree(MODEL_DATA / "templates", tmp_path / "templates")
    shutil.copytree(MODEL_DATA / "issue", tmp_path / "issue")
    return tmp_path / "issue" / "issue.yaml"


def edit_issue(path, old, new):
    text = path.read_text(encoding="utf-8")
    assert old in text
    path.write_text(text.replace(old, new, 1), encoding="utf-8")


def files_under(folder):
    return sorted(str(p.relative_to(folder)) for p in folder.rglob("*"))


@pytest.mark.parametrize("stem", ["../victim/keep", "/tmp/baoban-abs-test", "..", "a\\nb", "a\\u0000b"])
def test_issue_output_stem_cannot_escape_the_output_folder(tmp_path, issue, fonts_config, stem):
    victim = tmp_path / "victim"
    victim.mkdir()
    (victim / "keep.pdf").write_bytes(b"%PDF-1.3 precious")
    edit_issue(issue, "templates: ../templates", f'templates: ../templates\noutput: "{stem}"')
    before = files_under(tmp_path)
    r = render("issue", issue, "-o", tmp_path / "out", "--fonts", fonts_config, "--no-preflight")
    assert_clear_error(r, 1, "output:")
    assert "issue.yaml:" in r.stderr and "-o folder" in r.stderr
    assert (victim / "keep.pdf").read_bytes() == b"%PDF-1.3 precious"
    assert files_under(tmp_path) == before and not os.path.exists("/tmp/baoban-abs-test.pdf")


def test_issue_article_outside_its_folder_is_refused(tmp_path, issue, fonts_config):
    edit_issue(issue, "lead: articles/lead.txt", "lead: /etc/passwd")
    r = render("issue", issue, "-o", tmp_path / "out", "--fonts", fonts_config, "--no-preflight")
    assert_clear_error(r, 1, "outside the issue's folder")
    assert "root:" not in r.stdout + r.stderr.split("it leads to")[0]
    assert not (tmp_path / "out").exists()


def test_issue_alias_bomb_fails_fast(tmp_path, issue, fonts_config):
    bomb = ["a0: &a0 [x, x, x, x, x, x, x, x, x]"]
    bomb += [f"a{i}: &a{i} [" + ", ".join([f"*a{i - 1}"] * 9) + "]" for i in range(1, 10)]
    issue.write_text("\n".join(bomb) + "\n", encoding="utf-8")
    r = render("issue", issue, "-o", tmp_path / "out", "--fonts", fonts_config, timeout=30)
    assert_clear_error(r, 1, "alias")


def test_issue_with_binary_tag_is_refused(tmp_path, issue, fonts_config):
    edit_issue(issue, "name: 测试报", "name: !!binary aGVsbG8=")
    r = render("check", issue)
    assert r.returncode == 1 and "tag !!binary is not accepted" in r.stderr and "Traceback" not in r.stderr


def test_check_and_issue_on_a_fifo_or_folder_are_clear(tmp_path):
    os.mkfifo(tmp_path / "issue.yaml")
    r = render("check", tmp_path / "issue.yaml", timeout=30)
    assert_clear_error(r, 1, "FIFO")
    (tmp_path / "dir.yaml").mkdir()
    r = render("issue", tmp_path / "dir.yaml", "-o", tmp_path / "out", timeout=30)
    assert_clear_error(r, 2, "(it is a folder)")


def test_unwritable_output_folder_is_a_usage_error(tmp_path, monkeypatch):
    from layout import issue as issue_cli

    monkeypatch.setattr(issue_cli.os, "access", lambda path, mode: False)  # as a non-root user on a read-only folder
    problem = issue_cli.output_folder_problem(tmp_path / "new" / "out")
    assert problem and "is not writable" in problem and str(tmp_path) in problem


def test_an_icc_profile_that_is_a_device_or_folder_says_what_it_is(tmp_path):
    from layout.issue import icc_profile_error

    assert "it is a folder" in icc_profile_error(str(tmp_path))
    assert "no such file" in icc_profile_error(str(tmp_path / "none.icc"))
    assert "it is a character device" in icc_profile_error("/dev/null")


def test_importing_an_encrypted_pdf_says_it_is_encrypted(tmp_path):
    import pikepdf

    from layout.reprint.pdfsource import _pdf_error

    pdf = pikepdf.new()
    pdf.add_blank_page()
    pdf.save(tmp_path / "enc.pdf", encryption=pikepdf.Encryption(user="secret", owner="owner"))
    assert _pdf_error(ValueError(""), tmp_path / "enc.pdf").startswith("it is encrypted (needs a password)")
    (tmp_path / "junk.pdf").write_bytes(b"junk")
    assert _pdf_error(ValueError(""), tmp_path / "junk.pdf") == "ValueError: no details"
