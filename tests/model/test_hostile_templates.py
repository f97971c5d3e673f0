"""Templates with absurd or broken geometry: errors naming the allowed range, never a traceback."""
import pytest

from layout.model.template import check_template
from layout.model.variables import fill

from .helpers import MINIMAL


def problems(tmp_path, text):
    path = tmp_path / "t.yaml"
    path.write_text(text, encoding="utf-8")
    return [str(d) for d in check_template(path)]


@pytest.mark.parametrize("old, new, fragment", [
    ("top: 20mm", "top: -20mm", "page.margins.top: -20mm is too small"),
    ("margins: {top: 20mm, bottom: 20mm, inside: 15mm, outside: 15mm}", "margins: -3mm", "page.margins: -3mm is too small"),
    ("size: 10pt, leading: 15pt", "size: 0.0001pt, leading: 15pt",
     "styles.body.size: 0.0001 pt is outside the allowed range 3 pt to 1000 pt"),
    ("size: 10pt, leading: 15pt", "size: 10pt, leading: 0.001pt", "styles.body.leading: 0.001 pt is outside the allowed range"),
    ("size: 10pt, leading: 15pt", "size: 100000pt, leading: 15pt", "outside the allowed range 3 pt to 1000 pt"),
    ("gutter: 5mm", "gutter: -5mm", "grid.gutter: -5mm is too small"),
    ("size: A4", "size: 99999x99999mm", "page.size"),
    ("red: [0, 100, 100, 0]", "red: [0, .nan, 100, 0]", "not a finite number"),
    ("red: [0, 100, 100, 0]", "red: [0, .inf, 100, 0]", "not a finite number"),
    ("height: 30mm", "height: -30mm", "regions.top.height: -30mm is too small"),
])
def test_absurd_values_are_errors_at_their_place(tmp_path, old, new, fragment):
    assert old in MINIMAL
    found = problems(tmp_path, MINIMAL.replace(old, new, 1))
    assert any(fragment in p and p.startswith(str(tmp_path / "t.yaml") + ":") for p in found), found


def test_stray_brace_in_a_format_is_printed_as_written_not_a_traceback():
    assert fill("下转{第{to_page}版", {"to_page": 2}) == "下转{第{to_page}版"
    assert fill("下转第{to_page}版", {"to_page": 2}) == "下转第2版"
    assert fill("}", {}) == "}"


def test_template_image_outside_its_folder_is_an_error(tmp_path):
    (tmp_path / "t").mkdir()
    (tmp_path / "photo.png").write_bytes(b"not read")
    text = MINIMAL.replace("""  lead:
    kind: article""", """  photo:
    kind: image
    column: 1
    span: 1
    top: 40mm
    height: 20mm
    image: ../photo.png
  lead:
    kind: article""")
    path = tmp_path / "t" / "t.yaml"
    path.write_text(text, encoding="utf-8")
    found = [str(d) for d in check_template(path)]
    assert any("regions.photo.image:" in p and "outside the template's folder" in p for p in found), found


def test_a_template_with_thousands_of_regions_is_one_error_at_once(tmp_path):
    # every pair of regions is checked for overlap: 2,000 regions took seconds; a page has a few dozen
    import time

    from .helpers import at, messages, write

    boxes = "".join(f"  r{i}: {{kind: box, column: 1, span: 1, top: 0, height: 11 lines, overlap: true}}\n"
                    for i in range(2000))
    path = write(tmp_path, "t.yaml", MINIMAL.replace("regions:\n", "regions:\n" + boxes))
    start = time.perf_counter()
    msgs = messages(path)
    assert time.perf_counter() - start < 5
    assert len(msgs) == 1 and msgs[0].startswith(at(path, "regions:") + ": regions: 2002 regions")
    assert "at most 400" in msgs[0]


def test_overlapping_regions_are_listed_up_to_twenty_then_summed_up(tmp_path):
    from .helpers import messages, write

    boxes = "".join(f"  r{i}: {{kind: box, column: 1, span: 1, top: 0, height: 11 lines}}\n" for i in range(30))
    msgs = [m for m in messages(write(tmp_path, "t.yaml", MINIMAL.replace("regions:\n", "regions:\n" + boxes)))
            if "overlap" in m]
    assert len(msgs) == 21 and "and more overlap other regions (the first 20 are listed)" in msgs[-1]
