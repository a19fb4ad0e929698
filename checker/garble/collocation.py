"""Synonym-swapped collocations: a pair or triple of content words that edited
English does not use together, one or two related-word substitutions (WordNet, the
Moby Thesaurus) away from a phrase it uses all the time: a frequent pair, a WordNet
term, a frequent pair of technical documentation. The confidence grows with how close
the substitution is and how strongly the proposed phrase holds together (its
association, PMI); each path has its own gates, set so that clean prose stays quiet."""
from __future__ import annotations

import math
from dataclasses import dataclass
from functools import lru_cache
from typing import NamedTuple

from .candidates import (BOTH, FIRST, SECOND, Candidate, candidates, loyal_candidates, plural_forms,
                         screen, singular_pair, spelling_variant, term_candidates, thesaurus_candidates,
                         triple_term_candidates)
from .lexicon import Lexicon
from .pos import ADJ, ANY_NOUN, FUNCTION_WORDS, NOUN, NOUN_PL
from .thesaurus import thesaurus_confidence, thesaurus_tier
from .tokens import Token, pair_matches, sentence_initial, spaced_pair

# association (log10 PMI) credited to a WordNet multi-word lemma missing from the bigrams
MWE_ASSOCIATION = 2.4
MIN_WORD_LENGTH = 3
# a kept word whose frequent pairings this pair holds this share of gives full evidence
DOMINANCE_FULL = 0.4
DOUBLE_PENALTY = 0.5
SHARPNESS = 4
# the most a candidate outside the loyal partners (share < 2%) or a WordNet-only
# phrase can score: above it only loyal partners are searched
FAST_REACH = max(min(1.0, 0.02 / DOMINANCE_FULL) ** 0.5, 0.6) ** SHARPNESS
# the most a three-word candidate (a WordNet term only) can score
TRIPLE_REACH = (0.6 / (1 + math.exp(-3.0 * (MWE_ASSOCIATION - 2.7)))) ** SHARPNESS


@dataclass(frozen=True)
class Garble:
    tokens: tuple[Token, ...]
    candidate: Candidate
    confidence: float
    alternatives: tuple[tuple[str, ...], ...]


def _eligible(word: str, lex: Lexicon) -> bool:
    return len(word) >= MIN_WORD_LENGTH and word not in FUNCTION_WORDS and word in lex.unigrams


def phrase_shaped(words: tuple[str, ...], lex: Lexicon, unlisted: int = 0) -> bool:
    """A noun phrase: modifiers that may be nouns or adjectives, a head that may be a noun.
    `unlisted`: the parts of speech assumed for a word the lexicon does not list (none)."""
    bits = [lex.pos.get(w, 0) if not unlisted or lex.known(w) else unlisted for w in words]
    return bool(bits[-1] & ANY_NOUN) and all(b & (ANY_NOUN | ADJ) for b in bits[:-1])


def strength(words: tuple[str, ...], lex: Lexicon) -> float:
    """How firmly a phrase is established: its association, MWE credit otherwise."""
    assoc = lex.association(*words) if len(words) == 2 else None
    if assoc is None:
        return MWE_ASSOCIATION if " ".join(words) in lex.mwes else 0.0
    if " ".join(words) in lex.mwes:
        assoc += 0.3  # a dictionary headword as well as a frequent pair
    return assoc


def confidence(words: tuple[str, ...], candidate: Candidate, lex: Lexicon) -> float:
    """0..1: close substitution x firmly established phrase x the kept word's loyalty
    to its partner (a word that pairs with many partners makes weak evidence)."""
    if any(spelling_variant(words[i], candidate.words[i]) for i in candidate.changed):
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


# a WordNet term reached by substitution: confidence TERM_BASE + TERM_GAIN x closeness
# (one substitution) or a little less for two
TERM_BASE, TERM_GAIN, TERM_DOUBLE_BASE = 0.45, 0.5, 0.4
# ... but only when the term is also a frequent pair holding together this firmly
# (log10 PMI), the substitution is this close (synonym, similar adjective; two
# substitutions must both be synonyms), the
# rarer word of the pair is rarer than this (Zipf scale: log10 per billion words)
# and the pair would be expected less often than this by chance (log10 count): pairs
# of very common words are missing from the truncated bigram list all the time in
# ordinary prose ("good sort", "little talk"), so their absence says little
TERM_MIN_ASSOCIATION = 4.0
TERM_MIN_CLOSENESS = 0.8
TERM_MAX_ZIPF = 4.5
TERM_MAX_EXPECTED = 4.0
# a looser substitution needs a firmer term, this many times (log10) more frequent
# than the original pair would be by chance
TERM_LOOSE_ASSOCIATION = 4.5
TERM_LOOSE_SURPLUS = 6.0


def rare_enough(words: tuple[str, ...], lex: Lexicon) -> bool:
    """Whether a pair's absence from the bigram list says anything (see TERM_MAX_ZIPF):
    tested before any term candidate is looked for, which saves most of the time."""
    codes = [lex.unigrams[w] for w in words]
    return (min(codes) / lex.scale - lex.log_total + 9 < TERM_MAX_ZIPF
            and sum(codes) / lex.scale - lex.log_total < TERM_MAX_EXPECTED)


def term_confidence(words: tuple[str, ...], candidate: Candidate, lex: Lexicon) -> float:
    """0..1 for a candidate that is a two-word WordNet term: a dictionary headword one or
    two close substitutions from a pair that edited English does not use is strong
    evidence on its own, whatever the pair's frequencies."""
    if any(spelling_variant(words[i], candidate.words[i]) for i in candidate.changed):
        return 0.0
    # a plural term counts as its singular (the bigram list often has only that),
    # for one substitution only
    counted = singular_pair(candidate.words, lex) if len(candidate.changed) == 1 else candidate.words
    assoc = lex.association(*counted)
    if assoc is None or assoc < TERM_MIN_ASSOCIATION:
        return 0.0
    codes = [lex.unigrams[w] for w in words]
    if candidate.closeness < (TERM_MIN_CLOSENESS if len(candidate.changed) == 1 else 1.0):
        # a looser substitution (broader, narrower, sister or derived word) only for a
        # single swap to a term far more frequent than the pair would be by chance
        surplus = (lex.bigrams[" ".join(counted)] - sum(codes)) / lex.scale + lex.log_total
        if len(candidate.changed) > 1 or assoc < TERM_LOOSE_ASSOCIATION or surplus < TERM_LOOSE_SURPLUS:
            return 0.0
    if min(codes) / lex.scale - lex.log_total + 9 >= TERM_MAX_ZIPF:
        return 0.0
    if sum(codes) / lex.scale - lex.log_total >= TERM_MAX_EXPECTED:
        return 0.0
    base = TERM_BASE if len(candidate.changed) == 1 else TERM_DOUBLE_BASE
    return round(min(1.0, base + TERM_GAIN * candidate.closeness), 3)


def triple_confidence(words: tuple[str, ...], candidate: Candidate, lex: Lexicon) -> float:
    """0..1 for a three-word WordNet term one substitution from a triple, as for a
    two-word term; 0 when the swapped word makes an established pair with a neighbour
    ("congenital heart disease" is not a swapped "congenital heart defect": "heart
    disease" is a phrase of its own)."""
    i = candidate.changed[0]
    if spelling_variant(words[i], candidate.words[i]):
        return 0.0
    for pair in (words[i - 1:i + 1] if i > 0 else (), words[i:i + 2] if i < 2 else ()):
        if pair and lex.established(" ".join(pair)):
            return 0.0
    return round(min(1.0, TERM_BASE + TERM_GAIN * candidate.closeness), 3)


class Verdict(NamedTuple):
    """What a phrase's words earn, wherever they occur: the best candidate original,
    its confidence, and the next two."""
    candidate: Candidate
    confidence: float
    alternatives: tuple[tuple[str, ...], ...]


class Limits(NamedTuple):
    """What a threshold rules out before any candidate is looked for."""
    threshold: float
    reach: float  # the least closeness a substitution needs to score
    double: bool  # whether two substitutions can score
    fast: bool  # whether only a pair's loyal partners can score (see FAST_REACH)
    triple: bool  # whether the older scoring can score a triple (see TRIPLE_REACH)


@lru_cache(maxsize=8)
def limits(threshold: float) -> Limits:
    # the best a substitution of closeness c can score is c ** (2 * SHARPNESS)
    return Limits(threshold=threshold, reach=threshold ** (1 / (2 * SHARPNESS)) if threshold > 0 else 0.0,
                  double=DOUBLE_PENALTY ** SHARPNESS >= threshold, fast=threshold > FAST_REACH,
                  triple=TRIPLE_REACH >= threshold)


# a substitute that technical documentation uses about as often as edited English does
# is a word of the field, and a rare pair with it more likely a term the lexicon lacks
# ("degenerate characters", "tensor contraction") than a spinner's pick: spinners reach
# for words technical writers hardly use ("corrosive", "contraption", "arrogance").
# Such a candidate's confidence is scaled down below the default threshold (for users
# who lower it). The thesaurus path and two substitutions, the widest nets, count a
# word as the field's from a lower technicality (log10 ratio of its technical to its
# edited-English frequency: "sequence" 1.1, "surface" 0.2) than the other paths do,
# where only strongly technical words count ("tensor" 2.5, "component" 0.6; not
# "simulated" 0.5, "synthetic" 0.3). Set on the tuning two thirds of the development
# sample and on five packages of technical documentation (docs/garble.md).
FIELD_WORD = 0.5
FIELD_WORD_WIDE = -0.5
FIELD_DISCOUNT = 0.45


def verdict(words: tuple[str, ...], lex: Lexicon, limit: Limits) -> Verdict | None:
    """The best candidate original for lower-case `words` already known to be eligible,
    phrase-shaped and not ordinary English (open_pairs() and open_triples() test that,
    cheaply, once per word); None when no candidate scores."""
    scored = scored_candidates(words, lex, limit)
    if not scored:
        return None
    # equal confidence: the phrase edited English uses more often first
    scored.sort(key=lambda pair: (-pair[0], -(lex.bigrams.get(" ".join(pair[1].words)) or 0), pair[1].words))
    best_conf, best = scored[0]
    return Verdict(_in_number(words, best, lex), best_conf,
                   tuple(_in_number(words, c, lex).words for _, c in scored[1:3]))


# endings of singular words that look plural ("analysis", "bus", "physics", "glass")
_SINGULAR_S = ("ss", "us", "is", "ics")


def _in_number(words: tuple[str, ...], cand: Candidate, lex: Lexicon) -> Candidate:
    """The candidate with its swapped head in the plural when the phrase's head is a
    plural and the substitute came singular: a plural-only word ("fumes") has singular
    relatives in WordNet ("gas"), and "greenhouse fumes" means "greenhouse gases"."""
    last = len(words) - 1
    head, sub = words[last], cand.words[last]
    if last not in cand.changed or not head.endswith("s") or head.endswith(_SINGULAR_S) or _plural(sub, lex):
        return cand
    for form in plural_forms(sub):
        if _plural(form, lex) and form in lex.unigrams:
            return Candidate(cand.words[:last] + (form,), cand.closeness, cand.changed)
    return cand


def _plural(word: str, lex: Lexicon) -> bool:
    """Only ever a plural noun ("gases", "acids"; not "gas", "fumes", "data")."""
    bits = lex.pos.get(word, 0)
    return bool(bits & NOUN_PL) and not bits & NOUN


def _field_discounted(conf: float, words: tuple[str, ...], cand: Candidate, lex: Lexicon, wide: bool) -> float:
    """`conf`, scaled by FIELD_DISCOUNT when a swapped word is a word of the field
    (`wide`: for the thesaurus path; two substitutions are always judged so)."""
    limit = FIELD_WORD_WIDE if wide or len(cand.changed) > 1 else FIELD_WORD
    if any(lex.technicality(words[i]) > limit for i in cand.changed):
        return round(conf * FIELD_DISCOUNT, 3)
    return conf


def scored_candidates(words: tuple[str, ...], lex: Lexicon, limit: Limits) -> list[tuple[float, Candidate]]:
    """Every candidate original with a confidence above 0, from each path the phrase
    and the threshold allow; a search that finds nothing (nearly all) is not scored."""
    scored: list[tuple[float, Candidate]] = []
    searches, shared = FIRST | SECOND | BOTH, None
    if len(words) == 2 and limit.fast:
        searches, shared = screen(words, lex)
        if not searches:
            return scored  # (nearly every pair) the paths below would all find nothing
    if len(words) == 3 and not limit.triple:
        found = []  # the older scoring cannot reach the threshold with a triple
    elif len(words) == 2 and limit.fast:
        found = loyal_candidates(words, lex, limit.reach, searches, shared)
    else:
        found = candidates(words, lex, limit.reach, limit.double)
    if found:
        _score(scored, words, found, confidence, lex)
    if len(words) == 2 and rare_enough(words, lex):
        found = term_candidates(words, lex, searches, shared)
        if found:
            _score(scored, words, found, term_confidence, lex)
    if len(words) == 3:
        for cand in triple_term_candidates(words, lex):
            conf = triple_confidence(words, cand, lex)
            if conf > 0:
                scored.append((_field_discounted(conf, words, cand, lex, False), cand))
    tier = thesaurus_tier(words, lex, limit.threshold) if len(words) == 2 else None
    if tier:
        found = thesaurus_candidates(words, lex, searches, shared)
        if found:
            _score(scored, words, found, lambda w, c, x: thesaurus_confidence(w, c, x, tier), lex, wide=True)
    return scored


def _score(scored: list, words: tuple[str, ...], found: list[Candidate], rate, lex: Lexicon,
           wide: bool = False) -> None:
    """Adds the phrase-shaped candidates of `found` that `rate` gives a confidence above
    0, discounted when a swapped word is a word of the field (see FIELD_WORD)."""
    for cand in found:
        if not phrase_shaped(cand.words, lex):
            continue
        conf = rate(words, cand, lex)
        if conf > 0:
            scored.append((_field_discounted(conf, words, cand, lex, wide), cand))


def find(prose: str, lex: Lexicon, threshold: float, memo: dict | None = None) -> list[Garble]:
    """Garbled two- and three-word phrases, at most one finding per word. `memo`: what
    was worked out about words and phrases, kept across the windows of one document
    (checker/windows.py); it holds only facts that depend on the words alone."""
    best_at: dict[int, Garble] = {}
    limit = limits(threshold)
    memo = {} if memo is None else memo
    # a phrase's verdict depends on its words only: judged once per document
    verdicts: dict[tuple[str, ...], Verdict | None] = memo.setdefault(("verdicts", threshold), {})

    def judged(words: tuple[str, ...]) -> Verdict | None:
        if words in verdicts:
            return verdicts[words]
        found = verdicts[words] = verdict(words, lex, limit)
        return found

    def offer(tokens: tuple[Token, ...], found: Verdict) -> None:
        old = best_at.get(tokens[0].start)
        if old is None or found.confidence > old.confidence:
            best_at[tokens[0].start] = Garble(tokens, *found)

    # triples come from the same scan: two pairs, the second starting at the first's
    # second word, make one (a separate regex scan for triples costs as much again)
    chained: list = []
    # tokens are built only for the few pairs that make a finding
    for words, match in open_pairs(prose, lex, chained, memo):
        found = judged(words)
        if found and found.confidence >= threshold:
            tokens = pair_tokens(prose, match)
            if tokens:
                offer(tokens, found)
    for tokens in open_triples(prose, lex, chained):
        found = judged(tuple(t.lower for t in tokens))
        if found and found.confidence >= threshold:
            offer(tokens, found)
    found_all: list[Garble] = []
    last_end = -1
    for start in sorted(best_at):
        g = best_at[start]
        if start >= last_end:
            found_all.append(g)
            last_end = g.tokens[-1].end
    return found_all


def open_pairs(prose: str, lex: Lexicon, chained: list, memo: dict | None = None):
    """(lower-case words, pair match) of every pair the detector judges, but for
    the gap between its words (see `pair_tokens`): an eligible word that may be a noun
    or adjective, then one that may be a noun, not ordinary English. Every two pair
    matches in a row (the second starting at the first's second word, and passing the
    word tests) go to `chained`.
    The bulk of the work: each word form is tested once per document, inline, so that
    the many pairs rejected cost a dict lookup or two and no function call."""
    known_pos = lex.known_pos
    # lex.ordinary(), tested inline below: one trie of every ordinary phrase (the cache
    # copy's), else the four it is made of
    ordinary, *more_ordinary = lex.ordinary_sets
    memo = {} if memo is None else memo
    heads: dict[str, bool] = memo.setdefault("heads", {})
    modifiers: dict[str, bool] = memo.setdefault("modifiers", {})  # keyed on the word as written
    last = None
    for m in pair_matches(prose):
        before, last = last, m
        first, second = m.groups()
        ok = heads.get(second)
        if ok is None:
            # the scan has ruled out function words and words under three letters
            bits = known_pos(second)
            ok = heads[second] = bits is not None and bool(bits & ANY_NOUN)
        if not ok:
            continue
        ok = modifiers.get(first)
        if ok is None:
            lower = first.lower()  # (what _eligible asks, with the parts of speech in one lookup)
            bits = known_pos(lower) if len(lower) >= MIN_WORD_LENGTH and lower not in FUNCTION_WORDS else None
            ok = modifiers[first] = bits is not None and bool(bits & (ANY_NOUN | ADJ))
        if not ok:
            continue
        # a triple's last two words pass the same two tests as a pair's: only then is it chained
        if before is not None and before.start(2) == m.start(1):
            chained.append((before, m))
        lower = first.lower()
        if first != lower and not sentence_initial(prose, m.start(1)):
            continue  # (tested before the lookups below, which cost more)
        phrase = f"{lower} {second}"
        if phrase in ordinary or more_ordinary and any(phrase in known for known in more_ordinary):
            continue
        if second[-1] == "s" and lex.ordinary_plural(phrase):
            continue
        yield (lower, second), m


def pair_tokens(prose: str, m) -> tuple[Token, Token] | None:
    """The tokens of a pair from `open_pairs`, None when the white space between its
    words is more than a _GAP (a blank line)."""
    (start, end), (second_start, second_end) = m.span(1), m.span(2)
    if not spaced_pair(prose, end, second_start):
        return None
    first = m.group(1)
    return Token(first, first.lower(), start, end), Token(m.group(2), m.group(2), second_start, second_end)


def open_triples(prose: str, lex: Lexicon, chained: list):
    """Tokens of every triple the detector judges, from two chained pair matches."""
    for before, m in chained:
        first, middle, last_word = before.group(1), m.group(1), m.group(2)
        lower = first.lower()
        if not (_eligible(last_word, lex) and _eligible(lower, lex) and _eligible(middle, lex)):
            continue
        words = (lower, middle, last_word)
        if not phrase_shaped(words, lex) or lex.ordinary(" ".join(words)):
            continue
        if first != lower and not sentence_initial(prose, before.start(1)):
            continue
        if not (spaced_pair(prose, before.end(1), m.start(1)) and spaced_pair(prose, m.end(1), m.start(2))):
            continue
        yield (Token(first, lower, before.start(1), before.end(1)), Token(middle, middle, m.start(1), m.end(1)),
               Token(last_word, last_word, m.start(2), m.end(2)))
