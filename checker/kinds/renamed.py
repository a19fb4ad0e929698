"""`renamed`: a place under its old name and its new one in the same document
("Kiev"/"Kyiv", "Bombay"/"Mumbai"). Either is right somewhere (a house style, a
historical piece); both in one text is copy from several sources. Each group of names
(data: `groups`) is counted; only when two of its forms occur is anything flagged,
every use of the less frequent form, with the fix toward the form the document uses
most (ties: the first). Phrases in `keep` ("Chicken Kiev", "Peking duck") are fixed
names in their own right: neither counted nor flagged. The fix is a judgement about
the document (a history of Bombay may want both), so it is not safe.
"""
from __future__ import annotations

from collections import Counter
from functools import partial

from . import format_message, param
from ..finding import Finding
from ..patterns import OnFirstUse


def validate(rule) -> None:
    groups = param(rule, "groups", list)
    if not groups or not all(isinstance(g, list) and len(g) >= 2 and all(isinstance(n, str) and n.strip() for n in g)
                             for g in groups):
        raise rule.error("groups", "must be a list of groups, each a list of two or more names")
    seen: dict[str, int] = {}
    for index, group in enumerate(groups):
        for name in group:
            if seen.setdefault(name, index) != index:
                raise rule.error("groups", f"“{name}” is in two groups")
    keep = param(rule, "keep", list, required=False, default=[])
    if not all(isinstance(k, str) and k.strip() for k in keep):
        raise rule.error("keep", "must be a list of phrases")


def _alternation(names) -> str:
    import regex

    return "|".join(regex.escape(n).replace(r"\ ", r"\s+") for n in sorted(names, key=len, reverse=True))


# texts shorter than this are first looked at for two names of one group (see check)
SHORT_TEXT = 50_000


class RenamedCheck:
    def __init__(self, rules, settings):
        self.rules = []
        for rule in rules:
            group_of = {name: i for i, group in enumerate(rule.params["groups"]) for name in group}
            keep = rule.params.get("keep", [])
            # the `keep` phrases are compiled when first needed (see check): rarely
            kept = (EDGE_BEFORE + "(?:" + _alternation(keep) + ")" + EDGE_AFTER) if keep else None
            self.rules.append((rule, group_of, OnFirstUse(partial(_names_pattern, group_of)), kept,
                               OnFirstUse(partial(_first_words_pattern, group_of))))

    def check(self, doc):
        return self.conclude([self.gather(doc)])

    def gather(self, doc, low: int = 0, high: int | None = None, offset: int = 0) -> list[tuple]:
        """(rule index, start, end, name as the data writes it) of each use starting
        from `low` to `high` in `doc`, moved by `offset`, less those inside `keep`
        phrases: what `conclude` weighs, a window at a time for a long document
        (checker/windows.py)."""
        import regex

        prose = doc.prose
        whole = high is None
        high = len(prose) if high is None else high
        gathered = []
        for index, (rule, group_of, names, kept, first_words) in enumerate(self.rules):
            # a finding needs two names of one group in the text, each holding its
            # first word as written: a short text without them needs no pattern at all
            if whole and len(prose) < SHORT_TEXT and not _two_of_a_group(group_of, prose):
                continue
            uses = _uses(names.get(), first_words.get(), prose, low, high)
            # nothing to flag in a whole text unless a group has two forms; dropping
            # the uses inside `keep` phrases only removes forms, so that costlier scan
            # (its phrases are matched ignoring case) runs only when it can matter
            if not uses or (whole and (len(uses) < 2 or not _two_forms(uses, group_of))):
                continue
            if kept is not None:
                fixed = [(m.start(), m.end()) for m in regex.finditer(kept, prose, regex.IGNORECASE)]
                uses = [m for m in uses if not any(s <= m.start() and m.end() <= e for s, e in fixed)]
            gathered.extend((index, m.start() + offset, m.end() + offset, _canonical_spacing(m.group()))
                            for m in uses)
        return gathered

    def conclude(self, gathered: list[list[tuple]], doc=None):
        """Every use of a group's less frequent forms, toward the form the document uses
        most (ties: the first used), in document order."""
        by_group: dict[tuple, list] = {}
        for uses in gathered:
            for index, start, end, form in uses:
                group_of = self.rules[index][1]
                by_group.setdefault((index, group_of[form]), []).append((start, end, form))
        for (index, _), matches in sorted(by_group.items(), key=lambda item: item[0][0]):
            rule = self.rules[index][0]
            count = Counter(form for _, _, form in matches)
            if len(count) < 2:
                continue
            best = max(count.values())
            majority = next(form for _, _, form in matches if count[form] == best)  # ties: the first used
            counts = ", ".join(f"“{f}” {n}×" for f, n in count.items())
            for start, end, form in matches:
                if form == majority:
                    continue
                yield Finding(
                    rule=rule.id,
                    severity=rule.severity,
                    start=start,
                    end=end,
                    message=format_message(rule.message, rule, found=form, fix=majority, counts=counts),
                    replacements=(majority,),
                    fix_safe=rule.fix_safe,
                )


# a whole name, not part of a longer word or of a hyphenated one
EDGE_BEFORE, EDGE_AFTER = r"(?<![\p{L}\p{M}\p{N}\-])", r"(?![\p{L}\p{M}\p{N}]|-\p{L})"


def _names_pattern(group_of: dict):
    """A rule's pattern of every name, as whole names."""
    import regex

    return regex.compile(EDGE_BEFORE + "(?:" + _alternation(group_of) + ")" + EDGE_AFTER)


def _first_words_pattern(group_of: dict):
    """Every name's first word, as a plain `re` alternation: each match of the names'
    pattern starts with one, as written. None when a name has no first word to find."""
    import re

    firsts = {name.split(" ", 1)[0] for name in group_of}
    if "" in firsts:
        return None
    return re.compile("|".join(re.escape(w) for w in sorted(firsts, key=len, reverse=True)))


def _uses(names, first_words, prose: str, low: int, high: int) -> list:
    """The matches of `names.finditer(prose, low)` that start before `high` (the pattern
    looks past it), the pattern tried only where a name's first word starts: its
    look-behind comes first, so `regex` would try it at every position of the text
    (two thirds of this kind's time), where `re` skips in C from one first word to the
    next. The same matches: each starts at such a place, and they are tried in order."""
    if first_words is None:
        uses = []
        for m in names.finditer(prose, low):
            if m.start() >= high:
                break
            uses.append(m)
        return uses
    uses, at = [], low
    while True:
        place = first_words.search(prose, at)
        if place is None or place.start() >= high:
            return uses
        m = names.match(prose, place.start())
        if m is None:
            at = place.start() + 1  # (another first word may start inside this one)
        else:
            uses.append(m)
            at = max(m.end(), place.start() + 1)


def _two_of_a_group(group_of: dict, prose: str) -> bool:
    """Whether two names of one group may both be in `prose` (their first words are)."""
    seen: set[int] = set()
    for name, group in group_of.items():
        if name.split(" ", 1)[0] in prose:
            if group in seen:
                return True
            seen.add(group)
    return False


def _two_forms(uses, group_of: dict) -> bool:
    """Whether some group has two different forms among `uses`."""
    first_form: dict[int, str] = {}
    for m in uses:
        form = _canonical_spacing(m.group())
        if first_form.setdefault(group_of[form], form) != form:
            return True
    return False


def _canonical_spacing(name: str) -> str:
    """A multi-word name as the data writes it (one space), whatever spacing the text has."""
    return " ".join(name.split())


def compile(rules, settings):
    return RenamedCheck(rules, settings)
