"""layout.compose.render: hairlines in the display list are reported before anything is written."""
from layout.compose.render import MIN_RULE_PT, thin_strokes
from layout.display import BLACK, Color, Page, Rect, Rule

MM = 72.0 / 25.4


def test_thin_rules_and_box_borders_are_named_with_page_and_place():
    page = Page(200, 300, number=3, label="3")
    page.add(Rule(10 * MM, 20 * MM, 50 * MM, 20 * MM, width=0.1))
    page.add(Rule(0, 0, 10, 0, width=MIN_RULE_PT))  # exactly the limit: fine
    page.add(Rect(5 * MM, 7 * MM, 30, 30, stroke=BLACK, stroke_width=0.2))
    page.add(Rect(0, 0, 30, 30, fill=Color("tint", c=0.2, k=0), stroke_width=0.05))  # no stroke painted
    found = thin_strokes([page])
    assert len(found) == 2
    assert found[0].startswith("page 3: rule 0.1 pt at 10.0, 20.0 mm") and "thinner than 0.25 pt" in found[0]
    assert found[1].startswith("page 3: box border 0.2 pt at 5.0, 7.0 mm")


def test_limit_is_a_parameter():
    page = Page(100, 100, number=1)
    page.add(Rule(0, 0, 10, 0, width=0.4))
    assert thin_strokes([page]) == []
    assert len(thin_strokes([page], minimum=0.5)) == 1
