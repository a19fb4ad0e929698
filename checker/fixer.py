"""Applying findings' proposed fixes to a text: pure text in, text out, no files.

Why a module of its own: the guarantees users rely on when running `copylint fix`
unattended live here and are tested here without touching a disk.

- Only a finding's edit span (`Finding.edit_span`) is rewritten; every character
  outside the chosen spans is copied through unchanged.
- Edits that overlap or touch are never applied in the same pass: the first in a
  fixed order (start, end, rule id, replacement) wins and the others are dropped,
  then the whole text is checked again, so a dropped fix is re-proposed against
  the text as it now is (or no longer applies).
- Passes repeat until nothing fixable is left, at most `MAX_PASSES` times, so a
  second run over the result changes nothing. A text that is still fixable after
  the last pass is reported as not converged instead of looping forever.
"""
from __future__ import annotations

from collections import Counter
from dataclasses import dataclass, field
from typing import Callable, Iterable

from .finding import Finding

MAX_PASSES = 10


def is_fixable(finding: Finding, unsafe: bool = False) -> bool:
    """A finding with a proposed fix that this run may apply."""
    return finding.fix is not None and (finding.fix_safe or unsafe)


def _order(finding: Finding) -> tuple:
    start, end = finding.edit_span
    return (start, end, finding.rule, finding.fix or "")


def choose_edits(text: str, findings: Iterable[Finding], unsafe: bool = False) -> list[Finding]:
    """The fixable findings that can be applied together, in text order.

    An edit that would change nothing is skipped. Two edits conflict when their spans
    overlap or touch (an insertion at the very place another edit begins or ends
    counts as touching): the one first in `_order` is kept.
    """
    chosen: list[Finding] = []
    last_end = -1
    for finding in sorted((f for f in findings if is_fixable(f, unsafe)), key=_order):
        start, end = finding.edit_span
        if not 0 <= start <= end <= len(text):
            continue  # a span outside the text: a check's bug, never a reason to corrupt it
        if text[start:end] == finding.fix:
            continue
        if start <= last_end:
            continue  # overlaps or touches the previous chosen edit: next pass
        chosen.append(finding)
        last_end = end
    return chosen


def apply_edits(text: str, edits: list[Finding]) -> str:
    """`text` with each edit's span replaced by its fix; `edits` from `choose_edits`
    (sorted, disjoint, not touching)."""
    parts, last = [], 0
    for finding in edits:
        start, end = finding.edit_span
        parts.append(text[last:start])
        parts.append(finding.fix)
        last = end
    parts.append(text[last:])
    return "".join(parts)


@dataclass
class FixOutcome:
    """What fixing one text did."""

    original: str
    text: str
    remaining: list[Finding]  # findings on the fixed text (fixable or not)
    applied: Counter = field(default_factory=Counter)  # rule id -> fixes applied
    passes: int = 0
    converged: bool = True  # False: still fixable after MAX_PASSES passes

    @property
    def changed(self) -> bool:
        return self.text != self.original

    @property
    def fixed(self) -> int:
        return sum(self.applied.values())


def fix_text(text: str, check: Callable[[str], list[Finding]], unsafe: bool = False,
             max_passes: int = MAX_PASSES,
             on_edits: Callable[[str, list[Finding]], None] | None = None) -> FixOutcome:
    """Fix `text` in passes; `check(text)` returns the findings on a text.
    `on_edits(text, edits)` is told each pass's edits before they are applied, so a
    caller can carry its own offsets (the web page's rejected findings) across passes."""
    outcome = FixOutcome(original=text, text=text, remaining=check(text))
    while True:
        edits = choose_edits(outcome.text, outcome.remaining, unsafe)
        if not edits:
            return outcome
        if outcome.passes >= max_passes:
            outcome.converged = False
            return outcome
        if on_edits is not None:
            on_edits(outcome.text, edits)
        outcome.text = apply_edits(outcome.text, edits)
        outcome.applied.update(f.rule for f in edits)
        outcome.passes += 1
        outcome.remaining = check(outcome.text)
