"""Boilerplate rules' `hints`: a short text in which none of a rule's hints occurs is
not checked with that rule (its pattern is not even compiled), which is sound only if
every line the rule matches holds one of its hints, case ignored. Checked here for
every shipped rule on lines generated from its own patterns, and for the case folding
on every code point."""
from __future__ import annotations

import re
import sys

import pytest
import regex
from hypothesis import assume, given
from hypothesis import strategies as st

from checker.config import Settings
from checker.engine import Engine
from checker.kinds.boilerplate import fold_case, line_pattern
from checker.runner import check_text
from conftest import cli
from strategies import budget

ENGINE = Engine(Settings(select=["boilerplate"]))
RULES = [r for r in ENGINE.rules if r.kind == "boilerplate"]


def test_every_shipped_rule_has_hints():
    assert RULES and all(r.params.get("hints") for r in RULES)


def _every_character() -> str:
    return "".join(chr(i) for i in range(sys.maxunicode + 1) if not 0xD800 <= i <= 0xDFFF)


def test_what_a_hint_character_matches_case_ignored_folds_to_it():
    """A hint found by `regex` with case ignored is found in the folded text: every
    character `regex` takes for a hint's character folds to that character's fold."""
    everything = _every_character()
    hint_characters = {c for r in RULES for h in r.params["hints"] for c in h}
    for c in sorted(hint_characters | set("abcdefghijklmnopqrstuvwxyz")):
        found = {m.group() for m in regex.finditer(regex.escape(c), everything, regex.IGNORECASE)}
        assert {f for f in found if fold_case(f) != fold_case(c)} == set(), c


# characters lines are generated from: ASCII, and those the shipped lines name or that
# case-fold oddly (the code-point test above covers case folding in full)
ALPHABET = st.characters(codec="ascii") | st.sampled_from("…»›→·•©’“”İıſK\u00a0\u2028")
LINES = [(rule, source) for rule in RULES for source in rule.params["lines"]]


@pytest.mark.parametrize("rule,source", LINES, ids=[f"{r.id}:{i}" for i, (r, _) in enumerate(LINES)])
@budget(25)
@given(data=st.data())
def test_every_line_a_rule_matches_holds_one_of_its_hints(rule, source, data):
    line = data.draw(st.from_regex(re.compile(source, re.IGNORECASE), fullmatch=True, alphabet=ALPHABET)
                     .filter(lambda s: "\n" not in s and "\r" not in s))
    m = line_pattern([source]).match(line)
    assume(m is not None and m.end() == len(line))  # `re` and `regex` read it alike
    folded = fold_case(line)
    assert any(fold_case(h) in folded for h in rule.params["hints"]), line


def test_a_short_text_without_hints_is_still_checked_with_the_rules_that_have_one():
    text = "The council met on Monday.\n\nLeave a Reply\n"
    found = [(f.rule, text[f.start:f.end]) for f in check_text(ENGINE, text).findings]
    assert found == [("boilerplate.comment-form", "Leave a Reply")]


def test_a_hint_in_another_case_or_script_form_still_counts():
    # "ſ" (long s) is matched by "s" with case ignored: the rule must still run
    text = "The council met on Monday.\n\nSHARE THIS ARTICLE\n\nſhare this article\n"
    found = [text[f.start:f.end] for f in check_text(ENGINE, text).findings]
    assert found == ["SHARE THIS ARTICLE", "ſhare this article"]


def test_a_user_rule_without_hints_always_runs(write):
    pack = write("pack.yml", "rules:\n  - id: user.banner\n    kind: boilerplate\n    description: d\n"
                             "    message: 'banner: {line}'\n    lines: ['x{3,} banner']\n")
    target = write("a.txt", "Copy.\n\nXXX Banner\n")
    result = cli("lint", "--select", "user", "--rules", str(pack), str(target))
    assert result.exit_code == 1 and "user.banner banner: XXX Banner" in result.stdout


def test_hints_must_be_a_list_of_words(write):
    pack = write("pack.yml", "rules:\n  - id: user.banner\n    kind: boilerplate\n    description: d\n"
                             "    lines: ['banner']\n    hints: banner\n")
    result = cli("lint", "--rules", str(pack), str(write("a.txt", "Copy.\n")))
    assert result.exit_code == 2
    assert "rule user.banner: field 'hints': must be a list" in result.stderr


PIECES = st.sampled_from(["Leave a Reply", "Share this article", " . All rights reserved", "© 2024 Ann",
                          "Advertisement", "Tweet", "   ", "\t", " ", "\n", "\n\n", "x", "The vote is on Friday.",
                          "Credit…Jane Roe/Agency", "Home › News › World", "ad", "ſhare this"])


@budget(300)
@given(st.lists(PIECES, max_size=30).map("".join))
def test_one_pass_with_hints_and_blank_lines_skipped_finds_what_each_rule_finds(text):
    """The short-text hint filter and the long-text one pass (which skips lines of
    spaces and tabs) find exactly what every rule's own pattern finds."""
    from checker.document import Document
    from checker.kinds import boilerplate

    doc = Document.from_text(text)

    def found(min_characters: int, hints: bool) -> list:
        saved = boilerplate.ONE_PASS_MIN_CHARACTERS
        boilerplate.ONE_PASS_MIN_CHARACTERS = min_characters
        try:
            check = boilerplate.BoilerplateCheck(RULES, ENGINE.settings)
            check.any_hinted = hints
            return [(f.rule, f.start, f.end) for f in check.check(doc)]
        finally:
            boilerplate.ONE_PASS_MIN_CHARACTERS = saved

    plain = found(10**9, hints=False)  # every rule's own pattern over the whole text
    assert found(0, hints=False) == plain  # the one pass, blank lines skipped
    assert found(10**9, hints=True) == plain  # a short text: only the rules whose hints it holds
