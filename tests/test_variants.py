"""Spelling-variant and name consistency: the document's majority spelling wins."""
from __future__ import annotations

from checker.config import Settings
from checker.engine import Engine
from checker.runner import check_text


def found(text, rule):
    engine = Engine(Settings(select=[rule]))
    return [(text[f.start:f.end], f.fix, f.start, f.fix_safe) for f in check_text(engine, text).findings]


# -- consistency.spelling --------------------------------------------------------------

def test_minority_american_spelling_is_flagged_with_the_british_fix():
    text = "The defence ministry and its defence staff drew up a defense plan."
    assert found(text, "consistency.spelling") == [("defense", "defence", text.index("defense"), True)]


def test_minority_british_spelling_is_flagged_with_the_american_fix():
    text = "Colour matters: the color of the door and the color of the wall."
    assert found(text, "consistency.spelling") == [("Colour", "Color", 0, True)]


def test_a_pattern_is_held_across_different_words():
    text = "We organise the fair, recognise its value and realize it is late."
    assert found(text, "consistency.spelling") == [("realize", "realise", text.index("realize"), True)]


def test_message_names_both_varieties_and_counts():
    engine = Engine(Settings(select=["consistency.spelling"]))
    text = "The flavour, the flavours and the flavor."
    (finding,) = check_text(engine, text).findings
    assert finding.message == (
        "“flavor” is American spelling; this document mostly uses British "
        "(-our/-or: 2 British, 1 American): write “flavour”."
    )


def test_tie_follows_the_first_spelling():
    text = "A gray sky over a grey sea."
    assert found(text, "consistency.spelling") == [("grey", "gray", text.index("grey"), True)]


def test_consistent_documents_get_nothing():
    assert found("The colour of honour; we organise and recognise.", "consistency.spelling") == []
    assert found("The color of honor; we organize and recognize.", "consistency.spelling") == []


def test_oxford_spelling_mixes_patterns_legitimately():
    # -ize with -our is one consistent house style
    assert found("They realize the colour and organize the harbour.", "consistency.spelling") == []


def test_names_inside_a_sentence_are_not_spellings():
    text = "The Labor Party's posters use colour; the labour market and Pearl Harbor."
    assert found(text, "consistency.spelling") == []


def test_pairs_that_are_different_words_are_ignored():
    assert found("Practise daily; practice makes perfect. A computer program for the programme.",
                 "consistency.spelling") == []


# -- consistency.name -------------------------------------------------------------------

def test_name_with_an_extra_letter_is_flagged_toward_the_majority():
    text = "President Zelenskyy spoke. Aides to Zelenskyy agreed, but Mr. Zelensky left."
    assert found(text, "consistency.name") == [("Zelensky", "Zelenskyy", text.index("Zelensky left"), False)]


def test_name_with_a_changed_vowel_is_flagged():
    text = "Talks with Lukashenka began in Minsk, where Lukashenko met Lukashenko's aides."
    assert found(text, "consistency.name") == [("Lukashenka", "Lukashenko", text.index("Lukashenka"), False)]


def test_name_tie_follows_the_first():
    text = "We met Gorbachev in Moscow and later Gorbachov in Paris."
    assert found(text, "consistency.name") == [("Gorbachov", "Gorbachev", text.index("Gorbachov"), False)]


def test_name_with_a_letter_in_another_case():
    text = "Flora MacDonald sailed; later MacDonald wrote, and Macdonald's letters survive."
    assert found(text, "consistency.name") == [("Macdonald", "MacDonald", text.index("Macdonald's"), False)]


def test_distinct_names_are_left_alone():
    text = ("Mr. Johnson met Mr. Johnston in Leeds. Miss Stoner met Miss Stoper, and "
            "Hatty Doran met John Moran. The Russian envoy left Russia; the Smiths met Smith.")
    assert found(text, "consistency.name") == []


def test_near_twins_with_different_other_names_are_different_people():
    text = ("Patches came from Kin Cheung, Wei Cheng and Andreas Weber; Andres Garcia "
            "reviewed them, and Kin Cheung merged the work of Wei Cheng.")
    assert found(text, "consistency.name") == []


def test_near_twins_sharing_another_name_are_one_person():
    text = "Volodymyr Zelenskyy spoke first; then Volodymyr Zelensky spoke, and Zelenskyy left."
    assert found(text, "consistency.name") == [("Zelensky", "Zelenskyy", text.index("Zelensky spoke"), False)]


def test_short_words_and_sentence_initial_words_are_not_names():
    text = "Where were you? Where is Mr. Hale? Here, said Hall, and Mr. Hale nodded."
    assert found(text, "consistency.name") == []


def test_name_message_gives_both_spellings_and_counts():
    engine = Engine(Settings(select=["consistency.name"]))
    text = "Aides to Zelenskyy met. Later Zelensky and Zelenskyy spoke."
    (finding,) = check_text(engine, text).findings
    assert finding.message == ("“Zelensky” and “Zelenskyy” look like one name spelled two ways "
                               "(“Zelenskyy” 2×, “Zelensky” 1×); the document mostly writes “Zelenskyy”.")
    assert finding.confidence == 0.7
