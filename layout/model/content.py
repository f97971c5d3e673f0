"""Reading an issue: ``issue.yaml`` (metadata, pages, slots) plus its templates and articles.

Each page's template is resolved for that page number with the issue's
variables filled; each slot is checked against the region it fills (an
article goes into an article region, an image into an image region, lines
into a box). Articles that continue on a later page get jump lines with the
real page numbers. Every problem in the issue, its templates and its
articles is collected before failing.

Issues come from outside, so every file they name is confined: articles and
images (also an article's header image) to the issue's folder, templates to
the templates folder, symlinks resolved (layout.textfile.confine); anything
else is an error at the key naming it. ``output:`` is a plain file stem
(no folder, no leading dot, no control characters), so the PDFs land in the
``-o`` folder and nowhere else.
"""
from __future__ import annotations

import datetime as _dt
import os
import re
from dataclasses import field, replace
from pathlib import Path
from typing import Any, Dict, List, Optional, Tuple, Union

from ..records import record
from ..textfile import PathOutsideError, TextFileError, confine, real_path
from . import regionkinds
from .article import load_article
from .boxlines import box_items, line_texts
from .errors import Diagnostic, Diagnostics, did_you_mean
from .fields import ISSUE, SLOT
from .imagefile import image_file_problem, is_pdf_file, pdf_file_problem
from .spec import INVALID, Ctx, dotted
from .template import (
    RESOLVE_FAILURES,
    TemplateSource,
    display_path,
    find_template,
    read_template,
    read_template_with,
    resolve_source,
    template_names,
    template_ref_problem,
)
from .types import (
    Article,
    ArticlePlacement,
    ImagePlacement,
    ImageRef,
    ImageRegion,
    Issue,
    Mark,
    PageAssignment,
    Paper,
    Placement,
    Template,
    TextPlacement,
)
from .variables import fill, issue_values, page_values
from .yamlnodes import YMap, YScalar, load_yaml

MAX_STEM = 120
_BAD_STEM = re.compile(r"[\x00-\x1f\x7f/\\:*?\"<>|]")  # control characters, separators, characters Windows refuses
# slot key -> the region kind it fills, in the order the slot format lists the keys (layout.model.regionkinds)
_KIND_OF_SLOT = regionkinds.slot_kinds()
SLOT_KINDS = {key: _KIND_OF_SLOT[key] for key in SLOT.mapping.fields if key in _KIND_OF_SLOT}
ONLY_WITH = {"id": "article", "caption": "image", "credit": "image", "label": "image", "page": "image"}


@record
class _Part:
    """One placed part of an article while the issue is being read."""

    page: int
    region: str
    template: Template
    mark: Mark


@record
class IssueReader:
    """Reads one issue file; ``read()`` returns the Issue or None, problems in ``diags``."""

    path: Path
    diags: Diagnostics = field(default_factory=Diagnostics)
    sources: Dict[Path, Optional[TemplateSource]] = field(default_factory=dict)
    articles: Dict[str, Article] = field(default_factory=dict)
    article_files: Dict[Path, Article] = field(default_factory=dict)
    parts: Dict[str, List[_Part]] = field(default_factory=dict)
    unplaced: Dict[str, int] = field(default_factory=dict)  # article id -> page whose template failed to load

    def read(self) -> Optional[Issue]:
        """The Issue, or None when the file cannot be read at all."""
        display = display_path(self.path)
        node = load_yaml(self.path, self.diags, display)
        if node is None:
            return None
        self.ctx = Ctx(self.diags)
        self.ctx.marks[()] = Mark(display, 1, 1)
        data = ISSUE.check(node, (), self.ctx)
        if data is INVALID or "paper" not in data or "pages" not in data:
            return None
        paper = self.paper(data)
        folder = self.template_folder(data)
        if paper is None or folder is None:
            return None
        self.diags.first_files = (display_path(folder),)  # template errors are root causes: list them first
        self.check_vars(data, folder)
        pages = [p for p in (self.page(i, raw, paper, folder) for i, raw in enumerate(data["pages"])) if p is not None]
        pages = self.link_jumps(pages)
        stem = self.output_stem(data, paper)
        return Issue(str(self.path), paper, tuple(pages), dict(self.articles), stem,
                     tuple(str(d) for d in self.diags.warnings), data.get("output_profile", "pdfx1a"))

    # -- metadata ----------------------------------------------------------

    def paper(self, data: Dict[str, Any]) -> Optional[Paper]:
        """The Paper; an impossible date is an error."""
        raw = data["paper"]
        if not {"name", "date", "number"} <= set(raw):
            return None
        try:
            date = _dt.date.fromisoformat(raw["date"])
        except ValueError:
            self.diags.error(self.ctx.mark(("paper", "date")), f"paper.date: {raw['date']} is not a real date")
            return None
        return Paper(raw["name"], date, raw["number"], raw.get("total_number", 0), raw.get("pages", 0),
                     raw.get("sponsor", ""), raw.get("licence", ""), raw.get("website", ""), dict(data.get("vars", {})),
                     raw.get("language", "zh-Hans"))

    def output_stem(self, data: Dict[str, Any], paper: Paper) -> str:
        """The output file stem: ``output:`` when it is a plain file name, else an error and the date."""
        default = paper.date.strftime("%Y%m%d")
        if "output" not in data:
            return default
        problem = output_stem_problem(str(data["output"]))
        if problem:
            self.diags.error(self.ctx.mark(("output",)), f"output: {problem}")
            return default
        return str(data["output"])

    def confined(self, name: Any, path: Tuple[Any, ...], what: str) -> Optional[Path]:
        """The file ``name`` (relative to issue.yaml) when it stays inside the issue's folder; else an error at ``path``."""
        folder = self.path.parent
        try:
            confine(folder / str(name), folder, f"{dotted(path)}: {what} '{name}'", "the issue's folder")
        except PathOutsideError as exc:
            self.diags.error(self.ctx.mark(path), exc.message)
            return None
        except TextFileError as exc:
            self.diags.error(self.ctx.mark(path), f"{dotted(path)}: {exc.message}")
            return None
        return Path(os.path.normpath(folder / str(name)))

    def template_folder(self, data: Dict[str, Any]) -> Optional[Path]:
        """The templates folder: as written, or the nearest 'templates' folder at or above the issue."""
        if ("templates",) in self.ctx.marks:
            if "templates" not in data:
                return None  # the value was refused (reported)
            folder = self.path.parent / data["templates"]
            if not folder.is_dir():
                self.diags.error(self.ctx.mark(("templates",)),
                                 f"templates: no folder '{data['templates']}' next to {self.path.name}")
                return None
            return folder
        for parent in [self.path.parent] + list(real_path(self.path).parents)[:4]:
            if (parent / "templates").is_dir():
                return parent / "templates"
        self.diags.error(self.ctx.mark(()), "no 'templates' folder next to the issue or above it; set templates: to its path")
        return None

    def source(self, file: Path) -> Optional[TemplateSource]:
        """A template file read once per issue."""
        key = real_path(file)
        if key not in self.sources:
            self.sources[key] = read_template(file, self.diags)
        return self.sources[key]

    def check_vars(self, data: Dict[str, Any], folder: Path) -> None:
        """Every name under vars: must be declared by a template the issue uses (unknowable when one fails to load)."""
        declared: set = set()
        for raw in data["pages"]:
            ref = raw.get("template", "")
            file = find_template(ref, folder) if "template" in raw and not template_ref_problem(ref, folder) else None
            src = self.source(file) if file else None
            if src is None:
                return  # that template's own error is the root cause; its declarations are unknown
            declared |= set(src.data.get("variables", {}))
        for name in data.get("vars", {}):
            if name not in declared:
                self.diags.error(self.ctx.key_mark(("vars", name)),
                                 f"vars.{name}: no template of this issue declares a variable '{name}'"
                                 f"{did_you_mean(name, declared)}")

    # -- pages -------------------------------------------------------------

    def page(self, i: int, raw: Dict[str, Any], paper: Paper, folder: Path) -> Optional[PageAssignment]:
        """One page: its number, its template resolved for it, and its slots."""
        path = ("pages", i)
        if "number" not in raw or "template" not in raw:
            return None
        number = raw["number"]
        self.check_number(i, number, paper)
        template = self.page_template(i, raw, paper, folder)
        if template is None:
            self.note_unplaced(path, raw, number)
            return None
        self.removed_regions = removed_regions(raw.get("regions"))
        slots = {}
        for sid, content in raw.get("slots", {}).items():
            placement = self.slot(path + ("slots", sid), sid, content, template, number)
            if placement is not None:
                slots[sid] = placement
        self.fill_sourced_images(template, slots, number, path)
        label = raw.get("label", str(number))
        return PageAssignment(number, template, raw.get("name", ""), raw.get("editor", ""), label, slots, self.ctx.mark(path),
                              raw.get("language", paper.language))

    def page_template(self, i: int, raw: Dict[str, Any], paper: Paper, folder: Path) -> Optional[Template]:
        """The page's template resolved for its number, or None (the reason is already in diags)."""
        path = ("pages", i)
        problem = template_ref_problem(raw["template"], folder)
        if problem:
            self.diags.error(self.ctx.mark(path + ("template",)), f"pages[{i}].template: {problem}")
            return None
        file = find_template(raw["template"], folder)
        if file is None:
            self.diags.error(self.ctx.mark(path + ("template",)), f"pages[{i}].template: no template '{raw['template']}' in "
                             f"{display_path(folder)}{did_you_mean(raw['template'], template_names(folder))}")
            return None
        src = self.source(file)
        if src is None:
            return None
        if src.abstract:
            self.diags.error(self.ctx.mark(path + ("template",)),
                             f"pages[{i}].template: '{raw['template']}' is abstract (a base for other templates)")
            return None
        if "regions" in raw:  # the page's own adjustments of its template's regions
            src = read_template_with(file, raw["regions"], self.diags)
            if src is None:
                return None
        number = raw["number"]
        values = issue_values(paper)
        values.update(page_values(number, raw.get("label", str(number)), raw.get("name", ""), raw.get("editor", "")))
        return resolve_source(src, self.diags, number, values)

    def note_unplaced(self, path: Tuple[Any, ...], raw: Dict[str, Any], page: int) -> None:
        """Remember the articles of a page whose template failed, so their continuations raise no second error.

        The article files are still read (their own problems are real and
        reported); only the placement checks that need the template are skipped.
        """
        for sid, content in raw.get("slots", {}).items():
            name = content if isinstance(content, str) else content.get("article") if isinstance(content, dict) else None
            if not isinstance(name, str):
                continue
            apath = path + ("slots", sid) + (("article",) if isinstance(content, dict) else ())
            file = self.confined(name, apath, "article")
            if file is None:
                continue
            article = self.article_files.get(real_path(file))
            if article is None:
                given_id = content.get("id", "") if isinstance(content, dict) else ""
                article = self.checked_article(load_article(file, self.diags, given_id,
                                                            mark=self.article_mark(path + ("slots", sid))))
            if article is not None:
                self.article_files[real_path(file)] = article
                self.unplaced.setdefault(article.id, page)

    def check_number(self, i: int, number: int, paper: Paper) -> None:
        """Page numbers are unique and within paper.pages."""
        seen = getattr(self, "_numbers", {})
        self._numbers = seen
        mark = self.ctx.mark(("pages", i, "number"))
        if number in seen:
            self.diags.error(mark, f"pages[{i}].number: page {number} is already listed (line {seen[number].line})")
        elif paper.pages and number > paper.pages:
            self.diags.error(mark, f"pages[{i}].number: page {number} is beyond the issue's {paper.pages} pages (paper.pages)")
        seen.setdefault(number, mark)

    # -- slots -------------------------------------------------------------

    def slot(self, path: Tuple[Any, ...], sid: str, content: Any, template: Template, page: int) -> Optional[Placement]:
        """The placement for one slot, checked against its region."""
        kmark = self.ctx.key_mark(path)
        if isinstance(content, str):
            content = {"article": content}
        given = [k for k in SLOT_KINDS if k in content]
        if any(k not in content and path + (k,) in self.ctx.marks for k in SLOT_KINDS):
            return None  # a kind key is written but its value was refused: that error is the real problem
        if len(given) != 1:
            what = "nothing to place" if not given else f"both {' and '.join(given)}"
            self.diags.error(self.ctx.mark(path), f"{dotted(path)}: {what}; give one of article, continued, image, lines")
            return None
        kind = given[0]
        for key, needs in ONLY_WITH.items():
            if key in content and (kind != "article" if key == "id" else SLOT_KINDS[kind] != needs):
                self.diags.error(self.ctx.key_mark(path + (key,)), f"{dotted(path + (key,))}: only used with {needs}")
        ids = [r.id for r in template.regions]
        problem = ""
        removed = getattr(self, "removed_regions", {}).get(sid)
        if sid not in ids and removed is not None:
            problem = (f"{dotted(path)}: region '{sid}' of template '{template.name}' was removed by this page's "
                       f"adjustments ({sid}: null at {removed}); remove the slot or keep the region")
        elif sid not in ids:
            problem = f"{dotted(path)}: template '{template.name}' has no region '{sid}'{did_you_mean(sid, ids)}"
        elif SLOT_KINDS[kind] != template.region(sid).kind:
            problem = (f"{dotted(path)}: region '{sid}' is a {template.region(sid).kind} region; "
                       f"'{kind}' goes into a {SLOT_KINDS[kind]} region")
        placement = SLOT_READERS[kind](self, path, sid, content, template, page)
        if problem:
            self.diags.error(kmark, problem)
            return None  # the article is still registered, so its continuations do not cascade into errors
        return placement

    def slot_article(self, path, sid, content, template, page) -> Optional[Placement]:
        """The first part of an article."""
        mark = self.article_mark(path)
        file = self.confined(content["article"], path + ("article",) if (path + ("article",)) in self.ctx.marks else path,
                             "article")
        if file is None:
            return None
        article = self.article_files.get(real_path(file))
        if article is None:
            article = self.checked_article(load_article(file, self.diags, content.get("id", ""), mark=mark))
            if article is None:
                return None
            self.article_files[real_path(file)] = article
        aid = article.id
        if aid in self.parts:
            first = self.parts[aid][0]
            self.diags.error(mark, f"{dotted(path)}: article '{aid}' is already placed on page {first.page} "
                                   f"(line {first.mark.line}); use {{continued: {aid}}} to continue it")
            return None
        self.articles[aid] = article
        self.parts[aid] = [_Part(page, sid, template, mark)]
        return ArticlePlacement(region=sid, article=article, mark=mark)

    def checked_article(self, article: Optional[Article]) -> Optional[Article]:
        """The article, or None when its header image leads outside the issue's folder (an error at the image line)."""
        if article is None or article.image is None:
            return article
        ref = article.image
        try:
            confine(ref.path, self.path.parent, f"image '{ref.path}'", "the issue's folder")
        except (PathOutsideError, TextFileError) as exc:
            self.diags.error(ref.mark, exc.message)
            return None
        return article

    def article_mark(self, path: Tuple[Any, ...]) -> Mark:
        """Where a slot names its article file (``article:`` when written out, else the slot)."""
        return self.ctx.mark(path + ("article",)) if (path + ("article",)) in self.ctx.marks else self.ctx.mark(path)

    def refused_before(self, index: int) -> bool:
        """True when the page list, or the number, template or a slot of a page before ``pages[index]``, was
        refused (reported): the articles it placed are unknown, so a continuation of one is no new error."""
        return any(p[0] == "pages" and (len(p) == 1 or isinstance(p[1], int) and p[1] < index
                                        and (len(p) == 2 or p[2] in ("number", "template", "slots")))
                   for p in self.ctx.invalid)

    def slot_continued(self, path, sid, content, template, page) -> Optional[Placement]:
        """A later part of an article placed on an earlier page."""
        aid = content["continued"]
        mark = self.ctx.mark(path + ("continued",))
        if aid not in self.parts and (aid in self.unplaced or self.refused_before(path[1])):
            return None  # its first part is on a page whose template failed (or was refused): that error is the root cause
        if aid not in self.parts:
            self.diags.error(mark, f"{dotted(path)}.continued: no article '{aid}' is placed before this page"
                                   f"{did_you_mean(aid, self.parts)}")
            return None
        self.parts[aid].append(_Part(page, sid, template, mark))
        return ArticlePlacement(region=sid, article=self.articles[aid], part=len(self.parts[aid]) - 1, mark=mark)

    def slot_image(self, path, sid, content, template, page) -> Optional[Placement]:
        """An image with caption and credit; a missing or unreadable file is a warning."""
        file = self.confined(content["image"], path + ("image",), "image")
        if file is None:
            return None
        mark = self.ctx.mark(path + ("image",))
        problem = image_file_problem(file)
        if problem:
            self.diags.warning(mark, f"{dotted(path)}.image: file '{content['image']}' {problem}; a placeholder will be drawn")
        if not problem and content.get("page", 1) != 1 and is_pdf_file(file):
            problem = pdf_file_problem(file, content["page"])
            if problem:
                self.diags.warning(mark, f"{dotted(path)}.page: '{content['image']}' {problem}; a placeholder will be drawn")
        ref = ImageRef(str(file), content.get("caption", ""), content.get("credit", ""), os.path.isfile(file),
                       content.get("label", ""), mark, problem, page=content.get("page", 1))
        return ImagePlacement(region=sid, image=ref, mark=mark)

    def slot_lines(self, path, sid, content, template, page) -> Optional[Placement]:
        """Lines replacing a box's template lines."""
        raw, where = content["lines"], path + ("lines",)
        items = box_items(raw, where, self.ctx, self.diags, template, sid)
        return TextPlacement(region=sid, lines=line_texts(raw), items=items, mark=self.ctx.mark(where))

    def fill_sourced_images(self, template: Template, slots: Dict[str, Placement], page: int, path) -> None:
        """Image regions with ``source:`` take the header image of the article placed in that region."""
        for region in template.regions:
            src = slots.get(region.source) if isinstance(region, ImageRegion) and region.source else None
            if isinstance(region, ImageRegion) and region.id in slots:
                self.warn_replaced_image(slots[region.id], region, src, page)
            if not isinstance(region, ImageRegion) or region.id in slots:
                continue
            if isinstance(src, ArticlePlacement) and src.part == 0 and src.article.image is not None:
                slots[region.id] = ImagePlacement(region=region.id, image=src.article.image, mark=src.article.image.mark)
            elif region.image is None:
                why = f"the article in '{region.source}' has no image" if region.source else "nothing is assigned to it"
                self.diags.warning(self.ctx.mark(path), f"page {page}: image region '{region.id}' stays empty ({why})")

    def warn_replaced_image(self, placed: Placement, region: ImageRegion, src: Optional[Placement], page: int) -> None:
        """A slot's own image in a ``source:`` region takes the place of that article's header image: said, not silent."""
        if not (isinstance(src, ArticlePlacement) and src.part == 0 and src.article.image is not None):
            return
        own = placed.image.path if isinstance(placed, ImagePlacement) else "(its lines)"
        art = src.article.image
        self.diags.warning(placed.mark, f"page {page}: region '{region.id}' shows the slot's image "
                                        f"{os.path.basename(own)} instead of the header image of article "
                                        f"'{src.article.id}' ({os.path.basename(art.path)}, {art.mark}), which is "
                                        f"then not printed; remove the slot's image or the article's 图片 line")

    # -- jumps -------------------------------------------------------------

    def link_jumps(self, pages: List[PageAssignment]) -> List[PageAssignment]:
        """Pages with every multi-part article's placements linked and their jump lines filled."""
        out = []
        for p in pages:
            slots = dict(p.slots)
            for sid, pl in p.slots.items():
                if isinstance(pl, ArticlePlacement):
                    slots[sid] = self.linked(pl, p.template)
            out.append(replace(p, slots=slots))
        return out

    def linked(self, pl: ArticlePlacement, template: Template) -> ArticlePlacement:
        """One placement with its neighbours' pages and the jump texts."""
        parts = self.parts[pl.article.id]
        prev = parts[pl.part - 1] if pl.part > 0 else None
        nxt = parts[pl.part + 1] if pl.part + 1 < len(parts) else None
        region = template.region(pl.region)
        jump_out = fill(region.jump_out, {"to_page": nxt.page}) if nxt else ""  # type: ignore[attr-defined]
        jump_in = fill(region.jump_in, {"from_page": prev.page}) if prev else ""  # type: ignore[attr-defined]
        return ArticlePlacement(region=pl.region, article=pl.article, part=pl.part,
                                continued_from=prev.page if prev else 0, continues_to=nxt.page if nxt else 0,
                                next_region=nxt.region if nxt else "", jump_out=jump_out, jump_in=jump_in, mark=pl.mark)


# slot key -> the reader turning its content into a Placement (one per key of SLOT_KINDS; a test keeps them equal)
SLOT_READERS = {"article": IssueReader.slot_article, "continued": IssueReader.slot_continued,
                "image": IssueReader.slot_image, "lines": IssueReader.slot_lines}


def output_stem_problem(stem: str) -> str:
    """'' when ``stem`` is a plain file name for the output PDFs; else what is wrong and what to write."""
    hint = "write a plain file name such as 20180428 (the PDFs go into the -o folder)"
    if not stem.strip():
        return f"the file stem is empty; {hint}"
    if len(stem) > MAX_STEM:
        return f"the file stem is {len(stem)} characters long (at most {MAX_STEM}); {hint}"
    bad = _BAD_STEM.search(stem)
    if bad:
        return f"{stem!r} contains {bad.group()!r}, which a file stem cannot have (no folders); {hint}"
    if stem.startswith(".") or stem != stem.strip():
        return f"{stem!r} would give a hidden or oddly named file (a leading dot or space); {hint}"
    return ""


def read_issue(path: Union[str, Path], diags: Optional[Diagnostics] = None) -> Tuple[Optional[Issue], Diagnostics]:
    """(Issue or None, every diagnostic) without raising."""
    reader = IssueReader(Path(path), diags or Diagnostics())
    try:
        issue = reader.read()
    except RESOLVE_FAILURES:
        if not reader.diags.errors:
            raise  # without a reported cause it is a bug
        reader.diags.warning(Mark(display_path(path), 1, 1),
                             "the rest of this issue could not be checked because of the errors above")
        issue = None
    return issue, reader.diags


def load_issue(path: Union[str, Path]) -> Issue:
    """The resolved Issue; raises ModelError listing every error (warnings are in Issue.warnings)."""
    issue, diags = read_issue(path)
    diags.raise_if_errors()
    assert issue is not None
    return issue


def check_issue(path: Union[str, Path]) -> List[Diagnostic]:
    """Every problem in an issue, its templates and its articles."""
    _issue, diags = read_issue(path)
    return diags.sorted()


def removed_regions(regions: Any) -> Dict[str, Mark]:
    """Region ids a page's ``regions:`` adjustments set to null (removed from its template), with where each is."""
    if not isinstance(regions, YMap):
        return {}
    return {str(k.value): k.mark for k, v in regions if isinstance(v, YScalar) and v.value is None}
