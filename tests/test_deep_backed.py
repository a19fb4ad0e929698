"""Findings backed by their neighbours (deep.backed): a span that is sure only with the
margin lowered counts when sure findings of enough other phrases stand near enough: two
within CLOSE characters, or three within FAR. Pure arithmetic on findings, so no model
file is needed; the end-to-end case is in test_deep.py."""
from __future__ import annotations

import random

from hypothesis import given, settings
from hypothesis import strategies as st

from checker.garble import deep

(TWO, CLOSE), (THREE, FAR) = deep.BACKING


def garble(start: int, confidence: float, backed: float, length: int = 12,
           words: tuple[str, ...] = ()) -> deep.DeepGarble:
    """A finding of its own phrase (one per start) unless `words` are given."""
    return deep.DeepGarble(start, start + length, words or ("odd", f"pair{start}"), ("usual", "pair"), (),
                           gain=0.0, confidence=confidence, backed_confidence=backed)


SURE, WEAK, FAINT = (0.9, 1.0), (0.2, 0.7), (0.05, 0.3)


def test_the_rules_two_close_by_or_three_farther_off():
    assert deep.BACKING == ((2, 2000), (3, 12_000)) and deep.NEAR == FAR


def test_a_weak_finding_with_two_sure_neighbours_close_by_is_kept_at_its_backed_confidence():
    found = [garble(0, *SURE), garble(500, *WEAK), garble(1500, *SURE)]
    kept = deep.backed(found, 0.5)
    assert [(g.start, g.confidence) for g in kept] == [(0, 0.9), (500, 0.7), (1500, 0.9)]
    # it says how many back it (its message names them); the sure ones stand on their own
    assert [g.backers for g in kept] == [0, 2, 0]
    three = deep.backed(found + [garble(1800, *SURE)], 0.5)
    assert [g.backers for g in three] == [0, 3, 0, 0]


def test_farther_off_it_takes_three():
    two = [garble(0, *SURE), garble(500 + CLOSE, *WEAK), garble(1000 + 2 * CLOSE, *SURE)]
    assert [g.start for g in deep.backed(two, 0.5)] == [0, 1000 + 2 * CLOSE]
    three = two + [garble(500 + CLOSE + FAR - 100, *SURE)]
    assert [(g.start, g.backers) for g in deep.backed(three, 0.5)] == [
        (0, 0), (500 + CLOSE, 3), (1000 + 2 * CLOSE, 0), (500 + CLOSE + FAR - 100, 0)]
    # and beyond FAR, none counts
    beyond = two[:2] + [garble(524 + CLOSE + FAR, *SURE), garble(600 + CLOSE + FAR, *SURE)]
    assert [g.start for g in deep.backed(beyond, 0.5)] == [0, 524 + CLOSE + FAR, 600 + CLOSE + FAR]


def test_a_backed_finding_is_never_surer_than_its_backers():
    found = [garble(0, 0.95, 1.0), garble(500, 0.3, 0.99), garble(1500, 0.6, 1.0), garble(2600, 0.8, 1.0)]
    # close by: 0.95 and 0.6 (the 0.8 is beyond CLOSE); farther off, three: 0.95, 0.8, 0.6.
    # Either way no surer than 0.6
    assert [(g.start, g.confidence) for g in deep.backed(found, 0.5)] == [(0, 0.95), (500, 0.6), (1500, 0.6),
                                                                         (2600, 0.8)]
    # a rule that allows more stands: three within FAR, the least of them 0.7, beats the two close by
    found = [garble(0, 0.95, 1.0), garble(500, 0.3, 0.99), garble(1500, 0.55, 1.0), garble(2600, 0.8, 1.0),
             garble(3000, 0.7, 1.0)]
    assert [(g.start, g.confidence, g.backers) for g in deep.backed(found, 0.5) if g.start == 500] == [
        (500, 0.7, 4)]


def test_neighbours_count_only_within_reach():
    far = CLOSE + 100
    found = [garble(0, *SURE), garble(12 + far, *WEAK), garble(24 + 2 * far, *SURE)]
    assert [g.start for g in deep.backed(found, 0.5)] == [0, 24 + 2 * far]
    # the reach is measured between the edges of the two spans, on either side
    found = [garble(0, *SURE), garble(12 + CLOSE, *WEAK), garble(24 + 2 * CLOSE, *SURE)]
    assert [g.start for g in deep.backed(found, 0.5)] == [0, 12 + CLOSE, 24 + 2 * CLOSE]


def test_a_phrase_found_again_is_one_witness_and_never_its_own():
    # clean prose: a term the page repeats, which the model misjudges each time
    term = ("driver", "functions")
    found = [garble(0, *SURE, words=term), garble(300, *SURE, words=term), garble(600, *WEAK)]
    assert [g.start for g in deep.backed(found, 0.5)] == [0, 300]
    assert deep.backable([g for g in found if g.confidence >= 0.5], [(600, 612)]) == []
    # another phrase makes two witnesses; the count is of phrases, in any case
    other = garble(900, 0.8, 1.0, words=("Odd", "Words"))
    assert [(g.start, g.backers) for g in deep.backed(found + [other], 0.5)] == [(0, 0), (300, 0), (600, 2), (900, 0)]
    # the weak span's own phrase, sure elsewhere, does not back it
    found = [garble(0, *SURE), garble(300, *SURE, words=term), garble(600, *WEAK, words=term)]
    assert [g.start for g in deep.backed(found, 0.5)] == [0, 300]
    found[1] = garble(300, *SURE, words=("Driver", "Functions"))
    assert [g.start for g in deep.backed(found, 0.5)] == [0, 300]


def test_weak_findings_do_not_back_each_other_nor_an_overlapping_sure_one():
    weak_only = [garble(k * 100, *WEAK) for k in range(5)]
    assert deep.backed(weak_only, 0.5) == []
    # a sure finding over the same words is no second witness
    found = [garble(0, *SURE), garble(4, *WEAK), garble(600, *SURE)]
    assert [g.start for g in deep.backed(found, 0.5)] == [0, 600]
    # and words a sure finding covers get no second finding, however well backed
    found.append(garble(700, *SURE))
    assert [g.start for g in deep.backed(found, 0.5)] == [0, 600, 700]


def test_a_finding_too_faint_even_with_the_lower_margin_stays_out():
    found = [garble(0, *SURE), garble(300, *FAINT), garble(600, *SURE), garble(700, *SURE)]
    assert [g.start for g in deep.backed(found, 0.5)] == [0, 600, 700]


def test_the_threshold_decides_what_is_sure():
    found = [garble(0, 0.6, 1.0), garble(300, *WEAK), garble(600, 0.6, 1.0)]
    assert [g.start for g in deep.backed(found, 0.5)] == [0, 300, 600]
    # at 0.65 the two are no longer sure on their own, and nothing backs anything
    assert deep.backed(found, 0.65) == []


findings = st.lists(st.builds(garble, st.integers(0, 3 * FAR), st.floats(0, 1), st.floats(0, 1),
                              st.integers(1, 40)), max_size=40)


@settings(max_examples=200, deadline=None)
@given(findings, st.floats(0.05, 0.95), st.randoms())
def test_backing_keeps_every_sure_finding_adds_none_and_ignores_input_order(found, threshold, rng: random.Random):
    kept = deep.backed(found, threshold)
    assert [g.start for g in kept] == sorted(g.start for g in kept)
    assert all(g.confidence >= threshold for g in kept)
    sure = [g for g in found if g.confidence >= threshold]
    assert all(g in kept for g in sure)
    # what is added is an input finding, no surer than with the lower margin, and
    # backed by sure ones of at least two other phrases
    assert all(g in found or any(g == deep.replace(f, confidence=g.confidence, backers=g.backers)
                                 and g.confidence <= f.backed_confidence for f in found) for g in kept)
    added = [g for g in kept if g not in sure]
    assert all(deep.clear_of(g, sure) and g.backers >= TWO for g in added)
    for g in added:  # two of them close by, or three within FAR
        within = lambda reach: {s.words for s in sure if s.words != g.words  # noqa: E731
                                and s.end >= g.start - reach and s.start <= g.end + reach}
        assert len(within(CLOSE)) >= TWO or len(within(FAR)) >= THREE
    shuffled = found[:]
    rng.shuffle(shuffled)
    assert sorted(deep.backed(shuffled, threshold), key=repr) == sorted(kept, key=repr)


def test_reach_is_from_the_end_of_a_neighbour_before_whatever_the_longest_span():
    weak_start = 12 + CLOSE + 8  # 8 characters beyond reach of the first finding's end
    found = [garble(0, *SURE), garble(weak_start, *WEAK), garble(weak_start + 100, *SURE, length=40)]
    assert [g.start for g in deep.backed(found, 0.5)] == [0, weak_start + 100]


def test_only_sentences_within_reach_of_enough_sure_findings_are_read_again():
    sure = [garble(1000, *SURE), garble(1100, *SURE)]  # ending at 1012 and 1112
    # reach runs from a sentence's edges: `close` starts CLOSE - 12 characters after the
    # first finding ends, `missed` CLOSE + 93 after it (and within reach of the second:
    # one is not enough)
    close = (1000 + CLOSE, 1100 + CLOSE)
    missed = (1105 + CLOSE, 1200 + CLOSE)
    far_off = (5000 + FAR, 5100 + FAR)
    sentences = [(0, 80), (900, 990), (1000, 1200), close, missed, far_off]
    assert deep.backable(sure, sentences) == [(0, 80), (900, 990), (1000, 1200), close]
    assert deep.backable(sure[:1], sentences) == []
    assert deep.backable([], sentences) == []
    # a third phrase within FAR of `missed`, and it is read again too
    third = sure + [garble(1200 + CLOSE + FAR - 50, *SURE)]
    assert deep.backable(third, sentences) == [(0, 80), (900, 990), (1000, 1200), close, missed]


@settings(max_examples=200, deadline=None)
@given(findings, st.floats(0.05, 0.95))
def test_every_finding_that_could_be_backed_lies_in_a_sentence_read_again(found, threshold):
    # one "sentence" per finding, exactly its span: backing never reaches outside them
    sure = [g for g in found if g.confidence >= threshold]
    again = set(deep.backable(sure, [(g.start, g.end) for g in found]))
    for g in deep.backed(found, threshold):
        assert g in sure or (g.start, g.end) in again


def test_reach_of_a_sentence_is_from_a_neighbours_end_whatever_the_longest_finding():
    sure = [garble(1000, *SURE), garble(1100, *SURE), garble(9000 + FAR, *SURE, length=400)]
    # (3020, 3100): the first finding ends 2,008 characters before it
    assert deep.backable(sure, [(1020 + CLOSE, 1100 + CLOSE)]) == []
    assert deep.backable(sure, [(1010 + CLOSE, 1100 + CLOSE)]) == [(1010 + CLOSE, 1100 + CLOSE)]


def test_other_rules_findings_back_as_witnesses_and_are_not_returned():
    weak = garble(500, *WEAK)
    witnesses = [deep.Witness(0, 12, ("consumer", "border"), 0.6), deep.Witness(1500, 1512, ("jobless", "rate"), 0.9)]
    assert [(g.start, g.confidence, g.backers) for g in deep.backed([weak], 0.5, witnesses)] == [(500, 0.6, 2)]
    # a witness below the threshold is no witness; nor is one over the finding's own words
    assert deep.backed([weak], 0.7, witnesses) == []
    over = [deep.Witness(500, 512, ("other", "words"), 0.9), witnesses[1]]
    assert deep.backed([weak], 0.5, over) == []
