"""PreviewSession: pages composed again only when their inputs changed, the same pages a full compose gives."""
from __future__ import annotations

from layout.compose.marks import page_digest
from layout.model.template import display_path
from layout.pipeline import Engine
from layout.preview.session import PreviewSession, SessionOptions
from layout.report import Report


def fresh(issue_path, fonts):
    """(display digest per page, sorted report problems) of every page composed from scratch by the pipeline."""
    engine = Engine(fonts)
    issue, diags = engine.read_issue(issue_path)
    assert issue is not None, diags
    report = Report()
    digests = {p.number: page_digest(p) for p in engine.compose(issue, report)}
    return digests, sorted(report.problems())


def fresh_digests(issue_path, fonts):
    """Display digests of every page composed from scratch by the pipeline."""
    return fresh(issue_path, fonts)[0]


def session_digests(session):
    return {n: session._hashed[n][1] for n in session.state.pages}


def test_an_edit_recomposes_only_its_page_and_matches_a_full_compose(sample_copy, sample_fonts, tmp_path):
    session = PreviewSession(sample_copy, SessionOptions(out=str(tmp_path / "out"), fonts=sample_fonts))
    first = session.render()
    assert first.ok and first.changed == [1, 2] and session._pages.composed == [1, 2]

    note = sample_copy.parent / "editor-note.txt"  # page 2 only
    note.write_text(note.read_text(encoding="utf-8") + "追加的一句话。\n", encoding="utf-8")
    second = session.render()
    assert second.ok and session._pages.composed == [2] and second.changed == [2]
    assert session_digests(session) == fresh_digests(sample_copy, sample_fonts)
    assert second.pages[1].markers == first.pages[1].markers  # page 1's report entries reused
    assert sorted(second.report.problems()) == fresh(sample_copy, sample_fonts)[1]

    front = sample_copy.parents[2] / "templates" / "front.yaml"  # page 1's template; the lead still jumps the same
    front.write_text(front.read_text(encoding="utf-8").replace("rule: {width: 1.5pt}", "rule: {width: 2pt}"),
                     encoding="utf-8")
    third = session.render()
    assert third.ok and session._pages.composed == [1] and third.changed == [1]
    assert session_digests(session) == fresh_digests(sample_copy, sample_fonts)

    lead = sample_copy.parent / "lead.txt"  # the lead runs on both pages
    lead.write_text(lead.read_text(encoding="utf-8") + "追加的一段。\n", encoding="utf-8")
    fourth = session.render()
    assert session._pages.composed == [1, 2] and fourth.changed == [2]  # page 1 looks the same: not rewritten
    assert session_digests(session) == fresh_digests(sample_copy, sample_fonts)


def test_a_broken_font_configuration_keeps_the_old_fonts_and_output(sample_copy, tmp_path):
    from tests.conftest import SANS, SERIF

    fonts = tmp_path / "fonts.yaml"
    roles = (("song", SERIF), ("hei", SANS), ("kai", SERIF))
    good = "".join(f"  {r}:\n    regular:\n      - {{path: '{f}'}}\n" for r, f in roles)
    fonts.write_text("roles:\n" + good + "fallback: [song, hei]\n", encoding="utf-8")
    session = PreviewSession(sample_copy, SessionOptions(out=str(tmp_path / "out"), fonts=str(fonts)))
    assert session.render().ok
    png = tmp_path / "out" / "20180428-01.png"
    before = png.read_bytes()
    fonts.write_text("roles: [not, a, mapping\n", encoding="utf-8")
    state = session.render(session.reload_fonts())
    assert not state.ok and state.kept
    assert "fonts.yaml" in state.errors[0] and "kept the last good output" in state.line()
    assert png.read_bytes() == before
    fonts.write_text("roles:\n" + good + "fallback: [song, hei]\n", encoding="utf-8")
    assert session.reload_fonts() is None and session.render().ok


def test_pages_not_in_the_issue_are_a_usage_error_found_before_composing(sample_copy, sample_fonts, tmp_path,
                                                                         monkeypatch):
    session = PreviewSession(sample_copy, SessionOptions(out=str(tmp_path), fonts=sample_fonts, pages=(2, 5)))

    def composed(*_args):
        raise AssertionError("composed although --pages names a page the issue lacks")

    monkeypatch.setattr(session._pages, "compose", composed)
    state = session.render()
    assert state.usage and len(state.errors) == 1
    assert state.errors[0].startswith("--pages 5: no such page in ") and state.errors[0].endswith("its pages: 1, 2")
    assert not list(tmp_path.glob("*.png"))


def test_preview_of_a_missing_page_exits_2_before_any_layout(sample_copy, sample_fonts, tmp_path, capsys, monkeypatch):
    """QA: ``preview --pages 3`` laid out every page and printed underset lines, then exited 1."""
    from layout.cli import main
    from layout.preview import recompose

    def composed(*_args):
        raise AssertionError("composed")

    monkeypatch.setattr(recompose.PageCache, "compose", composed)
    out = tmp_path / "out"
    assert main(["preview", str(sample_copy), "-o", str(out), "--pages", "3", "--fonts", sample_fonts]) == 2
    printed = capsys.readouterr()
    assert printed.out == ""
    assert printed.err.strip() == ("error: --pages 3: no such page in "
                                   f"{display_path(sample_copy)}; give one of its pages: 1, 2")
    assert not out.exists()


def test_an_internal_error_is_reported_and_keeps_the_last_good_pages(sample_copy, sample_fonts, tmp_path, monkeypatch):
    session = PreviewSession(sample_copy, SessionOptions(out=str(tmp_path), fonts=sample_fonts))
    assert session.render().ok
    before = (tmp_path / "20180428-01.png").read_bytes()

    def broken(*_args):
        raise RuntimeError("composer exploded")

    monkeypatch.setattr(session._pages, "compose", broken)
    state = session.render()
    assert state.kept and state.errors[0].startswith("internal error (RuntimeError: composer exploded)")
    assert sorted(state.pages) == [1, 2]  # the last good pages are still what the preview shows
    assert (tmp_path / "20180428-01.png").read_bytes() == before
