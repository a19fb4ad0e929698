"""`spelling`: British and American spellings of the same words mixed in one document
("defence" and "defense", "organise" and "realize"). The pairs are data
(checker/data/spelling_variants.tsv, tagged by the pattern that separates them). For
the patterns a style guide treats as one choice (-ise/-ize, -our/-or, ...) the whole
document is held to its majority across all words; every other pair is held to
consistency word by word. A capitalised word inside a sentence is a name ("Labour",
"Pearl Harbor") and is left alone. All of the minority spelling is flagged, with its
counterpart as the fix; a document consistent either way gets nothing.
"""
from __future__ import annotations

import sys
from dataclasses import dataclass, field

from . import format_message, param
from ..finding import Finding
from .words import data_lines, is_sentence_initial, match_case

DEFAULT_FILE = "spelling_variants.tsv"
VARIETY = {"uk": "British", "us": "American"}
PATTERN_LABEL = {"ise": "-ise/-ize", "yse": "-yse/-yze", "our": "-our/-or", "ce": "-ce/-se",
                 "ll": "-ll-/-l-", "re": "-re/-er", "ae": "ae/e", "ogue": "-ogue/-og"}


def validate(rule) -> None:
    for name in ("ignore", "patterns"):
        value = param(rule, name, list, required=False, default=[])
        if not all(isinstance(v, str) and v for v in value):
            raise rule.error(name, "must be a list of words")
    name = param(rule, "variants_file", str, required=False)
    if name is not None and not (rule.source.parent / name).is_file():
        raise rule.error("variants_file", f"no such file: {rule.source.parent / name}")


def load_pairs(rule) -> list[tuple[str, str, str]]:
    name = rule.params.get("variants_file")
    if name is None:
        rows = data_lines(DEFAULT_FILE)
    else:
        text = (rule.source.parent / name).read_text(encoding="utf-8")
        rows = [tuple(l.split("\t")) for l in text.splitlines() if l and not l.startswith("#")]
    ignore = {w.lower() for w in rule.params.get("ignore", [])}
    pairs = []
    for row in rows:
        uk, us = row[0].lower(), row[1].lower()
        if uk not in ignore and us not in ignore:
            pairs.append((uk, us, row[2] if len(row) > 2 else "word"))
    return pairs


@dataclass
class _Group:
    uses: dict = field(default_factory=lambda: {"uk": [], "us": []})
    first: str | None = None


class SpellingCheck:
    def __init__(self, rules, settings):
        import ahocorasick

        self.automaton = ahocorasick.Automaton()
        seen: dict[str, tuple | None] = {}
        for rule in rules:
            systematic = set(rule.params.get("patterns", []))
            for uk, us, pattern in load_pairs(rule):
                group = pattern if pattern in systematic else f"word:{uk}"
                for word, side, other in ((uk, "uk", us), (us, "us", uk)):
                    entry = (rule, group, pattern, side, other, len(word))
                    # a form that is British in one pair and American in another says nothing
                    seen[word] = None if word in seen and seen[word][3] != side else seen.get(word, entry)
        for word, entry in seen.items():
            if entry is not None:
                self.automaton.add_word(word, entry)
        self.empty = len(self.automaton) == 0
        if not self.empty:
            self.automaton.make_automaton()

    def check(self, doc):
        return self.conclude([self.gather(doc)])

    def gather(self, doc, low: int = 0, high: int | None = None, offset: int = 0) -> tuple:
        """(entries, offsets, found) of the spellings that some group counts, those
        starting from `low` to `high` in `doc`, offsets moved by `offset` (a window's
        place in its whole document): each use's automaton entry (shared), offset and
        spelling as written (interned). What `conclude` weighs, compact, gathered a
        window at a time (checker/windows.py)."""
        from ..windows import offsets

        entries, at, spelled = [], offsets(offset + len(doc.text)), []
        if self.empty:
            return entries, at, spelled
        from .phrase import automaton_matches  # a long text a chunk at a time

        folded, prose = doc.folded, doc.prose
        text = folded.text
        high = len(prose) if high is None else high
        for end_index, entry in automaton_matches(self.automaton, text):
            length = entry[5]
            start, end = end_index + 1 - length, end_index + 1
            if (start > 0 and text[start - 1].isalnum()) or (end < len(text) and text[end].isalnum()):
                continue
            ostart = folded.to_original(start)
            if not low <= ostart < high:
                continue
            found = prose[ostart:ostart + length]
            if found[:1].isupper() and not is_sentence_initial(prose, ostart):
                continue  # a name: "Labour Party", "Pearl Harbor"
            entries.append(entry)
            at.append(ostart + offset)
            spelled.append(sys.intern(found))
        return entries, at, spelled

    def conclude(self, gathered: list[tuple], doc=None):
        """Findings from the spellings `gather` found, in document order: each group's
        minority spelling, toward its majority (ties: the first written)."""
        groups: dict[tuple, _Group] = {}
        for entries, at, spelled in gathered:
            for entry, ostart, found in zip(entries, at, spelled):
                rule, group_name, pattern, side, other, length = entry
                group = groups.setdefault((rule.id, group_name), _Group())
                group.uses[side].append((ostart, ostart + length, found, other, rule, pattern))
                group.first = group.first or side
        for (_, group_name), group in groups.items():
            uk, us = group.uses["uk"], group.uses["us"]
            if not uk or not us:
                continue
            majority = "uk" if len(uk) > len(us) else "us" if len(us) > len(uk) else group.first
            minority = "us" if majority == "uk" else "uk"
            for start, end, found, other, rule, pattern in group.uses[minority]:
                fix = match_case(other, found)
                counts = f"{len(uk)} British, {len(us)} American"
                if not group_name.startswith("word:"):
                    counts = f"{PATTERN_LABEL.get(pattern, pattern)}: {counts}"
                yield Finding(
                    rule=rule.id,
                    severity=rule.severity,
                    start=start,
                    end=end,
                    message=format_message(
                        rule.message, rule, found=found, fix=fix, variety=VARIETY[minority],
                        majority=VARIETY[majority], counts=counts,
                    ),
                    replacements=(fix,),
                    fix_safe=rule.fix_safe,
                )


def compile(rules, settings):
    return SpellingCheck(rules, settings)
