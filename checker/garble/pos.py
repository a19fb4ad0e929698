"""Parts of speech as bits: what WordNet allows for a content word (built into the
lexicon) plus a small hand-written table of closed-class words, enough for the
syntax patterns to tell a bare verb from a noun without a tagger."""
from __future__ import annotations

import re

NOUN, NOUN_PL, VERB, VERB_S, VERB_ED, VERB_ING, ADJ, ADV = (1 << i for i in range(8))
POS_BITS = {
    ("n", "base"): NOUN, ("n", "pl"): NOUN_PL,
    ("v", "base"): VERB, ("v", "s"): VERB_S, ("v", "ed"): VERB_ED, ("v", "ing"): VERB_ING,
    ("a", "base"): ADJ, ("a", "er"): ADJ, ("a", "est"): ADJ, ("r", "base"): ADV,
}
ANY_NOUN = NOUN | NOUN_PL
# a Roman numeral, either case ("XIV", "xxx"); "mix" matches too, so a caller asks more of it
ROMAN_NUMERAL = re.compile(r"m{0,3}(?:cm|cd|d?c{0,3})(?:xc|xl|l?x{0,3})(?:ix|iv|v?i{0,3})", re.IGNORECASE)
ANY_VERB = VERB | VERB_S | VERB_ED | VERB_ING

DETERMINERS = frozenset("a an the this that these those my your his her its our their no every each "
                        "some any another either neither much many few several all both".split())
PRONOUNS = frozenset("i you he she it we they me him us them".split())
BE = frozenset("be is are was were been being am".split())
AUXILIARIES = BE | frozenset("have has had having do does did will would shall should can could "
                             "may might must".split())
PREPOSITIONS = frozenset("of in on at by for with from to into onto over under about after before "
                         "between through during without within against among across behind "
                         "beyond near since until upon toward towards".split())
CONJUNCTIONS = frozenset("and or but nor so yet if when while because although though as than "
                         "whether that".split())
WH = frozenset("who whom whose which what where when why how".split())
FUNCTION_WORDS = (DETERMINERS | PRONOUNS | AUXILIARIES | PREPOSITIONS | CONJUNCTIONS | WH
                  | frozenset("not no yes there here then also very too more most less least only "
                              "just even still ever never always often again such own same other "
                              "up down out off away back now well".split()))
