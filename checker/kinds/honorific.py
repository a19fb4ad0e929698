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
        prose = doc.prose
        for rule, style in self.checks:
            # titles are matched as written: a text without one needs no pattern at all
            if not any(title in prose for title in rule.params["titles"]):
                continue
            uses = list(self.patterns[rule.id].get().finditer(prose))
            dotted = [m for m in uses if m.group("mark") == "."]
            bare = [m for m in uses if not m.group("mark")]
            commas = [m for m in uses if m.group("mark") == ","]
            if style == "auto":
                if len(dotted) != len(bare):
                    style = "period" if len(dotted) > len(bare) else "no-period"
                else:
                    first = next((m for m in uses if m.group("mark") != ","), None)
                    style = "period" if first is None or first.group("mark") == "." else "no-period"
            wrong = bare if style == "period" else dotted
            counts = f"{len(dotted)} with a period, {len(bare)} without"
            for m in sorted(wrong + commas, key=lambda m: m.start()):
                title = m.group("title")
                fixed = title + "." if style == "period" else title
                if m.group("mark") == ",":
                    message = f"“{m.group()}” before a name: a comma where the title’s period belongs; write “{fixed}”."
                else:
                    message = format_message(
                        rule.message, rule, found=m.group(), fix=fixed, counts=counts,
                        style="with a period" if style == "period" else "without a period",
                    )
                yield Finding(
                    rule=rule.id,
                    severity=rule.severity,
                    start=m.start(),
                    end=m.end(),
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
