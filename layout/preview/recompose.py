"""Compose an issue again, page by page, reusing the pages whose inputs did not change.

A page's display list depends on its assignment (resolved template and the
articles in its slots, compared by value), the pixels of its images (file
stamps), the font set, and, for an article continued from an earlier page,
where the story stood when it left that page (the cursor). Pages are composed
in issue order as layout/compose does (compose_page with one cursor map per
issue); a page whose inputs all equal the last render's is taken from the
cache with its report entries and the cursors it handed on, so an edit to
page 2 does not compose page 1 again, and an edit to page 1 recomposes page 2
only when the story flowing into it now stops elsewhere. Issue-wide entries
(font weights and roles set in another face, as font substitutions; rules
under 0.25 pt, as warnings) are added as ``compose_issue`` and
``Engine.compose`` add them.

Why not ``layout.pipeline.Engine.compose``: it composes every page of the
issue in one call (``compose_issue``) and offers no per-page entry point, no
cursor hand-over and no cache hook, so going through it would compose both
pages on every edit and lose the edit-to-picture latency this cache exists
for. This module therefore calls the page stage the way ``compose_issue``
does (``compose_page`` with one cursor map per issue) and repeats its short
issue-wide tail (``issue_wide``); tests/preview/test_session.py compares the
pages' display digests and the report's problems with a fresh
``Engine.compose`` after every edit, so a change to the pipeline's tail shows
there. Writing goes through the pipeline's ``write_issue_files``.
"""
from __future__ import annotations

import os
import time
from dataclasses import fields
from typing import Dict, List

from ..records import record
from ..report import Report


@record
class _Entry:
    key: tuple
    page: object
    report: Report
    handed_on: dict  # article id -> cursor after this page


class PageCache:
    """Composed pages of the last render by page number, for one font set."""

    def __init__(self):
        self.entries: Dict[int, _Entry] = {}
        self.composed: List[int] = []  # pages composed (not reused) by the last call

    def clear(self) -> None:
        """Forget every page (the fonts changed)."""
        self.entries.clear()

    def compose(self, issue, fontset, report: Report) -> list:
        """Display-list pages of the issue, composing only pages whose inputs changed; entries go to ``report``."""
        from ..compose.page import compose_page
        from ..compose.render import fonts_for

        started = time.perf_counter()
        cursors: dict = {}
        pages, self.composed = [], []
        for assignment in issue.pages:
            key = _key(assignment, cursors)
            entry = self.entries.get(assignment.number)
            if entry is None or entry.key != key:
                sub, before = Report(), dict(cursors)
                page = compose_page(assignment, fonts_for(fontset, assignment.language), sub, issue, cursors)
                entry = _Entry(key, page, sub, {k: v for k, v in cursors.items() if before.get(k) != v})
                self.entries[assignment.number] = entry
                self.composed.append(assignment.number)
            cursors.update(entry.handed_on)
            merge(report, entry.report)
            pages.append(entry.page)
        numbers = {a.number for a in issue.pages}
        self.entries = {n: e for n, e in self.entries.items() if n in numbers}  # bounded by the issue's pages
        issue_wide(issue, pages, fontset, report)
        report.stats["compose_seconds"] = round(time.perf_counter() - started, 3)
        return pages


def _key(assignment, cursors: dict) -> tuple:
    """What a page's display list depends on besides the font set."""
    incoming = tuple(sorted((p.article.id, repr(cursors.get(p.article.id)))
                            for p in assignment.articles() if p.part > 0))
    return assignment, incoming, _image_stamps(assignment)


def _image_stamps(assignment) -> tuple:
    refs = [getattr(s, "image", None) for s in assignment.slots.values()]
    refs += [p.article.image for p in assignment.articles()]
    refs += [getattr(r, "image", None) for r in assignment.template.regions]
    refs += [getattr(r, "name_image", None) for r in assignment.template.regions]
    out = []
    for path in sorted({r.path for r in refs if r is not None and getattr(r, "path", "")}):
        try:
            st = os.stat(path)
            out.append((path, st.st_mtime_ns, st.st_size))
        except OSError:
            out.append((path, 0, -1))
    return tuple(out)


def merge(report: Report, part: Report) -> None:
    """Append every list field of ``part`` to ``report`` and add its numeric stats (whatever fields Report has)."""
    for f in fields(Report):
        value = getattr(part, f.name)
        if isinstance(value, list):
            getattr(report, f.name).extend(value)
        elif isinstance(value, dict):
            target = getattr(report, f.name)
            for k, v in value.items():
                target[k] = target.get(k, 0) + v if isinstance(v, (int, float)) and not isinstance(v, bool) else v


def issue_wide(issue, pages: list, fontset, report: Report) -> None:
    """What compose_issue and Engine.compose add for the whole issue after its pages (tests/preview compares)."""
    from ..compose import render as issue_stage

    issue_stage.finish_issue(issue, pages, fontset, report)
    for message in issue_stage.thin_strokes(pages):
        report.warn(message)
