"""Every region kind the model declares has exactly one composer (layout.compose.page.COMPOSERS), and back."""
from __future__ import annotations

from layout.compose.page import COMPOSERS, compose_page
from layout.display import GlyphRun, Rect
from layout.model import regionkinds
from layout.model.template import load_template
from layout.model.types import PageAssignment
from layout.report import Report

from ..model.helpers import MINIMAL, write


def test_every_model_region_kind_has_a_composer_and_every_composer_a_kind():
    assert set(COMPOSERS) == {k.region_type for k in regionkinds.KINDS}


def test_an_unfilled_article_region_composes_to_nothing_and_a_box_to_its_line_and_frame(tmp_path, fontset):
    text = MINIMAL.replace('    lines: ["{paper} {date}"]', "    border: {width: 0.5pt}\n    lines: [样张]")
    template = load_template(write(tmp_path, "t.yaml", text))
    box, article = template.region("top"), template.region("lead")
    page = compose_page(PageAssignment(1, template, "", "", "1", {}), fontset, Report())
    runs = [i for i in page.items if isinstance(i, GlyphRun)]
    frames = [i for i in page.items if isinstance(i, Rect)]
    assert len(runs) == 1 and len(runs[0].glyphs) == 2  # 样张
    assert [(f.x, f.y, f.w, f.h, f.stroke_width) for f in frames] == [(box.box.x, box.box.y, box.box.w, box.box.h, 0.5)]
    assert len(page.items) == 2  # nothing from the empty article region
    assert all(box.box.y <= p[1] <= box.box.bottom < article.box.y for p in runs[0].positions)
