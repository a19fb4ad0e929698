"""Mixed alphabets and invisible characters."""
from __future__ import annotations

from checker.config import Settings
from checker.engine import Engine
from checker.runner import check_text


def found(text, rule):
    engine = Engine(Settings(select=[rule]))
    return [(f.start, text[f.start:f.end], f.fix, f.fix_safe) for f in check_text(engine, text).findings]


def test_cyrillic_letter_in_a_latin_word():
    text = "Troops neared M\u043escow at dawn."
    assert found(text, "script.mixed") == [(text.index("M"), "M\u043escow", "Moscow", True)]


def test_message_names_the_letter_and_its_code_point():
    engine = Engine(Settings(select=["script.mixed"]))
    (f,) = check_text(engine, "The \u0399taly talks.").findings
    assert f.message == "“\u0399taly” mixes alphabets: “\u0399” (Greek, U+0399); write “Italy”."


def test_greek_omicron_and_several_cyrillic_letters():
    text = "Hell\u03bf w\u043er\u0445d"
    assert [fix for _, _, fix, _ in found(text, "script.mixed")] == ["Hello", "worxd"]


def test_latin_letter_in_a_cyrillic_word_gets_the_cyrillic_twin():
    text = "\u0433\u043e\u0440\u043e\u0434 \u041c\u006f\u0441\u043a\u0432\u0430"
    at = text.index("\u041c")
    assert found(text, "script.mixed") == [(at, text[at:], "\u041c\u043e\u0441\u043a\u0432\u0430", True)]


def test_whole_words_in_another_script_and_symbols_are_left_alone():
    text = ("The word \u043f\u0440\u0438\u0432\u0435\u0442 means hello; a 5 \u03bcm filter, "
            "a \u03b2-blocker, \u03b1\u03b2 testing and \u0391\u03b8\u03ae\u03bd\u03b1.")
    assert found(text, "script.mixed") == []


def test_zero_width_space_inside_a_word_is_deleted():
    text = "The Krem\u200blin said so."
    assert found(text, "script.invisible") == [(8, "\u200b", "", True)]
    engine = Engine(Settings(select=["script.invisible"]))
    assert check_text(engine, text).findings[0].message == (
        "Invisible zero width space (U+200B) inside a word; delete it.")


def test_runs_and_other_invisible_characters():
    text = "a\u2060\u200bb and c\ufeffd"
    assert found(text, "script.invisible") == [(1, "\u2060\u200b", "", True), (10, "\ufeff", "", True)]


def test_joiners_doing_real_work_are_left_alone():
    emoji = "\U0001F468\u200D\U0001F469\u200D\U0001F467"
    persian = "\u0645\u06cc\u200c\u062e\u0648\u0627\u0647\u0645"
    assert found(f"A family {emoji} and {persian}.", "script.invisible") == []
    assert found("\ufeffA file that starts with a byte-order mark.", "script.invisible") == []


def test_joiner_between_latin_letters_is_flagged():
    text = "zero\u200dwidth"
    assert found(text, "script.invisible") == [(4, "\u200d", "", True)]


def test_soft_hyphen_is_info():
    engine = Engine(Settings(select=["script.soft-hyphen"]))
    (f,) = check_text(engine, "inter\u00adnational").findings
    assert (f.severity, f.start, f.fix, f.fix_safe) == ("info", 5, "", True)
