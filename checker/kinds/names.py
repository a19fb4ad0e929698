"""`names`: one proper noun spelled two ways in a document ("Zelensky"/"Zelenskyy",
"Lukashenko"/"Lukashenka"). Found without a list of names: capitalised words that
stand inside a sentence somewhere in the document (so they are names, not just
sentence-initial words), long enough, and one edit apart (a letter added, dropped,
changed, or two neighbours swapped). Pairs are excused when one is the other plus an
ending that makes a different word ("Russia"/"Russian", "Bennet"/"Bennets"), when each
goes with its own other names and never with the other's ("Kin Cheung", "Wei Cheng":
two people), or when
both are ordinary frequent words that happen to look alike ("Johnson"/"Johnston";
checker/data/close_words.txt.gz, loaded only when such a pair turns up). The fix is
the form the document uses most (ties: the first one), and it is a guess, so not safe.

Transliteration puts a name further apart than one edit ("Dmitriy"/"Dmitrii",
"Khodorkovsky"/"Hodorkovsky", "Qaddafi"/"Gaddafi"). The rule's `transliterations`
(data: ordered regular-expression rewrites of the lower-cased name, such as
`kh` -> `h` or a final `iy`/`ii` -> `y`) fold each name to a key, and names with the
same key are one group too, excused on the same evidence as above (never inside a
sentence, their own other names, two ordinary words).
"""
from __future__ import annotations

import sys
from array import array
from collections import Counter, defaultdict

from . import format_message, param
from ..finding import Finding
from .words import data_lines, is_sentence_initial

NAME = r"(?<![\p{L}\p{M}\p{N}'’\-])\p{Lu}\p{Ll}*(?:\p{Lu}\p{Ll}+)*\p{Ll}(?![\p{L}\p{M}\p{N}]|[’'\-]\p{L}{2})"
CLOSE_WORDS_FILE = "close_words.txt.gz"
# Words before or beside a name that say nothing about which person it is.
TITLES = frozenset("""mr mrs ms mx dr st sir dame lady lord president minister prime general
    king queen prince princess pope saint mister madam professor prof judge senator
    governor chancellor mayor colonel captain lieutenant sergeant father sister brother
    uncle aunt miss master rev reverend""".split())


def validate(rule) -> None:
    length = param(rule, "min_length", int, required=False, default=5)
    if length < 3:
        raise rule.error("min_length", "must be 3 or more")
    endings = param(rule, "endings", list, required=False, default=[])
    if not all(isinstance(e, str) and e for e in endings):
        raise rule.error("endings", "must be a list of letters")
    param(rule, "confidence", float, required=False)
    folds = param(rule, "transliterations", list, required=False, default=[])
    if not all(isinstance(f, list) and len(f) == 2 and all(isinstance(x, str) for x in f) for f in folds):
        raise rule.error("transliterations", "must be a list of [pattern, replacement] pairs")
    try:
        compile_folds(folds)
    except Exception as exc:  # regex.error, or a bad group reference in a replacement
        raise rule.error("transliterations", f"invalid rewrite: {exc}") from None
    length = param(rule, "transliteration_min_length", int, required=False, default=4)
    if length < 3:
        raise rule.error("transliteration_min_length", "must be 3 or more")


def compile_folds(folds: list[list[str]]) -> list:
    """The rewrites as (compiled pattern, replacement); each is tried on a sample
    name, so a bad group reference is found when the pack loads."""
    import regex

    compiled = [(regex.compile(pattern), replacement) for pattern, replacement in folds]
    for pattern, replacement in compiled:
        pattern.sub(replacement, "dmitriy")
    # a rewrite of plain letters into plain text is str.replace: the same result,
    # without the regular expression's set-up for each of thousands of short names
    return [(_Letters(pattern.pattern) if _plain(pattern.pattern) and _plain(replacement) else pattern, replacement)
            for pattern, replacement in compiled]


def _plain(text: str) -> bool:
    return text.isascii() and text.isalpha()


class _Letters:
    """A rewrite's pattern that is plain ASCII letters (case kept): `sub` as str.replace."""

    __slots__ = ("letters",)

    def __init__(self, letters: str):
        self.letters = letters

    def sub(self, replacement: str, text: str) -> str:
        return text.replace(self.letters, replacement)


def fold(name: str, folds: list) -> str:
    """The key a name's transliterations share: lower-cased, then every rewrite in order."""
    key = name.lower()
    for pattern, replacement in folds:
        key = pattern.sub(replacement, key)
    return key


def one_edit_apart(a: str, b: str) -> bool:
    """Optimal-string-alignment distance 1: one insertion, deletion, substitution or swap."""
    if a == b or abs(len(a) - len(b)) > 1:
        return False
    if len(a) == len(b):
        diff = [i for i in range(len(a)) if a[i] != b[i]]
        if len(diff) == 1:
            return True
        return len(diff) == 2 and diff[1] == diff[0] + 1 and a[diff[0]] == b[diff[1]] and a[diff[1]] == b[diff[0]]
    short, long_ = (a, b) if len(a) < len(b) else (b, a)
    i = 0
    while i < len(short) and short[i] == long_[i]:
        i += 1
    return short[i:] == long_[i + 1:]


VOWELS = set("aeiouyAEIOUY")


def plausible_variant(a: str, b: str) -> bool:
    """One-edit pairs that transliteration and typing produce: a doubled or dropped
    double letter ("Zelensky"/"Zelenskyy"), an added or dropped vowel or h, a vowel
    for a vowel ("Lukashenko"/"Lukashenka"), a letter's case ("MacDonald"/"Macdonald"),
    two letters swapped. A different first
    letter or one consonant for another ("Moran"/"Doran", "Stoner"/"Stoper") makes a
    different name far more often than a variant."""
    if a[0] != b[0]:
        return False
    if len(a) == len(b):
        diff = [i for i in range(len(a)) if a[i] != b[i]]
        if len(diff) == 2:
            return True  # a swap
        i = diff[0]
        return (a[i] in VOWELS and b[i] in VOWELS) or a[i].lower() == b[i].lower()
    short, long_ = (a, b) if len(a) < len(b) else (b, a)
    i = 0
    while i < len(short) and short[i] == long_[i]:
        i += 1
    extra = long_[i]
    doubled = (i > 0 and long_[i - 1] == extra) or (i + 1 < len(long_) and long_[i + 1] == extra)
    return doubled or extra in VOWELS or extra in "hH"


class _Near:
    """The prose around a place in the document: the whole prose when it is built, else
    a stretch of it around the place (a long document concluded after its windows,
    whose places are read as a window would read them: checker/windows.py)."""

    def __init__(self, doc):
        self.doc = doc
        self.whole = "prose" in doc.__dict__ or len(doc.text) < _windows().WINDOWED_FROM

    def around(self, start: int, end: int) -> tuple[str, int]:
        """(prose holding [start, end) and what lies near it, the offset of its first character)."""
        if self.whole:
            return self.doc.prose, 0
        near = _windows().CONTEXT_CHARACTERS
        first = max(0, start - near)
        return self.doc.prose_between(first, end + near), first


def _windows():
    from .. import windows

    return windows


class _Inside(dict):
    """name -> whether it stands inside a sentence at least once, worked out on demand."""

    def __init__(self, near: _Near, uses: dict):
        super().__init__()
        self.near, self.uses = near, uses

    def __missing__(self, word: str) -> bool:
        value = False
        for start in self.uses.get(word, ()):
            prose, shift = self.near.around(start, start + len(word))
            if not is_sentence_initial(prose, start - shift):
                value = True
                break
        self[word] = value
        return value


class _Neighbours(dict):
    """name -> the other names written next to it (one space apart, titles left out),
    worked out only for the few names that form a pair."""

    def __init__(self, pattern, near: _Near, uses: dict):
        super().__init__()
        self.pattern, self.near, self.uses = pattern, near, uses

    def __missing__(self, word: str) -> set[str]:
        found = set()
        for at in self.uses.get(word, ()):
            prose, shift = self.near.around(at, at + len(word))
            start = at - shift
            end = start + len(word)
            if end + 1 < len(prose) and prose[end] in " \u00a0":
                after = self.pattern.match(prose, end + 1)
                if after and after.group().lower() not in TITLES:
                    found.add(after.group())
            if start > 1 and prose[start - 1] in " \u00a0":
                j = start - 1
                while j > 0 and prose[j - 1].isalpha():
                    j -= 1
                before = self.pattern.match(prose, j)
                if before and before.end() == start - 1 and before.group().lower() not in TITLES:
                    found.add(before.group())
        self[word] = found
        return found


def _close_words() -> frozenset[str]:
    return frozenset(row[0] for row in data_lines(CLOSE_WORDS_FILE))


class NameCheck:
    def __init__(self, rules, settings):
        import regex

        self.pattern = regex.compile(NAME)
        self.rules = rules
        # no rule pairs a name shorter than this: such names are not even gathered
        self.shortest = min((min(r.params.get("min_length", 5), r.params.get("transliteration_min_length", 4))
                             for r in rules), default=0)
        self._dictionary = None
        self._compiled_folds: dict[str, list] = {}

    def dictionary(self) -> frozenset[str]:
        if self._dictionary is None:
            self._dictionary = _close_words()
        return self._dictionary

    def check(self, doc):
        return self.conclude([self.gather(doc)], doc)

    def gather(self, doc, low: int = 0, high: int | None = None, offset: int = 0) -> tuple:
        """(names, counts, offsets): the names starting from `low` to `high` in `doc` in
        the order first met (interned: the windows of a long document share them), how
        many uses each has, and the offsets of those uses moved by `offset`, name by
        name. Compact, since a long document has hundreds of thousands of uses: what
        `conclude` weighs, a window at a time for a long document (checker/windows.py)."""
        from ..windows import offsets

        prose = doc.prose
        high = len(prose) if high is None else high
        uses: dict[str, list[int]] = {}
        shortest = self.shortest
        for m in self.pattern.finditer(prose, low):  # the pattern looks past `high`
            if m.start() >= high:
                break
            if m.end() - m.start() >= shortest:
                uses.setdefault(m.group(), []).append(m.start() + offset)
        at = offsets(offset + len(prose))
        for found in uses.values():
            at.extend(found)
        return tuple(map(sys.intern, uses)), array("I", map(len, uses.values())), at

    def conclude(self, gathered: list[tuple], doc):
        """The findings: each group's other spellings toward its most used, reading
        the prose of `doc` around the uses of the names that form pairs."""
        uses: dict[str, array] = {}
        for names, counts, at in gathered:
            k = 0
            for name, count in zip(names, counts):
                found = uses.get(name)
                if found is None:
                    found = uses[name] = array(at.typecode)
                found.extend(at[k:k + count])
                k += count
        near = _Near(doc)
        inside = _Inside(near, uses)
        neighbours = _Neighbours(self.pattern, near, uses)
        for rule in self.rules:
            yield from self._check_rule(rule, uses, inside, neighbours)

    def _check_rule(self, rule, uses, inside, neighbours):
        min_length = rule.params.get("min_length", 5)
        endings = tuple(rule.params.get("endings", []))
        names = [w for w in uses if len(w) >= min_length]
        by_deletion: dict[str, list[str]] = defaultdict(list)
        for w in names:
            by_deletion[w].append(w)
            for i in range(len(w)):
                by_deletion[w[:i] + w[i + 1:]].append(w)
        parent = {}

        def root(w):
            while parent.get(w, w) != w:
                w = parent[w]
            return w

        for group in by_deletion.values():
            for i, a in enumerate(group):
                for b in group[i + 1:]:
                    if a != b and one_edit_apart(a, b) and not self._excused(a, b, endings, neighbours, inside):
                        parent[root(a)] = root(b)
        min_fold = rule.params.get("transliteration_min_length", 4)
        # two names long enough to fold are needed to join any: else the rewrites are
        # not even compiled (most short texts)
        folds = self._folds(rule) if sum(len(w) >= min_fold for w in uses) >= 2 else []
        if folds:
            by_key: dict[str, list[str]] = defaultdict(list)
            for w in uses:
                if len(w) >= min_fold:
                    by_key[fold(w, folds)].append(w)
            for group in by_key.values():
                for i, a in enumerate(group):
                    for b in group[i + 1:]:
                        if root(a) != root(b) and not self._excused_fold(a, b, neighbours, inside):
                            parent[root(a)] = root(b)
        swapped = set(names)
        for w in names:
            for i in range(len(w) - 1):
                s = w[:i] + w[i + 1] + w[i] + w[i + 2:]
                if s != w and s in swapped and not self._excused(w, s, endings, neighbours, inside):
                    parent[root(w)] = root(s)
        components: dict[str, list[str]] = defaultdict(list)
        for w in parent:
            components[root(w)].append(w)
        for r in list(components):
            if r not in components[r]:
                components[r].append(r)
        for members in components.values():
            count = Counter({w: len(uses[w]) for w in members})
            first = min(members, key=lambda w: uses[w][0])
            best = max(count.values())
            leaders = [w for w in members if count[w] == best]
            canonical = first if first in leaders else min(leaders, key=lambda w: uses[w][0])
            others = ", ".join(f"“{w}” {count[w]}×" for w in sorted(members, key=lambda w: uses[w][0]))
            for w in members:
                if w == canonical:
                    continue
                for start in uses[w]:
                    yield Finding(
                        rule=rule.id,
                        severity=rule.severity,
                        start=start,
                        end=start + len(w),
                        message=format_message(rule.message, rule, found=w, fix=canonical, counts=others),
                        replacements=(canonical,),
                        fix_safe=rule.fix_safe,
                        confidence=rule.params.get("confidence", 0.7),
                    )

    def _folds(self, rule) -> list:
        if rule.id not in self._compiled_folds:
            self._compiled_folds[rule.id] = compile_folds(rule.params.get("transliterations", []))
        return self._compiled_folds[rule.id]

    def _excused_fold(self, a: str, b: str, neighbours, inside) -> bool:
        """Two names that fold together are one name unless the document says otherwise."""
        if not (inside[a] and inside[b]):
            return True
        if neighbours[a] and neighbours[b] and not neighbours[a] & neighbours[b]:
            return True  # "Sadiq Khan" and "Han Kang": each with its own other names
        if a.lower() == b.lower():
            return False
        dictionary = self.dictionary()
        return a.lower() in dictionary and b.lower() in dictionary

    def _excused(self, a: str, b: str, endings: tuple[str, ...], neighbours, inside) -> bool:
        if not (inside[a] and inside[b]):
            return True  # only ever at the start of a sentence: no evidence of a name
        short, long_ = (a, b) if len(a) < len(b) else (b, a)
        if len(long_) > len(short) and long_.startswith(short) and long_[len(short):] in endings:
            return True
        if not plausible_variant(a, b):
            return True
        if neighbours[a] and neighbours[b] and not neighbours[a] & neighbours[b]:
            return True  # "Kin Cheung" and "Wei Cheng": each with its own other names
        if a.lower() == b.lower():
            return False  # the same word in two cases
        dictionary = self.dictionary()
        return a.lower() in dictionary and b.lower() in dictionary


def compile(rules, settings):
    return NameCheck(rules, settings)
