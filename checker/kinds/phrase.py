"""`phrase`: literal phrases mapped to replacements, from every rule compiled into
one Aho-Corasick automaton, so a run costs time in proportion to the text whatever
the number of phrases. Matching ignores case and line wrapping, and respects word
boundaries; a replacement keeps the capitalisation of the matched text.
"""
from __future__ import annotations

import csv
from pathlib import Path

from . import format_message, param
from ..finding import Finding


def validate(rule) -> None:
    phrases = param(rule, "phrases", (dict, list), required=False)
    phrases_file = param(rule, "phrases_file", str, required=False)
    if phrases is None and phrases_file is None:
        raise rule.error("phrases", "missing (or give 'phrases_file')")
    if phrases_file is not None and not (rule.source.parent / phrases_file).is_file():
        raise rule.error("phrases_file", f"no such file: {rule.source.parent / phrases_file}")
    if isinstance(phrases, list) and not all(isinstance(p, str) and p.strip() for p in phrases):
        raise rule.error("phrases", "must list non-empty strings")
    if isinstance(phrases, dict):
        for key, value in phrases.items():
            if not isinstance(key, str) or not key.strip():
                raise rule.error("phrases", f"phrase {key!r} must be a non-empty string")
            if value is not None and not isinstance(value, (str, list)):
                raise rule.error("phrases", f"replacement of {key!r} must be a string or a list")


def phrase_table(rule) -> dict[str, tuple[str, ...]]:
    """phrase -> replacements, from the rule's `phrases` and `phrases_file` (TSV)."""
    table: dict[str, tuple[str, ...]] = {}
    phrases = rule.params.get("phrases") or {}
    if isinstance(phrases, list):
        phrases = {p: None for p in phrases}
    for key, value in phrases.items():
        if value is None:
            value = ()
        table[key] = (value,) if isinstance(value, str) else tuple(value)
    if rule.params.get("phrases_file"):
        path = Path(rule.source.parent / rule.params["phrases_file"])
        with path.open(encoding="utf-8", newline="") as handle:
            for row in csv.reader(handle, delimiter="\t"):
                if row and row[0].strip() and not row[0].startswith("#"):
                    table[row[0]] = tuple(r for r in row[1:] if r)
    return table


def normalise(phrase: str) -> str:
    return " ".join(phrase.lower().split())


def match_case(replacement: str, original: str) -> str:
    """Carry the matched text's capitalisation over to its replacement."""
    if original.isupper() and len(original) > 1:
        return replacement.upper()
    if original[:1].isupper() and replacement[:1].islower():
        return replacement[:1].upper() + replacement[1:]
    return replacement


class PhraseCheck:
    def __init__(self, rules, settings):
        import ahocorasick

        self.automaton = ahocorasick.Automaton()
        for rule in rules:
            for phrase, replacements in phrase_table(rule).items():
                key = normalise(phrase)
                # a phrase in two rules: the first rule loaded keeps it
                if key not in self.automaton:
                    self.automaton.add_word(key, (rule, phrase, replacements, len(key)))
        self.empty = len(self.automaton) == 0
        if not self.empty:
            self.automaton.make_automaton()

    def check(self, doc):
        if self.empty:
            return
        folded = doc.folded
        text = folded.text
        for end_index, (rule, phrase, replacements, length) in self.automaton.iter(text):
            start = end_index + 1 - length
            end = end_index + 1
            if start > 0 and (text[start - 1].isalnum() or text[start - 1] == "_"):
                continue
            if end < len(text) and (text[end].isalnum() or text[end] == "_"):
                continue
            ostart, oend = folded.to_original(start), folded.to_original(end)
            matched = doc.text[ostart:oend]
            fixes = tuple(match_case(r, matched) for r in replacements)
            yield Finding(
                rule=rule.id,
                severity=rule.severity,
                start=ostart,
                end=oend,
                message=format_message(
                    rule.message, rule, phrase=matched, replacement=fixes[0] if fixes else ""
                ),
                replacements=fixes,
                fix_safe=rule.fix_safe and bool(fixes),
            )


def compile(rules, settings):
    return PhraseCheck(rules, settings)
