"""Derive checker/data/spelling_variants.tsv: British/American spelling pairs.

The pairs come from breame (PyPI, Apache-2.0, by Charles Pierse), whose table maps
British spellings to American ones. Each pair is tagged with the spelling pattern that
separates the two forms, so that `consistency.spelling` can hold a document to one
choice per pattern (all "-ise" or all "-ize") as well as per word:

    british<TAB>american<TAB>pattern     pattern: ise our re ce ll ogue ae yse, or word

Pairs that are not variants of one word in current use (the American form is also a
different British word: practice/practise, program/programme) are left out by the
rule pack's `ignore` list, not here, so a user can edit it.

Run: python tools/build_spelling_variants.py  (needs `pip install breame`).
"""
from __future__ import annotations

import sys
from pathlib import Path

OUT = Path(__file__).resolve().parent.parent / "checker" / "data" / "spelling_variants.tsv"
# (British piece, American piece, pattern): one substitution turns one form into the other.
PATTERNS = [
    ("is", "iz", "ise"), ("ys", "yz", "yse"), ("our", "or", "our"), ("re", "er", "re"),
    ("ce", "se", "ce"), ("ll", "l", "ll"), ("ogue", "og", "ogue"), ("ae", "e", "ae"),
    ("oe", "e", "ae"),
]


def pattern_of(british: str, american: str) -> str:
    for uk, us, name in PATTERNS:
        start = british.find(uk)
        while start >= 0:
            if british[:start] + us + british[start + len(uk):] == american:
                return name
            start = british.find(uk, start + 1)
    return "word"


def main() -> int:
    from breame.data.spelling_constants import BRITISH_ENGLISH_SPELLINGS as table

    rows = sorted(
        (uk, us, pattern_of(uk, us))
        for uk, us in table.items()
        if uk.isalpha() and us.isalpha() and uk != us
    )
    lines = ["# British/American spelling pairs from breame (Apache-2.0), tagged by",
             "# tools/build_spelling_variants.py: british, american, pattern"]
    lines += ["\t".join(row) for row in rows]
    OUT.write_text("\n".join(lines) + "\n", encoding="utf-8")
    print(f"{OUT}: {len(rows)} pairs", file=sys.stderr)
    return 0


if __name__ == "__main__":
    sys.exit(main())
