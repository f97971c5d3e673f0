"""The pipeline: one issue render from the model to the PDFs, with its options."""
from pathlib import Path

import pikepdf
import pytest

from layout.pipeline import Engine, RenderOptions

SAMPLE = Path(__file__).resolve().parents[1] / "samples" / "issue-2018-04-28" / "issue.yaml"


@pytest.fixture(scope="module")
def engine():
    """A warm engine over the pinned test subsets for every role the sample uses (kai in the serif)."""
    from tests.conftest import sample_fontset_from_pins

    return Engine(fontset=sample_fontset_from_pins())


def test_pdfx4_output_profile_reaches_every_file(engine, tmp_path, monkeypatch):
    monkeypatch.delenv("SOURCE_DATE_EPOCH", raising=False)
    result = engine.render_issue(SAMPLE, RenderOptions(out=str(tmp_path), output_profile="pdfx4", preflight=False))
    assert result.files and len(result.files) == 3
    for path in result.files:
        with pikepdf.open(path) as pdf:
            assert pdf.pdf_version == "1.6"
            assert str(pdf.docinfo["/GTS_PDFXVersion"]) == "PDF/X-4"
            assert len(pdf.Root.OutputIntents[0].DestOutputProfile.read_bytes()) > 1000
            assert str(pdf.docinfo["/CreationDate"]).startswith("D:20180428")  # the issue's date


def test_default_profile_is_pdfx1a_and_source_date_epoch_wins(engine, tmp_path, monkeypatch):
    monkeypatch.setenv("SOURCE_DATE_EPOCH", "1700000000")
    result = engine.render_issue(SAMPLE, RenderOptions(out=str(tmp_path), preflight=False, pages=(2,)))
    assert [Path(f).name for f in result.files] == ["20180428-02.pdf"]  # one page asked for: no issue PDF
    with pikepdf.open(result.files[0]) as pdf:
        assert pdf.pdf_version == "1.3" and str(pdf.docinfo["/GTS_PDFXVersion"]) == "PDF/X-1:2001"
        assert str(pdf.docinfo["/GTS_PDFXConformance"]) == "PDF/X-1a:2001"
        assert str(pdf.docinfo["/CreationDate"]).startswith("D:20231114")


def test_a_second_render_reuses_the_loaded_fonts(engine, tmp_path):
    first = engine.fontset
    engine.render_issue(SAMPLE, RenderOptions(out=str(tmp_path), preflight=False))
    assert engine.fontset is first


def test_errors_in_the_issue_render_nothing(engine, tmp_path):
    bad = tmp_path / "issue.yaml"
    bad.write_text("paper: {name: x}\n", encoding="utf-8")
    result = engine.render_issue(bad, RenderOptions(out=str(tmp_path / "out")))
    assert result.exit_code == 1 and not result.files and result.diagnostics
    assert not (tmp_path / "out").exists()


def test_the_issue_chooses_its_output_profile_and_the_option_overrides_it(engine, tmp_path):
    import shutil

    folder = tmp_path / "sample"
    shutil.copytree(SAMPLE.parent, folder)
    issue = folder / "issue.yaml"
    text = issue.read_text(encoding="utf-8").replace("templates: ../../templates",
                                                      f"templates: {SAMPLE.parents[2] / 'templates'}")
    issue.write_text(text.replace("\npages:", "\noutput_profile: pdfx4\npages:", 1), encoding="utf-8")
    result = engine.render_issue(issue, RenderOptions(out=str(tmp_path / "a"), preflight=False, pages=(2,)))
    with pikepdf.open(result.files[0]) as pdf:
        assert pdf.pdf_version == "1.6"
    result = engine.render_issue(issue, RenderOptions(out=str(tmp_path / "b"), preflight=False, pages=(2,),
                                                      output_profile="pdfx1a"))
    with pikepdf.open(result.files[0]) as pdf:
        assert pdf.pdf_version == "1.3"


def test_the_models_profile_keys_are_the_pdf_stages():
    from layout.model.fields import OUTPUT_PROFILES
    from layout.pdf.profiles import PROFILES

    assert sorted(OUTPUT_PROFILES) == sorted(PROFILES)


def test_preflight_checks_are_in_the_report_data(engine, tmp_path):
    result = engine.render_issue(SAMPLE, RenderOptions(out=str(tmp_path), pages=(2,)))
    checks = result.report.to_dict()["stats"]["preflight_checks"]["20180428-02.pdf"]
    names = {c["check"] for c in checks}
    assert {"pdf-version", "output-intent", "fonts-embedded", "total-ink"} <= names
    assert all(c["status"] in ("pass", "FAIL", "warn", "n/a") and c["severity"] for c in checks)
