"""`directive`: rules about copylint's own suppression comments (an unknown rule id,
a malformed directive). Their findings are made by checker/suppression.py after
every other check has run, since only then are all rule ids known; this kind only
gives those rules a place in packs, so they can be listed, explained, selected,
ignored and given a severity like any other rule."""
from __future__ import annotations


def validate(rule) -> None:
    from ..suppression import BAD_DIRECTIVE, UNKNOWN_RULE

    if rule.id not in (UNKNOWN_RULE, BAD_DIRECTIVE):
        raise rule.error("kind", f"the directive kind only backs {UNKNOWN_RULE} and {BAD_DIRECTIVE}")


class DirectiveCheck:
    # checked a window at a time (checker/windows.py): no findings of its own
    scope = "local"

    def check(self, doc):
        return ()


def compile(rules, settings):
    return DirectiveCheck()
