"""Compose stage: template regions + issue content -> display-list pages.

Public API:

* ``compose_issue(issue, fontset, report) -> list[Page]``: every page composed
  in order (stories carried across pages);
* ``compose_page(assignment, fontset, report, issue=None, cursors=None) -> Page``.

Writing PDFs is layout/pipeline.py's job.
"""
from .page import compose_page
from .render import compose_issue

__all__ = ["compose_issue", "compose_page"]
