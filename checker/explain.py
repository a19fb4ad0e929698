"""A rule's documentation, with its own examples run through it, so what `explain`
shows is what the rule does."""
from __future__ import annotations

import textwrap
from dataclasses import replace

from .engine import Engine
from .report.text import show_replacement
from .runner import check_text


def explain_rule(engine: Engine, rule) -> str:
    lines = [f"{rule.id}  ({rule.kind}, {rule.severity}{', safe fix' if rule.fix_safe else ''})",
             "", rule.description]
    if rule.explanation:
        lines += ["", textwrap.dedent(rule.explanation).strip()]
    lines.append(f"\nDefined in {rule.source}")
    alone = Engine(replace(engine.settings, **rule.example_settings), rules=[rule])
    if rule.example_settings:
        shown = ", ".join(f"{k}: {v}" for k, v in rule.example_settings.items())
        lines.append(f"\nExamples run with {shown}.")
    if rule.bad_examples:
        lines.append("\nFlagged:")
        for example in rule.bad_examples:
            lines.append(f"  ✗ {example}")
            for f in check_text(alone, example).findings:
                fix = f" -> {show_replacement(f.fix)}" if f.fix is not None else ""
                lines.append(f"      {example[f.start:f.end]!r}: {f.message}{fix}")
    if rule.good_examples:
        lines.append("\nLeft alone:")
        lines += [f"  ✓ {example}" for example in rule.good_examples]
    return "\n".join(lines)
