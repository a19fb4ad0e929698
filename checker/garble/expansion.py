"""The language model's reading of an acronym: the words it stands for.

garble.acronym finds terms whose words no longer spell their acronym ("counterfeit
consciousness (AI)"). The lexicon proposes relatives of the words that begin with the
acronym's letters, but for most such terms the original is not among them, or the
lexicon knows none of the phrases they make. A language model reached by the damaged
term itself does better: shown the sentence, a few examples of the task (written for
this prompt: everyday terms, none from the development sample) and the damaged term
with its acronym, it writes the term out a word at a time. Each word is one the
lexicon lists that begins with the acronym's letter there. A word on the page that
already begins with it is kept, or one of its relatives that also does: a spinner's
synonym may keep the initial by chance ("abnormality recognition (AD)" for "anomaly
detection"). A small beam search: per word, the pieces the model finds likeliest
first, then the commonest words that begin with them, scored whole. Beside it,
readings made of the page's words' relatives of the right initials alone, scored
whole too ("fondness chromatography (AC)": "affinity" is no likely first word
until "chromatography" follows); a reading scores a little more for each relative
in it, since a spinner's thesaurus explains it.

Designed on the development sample's tuning rows and measured on its held-out rows:
docs/garble.md, "How garble.acronym decides", step 6."""
from __future__ import annotations

from dataclasses import dataclass
from itertools import product

import numpy as np

from .deep import relative_set, relatives
from .pos import FUNCTION_WORDS

# the task shown to the model before the damaged term: a spinner's synonyms on the
# left, the term its acronym stands for on the right (one kept as it is: a term whose
# words fit); written for this prompt
EXAMPLES = (("quick nourishment", "fast food"), ("stock trade", "stock exchange"),
            ("sun board", "solar panel"), ("sun boards", "solar panels"), ("blood force", "blood pressure"),
            ("dwelling chamber", "living room"), ("velocity boundary", "speed limit"),
            ("income tax", "income tax"))
PROMPT = "".join(f"{damaged} ({''.join(w[0] for w in term.split()).upper()}) => {term}\n"
                 for damaged, term in EXAMPLES)
_EXAMPLE_TERMS = frozenset(tuple(term.split()) for _, term in EXAMPLES)
CONTEXT_CHARACTERS = 400   # of the sentence, shown before the examples (the part around the term)
PROMPT_TOKENS = 320        # a prompt is read up to this many tokens (it needs about 200)
BEAM = 4                   # partial expansions kept after each word
FIRST_PIECES = 6           # a word's likeliest first pieces, per partial expansion ...
WORDS_PER_PIECE = 10       # ... and the commonest words that begin with each, scored whole
TERMS_AT_ONCE = 4          # terms searched together (see expand)
KIN = 12                   # a word's relatives of the right initial, in readings of relatives alone ...
KIN_READINGS = 48          # ... of which at most this many a term (see _kin_readings)
KIN_NATS = 2.0             # a reading's score gains this for each word the page's word is a relative of (see _synonyms)
VOCABULARY = 4000          # the commonest words of each initial letter that a word may be


@dataclass(frozen=True)
class Expansion:
    words: tuple[str, ...]   # lower case
    # log-probability (nats) of the words and the line's end, after the prompt, and
    # KIN_NATS for each word that the page's word there could be a spinner's synonym of
    score: float


def expand(lm, lex, terms: list[tuple[str, int, tuple[str, ...], str]]) -> list[list[Expansion]]:
    """For each (sentence, where the term starts in it, the term's words as the page
    writes them, its acronym): the model's
    expansions of the acronym, best first (up to BEAM + KIN_READINGS). Up to
    TERMS_AT_ONCE terms are searched together, a few model passes per word: what the
    model keeps of a prompt (its keys and values) is about 200 tokens' worth, so a
    document with many such terms would otherwise hold them all at once."""
    out: list[list[Expansion]] = []
    for at in range(0, len(terms), TERMS_AT_ONCE):
        out.extend(_expand(lm, lex, terms[at:at + TERMS_AT_ONCE]))
    return out


def _expand(lm, lex, terms):
    prompts = [_context(sentence, at) + PROMPT + f"{' '.join(words).lower()} ({acronym.upper()}) =>"
               for sentence, at, words, acronym in terms]
    analyses = lm.analyse(prompts, limit=PROMPT_TOKENS)
    # per term: partial expansions (words, pieces after the prompt), best first
    beams: list[list[tuple[tuple[str, ...], list[int]]]] = [[((), [])] for _ in terms]
    for k in range(max((len(words) for _, _, words, _ in terms), default=0)):
        at_k = [t for t, (_, _, words, _) in enumerate(terms) if k < len(words)]
        steps = _next_words(lm, lex, [(analyses[t], beams[t], terms[t][2][k], terms[t][3][k].lower()) for t in at_k])
        requests, owners = [], []
        for t, step in zip(at_k, steps):
            for done, pieces in step:
                requests.append((analyses[t], len(analyses[t].ids), pieces))
                owners.append((t, done))
        ranked: dict[int, list] = {}
        for (t, done), request, score in zip(owners, requests, lm.extend(requests)):
            ranked.setdefault(t, []).append((float(score.sum()), done, request[2]))
        for t in at_k:  # a term with no word for a letter has no expansion
            found = sorted(ranked.get(t, []), key=lambda item: -item[0])
            beams[t] = [(done, pieces) for _, done, pieces in found[:BEAM]]
    # the line must end after the last word: a word cut short reads worse there
    line_end = np.asarray([lm.line_end()])
    finals = [(t, done, pieces) for t, beam in enumerate(beams) for done, pieces in beam if pieces]
    for t, (_, _, words, acronym) in enumerate(terms):
        searched = {done for done, _ in beams[t]}
        finals.extend((t, done, [p for w in done for p in lm.pieces(w)])
                      for done in _kin_readings(words, acronym, lex) if done not in searched)
    scored = lm.extend([(analyses[t], len(analyses[t].ids), pieces) for t, _, pieces in finals],
                       then=[line_end] * len(finals))
    out: list[list[Expansion]] = [[] for _ in terms]
    for (t, done, _), (score, last) in zip(finals, scored):
        if done not in _EXAMPLE_TERMS:  # the examples' own terms, copied: no reading of this acronym
            out[t].append(Expansion(done, float(score.sum() + last[0]) + KIN_NATS * _synonyms(terms[t][2], done, lex)))
    for found in out:
        found.sort(key=lambda e: -e.score)
    return out


def _context(sentence: str, at: int) -> str:
    """The sentence, or the part of a long one around the term (which starts at `at`), on
    a line of its own."""
    if len(sentence) > CONTEXT_CHARACTERS:
        start = max(0, min(at - CONTEXT_CHARACTERS // 2, len(sentence) - CONTEXT_CHARACTERS))
        sentence = sentence[start:start + CONTEXT_CHARACTERS]
    return " ".join(sentence.split()) + "\n"


def _next_words(lm, lex, places):
    """For each place (analysis of a prompt, its partial expansions, the word on the page,
    the acronym's letter there): the partial expansions with one more word, as (words,
    their pieces after the prompt), to be scored whole. A word on the page that begins
    with the letter is kept, or replaced by one of its relatives that also begins with
    it; any other, by the commonest words that begin with the pieces the model finds
    likeliest there. The likelihood of those first pieces is asked of
    all places at once: one pass for the expansions begun, one for those not."""
    fittings = [_fitting(word, letter, lex) for _, _, word, letter in places]
    options = []
    for (_, _, _, letter), fitting in zip(places, fittings):
        by_first: dict[int, list[str]] = {}
        if not fitting:
            for w in lex.common_words(letter, VOCABULARY):
                by_first.setdefault(lm.pieces(w)[0], []).append(w)
        options.append((by_first, np.asarray(list(by_first), dtype=np.int64)))
    # (place, partial expansion) pairs whose next word is open, begun and not
    begun = [(p, b) for p, (_, beam, _, _) in enumerate(places) for b in range(len(beam))
             if len(options[p][1]) and beam[b][1]]
    fresh = [(p, b) for p, (_, beam, _, _) in enumerate(places) for b in range(len(beam))
             if len(options[p][1]) and not beam[b][1]]
    likely = {}
    if begun:
        scored = lm.extend([(places[p][0], len(places[p][0].ids), places[p][1][b][1]) for p, b in begun],
                           then=[options[p][1] for p, _ in begun])
        likely.update((key, last) for key, (_, last) in zip(begun, scored))
    if fresh:
        scored = lm.rows([(places[p][0], len(places[p][0].ids)) for p, _ in fresh], [options[p][1] for p, _ in fresh])
        likely.update(zip(fresh, scored))
    out = []
    for p, ((_, beam, _, _), fitting) in enumerate(zip(places, fittings)):
        by_first, firsts = options[p]
        step = []
        for b, (done, pieces) in enumerate(beam):
            if fitting:
                step.extend((done + (w,), pieces + lm.pieces(w)) for w in fitting if w not in done)
                continue
            if (p, b) not in likely:
                continue
            for at in np.argsort(-likely[p, b], kind="stable")[:FIRST_PIECES]:
                for w in by_first[int(firsts[at])][:WORDS_PER_PIECE]:
                    if w not in done:  # no word twice: "cloud cloud" is no term
                        step.append((done + (w,), pieces + lm.pieces(w)))
        out.append(step)
    return out


def _kin_readings(words, acronym: str, lex) -> list[tuple[str, ...]]:
    """Readings made of the page's words' relatives alone, each word one that begins
    with the acronym's letter there (the word itself where it already does): at most
    KIN_READINGS, those of each word's closest relatives first. A spinner put a synonym
    of the original in each place, so the original is often such a reading ("fondness
    chromatography (AC)": "affinity chromatography"); the word-by-word search rarely
    reaches it, since a relative is seldom a likely first word until the next one
    follows. They are scored whole, beside the search's readings."""
    places = [_fitting(w, letter, lex) or _kin(w, letter, lex) for w, letter in zip(words, acronym.lower())]
    if not places or not all(places):
        return []
    # each place's list cut so that their product stays small whatever the term's length
    each = max(1, round((4 * KIN_READINGS) ** (1 / len(places))))
    ranked = sorted(product(*(list(enumerate(p[:each])) for p in places)), key=lambda c: sum(r for r, _ in c))
    readings = (tuple(w for _, w in c) for c in ranked)
    return [r for r in readings if len(set(r)) == len(r)][:KIN_READINGS]


def _synonyms(page: tuple[str, ...], reading: tuple[str, ...], lex) -> int:
    """How many words of a reading the page's lower-case word in their place is a relative
    of: what a spinner's thesaurus explains. The model alone often favours a common word
    of the right initial over the relative the spinner replaced; KIN_NATS each puts the
    relative first more often (docs/garble.md, session 23)."""
    return sum(p.islower() and w != p and w in relative_set(p, lex) for p, w in zip(page, reading))


def _kin(word: str, letter: str, lex) -> tuple[str, ...]:
    """A page's word that does not begin with the acronym's letter: its relatives that do
    (at most KIN), closest first. None for a name or a small word."""
    if not word.islower() or word in FUNCTION_WORDS:
        return ()
    return tuple(w for w in _initialled(word, letter, lex) if len(w) >= 3)[:KIN]


def _fitting(word: str, letter: str, lex) -> tuple[str, ...]:
    """What may stand where the page's word begins with the acronym's letter: the word,
    or one of its relatives that begins with the letter too (a spinner's synonym may
    keep the initial by chance); a name (written with a capital) or a small word is the
    writer's and stays. Nothing when the word does not fit."""
    if word[:1].lower() != letter:
        return ()
    if not word.islower() or word.lower() in FUNCTION_WORDS:
        return (word.lower(),)
    return (word, *_initialled(word, letter, lex))


def _initialled(word: str, letter: str, lex):
    """The relatives of `word` (words of letters only) that begin with `letter`, closest first."""
    return (w for w in relatives(word, lex) if w[:1] == letter and w.isalpha())
