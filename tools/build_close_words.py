"""Derive checker/data/close_words.txt.gz from symspellpy's English frequency list.

`consistency.name` flags two capitalised words one edit apart ("Zelensky"/"Zelenskyy")
as one name spelled two ways, unless both are ordinary, frequent words that merely look
alike ("Johnson"/"Johnston", "Carter"/"Cartier"). Only words that have such a
look-alike in the list can ever excuse a pair, so only they are shipped: every word of
five letters or more, with a count of at least MIN_COUNT, that is one edit (insertion,
deletion, substitution or swap of neighbours) from another such word.

Run: python tools/build_close_words.py  (needs `pip install symspellpy`; ~3 s).
symspellpy is MIT-licensed; its list is derived from Google Books Ngram counts.
"""
from __future__ import annotations

import gzip
import os
import sys
from collections import defaultdict
from pathlib import Path

MIN_COUNT = 200_000
MIN_LENGTH = 5
OUT = Path(__file__).resolve().parent.parent / "checker" / "data" / "close_words.txt.gz"


def one_edit_words(words: list[str]) -> set[str]:
    """Words of `words` that have another word of `words` one edit away."""
    by_deletion: dict[str, set[str]] = defaultdict(set)
    for w in words:
        by_deletion[w].add(w)
        for i in range(len(w)):
            by_deletion[w[:i] + w[i + 1:]].add(w)
    close: set[str] = set()
    for group in by_deletion.values():  # share a deletion: insertion/deletion/substitution
        if len(group) > 1:
            close.update(group)
    present = set(words)
    for w in words:  # neighbours swapped
        for i in range(len(w) - 1):
            swapped = w[:i] + w[i + 1] + w[i] + w[i + 2:]
            if swapped != w and swapped in present:
                close.add(w)
    return close


def main() -> int:
    import symspellpy

    path = os.path.join(os.path.dirname(symspellpy.__file__), "frequency_dictionary_en_82_765.txt")
    words = []
    with open(path, encoding="utf-8") as handle:
        for line in handle:
            word, count = line.split()
            if int(count) >= MIN_COUNT and len(word) >= MIN_LENGTH and word.isalpha():
                words.append(word)
    close = sorted(one_edit_words(words))
    with gzip.open(OUT, "wt", encoding="utf-8", compresslevel=9) as out:
        out.write("\n".join(close) + "\n")
    print(f"{OUT}: {len(close)} words", file=sys.stderr)
    return 0


if __name__ == "__main__":
    sys.exit(main())
