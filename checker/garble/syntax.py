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

from dataclasses import dataclass

from .lexicon import Lexicon
from .pos import ADJ, ADV, ANY_NOUN, ANY_VERB, BE, DETERMINERS, NOUN, NOUN_PL, SUBJECT_PRONOUNS, VERB, VERB_ED
from .tokens import Token

HAVE = frozenset({"have", "has", "had"})
INDEFINITE = frozenset({"everything", "something", "nothing", "anything", "all"})
# verbs whose object is often followed by a participle ("found the door locked")
COMPLEMENT_VERBS = frozenset("found saw heard got had kept left made wanted felt considered thought "
                             "watched noticed liked needed believed declared reported wished ordered "
                             "imagined pronounced supposed".split())
CLAUSE_END = frozenset(".,;:!?\"”’)")


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


def _ends_clause(prose: str, end: int) -> bool:
    """The next non-space character closes the clause (or the text ends)."""
    i = end
    while i < len(prose) and prose[i] in " \t":
        i += 1
    return i >= len(prose) or prose[i] in CLAUSE_END or prose[i] in "\r\n"


def _verbish(lex: Lexicon, word: str) -> bool:
    """Mostly a transitive verb in edited English: "form a", "form the" hold a good share
    of the word's frequent right-hand pairings."""
    mass = lex.right_mass.get(word)
    if mass is None:
        return False
    objects = sum(10 ** lex.bigrams[f"{word} {d}"] for d in ("a", "an", "the") if f"{word} {d}" in lex.bigrams)
    return objects / 10 ** mass >= VERB_SHARE


VERB_SHARE = 0.1


def _ing(word: str, lex: Lexicon) -> str | None:
    for form in (word + "ing", word[:-1] + "ing" if word.endswith("e") else None, word + word[-1] + "ing"):
        if form and lex.known(form) and _bits(lex, form) & ANY_VERB:
            return form
    return None


def find(runs: list[list[Token]], prose: str, lex: Lexicon) -> list[SyntaxGarble]:
    out: list[SyntaxGarble] = []
    for run in runs:
        words = [t.lower for t in run]
        n = len(run)
        for i in range(n):
            # stranded bare verb: have + indefinite pronoun + bare verb, clause ends
            if i + 2 < n and words[i] in HAVE and words[i + 1] in INDEFINITE:
                verb = words[i + 2]
                bits = _bits(lex, verb)
                if bits & VERB and not bits & (ANY_NOUN | ADJ | ADV) and _ends_clause(prose, run[i + 2].end):
                    fix = f"{run[i + 2].text} {run[i + 1].text}" if words[i] == "have" else None
                    out.append(SyntaxGarble(
                        run[i].start, run[i + 2].end, "stranded-verb",
                        f"“{prose[run[i].start:run[i + 2].end]}” strands the bare verb “{run[i + 2].text}” "
                        f"after its object; rewritten from “{verb} {words[i + 1]}”?", fix, 0.6))
            # two finite verbs for one clause: pronoun + past verb + det ... noun + past verb, clause ends
            if (i + 3 < n and words[i] in SUBJECT_PRONOUNS and _bits(lex, words[i + 1]) & VERB_ED
                    and words[i + 1] not in COMPLEMENT_VERBS and words[i + 2] in DETERMINERS):
                j = i + 3
                while j < n - 1 and (_bits(lex, words[j]) & (ADJ | ANY_NOUN) or "-" in words[j]) \
                        and not (_bits(lex, words[j]) & VERB_ED and _ends_clause(prose, run[j].end)):
                    j += 1
                last = words[j]
                if (j > i + 3 and j == n - 1 and last.endswith("ed") and _bits(lex, last) & VERB_ED
                        and not _bits(lex, last) & (ADJ | ANY_NOUN) and _bits(lex, words[j - 1]) & ANY_NOUN
                        and _ends_clause(prose, run[j].end)):
                    kept = prose[run[i + 1].start:run[j - 1].end]
                    out.append(SyntaxGarble(
                        run[i + 1].start, run[j].end, "competing-verbs",
                        f"Two verbs compete for one clause in “{prose[run[i + 1].start:run[j].end]}”: "
                        f"“{run[i + 1].text}” and “{run[j].text}”.", kept, 0.55))
            # a noun phrase where a verb phrase belongs: be + a + noun + verb-noun, clause ends
            if (i + 3 < n + 0 and i + 3 <= n - 1 and words[i] in BE and words[i + 1] in ("a", "an")
                    and i + 3 == n - 1):
                noun, tail = words[i + 2], words[i + 3]
                if (_bits(lex, noun) & NOUN and not _bits(lex, noun) & (ADJ | VERB_ED) and _bits(lex, tail) & VERB and _bits(lex, tail) & NOUN
                        and not _bits(lex, tail) & NOUN_PL and _verbish(lex, tail)
                        and not lex.established(f"{noun} {tail}") and _ends_clause(prose, run[i + 3].end)):
                    ing = _ing(tail, lex)
                    fix = f"{run[i].text} {ing} {run[i + 1].text} {run[i + 2].text}" if ing else None
                    out.append(SyntaxGarble(
                        run[i].start, run[i + 3].end, "noun-for-verb",
                        f"“{prose[run[i].start:run[i + 3].end]}” reads as a noun phrase where a verb "
                        f"phrase belongs (“{tail}” a “{noun}”?).", fix, 0.55))
            # orphaned predicate: be + not + a + relational noun, sentence ends
            if (i + 3 == n - 1 and words[i] in BE and words[i + 1] == "not" and words[i + 2] in ("a", "an")):
                noun = words[i + 3]
                if _bits(lex, noun) & NOUN and _relational(lex, noun) and _sentence_ends(prose, run[i + 3].end):
                    out.append(SyntaxGarble(
                        run[i].start, run[i + 3].end, "orphaned-predicate",
                        f"“{prose[run[i].start:run[i + 3].end]}” does not fit its subject: "
                        f"“{noun}” wants a complement (“in no {noun} to …”?).", None, 0.5))
    return out


def _sentence_ends(prose: str, end: int) -> bool:
    i = end
    while i < len(prose) and prose[i] in "\"”’) \t":
        i += 1
    return i >= len(prose) or prose[i] in ".!?\r\n"


def _relational(lex: Lexicon, noun: str) -> bool:
    """A noun that edited English nearly always completes ("condition to/of/that ..."):
    its frequent right-hand partners are mostly prepositions and complementisers."""
    mass = lex.right_mass.get(noun)
    if mass is None:
        return False
    linked = sum(10 ** lex.bigrams.get(f"{noun} {p}", 0) for p in ("of", "to", "for", "that", "in")
                 if f"{noun} {p}" in lex.bigrams)
    return linked / 10 ** mass >= RELATIONAL_SHARE


RELATIONAL_SHARE = 0.5
