#!/usr/bin/env python3
"""Regenerates assets/fonts/NotoSansSC-Receipt.otf, the font the PDF receipts are written in.

A subset of Noto Sans CJK SC Regular (SIL Open Font License 1.1, assets/fonts/OFL.txt):
printable ASCII, Latin-1, the punctuation and symbols receipts use, and the characters of
GB 2312 (its 6,763 hanzi of levels 1 and 2 and its symbols), so that a clone writes Chinese
receipts without a system font. The PDF embeds only the glyphs a receipt uses (krilla subsets
again); a character outside this set is drawn as the fallback box (see src/app/evidence/pdf.rs).

Needs fonttools (`pip install fonttools`) and the source font, by default Debian's
fonts-noto-cjk (`apt-get install fonts-noto-cjk`); another copy of NotoSansCJK-Regular.ttc
can be named as the first argument:

    python3 scripts/receipt_font.py [/usr/share/fonts/opentype/noto/NotoSansCJK-Regular.ttc]
"""

import os
import sys

from fontTools import subset
from fontTools.ttLib import TTCollection

SOURCE = "/usr/share/fonts/opentype/noto/NotoSansCJK-Regular.ttc"
OUT = os.path.join(os.path.dirname(os.path.abspath(__file__)), "..", "assets", "fonts", "NotoSansSC-Receipt.otf")
FAMILY = "Noto Sans CJK SC"


def gb2312():
    """Every character GB 2312 encodes (rows 1-9 of symbols, 16-87 of hanzi)."""
    chars = set()
    for hi in range(0xA1, 0xF8):
        for lo in range(0xA1, 0xFF):
            try:
                chars.add(bytes([hi, lo]).decode("gb2312"))
            except UnicodeDecodeError:
                pass
    return chars


def wanted():
    chars = {chr(c) for c in range(0x20, 0x7F)} | {chr(c) for c in range(0xA0, 0x100)}
    chars |= set("¥€£–—‘’“”•…‰′″←→↑↓√∞≈≠≤≥□■○●★☆✓✔✕✗、。，；：？！（）《》〈〉【】「」『』〔〕～·")
    return chars | gb2312()


def main():
    source = sys.argv[1] if len(sys.argv) > 1 else SOURCE
    collection = TTCollection(source)
    font = next(f for f in collection.fonts if f["name"].getDebugName(1) == FAMILY)
    options = subset.Options()
    options.layout_features = []  # no alternates: receipts are set horizontally, without ligatures
    options.name_IDs = ["*"]
    options.drop_tables += ["VORG", "vhea", "vmtx", "BASE"]
    options.name_languages = ["*"]
    options.notdef_outline = True
    options.hinting = False
    options.desubroutinize = False
    subsetter = subset.Subsetter(options)
    subsetter.populate(unicodes=[ord(c) for c in sorted(wanted())])
    subsetter.subset(font)
    font.save(OUT)
    print(f"{OUT}: {os.path.getsize(OUT)} bytes, {len(font.getGlyphOrder())} glyphs")


if __name__ == "__main__":
    main()
