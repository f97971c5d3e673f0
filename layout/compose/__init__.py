"""Compose stage: template regions + issue content -> display-list pages.

Public API:

* ``render_issue(issue, fontset, out_dir, report, strict=False) -> list[Page]``:
  every page composed in order (stories carried across pages), one PDF per
  page (``<stem>-NN.pdf``) and the issue PDF written into ``out_dir``;
* ``compose_issue(issue, fontset, report) -> list[Page]``: the pages only;
* ``compose_page(assignment, fontset, report, issue=None, cursors=None) -> Page``.
"""
from .page import compose_page
from .render import compose_issue, render_issue

__all__ = ["compose_issue", "compose_page", "render_issue"]
