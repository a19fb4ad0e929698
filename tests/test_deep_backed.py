"""Findings backed by their neighbours (deep.backed): a span that is sure only with the
margin lowered counts when enough sure findings stand near it. Pure arithmetic on
findings, so no model file is needed; the end-to-end case is in test_deep.py."""
from __future__ import annotations

import random

from hypothesis import given, settings
from hypothesis import strategies as st

from checker.garble import deep


def garble(start: int, confidence: float, backed: float, length: int = 12, words: tuple[str, ...] = ()) -> deep.DeepGarble:
    """A finding of its own phrase (one per start) unless `words` are given."""
    return deep.DeepGarble(start, start + length, words or ("odd", f"pair{start}"), ("usual", "pair"), (),
                           gain=0.0, confidence=confidence, backed_confidence=backed)


SURE, WEAK, FAINT = (0.9, 1.0), (0.2, 0.7), (0.05, 0.3)


def test_a_weak_finding_with_three_sure_neighbours_is_kept_at_its_backed_confidence():
    found = [garble(0, *SURE), garble(500, *WEAK), garble(1500, *SURE), garble(9000, *SURE)]
    kept = deep.backed(found, 0.5)
    assert [(g.start, g.confidence) for g in kept] == [(0, 0.9), (500, 0.7), (1500, 0.9), (9000, 0.9)]
    # it says how many back it (its message names them); the sure ones stand on their own
    assert [g.backers for g in kept] == [0, 3, 0, 0]
    four = deep.backed(found + [garble(1800, *SURE)], 0.5)
    assert [g.backers for g in four] == [0, 4, 0, 0, 0]


def test_a_backed_finding_is_never_surer_than_its_backers():
    out_of_reach = 512 + deep.NEAR + 100
    found = [garble(0, 0.95, 1.0), garble(500, 0.3, 0.99), garble(1500, 0.6, 1.0), garble(2600, 0.8, 1.0),
             garble(out_of_reach, 0.99, 1.0)]
    # backed by 0.95, 0.8 and 0.6 (the 0.99 is out of reach): no surer than the least of them
    assert [(g.start, g.confidence) for g in deep.backed(found, 0.5)] == [
        (0, 0.95), (500, 0.6), (1500, 0.6), (2600, 0.8), (out_of_reach, 0.99)]


def test_two_sure_neighbours_are_not_enough():
    assert deep.NEIGHBOURS == 3
    found = [garble(0, *SURE), garble(500, *WEAK), garble(1500, *SURE)]
    assert [g.start for g in deep.backed(found, 0.5)] == [0, 1500]


def test_a_phrase_found_again_is_one_witness_and_never_its_own():
    # clean prose: a term the page repeats, which the model misjudges each time
    term = ("driver", "functions")
    found = [garble(0, *SURE, words=term), garble(300, *SURE, words=term), garble(600, *SURE),
             garble(900, *WEAK)]
    assert [g.start for g in deep.backed(found, 0.5)] == [0, 300, 600]
    assert deep.backable([g for g in found if g.confidence >= 0.5], [(900, 912)]) == []
    # a third phrase makes three witnesses; the count is of phrases, in any case
    third = garble(1200, 0.8, 1.0, words=("Odd", "Words"))
    assert [(g.start, g.backers) for g in deep.backed(found + [third], 0.5)] == [
        (0, 0), (300, 0), (600, 0), (900, 3), (1200, 0)]
    # the weak span's own phrase, sure elsewhere, does not back it
    found = [garble(0, *SURE), garble(300, *SURE), garble(600, *SURE, words=term), garble(900, *WEAK, words=term)]
    assert [g.start for g in deep.backed(found, 0.5)] == [0, 300, 600]
    found[2] = garble(600, *SURE, words=("Driver", "Functions"))
    assert [g.start for g in deep.backed(found, 0.5)] == [0, 300, 600]


def test_neighbours_count_only_within_reach():
    far = deep.NEAR + 100
    # two sure findings ending at 32, the weak one just out of their reach, a third beyond
    found = [garble(0, *SURE, length=32), garble(20, *SURE), garble(32 + far, *WEAK),
             garble(44 + 2 * far, *SURE)]
    assert [g.start for g in deep.backed(found, 0.5)] == [0, 20, 44 + 2 * far]
    # the reach is measured between the edges of the spans, on either side
    found = [garble(0, *SURE, length=32), garble(20, *SURE), garble(32 + deep.NEAR, *WEAK),
             garble(44 + 2 * deep.NEAR, *SURE)]
    assert [g.start for g in deep.backed(found, 0.5)] == [0, 20, 32 + deep.NEAR, 44 + 2 * deep.NEAR]


def test_weak_findings_do_not_back_each_other_nor_an_overlapping_sure_one():
    weak_only = [garble(k * 100, *WEAK) for k in range(5)]
    assert deep.backed(weak_only, 0.5) == []
    # a sure finding over the same words is no third witness
    found = [garble(0, *SURE), garble(4, *WEAK), garble(600, *SURE), garble(700, *SURE)]
    assert [g.start for g in deep.backed(found, 0.5)] == [0, 600, 700]
    # and words a sure finding covers get no second finding, however well backed
    found.append(garble(800, *SURE))
    assert [g.start for g in deep.backed(found, 0.5)] == [0, 600, 700, 800]


def test_a_finding_too_faint_even_with_the_lower_margin_stays_out():
    found = [garble(0, *SURE), garble(300, *FAINT), garble(600, *SURE), garble(700, *SURE)]
    assert [g.start for g in deep.backed(found, 0.5)] == [0, 600, 700]


def test_the_threshold_decides_what_is_sure():
    found = [garble(0, 0.6, 1.0), garble(300, *WEAK), garble(600, 0.6, 1.0), garble(900, 0.6, 1.0)]
    assert [g.start for g in deep.backed(found, 0.5)] == [0, 300, 600, 900]
    # at 0.65 they are no longer sure on their own, and nothing backs anything
    assert deep.backed(found, 0.65) == []


findings = st.lists(st.builds(garble, st.integers(0, 4 * deep.NEAR), st.floats(0, 1), st.floats(0, 1),
                              st.integers(1, 40)), max_size=30)


@settings(max_examples=200, deadline=None)
@given(findings, st.floats(0.05, 0.95), st.randoms())
def test_backing_keeps_every_sure_finding_adds_none_and_ignores_input_order(found, threshold, rng: random.Random):
    kept = deep.backed(found, threshold)
    assert [g.start for g in kept] == sorted(g.start for g in kept)
    assert all(g.confidence >= threshold for g in kept)
    sure = [g for g in found if g.confidence >= threshold]
    assert all(g in kept for g in sure)
    # what is added is an input finding, no surer than with the lower margin, and
    # backed by at least NEIGHBOURS sure ones
    assert all(g in found or any(g == deep.replace(f, confidence=g.confidence, backers=g.backers)
                                 and g.confidence <= f.backed_confidence for f in found) for g in kept)
    added = [g for g in kept if g not in sure]
    assert all(deep.clear_of(g, sure) and g.backers >= deep.NEIGHBOURS for g in added)
    shuffled = found[:]
    rng.shuffle(shuffled)
    assert sorted(deep.backed(shuffled, threshold), key=repr) == sorted(kept, key=repr)


def test_reach_is_from_the_end_of_a_neighbour_before_whatever_the_longest_span():
    weak_start = 12 + deep.NEAR + 8  # 8 characters beyond reach of the first finding's end
    found = [garble(0, *SURE), garble(weak_start, *WEAK), garble(weak_start + 100, *SURE, length=40),
             garble(weak_start + 200, *SURE)]
    assert [g.start for g in deep.backed(found, 0.5)] == [0, weak_start + 100, weak_start + 200]


def test_only_sentences_within_reach_of_three_sure_findings_are_read_again():
    sure = [garble(1000, *SURE), garble(1100, *SURE), garble(1150, *SURE)]  # ending at 1012, 1112, 1162
    # reach runs from a sentence's edges: `reached` starts NEAR - 12 characters after the
    # first finding ends, `missed` NEAR + 50 after it (and within reach of the other two:
    # two are not enough)
    reached = (1000 + deep.NEAR, 1100 + deep.NEAR)
    missed = (1062 + deep.NEAR, 1157 + deep.NEAR)
    sentences = [(0, 80), (900, 990), (1000, 1200), reached, missed, (5000 + 2 * deep.NEAR, 5100 + 2 * deep.NEAR)]
    assert deep.backable(sure, sentences) == [(0, 80), (900, 990), (1000, 1200), reached]
    assert deep.backable(sure[:2], sentences) == []
    assert deep.backable([], sentences) == []


@settings(max_examples=200, deadline=None)
@given(findings, st.floats(0.05, 0.95))
def test_every_finding_that_could_be_backed_lies_in_a_sentence_read_again(found, threshold):
    # one "sentence" per finding, exactly its span: backing never reaches outside them
    sure = [g for g in found if g.confidence >= threshold]
    again = set(deep.backable(sure, [(g.start, g.end) for g in found]))
    for g in deep.backed(found, threshold):
        assert g in sure or (g.start, g.end) in again


def test_reach_of_a_sentence_is_from_a_neighbours_end_whatever_the_longest_finding():
    sure = [garble(1000, *SURE), garble(1100, *SURE), garble(1150, *SURE),
            garble(1000 + 3 * deep.NEAR, *SURE, length=400)]
    # the first finding ends 8 characters beyond reach of the sentence, then 2 within it
    assert deep.backable(sure, [(1020 + deep.NEAR, 1100 + deep.NEAR)]) == []
    assert deep.backable(sure, [(1010 + deep.NEAR, 1100 + deep.NEAR)]) == [(1010 + deep.NEAR, 1100 + deep.NEAR)]
