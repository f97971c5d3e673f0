"""End to end: good and bad PDFs through preflight, Ghostscript ink and overprint, the writer's own output."""
import json
import shutil
import subprocess
import sys

import pytest

from layout.display import BLACK, Color, GlyphRun, Page, Rect, Rule
from layout.preflight import Limits, preflight, tools
from layout.preflight.cli import add_arguments, run
from tests.preflight.pdfs import bad_pdf, good_pdf

HAS_GS = shutil.which("gs") is not None
needs_gs = pytest.mark.skipif(not HAS_GS, reason="ghostscript not installed")


@pytest.fixture(scope="module")
def files(tmp_path_factory):
    d = tmp_path_factory.mktemp("pf")
    return {"good": good_pdf(str(d / "good.pdf")), "bad": bad_pdf(str(d / "bad.pdf"))}


def test_good_fixture_passes(files):
    result = preflight(files["good"])
    assert result.ok, result.format()
    assert result.warnings == []


def test_bad_fixture_names_each_problem(files):
    result = preflight(files["bad"])
    assert not result.ok
    failed = {c.name: c.details for c in result.failures}
    assert "DeviceRGB" in failed["colour-spaces"] and "image" in failed["colour-spaces"]
    assert "Helvetica" in failed["fonts-embedded"]
    assert "0.100 pt" in failed["thinnest-rule"]
    assert "alpha" in failed["transparency"]
    assert "1.4" in failed["pdf-version"]  # reportlab's alpha bumps the file to 1.4
    assert "TrimBox" in failed["boxes"]
    assert "0 GTS_PDFX" in failed["output-intent"]
    assert "op off" in failed["overprint-k-text"]
    if HAS_GS:
        assert result.get("total-ink").data["max"] == pytest.approx(320, abs=1.5)
        assert "320 %" in failed["total-ink"]
    if shutil.which("pdffonts"):
        assert "Helvetica" in failed["pdffonts"]


@needs_gs
def test_overprint_keeps_the_tint_under_black_text(files, tmp_path):
    """100K text with op + OPM 1 over 50 % cyan: Ghostscript leaves C at 50 % under the glyphs."""
    import numpy as np
    from PIL import Image

    tiff = tools.render_cmyk(files["good"], 72, str(tmp_path), 60)[0]
    px = np.asarray(Image.open(tiff))
    rows, cols = np.nonzero(px[..., 0])
    tint_area = px[rows.min():rows.max() + 1, cols.min():cols.max() + 1]  # the cyan rectangle
    glyph_pixels = tint_area[tint_area[..., 3] == 255]
    assert len(glyph_pixels) > 20  # the glyphs overlap the tint
    assert set(np.unique(glyph_pixels[:, 0])) == {127}  # knockout would leave C = 0 here


@needs_gs
def test_tac_limit_is_configurable(files):
    tight = preflight(files["good"], Limits(tac_limit=140, dpi=36))
    check = tight.get("total-ink")
    assert not check.passed and check.data["max"] == pytest.approx(150, abs=1.5)


def test_missing_tools_are_reported_not_applicable(files, monkeypatch):
    import layout.preflight.fonts as pf_fonts

    monkeypatch.setattr(tools.shutil, "which", lambda name: None)
    monkeypatch.setattr(pf_fonts.shutil, "which", lambda name: None)
    result = preflight(files["good"])
    for name in ("total-ink", "qpdf-check", "pdffonts"):
        assert result.get(name).passed is None and "n/a" in result.get(name).details
    assert result.ok


def test_not_a_pdf_fails_cleanly(tmp_path):
    path = tmp_path / "x.pdf"
    path.write_bytes(b"hello")
    result = preflight(str(path))
    assert not result.ok and result.checks[0].name == "open"


def _cli(argv):
    import argparse

    parser = argparse.ArgumentParser()
    add_arguments(parser)
    return run(parser.parse_args(argv))


def test_cli_exit_codes_and_json(files, capsys, tmp_path):
    assert _cli([files["good"], "--dpi", "36"]) == 0
    assert "=> OK" in capsys.readouterr().out
    assert _cli([files["bad"], "--json", "--dpi", "36"]) == 1
    payload = json.loads(capsys.readouterr().out)
    assert payload["ok"] is False
    assert {c["name"] for c in payload["checks"] if c["passed"] is False} >= {"colour-spaces", "thinnest-rule"}
    assert _cli([str(tmp_path / "missing.pdf")]) == 2
    assert "no such file" in capsys.readouterr().err


def test_render_py_preflight_subcommand(files):
    proc = subprocess.run([sys.executable, "render.py", "preflight", files["bad"], "--dpi", "36"],
                          capture_output=True, text=True)
    assert proc.returncode == 1, proc.stderr
    assert "FAIL" in proc.stdout and "Traceback" not in proc.stderr


def _writer_page(fontset):
    """A small page from our writer: 20 % M tint, 100K text over it, a 0.5 pt rule, 3 mm bleed."""
    face = fontset.face("song")
    text = "石景山报社区新闻"
    gids = tuple(face.gid(c) for c in text)
    pos = tuple((20 + 14 * i, 40.0) for i in range(len(text)))
    page = Page(160, 90, bleed=8.504)
    page.add(Rect(-8.504, 20, 176.0, 30, fill=Color("Magenta 20", 0, 0.2, 0, 0)))
    page.add(GlyphRun("song", 14, gids, pos, tuple(text), fill=BLACK))
    page.add(Rule(10, 70, 150, 70, width=0.5))
    return page


@needs_gs
def test_our_writer_output_passes_and_black_text_overprints(fontset, tmp_path):
    import numpy as np
    from PIL import Image

    from layout.pdf import PdfMeta, write_pdf

    path = str(tmp_path / "w.pdf")
    write_pdf([_writer_page(fontset)], fontset, path, PdfMeta(title="石景山报 测试"))
    result = preflight(path, Limits(dpi=72))
    assert result.ok, result.format()
    assert result.get("overprint-k-text").data["k_text"] >= 1
    assert result.get("total-ink").data["max"] == pytest.approx(120, abs=1.5)  # 20 M + 100 K: no knockout
    px = np.asarray(Image.open(tools.render_cmyk(path, 72, str(tmp_path), 60)[0]))
    assert set(np.unique(px[(px[..., 3] == 255) & (px[..., 1] > 0)][:, 1])) == {51}


def test_record_in_report_turns_failures_into_errors(files):
    from layout.preflight import record_in_report
    from layout.report import Report

    report = Report()
    record_in_report(preflight(files["bad"], Limits(dpi=36)), report)
    assert report.failed(strict=False)
    assert any("thinnest-rule" in e and "bad.pdf" in e for e in report.errors)
    good = Report()
    record_in_report(preflight(files["good"], Limits(dpi=36)), good)
    assert not good.errors and good.stats["preflight good.pdf"].startswith("OK: ")
    assert report.stats["preflight bad.pdf"].startswith("FAILED (") and "thinnest-rule" in report.stats["preflight bad.pdf"]


def test_summary_names_failures_and_gives_figures(files):
    from layout.preflight import summary

    bad = summary(preflight(files["bad"], Limits(dpi=36)))
    for name in ("colour-spaces", "fonts-embedded", "thinnest-rule", "transparency"):
        assert name in bad.split(":")[0]
    assert "thinnest rule 0.10 pt" in bad
    good = summary(preflight(files["good"], Limits(dpi=36)))
    assert good.startswith("OK: ") and "failed" not in good and "thinnest rule 0.25 pt" in good
    if HAS_GS:
        assert "max ink 150 % (limit 240 %)" in good


def test_skipped_ink_check_is_not_run_and_says_so(files):
    from layout.preflight import preflight_issue, summary

    page, issue = preflight_issue([files["good"]], files["bad"], Limits(dpi=36))
    assert "total-ink" not in {c.name for c in page.checks} and page.skipped == ["total-ink"]
    assert "ink checked on the issue PDF" in summary(page) and "skip" in page.format()
    assert "total-ink" in {c.name for c in issue.checks} and issue.skipped == []
    alone, = preflight_issue([files["good"]], None, Limits(dpi=36))
    assert "total-ink" in {c.name for c in alone.checks}


@needs_gs
def test_black_text_after_a_black_rule_still_overprints(fontset, tmp_path):
    import numpy as np
    from PIL import Image

    from layout.pdf import PdfMeta, write_pdf

    page = _writer_page(fontset)
    text = page.items[1]
    page.items = [page.items[0], Rule(10, 5, 150, 5, width=0.5), text]  # tint, K rule, then K text over the tint
    path = str(tmp_path / "rule-then-text.pdf")
    write_pdf([page], fontset, path, PdfMeta(title="t"))
    px = np.asarray(Image.open(tools.render_cmyk(path, 72, str(tmp_path), 60)[0]))
    rows, cols = np.nonzero(px[..., 1])
    tint_area = px[rows.min():rows.max() + 1, cols.min():cols.max() + 1]
    assert set(np.unique(tint_area[tint_area[..., 3] == 255][:, 1])) == {51}  # M kept under the glyphs
    assert preflight(path, Limits(dpi=36)).get("overprint-k-text").passed


def test_preflight_limits_refuse_nan_negative_and_huge_values(tmp_path, capsys):
    """--dpi 1e6 would ask Ghostscript for a gigapixel render; nan would switch a check off."""
    from layout.cli import main

    pdf = tmp_path / "x.pdf"
    pdf.write_bytes(b"%PDF-1.3\n")
    for option, value, said in (("--dpi", "1e6", "between 10 and 600 dpi"), ("--dpi", "nan", "finite"),
                                ("--tac-limit", "-5", "greater than 0"), ("--min-ppi", "inf", "finite"),
                                ("--min-rule", "nan", "finite")):
        with pytest.raises(SystemExit) as stop:
            main(["preflight", str(pdf), option, value])
        assert stop.value.code == 2 and said in capsys.readouterr().err
