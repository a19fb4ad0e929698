"""Synonym-swapped collocations: a pair or triple of content words that edited
English does not use together, one or two related-word substitutions away from a
phrase it uses all the time. The confidence grows with how close the substitution
is and how strongly the proposed phrase holds together (its association, PMI)."""
from __future__ import annotations

import math
from dataclasses import dataclass

from .candidates import Candidate, candidates
from .lexicon import Lexicon
from .pos import ADJ, ANY_NOUN, FUNCTION_WORDS
from .tokens import Token

# association (log10 PMI) credited to a WordNet multi-word lemma missing from the bigrams
MWE_ASSOCIATION = 2.4
MIN_WORD_LENGTH = 3
# a kept word whose frequent pairings this pair holds this share of gives full evidence
DOMINANCE_FULL = 0.4
DOUBLE_PENALTY = 0.5
SHARPNESS = 4
# the most a three-word candidate (a WordNet term only) can score
TRIPLE_REACH = (0.6 / (1 + math.exp(-3.0 * (MWE_ASSOCIATION - 2.7)))) ** SHARPNESS


@dataclass(frozen=True)
class Garble:
    tokens: tuple[Token, ...]
    candidate: Candidate
    confidence: float
    alternatives: tuple[tuple[str, ...], ...]


def _eligible(token: Token, lex: Lexicon) -> bool:
    if len(token.lower) < MIN_WORD_LENGTH or token.lower in FUNCTION_WORDS:
        return False
    if not token.initial and token.text[:1].isupper():
        return False  # a name, or a title's capitals: no evidence either way
    if "'" in token.lower or "’" in token.lower:
        return False
    return lex.known(token.lower)


def _phrase_shaped(words: tuple[str, ...], lex: Lexicon) -> bool:
    """A noun phrase: modifiers that may be nouns or adjectives, a head that may be a noun."""
    bits = [lex.pos.get(w, 0) for w in words]
    return bool(bits[-1] & ANY_NOUN) and all(b & (ANY_NOUN | ADJ) for b in bits[:-1])


def strength(words: tuple[str, ...], lex: Lexicon) -> float:
    """How firmly a phrase is established: its association, MWE credit otherwise."""
    assoc = lex.association(*words) if len(words) == 2 else None
    if assoc is None:
        return MWE_ASSOCIATION if " ".join(words) in lex.mwes else 0.0
    if " ".join(words) in lex.mwes:
        assoc += 0.3  # a dictionary headword as well as a frequent pair
    return assoc


def _variant(a: str, b: str) -> bool:
    """Spelling or inflection variants ("clinched"/"clenched", "dear"/"dearest"), not synonyms."""
    common = 0
    for x, y in zip(a, b):
        if x != y:
            break
        common += 1
    return common >= 5 or common >= min(len(a), len(b)) - 1


def confidence(words: tuple[str, ...], candidate: Candidate, lex: Lexicon) -> float:
    """0..1: close substitution x firmly established phrase x the kept word's loyalty
    to its partner (a word that pairs with many partners makes weak evidence)."""
    if any(_variant(words[i], candidate.words[i]) for i in candidate.changed):
        return 0.0
    assoc = strength(candidate.words, lex)
    fit = 1 / (1 + math.exp(-3.0 * (assoc - 2.7)))
    if len(candidate.words) == 2 and len(candidate.changed) == 1:
        loyalty = min(1.0, lex.dominance(candidate.words, candidate.changed[0]) / DOMINANCE_FULL) ** 0.5
    else:
        loyalty = 0.6 if " ".join(candidate.words) in lex.mwes else 0.3
    penalty = DOUBLE_PENALTY if len(candidate.changed) > 1 else 1.0
    # raised to a power so that the default threshold 0.5 sits where clean prose stays quiet
    return round((fit * candidate.closeness ** 2 * loyalty * penalty) ** SHARPNESS, 3)


def judge(tokens: tuple[Token, ...], lex: Lexicon, threshold: float = 0.0, eligible=None) -> Garble | None:
    """A Garble when `tokens` read as a synonym-swapped established phrase."""
    words = tuple(t.lower for t in tokens)
    if eligible is None and not all(_eligible(t, lex) for t in tokens):
        return None
    phrase = " ".join(words)
    if lex.established(phrase) or not _phrase_shaped(words, lex):
        return None
    scored = []
    # the best a substitution of closeness c can score is c ** (2 * SHARPNESS): skip the rest
    reach = threshold ** (1 / (2 * SHARPNESS)) if threshold > 0 else 0.0
    double = DOUBLE_PENALTY ** SHARPNESS >= threshold
    for cand in candidates(words, lex, reach, double):
        if not _phrase_shaped(cand.words, lex):
            continue
        conf = confidence(words, cand, lex)
        if conf > 0:
            scored.append((conf, cand))
    if not scored:
        return None
    scored.sort(key=lambda pair: (-pair[0], pair[1].words))
    best_conf, best = scored[0]
    return Garble(tokens, best, best_conf, tuple(c.words for _, c in scored[1:3]))


def find(runs: list[list[Token]], lex: Lexicon, threshold: float) -> list[Garble]:
    """Garbled two- and three-word phrases in runs of tokens, at most one per word."""
    found: list[Garble] = []
    for run in runs:
        ok = [_eligible(t, lex) for t in run]
        i = 0
        while i < len(run) - 1:
            if not (ok[i] and ok[i + 1]):
                i += 1
                continue
            best = None
            for size in (3, 2) if TRIPLE_REACH >= threshold else (2,):
                if i + size > len(run) or not all(ok[i:i + size]):
                    continue
                g = judge(tuple(run[i:i + size]), lex, threshold, eligible=True)
                if g and g.confidence >= threshold and (best is None or g.confidence > best.confidence):
                    best = g
            if best:
                found.append(best)
                i += len(best.tokens)
            else:
                i += 1
    return found
