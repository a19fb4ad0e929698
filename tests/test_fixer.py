"""The pure fixer: which edits are applied together, and the passes until nothing
fixable is left. Findings are made by hand here so each rule of resolution is seen."""
from __future__ import annotations

import re

from checker.finding import Finding
from checker.fixer import MAX_PASSES, apply_edits, choose_edits, fix_text


def finding(start, end, fix, rule="test.rule", safe=True, span=None):
    return Finding(rule=rule, severity="error", start=start, end=end, message="m",
                   replacements=() if fix is None else (fix,), fix_safe=safe, fix_span=span)


def test_disjoint_edits_are_all_applied_and_the_rest_is_copied():
    text = "aa , bb . cc"
    edits = choose_edits(text, [finding(7, 9, "."), finding(2, 4, ",")])
    assert [e.start for e in edits] == [2, 7]
    assert apply_edits(text, edits) == "aa, bb. cc"


def test_overlapping_edits_first_in_text_wins_whatever_the_input_order():
    text = "one  , two"
    a, b = finding(3, 5, " ", rule="x.space"), finding(3, 6, ",", rule="x.punct")
    for given in ([a, b], [b, a]):
        chosen = choose_edits(text, given)
        assert chosen == [a]  # same start: the shorter span, then the rule id, decides


def test_touching_edits_are_not_applied_in_the_same_pass():
    text = "abcdef"
    chosen = choose_edits(text, [finding(0, 2, "X"), finding(2, 4, "Y")])
    assert [(f.start, f.fix) for f in chosen] == [(0, "X")]
    # an insertion where another edit ends touches it too
    chosen = choose_edits(text, [finding(0, 2, "X"), finding(2, 2, "!")])
    assert [(f.start, f.fix) for f in chosen] == [(0, "X")]


def test_unsafe_fixes_only_when_asked_and_findings_without_fix_never():
    text = "abc"
    unsafe, none = finding(0, 1, "A", safe=False), finding(1, 2, None)
    assert choose_edits(text, [unsafe, none]) == []
    assert choose_edits(text, [unsafe, none], unsafe=True) == [unsafe]


def test_edit_span_wider_than_the_finding_is_what_is_rewritten():
    text = "keep\nLeave a Reply\nmore"
    f = finding(5, 18, "", span=(5, 19))
    assert apply_edits(text, choose_edits(text, [f])) == "keep\nmore"


def test_no_op_and_out_of_range_edits_are_skipped():
    text = "abc"
    assert choose_edits(text, [finding(0, 1, "a"), finding(2, 9, "")]) == []


def _checker(pattern, fix, safe=True):
    compiled = re.compile(pattern)

    def check(text):
        return [finding(m.start(), m.end(), fix, safe=safe) for m in compiled.finditer(text)]
    return check


def test_passes_repeat_until_nothing_is_fixable():
    # each pass turns "  " into " ": runs of spaces need several passes when edits touch
    outcome = fix_text("a" + " " * 9 + "b", _checker("  ", " "))
    assert outcome.text == "a b"
    assert outcome.converged and outcome.passes >= 2
    assert outcome.remaining == []
    assert fix_text(outcome.text, _checker("  ", " ")).changed is False


def test_fixes_that_undo_each_other_stop_after_the_last_pass():
    def flip(text):
        return [finding(0, 1, "b" if text[0] == "a" else "a")]
    outcome = fix_text("a", flip)
    assert outcome.passes == MAX_PASSES
    assert not outcome.converged
    assert outcome.remaining  # what is still proposed is reported, not hidden
