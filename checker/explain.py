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


def explain_languagetool_rule(rule_id: str) -> str:
    """LanguageTool's rules live in the server, not in copylint's packs: say where a
    finding with this id comes from and how to control it."""
    lt_id = rule_id.split(".", 1)[1]
    return "\n".join([
        f"{rule_id}  (LanguageTool rule {lt_id})",
        "",
        "A finding from a LanguageTool server (copylint lint --languagetool URL|local):",
        "its message, suggestions and category come from LanguageTool itself; see",
        f"LanguageTool's documentation of rule {lt_id} for what it checks.",
        "",
        f"Turn it off with --ignore {rule_id} (the server is then asked not to run it),",
        "change its severity in the configuration's [tool.copylint.severity] table,",
        "and see docs/grammar.md for how copylint maps LanguageTool's matches.",
    ])
