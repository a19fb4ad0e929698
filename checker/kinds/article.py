"""`article`: "a" or "an" chosen by the next word's first sound, not its first letter:
"an hour", "a university", "a one-year", "an MBA", "an FBI agent", "a NATO summit",
"an 8-year-old", "a European".

Words: most follow their first letter; the exceptions (a consonant letter with a vowel
sound, a vowel letter with a consonant sound, and words said both ways) are data
derived from CMUdict by tools/build_article_data.py (checker/data/articles.tsv).
Acronyms in capitals are read letter by letter when they cannot be a word ("FBI",
"MBA", "HTML": "an"); one that may be said as a word and whose letter name and word
sound disagree ("NATO", "SAT", "HIV") is left alone. Numbers go by how they are said:
8, 11, 18, 80, 11,000 take "an"; a four-digit 11xx or 18xx (a year, or "one thousand
one hundred") is left alone. Single letters go by their names ("an X-ray", "a U-turn").
Every known u-word is in the data ("u" is said both ways), so an unknown one
("Uint8Array") is left alone. A word that starts with two consonants no English syllable
starts with ("npm", "https", "lcov") is read letter by letter. A word whose sound is only
inferred (an unknown h-word: "an helper"; a letter-by-letter reading) gets a fix that is
not applied unattended.
"""
from __future__ import annotations

import re

from . import format_message
from ..finding import Finding
from .words import data_lines, is_sentence_initial, match_case

# (the article's first letter comes first, as a class of its two cases, and the look-behind
# after it: `re` then skips in C to the next "a" or "A", where a pattern that opens with an
# assertion is tried at every position of the text; no other code point matches "a" or "n"
# with case ignored, so the cases spelled out are the pattern with re.IGNORECASE)
ARTICLE = re.compile(
    r"(?P<art>[aA](?<![\w'’\-.][aA])[nN]?)(?P<space>[ \t\u00a0]+(?:\r?\n[ \t]*)?)[“\"‘'(]?(?P<next>[^\W_][\w'’.\-]*)"
)
NUMBER = re.compile(r"\d[\d,]*")
LETTER_NAMES_WITH_VOWEL = set("AEFHILMNORSX")
# Words that never follow an article: "a" before them is the letter ("a or b").
NOT_AFTER_ARTICLE = frozenset(
    """and or but nor is are was were be been being of to in on at by for with from as if it
    its the a an this that these those which who whom whose what he she we they i you me him
    her us them my your our their not so than then there here when where how why do does did
    has have had will would can could should may might must shall into onto other""".split()
)
# Pairs of consonant letters that can begin an English syllable; a word that starts
# with any other pair of consonants ("npm", "lcov", "https") is read letter by letter.
ONSETS = frozenset("""bl br ch cl cr dr dw fl fr gh gl gn gr gw kh kl kn kr ph pl pn pr ps pt
    rh sc sh sk sl sm sn sp sq st sv sw th tr ts tw vl wh wr zh""".split())
VOWEL_LETTERS = set("aeiouy")


def validate(rule) -> None:
    pass


def letter_rule(word: str) -> tuple[str | None, bool]:
    """(first sound, certain) of a lower-case word from its spelling alone. The data file
    lists exactly the dictionary words for which this rule is wrong, so the two agree on
    every word CMUdict knows; for other words the rule is a guess where it says so."""
    if word[0] == "u":
        return None, False  # "an umbrella", "a unit": every known u-word is in the data
    if not (set(word) & VOWEL_LETTERS) or (
        word[0] not in VOWEL_LETTERS and word[1:2] not in VOWEL_LETTERS and word[:2] not in ONSETS
    ):  # "npm", "https", "lcov": said letter by letter
        return ("vowel" if word[0].upper() in LETTER_NAMES_WITH_VOWEL else "consonant"), False
    sound = "vowel" if word[0] in "aeio" else "consonant"
    return sound, word[0] != "h"  # silent h is in the data; an unknown h-word is a guess


def _exceptions() -> dict[str, str]:
    return {row[0]: row[1] for row in data_lines("articles.tsv") if len(row) > 1}


def number_sound(digits: str) -> str | None:
    """'vowel', 'consonant' or None (how it is said is not certain)."""
    whole = digits.split(".")[0].replace(",", "")
    if not whole:
        return None
    if whole[0] == "8":
        return "vowel"
    if whole[:2] in ("11", "18"):
        if len(whole) in (2, 5, 8):
            return "vowel"  # eleven, eighteen thousand, eleven million
        if len(whole) == 4:
            return None  # 1850: "eighteen fifty"; 1,100: "one thousand one hundred"
    return "consonant"


def acronym_sound(token: str) -> str | None:
    letters = token[:-1] if token.endswith("s") else token
    first = letters[0]
    letter_sound = "vowel" if first in LETTER_NAMES_WITH_VOWEL else "consonant"
    has_vowel = any(c in "AEIOU" for c in letters)
    if not has_vowel or (len(letters) <= 3 and letters[1] not in "AEIOUY"):
        return letter_sound  # cannot be said as a word: FBI, MBA, HTML, NGO
    if first in "AEIO":
        return "vowel"
    if first in "FHLMNRSX":
        return None  # NATO (a) or an NHS-like reading: the word decides, unknown here
    return "consonant"  # letter name and word both start with a consonant: CIA, UNESCO, US


class ArticleCheck:
    # checked a window at a time (checker/windows.py): each article is judged from the word after it
    scope = "local"

    def __init__(self, rules, settings):
        self.rules = rules
        self.exceptions = _exceptions()
        # Fast path: most articles stand before a lower-case word whose first letter says
        # the right thing and which the data does not list; those end here.
        # letters whose sound and name agree: the article they take unless the word is
        # in the data ("a dog" but "an honest"; "an egg" but "a one-off")
        self.settled = {letter: "a" for letter in "bcdgjkpqtvwyz"}
        self.settled.update({letter: "an" for letter in "aeio"})

    def sound_of(self, token: str, rest: str) -> tuple[str | None, bool]:
        """(first sound of the word, whether that is certain)."""
        if token[0].isdigit():
            number = NUMBER.match(token)
            return number_sound(number.group() if number else token), True
        core = re.match(r"[^\W\d_]+", token).group()
        if len(core) == 1:
            if core == "I" and not rest.startswith("-"):
                return None, False
            if core.isupper() or rest.startswith("-"):
                return ("vowel" if core.upper() in LETTER_NAMES_WITH_VOWEL else "consonant"), True
            return None, False
        if not core.isascii():
            return None, False
        if core.isupper() or (core[:-1].isupper() and core.endswith("s") and len(core) > 2):
            return acronym_sound(core), True
        word = core.lower()
        if word in NOT_AFTER_ARTICLE:
            return None, False
        known = self.exceptions.get(word)
        if known == "?":
            return None, False
        if known:
            return ("vowel" if known == "an" else "consonant"), True
        return letter_rule(word)

    def check(self, doc):
        prose = doc.prose
        settled = self.settled
        for m in ARTICLE.finditer(prose):
            art = m.group("art")
            nxt = m.group("next")
            if settled.get(nxt[0]) == art and nxt.partition("-")[0].rstrip(".,;:!?’'") not in self.exceptions:
                continue
            if art == "A" and not is_sentence_initial(prose, m.start()):
                continue  # "vitamin A", "Plan A": the letter
            core = re.match(r"[^\W_]+", nxt).group()
            sound, certain = self.sound_of(nxt, nxt[len(core):] if not nxt[0].isdigit() else "")
            if sound is None:
                continue
            wanted = "an" if sound == "vowel" else "a"
            if art.lower() == wanted:
                continue
            fix = match_case(wanted, art)
            for rule in self.rules:
                yield Finding(
                    rule=rule.id,
                    severity=rule.severity,
                    start=m.start("art"),
                    end=m.end("art"),
                    message=format_message(rule.message, rule, found=art, word=core, fix=fix, sound=sound),
                    replacements=(fix,),
                    fix_safe=rule.fix_safe and certain,
                    confidence=1.0 if certain else 0.8,
                )


def compile(rules, settings):
    return ArticleCheck(rules, settings)
