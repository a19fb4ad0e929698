"""Syntax broken by rewriting, found with parts of speech from the lexicon and a few
closed-class word lists, no tagger. Each pattern is a shape that edited English
almost never has; confidences are lower than for collocations, and a fix is given
only when the original order can be read back.

  stranded verb      "have everything govern"           -> "govern everything"
  competing verbs    "they launched the invasion started" -> drop the second verb
  noun for a verb    "are a force form"                  -> "are forming a force"
  orphaned predicate "... is not a condition."           (no fix)
"""
from __future__ import annotations

import re
from dataclasses import dataclass
from functools import lru_cache

from ..byte_scan import char_starts
from ..patterns import re2_compiled
from .lexicon import Lexicon
from .pos import ADJ, ADV, ANY_NOUN, ANY_VERB, BE, DETERMINERS, NOUN, NOUN_PL, VERB, VERB_ED, VERB_ING
from .tokens import alternation

HAVE = frozenset({"have", "has", "had"})
INDEFINITE = frozenset({"everything", "something", "nothing", "anything", "all"})
# verbs whose object is often followed by a participle ("found the door locked")
COMPLEMENT_VERBS = frozenset("found saw heard got had kept left made wanted felt considered thought "
                             "watched noticed liked needed believed declared reported wished ordered "
                             "imagined pronounced supposed".split())


@dataclass(frozen=True)
class SyntaxGarble:
    start: int
    end: int
    pattern: str
    message: str
    fix: str | None
    confidence: float


def _bits(lex: Lexicon, word: str) -> int:
    return lex.pos.get(word, 0)


def _verbish(lex: Lexicon, word: str) -> bool:
    """Mostly a transitive verb in edited English: "form a", "form the" hold a good share
    of the word's frequent right-hand pairings."""
    mass = lex.log10(lex.right_mass, word)
    if mass is None:
        return False
    objects = sum(10 ** lex.log10(lex.bigrams, f"{word} {d}") for d in ("a", "an", "the")
                  if f"{word} {d}" in lex.bigrams)
    return objects / 10 ** mass >= VERB_SHARE


VERB_SHARE = 0.1


def _ing(word: str, lex: Lexicon) -> str | None:
    for form in (word + "ing", word[:-1] + "ing" if word.endswith("e") else None, word + word[-1] + "ing"):
        if form and lex.known(form) and _bits(lex, form) & ANY_VERB:
            return form
    return None


_END = r"(?=[ \t]*(?:[.,;:!?\"”’)\r\n]|$))"
_WS = r"[ \t]+"


def _both_cases(words) -> str:
    """The same words as `_either_case`, as one trie-shaped expression (faster to scan for)."""
    return alternation(form for w in words for form in (w, w[0].upper() + w[1:]))


def _either_case(words) -> str:
    """An alternation matching each word in lower case or with a capital (no re.I: slower)."""
    return "(?:" + "|".join(f"[{w[0].upper()}{w[0]}]{w[1:]}" for w in sorted(words)) + ")"


# each pattern's source; compiled when a text first has a place for it (see _pattern)
SOURCES = {
    "stranded": rf"\b({_either_case(HAVE)}){_WS}({'|'.join(sorted(INDEFINITE))}){_WS}([a-z]+){_END}",
    "competing": rf"\b(?:I|{_either_case(['you', 'he', 'she', 'it', 'we', 'they'])}){_WS}([a-z]+ed){_WS}"
                 rf"({'|'.join(sorted(DETERMINERS))})((?:{_WS}[a-z]+(?:-[a-z]+)*){{2,6}}){_END}",
    "noun_for_verb": rf"\b({_either_case(BE)}){_WS}(an?){_WS}([a-z]+){_WS}([a-z]+){_END}",
    "orphaned": rf"\b({_either_case(BE)}){_WS}not{_WS}(an?){_WS}([a-z]+)(?=[\"”’)]*[ \t]*(?:[.!?\r\n]|$))",
}


@lru_cache(maxsize=None)
def _pattern(name: str) -> re.Pattern:
    """A pattern compiled on first use: most short texts have a place for none of them,
    and compiling all four was a tenth of the detector's start-up."""
    return re.compile(SOURCES[name])


PRONOUNS = frozenset({"i", "you", "he", "she", "it", "we", "they"})
WORDS = re.compile(r"[A-Za-z]+(?:-[A-Za-z]+)*")
# one scan for the opening words of every pattern; each pattern is then tried only
# there (each list of first words a trie of both cases, as in tokens.py)
START = (rf"\b(?:({_both_cases(BE)}){_WS}(?:not{_WS})?an?{_WS}"
         rf"|({_both_cases(HAVE)}){_WS}(?:{'|'.join(sorted(INDEFINITE))}){_WS}"
         rf"|(I|{_both_cases(['you', 'he', 'she', 'it', 'we', 'they'])}){_WS}[a-z]+ed{_WS})")


@lru_cache(maxsize=None)
def start_scan():
    r"""START on google-re2, over a text's UTF-8 bytes (see checker/byte_scan.py): a
    third of the time `re` takes on a long text; START on `re` where google-re2 is not
    installed. re2's `\b` knows only ASCII letters, so it also takes a first word right
    after another letter ("éis a"), where each pattern's own `\b` (on `re`) then finds
    nothing. Such a match hides no place of START's: none can start inside one (no
    word of a match but its first is a first word)."""
    scan = re2_compiled(START.encode())
    return re.compile(START) if scan is None else scan


PATTERNS_BY_FIRST = {**{w: ("stranded",) for w in HAVE}, **{w: ("competing",) for w in PRONOUNS},
                     **{w: ("noun_for_verb", "orphaned") for w in BE}}


def _places(prose: str):
    """(offset, first word) of every place START finds."""
    scan = start_scan()
    if isinstance(scan, re.Pattern):
        return ((m.start(), m.group(1) or m.group(2) or m.group(3)) for m in scan.finditer(prose))
    return ((at, (m.group(1) or m.group(2) or m.group(3)).decode("ascii")) for at, m in char_starts(scan, prose))


def _matches(prose: str):
    """(pattern name, match) at every place a pattern's first word occurs."""
    for at, first in _places(prose):
        for name in PATTERNS_BY_FIRST[first.lower()]:
            m = _pattern(name).match(prose, at)
            if m:
                yield name, m


def find(prose: str, lex: Lexicon) -> list[SyntaxGarble]:
    out: list[SyntaxGarble] = []
    found = {"stranded": [], "competing": [], "noun_for_verb": [], "orphaned": []}
    for name, m in _matches(prose):
        found[name].append(m)
    for m in found["stranded"]:
        verb = m.group(3).lower()
        bits = _bits(lex, verb)
        if bits & VERB and not bits & (ANY_NOUN | ADJ | ADV):
            fix = f"{m.group(3)} {m.group(2)}" if m.group(1).lower() == "have" else None
            out.append(SyntaxGarble(
                m.start(), m.end(), "stranded-verb",
                f"“{m.group()}” strands the bare verb “{m.group(3)}” after its object; "
                f"rewritten from “{verb} {m.group(2).lower()}”?", fix, 0.6))
    for m in found["competing"]:
        first = m.group(1).lower()
        if first in COMPLEMENT_VERBS or not _bits(lex, first) & VERB_ED:
            continue
        rest = list(WORDS.finditer(prose, m.start(3), m.end(3)))
        last, body = rest[-1], rest[:-1]
        word = last.group().lower()
        bits = _bits(lex, word)
        if not (bits & VERB_ED and not bits & (ADJ | ANY_NOUN)):
            continue
        if not all(_bits(lex, w.group().lower()) & (ADJ | ANY_NOUN) or "-" in w.group() for w in body):
            continue
        if not _bits(lex, body[-1].group().lower()) & ANY_NOUN:
            continue
        span = prose[m.start(1):last.end()]
        out.append(SyntaxGarble(
            m.start(1), last.end(), "competing-verbs",
            f"Two verbs compete for one clause in “{span}”: “{m.group(1)}” and “{last.group()}”.",
            prose[m.start(1):body[-1].end()], 0.55))
    for m in found["noun_for_verb"]:
        noun, tail = m.group(3).lower(), m.group(4).lower()
        nbits, tbits = _bits(lex, noun), _bits(lex, tail)
        if (nbits & NOUN and not nbits & (ADJ | VERB_ED) and tbits & VERB and tbits & NOUN
                and not tbits & NOUN_PL and _verbish(lex, tail) and not lex.ordinary(f"{noun} {tail}")):
            ing = _ing(tail, lex)
            fix = f"{m.group(1)} {ing} {m.group(2)} {m.group(3)}" if ing else None
            out.append(SyntaxGarble(
                m.start(), m.end(), "noun-for-verb",
                f"“{m.group()}” reads as a noun phrase where a verb phrase belongs "
                f"(“{tail}” a “{noun}”?).", fix, 0.55))
    for m in found["orphaned"]:
        noun = m.group(3).lower()
        if _bits(lex, noun) & NOUN and _relational(lex, noun) and _gerund_subject(prose, m.start(), lex):
            out.append(SyntaxGarble(
                m.start(), m.end(), "orphaned-predicate",
                f"“{m.group()}” does not fit its subject: “{noun}” wants a complement "
                f"(“in no {noun} to …”?).", None, 0.5))
    return sorted(out, key=lambda g: g.start)


# where a clause's subject may begin: a sentence's start (the text's, or after .!? or a
# line break), a clause mark, or "that"
CLAUSE_START = re.compile(r"(?:(?<![^.!?\n])|[;:,(]|\bthat\b)[\"“”’)\s]*([A-Za-z]+ing)\b", re.IGNORECASE)


def _gerund_subject(prose: str, at: int, lex: Lexicon) -> bool:
    """Whether a clause of the sentence before `at` opens with an -ing verb: the shape
    a spinner leaves when it turns "they are in no condition to launch it" into
    "launching it ... is not a condition". A plain subject ("This is not an issue.",
    "The result is not a sequence.") is ordinary English."""
    start = max(prose.rfind(".", 0, at), prose.rfind("!", 0, at), prose.rfind("?", 0, at),
                prose.rfind("\n", 0, at), at - 400) + 1
    return any(_bits(lex, m.group(1).lower()) & VERB_ING
               for m in CLAUSE_START.finditer(prose, max(start, 0), at))


def _relational(lex: Lexicon, noun: str) -> bool:
    """A noun that edited English nearly always completes ("condition to/of/that ..."):
    its frequent right-hand partners are mostly prepositions and complementisers."""
    mass = lex.log10(lex.right_mass, noun)
    if mass is None:
        return False
    linked = sum(10 ** lex.log10(lex.bigrams, f"{noun} {p}") for p in ("of", "to", "for", "that", "in")
                 if f"{noun} {p}" in lex.bigrams)
    return linked / 10 ** mass >= RELATIONAL_SHARE


RELATIONAL_SHARE = 0.5
