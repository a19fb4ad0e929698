"""`script`: a word that mixes alphabets: a Cyrillic "о" in "Mоscow", a Greek omicron
in "Ρaris". It looks right and is wrong: search, sorting and spell checking fail on it.
It comes from OCR, from keyboards switched mid-word and from deliberate spoofing.

Only look-alike letters are flagged (a Cyrillic letter that has a Latin twin in a
mostly Latin word, or the reverse in a mostly Cyrillic word), and the fix is the twin,
which is certain. Letters with no twin in the word's main script ("μm", "β-blocker")
are symbols used on purpose and are left alone, and so are whole words in another
script (a Russian word in Cyrillic).
"""
from __future__ import annotations

import unicodedata

from . import format_message
from ..finding import Finding

# Look-alikes: (other script's letter, Latin letter). Facts from the Unicode charts.
CYRILLIC_LATIN = dict(zip(
    "аеорсухѕіјԁһӏԛԝАВЕКМНОРСТХЅІЈУ",
    "aeopcyxsijdhlqwABEKMHOPCTXSIJY",
))
GREEK_LATIN = dict(zip(
    "ΑΒΕΖΗΙΚΜΝΟΡΤΥΧοινρυκα",
    "ABEZHIKMNOPTYXoivpuka",
))
LATIN_CYRILLIC = {latin: cyr for cyr, latin in CYRILLIC_LATIN.items()}
OTHER_SCRIPT = r"[\p{Cyrillic}\p{Greek}]"
# the mask character (checker/document.py) is let through when a text is asked below
# whether it may hold another script: masked text is no letter of any script
_MASK_ONLY = "copylint.mask-only"
WORD = r"[\p{L}\p{M}]+"


def validate(rule) -> None:
    pass


def script_of(char: str) -> str:
    name = unicodedata.name(char, "")
    for script in ("LATIN", "CYRILLIC", "GREEK"):
        if name.startswith(script):
            return script
    return "OTHER"


def repair(word: str) -> tuple[str, list[str]] | None:
    """(fixed word, the look-alike letters replaced), or None when the word is not one
    script with look-alike intruders."""
    scripts = [script_of(c) for c in word if c.isalpha()]
    latin = scripts.count("LATIN")
    cyrillic = scripts.count("CYRILLIC")
    greek = scripts.count("GREEK")
    if not latin or not (cyrillic or greek) or "OTHER" in scripts:
        return None
    if latin >= cyrillic + greek:
        table = {**CYRILLIC_LATIN, **GREEK_LATIN}
        intruders = [c for c in word if c.isalpha() and script_of(c) != "LATIN"]
    elif cyrillic and not greek:
        table = LATIN_CYRILLIC
        intruders = [c for c in word if c.isalpha() and script_of(c) == "LATIN"]
    else:
        return None
    if not all(c in table for c in intruders):
        return None
    return "".join(table.get(c, c) if c in intruders else c for c in word), intruders


class ScriptCheck:
    # checked a window at a time (checker/windows.py): each word is judged alone
    scope = "local"

    def __init__(self, rules, settings):
        import regex

        self.rules = rules
        self.other = regex.compile(OTHER_SCRIPT)
        self.word = regex.compile(WORD)

    def check(self, doc):
        prose = doc.prose
        if not _may_hold_another_script(prose):
            return
        done = -1
        for m in self.other.finditer(prose):
            if m.start() < done:
                continue
            start = m.start()
            while start > 0 and (prose[start - 1].isalpha() or unicodedata.category(prose[start - 1]).startswith("M")):
                start -= 1
            word_match = self.word.match(prose, start)
            done = word_match.end()
            word = word_match.group()
            repaired = repair(word)
            if repaired is None:
                continue
            fixed, intruders = repaired
            letters = ", ".join(
                f"“{c}” ({unicodedata.name(c).split()[0].title()}, U+{ord(c):04X})" for c in dict.fromkeys(intruders)
            )
            for rule in self.rules:
                yield Finding(
                    rule=rule.id,
                    severity=rule.severity,
                    start=start,
                    end=done,
                    message=format_message(rule.message, rule, found=word, fix=fixed, letters=letters),
                    replacements=(fixed,),
                    fix_safe=rule.fix_safe,
                )


def _may_hold_another_script(prose: str) -> bool:
    """False when every character of `prose` is one that Windows-1252 encodes (ASCII,
    Latin-1, typographic quotes and dashes) or the mask character: none of them is
    Cyrillic or Greek (tests/test_script.py checks each). Encoding is one pass in C,
    a quarter of the time `regex` takes to look up every character's script."""
    import codecs

    try:
        codecs.lookup_error(_MASK_ONLY)
    except LookupError:
        codecs.register_error(_MASK_ONLY, _mask_only)
    try:
        for at in range(0, len(prose), _ENCODED_AT_ONCE):  # a piece at a time: no copy of a long text
            prose[at:at + _ENCODED_AT_ONCE].encode("cp1252", errors=_MASK_ONLY)
    except UnicodeEncodeError:
        return True
    return False


_ENCODED_AT_ONCE = 1 << 16


def _mask_only(error: UnicodeEncodeError):
    """An encoding error handler that lets the mask character through, and nothing else."""
    from ..document import MASK_CHAR

    if error.object[error.start:error.end].strip(MASK_CHAR):
        raise error
    return "?" * (error.end - error.start), error.end


def compile(rules, settings):
    return ScriptCheck(rules, settings)
