"""garble.acronym: a term whose acronym its words no longer spell, where synonyms of
those words do. Sentences written for these tests."""
from __future__ import annotations

import pytest
from hypothesis import given, settings, strategies as st

from checker.config import Settings
from checker.engine import Engine
from checker.garble import acronym
from checker.garble.lexicon import load
from checker.runner import check_text


@pytest.fixture(scope="module")
def lex():
    return load()


@pytest.fixture(scope="module")
def engine():
    return Engine(Settings(select=["garble"]))


def _garbles(engine, text):
    return [(f.rule, text[f.start:f.end], f.replacements[0] if f.replacements else None, f.message)
            for f in check_text(engine, text).findings]


def test_a_swapped_term_is_found_with_the_original_its_acronym_spells(engine):
    text = "Our group trained a profound learning (DL) model on the scans."
    [(rule, span, fix, message)] = _garbles(engine, text)
    assert (rule, span, fix) == ("garble.acronym", "profound learning", "deep learning")
    assert message == ("“profound learning” does not spell its acronym DL; “deep learning”, of its synonyms, "
                       "does: a synonym-swapped term (confidence 0.90).")


@pytest.mark.parametrize("text, span, fix", [
    ("The clever home (SH) devices were cheap.", "clever home", "smart home"),
    ("A help vector machine (SVM) split the classes.", "help vector machine", "support vector machine"),
    ("They kept a preparing set (TS) apart from the rest.", "preparing set", "training set"),
    # the first word of a sentence may be capitalised
    ("Profound learning (DL) needs many examples.", "Profound learning", "Deep learning"),
])
def test_each_word_that_does_not_fit_is_replaced_by_a_relative_that_does(engine, text, span, fix):
    assert [(r, s, f) for r, s, f, _ in _garbles(engine, text)] == [("garble.acronym", span, fix)]


@pytest.mark.parametrize("text", [
    "Our group trained a deep learning (DL) model on the scans.",
    "The Food and Drug Administration (FDA) approved it.",            # small words skipped
    "Each sample was tested for deoxyribonucleic acid (DNA) damage.",  # letters inside a word
    "The files are written in the extensible markup language (XML).",
    "Phase three (III) of the study starts in June.",                 # a roman numeral
    "The angular distribution function (AD) is plotted below.",      # the acronym of all but the head
    "The Clever Home (SH) brand sells lamps.",                        # capitalised: a name
    "THE PARTIAL LINE FORWARD (PLD) CODE",                            # capitals: the writer's
    "Call helper(AB) with two arguments.",                            # code, not a term
    "We gave it a bit harder (ICs) to solve.",                        # no term: the last word no noun
])
def test_acronyms_the_words_spell_or_that_name_no_swapped_term_are_left_alone(engine, text):
    assert _garbles(engine, text) == []


def test_a_collocation_finding_on_the_same_words_gives_way(engine):
    """The collocation rule flags "worldwide warming" on its own; with the acronym
    there, only the acronym's finding stands for those words."""
    alone = _garbles(engine, "The worldwide warming debate divided the council.")
    assert [(r, s) for r, s, _, _ in alone] == [("garble.collocation", "worldwide warming")]
    text = "The worldwide warming (GW) debate divided the council."
    assert [(r, s, f) for r, s, f, _ in _garbles(engine, text)] == \
        [("garble.acronym", "worldwide warming", "global warming")]


def test_the_threshold_drops_it_like_any_garble_finding():
    strict = Engine(Settings(select=["garble"], garble_threshold=0.95))
    assert _garbles(strict, "Our group trained a profound learning (DL) model on the scans.") == []


WORDS = ["deep", "learning", "random", "forest", "support", "vector", "machine", "data", "mining",
         "neural", "network", "image", "recognition", "heart", "rate", "smart", "home", "global",
         "warming", "training", "set", "feature", "selection", "signal", "noise", "ratio"]


@settings(max_examples=60, deadline=None)
@given(st.lists(st.sampled_from(WORDS), min_size=2, max_size=4))
def test_words_that_spell_their_acronym_are_never_flagged(lex, words):
    term = " ".join(words)
    text = f"We describe the {term} ({''.join(w[0] for w in words).upper()}) in detail."
    assert acronym.find(text, lex) == []


def test_the_words_a_letter_may_stand_for_are_common_content_words_commonest_first(lex):
    words = lex.common_words("r", 300)
    assert len(words) == 300 and all(w.startswith("r") and w.isalpha() and w.islower() for w in words)
    assert "rate" in words and "research" in words
    from checker.garble.pos import FUNCTION_WORDS
    assert not FUNCTION_WORDS & set(words)
    counts = [lex.unigrams.get(w, 0) for w in words]
    assert counts == sorted(counts, reverse=True)
    assert lex.common_words("r", 10) == words[:10]


def test_a_letter_never_stands_for_an_abbreviation_or_a_roman_numeral(lex):
    """Readings like "Developer xxx" or "uk kg": such entries of the frequency list are
    no word a term spells out."""
    for letter, dropped, kept in (("x", {"xxx", "xiv", "xx"}, {"xenon"}), ("k", {"kg"}, {"key"}),
                                  ("m", {"mm", "ml"}, {"mix", "map"}), ("i", {"ii", "iii", "id"}, {"image"})):
        words = set(lex.common_words(letter, 4000))
        assert not dropped & words and kept <= words
        assert all(len(w) > 2 for w in words)


def test_with_bare_a_site_whose_words_make_no_phrase_is_kept_for_the_model(lex):
    text = "Users liked the consumer border (UI) of the new app."
    assert acronym.sites(text, lex) == []
    [site] = acronym.sites(text, lex, bare=True)
    assert (text[site.start:site.end], site.acronym, site.candidates) == ("consumer border", "UI", ())
    assert acronym.pick(site) is None


@pytest.mark.parametrize("text, words", [
    ("Scientists warn that global heatedness (GW) will rise.", ("global", "heatedness")),        # unknown word
    ("The firm used information excavating (DM) for years.", ("information", "excavating")),  # a verb's head
    ("We ran a Monte Carlo recreation (MCS) at night.", ("monte", "carlo", "recreation")),     # names that fit
    ("Heatedness maps (WM) were drawn.", ("heatedness", "maps")),                             # sentence start
    ("We marked each point of fascination (POI) there.", ("point", "of", "fascination")),     # a small word that fits
])
def test_with_bare_terms_the_lexicon_cannot_judge_are_kept_for_the_model(lex, text, words):
    assert acronym.sites(text, lex) == []
    [site] = acronym.sites(text, lex, bare=True)
    assert (site.words, site.candidates) == (words, ())


@pytest.mark.parametrize("text", [
    "Doctors Without Borders (MSF) sent a team.",       # a capitalised word that does not fit: a name
    "The arrow showed the reflection s (TE) of the wave.",  # a letter is a variable, not a word of a term
    "They met at the Harbour heatedness (GW) again.",    # a capitalised word inside that does not fit
    "A climb in costs (CAP) followed.",                  # a small word that does not fit its letter
    "They spoke of the price of (CO) before.",           # a term ends in its head, not a small word
])
def test_even_with_bare_names_and_letters_are_no_sites(lex, text):
    assert acronym.sites(text, lex, bare=True) == []


@pytest.mark.parametrize("words, acronym, expected", [
    (("fondness", "chromatography"), "AC", ("affinity", "chromatography")),  # one word swapped
    (("unfathomable", "sea"), "DO", ("deep", "ocean")),                    # both swapped
])
def test_readings_of_relatives_alone_spell_the_acronym_closest_relatives_first(lex, words, acronym, expected):
    """Beside the model's word-by-word search, a broken term is read back from its own
    words' relatives that begin with the acronym's letters (a word that fits kept, or a
    relative of it): the spinner's synonyms point at the original."""
    from checker.garble.deep import relatives
    from checker.garble.expansion import KIN_READINGS, _kin_readings

    readings = _kin_readings(words, acronym, lex)
    assert expected in readings and 0 < len(readings) <= KIN_READINGS
    for reading in readings:
        assert "".join(w[0] for w in reading) == acronym.lower() and len(set(reading)) == len(reading)
        assert all(new == old or new in relatives(old, lex) for old, new in zip(words, reading))


def test_no_reading_of_relatives_alone_where_a_word_has_no_relative_of_its_letter(lex):
    from checker.garble.expansion import _kin_readings

    # no relative of "chromatography" begins with x
    assert _kin_readings(("fondness", "chromatography"), "AX", lex) == []
    assert _kin_readings(("Fondness", "chromatography"), "AC", lex) == []  # a name's word is the writer's


def test_a_readings_score_counts_the_words_the_page_could_be_a_spinners_synonym_of(lex):
    from checker.garble.expansion import _synonyms

    page = ("fondness", "chromatography")
    assert _synonyms(page, ("affinity", "chromatography"), lex) == 1  # the kept word is no synonym
    assert _synonyms(page, ("acrylic", "chromatography"), lex) == 0
    assert _synonyms(("Fondness", "chromatography"), ("affinity", "chromatography"), lex) == 0  # a name


def test_the_model_is_shown_a_long_sentence_around_its_term():
    from checker.garble.expansion import CONTEXT_CHARACTERS, _context

    text = "Some words here. " * 40 + "The feed-ahead community (FN) " + "and more words. " * 40
    shown = _context(text, text.index("feed-ahead"))
    assert "The feed-ahead community (FN)" in shown and len(shown) <= CONTEXT_CHARACTERS + 1
