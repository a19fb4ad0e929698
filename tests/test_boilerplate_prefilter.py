"""The boilerplate kind's one pass on google-re2 (checker/kinds/line_prefilter.py) must
list every line start at which some rule's `regex` pattern matches (maybe more: each
rule's own pattern decides there). Proved here piece by piece, on every code point
where a piece is a set of characters, and as a whole on generated lines and texts;
findings are compared with those of the pass on `regex`."""
from __future__ import annotations

import re
import sys

import pytest
import re2
import regex
from hypothesis import assume, given
from hypothesis import strategies as st

from checker.config import Settings
from checker.document import Document
from checker.engine import Engine
from checker.kinds import boilerplate
from checker.kinds.line_prefilter import (PROVEN_CHARACTERS, compiled, matching_line_starts, prefilter_source,
                                          translate)


def re2_pass(bodies: list[str]):
    """The re2 pass of `line_pattern([], bodies=bodies)`."""
    return compiled(prefilter_source([translate(body) for body in bodies]))
from strategies import budget

ENGINE = Engine(Settings(select=["boilerplate"]))
RULES = [r for r in ENGINE.rules if r.kind == "boilerplate"]
LINES = [(rule, source) for rule in RULES for source in rule.params["lines"]]
BODIES = [boilerplate.line_body(r.params["lines"], r.params.get("joined", False)) for r in RULES]


def _every_character() -> str:
    """Every code point UTF-8 can hold (no surrogates: re2 cannot read them)."""
    return "".join(chr(i) for i in range(sys.maxunicode + 1) if not 0xD800 <= i <= 0xDFFF)


EVERYTHING = _every_character()
EVERYTHING_UTF8 = EVERYTHING.encode("utf-8")


def regex_set(source: str) -> set[str]:
    """The characters `regex` matches with `source`, case ignored (as the rules run)."""
    return set(regex.findall(source, EVERYTHING, regex.IGNORECASE | regex.MULTILINE))


def re2_set(translated: str) -> set[str]:
    """The characters re2 matches with a translated piece, as the pass runs it."""
    pattern = re2.compile(f"(?mi)(?:{translated})")
    return {m.decode("utf-8") for m in pattern.findall(EVERYTHING_UTF8)}


def missed_by_re2(source: str) -> str:
    """The characters `regex` matches with a one-character `source` and re2 does not
    with its translation, both case ignored: the first is found in C by `regex` over
    every code point, the second by one re2 match over the characters found."""
    found = "".join(regex.findall(source, EVERYTHING, regex.IGNORECASE | regex.MULTILINE))
    translated = translate(source)
    assert translated is not None, source
    if re2.fullmatch(f"(?mi)(?:{translated})*", found.encode("utf-8")):
        return ""
    return "".join(c for c in found if not re2.fullmatch(f"(?mi)(?:{translated})", c.encode("utf-8")))


# -- the pieces, on every code point

def test_every_shipped_line_is_translated():
    assert all(translate(source) is not None for _, source in LINES)
    assert boilerplate.re2_prefilter(RULES) is not None and re2_pass(BODIES) is not None


def _escaped(c: str) -> str:
    return "\\" + c if c.isascii() and c.isprintable() and not c.isalnum() and c != " " else c


def test_a_proven_literal_matches_on_re2_what_it_matches_on_regex_and_maybe_more():
    for c in sorted(PROVEN_CHARACTERS):
        assert missed_by_re2(_escaped(c)) == "", c


def test_a_literal_of_a_negated_class_matches_the_same_on_both():
    """A negated class is a superset only if re2 folds each of its characters to no
    more than `regex` does: the translation takes no cased character there."""
    caseless = sorted(c for c in PROVEN_CHARACTERS if c.lower() == c.upper())
    for c in caseless:
        source = f"[{_escaped(c)}]"
        assert re2_set(translate(source)) == regex_set(source) == {c}, c
    # the class of them all, negated: the same characters on both engines
    every = "[^" + "".join(map(_escaped, caseless)) + "]"
    assert missed_by_re2(every) == ""
    on_re2 = b"".join(re2.compile(f"(?mi){translate(every)}").findall(EVERYTHING_UTF8)).decode("utf-8")
    assert regex.fullmatch(f"{every}*", on_re2, regex.IGNORECASE | regex.MULTILINE)


@pytest.mark.parametrize("escape", ["\\s", "\\S", "\\d", "\\D", "\\w", "\\W", "."])
def test_a_class_escape_is_at_least_as_wide_on_re2(escape):
    for source in (escape, f"[{escape}]" if escape != "." else "."):
        assert missed_by_re2(source) == "", source


def _classes(source: str) -> list[str]:
    return re.findall(r"\[\^?\]?(?:\\.|[^\]\\])*\]", source)


SHIPPED_CLASSES = sorted({c for _, source in LINES for c in _classes(source)} | {"[|·•]", "[ \\t]"})


@pytest.mark.parametrize("source", SHIPPED_CLASSES)
def test_each_class_of_the_shipped_lines_is_at_least_as_wide_on_re2(source):
    assert missed_by_re2(source) == ""


# -- what the translation refuses (a line it cannot prove stays on `regex`)

@pytest.mark.parametrize("source", [
    r"(?<=a)b", r"(?<!a)b", r"a(?=b)", r"a(?!b)", r"(a)\1", r"(?i)a", r"(?s).", r"(?>a+)", r"a*+", r"a++",
    r"\p{L}", r"\x41", r"\u00e9", r"\N{BULLET}", r"\A", r"\Z", r"\G", r"^a", r"a$", "é", "ß", "[é]", "[[:alpha:]]",
    r"[^a]", r"[^\w]", r"[^\s]", r"[^a-z]", r"[\.-9]", r"[a&&b]", r"[a--b]", "a{2,1}", "a{x}", "a{", "}", "]",
    "(a", "a)", "*a", "a|*", "[a", "\\", "[\\",
])
def test_a_construct_that_is_not_proved_is_refused(source):
    assert translate(source) is None


def test_a_refused_line_makes_the_whole_pass_refused():
    assert prefilter_source([translate(body) for body in BODIES + ["(?<=x)y"]]) is None


# -- the translation as a whole, on generated patterns and lines

ODD = "iIİıkKKsSſ \t\u00a0\u2028\u0660٣𝟓_'’…»·.,-:"
atoms = st.sampled_from(["a", "i", "I", "k", "s", "x", " ", ".", r"\.", r"\s", r"\S", r"\d", r"\D", r"\w", r"\W",
                         r"\b", r"\B", "’", "…", "[a-z]", "[^.,]", r"[\w'’-]", r"[\s.]", "[0-9]", r"[^\n:]", "[ap]",
                         "[--a]", "[A-Z]", "[^-]", r"[\d\S]"])


def _grow(children):
    quantified = st.tuples(children.map("(?:{})".format), st.sampled_from(["?", "*", "+", "??", "*?", "+?", "{0,3}", "{1,2}", "{2}",
                                                      "{2,}", "{,2}", "{1,3}?"])).map("".join)
    sequence = st.lists(children, min_size=2, max_size=4).map("".join)
    alternation = st.lists(children, min_size=2, max_size=3).map("|".join)
    grouped = st.tuples(st.sampled_from(["(", "(?:"]), children).map(lambda t: f"{t[0]}{t[1]})")
    return quantified | sequence | alternation | grouped


patterns = st.recursive(atoms, _grow, max_leaves=8)
subjects = st.text(alphabet=st.sampled_from("axyz19 \n" + ODD), max_size=12)


@budget(1500)
@given(patterns, subjects)
def test_what_regex_matches_the_translation_matches_on_re2(source, subject):
    translated = translate(source)
    assert translated is not None, source
    if regex.fullmatch(source, subject, regex.IGNORECASE):
        assert re2.fullmatch(f"(?i)(?:{translated})", subject.encode("utf-8")) is not None, (source, translated)


ALPHABET = st.characters(codec="ascii", exclude_characters="\r") | st.sampled_from("…»›→·•©’“”İıſK\u00a0\u2028٣")


@pytest.mark.parametrize("rule,source", LINES, ids=[f"{r.id}:{i}" for i, (r, _) in enumerate(LINES)])
@budget(30)
@given(data=st.data())
def test_every_line_a_shipped_line_matches_is_listed_by_the_re2_pass(rule, source, data):
    """A line a shipped line matches (generated from the line's own pattern, with white
    space around it, among other lines) is a line start the re2 pass lists."""
    line = data.draw(st.from_regex(re.compile(source, re.IGNORECASE), fullmatch=True, alphabet=ALPHABET))
    before = data.draw(st.sampled_from(["", "Prose.\n", "\n\n", "x\n \n"]))
    around = data.draw(st.sampled_from(["", " ", "\t", "  \t"]))
    text = before + around + line + around + data.draw(st.sampled_from(["", "\n", "\nMore prose."]))
    anchored = boilerplate.line_pattern([source])
    assume(anchored.match(text, len(before)))  # `re` (which generated it) and `regex` read it alike
    assert len(before) in matching_line_starts(boilerplate.re2_prefilter(RULES), text)


JOINED = [rule for rule in RULES if rule.params.get("joined")]


@pytest.mark.parametrize("rule", JOINED, ids=[r.id for r in JOINED])
@budget(200)
@given(data=st.data())
def test_every_joined_line_a_shipped_rule_matches_is_listed_by_the_re2_pass(rule, data):
    """Items of a joined rule run together, with or without separators (the re2 pass
    spells a joined rule's items once: `boilerplate.re2_body`)."""
    items = data.draw(st.lists(st.sampled_from(rule.params["lines"]).flatmap(
        lambda source: st.from_regex(re.compile(source, re.IGNORECASE), fullmatch=True, alphabet=ALPHABET)),
        min_size=1, max_size=4))
    separators = data.draw(st.lists(st.sampled_from(["", " ", "\t", " | ", "·", "• ", "  |"]),
                                    min_size=len(items), max_size=len(items)))
    line = items[0] + "".join(s + item for s, item in zip(separators, items[1:]))
    text = "Prose.\n" + line + "\nMore prose."
    assume(boilerplate.line_pattern(rule.params["lines"], joined=True).match(text, 7))
    assert 7 in matching_line_starts(boilerplate.re2_prefilter([rule]), text)


LINE_PIECES = ["Leave a Reply", "SHARE THIS ARTICLE", "© 2024 Ann. All rights reserved", "Advertisement",
               "Tweet", "Email · Print", "Credit…Jane Roe/Agency", "Credit:\n\n  Ann Lee", "Photo: Ann Lee/Wire",
               "Related Posts", "The vote is on Friday.", "ad", "İ", "x", " ", "\t", "\n", "\n\n", "\n \n",
               "Home » News » World", "5 min read", "٣ comments", "Posted on 3 March 2025 by admin",
               "Read more:\u2028Talks", "Share this:Click to share on X (Opens in new window)Print"]


def _check(on_re2: bool):
    check = boilerplate.BoilerplateCheck(RULES, ENGINE.settings)
    if not on_re2:
        check.re2_pass = None
    return check


@budget(300)
@given(st.lists(st.sampled_from(LINE_PIECES), max_size=30).map("".join))
def test_the_re2_pass_lists_every_line_start_the_regex_pass_lists(text):
    saved = boilerplate.ONE_PASS_MIN_CHARACTERS
    boilerplate.ONE_PASS_MIN_CHARACTERS = 0
    try:
        on_regex, on_re2 = _check(False)._candidates(text), _check(True)._candidates(text)
    finally:
        boilerplate.ONE_PASS_MIN_CHARACTERS = saved
    assert set(on_regex) <= set(on_re2)
    assert all(start == 0 or text[start - 1] == "\n" for start in on_re2)


# -- the line starts, exactly

def test_a_match_over_several_lines_hides_no_line_start_inside_it():
    """`credits?\\s*:\\s*\\S.*` takes a line break after the colon: the lines inside
    such a match are still searched (an overlapped scan's starts)."""
    bodies = [r"credit\s*:\s*\S.*", "tweet"]
    text = "Credit:\n\nTweet\nCredit:\n tweet\nprose\nTweet"
    on_regex = boilerplate.line_pattern([], bodies=bodies).finditer(text, overlapped=True)
    assert matching_line_starts(re2_pass(bodies), text) == [m.start() for m in on_regex] \
        == [0, 9, 15, 23, 36]


def test_line_starts_are_character_offsets_after_non_ascii_text():
    pattern = re2_pass(["tweet"])
    text = "“Quoted” — prose…\nTweet\n𝟓 things\ntweet"
    assert matching_line_starts(pattern, text) == [text.index("Tweet"), text.rindex("tweet")]


def test_the_last_line_counts_without_a_line_break_and_a_blank_text_has_none():
    pattern = re2_pass(["tweet"])
    assert matching_line_starts(pattern, "x\n  Tweet\t") == [2]
    assert matching_line_starts(pattern, "") == []
    assert matching_line_starts(pattern, "\n\n") == []


def test_a_lone_surrogate_falls_back_to_the_regex_pass():
    text = "Tweet\n\ud800\n" + "prose line\n" * 6000
    check = _check(True)
    assert check._re2_candidates(text) is None
    assert check._candidates(text) == _check(False)._candidates(text) == [0]


def test_a_users_line_keeps_the_regex_pass_under_its_budget(write):
    from checker.rulepack import load_packs

    pack = write("mine.yml", "pack: mine\nrules:\n  - id: mine.footer\n    kind: boilerplate\n"
                             "    severity: error\n    description: d\n    message: m\n"
                             "    lines: ['end of page']\n")
    mine = [r for r in load_packs([pack.parent]) if r.kind == "boilerplate"]
    check = boilerplate.BoilerplateCheck(RULES + mine, ENGINE.settings)
    assert check.re2_pass is None and check.any_budgeted


def test_lines_re2_refuses_keep_the_regex_pass(monkeypatch):
    monkeypatch.setattr("checker.kinds.line_prefilter.compiled", lambda source: None)
    check = _check(True)
    text = "Tweet\n" + "prose line\n" * 6000
    assert check._candidates(text) == [0] and check.re2_pass is None


# -- the findings, on long texts full of boilerplate

def _long_text(newline: str) -> str:
    bad = [line for rule in RULES for example in rule.bad_examples for line in example.split("\n")]
    good = [example for rule in RULES for example in rule.good_examples]
    pieces, i = [], 0
    while sum(map(len, pieces)) < boilerplate.ONE_PASS_MIN_CHARACTERS + 5000:
        pieces += [bad[i % len(bad)], good[i % len(good)], LINE_PIECES[i % len(LINE_PIECES)], "",
                   bad[(i * 7) % len(bad)].upper()]
        i += 1
    return newline.join(pieces)


def _findings(text: str, on_re2: bool) -> list[tuple]:
    doc = Document.from_text(text)
    return [(f.rule, f.start, f.end, f.message, f.fix_span) for f in _check(on_re2).check(doc)]


@pytest.mark.parametrize("newline", ["\n", "\r\n", "\r"])
def test_findings_on_a_long_text_are_those_of_the_regex_pass(newline):
    text = _long_text(newline)
    assert len(text) >= boilerplate.ONE_PASS_MIN_CHARACTERS
    found = _findings(text, on_re2=True)
    assert len(found) > 500
    assert found == _findings(text, on_re2=False)
