"""The deep tier of the garble detector: a language model judges candidate originals.

A spinner swaps words for thesaurus relatives; the phrase the writer meant is then far
more probable in context than the one on the page. So, per sentence:

1. one pass of the model gives every word's surprisal (−log p in nats);
2. a content word far more surprising than edited prose allows is *suspect*;
3. the pairs it makes with a neighbour, when shaped like a noun phrase and not ordinary
   English, get candidate originals, all made of the words' relatives in the lexicon
   (WordNet and the Moby Thesaurus, same inflection): combinations searched best-first
   with the model's own probabilities in the sentence, and the swaps the lexicon pairs,
   so only a dozen are scored in full;
4. each candidate is scored in full in place of the span, with the words after it,
   reusing the keys and values of the words before it; the *gain* is how many nats
   more probable the sentence becomes, plus a prior (see `_prior`);
5. the best few candidates of a span that could still win are also read out of
   context, in a neutral frame: a spinner's original is an established phrase, far
   likelier than the damaged one on its own, where a writer's unusual choice is not
   (see `_out_of_context`; how much that reading counts is the model's, VERDICTS);
6. a gain above the margin is a finding, the best candidate its fix, and the gain its
   confidence (a logistic curve: 0.5 at the margin, so `--garble-threshold` moves the
   margin);
7. a spinner rewrites whole texts: a span that reaches a lower margin is a finding too
   when sure findings of two other phrases stand within 2,000 characters of it, or of
   three within 12,000 (see `backed`).

No list of damaged phrases is involved: the lexicon supplies relatives, the model
supplies judgement."""
from __future__ import annotations

import math
import re
from bisect import bisect_left, bisect_right
from dataclasses import dataclass, field, replace
from functools import lru_cache
from typing import Callable

import numpy as np

from .candidates import spelling_variant
from .collocation import phrase_shaped
from .lexicon import WORD_SETS_HELD
from .pos import ADJ, ADV, ANY_NOUN, ANY_VERB, DETERMINERS, FUNCTION_WORDS, PRONOUNS, VERB_ED, VERB_ING, VERB_S
from .spans import clear_of

WORD = re.compile(r"[A-Za-z]+(?:['’-][A-Za-z]+)*")
OBJECT_STARTS = DETERMINERS | PRONOUNS  # words that open a verb's object (see _verb_with_object)
# words after which a verb form before a noun modifies it (see _swapped_into_verb); not "this"
# or "her", which may be a verb's subject or object, nor quantifiers ("some took offence")
ARTICLES_AND_POSSESSIVES = frozenset("a an the my your his its our their".split())

SUSPECT_NATS = 9.0     # a content word this surprising is looked at
MARGIN_NATS = 14.0     # a candidate's gain with its prior must reach this (a model may have its own: VERDICTS)
SCALE_NATS = 2.0       # gain above the margin → confidence (logistic)
FOLLOWING = 3          # tokens after a span that a candidate is judged on too
BEAM = 6               # partial candidates kept per word of a span
FULL = 6               # complete candidates scored in full per span (the model's best) ...
MAX_PAIRED = 6         # ... and at most this many more that the lexicon pairs (see _paired)
SPANS_PER_SENTENCE = 3  # the most surprising spans of a sentence that are searched
MAX_RELATIVES = 400    # relatives per word (WordNet and Moby), before the model ranks them
SHAPE_RELATIVES = 12   # a suspect verb's closest relatives that may show it stands for a noun (_swapped_into_verb)
CHANGE_NATS = 2.0      # cost of each replaced word in the search, beyond the spinner's choice (see _swap_cost)
SWAP_NATS = 4.0        # verdict: cost of each word a candidate replaces ...
GENERIC_NATS = 2.0     # ... and per decade by which the new words are commoner than the old ...
SURPRISE_SHARE = 0.25  # ... and this share of the replaced words' mean surprisal, added
FRAME = "We discuss the "  # out of context, a phrase is read after these words ...
ALONE_BEST = 4             # ... the best candidates of a span by their gain in context
ACRONYM_NATS = 4.0     # what the model's reading of a term's acronym must gain over the page (kinds/garble.py)
# a span needs less gain (Verdict.support) when findings sure on their own, of this many
# other phrases, stand within this many characters of it: two close by (a densely spun
# text, or a short one), or three farther off (a long text spun more sparsely); see `backed`
BACKING = ((2, 2000), (3, 12_000))
NEAR = max(reach for _, reach in BACKING)  # the farthest a witness counts: a window of a long document
                                           # reads this much more around its own (kinds/garble.py)


@dataclass(frozen=True)
class Verdict:
    """How a model's evidence becomes a finding; fitted per model on the same tuning
    rows, fiction and documentation (docs/garble.md), keyed by the name the model file
    gives itself."""

    margin: float = MARGIN_NATS  # a candidate's gain with its prior must reach this ...
    alone_share: float = 0.0  # ... with this share of its gain out of context added (0: not read) ...
    alone_cap: float = 12.0   # ... up to this many nats (so that a bound can skip hopeless spans)
    support: float = 8.0      # the margin is this much lower for a span backed by sure findings nearby (see `backed`)
    # the probe's evidence (lm/probe.py, its file in checker/data): a span whose likeliest
    # swapped word scores above `probe_from` (log-odds) gains `probe_nats` per unit above it
    probe: str = ""
    probe_nats: float = 0.0
    probe_from: float = 0.0

    @property
    def most_alone(self) -> float:
        """The most that reading out of context can add to a gain."""
        return self.alone_cap if self.alone_share else 0.0


# SmolLM2-135M's probe reads the streams halfway through the model (after layers 10 and
# 18 of 30): 3 nats a unit of log-odds above 2 took the tuning rows it flags from 7.6%
# (11.8% with session 28's probe) to 23.6%, with the same findings in the tuning fiction
# and documentation. It reads phrases out of context less surely than Gemma (session 13:
# the share moved its fiction findings as much as its rows), but with the probe, half
# of that reading's gain, at most 4 nats, and a margin of 17 took the tuning rows it
# flags in the first carrier from 41 to 48 of 310 with no more findings in the tuning
# fiction and fewer in the documentation (session 32, docs/garble.md)
VERDICTS = {"Gemma 3 270m": Verdict(margin=18.5, alone_share=0.5),
            "Smollm2 135M 8k Lc100K Mix1 Ep2": Verdict(margin=17.0, alone_share=0.5, alone_cap=4.0,
                                                       probe="garble-probe-smollm2.json",
                                                       probe_nats=3.0, probe_from=2.0)}


@dataclass(frozen=True)
class DeepGarble:
    start: int            # offsets into the prose
    end: int
    words: tuple[str, ...]
    fix: tuple[str, ...]
    alternatives: tuple[tuple[str, ...], ...]
    gain: float
    confidence: float
    backed_confidence: float  # the confidence with the margin lowered by Verdict.support
    backers: int = 0  # how many sure findings back it (see `backed`); 0 for one sure on its own


@dataclass(frozen=True)
class Witness:
    """Another rule's sure finding (garble.acronym's), as `backed` counts it: a phrase,
    where it stands and how sure."""
    start: int
    end: int
    words: tuple[str, ...]
    confidence: float


@dataclass
class _Word:
    start: int   # offsets in the sentence
    end: int
    text: str    # as written, but lower-case when only the sentence's start capitalised it
    first: int   # token indices [first, last)
    last: int
    surprisal: float


def confidence(gain: float, margin: float = MARGIN_NATS) -> float:
    return 1.0 / (1.0 + math.exp(-(gain - margin) / SCALE_NATS))


def verdict_of(lm) -> Verdict:
    return VERDICTS.get(lm.name, Verdict())


def _needed(threshold: float, margin: float = MARGIN_NATS) -> float:
    """The least gain whose confidence reaches `threshold` (the inverse of `confidence`)."""
    if threshold <= 0.0:
        return -math.inf
    if threshold >= 1.0:
        return math.inf
    return margin + SCALE_NATS * math.log(threshold / (1.0 - threshold))


def read(prose: str, sentences, lm, probes=()) -> list[tuple[int, object]]:
    """Every sentence with a word in it, run through the model once: (offset, analysis)
    pairs that both deep-tier detectors work from. (Reading only the sentences that the
    lexicon has doubts about was measured: in fiction that is 97% of them, so it saved
    nothing.)"""
    spans = [(s, e) for s, e in sentences if WORD.search(prose, s, e)]
    probe = _probe(lm)
    return list(zip((s for s, _ in spans), lm.analyse([prose[s:e] for s, e in spans], probes,
                                                      layers=probe.layers if probe else ())))


def _probe(lm):
    """The probe the model's verdict names (lm/probe.py), if it has one and its layers are
    the model's."""
    from ..lm.probe import probe_for

    rules = verdict_of(lm)
    probe = probe_for(rules.probe) if rules.probe_nats else None
    return probe if probe and max(probe.layers, default=-1) < lm.depth else None


@dataclass
class Planned:
    """A detector's work on a chunk of sentences, up to its last model pass: the
    requests for `lm.extend` and what turns their scores into findings. Several
    detectors' last passes run as one (see `conclude`): a pass of a few dozen rows costs
    nearly twice as much a row as one of a few hundred."""

    requests: list
    verdict: Callable[[list], list]
    jobs: list = field(default_factory=list)  # the spans searched, for bench/garble_stages.py


def conclude(plans: list[Planned], lm) -> list[list]:
    """Each plan's findings, from one model pass over all their requests."""
    scores = lm.extend([r for plan in plans for r in plan.requests])
    out, at = [], 0
    for plan in plans:
        out.append(plan.verdict(scores[at:at + len(plan.requests)]))
        at += len(plan.requests)
    return out


def plan(read, lm, lex, threshold: float = 0.5, backing: bool = False) -> Planned:
    """Swapped-word findings in sentences already read by the model (see `read`), up to
    the pass that scores the candidates in full: those sure on their own or, `backing`,
    also those that neighbours could back (see `backed`). Backing is asked only where
    sure findings stand near (`backable`): the lower margin leaves the bound that skips
    hopeless spans little to skip, and clean prose would pay a fifth more for nothing."""
    jobs = []
    sentence_words = {}  # id(analysis) -> its words, for the probe (`_evidence`)
    for offset, analysis in read:
        words = sentence_words[id(analysis)] = words_of(analysis)
        spans = {s for s, ordinary in suspect_pairs(words, analysis.text, lex).items() if not ordinary}
        jobs.extend(_Job(analysis, offset, words[a:b]) for a, b in _most_surprising(spans, words))
    rules = verdict_of(lm)
    _evidence(jobs, sentence_words, rules, _probe(lm))
    margin = rules.margin
    # the least gain worth finding: a span backed by its neighbours needs `support` less (see `backed`)
    lowered = margin - (rules.support if backing else 0.0)
    needed = _needed(threshold, lowered)
    _search(jobs, lm, lex, needed - rules.most_alone)
    spelled = [(job, american) for job in jobs if job.complete
               for american in [_american_spelling(job.text)] if american]
    requests = [(job.analysis, job.start, _pieces(lm, words) + job.following)
                for job in jobs for words in job.complete]
    requests += [(job.analysis, job.start, _pieces(lm, american) + job.following) for job, american in spelled]

    def verdict(totals) -> list[DeepGarble]:
        totals = iter(totals)
        _judge(jobs, totals, lex)
        for (job, _), total in zip(spelled, totals):
            _as_spelled_in_america(job, float(total.sum()) - job.original)
        if rules.alone_share:
            _out_of_context(jobs, lm, lex, needed, rules)
        found = [job.finding(margin, rules.support) for job in jobs
                 if job.gain is not None and confidence(job.gain, lowered) >= threshold]
        return best_apart(found)

    return Planned(requests, verdict, jobs)


def _evidence(jobs: list[_Job], sentence_words: dict, rules: Verdict, probe) -> None:
    """What the probe (lm/probe.py) says of each job's words, as nats for its verdict:
    the model's residual streams after a word tell a spinner's swap from a writer's rare
    right word better than its surprisal does. The words of one sentence are scored
    together. `probe`: the model's (`_probe`, which also chose the layers `read` kept)."""
    if probe is None:
        return
    by_sentence: dict[int, list[_Job]] = {}
    for job in jobs:
        by_sentence.setdefault(id(job.analysis), []).append(job)
    for group in by_sentence.values():
        analysis = group[0].analysis
        if not probe.fits(analysis.streams):
            return  # not read with the probe's layers (`read`), or a file named for another model
        words = sentence_words[id(analysis)]
        index = {w.start: k for k, w in enumerate(words)}
        wanted = sorted({index[w.start] for job in group for w in job.words})
        odds = dict(zip(wanted, map(float, probe.scores(analysis.streams, words, wanted))))
        for job in group:
            best = max(odds[index[w.start]] for w in job.words)
            job.evidence = rules.probe_nats * max(0.0, best - rules.probe_from)


def suspect_pairs(words: list[_Word], text: str, lex) -> dict[tuple[int, int], bool]:
    """Every span that a suspect word of the sentence makes (see `_spans`), in order,
    and whether the lexicon vouches for it (`_ordinary`: then it is not searched).
    bench/garble_stages.py asks it too, to say which gate stopped a phrase."""
    pairs: dict[tuple[int, int], bool] = {}
    for j, word in enumerate(words):
        if word.surprisal >= SUSPECT_NATS and _content(word, lex):
            for span in _spans(words, j, text, lex):
                if span not in pairs:
                    pairs[span] = _ordinary(words, span, text, lex)
    return pairs


def _most_surprising(spans, words: list[_Word]) -> list[tuple[int, int]]:
    """The spans to search in one sentence: the most surprising first, preferring spans
    apart from those already taken (a sentence may hold two swaps, and the two spans of
    one suspect word overlap)."""
    ranked = sorted(spans, key=lambda s: -sum(w.surprisal for w in words[s[0]:s[1]]))
    apart: list[tuple[int, int]] = []
    for a, b in ranked:
        if all(b <= x or a >= y for x, y in apart):
            apart.append((a, b))
    rest = [s for s in ranked if s not in apart]
    return (apart + rest)[:SPANS_PER_SENTENCE]


def words_of(analysis) -> list[_Word]:
    """The sentence's words with the tokens that spell them (a word whose tokens do not
    line up with its edges, such as a word glued to a symbol, has none: never judged)."""
    starts, ends = {}, {}
    text = analysis.text
    for index, (a, b) in enumerate(analysis.offsets):
        starts[a + 1 if b > a and text[a] == " " else a] = index
        ends[b] = index + 1
    words = []
    for match in WORD.finditer(text):
        first, last = starts.get(match.start()), ends.get(match.end())
        if first is None or last is None or last <= first:
            continue
        surprisal = -float(analysis.logprobs[first:last].sum())
        text_ = match.group()
        if text_[:1].isupper() and text_[1:].islower() and not any(c.isalpha() for c in text[:match.start()]):
            text_ = text_.lower()  # a capital only because the sentence starts here
        words.append(_Word(match.start(), match.end(), text_, first, last, surprisal))
    return words


def _content(word: _Word, lex) -> bool:
    w = word.text
    return w.islower() and len(w) >= 3 and w not in FUNCTION_WORDS and lex.known(w)


def relatives(word: str, lex) -> list[str]:
    """The words a spinner's thesaurus could have replaced with `word`: its relatives
    (the relation is nearly symmetric), spelling variants left out."""
    keep, seen = [], {word}
    for w in [w for w, _ in lex.related(word)] + sorted(lex.thesaurus(word)):
        if w not in seen and " " not in w and not spelling_variant(word, w):
            seen.add(w)
            keep.append(w)
    return keep[:MAX_RELATIVES]


def _ordinary(words: list[_Word], span: tuple[int, int], text: str, lex) -> bool:
    """Whether the lexicon vouches for the span: a pair that is ordinary English, or a
    single word that makes an ordinary pair with a neighbour. The model is a poor judge
    of established terms in thin context ("patient outcome" → "patient
    interpretation"), and a spinner's swap seldom leaves an ordinary pair behind."""
    a, b = span
    if b - a == 2:
        return lex.ordinary(f"{words[a].text} {words[a + 1].text}")
    return ((a > 0 and text[words[a - 1].end:words[a].start] == " "
             and lex.ordinary(f"{words[a - 1].text.lower()} {words[a].text}"))
            or (b < len(words) and text[words[a].end:words[b].start] == " "
                and lex.ordinary(f"{words[a].text} {words[b].text.lower()}")))


def _spans(words: list[_Word], j: int, text: str, lex) -> list[tuple[int, int]]:
    """The suspect word with each adjacent content word or unlisted word (joined by one
    space) when the two are shaped like a noun phrase (a noun or adjective, then a noun:
    what spinners garble, and what a swap can be judged on); a pair covers swapping
    either word. A lone word is not judged: with no partner to
    collocate with, the model mostly trades a rare word for a common one ("servility" →
    "faith"), and that cost precision in prose for little recall in the tuning rows."""
    spans = []
    for a in (j - 1, j):
        b = a + 1
        if not (0 <= a and b < len(words)):
            continue
        partner = words[b if a == j else a]
        if ((_content(partner, lex) or _unlisted(partner, lex)) and text[words[a].end:words[b].start] == " "
                and (phrase_shaped((words[a].text, words[b].text), lex, unlisted=ANY_NOUN | ADJ)
                     or _swapped_into_verb(words, a, j, lex))
                and not _verb_with_object(words, b, text, lex)):
            spans.append((a, b + 1))
    return spans


def _swapped_into_verb(words: list[_Word], a: int, j: int, lex) -> bool:
    """Whether the pair at `a` is a noun phrase whose suspect word `j` a spinner's
    thesaurus turned into a verb ("solid waste" → "solid squander", "the support
    vector machine" → "the encourage vector machine"): the word can only be a verb,
    and not in its -ing form (a gerund is a noun already, and the writer's: "continuous
    checking"), one of its SHAPE_RELATIVES closest relatives makes the pair shaped like
    a noun phrase, and the words around it say it stands where a noun phrase does:
    as the head, after a word that may be an adjective (a noun there would be the
    verb's subject, "the prisoner turned", and a participle or a verb's -s form a verb
    before it, "kept preparing"); as the modifier, a verb's base or -s form after an
    article or a possessive ("the encourage vector machine"; elsewhere a verb before a
    noun is mostly a verb and its object, "brought news", and a participle there is
    mostly the writer's adjective, "a reclassified raster"). Adverbs are never swapped
    back ("goes readily"): measured in session 32 (docs/garble.md)."""
    s = j - a
    pair = [words[a].text, words[a + 1].text]
    bits = lex.pos.get(pair[s], 0)
    if bits & (ANY_NOUN | ADJ | ADV | VERB_ING) or not bits & ANY_VERB:
        return False
    if s == 1:
        before = lex.known_pos(pair[0]) or 0  # an unknown word: no adjective
        if not before & ADJ or before & (VERB_ED | VERB_ING | VERB_S):
            return False
    elif bits & VERB_ED or not (a > 0 and words[a - 1].text.lower() in ARTICLES_AND_POSSESSIVES):
        return False
    for relative in relatives(pair[s], lex)[:SHAPE_RELATIVES]:
        pair[s] = relative
        if phrase_shaped(tuple(pair), lex, unlisted=ANY_NOUN | ADJ):
            return True
    return False


def _unlisted(word: _Word, lex) -> bool:
    """A lower-case word the lexicon does not list ("chloroacetic", "photonic"): mostly a
    technical noun or adjective. It can be the kept partner of a suspect word, never the
    swapped one (it has no relatives)."""
    return len(word.text) >= 4 and word.text.isalpha() and word.text.islower() and not lex.known(word.text)


def _verb_with_object(words: list[_Word], b: int, text: str, lex) -> bool:
    """Whether a head that may be a verb is followed by a determiner or a pronoun, as a
    verb is by its object ("the samples left several questions open"): then it is no
    noun phrase's head, and a swap judged on it would judge the wrong thing."""
    nxt = b + 1
    return (nxt < len(words) and bool(lex.pos.get(words[b].text, 0) & ANY_VERB)
            and text[words[b].end:words[nxt].start] == " "
            and words[nxt].text.lower() in OBJECT_STARTS)


class _Job:
    """One span of one sentence and the search for its original."""

    def __init__(self, analysis, offset: int, words: list[_Word]):
        self.analysis, self.offset, self.words = analysis, offset, words
        self.start, self.end = words[0].first, words[-1].last
        self.following = analysis.ids[self.end:self.end + FOLLOWING]
        self.original = float(analysis.logprobs[self.start:self.end + len(self.following)].sum())
        self.text = tuple(w.text for w in words)
        self.complete: list[tuple[str, ...]] = []
        self.scored: list[tuple[float, float, tuple[str, ...]]] = []  # (gain, model's own gain, words)
        self.gain: float | None = None
        self.evidence = 0.0  # nats the probe adds to every candidate's gain (see `_evidence`)

    def finding(self, margin: float, support: float) -> DeepGarble:
        first, last = self.words[0], self.words[-1]
        return DeepGarble(self.offset + first.start, self.offset + last.end, self.text, self.scored[0][2],
                          tuple(w for _, _, w in self.scored[1:3]), self.gain, confidence(self.gain, margin),
                          confidence(self.gain, margin - support))


def _swap_cost(old: str, new: str, lex) -> float:
    """What it costs to believe that the writer wrote `new` and a spinner made it `old`:
    the spinner picked `old` from `new`'s relatives (one choice in so many), and chose to
    swap at all. Words with many relatives ("original", "function") cost more, which
    keeps the model from "improving" a phrase into a merely commoner one."""
    return CHANGE_NATS + math.log(1 + len(relative_set(new, lex)))


def relative_set(word: str, lex) -> frozenset:
    """`relatives` as a set, remembered per word (expansion.py asks it too)."""
    memo = lex.memo("deep-relatives", WORD_SETS_HELD)
    found = memo.get(word)
    if found is None:
        found = memo[word] = frozenset(relatives(word, lex))
    return found


def _prior(original: list[_Word], candidate: tuple[str, ...], lex) -> float:
    """What is added to the model's gain before the verdict, fitted on tuning rows,
    30,000 words of fiction and documentation (never on the held-out rows):
    - a cost for each word replaced (two swaps must earn twice the evidence of one:
      most findings in fiction were two-word rewrites, "high words" -> "serious
      discussions");
    - a cost when the new words are commoner than the old ones (per decade of
      frequency): in edited prose the model's favourite change turns a rare right word
      into a generic one ("bloodless cheeks" -> "pale cheeks"), where a spinner's
      original is seldom much commoner than its replacement;
    - a share of how surprising the replaced words were where they stand."""
    swaps = [(o, n) for o, n in zip(original, candidate) if o.text != n]
    if not swaps:
        return 0.0
    prior = -SWAP_NATS * len(swaps) - GENERIC_NATS * sum(_decades(n, lex) - _decades(o.text, lex) for o, n in swaps)
    return prior + SURPRISE_SHARE * sum(o.surprisal for o, _ in swaps) / len(swaps)


def _decades(word: str, lex) -> float:
    """log10 of a word's count in the lexicon's frequency list (0 when it is not there)."""
    return lex.log10(lex.unigrams, word) or 0.0


def _search(jobs: list[_Job], lm, lex, needed: float = -math.inf) -> None:
    """Best-first search of every job's candidates, one word position at a time for all
    jobs together, leaving each job's survivors in `complete` to be scored in full. A
    job none of whose candidates could reach `needed` (see `_hopeless`) keeps none: it
    could not be a finding anyway."""
    options = {id(job): [[w.text] + relatives(w.text, lex) for w in job.words] for job in jobs}
    firsts = {id(job): [np.asarray([lm.pieces(o)[0] for o in opts]) for opts in options[id(job)]] for job in jobs}
    # the log-probability of each option's first token at the span's start, then after each beam entry
    after = {id(job): [scores] for job, scores in
             zip(jobs, lm.rows([(job.analysis, job.start) for job in jobs], [firsts[id(job)][0] for job in jobs]))}
    opening = {id(job): dict(zip(options[id(job)][0], map(float, after[id(job)][0]))) for job in jobs}
    # beam entries: (score with the search's priors, words, the words' own log-probability)
    beams = {id(job): [(0.0, (), 0.0)] for job in jobs}
    spans = {}  # complete candidates from the search -> the log-probability of their tokens
    for position in range(max((len(j.words) for j in jobs), default=0)):
        active = [job for job in jobs if len(job.words) > position]
        for job in active:
            scored = []
            kept = job.text[position]
            for (score, chosen, logp), first_scores in zip(beams[id(job)], after[id(job)]):
                for option, first in zip(options[id(job)][position], first_scores):
                    prior = 0.0 if option == kept else -_swap_cost(kept, option, lex)
                    scored.append((score + prior + float(first), chosen + (option,), logp + float(first)))
            scored.sort(key=lambda item: -item[0])
            if position == len(job.words) - 1:
                # a candidate that doubles a word ("park park") is no phrase anyone meant
                best = [(w, logp) for _, w, logp in scored if w != job.text and len(set(w)) == len(w)][:FULL]
                job.complete = [w for w, _ in best]
                spans[id(job)] = dict(best)
                job.complete += [c for c in _paired(job.text, options[id(job)], lex)
                                 if c not in job.complete and len(set(c)) == len(c)]
            else:
                beams[id(job)] = scored[:BEAM]
        growing = [job for job in active if len(job.words) > position + 1]
        requests = [(job.analysis, job.start, _pieces(lm, chosen)) for job in growing for _, chosen, _ in beams[id(job)]]
        then = [firsts[id(job)][position + 1] for job in growing for _ in beams[id(job)]]
        outcomes = iter(lm.extend(requests, then=then))
        for job in growing:
            beam, scores_after = [], []
            for score, chosen, _ in beams[id(job)]:
                scores, last = next(outcomes)
                prior = -sum(_swap_cost(o, n, lex) for o, n in zip(job.text, chosen) if o != n)
                beam.append((float(scores.sum()) + prior, chosen, float(scores.sum())))
                scores_after.append(last)
            beams[id(job)], after[id(job)] = beam, scores_after
    for job in jobs:
        if _hopeless(job, spans[id(job)], opening[id(job)], lex, needed - job.evidence):
            job.complete = []


def _judge(jobs: list[_Job], totals, lex) -> None:
    """Each job's complete candidates, scored in full (`totals`, in order), ranked by
    their gain with the prior."""
    for job in jobs:
        for words in job.complete:
            raw = float(next(totals).sum()) - job.original
            job.scored.append((raw + _prior(job.words, words, lex) + job.evidence, raw, words))
        job.scored.sort(key=lambda t: -t[0])
        if job.scored:
            job.gain = job.scored[0][0]


@lru_cache(maxsize=1)
def _american() -> dict[str, str]:
    """British spellings and their American counterparts (checker/data/spelling_variants.tsv)."""
    from ..kinds.words import data_lines

    return {row[0].lower(): row[1].lower() for row in data_lines("spelling_variants.tsv")}


def _american_spelling(words: tuple[str, ...]) -> tuple[str, ...] | None:
    """The span with its British spellings spelt the American way, or None when it has none."""
    spelt = tuple(_american().get(w, w) for w in words)
    return spelt if spelt != words else None


def _as_spelled_in_america(job: _Job, gain: float) -> None:
    """A span with a British spelling is judged against the likelier of its two
    spellings: the models read mostly American English, and a spelling they seldom saw
    ("regional organiser") is no sign of a swap, though every relative of the word beat
    it ("regional coordinator" in news copy checked in session 30). `gain`: how much
    likelier the American spelling is than the page."""
    if gain <= 0 or not job.scored:
        return
    job.scored = [(total - gain, raw - gain, words) for total, raw, words in job.scored]
    job.gain = job.scored[0][0]


def _out_of_context(jobs: list[_Job], lm, lex, needed: float, rules: Verdict) -> None:
    """Each job that could still reach `needed` has its best candidates read out of
    context, after FRAME: a share of how much likelier each is there than the words on
    the page (capped, so that `_hopeless` can bound it) joins its gain, and the
    candidates are ranked again. A spinner destroys established phrases ("artificial
    intelligence" read alone is far likelier than "counterfeit consciousness"); the
    candidates that won in fiction are mostly free rewrites that are no likelier alone
    ("fleecy clouds" → "fluffy clouds"). On the tuning rows it took what Gemma flags
    from 2.3% to 11.0% at the same findings in fiction, and SmolLM2's, capped lower,
    from 41 to 48 of 310 (docs/garble.md)."""
    chosen = []
    for job in jobs:
        if job.gain is None or job.gain + rules.alone_cap < needed:
            continue
        best = [c for c in job.scored[:ALONE_BEST] if c[0] + rules.alone_cap >= needed]
        chosen.append((job, best))
    alone = _read_alone({" ".join(words) for job, best in chosen for words in [job.text] + [w for _, _, w in best]},
                        lm, lex)
    for job, best in chosen:
        page = alone[" ".join(job.text)]
        weighed = [(gain + min(rules.alone_cap, rules.alone_share * (alone[" ".join(words)] - page)), raw, words)
                   for gain, raw, words in best]
        weighed.sort(key=lambda t: -t[0])
        # the fix is one of the candidates read alone; the rest follow, unread
        job.scored = weighed + [c for c in job.scored if c not in best]
        job.gain = weighed[0][0]


def _read_alone(phrases: set[str], lm, lex) -> dict[str, float]:
    """log p(phrase | FRAME) of each phrase, remembered per model and process."""
    memo = lex.memo(f"deep-alone:{lm.name}")
    todo = sorted(p for p in phrases if p not in memo)
    framed = len(WORD.findall(FRAME))
    for phrase, analysis in zip(todo, lm.analyse([f"{FRAME}{p}." for p in todo])):
        words = words_of(analysis)[framed:]
        memo[phrase] = float(analysis.logprobs[words[0].first:words[-1].last].sum(dtype=np.float64)) if words else 0.0
    return {p: memo[p] for p in phrases}


def _hopeless(job: _Job, spans: dict, opening: dict, lex, needed: float) -> bool:
    """Whether no candidate of the job can reach a gain of `needed`, by a bound that
    never falls short: the candidate's own tokens at most as probable as the search found
    them (or as its first token, for a candidate the search did not reach), the words
    after the span at best certain. About half the spans of a novel are hopeless, and
    scoring every span in full was a fifth of the deep tier's time there."""
    if needed == -math.inf:
        return False
    for words in job.complete:
        logp = spans.get(words, opening.get(words[0], 0.0))
        if logp - job.original + _prior(job.words, words, lex) >= needed:
            return False
    return True


def _paired(words: tuple[str, ...], options: list[list[str]], lex) -> list[tuple[str, ...]]:
    """Candidates the model's left-to-right search cannot see coming: swaps of a two-word
    span that make a phrase the lexicon knows ("clever meter" → "smart meter", where
    "smart" is not a likely word after "the" until "meter" follows it). One word swapped
    and the pair ordinary English, or both swapped into a firm pair of the lexicon."""
    if len(words) != 2:
        return []
    first, second = words
    out = [(c, second) for c in options[0][1:] if lex.ordinary(f"{c} {second}")]
    out += [(first, c) for c in options[1][1:] if lex.ordinary(f"{first} {c}")]
    seconds = frozenset(options[1][1:])
    for c in options[0][1:]:
        for partner in (lex.partners(c, 1) | lex.term_partners(c, 1)) & seconds:
            out.append((c, partner))
    return out[:MAX_PAIRED]


def _pieces(lm, words: tuple[str, ...]) -> list[int]:
    return [piece for word in words for piece in lm.pieces(word)]


def choose(read, spans, lm, lex) -> list:
    """The model's pick among given candidates for each span (start, end, candidates) of
    the prose, in sentences already read (see `read`): (words, gain with the prior and,
    for a model that reads phrases alone, that reading's share), or None where the span
    is not a run of whole words of one sentence read. What garble.acronym asks of the
    model's reading of a term's acronym (expansion.py, kinds/garble.py): does it read
    clearly better in the sentence than the page's words?"""
    jobs = []
    for start, end, candidates in spans:
        job = None
        for offset, analysis in read:
            if offset <= start and end <= offset + len(analysis.text):
                words = [w for w in words_of(analysis) if start <= offset + w.start and offset + w.end <= end]
                if words and offset + words[0].start == start and offset + words[-1].end == end:
                    job = _Job(analysis, offset, words)
                    job.complete = [c for c in candidates if len(c) == len(words)]
                break
        jobs.append(job)
    live = [job for job in jobs if job is not None and job.complete]
    _judge(live, iter(lm.extend([(job.analysis, job.start, _pieces(lm, words) + job.following)
                                 for job in live for words in job.complete])), lex)
    rules = verdict_of(lm)
    if rules.alone_share:
        _out_of_context(live, lm, lex, -math.inf, rules)
    return [(job.scored[0][2], job.scored[0][0]) if job is not None and job.scored else None for job in jobs]


def backed(found: list[DeepGarble], threshold: float, witnesses: list[Witness] = ()) -> list[DeepGarble]:
    """Of one document's findings (see `plan`), in text order: those sure on their own,
    and those sure only with the margin lowered that sure findings of other phrases
    back, as many and as near as a rule of BACKING asks. A spinner rewrites a whole
    text, so where it has certainly been at work a weaker sign is likelier to be its
    work too; clean prose seldom holds even one sure finding, so it seldom backs any
    (docs/garble.md, "Backed by neighbours", "Backing at a paper's density"). A phrase
    found twice is one witness: in clean prose a false sure finding is often a term the
    page repeats. A backed finding is never surer than its backers: its confidence is
    the lower of its own with the lower margin and that of the last witness the rule
    needs. One that overlaps a sure finding is left out: those words have their finding.
    `witnesses`: other rules' sure findings (garble.acronym's, garble.syntax's), which back spans as the
    model's own sure findings do but are not returned."""
    kept = [g for g in found if g.confidence >= threshold]
    sure = _Reach(kept + [w for w in witnesses if w.confidence >= threshold])
    for g in found:
        if g.confidence >= threshold or g.backed_confidence < threshold:
            continue
        near = sure.near(g.start, g.end)
        backing = _backing(near, g.start, g.end, but=g)
        if backing and clear_of(g, near):
            backers, surest = backing
            kept.append(replace(g, confidence=min(g.backed_confidence, surest), backers=backers))
    return sorted(kept, key=lambda g: g.start)


def backable(sure: list[DeepGarble | Witness], sentences: list[tuple[int, int]]) -> list[tuple[int, int]]:
    """The sentences (start, end) in which a finding could be backed by `sure` ones (see
    `backed`): those that a rule of BACKING finds enough of them around (a span of one
    of those phrases needs one more: see `backed`)."""
    reach = _Reach(sure)
    return [(a, b) for a, b in sentences if _backing(reach.near(a, b), a, b)]


def _backing(near: list[DeepGarble | Witness], start: int, end: int, but: DeepGarble | None = None):
    """(how many phrases back the stretch [start, end), the confidence they allow it) under
    the rule of BACKING that allows the most, or None when none holds. A phrase counts once,
    at its surest finding within the rule's reach; the phrase of `but` does not count: its
    own words elsewhere are no second sign."""
    own = _phrase(but) if but is not None else None
    best = None
    for count, reach in BACKING:
        witnesses: dict[tuple[str, ...], float] = {}
        for g in near:
            key = _phrase(g)
            if key != own and _within(g, start, end, reach):
                witnesses[key] = max(witnesses.get(key, 0.0), g.confidence)
        if len(witnesses) >= count:
            allowed = sorted(witnesses.values(), reverse=True)[count - 1]
            if best is None or allowed > best[1]:
                best = (len(witnesses), allowed)
    return best


def _phrase(g: DeepGarble | Witness) -> tuple[str, ...]:
    return tuple(word.lower() for word in g.words)


class _Reach:
    """Findings in text order, asked which lie within NEAR characters of a stretch."""

    def __init__(self, findings: list[DeepGarble | Witness]):
        self.findings = sorted(findings, key=lambda g: g.start)
        self.starts = [g.start for g in self.findings]
        self.longest = max((g.end - g.start for g in self.findings), default=0)

    def near(self, start: int, end: int) -> list[DeepGarble | Witness]:
        first = bisect_left(self.starts, start - NEAR - self.longest)
        return [g for g in self.findings[first:bisect_right(self.starts, end + NEAR)] if _within(g, start, end, NEAR)]


def _within(g: DeepGarble | Witness, start: int, end: int, reach: int) -> bool:
    """Whether `g` stands within `reach` characters of the stretch [start, end)."""
    return g.end >= start - reach and g.start <= end + reach


def best_apart(results: list) -> list:
    """Of findings that overlap, the one with the largest gain (anything with `start`,
    `end` and `gain`), in text order."""
    kept: list = []
    for item in sorted(results, key=lambda g: -g.gain):
        if clear_of(item, kept):
            kept.append(item)
    return sorted(kept, key=lambda g: g.start)
