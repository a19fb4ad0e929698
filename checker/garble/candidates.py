"""Candidate originals for a run of words: the same run with one word (or, less
likely, two) replaced by a related word of the same inflection, kept only when the
result is an established phrase of edited English."""
from __future__ import annotations

from dataclasses import dataclass
from itertools import takewhile

from .lexicon import Lexicon

# double substitutions look through fewer substitutes: their number grows as a square
DOUBLE_LIMIT = 25


@dataclass(frozen=True)
class Candidate:
    words: tuple[str, ...]  # the proposed original, lower case
    closeness: float  # product of the substitutions' closeness, (0, 1]
    changed: tuple[int, ...]  # which positions were replaced


def spelling_variant(a: str, b: str) -> bool:
    """Spelling or inflection variants ("clinched"/"clenched", "dear"/"dearest"), not synonyms:
    the two share their first five letters, or all but the last letter of the shorter.
    (Slices compared in C: the deep tier asks this of some 90,000 pairs per 1,000 words.)"""
    shorter = min(len(a), len(b))
    return shorter <= 1 or a[:shorter - 1] == b[:shorter - 1] or (shorter >= 5 and a[:5] == b[:5])


def singular_pair(words: tuple[str, ...], lex: Lexicon, pairs=None) -> tuple[str, ...]:
    """The pair with its plural head made singular when only the singular is a frequent
    pair ("heart attacks" counts as "heart attack"); the pair itself otherwise. `pairs`:
    the pair counts to look in (the frequent bigrams unless given)."""
    pairs = lex.bigrams if pairs is None else pairs
    if " ".join(words) in pairs:
        return words
    for head in singular_forms(words[-1]):
        single = words[:-1] + (head,)
        if " ".join(single) in pairs:
            return single
    return words


def candidates(words: tuple[str, ...], lex: Lexicon, min_closeness: float = 0.0,
               double: bool = True) -> list[Candidate]:
    """Established phrases one or two substitutions away from `words` (2 or 3 words);
    substitutes less close than `min_closeness` are not tried (they could not score)."""
    found: dict[tuple[str, ...], Candidate] = {}

    def offer(new: tuple[str, ...], closeness: float, changed: tuple[int, ...]) -> None:
        if lex.established(" ".join(new)):
            old = found.get(new)
            if old is None or old.closeness < closeness:
                found[new] = Candidate(new, closeness, changed)

    # substitutes come closest first: stop at the first that is too far
    options = [tuple(takewhile(lambda s: s[1] >= min_closeness, lex.related(w))) for w in words]
    for i, subs in enumerate(options):
        for sub, closeness in subs:
            offer(words[:i] + (sub,) + words[i + 1:], closeness, (i,))
    if double and len(words) == 2:
        for sub0, c0 in options[0][:DOUBLE_LIMIT]:
            for sub1, c1 in options[1][:DOUBLE_LIMIT]:
                offer((sub0, sub1), c0 * c1, (0, 1))
    return list(found.values())


# which searches of a pair can find a candidate (see possible_searches): a swap of the
# first word, of the second, and two synonyms at once
FIRST, SECOND, BOTH = 1, 2, 4


def may_have_candidates(words: tuple[str, str], lex: Lexicon) -> bool:
    """False only when no path of a pair that looks only among the kept word's firm
    partners (loyal_candidates, term_candidates, thesaurus_candidates) can find a
    candidate (see possible_searches)."""
    return bool(possible_searches(words, lex))


def possible_searches(words: tuple[str, str], lex: Lexicon) -> int:
    """screen()'s searches alone."""
    return screen(words, lex)[0]


_NONE = frozenset()


def screen(words: tuple[str, str], lex: Lexicon) -> tuple[int, tuple | None]:
    """Which searches of the paths that look only among the kept word's firm partners
    can find a candidate, as FIRST | SECOND | BOTH bits (0: none can): FIRST when a
    substitute of the first word is a firm partner of the second on its left, SECOND
    when a substitute of the second is one of the first on its right, BOTH when a
    synonym of the second makes a term after a synonym of the first. Each path's
    search of a side looks among a part of those partners (and of those substitutes),
    so a side without a bit finds nothing. A few set tests on pools the lexicon's
    cache copy keeps ready (see _firm_partners, read afresh: most words are asked
    about once), instead of the paths' dozen. Returned with the searches: with the
    cache copy, what each side's test found (the substitutes of the first word that are
    firm partners of the second, and the other way round), which holds every
    candidate a path can find on that side (see the paths' `shared`); else None."""
    w0, w1 = words
    if lex.screen_lists is not None:  # the cache copy's records, one read a word
        first, second = lex.screen_lists(w0), lex.screen_lists(w1)
        if first is None or second is None:  # (a word with no list has no substitute and no partner)
            return 0, None
        shared = (frozenset(second[0]).intersection(first[2]) if second[0] else _NONE,
                  frozenset(first[1]).intersection(second[2]) if first[1] else _NONE)
        return ((FIRST if shared[0] else 0) | (SECOND if shared[1] else 0)
                | (BOTH if second[3] and not frozenset(second[3]).isdisjoint(first[4]) else 0)), shared
    found = 0
    for kept, side, word in ((w1, 0, w0), (w0, 1, w1)):
        # no cache copy: the paths' own pool (on the right, the wider one)
        firm = _firm_partners(kept, side, side == 1, lex)
        if firm and not frozenset(firm).isdisjoint(lex.passing_swap_keys(word)):
            found |= FIRST if side == 0 else SECOND
    syn1 = lex.passing_synonym_keys(w1)
    return found | (BOTH if syn1 and not frozenset(syn1).isdisjoint(lex.passing_synonym_term_keys(w0)) else 0), None


def loyal_candidates(words: tuple[str, str], lex: Lexicon, min_closeness: float,
                     searches: int = FIRST | SECOND, shared: tuple | None = None) -> list[Candidate]:
    """The same as `candidates` for a pair, one substitution, restricted to frequent
    pairs in which the kept word is a loyal partner (the only ones that can score
    high): a set intersection instead of a lookup per substitute (of keys: see
    Lexicon.key). `searches`, `shared`: the swapped words worth trying, and what the
    screen found on each side (see screen)."""
    found = []
    for i in (0, 1):
        if not searches & (FIRST, SECOND)[i]:
            continue
        if shared is not None:  # the loyal partners are firm partners: among the few found
            _loyal_among(words, i, shared[i], lex, min_closeness, found)
            continue
        loyal = lex.partner_keys(words[1 - i], i)  # the kept word's partners on the swapped side
        if not loyal:
            continue
        for closeness, subs in lex.tier_keys(words[i]):
            if closeness < min_closeness:
                break
            if subs.isdisjoint(loyal):  # nearly always
                continue
            for sub in sorted(map(lex.word, subs & loyal)):
                new = (sub, words[1]) if i == 0 else (words[0], sub)
                found.append(Candidate(new, closeness, (i,)))
    return found


def _loyal_among(words: tuple[str, str], i: int, shared: frozenset, lex: Lexicon, min_closeness: float,
                 found: list) -> None:
    """loyal_candidates' search of side `i`, among `shared` (the screen's hits there:
    every substitute of the swapped word that is a firm partner of the kept one), tested
    against the lists as they lie in the records."""
    loyal = lex.listed(words[1 - i], ("left_partners", "right_partners")[i])
    shared = [key for key in shared if key in loyal]
    if not shared:
        return
    for closeness, subs in lex.tier_slices(words[i]):
        if closeness < min_closeness:
            break
        for sub in sorted(lex.word(key) for key in shared if key in subs):
            new = (sub, words[1]) if i == 0 else (words[0], sub)
            found.append(Candidate(new, closeness, (i,)))


def term_candidates(words: tuple[str, str], lex: Lexicon, searches: int = FIRST | SECOND | BOTH,
                    shared: tuple | None = None) -> list[Candidate]:
    """Two-word WordNet terms ("prime minister", "press conference") one substitution
    (or two synonyms) away from a pair, found by intersecting each word's substitutes
    with the words that make a term with the other (or with a substitute of it); the
    sets are of keys (see Lexicon.key), words are made only for what they share.
    `searches`, `shared`: which of the three are worth trying, and what the screen
    found on each side (see screen): a term partner is a firm partner, so the
    one-substitution terms are among those few."""
    w0, w1 = words
    found = []
    if shared is not None:
        for i, kept, word in ((0, w1, w0), (1, w0, w1)):
            if searches & (FIRST, SECOND)[i]:
                terms, subs = lex.listed(kept, ("mwe_left", "mwe_right")[i]), lex.listed(word, "related")
                for sub in map(lex.word, [key for key in shared[i] if key in terms and key in subs]):
                    found.append(Candidate((sub, w1) if i == 0 else (w0, sub), lex.closeness(word, sub), (i,)))
        searches &= BOTH
    # most words make no term at all: their substitutes are not gathered
    partners = lex.term_partner_keys(w1, 0) if searches & FIRST else None
    if partners:
        for sub in map(lex.word, lex.substitute_keys(w0) & partners):
            found.append(Candidate((sub, w1), lex.closeness(w0, sub), (0,)))
    partners = lex.term_partner_keys(w0, 1) if searches & SECOND else None
    if partners:
        for sub in map(lex.word, lex.substitute_keys(w1) & partners):
            found.append(Candidate((w0, sub), lex.closeness(w1, sub), (1,)))
    # two substitutions: synonyms only (closeness 1), the only ones that can score;
    # one set test rules out nearly every pair before its synonyms are walked
    syn1 = lex.synonym_keys(w1) if searches & BOTH else None
    if syn1 and not lex.synonym_term_keys(w0).isdisjoint(syn1):
        syn1 = lex.synonyms(w1)
        for sub0 in lex.synonyms(w0):
            for sub1 in lex.term_partners(sub0, 1) & syn1:
                found.append(Candidate((sub0, sub1), 1.0, (0, 1)))
    return found


# closeness credited to a Moby Thesaurus substitute (looser than WordNet's similar
# adjectives, closer than its broader terms)
THESAURUS_CLOSENESS = 0.7


def thesaurus_candidates(words: tuple[str, str], lex: Lexicon, searches: int = FIRST | SECOND,
                         shared: tuple | None = None) -> list[Candidate]:
    """Frequent pairs one substitution from `words`, the substitute taken from the Moby
    Thesaurus or WordNet: the widest net. Only the kept word's firm partners (frequent
    pairings of edited English and of technical documentation, WordNet terms) are
    candidates, and only when the swapped word's family holds exactly one of them: when
    two of its relatives pair with the kept word ("eldest sister": "eldest son",
    "eldest daughter"), the pair itself is most likely ordinary English that the
    truncated bigram list lacks. `searches`, `shared`: the swapped words worth trying,
    and what the screen found on each side (see screen): its substitutes that are firm
    partners of the kept word, which are this path's hits but for a head that is not
    plural (its pool leaves out the plurals)."""
    found = []
    for i in (0, 1):
        if not searches & (FIRST, SECOND)[i]:
            continue
        kept, word = words[1 - i], words[i]
        if shared is not None:
            hits = shared[i]
            if i == 1 and not word.endswith("s"):
                pools = [lex.listed(kept, name) for name in ("right_partners", "mwe_right", "tech_right_partners")]
                hits = [key for key in hits if any(key in pool for pool in pools)]
            if len(hits) == 1:
                hit = lex.word(next(iter(hits)))
                new = (hit, words[1]) if i == 0 else (words[0], hit)
                found.append(Candidate(new, lex.closeness(word, hit) or THESAURUS_CLOSENESS, (i,)))
            continue
        # a plural head's substitutes are plurals
        pool = _firm_partners(kept, i, i == 1 and word.endswith("s"), lex)
        if not pool:
            continue
        # the two substitute sets are tested apart: a pooled union per word would cost
        # megabytes of memory over a long text for little time saved
        thesaurus, substitutes = lex.thesaurus_keys(word), lex.substitute_keys(word)
        if pool.isdisjoint(thesaurus) and pool.isdisjoint(substitutes):
            continue
        hits = list((thesaurus | substitutes) & pool)
        if len(hits) == 1:
            hit = lex.word(hits[0])
            new = (hit, words[1]) if i == 0 else (words[0], hit)
            found.append(Candidate(new, lex.closeness(word, hit) or THESAURUS_CLOSENESS, (i,)))
    return found


def _firm_partners(kept: str, side: int, plural: bool, lex: Lexicon) -> frozenset:
    """The kept word's firm partners (frequent pairings of edited English and of
    technical documentation, WordNet terms) on `side` (0: "X kept", 1: "kept X"), as
    keys (see Lexicon.key); as the head (side 0), its singular's too; with `plural`,
    each partner's regular plurals as well (those the lexicon lists: no other word can
    be among a word's substitutes). Pooled once per word while it is in use: the unions and plurals cost
    more than the rest of the thesaurus path; the lexicon's cache copy has the pool of
    each side ready (on the right with the plurals). Kept among the lexicon's recent
    key sets (bounded: see recent.py)."""
    memo = lex.key_sets
    key = ("firm_partners", kept, side, plural)
    pool = memo.get(key)
    if pool is None and (side == 0 or plural):
        pool = lex.firm_partner_keys(kept, side)
        if pool is not None:
            memo[key] = pool
    if pool is None:
        pool = lex.partner_keys(kept, side) | lex.term_partner_keys(kept, side) | lex.tech_partner_keys(kept, side)
        if side == 0:
            # (not its technical partners: a kept plural must pair there as it is)
            for single in singular_forms(kept):
                pool = pool | lex.partner_keys(single, side) | lex.term_partner_keys(single, side)
        if plural and pool:
            pool = pool.union(*map(_plural_keys(lex), pool))
        memo[key] = pool
    return pool


def _plural_keys(lex: Lexicon):
    """A function: a word's key -> the keys of its regular plurals that the lexicon
    lists (no other word can be among a word's substitutes), kept per word."""
    memo = lex.memo("plural_keys")

    def plurals(key) -> frozenset:
        found = memo.get(key)
        if found is None:
            found = memo[key] = frozenset(k for k in map(lex.key, plural_forms(lex.word(key))) if k is not None)
        return found

    return plurals


def plural_forms(word: str) -> tuple[str, ...]:
    """The regular plurals a noun might take ("acid" -> "acids", "body" -> "bodies")."""
    if word.endswith("y"):
        return (word + "s", word[:-1] + "ies")
    return (word + "s", word + "es")


def singular_forms(word: str) -> tuple[str, ...]:
    """What a word would be if it were a regular plural ("acids" -> "acid")."""
    if word.endswith("ss"):
        return ()
    return tuple(word[: -len(cut)] + add for cut, add in (("ies", "y"), ("es", ""), ("s", ""))
                 if word.endswith(cut) and len(word) > len(cut) + 2)


def triple_term_candidates(words: tuple[str, str, str], lex: Lexicon) -> list[Candidate]:
    """Three-word WordNet terms one substitution (WordNet or Moby Thesaurus) from a
    triple ("central processing entity" -> "central processing unit"): for each slot,
    the words that complete a term there, intersected with the word's substitutes."""
    found = []
    for i, word in enumerate(words):
        fillers = lex.slot_filler_keys(" ".join(words[:i] + ("*",) + words[i + 1:]))
        if not fillers:
            continue
        for sub in sorted(map(lex.word, fillers & (lex.substitute_keys(word) | lex.thesaurus_keys(word)))):
            closeness = lex.closeness(word, sub) or THESAURUS_CLOSENESS
            found.append(Candidate(words[:i] + (sub,) + words[i + 1:], closeness, (i,)))
    return found
