"""Long runs of alike rules kept packed, so a run of copylint makes a `Rule` only of the
rules it uses.

A generated pack of 100,000 one-phrase rules differs from rule to rule only in the ids
and the phrases; reading 100,000 records from the pack cache and making a `Rule` of each
cost every run about 0.3 s, whatever the text. A run of MIN_RULES or more consecutive
rules of one pack, alike in every field but their ids and parameters, of a kind that can
check them packed (it has `runnable(params)` and `run_index(params_list)`: the phrase
kind), is kept in the pack cache as one entry: the fields they share once, their ids as
one text, their parameters as `marshal` blobs of BLOCK rules each, and the kind's index
of them, built with the entry (so a warm run builds nothing). A rule is made when it is
asked for: for a finding, `explain`, `copylint rules`, a SARIF report's list of rules.

Rules travel as a list of `Rule`, or, when a pack holds a run, as a `RuleList`, which
iterates as that list would; `rule_ids`, `parts`, `rule_named` (`RuleLookup` for many
lookups) and `selected` serve both without making a rule of a run.
"""
from __future__ import annotations

import marshal
from array import array
from functools import cached_property
from itertools import accumulate, chain
from typing import Callable

# the packed form's name: change it (and the pack cache's form in checker/rulepack.py)
# when the form changes
FORM = "copylint-rule-run/1"
# fewer alike rules are read as records: a run pays only where a pack is big
MIN_RULES = 20_000
# parameters per `marshal` blob: one blob decoded for a rule that is made
BLOCK = 32


def is_run(item) -> bool:
    """True for a packed run in a pack cache entry (a record's first field is a rule id,
    which cannot hold a slash)."""
    return type(item) is tuple and item[:1] == (FORM,)


def _template(record: tuple) -> tuple:
    """A record's fields but its id (first) and parameters (sixth): what a run shares."""
    return record[1:5] + record[6:]


def pack_runs(records: list[tuple], kind_of: Callable[[str], object]) -> list:
    """`records` (checker/rulepack.py's) with every run of MIN_RULES or more alike rules
    packed; `kind_of(name)`: the kind's module."""
    runnable = {name: getattr(kind_of(name), "runnable", None) for name in {record[1] for record in records}}
    out, start = [], 0
    while start < len(records):
        end = start + 1
        test = runnable[records[start][1]]
        if test is not None and test(records[start][5]):
            template = _template(records[start])
            while end < len(records) and _template(records[end]) == template and test(records[end][5]):
                end += 1
        if end - start >= MIN_RULES:
            out.append(_packed(records[start:end], kind_of(records[start][1])))
        else:
            out.extend(records[start:end])
        start = end
    return out


def _packed(records: list[tuple], kind) -> tuple:
    params = [record[5] for record in records]
    blocks = [marshal.dumps(params[i:i + BLOCK]) for i in range(0, len(params), BLOCK)]
    offsets = array("Q", accumulate(map(len, blocks), initial=0)).tobytes()
    ids = "\n".join(record[0] for record in records)
    return FORM, _template(records[0]), len(records), ids, b"".join(blocks), offsets, kind.run_index(params)


class RuleRun:
    """A packed run of rules (see the module): their kind, how many, their ids, each rule
    made when asked for (and kept), and `index`, what their kind built to check them."""

    def __init__(self, packed: tuple, source, make: Callable[[tuple, object], object]):
        _, self._template, self._count, self._ids_text, self._params, offsets, self.index = packed
        self.kind = self._template[0]
        self.source = source
        self._make = make
        self._offsets = array("Q")
        self._offsets.frombytes(offsets)
        self._blocks: dict[int, list] = {}
        self._made: dict[int, object] = {}

    def __len__(self) -> int:
        return self._count

    @cached_property
    def ids(self) -> list[str]:
        return self._ids_text.split("\n")

    @cached_property
    def positions(self) -> dict[str, int]:
        return dict(zip(self.ids, range(self._count)))

    def params(self, number: int) -> dict:
        block = number // BLOCK
        if block not in self._blocks:
            self._blocks[block] = marshal.loads(self._params[self._offsets[block]:self._offsets[block + 1]])
        return self._blocks[block][number % BLOCK]

    def rule(self, number: int):
        """The run's rule at `number`, the same object each time it is asked for."""
        made = self._made.get(number)
        if made is None:
            kind, severity, message, description, explanation, fix_safe, bad, good, settings = self._template
            record = (self.ids[number], kind, severity, message, description, self.params(number), explanation,
                      fix_safe, list(bad), list(good), dict(settings))
            made = self._made[number] = self._make(record, self.source)
        return made

    def rules(self) -> list:
        return [self.rule(number) for number in range(self._count)]


class RuleList:
    """Rules in their packs' order, some kept as runs: iterates as the list of every
    `Rule` would (a run's rules made as they are reached)."""

    def __init__(self, parts: list):
        self.parts = parts

    def __len__(self) -> int:
        return sum(len(part) if type(part) is RuleRun else 1 for part in self.parts)

    def __iter__(self):
        for part in self.parts:
            if type(part) is RuleRun:
                yield from map(part.rule, range(len(part)))
            else:
                yield part


def joined(packs: list) -> list | RuleList:
    """Lists of rules one after the other, as one (a RuleList when any holds a run)."""
    found = list(chain.from_iterable(map(parts, packs)))
    return RuleList(found) if any(type(part) is RuleRun for part in found) else found


def parts(rules) -> list:
    """The rules and runs of `rules`, in order (a plain list is its rules)."""
    return rules.parts if type(rules) is RuleList else rules


def rule_ids(rules) -> list[str]:
    if type(rules) is not RuleList:
        return [rule.id for rule in rules]
    return list(chain.from_iterable(part.ids if type(part) is RuleRun else (part.id,) for part in rules.parts))


def rule_named(rules, rule_id: str):
    """The rule of `rules` with this id, or None (ids are unique among loaded rules)."""
    return RuleLookup(rules).get(rule_id)


class RuleLookup:
    """The rules of `rules` by id, for a caller that asks rule after rule (an engine,
    a finding at a time): the plain rules in a dict, made once; a run answers from its
    own index of ids, and makes only the rule asked for."""

    __slots__ = ("_plain", "_runs")

    def __init__(self, rules):
        self._plain: dict[str, object] = {}
        self._runs: list[RuleRun] = []
        for part in parts(rules):
            if type(part) is RuleRun:
                self._runs.append(part)
            else:
                self._plain.setdefault(part.id, part)

    def get(self, rule_id: str):
        rule = self._plain.get(rule_id)
        if rule is not None:
            return rule
        for run in self._runs:
            number = run.positions.get(rule_id)
            if number is not None:
                return run.rule(number)
        return None


def selected(rules, keep: Callable[[str], bool]) -> list | RuleList:
    """The rules whose id `keep` accepts; a run kept whole stays packed, a run kept in
    part gives its kept rules."""
    if type(rules) is not RuleList:
        return [rule for rule in rules if keep(rule.id)]
    out = []
    for part in rules.parts:
        if type(part) is not RuleRun:
            if keep(part.id):
                out.append(part)
            continue
        kept = list(map(keep, part.ids))
        if all(kept):
            out.append(part)
        else:
            out.extend(part.rule(number) for number, wanted in enumerate(kept) if wanted)
    return joined([out])
