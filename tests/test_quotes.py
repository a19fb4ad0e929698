"""Quotation marks and apostrophes: one style per document, every quotation closed."""
from __future__ import annotations

from checker.config import Settings
from checker.engine import Engine
from checker.runner import check_text


def found(text, rule, fmt="text"):
    engine = Engine(Settings(select=[rule]))
    return [(f.start, text[f.start:f.end], f.fix, f.fix_safe) for f in check_text(engine, text, fmt=fmt).findings]


def messages(text, rule):
    engine = Engine(Settings(select=[rule]))
    return [f.message for f in check_text(engine, text).findings]


# -- consistency.quotes / consistency.apostrophes ------------------------------------------

def test_straight_quotes_in_a_typographic_document_get_the_right_side():
    text = "“One” and “two” and \"three\"."
    open_at, close_at = text.index('"'), text.rindex('"')
    assert found(text, "consistency.quotes") == [(open_at, '"', "“", True), (close_at, '"', "”", True)]


def test_typographic_quotes_in_a_straight_document_become_straight():
    text = '"One" and "two" and “three”.'
    assert found(text, "consistency.quotes") == [
        (text.index("“"), "“", '"', True), (text.index("”"), "”", '"', True)]


def test_quote_message():
    assert messages('"One" and "two" and “three”.', "consistency.quotes")[0] == (
        "“ breaks the document’s straight quotation marks (4 straight, 2 typographic): write \".")


def test_inch_marks_are_not_quotes():
    assert found('A 12" record and a 7" single in a “sleeve”.', "consistency.quotes") == []


def test_straight_apostrophes_in_a_typographic_document():
    text = "It’s late, isn’t it? We don't know."
    assert found(text, "consistency.apostrophes") == [(text.index("'"), "'", "’", True)]


def test_word_initial_straight_apostrophe_fix_is_a_guess():
    text = "It’s late, isn’t it, ’cause we’re tired and 'tis cold."
    assert found(text, "consistency.apostrophes") == [(text.index("'"), "'", "‘", False)]


def test_one_style_gets_nothing():
    assert found("It’s “fine”, isn’t it?", "consistency.quotes") == []
    assert found("It's \"fine\", isn't it?", "consistency.apostrophes") == []


# -- punctuation.unbalanced-quotes ---------------------------------------------------------

def test_unclosed_quotation_in_a_paragraph():
    text = "He said, “We leave at dawn. Nobody answered.\n\nThe end."
    assert found(text, "punctuation.unbalanced-quotes") == [(text.index("“"), "“", None, False)]
    assert messages(text, "punctuation.unbalanced-quotes") == [
        "“ opens a quotation that is not closed in its paragraph."]


def test_closing_mark_without_an_opening_one():
    text = "He said, We leave at dawn.” Nobody answered."
    assert found(text, "punctuation.unbalanced-quotes") == [(text.index("”"), "”", None, False)]


def test_quotation_running_over_paragraphs_is_the_convention():
    text = ("“It began on a Monday,” she said. “We walked to the station.\n\n"
            "“The train was late.\n\n"
            "“At last it came, and we left.”\n\nHe nodded.")
    assert found(text, "punctuation.unbalanced-quotes") == []


def test_straight_quotation_running_over_paragraphs():
    text = '"It began on a Monday.\n\n"And it ended on Friday," she said.'
    assert found(text, "punctuation.unbalanced-quotes") == []


def test_apostrophes_are_not_single_quotes():
    text = "The students’ books, ’tis true, and the ’90s; ‘quoted’ words; the Joneses’ car."
    assert found(text, "punctuation.unbalanced-quotes") == []


def test_unclosed_single_quotation():
    text = "She called it ‘the plan and went home."
    assert found(text, "punctuation.unbalanced-quotes") == [(text.index("‘"), "‘", None, False)]


# -- punctuation.unbalanced-brackets -------------------------------------------------------

def test_unclosed_and_unopened_brackets():
    text = "The talks (held in Minsk ended.\n\nThe vote held on Monday) passed."
    assert found(text, "punctuation.unbalanced-brackets") == [
        (text.index("("), "(", None, False), (text.index(")"), ")", None, False)]


def test_mismatched_bracket():
    text = "The figure [see table 2) was wrong."
    assert messages(text, "punctuation.unbalanced-brackets") == [
        "“[” opens a bracket that is not closed in its paragraph.", "“)” does not match the open “[”."]


def test_list_markers_and_smileys_are_not_brackets():
    text = "Choose 1) tea or 2) coffee.\n\na) first\nb) second\niv) fourth\n\nThanks :) and (nested (fine))."
    assert found(text, "punctuation.unbalanced-brackets") == []


def test_paragraphs_without_letters_are_not_prose():
    assert found("A line of text.\n\n]\n\n* * *", "punctuation.unbalanced-brackets") == []


def test_markdown_links_are_not_brackets():
    text = "See [the guide](https://example.org/guide) and [the list][ref].\n"
    assert found(text, "punctuation.unbalanced-brackets", fmt="markdown") == []


def test_code_and_configuration_are_not_prose():
    config = "pcm.card {\n  type hw   # the (first card\n}\n"
    shell = ("Run the script like this, and it (the script) prints a line:\n"
             '   case " $2 " in *" name "*) run ;;\n'
             "after which nothing more happens.")
    comments = "# aplay -D\"plug:'dmix:RATE=44100'\" <file>\n# another \"example\n"
    text = "\n\n".join([config, shell, comments])
    assert found(text, "punctuation.unbalanced-brackets") == []
    assert found(text, "punctuation.unbalanced-quotes") == []


def test_a_quote_after_a_digit_closes_an_open_quotation():
    text = 'Set the owner to "0:0" and the size to 12" exactly.'
    assert found(text, "punctuation.unbalanced-quotes") == []


def test_a_pack_with_a_bad_parameter_is_refused_with_the_field_named(write):
    from conftest import cli

    pack = write("house.yml", (
        "pack: house\nrules:\n  - id: house.quotes\n    kind: quotes\n    description: d\n"
        "    marks: triple\n    examples: {bad: [x], good: [y]}\n"))
    text = write("a.txt", "Some text.\n")
    result = cli("lint", "--rules", str(pack), str(text))
    assert result.exit_code == 2
    assert "rule house.quotes: field 'marks': must be one of double, single" in result.stderr
    assert "Traceback" not in result.stderr


# -- the majority counted in C, the minority found by str.find: as the plain loops -----------
import re  # noqa: E402

from hypothesis import given, settings, strategies as st  # noqa: E402

from checker.document import Document  # noqa: E402
from checker.kinds import quotes as quotes_kind  # noqa: E402
from checker.paragraph_table import ParagraphTable  # noqa: E402

QUOTE_PIECES = st.sampled_from(['"', "“", "”", "'", "‘", "’", "5", "a", "Word ", " ", "\n", "\n\n", "x = 1;",
                                "{", "}\n", "    ", "said. ", "\u2502", "=", "“Hi,” she said. "])


def _plain_counts_and_marks(parts, table, straight, straight_ones):
    """What `conclude` computed before: every run of marks walked in Python."""
    plain = curly = 0
    first_plain = first_curly = None
    for marks, a, b, at in quotes_kind._in_prose(parts, table):
        n = marks.count(straight, a, b)
        if n and first_plain is None:
            first_plain = at[marks.index(straight, a, b)]
        if b - a - n and first_curly is None:
            first_curly = at[next(k for k in range(a, b) if marks[k] != straight)]
        plain, curly = plain + n, curly + b - a - n
    minority = [(marks[k], at[k], fixes[k]) for marks, a, b, at, fixes in quotes_kind._in_prose(parts, table, True)
                for k in range(a, b) if (marks[k] == straight) == straight_ones]
    return (plain, curly), (first_plain, first_curly), minority


@settings(max_examples=400, deadline=None)
@given(st.lists(QUOTE_PIECES, max_size=60).map("".join), st.lists(st.integers(1, 300), max_size=3),
       st.booleans())
def test_quote_counts_and_minority_are_the_plain_loops(text, cuts, straight_ones):
    prose = Document.from_text(text).prose
    table = ParagraphTable()
    table.feed(prose, 0, len(prose), 0)
    table.finish()
    for marks_name in ("double", "single"):
        straight = quotes_kind.MARKS[marks_name][0]
        pattern = re.compile("[" + "".join(quotes_kind.MARKS[marks_name]) + "]")
        bounds = sorted({c for c in cuts if c < len(prose)} | {0, len(prose)})
        parts = []
        for low, high in zip(bounds, bounds[1:]):  # windows' gatherings, as checker/windows.py makes them
            at = [m.start() for m in pattern.finditer(prose, low, high)]
            parts.append((at, "".join(prose[i] for i in at), "".join("e" for _ in at)))
        counts, firsts, minority = _plain_counts_and_marks(parts, table, straight, straight_ones)
        assert quotes_kind._counts_in_prose(parts, table, straight) == counts
        assert quotes_kind._firsts_in_prose(parts, table, straight) == firsts
        assert list(quotes_kind._minority(parts, table, straight, straight_ones)) == minority


BALANCE_PIECES = st.sampled_from(['"', "“", "”", "‘", "’", "don’t", "a", "Word ", " ", "\n", "\n\n", "x = 1;\n",
                                  "{", "}\n", "    ", "said. ", "12", "‘tis", "“Hi,” she said. ", "(", ")"])


@settings(max_examples=500, deadline=None)
@given(st.lists(BALANCE_PIECES, max_size=50).map("".join))
def test_balance_checked_whole_is_the_eager_gathering(text):
    """A document checked whole (flags worked out when pairing, paragraphs whose marks
    alternate “ ” passed at once) has the findings of the flags gathered mark by mark."""
    from checker.kinds import balance

    rules = [r for r in Engine(Settings()).rules if r.kind == "balance"]
    check = balance.BalanceCheck(rules, Settings())
    doc = Document.from_text(text)
    eager = Document.from_text(text)
    assert [(f.rule, f.start, f.message) for f in check.check(doc)] == \
        [(f.rule, f.start, f.message) for f in check.conclude([check.gather(eager)], eager)]
