"""Compose's report records: text left unfilled (underset) and what each text region held.

Part of the render report (layout.report, principle "Nothing silent"); kept in their own module,
re-exported as ``layout.report.Underset`` and ``layout.report.RegionRecord``, so that commands
that never compose a page (the galley) do not build them at start-up.
"""
from __future__ import annotations

from .records import record


@record(frozen=True)
class Underset:
    """Room a text region left empty after its story ended: whole body lines and the characters they hold."""

    story: str
    region: str
    lines: int
    chars: int
    page: int = 0

    def __str__(self) -> str:
        where = f"page {self.page}, " if self.page else ""
        lines = f"{self.lines} empty line{'s' if self.lines != 1 else ''}"
        return f"underset: {self.story} ({where}region {self.region}): {lines}, room for {self.chars} more characters"


@record(frozen=True)
class RegionRecord:
    """What compose set in one text region: capacity and use at its style, for ``render.py fit`` and the page table."""

    page: int
    region: str
    article: str
    part: int = 0
    lines: int = 0  # body lines set
    capacity_lines: int = 0  # body lines the region's frames hold at the body style (after headline, jump lines)
    capacity_chars: int = 0  # characters those lines hold (whole characters per line)
    length: int = 0  # characters of the article still to set when this part started (the whole article for part 0)
    overset_chars: int = 0
    underset_lines: int = 0
    underset_chars: int = 0
    copyfit: str = ""  # what copyfit changed ("" when nothing)
    continues: bool = False  # the story goes on in a later part
    missing_glyphs: int = 0  # characters no face could draw, in this region
    substitutions: int = 0  # font roles set in another face, first met in this region
    image: str = ""  # an image region: the file placed (article is then "")
    ppi: float = 0.0  # its effective resolution (0: missing, or a PDF page)
    overset_lines: int = 0  # lines the overset text needs at the block's measure

    @property
    def balance(self) -> int:
        """Characters short (positive: 还差) or over (negative: 超出) the region's capacity."""
        if self.overset_chars:
            return -self.overset_chars
        return 0 if self.continues else self.underset_chars

    @property
    def verdict(self) -> str:
        """还差 N 字（M 行） (room left), 超出 N 字（M 行） (overset), 正好 (fits), or 转下版 (continues later)."""
        b = self.balance
        if b == 0 and self.continues:
            return "转下版"
        if b > 0:
            return f"还差 {b} 字（{self.underset_lines} 行）"
        return f"超出 {-b} 字" + (f"（{self.overset_lines} 行）" if self.overset_lines else "") if b < 0 else "正好"

    def __str__(self) -> str:
        if self.image:
            return f"page {self.page} {self.region}: image {self.image}" + (f" {self.ppi:.0f} ppi" if self.ppi else "")
        return (f"page {self.page} {self.region}: {self.article} capacity {self.capacity_chars} 字 "
                f"({self.capacity_lines} lines), set {self.lines} lines: {self.verdict}")
