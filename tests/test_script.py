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


def test_a_text_windows_1252_encodes_holds_no_cyrillic_or_greek():
    """What lets the check skip such a text without looking at each letter's script:
    no character that Windows-1252 encodes, nor the mask character, is either."""
    import regex

    from checker.document import MASK_CHAR
    from checker.kinds.script import OTHER_SCRIPT, _may_hold_another_script

    encodable = [b.decode("cp1252") for b in map(bytes, zip(range(256))) if _decodes(b)]
    assert len(encodable) == 251 and all(c.encode("cp1252") for c in encodable)  # the code page's characters
    other = regex.compile(OTHER_SCRIPT)
    assert not [c for c in encodable + [MASK_CHAR] if other.match(c)]
    assert not _may_hold_another_script("Plain “quoted” text — £5 " + MASK_CHAR * 3 + " café")
    assert _may_hold_another_script("Mоscow")  # a Cyrillic о
    assert _may_hold_another_script("μm")
    assert _may_hold_another_script("x\u2603")  # no letter of either, but not Windows-1252: looked at


def _decodes(byte: bytes) -> bool:
    try:
        byte.decode("cp1252")
    except UnicodeDecodeError:
        return False
    return True
