"""Inline suppression: directives in the text's own comments turn rules off and on.

In Markdown and HTML a directive is an HTML comment:

    <!-- copylint: disable=spacing.repeated-space,boilerplate -->   from here on
    <!-- copylint: enable=spacing.repeated-space -->                 ...until here
    <!-- copylint: disable-next-line=consistency.honorific -->      the next line only
    <!-- copylint: disable -->  /  <!-- copylint: enable -->         every rule

Plain text has no comments, so there a directive is a line of its own that starts with
`copylint:`, optionally after `#`, `//` or `..` (so it also reads as a comment in
reStructuredText): `# copylint: disable-next-line=spacing`. Rule ids may be prefixes.
Directive lines are masked, so no rule ever flags them. A rule id that names no
rule is reported (copylint.unknown-rule), as is a malformed directive
(copylint.bad-directive): a typo must not silently leave a rule on or off.
Suppression runs after every check, on the findings, because it needs every rule id.
"""
from __future__ import annotations

import re
from dataclasses import dataclass

from .config import matches

UNKNOWN_RULE = "copylint.unknown-rule"
BAD_DIRECTIVE = "copylint.bad-directive"
ACTIONS = ("disable-next-line", "disable", "enable")

# (no two white-space runs side by side, and no lazy run before `\s*$`: linear time on
# a line of a million spaces)
TEXT_DIRECTIVE_LINE = re.compile(r"^[ \t]*(?:(?:#|//|\.\.)[ \t]*)?(copylint:[^\r\n]*)$", re.MULTILINE)
DIRECTIVE = re.compile(
    r"^\s*copylint:\s*(?P<action>[a-z-]+)\s*(?:=\s*(?P<ids>\S(?:.*\S)?))?\s*$", re.DOTALL
)


@dataclass
class Directive:
    action: str  # disable, enable or disable-next-line
    selectors: list[str] | None  # None: every rule
    start: int  # the comment's span
    end: int
    next_line: int = 0  # for disable-next-line: the 1-based line it covers


def text_comments(text: str) -> list[tuple[int, int, str]]:
    """Directive lines of a plain-text source, as (start, end, body) comments. Each
    holds "copylint:", looked for first in C: most texts have none, and the line
    pattern's `^` is tried at every position of the text."""
    if "copylint:" not in text:
        return []
    return [(m.start(), m.end(), m.group(1)) for m in TEXT_DIRECTIVE_LINE.finditer(text)]


def parse(doc, known_ids: list[str], is_dynamic=lambda s: False):
    """(directives, problems): problems are (rule, start, end, values) for unknown ids
    and malformed directives, with the span of the offending text."""
    directives, problems = [], []
    for start, end, body in doc.comments:
        stripped = body.strip()
        if not stripped.startswith("copylint:"):
            continue
        inner = doc.text.find("copylint:", start, end)
        m = DIRECTIVE.match(body)
        if not m or m.group("action") not in ACTIONS:
            problems.append((BAD_DIRECTIVE, inner, inner + len(stripped), {"directive": stripped}))
            continue
        selectors = None
        if m.group("ids"):
            selectors = []
            ids_at = inner + (m.start("ids") - body.find("copylint:"))
            for part in re.finditer(r"[^,\s]+", m.group("ids")):
                selector = part.group()
                if any(matches(i, [selector]) for i in known_ids) or is_dynamic(selector):
                    selectors.append(selector)
                else:
                    at = ids_at + part.start()
                    problems.append((UNKNOWN_RULE, at, at + len(selector), {"id": selector}))
            if not selectors:
                continue  # only unknown ids: it suppresses nothing
        directive = Directive(m.group("action"), selectors, start, end)
        if directive.action == "disable-next-line":
            directive.next_line = doc.position(end)[0] + 1
        directives.append(directive)
    return directives, problems


def is_suppressed(finding, line: int, directives: list[Directive]) -> bool:
    state = False
    for d in directives:
        applies = d.selectors is None or matches(finding.rule, d.selectors)
        if not applies:
            continue
        if d.action == "disable-next-line":
            if line == d.next_line:
                return True
            continue
        if d.end > finding.start:
            break  # directives are in order: later ones do not reach back
        state = d.action == "disable"
    return state


def apply(doc, findings: list, engine) -> list:
    """Findings left after the document's directives, with findings for bad directives."""
    if not doc.comments:
        return findings
    from .engine import _dynamic
    from .finding import Finding
    from .kinds import format_message
    from .rule_runs import rule_ids, rule_named

    directives, problems = parse(doc, rule_ids(engine.all_rules), _dynamic)
    extra = []
    for rule_id, start, end, values in problems:
        rule = rule_named(engine.rules, rule_id)
        if rule is not None:
            message = format_message(rule.message, rule, **values)
            extra.append(Finding(rule=rule_id, severity=rule.severity, start=start, end=end, message=message))
    if not directives and not extra:
        return findings
    kept = [f for f in findings + extra if not is_suppressed(f, doc.position(f.start)[0], directives)]
    return sorted(kept, key=lambda f: f.sort_key())
