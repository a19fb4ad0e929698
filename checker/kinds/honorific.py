"""`honorific`: titles before a name ("Mr."/"Mr", "Dr."/"Dr") written one way in a
document. The document's majority style wins (ties: its first title's style) unless
the configuration forces one; every title in the other style is flagged with the fix
toward it. A comma where the title's period belongs ("Mr, Wickham") is flagged too.
"""
from __future__ import annotations

from functools import partial

from . import choice, format_message, param
from ..finding import Finding
from ..patterns import OnFirstUse

STYLES = ("auto", "period", "no-period")


def validate(rule) -> None:
    titles = param(rule, "titles", list)
    if not titles or not all(isinstance(t, str) and t.isalpha() for t in titles):
        raise rule.error("titles", "must be a non-empty list of words")
    choice(rule, "style", STYLES, required=False, default="auto")


class HonorificCheck:
    def __init__(self, rules, settings):
        self.checks = []
        forced = getattr(settings, "honorific_style", None)
        for rule in rules:
            style = forced if forced and forced != "auto" else rule.params.get("style", "auto")
            self.checks.append((rule, style))
        # each rule's pattern, compiled when a text first holds one of its titles
        self.patterns = {rule.id: OnFirstUse(partial(_titles_pattern, rule.params["titles"])) for rule in rules}

    def check(self, doc):
        return self.conclude([self.gather(doc)])

    def gather(self, doc, low: int = 0, high: int | None = None, offset: int = 0) -> list[tuple]:
        """(rule index, start, end, title, mark) of each title that starts from `low` to
        `high` in `doc`, moved by `offset`: what `conclude` weighs, gathered a window at
        a time for a long document (checker/windows.py)."""
        prose = doc.prose
        high = len(prose) if high is None else high
        uses = []
        for index, (rule, _) in enumerate(self.checks):
            # titles are matched as written: a text without one needs no pattern at all
            if not any(title in prose for title in rule.params["titles"]):
                continue
            for m in self.patterns[rule.id].get().finditer(prose, low):  # it looks past `high`
                if m.start() >= high:
                    break
                uses.append((index, m.start() + offset, m.end() + offset, m.group("title"), m.group("mark") or ""))
        return uses

    def conclude(self, gathered: list[list[tuple]], doc=None):
        """Each rule's titles in the minority style (or before a comma), toward the
        document's majority style (ties: its first title's), in document order."""
        by_rule: dict[int, list[tuple]] = {}
        for uses in gathered:
            for use in uses:
                by_rule.setdefault(use[0], []).append(use)
        for index, (rule, style) in enumerate(self.checks):
            uses = by_rule.get(index)
            if not uses:
                continue
            dotted = [u for u in uses if u[4] == "."]
            bare = [u for u in uses if not u[4]]
            commas = [u for u in uses if u[4] == ","]
            if style == "auto":
                if len(dotted) != len(bare):
                    style = "period" if len(dotted) > len(bare) else "no-period"
                else:
                    first = next((u for u in uses if u[4] != ","), None)
                    style = "period" if first is None or first[4] == "." else "no-period"
            wrong = bare if style == "period" else dotted
            counts = f"{len(dotted)} with a period, {len(bare)} without"
            for _, start, end, title, mark in sorted(wrong + commas, key=lambda u: u[1]):
                fixed = title + "." if style == "period" else title
                found = title + mark
                if mark == ",":
                    message = f"“{found}” before a name: a comma where the title’s period belongs; write “{fixed}”."
                else:
                    message = format_message(
                        rule.message, rule, found=found, fix=fixed, counts=counts,
                        style="with a period" if style == "period" else "without a period",
                    )
                yield Finding(
                    rule=rule.id,
                    severity=rule.severity,
                    start=start,
                    end=end,
                    message=message,
                    replacements=(fixed,),
                    fix_safe=rule.fix_safe,
                )


def compile(rules, settings):
    return HonorificCheck(rules, settings)


def _titles_pattern(titles: list[str]):
    """A title (longest first) before a capitalised name, with its period or comma."""
    import regex

    alternation = "|".join(sorted(map(regex.escape, titles), key=len, reverse=True))
    # U+2060 pads a decoded entity: "Mr.&nbsp;Smith" in HTML (checker/markup.py)
    return regex.compile(
        rf"(?<![\w.])(?P<title>{alternation})(?P<mark>\.|,)?(?=(?:[ \t\u00a0][ \t\u00a0\u2060]*|[ \t]*(?:\r\n|\r|\n)[ \t]*)\p{{Lu}})"
    )
