"""`honorific`: titles before a name ("Mr."/"Mr", "Dr."/"Dr") written one way in a
document. The document's majority style wins (ties: its first title's style) unless
the configuration forces one; every title in the other style is flagged with the fix
toward it. A comma where the title's period belongs ("Mr, Wickham") is flagged too.
"""
from __future__ import annotations

import sys
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
        """Per rule: (offsets, titles, marks) of each title that starts from `low` to
        `high` in `doc`, offsets moved by `offset`, titles interned, marks one
        character each ("." "," or " " for none): what `conclude` weighs, compact, a
        window at a time for a long document (checker/windows.py)."""
        from ..windows import offsets as new_offsets

        prose = doc.prose
        high = len(prose) if high is None else high
        gathered = []
        for rule, _ in self.checks:
            offsets, titles, marks = new_offsets(offset + len(prose)), [], []
            # titles are matched as written: a text without one needs no pattern at all
            if any(title in prose for title in rule.params["titles"]):
                for m in self.patterns[rule.id].get().finditer(prose, low):  # it looks past `high`
                    if m.start() >= high:
                        break
                    offsets.append(m.start() + offset)
                    titles.append(sys.intern(m.group("title")))
                    marks.append(m.group("mark") or " ")
            gathered.append((offsets, titles, "".join(marks)))
        return gathered

    def conclude(self, gathered: list[list[tuple]], doc=None):
        """Each rule's titles in the minority style (or before a comma), toward the
        document's majority style (ties: its first title's), in document order."""
        for index, (rule, style) in enumerate(self.checks):
            parts = [part[index] for part in gathered]
            dotted = sum(marks.count(".") for _, _, marks in parts)
            bare = sum(marks.count(" ") for _, _, marks in parts)
            if not dotted and not bare and not any(marks for _, _, marks in parts):
                continue
            if style == "auto":
                if dotted != bare:
                    style = "period" if dotted > bare else "no-period"
                else:
                    first = next((mark for _, _, marks in parts for mark in marks if mark != ","), None)
                    style = "period" if first is None or first == "." else "no-period"
            wrong = " " if style == "period" else "."
            counts = f"{dotted} with a period, {bare} without"
            for offsets, titles, marks in parts:
                for start, title, mark in zip(offsets, titles, marks):
                    if mark != wrong and mark != ",":
                        continue
                    fixed = title + "." if style == "period" else title
                    found = title + mark.strip()
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
                        end=start + len(found),
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
