"""Which spans the deep tier judges: chosen from the sentence and the lexicon alone (no
model needed), so these run everywhere."""
from __future__ import annotations

import math
import re

import pytest
from hypothesis import given, strategies as st

from checker.garble import deep
from checker.garble.lexicon import load


@pytest.fixture(scope="module")
def lex():
    return load()


def _words(text: str) -> list:
    return [deep._Word(m.start(), m.end(), m.group(), k, k + 1, 10.0)
            for k, m in enumerate(re.finditer(deep.WORD.pattern, text))]


def _spans_of(text: str, suspect: str, lex) -> set[str]:
    words = _words(text)
    j = next(k for k, w in enumerate(words) if w.text == suspect)
    return {" ".join(w.text for w in words[a:b]) for a, b in deep._spans(words, j, text, lex)}


def test_a_noun_phrase_around_the_suspect_word_is_judged(lex):
    assert _spans_of("The boric corrosive was kept in a cupboard.", "corrosive", lex) == {"boric corrosive"}


def test_a_head_that_takes_an_object_is_a_verb_not_a_noun_phrase_head(lex):
    # "left several questions": "left" is the verb of the clause, not the head of "samples left"
    assert _spans_of("Earlier work on tissue samples left several questions open.", "samples", lex) \
        == {"tissue samples"}
    # the same word as a noun, with no object after it, is still a head
    assert "political left" in _spans_of("The vote split the political left in two.", "left", lex)


def test_an_unlisted_lower_case_word_can_be_the_kept_partner(lex):
    # "chloroacetic" is not in the lexicon: a technical adjective the spinner kept
    assert not lex.known("chloroacetic")
    assert _spans_of("The lab stores chloroacetic corrosive in glass.", "corrosive", lex) == {"chloroacetic corrosive"}


def test_an_unlisted_word_is_never_the_one_judged_alone(lex):
    # no suspect content word: the unlisted word itself starts nothing
    words = _words("The lab stores chloroacetic corrosive in glass.")
    j = next(k for k, w in enumerate(words) if w.text == "chloroacetic")
    assert deep._content(words[j], lex) is False
    assert deep.relatives("chloroacetic", lex) == []


@given(st.floats(0.001, 0.999))
def test_the_gain_needed_for_a_threshold_gives_that_confidence(threshold):
    assert deep.confidence(deep._needed(threshold)) == pytest.approx(threshold, rel=1e-6)
    assert deep._needed(0.0) == -math.inf and deep._needed(1.0) == math.inf


def test_a_noun_turned_into_a_verb_is_judged_where_a_noun_phrase_stands(lex):
    # "squander" can only be a verb, and "waste", a close relative, makes a noun phrase
    # with the adjective before it: an adjective is no verb's subject
    assert lex.pos["squander"] & deep.ANY_VERB and not lex.pos["squander"] & (deep.ANY_NOUN | deep.ADJ)
    assert _spans_of("Landfills take the solid squander of the city.", "squander", lex) == {"solid squander"}
    # as the modifier: after an article, a verb's base form before a noun stands for a noun
    assert _spans_of("We trained the encourage vector machine.", "encourage", lex) == {"encourage vector"}


@pytest.mark.parametrize("text, suspect", [
    ("The prisoner stooped to pick it up.", "stooped"),    # a noun before a verb: its subject
    ("He kept preparing meals.", "preparing"),             # a participle before a verb: a verb chain
    ("He spent preparing meals.", "preparing"),
    ("They went on preparing meals.", "preparing"),         # a verb before a noun, no article: its object
    ("Some took offence at once.", "took"),
    ("It brought news of the war.", "brought"),
    ("Those preparing meals left early.", "preparing"),     # "those" may be a subject: not an article
    ("We tuned it on the preparing set.", "preparing"),     # a participle after an article: mostly
    ("Lines follow the digitizing direction.", "digitizing"),  # the writer's adjective
    ("Use a reclassified raster here.", "reclassified"),
    ("It needs continuous checking by hand.", "checking"),  # a gerund is a noun already
])
def test_a_verb_is_not_swapped_back_into_a_noun_where_a_clause_reads_on(lex, text, suspect):
    assert _spans_of(text, suspect, lex) == set()
