"""Box lines given by an issue (``slots: {hotline: {lines: [...]}}``), resolved against the page's template.

A line is a string (set in the box's style) or ``{text, style}`` naming a
style of the page's template, as in the template's own ``lines:``
(docs/templates.md, "An issue"). A style the template lacks is an error at
the line's ``style:`` value, with the nearest name.
"""
from __future__ import annotations

from typing import Any, Optional, Sequence, Tuple

from .errors import Diagnostics, did_you_mean
from .spec import Ctx, dotted
from .types import BoxRegion, Style, Template, TextItem


def box_default_style(template: Template, sid: str) -> Optional[Style]:
    """The style of plain-string lines in box ``sid``: the box's style, else its first template line's."""
    region = next((r for r in template.regions if r.id == sid), None)
    if not isinstance(region, BoxRegion):
        return None
    return region.style or (region.lines[0].style if region.lines else None)


def box_items(raw: Sequence[Any], path: Tuple[Any, ...], ctx: Ctx, diags: Diagnostics,
              template: Template, sid: str) -> Tuple[TextItem, ...]:
    """The lines as TextItems; a line with an unknown style is reported and left out."""
    default = box_default_style(template, sid)
    items = []
    for i, line in enumerate(raw):
        where = path + (i,)
        if not isinstance(line, str) and "text" not in line:
            continue  # reported by the validator
        text, name = (line, None) if isinstance(line, str) else (line["text"], line.get("style"))
        style = default if name is None else template.styles.get(name)
        if name is not None and style is None:
            known = sorted(template.styles)
            message = (f"{dotted(where + ('style',))}: template '{template.name}' has no style '{name}'"
                       f"{did_you_mean(name, known)}; its styles: {', '.join(known)}")
            diags.error(ctx.mark(where + ("style",)), message)
            continue
        if style is not None:
            items.append(TextItem(text, style, ctx.mark(where)))
    return tuple(items)


def line_texts(raw: Sequence[Any]) -> Tuple[str, ...]:
    """The text of each line, whether written as a string or as {text, style}."""
    return tuple(line if isinstance(line, str) else line.get("text", "") for line in raw)
