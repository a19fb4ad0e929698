"""punctuation.unbalanced-quotes on copy as news is set: straight double quotes paired
by position, quotations over several paragraphs (each opened, only the last closed),
and those paragraphs joined onto one line by a scraper; a quotation genuinely left
open in the middle of a sentence is still found."""
from __future__ import annotations

from hypothesis import given
from hypothesis import strategies as st

from checker.config import Settings
from checker.engine import Engine
from checker.runner import check_text
from strategies import budget

RULE = "punctuation.unbalanced-quotes"
ENGINE = Engine(Settings(select=[RULE]))


def found(text):
    return [(f.start, text[f.start:f.end], f.message) for f in check_text(ENGINE, text).findings]


OPEN = "opens a quotation that is not closed in its paragraph."
NEVER_OPENED = "closes a quotation that was never opened."


def test_straight_quotes_over_paragraphs_joined_onto_one_line():
    text = ('The mayor spoke first. "We waited for years and nothing changed. '
            '"This time the money is there," she said. The vote is on Friday.')
    assert found(text) == []


def test_typographic_quotes_over_paragraphs_joined_onto_one_line():
    text = "He went on. “The first part ends here. “The second part ends here,” he said."
    assert found(text) == []


def test_joined_paragraphs_that_open_with_a_quotation_inside_the_quotation():
    text = ('She told us the story. "It was late. "\'Who is there?\' he asked. '
            '"\'Only me,\' I said." Then she stopped.')
    assert found(text) == []


def test_quotation_over_separate_paragraphs_with_straight_quotes():
    text = ('"We have all seen the water come in.\n\n'
            '"We have all promised it would be the last time," he said.\n\nThe vote followed.')
    assert found(text) == []


def test_unclosed_straight_quotation_in_the_middle_of_a_sentence_is_found():
    text = 'The minister said the plan was "ready and that work would start in March.\n\nThe vote followed.'
    assert found(text) == [(text.index('"'), '"', '" ' + OPEN)]


def test_second_quotation_opened_mid_sentence_leaves_the_first_unclosed():
    text = 'He said "we will come. Then she said "no" and left.'
    assert found(text) == [(text.index('"'), '"', '" ' + OPEN)]


def test_straight_closing_mark_that_was_never_opened():
    text = 'He said we would come tomorrow." Then he left.'
    assert found(text) == [(text.index('"'), '"', '" ' + NEVER_OPENED)]


def test_scare_quotes_and_inch_signs_in_straight_copy():
    text = ('The bank was "within sight" of a cut, a hold "about as dovish as a hold can be". '
            'A 12" pipe and "£48m" in "2025" too.')
    assert found(text) == []


def test_attribute_values_and_paths_in_plain_text_pair_up():
    text = 'Add <script src="/js/lib.js"></script> to the page, or "/usr/lib" to the path.'
    assert found(text) == []


def test_a_quote_opening_a_new_sentence_after_a_closed_one_is_not_a_continuation():
    text = '"Is it over?" she asked. "Yes, and we are leaving.\n\nNobody answered.'
    assert found(text) == [(text.index('"Yes'), '"', '" ' + OPEN)]


WORDS = st.sampled_from(["the", "plan", "water", "council", "money", "years", "it", "we", "went", "home"])


@st.composite
def quoted_story(draw):
    """Paragraphs of news copy with quotations over one or several paragraphs, as
    (paragraphs, speaker) in typographic marks, properly closed."""
    paragraphs = []
    for _ in range(draw(st.integers(1, 4))):
        words = draw(st.lists(WORDS, min_size=2, max_size=6))
        sentence = " ".join(words).capitalize() + "."
        parts = draw(st.integers(1, 3))
        for k in range(parts):
            body = " ".join(draw(st.lists(WORDS, min_size=1, max_size=5))).capitalize()
            last = k == parts - 1
            paragraphs.append(f"{sentence} “{body}." if k == 0 and not last else
                              f"“{body},” he said." if last and k == 0 else
                              f"“{body}." if not last else f"“{body},” she said.")
    return paragraphs


@budget(60)
@given(quoted_story(), st.sampled_from(["\n\n", " ", "\n"]), st.booleans())
def test_any_closed_story_is_quiet_in_either_style_and_however_joined(paragraphs, joiner, straight):
    text = joiner.join(paragraphs)
    if straight:
        text = text.replace("“", '"').replace("”", '"')
    assert found(text) == []


@budget(60)
@given(quoted_story(), st.sampled_from(["\n\n", " "]), st.booleans())
def test_dropping_the_last_closing_mark_is_found(paragraphs, joiner, straight):
    closing = "”"
    last = paragraphs[-1]
    paragraphs[-1] = last[:last.rindex(closing)] + last[last.rindex(closing) + 1:]
    text = joiner.join(paragraphs)
    if straight:
        text = text.replace("“", '"').replace("”", '"')
    mark = '"' if straight else "“"
    assert found(text) == [(text.rindex(mark), mark, f"{mark} {OPEN}")]
