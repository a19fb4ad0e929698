"""The deep tier's reading of candidates out of context (deep._out_of_context), with a
stand-in model whose log-probabilities are set word by word, so the arithmetic of the
verdict is checked exactly and everywhere (no model file needed)."""
from __future__ import annotations

import re
from types import SimpleNamespace

import numpy as np
import pytest

from checker.garble import deep

RULES = deep.Verdict(margin=18.0, alone_share=0.5, alone_cap=12.0)


class WordModel:
    """Reads text a word at a time (each word one token with its leading space); a
    word's log-probability is whatever `scores` says, -1 for any other token."""

    name = "stand-in"

    def __init__(self, scores: dict[str, float]):
        self.scores, self.read = scores, []

    def analyse(self, texts):
        self.read.extend(texts)
        out = []
        for text in texts:
            offsets = [(m.start(), m.end()) for m in re.finditer(r" ?[^ .]+|\.", text)]
            logprobs = np.array([self.scores.get(text[a:b].strip(), -1.0) for a, b in offsets])
            out.append(SimpleNamespace(text=text, offsets=offsets, logprobs=logprobs))
        return out


class Memo:
    def __init__(self):
        self.memos = {}

    def memo(self, name):
        return self.memos.setdefault(name, {})


def _job(page: tuple[str, ...], scored: list[tuple[float, tuple[str, ...]]]):
    job = SimpleNamespace(text=page, scored=[(gain, gain, words) for gain, words in scored])
    job.gain = job.scored[0][0]
    return job


def test_a_phrase_is_read_alone_without_the_frame_or_the_full_stop():
    lm = WordModel({"We": -50.0, "discuss": -50.0, "the": -50.0, ".": -50.0, "random": -2.0, "forest": -3.0})
    assert deep._read_alone({"random forest"}, lm, Memo()) == {"random forest": -5.0}
    assert lm.read == [f"{deep.FRAME}random forest."]


def test_the_candidate_likelier_alone_wins_and_its_gain_grows_by_the_share():
    lm = WordModel({"counterfeit": -9.0, "consciousness": -9.0, "artificial": -3.0, "intelligence": -1.0,
                    "fake": -4.0, "mind": -10.0})
    # in context "fake mind" scored a little better; alone "artificial intelligence" is far likelier
    job = _job(("counterfeit", "consciousness"), [(15.0, ("fake", "mind")), (14.0, ("artificial", "intelligence"))])
    deep._out_of_context([job], lm, Memo(), needed=18.0, rules=RULES)
    page = -18.0
    assert job.scored[0][2] == ("artificial", "intelligence")
    assert job.gain == pytest.approx(14.0 + RULES.alone_share * (-4.0 - page))
    assert job.scored[1][0] == pytest.approx(15.0 + RULES.alone_share * (-14.0 - page))


def test_the_gain_out_of_context_is_capped_and_can_be_a_loss():
    lm = WordModel({"old": -40.0, "words": -40.0, "new": -1.0, "term": -1.0, "worse": -60.0, "still": -60.0})
    job = _job(("old", "words"), [(10.0, ("new", "term")), (9.0, ("worse", "still"))])
    deep._out_of_context([job], lm, Memo(), needed=0.0, rules=RULES)
    assert [(round(g, 6), w) for g, _, w in job.scored] == [
        (10.0 + RULES.alone_cap, ("new", "term")),
        (9.0 + RULES.alone_share * (-120.0 + 80.0), ("worse", "still"))]


def test_only_spans_that_could_still_win_are_read_and_each_phrase_once():
    lm = WordModel({})
    hopeless = _job(("dull", "words"), [(18.0 - RULES.alone_cap - 0.1, ("plain", "words"))])
    hopeful = _job(("odd", "words"), [(10.0, ("even", "words")), (-30.0, ("no", "chance"))])
    again = _job(("odd", "words"), [(9.0, ("even", "words"))])
    deep._out_of_context([hopeless, hopeful, again], lm, Memo(), needed=18.0, rules=RULES)
    assert sorted(lm.read) == sorted(f"{deep.FRAME}{p}." for p in ("odd words", "even words"))
    # a candidate read or not, none is lost
    assert [w for _, _, w in hopeful.scored] == [("even", "words"), ("no", "chance")]
    assert hopeless.gain == 18.0 - RULES.alone_cap - 0.1


def test_a_british_spelling_is_read_the_american_way_as_well():
    assert deep._american_spelling(("regional", "organiser")) == ("regional", "organizer")
    assert deep._american_spelling(("neighbourhood", "colour")) == ("neighborhood", "color")
    assert deep._american_spelling(("prime", "minister")) is None


@pytest.mark.parametrize("gain, expected", [(5.0, [15.0, 7.0]), (-3.0, [20.0, 12.0]), (0.0, [20.0, 12.0])])
def test_a_span_is_judged_against_the_likelier_of_its_two_spellings(gain, expected):
    """Every candidate's gain is measured from the American spelling when the model finds
    that likelier than the page (`gain` > 0), so a spelling it seldom saw is no evidence
    of a swap; a likelier British spelling changes nothing."""
    job = SimpleNamespace(scored=[(20.0, 18.0, ("regional", "coordinator")), (12.0, 10.0, ("regional", "pager"))],
                          gain=20.0)
    deep._as_spelled_in_america(job, gain)
    assert [total for total, _, _ in job.scored] == expected
    assert job.gain == expected[0]
    assert [words for _, _, words in job.scored] == [("regional", "coordinator"), ("regional", "pager")]
    assert job.scored[0][1] == 18.0 - max(gain, 0.0)
