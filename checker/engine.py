"""Loads the rule packs once, compiles each kind's rules together, and runs every
check over a document, returning its findings sorted and de-duplicated."""
from __future__ import annotations

from collections import defaultdict
from functools import cached_property
from pathlib import Path

from . import suppression
from .config import Settings, matches
from .document import Document
from .finding import Finding
from .kinds import kind_module
from .markup import guard_markup
from .rule_runs import RuleList, RuleLookup, parts, rule_ids, selected
from .rulepack import Rule, RulePackError, builtin_pack_dir, load_packs


class Engine:
    def __init__(self, settings: Settings | None = None, rules: list[Rule] | RuleList | None = None):
        self.settings = settings or Settings()
        if rules is None:
            packs = [builtin_pack_dir()] + [Path(p) for p in self.settings.rules]
            rules = load_packs(packs)
        self.all_rules = rules
        self._check_selectors(rules)
        if self.settings.select or self.settings.ignore:
            self.rules = selected(rules, self._enabled)
        else:  # every rule (a pack may hold 100,000); a RuleList is never changed, so it is shared
            self.rules = rules if type(rules) is RuleList else list(rules)
        by_kind: dict[str, list] = defaultdict(list)
        for rule in parts(self.rules):  # a run of alike rules goes to its kind packed (checker/rule_runs.py)
            by_kind[rule.kind].append(rule)
        self.checks = [kind_module(kind).compile(group, self.settings) for kind, group in by_kind.items()]
        from .grammar import grammar_pass  # LanguageTool, after the checks; None when off

        self.grammar = grammar_pass(self.settings)

    def _enabled(self, rule_id: str) -> bool:
        s = self.settings
        return (not s.select or matches(rule_id, s.select)) and not matches(rule_id, s.ignore)

    def _check_selectors(self, rules) -> None:
        ids = rule_ids(rules)
        for selector in [*self.settings.select, *self.settings.ignore, *self.settings.severity]:
            if not any(matches(i, [selector]) for i in ids) and not _dynamic(selector):
                raise RulePackError(f"unknown rule id or prefix '{selector}' (see 'copylint rules')")

    def rule(self, rule_id: str) -> Rule | None:
        return self._lookup.get(rule_id)

    @cached_property
    def _lookup(self) -> RuleLookup:
        """Every loaded rule by id (the language server and the web page ask a finding at a time)."""
        return RuleLookup(self.all_rules)

    def check(self, doc: Document) -> list[Finding]:
        found: dict[tuple, Finding] = {}
        for finding in self._raw_findings(doc):
            if doc.crosses_markup(finding.start, finding.end):  # whole inline tags may lie inside
                continue
            key = (finding.rule, finding.start, finding.end)
            found.setdefault(key, finding)
        doc.shared.clear()  # what checks kept for this check of the document
        findings = sorted(found.values(), key=Finding.sort_key)
        if self.grammar is not None:
            extra = [f for f in self.grammar.findings(doc, findings)
                     if self._enabled(f.rule) and not doc.is_masked(f.start, f.end)]
            findings = sorted(findings + extra, key=Finding.sort_key)
            if self.grammar.skipped:
                doc.skipped["grammar"] = self.grammar.skipped
        findings = guard_markup(doc, suppression.apply(doc, findings, self))
        return [self._with_configured_severity(f) for f in findings]

    def _raw_findings(self, doc: Document):
        """Every check's findings; a long document a window at a time (checker/windows.py),
        with the same findings in less memory."""
        from . import windows

        if len(doc.text) >= windows.WINDOWED_FROM:
            return windows.windowed(doc, self.checks)
        return (finding for check in self.checks for finding in check.check(doc))

    def _with_configured_severity(self, finding: Finding) -> Finding:
        overrides = self.settings.severity
        if not overrides:
            return finding
        # the longest matching selector wins: "spacing.x" over "spacing"
        best = max((s for s in overrides if matches(finding.rule, [s])), key=len, default=None)
        return finding.with_severity(overrides[best]) if best else finding


def _dynamic(selector: str) -> bool:
    """Rule ids made at run time by a service (LanguageTool's) cannot be listed ahead."""
    return selector == "languagetool" or selector.startswith("languagetool.")
