"""Every rule carries examples; each bad one must be flagged by that rule alone and
each good one left alone. A rule without examples fails here."""
from __future__ import annotations

import pytest

from checker.config import Settings
from checker.engine import Engine
from checker.rulepack import builtin_pack_dir, load_packs
from checker.runner import check_text

RULES = load_packs([builtin_pack_dir()])


@pytest.mark.parametrize("rule", RULES, ids=[r.id for r in RULES])
def test_rule_has_examples(rule):
    assert rule.bad_examples and rule.good_examples, f"{rule.id} needs bad and good examples"


CASES = [(r, text, True) for r in RULES for text in r.bad_examples] + [
    (r, text, False) for r in RULES for text in r.good_examples
]


@pytest.mark.parametrize(
    "rule,text,flagged", CASES, ids=[f"{r.id}-{'bad' if b else 'good'}-{i}" for i, (r, _, b) in enumerate(CASES)]
)
def test_rule_example(rule, text, flagged):
    if rule.example_settings.get("deep"):
        from checker.lm.store import status

        if not status().installed:
            pytest.skip("the language model is not installed (copylint model install)")
    engine = Engine(Settings(**rule.example_settings), rules=[rule])
    findings = [f for f in check_text(engine, text).findings if f.rule == rule.id]
    if flagged:
        assert findings, f"{rule.id} should flag: {text!r}"
        for f in findings:
            assert 0 <= f.start < f.end <= len(text)
    else:
        assert not findings, f"{rule.id} should leave alone: {text!r}, found {[(text[f.start:f.end], f.message) for f in findings]}"
