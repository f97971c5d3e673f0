"""A slot's own image (a photo or a PDF ad) placed in the image region that shows an article's header image
replaces that image: a warning names both files and the article, never a silent drop."""
from PIL import Image

from layout.model.content import check_issue
from tests.model.helpers import MINIMAL, where, write

TEMPLATE = MINIMAL + """\
  photo:
    kind: image
    column: 3
    span: 2
    top: 100mm
    height: 40mm
    source: lead
    wrap: true
"""

ISSUE = """\
paper: {name: 测试报, date: "2018-04-28", number: 1, pages: 1}
templates: templates
pages:
  - number: 1
    template: t
    slots:
      lead: a.txt
      photo: {image: ad.png}
"""


def case(tmp_path, article_image: bool):
    """The issue file, its article with or without a header image, and an ad image in the photo slot."""
    write(tmp_path, "templates/t.yaml", TEMPLATE)
    for name in ("ad.png", "photo.png"):
        Image.new("RGB", (600, 300), (90, 90, 90)).save(tmp_path / name, dpi=(300, 300))
    head = "主题: 标题\n" + ("图片: photo.png\n" if article_image else "")
    write(tmp_path, "a.txt", head + "---\n天地玄黄\n")
    return write(tmp_path, "issue.yaml", ISSUE)


def test_a_slot_image_over_an_articles_photo_is_warned_naming_both(tmp_path):
    issue = case(tmp_path, True)
    msgs = [str(d) for d in check_issue(issue)]
    hits = [m for m in msgs if "instead of the header image of article 'a'" in m]
    assert len(hits) == 1, msgs
    line, column = where(issue, "ad.png")
    assert f"issue.yaml:{line}:{column}:" in hits[0]
    assert "region 'photo'" in hits[0] and "ad.png" in hits[0] and "photo.png" in hits[0]
    assert "a.txt:2" in hits[0]  # where the article's 图片 line is


def test_no_warning_when_the_article_has_no_photo(tmp_path):
    issue = case(tmp_path, False)
    assert not any("instead of the header image" in str(d) for d in check_issue(issue))
