"""Phrase rules read across Markdown emphasis markers (`*harbour* master`,
`**harbour** master`, `_x_`, `__x__`, `~~x~~`) as they read across inline HTML tags:
the markers markdown-it-py pairs show as nothing, and a fix never edits one. Asterisks
and underscores the parser does not pair (an escaped `\\*`, a list bullet, `snake_case`,
a code span) stay ordinary characters."""
from __future__ import annotations

import re

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from conftest import cli

PACK = """\
pack: harbour
rules:
  - id: harbour.words
    kind: phrase
    severity: warning
    description: Words the harbour guide replaced.
    message: "“{phrase}”: the guide says “{replacement}”."
    fix_safe: true
    phrases:
      harbour master: harbour keeper
      silver lantern: golden lantern
      paper tiger: hollow threat
    examples:
      bad: ["Ask the harbour master."]
      good: ["Ask the harbour keeper."]
  - id: harbour.unsafe
    kind: phrase
    severity: warning
    description: A word the guide drops, not always safely.
    message: "“{phrase}”: the guide says “{replacement}”."
    fix_safe: false
    phrases:
      grey old gull: grey gull
    examples:
      bad: ["A grey old gull."]
      good: ["A grey gull."]
"""
MESSAGE = "“harbour master”: the guide says “harbour keeper”."
MARKER = re.compile(r"[*_~]+")


@pytest.fixture
def pack(write):
    return str(write("harbour.yml", PACK))


def lint(path, pack):
    """(span, replacements, edited text, message) of each finding, as JSON reports them."""
    result = cli("lint", "--rules", pack, "--select", "harbour", "--format", "json", str(path))
    assert result.exit_code in (0, 1), result
    text = path.read_text(encoding="utf-8")
    return [(text[f["start"]:f["end"]], f["replacements"], text[f["fix_start"]:f["fix_end"]], f["message"])
            for f in result.json()["files"][0]["findings"]]


def fix(path, pack, *options):
    result = cli("fix", *options, "--rules", pack, "--select", "harbour", str(path))
    assert result.exit_code in (0, 1), result
    return path.read_text(encoding="utf-8")


@pytest.mark.parametrize("source, span, fixed", [
    ("Ask the *harbour* master.", "harbour* master", "Ask the *harbour* keeper."),
    ("Ask the **harbour** master.", "harbour** master", "Ask the **harbour** keeper."),
    ("Ask the _harbour_ master.", "harbour_ master", "Ask the _harbour_ keeper."),
    ("Ask the __harbour__ master.", "harbour__ master", "Ask the __harbour__ keeper."),
    ("Ask the ~~harbour~~ master.", "harbour~~ master", "Ask the ~~harbour~~ keeper."),
    ("Ask the ***harbour*** master.", "harbour*** master", "Ask the ***harbour*** keeper."),
    ("Ask the harbour *master*.", "harbour *master", "Ask the harbour *keeper*."),
    ("Ask the harbour __master__.", "harbour __master", "Ask the harbour __keeper__."),
    ("Ask the har*bour* master.", "har*bour* master", "Ask the har*bour* keeper."),
    ("- Ask the *harbour*\n  master.", "harbour*\n  master", "- Ask the *harbour*\n  keeper."),
    ("> Ask the _harbour_\n> master.", "harbour_\n> master", "> Ask the _harbour_\n> keeper."),
    ("| Ask | the **harbour** master |\n|-----|------|\n| a | b |",
     "harbour** master", "| Ask | the **harbour** keeper |\n|-----|------|\n| a | b |"),
    ("[Ask the *harbour* master](https://port.example.org).", "harbour* master",
     "[Ask the *harbour* keeper](https://port.example.org)."),
])
def test_a_phrase_is_found_across_each_marker_style_and_fixed_around_it(write, pack, source, span, fixed):
    path = write("guide.md", source + "\n")
    # the message quotes the words as the file has them, line wrap included
    message = MESSAGE.replace("harbour master", re.sub(r"[*_~]", "", span))
    assert lint(path, pack) == [(span, ["keeper"], "master", message)]
    assert fix(path, pack) == fixed + "\n"


@pytest.mark.parametrize("source, span, replacement, fixed", [
    ("Ask *the harbour master*.", "harbour master", "harbour keeper", "Ask *the harbour keeper*."),
    ("Ask the **harbour\nmaster** now.", "harbour\nmaster", "harbour keeper", "Ask the **harbour keeper** now."),
    ("Ask ~~the Harbour Master~~.", "Harbour Master", "Harbour keeper", "Ask ~~the Harbour keeper~~."),
])
def test_a_phrase_with_markers_only_around_it_is_fixed_whole(write, pack, source, span, replacement, fixed):
    path = write("guide.md", source + "\n")
    message = f"“{span}”: the guide says “{replacement}”."
    assert lint(path, pack) == [(span, [replacement], span, message)]
    assert fix(path, pack) == fixed + "\n"


def test_the_first_word_changes_before_a_marker(write, pack):
    path = write("guide.md", "A **silver** lantern hung by a _silver_ lantern.\n")
    assert lint(path, pack) == [
        ("silver** lantern", ["golden"], "silver", "“silver lantern”: the guide says “golden lantern”."),
        ("silver_ lantern", ["golden"], "silver", "“silver lantern”: the guide says “golden lantern”."),
    ]
    assert fix(path, pack) == "A **golden** lantern hung by a _golden_ lantern.\n"


def test_a_phrase_inside_one_emphasis_is_fixed_whole(write, pack):
    path = write("guide.md", "Not a *paper tiger* at all; a ~~Paper Tiger~~.\n")
    assert lint(path, pack) == [
        ("paper tiger", ["hollow threat"], "paper tiger", "“paper tiger”: the guide says “hollow threat”."),
        ("Paper Tiger", ["Hollow threat"], "Paper Tiger", "“Paper Tiger”: the guide says “Hollow threat”."),
    ]
    assert fix(path, pack) == "Not a *hollow threat* at all; a ~~Hollow threat~~.\n"


def test_when_every_word_changes_across_a_marker_there_is_no_fix(write, pack):
    text = "Not a *paper* tiger, nor a paper __tiger__.\n"
    path = write("guide.md", text)
    assert lint(path, pack) == [
        ("paper* tiger", [], "paper* tiger", "“paper tiger”: the guide says “hollow threat”."),
        ("paper __tiger", [], "paper __tiger", "“paper tiger”: the guide says “hollow threat”."),
    ]
    assert fix(path, pack, "--unsafe-fixes") == text


def test_an_unsafe_fix_that_drops_a_word_keeps_the_markers(write, pack):
    path = write("guide.md", "A grey *old* gull and a **grey old** gull.\n")
    assert lint(path, pack) == [
        # taking "old" out of `*old*` would leave the markers with nothing to mark: no fix
        ("grey *old* gull", [], "grey *old", "“grey old gull”: the guide says “grey gull”."),
        ("grey old** gull", ["grey"], "grey old", "“grey old gull”: the guide says “grey gull”."),
    ]
    assert fix(path, pack) == "A grey *old* gull and a **grey old** gull.\n"  # unsafe: not by default
    assert fix(path, pack, "--unsafe-fixes") == "A grey *old* gull and a **grey** gull.\n"


@pytest.mark.parametrize("text", [
    "Ask the harbour* master* now.",  # closers without an opener: literal
    "Ask the harbour *master now.",  # an opener without a closer
    "Ask the harbour \\*master\\* now.",  # escaped: literal asterisks
    "Ask the harbour_ master_ now.",
    "Ask the harbour_master_ now.",  # `_` inside a word never emphasises
    "Ask the harbour `*` master now.",  # code keeps words apart
    "Ask the harbour `*x*` master now.",
    "* Ask the harbour\n* master now.",  # list bullets: two items
    "Ask the harbour ~ master ~ now.",  # one tilde is not strikethrough
    "Ask the harbour ![*](x.png) master now.",  # an image shows something
])
def test_asterisks_and_underscores_that_are_not_emphasis_keep_words_apart(write, pack, text):
    path = write("guide.md", text + "\n")
    assert lint(path, pack) == []


def test_markers_are_read_only_where_the_parser_pairs_them():
    from checker.document import Document

    def markers(text):
        doc = Document.from_text(text, "x.md", "markdown")
        return [(text[s:e], s) for s, e in doc.inline_tags]

    assert markers("2 * 3 * 4, 2*3, snake_case_name and a__b__c") == []
    assert markers("* a bullet\n- another\n\n***\n\n\\*escaped\\* and \\_this\\_") == []
    assert markers("A `*code*` span, ```**more**``` and <code>*x*</code>.") == []
    assert markers("~~~\n*fenced*\n~~~\n\n    *indented code*\n") == []
    assert markers("An ![*alt*](x.png) image.") == []  # alt text is parsed apart: left as it is
    # CommonMark pairs `*` inside a word (`2*3*4` shows 2<em>3</em>4), never `_`
    assert markers("2*3*4 and a_b_c") == [("*", 1), ("*", 3)]
    assert markers("see __init__.py") == [("__", 4), ("__", 10)]  # shows as <strong>init</strong>.py
    assert markers("**a** _b_ ~~c~~ ***d***") == [("**", 0), ("**", 3), ("_", 6), ("_", 8), ("~~", 10),
                                                  ("~~", 13), ("***", 16), ("***", 20)]
    assert markers("* a *b* item") == [("*", 4), ("*", 6)]  # the bullet is not a marker


def test_fix_keeps_asterisks_and_underscores_whether_emphasis_or_not(write, pack):
    text = ("Ask 2*3 harbour master, snake_case_name, \\*star\\* and `a*b*c`, 5*6*78 harbour master.\n"
            "* a harbour master\n* __init__.py and 6 * 7 harbour master\n")
    path = write("guide.md", text)
    assert fix(path, pack) == text.replace("master", "keeper")


def test_fixing_as_a_process_keeps_every_marker_byte_for_byte(write, pack):
    from conftest import cli_process

    text = ("The *harbour* master met a **silver** lantern, a ~~paper~~ tiger\r\n"
            "and a __grey old__ gull; _harbour master_ and ***Silver*** lantern.\r\n")
    path = write("guide.md", text.encode("utf-8"))
    result = cli_process("fix", "--unsafe-fixes", "--rules", pack, "--select", "harbour", str(path))
    assert result.exit_code == 1, result  # the paper tiger has no fix: a finding stays
    after = path.read_bytes().decode("utf-8")
    assert after == ("The *harbour* keeper met a **golden** lantern, a ~~paper~~ tiger\r\n"
                     "and a __grey__ gull; _harbour keeper_ and ***Golden*** lantern.\r\n")
    assert MARKER.findall(after) == MARKER.findall(text)


# -- property: no finding or fix ever cuts or edits a marker -------------------------------------
# words of built-in phrase rules (usage.eggcorn), with markers drawn around and inside them
PHRASES = ["case and point", "Case and point", "tow the line", "for all intensive purposes", "free reign"]
WORDS = ["case", "and", "in", "point", "the", "line", "x", "2", "snake_case"]
MARKS = ["", "", "", "*", "**", "_", "__", "~~", "***", "\\*", "`"]
BETWEEN = st.sampled_from([" ", " ", "  ", "\n", "\r\n", "\n\n", "* ", "\n* ", " * ", "_", "*", "~", "`x`", ","])


@st.composite
def marked_phrase(draw):
    """A phrase of a built-in rule with markers drawn before, after and inside its words."""
    out = []
    for word in draw(st.sampled_from(PHRASES)).split():
        cut = draw(st.integers(0, len(word)))
        out.append(draw(st.sampled_from(MARKS)) + word[:cut] + draw(st.sampled_from(MARKS)) + word[cut:]
                   + draw(st.sampled_from(MARKS)))
        out.append(draw(st.sampled_from([" ", " ", "\n", "  ", "", ","])))
    return "".join(out)


WORD = st.builds(lambda a, w, b: a + w + b, st.sampled_from(MARKS), st.sampled_from(WORDS), st.sampled_from(MARKS))


@pytest.mark.slow
@settings(max_examples=200, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(st.lists(st.one_of(marked_phrase(), WORD, BETWEEN), max_size=14))
def test_no_finding_or_fix_ever_cuts_or_edits_a_marker(pieces):
    from checker.document import Document
    from fuzz import fixed_keeping_inline_tags

    text = "".join(pieces)
    doc = Document.from_text(text, "x.md", "markdown")
    for s, e in doc.inline_tags:
        assert set(text[s:e]) <= set("*_~"), (text, s, e)  # a marker is markers only
    fixed = fixed_keeping_inline_tags(text, "x.md", "markdown")
    assert MARKER.findall(fixed) == MARKER.findall(text)


def test_a_long_sentence_is_reported_whole_across_its_emphasis(write):
    # a sentence over the limit is reported up to its end, not cut short at its first marker
    sentence = "The **tide** rose " + " ".join(["and the _boats_ rocked"] * 6) + " by the pier."
    path = write("tide.md", sentence + "\n")
    result = cli("lint", "--select", "metric", "--max-sentence-words", "20", "--format", "json", str(path))
    [finding] = result.json()["files"][0]["findings"]
    assert sentence[finding["start"]:finding["end"]] == sentence
    assert finding["message"] == "Sentence of 30 words; the limit is 20."
