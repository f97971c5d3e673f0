"""Preflight fails closed: a file it cannot read or a checker that crashes is a MUST failure, never a pass or a traceback."""
import subprocess
import sys
from pathlib import Path

import pikepdf
import pytest

import layout.preflight as preflight_mod
from layout.preflight import preflight

ROOT = Path(__file__).resolve().parents[2]


def blank(path, media=(0, 0, 595, 842), **save):
    pdf = pikepdf.new()
    pdf.add_blank_page()
    pdf.pages[0].obj.MediaBox = list(media)
    pdf.save(path, **save)
    return str(path)


def failed(result):
    return {c.name: c.details for c in result.failures}


def test_encrypted_pdf_fails_open(tmp_path):
    path = blank(tmp_path / "enc.pdf", encryption=pikepdf.Encryption(owner="o", user="u"))
    result = preflight(path)
    assert not result.ok and "open" in failed(result)


def test_truncated_pdf_fails_open(tmp_path):
    path = blank(tmp_path / "full.pdf")
    data = Path(path).read_bytes()
    (tmp_path / "cut.pdf").write_bytes(data[: len(data) // 3])
    result = preflight(str(tmp_path / "cut.pdf"))
    assert not result.ok


def test_page_larger_than_pdf_allows_fails_boxes(tmp_path):
    result = preflight(blank(tmp_path / "huge.pdf", media=(0, 0, 20000, 300)))
    assert "MediaBox larger than 14,400 pt" in failed(result)["boxes"]


def test_checker_that_crashes_is_a_must_failure(tmp_path, monkeypatch):
    def crash(*args, **kwargs):
        raise RuntimeError("checker bug")

    monkeypatch.setattr(preflight_mod, "check_fonts", crash)
    result = preflight(blank(tmp_path / "a.pdf"))
    assert not result.ok and "checker bug" in failed(result)["checker"]


@pytest.mark.parametrize("kind", ["enc", "huge"])
def test_preflight_command_exits_1_without_a_traceback(tmp_path, kind):
    path = blank(tmp_path / "x.pdf", media=(0, 0, 20000, 300)) if kind == "huge" else \
        blank(tmp_path / "x.pdf", encryption=pikepdf.Encryption(owner="o", user="u"))
    r = subprocess.run([sys.executable, str(ROOT / "render.py"), "preflight", path], cwd=ROOT,
                       capture_output=True, text=True, timeout=120)
    assert r.returncode == 1 and "Traceback" not in r.stderr and "FAILED" in r.stdout


def test_a_pdf_cut_short_fails_open_as_damaged_not_as_a_crashed_checker(tmp_path):
    from .pdfs import add_pdfx_keys, good_pdf

    path = add_pdfx_keys(good_pdf(str(tmp_path / "good.pdf")))
    assert "open" not in failed(preflight(path))  # a whole file needs no repair
    data = Path(path).read_bytes()
    cut = tmp_path / "trunc.pdf"
    cut.write_bytes(data[: len(data) * 2 // 3])
    result = preflight(str(cut))
    assert [c.name for c in result.failures] == ["open"]
    details = failed(result)["open"]
    assert details.startswith("the file is damaged or truncated (") and details.endswith("; re-export it")
    assert "startxref" in details and str(cut) not in details


def test_a_form_bomb_fails_the_ink_check_without_running_ghostscript(tmp_path, monkeypatch):
    # 30 nested forms each drawing the next twice: Ghostscript would draw 2^30 forms (minutes)
    from layout import preflight as P
    from tests.model.test_imagefile import _pdf_with_nested_forms

    def no_gs(*args, **kwargs):
        raise AssertionError("Ghostscript must not run on a form bomb")

    monkeypatch.setattr(P, "check_total_ink", no_gs)
    result = P.preflight(str(_pdf_with_nested_forms(tmp_path / "bomb.pdf", 30, 2)))
    ink = [c for c in result.checks if c.name == "total-ink"]
    assert len(ink) == 1 and ink[0].passed is False and "nests content more than 12 deep" in ink[0].details
