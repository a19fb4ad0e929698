"""Rule kinds: the code behind rules. A rule in a pack names its kind; each kind is
one module with `validate(rule)` (raise `rule.error(...)` on a bad parameter) and
`compile(rules, settings)` returning a check with `check(doc) -> iterable of Finding`.
All rules of one kind are compiled together, so a kind can build one matcher for all.
Modules are imported only when a rule of their kind is used.
"""
from __future__ import annotations

import importlib
from types import ModuleType

KINDS = {
    "pattern": "checker.kinds.pattern",
    "phrase": "checker.kinds.phrase",
    "boilerplate": "checker.kinds.boilerplate",
    "honorific": "checker.kinds.honorific",
    "metric": "checker.kinds.metric",
    "directive": "checker.kinds.directive",
    "spelling": "checker.kinds.spelling",
    "names": "checker.kinds.names",
    "renamed": "checker.kinds.renamed",
    "quotes": "checker.kinds.quotes",
    "balance": "checker.kinds.balance",
    "script": "checker.kinds.script",
    "invisible": "checker.kinds.invisible",
    "repetition": "checker.kinds.repetition",
    "article": "checker.kinds.article",
    "garble": "checker.kinds.garble",
}


def kind_module(name: str) -> ModuleType:
    return importlib.import_module(KINDS[name])


def param(rule, name: str, expected: type | tuple, required: bool = True, default=None):
    """A rule parameter of the expected type, or a RulePackError naming it."""
    if name not in rule.params:
        if required:
            raise rule.error(name, "missing")
        return default
    value = rule.params[name]
    if not isinstance(value, expected):
        names = expected.__name__ if isinstance(expected, type) else " or ".join(t.__name__ for t in expected)
        raise rule.error(name, f"must be a {names}")
    return value


def choice(rule, name: str, choices, required: bool = True, default=None) -> str:
    """A rule parameter that must be one of `choices`, or a RulePackError naming them."""
    value = param(rule, name, str, required=required, default=default)
    if value not in choices:
        raise rule.error(name, f"must be one of {', '.join(choices)}")
    return value


def format_message(template: str, rule, **values) -> str:
    """`template` with {name} fields filled; a field the rule's data lacks stays as is."""
    try:
        return template.format_map(_Keep(values))
    except (ValueError, IndexError) as exc:
        raise rule.error("message", f"bad template: {exc}") from None


class _Keep(dict):
    def __missing__(self, key):
        return "{" + key + "}"
