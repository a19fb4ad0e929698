"""The thesaurus path of garble.collocation: a rare pair one Moby Thesaurus (or any
WordNet) substitution from a frequent pair of edited English or of technical
documentation. The widest net of the detector, so its gates are the strictest; they
were set on the tuning two thirds of the development sample and the clean corpus
(docs/garble.md, step 5). The candidates come from candidates.thesaurus_candidates."""
from __future__ import annotations

from typing import NamedTuple

from .candidates import Candidate, singular_pair, spelling_variant
from .lexicon import Lexicon

# the thesaurus path (a Moby Thesaurus or any WordNet substitute to a frequent pair of
# edited English or of technical documentation): the widest net, so the strictest
# gates, set on the tuning two thirds of the development sample and the clean corpus.
# The pair must be rare (its expected count by chance under 10^3) and absent from the
# technical corpus. A frequent pair of edited English must hold together very firmly
# and, unless it is also a WordNet term, take a tenth of the kept word's frequent
# pairings on that side; a pair of the technical corpus must be seen there often and
# hold together there. Two tiers: a sure one (confidence 0.55-0.65, above the default
# threshold) and a loose one for users who lower the threshold for recall (0.3-0.4)
THESAURUS_MAX_EXPECTED = 3.0
THESAURUS_MIN_DOMINANCE = 0.1
THESAURUS_GAIN = 0.1
# a pair of the technical corpus must also take a tenth of the kept word's pairings
# there ("straight line" is common in technical writing, but "line" pairs with hundreds
# of words, so "respectable line" is no swapped "straight line")
TECH_MIN_DOMINANCE = 0.1


class Tier(NamedTuple):
    max_zipf: float  # the pair's rarer word must be rarer than this
    min_association: float  # log10 PMI of a frequent pair of edited English
    min_tech_count: int  # times the pair is seen in the technical corpus ...
    min_tech_association: float  # ... and its log10 PMI there
    base: float  # confidence at the gates


THESAURUS_TIERS = (Tier(4.0, 5.0, 20, 1.5, 0.55), Tier(4.5, 4.5, 10, 1.0, 0.3))


def thesaurus_tier(words: tuple[str, ...], lex: Lexicon, threshold: float) -> Tier | None:
    """The surest tier a pair is rare enough for and whose findings can reach
    `threshold`; None when there is none (most pairs: the search is skipped)."""
    codes = [lex.unigrams[w] for w in words]
    if sum(codes) / lex.scale - lex.log_total >= THESAURUS_MAX_EXPECTED:
        return None
    zipf = min(codes) / lex.scale - lex.log_total + 9
    for tier in THESAURUS_TIERS:
        # (a pair technical writers use never gets here: it is ordinary English)
        if zipf < tier.max_zipf and tier.base + THESAURUS_GAIN >= threshold:
            return tier
    return None


def thesaurus_confidence(words: tuple[str, ...], candidate: Candidate, lex: Lexicon, tier: Tier) -> float:
    """0..1 for a frequent pair one thesaurus swap from a rare pair: the tier's base at
    its gates, rising by 0.1 as the pair holds together more firmly."""
    changed = candidate.changed[0]
    if spelling_variant(words[changed], candidate.words[changed]):
        return 0.0
    counted = singular_pair(candidate.words, lex)
    assoc = lex.association(*counted)
    if assoc is not None and assoc >= tier.min_association and (
            " ".join(candidate.words) in lex.mwes or lex.dominance(counted, changed) >= THESAURUS_MIN_DOMINANCE):
        return round(tier.base + THESAURUS_GAIN * min(1.0, assoc - tier.min_association), 3)
    # a plural head counts as its singular only when it is the swapped word: a kept
    # plural must pair as it is ("family livings" is no swapped "people living")
    tech = singular_pair(candidate.words, lex, lex.tech_bigrams) if changed == 1 else candidate.words
    tech_assoc = lex.tech_association(*tech)
    if tech_assoc is not None and tech_assoc >= tier.min_tech_association and \
            lex.tech_seen(" ".join(tech), tier.min_tech_count) and \
            lex.tech_dominance(tech, changed) >= TECH_MIN_DOMINANCE:
        return round(tier.base + THESAURUS_GAIN * min(1.0, (tech_assoc - tier.min_tech_association) / 2), 3)
    return 0.0
