"""Model stage: designers' templates and the production desk's issue files as resolved plain data.

``load_template(path)`` / ``load_issue(path)`` read YAML with line/column marks,
validate strictly (unknown keys, types, ranges, geometry) and raise
``ModelError`` carrying every problem found, each as ``file:line:column: message``.
The result types (``layout.model.types``) hold points and resolved values only.
"""
from .types import (  # noqa: F401
    HORIZONTAL,
    VERTICAL,
    Article,
    ArticlePlacement,
    ArticleRegion,
    Box,
    BoxRegion,
    Copyfit,
    FolioRegion,
    Grid,
    HeadlineSpec,
    ImagePlacement,
    ImageRef,
    ImageRegion,
    Issue,
    Mark,
    MastheadRegion,
    PageAssignment,
    PageSpec,
    Paper,
    Paragraph,
    Placement,
    Region,
    RuleRegion,
    RuleSpec,
    Style,
    Swatch,
    Template,
    TextItem,
    TextPlacement,
)
