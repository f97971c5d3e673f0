"""Regenerate the pinned test fonts (run by hand; the output is committed).

Subsets Noto Serif SC and Noto Sans SC (SIL OFL 1.1, from the
pylopdf-fonts-zh-cn wheel) to ASCII, Latin-1, the GB 2312 symbol rows and
level-1 hanzi, plus every character of the bundled sample issue, keeping the
vertical metrics and the vert/vrt2/halt/vhal/palt features layout uses.
"""
import sys
from pathlib import Path

import uharfbuzz as hb

from layout.fonts.registry import _package_file

HERE = Path(__file__).resolve().parent


def gb2312_level1_and_symbols() -> set:
    chars = set()
    for row in list(range(1, 10)) + list(range(16, 56)):
        for cell in range(1, 95):
            try:
                chars.add(bytes([0xA0 + row, 0xA0 + cell]).decode("gb2312"))
            except UnicodeDecodeError:
                pass
    return chars


def wanted_chars(extra_files) -> set:
    chars = {chr(c) for c in range(0x20, 0x7F)} | {chr(c) for c in range(0xA0, 0x100)}
    chars |= set("“”‘’—…·・‧–‐―〈〉《》「」『』【】〖〗〔〕（）［］｛｝！？，、。：；．～／％＋－＝＜＞①②③④⑤●○■□◆◇★☆※℃°￥¥‰№⸺")
    chars |= gb2312_level1_and_symbols()
    for f in extra_files:
        chars |= set(Path(f).read_text(encoding="utf-8"))
    return {c for c in chars if c.isprintable() or c == "\u3000"}


def subset(src: str, dst: Path, chars: set) -> None:
    face = hb.Face(hb.Blob.from_file_path(src))
    inp = hb.SubsetInput()
    for c in sorted(chars):
        inp.unicode_set.add(ord(c))
    inp.flags = hb.SubsetFlags.NO_HINTING | hb.SubsetFlags.NOTDEF_OUTLINE
    feats = inp.sets(hb.SubsetInputSets.LAYOUT_FEATURE_TAG)
    feats.clear()
    for tag in ("vert", "vrt2", "halt", "vhal", "palt", "vpal", "kern", "vkrn"):
        feats.add(hb.ot_tag_from_string(tag) if hasattr(hb, "ot_tag_from_string") else int.from_bytes(tag.encode(), "big"))
    out = hb.subset(face, inp)
    dst.write_bytes(bytes(out.blob.data))
    print(dst, dst.stat().st_size, "bytes")


if __name__ == "__main__":
    chars = wanted_chars(sys.argv[1:])
    subset(_package_file("pylopdf_fonts_zh_cn", "NotoSerifSC-Regular.otf"), HERE / "data" / "NotoSerifSC-test.otf", chars)
    subset(_package_file("pylopdf_fonts_zh_cn", "NotoSansSC-Regular.otf"), HERE / "data" / "NotoSansSC-test.otf", chars)
