"""The boilerplate kind's one pass over a long text on google-re2: several times faster
than the `regex` module, to compile and to run, but its `\\s`, `\\w`, `\\d`, `\\b` and
case folding are not `regex`'s. So a line pattern is not run on re2 as it is: it is
translated to a pattern that matches every line the original matches, and maybe more
(a superset). The pass only says at which line starts some rule may match; each rule's
own `regex` pattern then decides there, so the findings are those of `regex` alone.

The translation knows a small grammar (what the shipped lines use) and refuses the
rest, so that a line it cannot prove stays on `regex`:

- a literal character of `PROVEN_CHARACTERS`, matched case ignored as `regex` matches
  it (tests/test_boilerplate_prefilter.py compares both engines on every code point);
- `\\s`, `\\d`, `\\w` as classes at least as wide as `regex`'s (same test); `\\S`,
  `\\D`, `\\W` are re2's ASCII ones, wider than `regex`'s Unicode ones;
- `\\b` and `\\B` dropped (without an assertion a pattern matches more);
- `{m,n}` as `*` (m = 0) or `+` (m >= 1): a counted repetition is what makes re2's
  compile slow (five times slower with them);
- groups, alternation, `?`, `*`, `+` (and their lazy forms), `.`, and classes of the
  above; a negated class only of characters that no case folding touches.
"""
from __future__ import annotations

import re

from ..byte_scan import CharacterOffsets
from ..patterns import re2_compiled

# Characters a literal may be: printable ASCII, tab, line feed, and the non-ASCII ones
# the shipped lines name. Case ignored, re2 matches each as `regex` does, except "i"
# and "I", which `regex` also matches to "İ" and "ı" (`_WIDER`).
PROVEN_CHARACTERS = frozenset(chr(c) for c in range(0x20, 0x7F)) | frozenset("\t\n…·•©»›→’“”")
_WIDER = {"i": "iIİı", "I": "iIİı"}

# `regex`'s classes, widened: \s as its Unicode White_Space list; \d and \w as their
# ASCII members and every non-ASCII character (a list of Unicode letters or digits
# would tie the proof to both engines' Unicode versions, which differ)
_ANY_NON_ASCII = r"\x{80}-\x{10ffff}"
_CLASS_ITEMS = {
    "s": r"\t-\r \x{85}\x{a0}\x{1680}\x{2000}-\x{200a}\x{2028}\x{2029}\x{202f}\x{205f}\x{3000}",
    "d": r"0-9" + _ANY_NON_ASCII,
    "w": r"0-9A-Za-z_" + _ANY_NON_ASCII,
    "S": r"\S", "D": r"\D", "W": r"\W",
}
_ESCAPED_CONTROLS = {"n": "\n", "t": "\t"}
_PUNCTUATION = frozenset(r"""!"#%&',-./:;<=>@_`~$()*+?[\]^{|}""")
_PLAIN = re.compile(r"[A-Za-z0-9 ]+")  # spelled as they are, but "i" (widened)
_PLAIN_WIDENED = {ord(c): f"[{members}]" for c, members in _WIDER.items()}
_COUNTED = re.compile(r"\{(\d*)(,?)(\d*)\}")
_MAX_RANGE = 128  # a class's range: every character in it must be proven


class Untranslatable(Exception):
    """A construct the translation does not know, or cannot prove a superset for."""


def translate(source: str) -> str | None:
    """A re2 pattern matching, case ignored, at least what `source` matches on `regex`
    (case ignored, on text without CR); None when that cannot be proved."""
    try:
        return _Translation(source).run()
    except Untranslatable:
        return None


def prefilter_source(translated: list[str | None]) -> str | None:
    """One re2 pattern for whole lines of any of the `translated` bodies, as
    `line_pattern` makes them (white space around allowed); None when a body did not
    translate (None among them)."""
    if not translated or None in translated:
        return None
    return r"(?mi)^[ \t]*(?:" + "|".join(f"(?:{t})" for t in translated) + r")[ \t]*$"


def _literal(c: str) -> str:
    """`c` as a member of a re2 class (with the characters `regex` also takes for it)."""
    if c not in PROVEN_CHARACTERS:
        raise Untranslatable(c)
    return "".join(_spelled(x) for x in _WIDER.get(c, c))


def _spelled(c: str) -> str:
    """`c` in re2's syntax: ASCII punctuation escaped, control characters as codes."""
    if not c.isprintable():
        return rf"\x{{{ord(c):x}}}"
    return "\\" + c if c.isascii() and not c.isalnum() and c != " " else c


class _Translation:
    """One pass over a pattern's source, emitting the re2 source."""

    def __init__(self, source: str):
        self.source, self.i, self.out = source, 0, []
        self.depth = 0
        self.after_atom = False  # whether a quantifier may follow

    def run(self) -> str:
        while self.i < len(self.source):
            self._step()
        if self.depth:
            raise Untranslatable("unbalanced group")
        return "".join(self.out)

    def _take(self) -> str:
        c = self.source[self.i]
        self.i += 1
        return c

    def _emit(self, text: str, atom: bool) -> None:
        self.out.append(text)
        self.after_atom = atom

    def _step(self) -> None:
        plain = _PLAIN.match(self.source, self.i)
        if plain:  # a run of letters at once (a quantifier after it takes its last, on both engines)
            self.i = plain.end()
            self._emit(plain.group().translate(_PLAIN_WIDENED), atom=True)
            return
        c = self._take()
        if c == "\\":
            self._escape()
        elif c == "[":
            self._emit(self._class(), atom=True)
        elif c == "(":
            self._group()
        elif c == ")":
            if not self.depth:
                raise Untranslatable("unbalanced group")
            self.depth -= 1
            self._emit(")", atom=True)
        elif c == "|":
            self._emit("|", atom=False)
        elif c == ".":
            self._emit(".", atom=True)
        elif c in "?*+":
            self._quantifier(c)
        elif c == "{":
            self._counted()
        elif c in "^$]}":
            raise Untranslatable(c)
        else:
            self._emit(self._one_of(c), atom=True)

    @staticmethod
    def _one_of(c: str) -> str:
        literal = _literal(c)
        return f"[{literal}]" if len(_WIDER.get(c, c)) > 1 else literal

    def _escape(self) -> None:
        if self.i >= len(self.source):
            raise Untranslatable("trailing backslash")
        c = self._take()
        if c in "bB":
            self._emit("", atom=False)  # an assertion dropped
        elif c in _CLASS_ITEMS:
            self._emit(f"[{_CLASS_ITEMS[c]}]", atom=True)
        elif c in _ESCAPED_CONTROLS:
            self._emit(_literal(_ESCAPED_CONTROLS[c]), atom=True)
        elif c in _PUNCTUATION:
            self._emit(self._one_of(c), atom=True)
        else:
            raise Untranslatable("\\" + c)

    def _group(self) -> None:
        if self.source.startswith("?:", self.i):
            self.i += 2
        elif self.source.startswith("?P<", self.i):
            end = self.source.find(">", self.i)
            if end < 0 or not self.source[self.i + 3:end].isidentifier():
                raise Untranslatable("group name")
            self.i = end + 1
        elif self.source.startswith("?", self.i):
            raise Untranslatable("(?")
        self.depth += 1
        self._emit("(?:", atom=False)

    def _quantifier(self, c: str) -> None:
        if not self.after_atom:
            raise Untranslatable("quantifier of nothing")
        self._emit(c + self._lazy(), atom=False)

    def _lazy(self) -> str:
        """A lazy quantifier's `?` (kept: it matches the same lines); a possessive `+` is refused."""
        if self.source.startswith("?", self.i):
            self.i += 1
            return "?"
        if self.source.startswith("+", self.i):
            raise Untranslatable("possessive quantifier")
        return ""

    def _counted(self) -> None:
        m = _COUNTED.match(self.source, self.i - 1)
        if not m or not self.after_atom or not (m.group(1) or m.group(3)):
            raise Untranslatable("{")
        low, comma, high = m.groups()
        if comma and low and high and int(low) > int(high):
            raise Untranslatable("{m,n} with m > n")
        self.i = m.end()
        self._emit(("+" if low and int(low) >= 1 else "*") + self._lazy(), atom=False)

    def _class(self) -> str:
        negated = self.source.startswith("^", self.i)
        if negated:
            self.i += 1
        items, first = [], True
        while True:
            if self.i >= len(self.source):
                raise Untranslatable("unterminated class")
            c = self._take()
            if c == "]" and not first:
                break
            if c in "[]" or self.source.startswith(c, self.i) and c in "&|~-" and not first:
                raise Untranslatable("class syntax")  # nested sets and set operations
            items.append(self._class_item(c, negated))
            first = False
        return "[" + ("^" if negated else "") + "".join(items) + "]"

    def _class_item(self, c: str, negated: bool) -> str:
        if c == "\\":
            if self.i >= len(self.source):
                raise Untranslatable("trailing backslash")
            c = self._take()
            if self._range_follows():
                raise Untranslatable("a range from an escape")
            if c in _CLASS_ITEMS:
                if negated:
                    raise Untranslatable("a class escape in a negated class")
                return _CLASS_ITEMS[c]
            if c in _ESCAPED_CONTROLS:
                c = _ESCAPED_CONTROLS[c]
            elif c not in _PUNCTUATION:
                raise Untranslatable("\\" + c)
        elif self._range_follows():
            return self._range(c, negated)
        if negated and c.lower() != c.upper():
            raise Untranslatable("a cased character in a negated class")
        return _literal(c)

    def _range_follows(self) -> bool:
        return (self.source.startswith("-", self.i) and self.i + 1 < len(self.source)
                and self.source[self.i + 1] not in "]\\[")

    def _range(self, low: str, negated: bool) -> str:
        high = self.source[self.i + 1]
        self.i += 2
        if negated or not ord(low) <= ord(high) <= ord(low) + _MAX_RANGE:
            raise Untranslatable("range")
        members = [chr(c) for c in range(ord(low), ord(high) + 1)]
        for c in members:
            _literal(c)  # every member proven
        extra = "".join(_literal(c) for c in members if c in _WIDER)
        return f"{_spelled(low)}-{_spelled(high)}{extra}"


# the prefilter compiled by re2, or None (not installed, or refused)
compiled = re2_compiled


def matching_line_starts(pattern, text: str) -> list[int]:
    """The offsets of the lines of `text` at which `pattern` (anchored with `^`) matches:
    all of them, as an overlapped scan finds them, though a match may run over several
    lines (a `\\s` takes a line break). Run on the text's UTF-8 bytes, encoded once
    (re2's wrapper encodes a `str` again at every search); raises UnicodeEncodeError
    for a lone surrogate."""
    data = text.encode("utf-8")
    starts: list[int] = []
    pos = 0
    while pos is not None:
        pos = _scan(pattern, data, pos, starts)
    if len(data) == len(text):  # ASCII: a byte offset is a character offset
        return starts
    at = CharacterOffsets(data)
    return [at.of(offset) for offset in starts]


def _scan(pattern, data: bytes, pos: int, starts: list[int]) -> int | None:
    """Adds to `starts` where `pattern` matches from `pos` on, up to a match that runs
    over a line break, and returns the start of the line after that match's first (the
    lines inside it are searched again); None at the end of the text."""
    for m in pattern.finditer(data, pos):
        start, end = m.span()
        starts.append(start)
        line_end = data.find(b"\n", start, end)
        if line_end >= 0:
            return line_end + 1
    return None
