"""Golden line breaks and glyph positions: the engine's output for fixed texts and styles.

``python -m tests.text.golden`` (from the repository root) rewrites
tests/text/data/golden-lines.jsonl; test_golden.py compares the engine with it.
Regenerate only for an intended behaviour change, and say so in the commit.

One JSON array per set line: config name, paragraph number, source offsets,
the line's text, flags (is_last, overfull, relaxed), units, width, natural
width, indent and hang in milli-points, every glyph's inline offset in
milli-points, and a CRC of (face, gid, advance, scale, text, orientation) per glyph.
"""
from __future__ import annotations

import json
import zlib
from pathlib import Path

from layout.text import ParagraphStyle, set_paragraph

ROOT = Path(__file__).resolve().parents[2]
DATA = Path(__file__).resolve().parent / "data" / "golden-lines.jsonl"
SEED = ROOT / "samples" / "seed-body.txt"
STRESS = ROOT / "samples" / "stress" / "punctuation.txt"
# A fixed list, not a glob: adding a QA text must not change the golden output.
QA_TEXTS = ("bom-crlf.txt", "commentary.txt", "only-punct.txt", "punct-positions.txt", "rare-chars.txt",
            "tongxun-feature.txt", "xinhua-news.txt")
QA = [ROOT / "samples" / "qa" / name for name in QA_TEXTS]
STANDARD = 141.874  # pt, a column of the standard galley job rounded (A3, 5 columns, 4 mm gutter, 15 mm margins)

# name -> (texts, measure in pt, style keywords)
CONFIGS = {
    "seed-standard": ([SEED], STANDARD, dict(size=9, leading=14, indent=2)),
    "seed-narrow-kaiming-gb": ([SEED], 130.0, dict(size=10, punct="kaiming", kinsoku="gb", indent=2)),
    "seed-total-fit": ([SEED], STANDARD, dict(size=9, indent=2, breaker="total-fit")),
    "seed-vertical": ([SEED], 250.0, dict(size=9, indent=2, writing_mode="vertical-rl")),
    "stress-quanjiao": ([STRESS], 110.0, dict(size=10, indent=2)),
    "stress-banjiao-basic": ([STRESS], 95.0, dict(size=10, punct="banjiao", kinsoku="basic", indent=0)),
    "stress-plain": ([STRESS], 120.0, dict(size=10, punct="plain", indent=0)),
    "stress-hanging-tracking": ([STRESS], 104.0, dict(size=10, hanging=True, tracking=0.05)),
    "stress-grid-nogap": ([STRESS], 117.0, dict(size=10, grid=True, han_latin_space=0)),
    "stress-center": ([STRESS], 90.0, dict(size=10, align="center", last_line="end", indent=0)),
    "stress-vertical": ([STRESS], 160.0, dict(size=10, writing_mode="vertical-rl")),
    "stress-wide-total-fit": ([STRESS], 400.0, dict(size=10, breaker="total-fit")),
    "qa-standard": (QA, STANDARD, dict(size=9, leading=14, indent=2)),
}


def paragraphs(files):
    """Non-blank lines of the files, stripped, as one list."""
    out = []
    for f in files:
        text = f.read_text(encoding="utf-8-sig")
        out.extend(line.strip() for line in text.splitlines() if line.strip())
    return out


def milli(v: float) -> int:
    """A length in pt as whole milli-points."""
    return int(round(v * 1000))


def glyph_crc(line) -> int:
    """CRC of the per-glyph identity: face, gid, advance (mpt), scale, text and orientation."""
    orients = line.orients or [None] * len(line.gids)
    rows = [(f, g, milli(a), round(s, 6), t, o)
            for f, g, a, s, t, o in zip(line.faces, line.gids, line.advances, line.scales, line.texts, orients)]
    return zlib.crc32(repr(rows).encode("utf-8"))


def line_record(name: str, para: int, line) -> list:
    """The golden record of one set line."""
    return [name, para, line.start, line.end, line.text, [int(line.is_last), int(line.overfull), int(line.relaxed)],
            line.units, milli(line.width), milli(line.natural), milli(line.indent), milli(line.hang),
            [milli(x) for x in line.xs], glyph_crc(line)]


def records(fontset):
    """Every golden record, config by config, paragraph by paragraph."""
    out = []
    for name, (files, measure, kw) in CONFIGS.items():
        style = ParagraphStyle(**kw)
        for p, text in enumerate(paragraphs(files)):
            for line in set_paragraph(text, style, fontset, measure):
                out.append(line_record(name, p, line))
    return out


def main() -> None:
    """Rewrite the golden file from the engine as it is now."""
    from layout.fonts import fontset_from_files
    from tests.conftest import SANS, SERIF

    fontset = fontset_from_files({"song": str(SERIF), "hei": str(SANS)})
    DATA.parent.mkdir(exist_ok=True)
    with open(DATA, "w", encoding="utf-8") as f:
        for rec in records(fontset):
            f.write(json.dumps(rec, ensure_ascii=False, separators=(",", ":")) + "\n")
    print(f"wrote {DATA}")


if __name__ == "__main__":
    main()
