"""Model stage: designers' templates and the production desk's issue files as resolved plain data.

``load_template(path)`` / ``load_issue(path)`` read YAML with line/column marks,
validate strictly (unknown keys, types, ranges, geometry) and raise
``ModelError`` carrying every problem found, each as ``file:line:column: message``.
The result types (``layout.model.types``) hold points and resolved values only.
"""
from typing import Any

# The result types, loaded on first use: ``import layout.model.styleprops`` (the galley's
# option choices) then does not build every dataclass of the model.
_TYPES = (
    "HORIZONTAL",
    "VERTICAL",
    "Article",
    "ArticlePlacement",
    "ArticleRegion",
    "Box",
    "BoxRegion",
    "Copyfit",
    "FolioRegion",
    "Grid",
    "HeadlineSpec",
    "ImagePlacement",
    "ImageRef",
    "ImageRegion",
    "Issue",
    "Mark",
    "MastheadRegion",
    "PageAssignment",
    "PageSpec",
    "Paper",
    "Paragraph",
    "Placement",
    "Region",
    "RuleRegion",
    "RuleSpec",
    "Style",
    "Template",
    "TextItem",
    "TextPlacement",
)
__all__ = list(_TYPES)


def __getattr__(name: str) -> Any:
    """``layout.model.Style`` and the other result types, imported from ``.types`` when first asked for."""
    if name in _TYPES:
        from . import types

        return getattr(types, name)
    raise AttributeError(f"module {__name__!r} has no attribute {name!r}")
