"""`garble.fluency`: a word missing, or one too many, found by the language model.

Machine rewriting drops and inserts words ("The last time this happened just days
before ...", where "was" went missing). When one insertion of a short function word,
or one deletion of a word, makes the sentence far more probable, and the change is
local, that edit is the finding and its fix: language-model based grammatical error
correction (Bryant & Briscoe 2018) restricted to edits of one word, with a high
margin, since precision matters more than recall here.

The cheap evidence comes free with the one pass over the sentence (scorer.Analysis):
how probable each function word would have been at every position (`probes`) and how
probable the next token would have been in place of each token (`skips`). Only edits
that look promising there are scored in full."""
from __future__ import annotations

from dataclasses import dataclass

from .deep import Planned, best_apart, confidence, words_of

# words a rewrite typically drops: auxiliaries, articles, the commonest prepositions
# ("not" is not among them: inserting it reverses what the writer said)
INSERTABLE = ("was", "is", "were", "are", "be", "been", "has", "have", "had", "the", "a", "an",
              "to", "of", "in", "for", "on", "that", "it", "and", "will", "would")
PROMISE_NATS = 8.0   # cheap estimate a candidate edit needs before it is scored in full
MARGIN_NATS = 12.0   # the sentence must become this much more probable
PER_SENTENCE = 3     # edits scored in full per sentence (the most promising)
REST = 6             # tokens after an edit it is judged on
# (PER_SENTENCE, REST, PROMISE_NATS) were (1, 12, 6) until session 8. On two samples of
# the novels' sentences apart from the evaluation's (about 420 damaged and 420 intact
# each), the three best edits judged on 6 tokens flagged 10 and 9 damaged sentences
# against 2 and 7, none intact, for 45% fewer tokens scored: the cheap estimate often
# ranks the right edit second; judged on 12 tokens, the three best edits put one intact
# sentence over the margin, where 6 tokens left it well under.


@dataclass(frozen=True)
class FluencyEdit:
    start: int   # offsets into the prose of the span the finding covers
    end: int
    replacement: str
    kind: str    # "missing" or "extra"
    word: str    # the word inserted or removed
    gain: float
    confidence: float


def probe_ids(lm) -> list[int]:
    """The first token of each insertable word after a space: the probes to analyse with."""
    return [lm.pieces(w)[0] for w in INSERTABLE]


def plan(read, lm, threshold: float = 0.5) -> Planned:
    """Edits for sentences already read by the model (`read`: (offset, analysis) pairs,
    analysed with `probe_ids(lm)`), up to the pass that scores them in full."""
    candidates = []
    for offset, analysis in read:
        candidates.extend(_promising(offset, analysis, lm))

    def verdict(scored) -> list[FluencyEdit]:
        found = []
        for c, scores in zip(candidates, scored):
            gain = float(scores.sum()) - c.original
            conf = confidence(gain, MARGIN_NATS)
            if conf >= threshold:
                found.append(FluencyEdit(c.start, c.end, c.replacement, c.kind, c.word, gain, conf))
        return best_apart(found)

    return Planned([(c.analysis, c.at, c.suffix) for c in candidates], verdict)


@dataclass
class _Candidate:
    analysis: object
    at: int            # token index the suffix replaces from
    suffix: list[int]
    original: float    # log-probability of what the suffix replaces, and of what follows
    start: int
    end: int
    replacement: str
    kind: str
    word: str
    promise: float


def _promising(offset: int, analysis, lm) -> list[_Candidate]:
    words = words_of(analysis)
    text = analysis.text
    out = []
    for j, word in enumerate(words):
        # a word missing before this one: a probe far more probable than the word's first token
        if j > 0 and text[words[j - 1].end:word.start] == " ":
            actual = float(analysis.logprobs[word.first])
            row = analysis.probes[word.first]
            k = int(row.argmax())
            promise = float(row[k]) - actual
            if promise >= PROMISE_NATS and INSERTABLE[k] not in (words[j - 1].text.lower(), word.text.lower()):
                inserted = INSERTABLE[k]
                tail = analysis.ids[word.first:word.first + REST]
                original = float(analysis.logprobs[word.first:word.first + len(tail)].sum())
                out.append(_Candidate(analysis, word.first, lm.pieces(inserted) + tail, original,
                                      offset + word.start, offset + word.end, f"{inserted} {text[word.start:word.end]}",
                                      "missing", inserted, promise))
        # this small word is one too many: the next token far more probable in its place
        # (only the words a rewrite inserts; a doubled word is the repetition rule's)
        if (word.text.lower() in INSERTABLE and word.last - word.first == 1 and j + 1 < len(words)
                and text[word.end:words[j + 1].start] == " "):
            promise = float(analysis.skips[word.first]) - float(analysis.logprobs[word.first])
            if promise >= PROMISE_NATS and word.text.lower() != words[j + 1].text.lower():
                tail = analysis.ids[word.last:word.last + REST]
                original = float(analysis.logprobs[word.first:word.last + len(tail)].sum())
                out.append(_Candidate(analysis, word.first, tail, original, offset + word.start,
                                      offset + words[j + 1].start, "", "extra", word.text, promise))
    out.sort(key=lambda c: -c.promise)
    return out[:PER_SENTENCE]
