"""Compiling rule patterns so that results do not depend on how busy the machine is.

- Shipped packs' patterns are reviewed to run in linear time (tests/test_pattern_limits.py
  runs each on adversarial input) and run with no time limit.
- A user's pattern (from `--rules` or configuration) runs on google-re2, a linear-time
  engine, when its syntax allows and it means the same there; else on the `regex`
  module (backtracking: look-behind, back-references, Unicode `\\w`/`\\b`...) under a
  time budget that grows with the length of the text, so a slow machine or a long file
  does not stop a sound pattern while a catastrophic one is still stopped.
"""
from __future__ import annotations

import functools
import re

# A backtracking user pattern may take BUDGET_BASE_SECONDS plus this much per million
# characters of text: a hundred times what a linear pattern needs on a busy machine.
BUDGET_BASE_SECONDS = 2.0
BUDGET_SECONDS_PER_MILLION_CHARACTERS = 10.0

# Escapes whose meaning differs between re2 (ASCII) and `regex` (Unicode), POSIX
# classes (ASCII in re2) and \Z (not in re2): a pattern with any stays on `regex`.
_NOT_SAME_IN_RE2 = re.compile(r"\\[wWsSdDbBZ]|\[:")


def budget_seconds(length: int) -> float:
    """The time a backtracking user pattern may take on a text of `length` characters."""
    return BUDGET_BASE_SECONDS + BUDGET_SECONDS_PER_MILLION_CHARACTERS * length / 1e6


def re2_pattern(source: str, ignore_case: bool):
    """`source` compiled by google-re2 (multi-line, as every rule pattern), or None
    when re2 is not installed, cannot parse it, or would read it differently."""
    if _NOT_SAME_IN_RE2.search(_without_escaped_backslashes(source)):
        return None
    return re2_compiled("(?m)" + source, case_sensitive=not ignore_case)


def re2_compiled(source: str | bytes, case_sensitive: bool = True):
    """`source` compiled by google-re2, or None when re2 is not installed or refuses it
    (too big, say): the one place that asks re2 for a pattern."""
    try:
        import re2
    except ImportError:
        return None
    options = re2.Options()
    options.log_errors = False  # a refusal is an answer here, not a message for stderr
    options.case_sensitive = case_sensitive
    try:
        return re2.compile(source, options=options)
    except re2.error:
        return None


def _without_escaped_backslashes(source: str) -> str:
    return source.replace("\\\\", "")


class RulePattern:
    """One rule's compiled pattern and how it runs: `finditer(text)` yields matches
    (start(), end(), group(), groupdict()) and raises TimeoutError when a budgeted
    pattern runs out of time. `engine` says which: "re2", "regex" or "regex, budgeted"."""

    __slots__ = ("compiled", "engine", "_budgeted", "_source", "_flags")

    def __init__(self, source: str, flags: int, trusted: bool, ignore_case: bool = False):
        import regex

        self._source, self._flags = source, flags
        fast = None if trusted else re2_pattern(source, ignore_case)
        if fast is not None:
            self.compiled, self.engine, self._budgeted = fast, "re2", False
        else:
            self.compiled = regex.compile(source, flags)
            self._budgeted = not trusted
            self.engine = "regex, budgeted" if self._budgeted else "regex"

    def finditer(self, text: str, pos: int = 0):
        if self.engine == "re2":
            return self._re2_finditer(text, pos)
        if self._budgeted:
            return self.compiled.finditer(text, pos, timeout=budget_seconds(len(text)))
        return self.compiled.finditer(text, pos)

    def _re2_finditer(self, text: str, pos: int):
        """re2 reads UTF-8, which cannot hold a lone surrogate (a Python string can: an
        editor's buffer sent as JSON, say): such a text is read by `regex` instead, under
        the budget of a user's pattern."""
        matches = self.compiled.finditer(text, pos)
        try:
            first = next(matches, None)
        except UnicodeEncodeError:
            import regex

            yield from regex.compile(self._source, self._flags).finditer(text, pos, timeout=budget_seconds(len(text)))
            return
        if first is not None:
            yield first
            yield from matches

    def finditer_in(self, text: str, spans: list[tuple[int, int]]):
        """The matches inside `spans` ((start, end), in order, apart): those of
        `finditer(text)` when no match crosses a span's edge (look-arounds still see
        the text around a span). A budgeted pattern has one budget for all the spans,
        that of the whole text. Not for re2, which reads a span as a text of its own."""
        if not self._budgeted:
            for start, end in spans:
                yield from self.compiled.finditer(text, start, end)
            return
        left = time_left(budget_seconds(len(text)))
        for start, end in spans:
            yield from self.compiled.finditer(text, start, end, timeout=left())


def is_shipped(rule) -> bool:
    """True for a rule from copylint's own packs (reviewed patterns: no time limit)."""
    try:
        return rule.source.resolve().parent == _shipped_folder()
    except (OSError, AttributeError):
        return False


@functools.cache
def _shipped_folder():
    from .rulepack import builtin_pack_dir

    return builtin_pack_dir().resolve()


def time_left(seconds: float):
    """A function giving what is left of `seconds` from now, at least a millisecond: the
    timeout of each of several searches that share one budget."""
    import time

    deadline = time.monotonic() + seconds
    return lambda: max(deadline - time.monotonic(), 0.001)


class OnFirstUse:
    """A pattern (or anything costly to make) made by `make()` the first time `get()` is
    called: most texts need few of the shipped rules' patterns, and compiling them all
    was most of a short file's start-up."""

    __slots__ = ("_make", "_made")

    def __init__(self, make):
        self._make, self._made = make, None

    def get(self):
        if self._made is None:
            self._made = self._make()
        return self._made
