"""Rule packs: YAML files of rules, each an instance of a kind with its parameters.

Loading validates every field a kind needs so that a broken pack fails at start
with the file, the rule and the field named, not half-way through a run.
"""
from __future__ import annotations

import re
from dataclasses import dataclass, field
from pathlib import Path

from .finding import SEVERITIES
from .kinds import KINDS, kind_module
from .rule_runs import FORM as RUN_FORM, RuleList, RuleRun, is_run, joined, pack_runs, rule_ids

RULE_ID = re.compile(r"^[a-z0-9][a-z0-9-]*(\.[a-z0-9][a-z0-9-]*)+$")
COMMON_FIELDS = {
    "id": str,
    "kind": str,
    "severity": str,
    "message": str,
    "description": str,
    "explanation": str,
    "fix_safe": bool,
    "examples": dict,
}


class RulePackError(Exception):
    """A pack that cannot be used; the message names the file, rule and field."""


@dataclass
class Rule:
    id: str
    kind: str
    severity: str
    message: str
    description: str
    params: dict
    source: Path
    explanation: str = ""
    fix_safe: bool = False
    bad_examples: list[str] = field(default_factory=list)
    good_examples: list[str] = field(default_factory=list)
    # settings the examples are run with (a rule that is off until configured)
    example_settings: dict = field(default_factory=dict)

    def error(self, field_name: str, problem: str) -> RulePackError:
        return RulePackError(f"{self.source}: rule {self.id}: field '{field_name}': {problem}")


def builtin_pack_dir() -> Path:
    """The packs shipped with copylint: ../rules in a source checkout (so that a
    checkout's tests use its own packs), else the installed `copylint_rules`."""
    checkout = Path(__file__).resolve().parent.parent
    if (checkout / "setup.cfg").is_file() and (checkout / "rules").is_dir():
        return checkout / "rules"
    import copylint_rules  # the repository's rules/ folder, mapped in setup.cfg

    return Path(copylint_rules.__file__).parent


def pack_files(path: Path) -> list[Path]:
    if path.is_dir():
        return sorted(p for p in path.iterdir() if p.suffix in (".yml", ".yaml") and p.is_file())
    if not path.exists():
        raise RulePackError(f"{path}: no such rule pack")
    return [path]


def load_packs(paths: list[Path]) -> list[Rule] | RuleList:
    """Rules from every pack file under `paths`, validated; ids must be unique. A
    RuleList when a pack holds a long run of alike rules (checker/rule_runs.py)."""
    from .gcpause import collector_paused

    with collector_paused():  # a big pack is 100,000 rules: no collection meanwhile
        return _load_packs(paths)


def _load_packs(paths: list[Path]) -> list[Rule] | RuleList:
    packs = []
    seen: dict[str, Path] = {}
    for path in paths:
        for file in pack_files(Path(path)):
            pack = load_pack(file)
            ids = rule_ids(pack)
            known = dict.fromkeys(ids, file)
            if len(known) < len(ids) or not seen.keys().isdisjoint(known):  # rare: find the first again
                _raise_duplicate(ids, file, dict(seen))
            seen.update(known)
            packs.append(pack)
    return joined(packs)


def _raise_duplicate(ids: list[str], file: Path, seen: dict[str, Path]) -> None:
    for rule_id in ids:
        if rule_id in seen:
            raise RulePackError(f"{file}: rule {rule_id}: field 'id': already defined in {seen[rule_id]}")
        seen[rule_id] = file


def load_pack(file: Path) -> list[Rule] | RuleList:
    from .cache import parsed

    # big packs (a user's long lists) are parsed and validated once: the cache keeps
    # their rules' fields, so 100,000 rules cost neither YAML parsing nor field checks
    # on the next run (and a long run of alike rules is kept packed, made a Rule only
    # when used: checker/rule_runs.py); the shipped packs are kept so beside them, as
    # Python keeps bytecode, so a warm start-up imports no YAML parser
    items = parsed(file, lambda: _packed(file), f"rules/4/{RUN_FORM}", beside=file.parent == builtin_pack_dir())
    rules = [RuleRun(item, file, _rule_of) if is_run(item) else _rule_of(item, file) for item in items]
    for rule in rules:
        if type(rule) is Rule and "phrases_file" in rule.params:  # names another file: checked again each run
            _kind(rule.kind).validate(rule)
    return joined([rules])


def _packed(file: Path) -> list:
    """The pack's validated rules as the cache keeps them: records, long runs packed."""
    return pack_runs(_shared([_record(rule) for rule in _validated_pack(file)]), _kind)


def _validated_pack(file: Path) -> list[Rule]:
    data = _parse_yaml(file)
    if not isinstance(data, dict) or not isinstance(data.get("rules"), list):
        raise RulePackError(f"{file}: field 'rules': a pack is a mapping with a list 'rules'")
    return [_rule_from(entry, index, file) for index, entry in enumerate(data["rules"])]


def _record(rule: Rule) -> tuple:
    """A validated rule's fields but its source, in Rule's order (what the cache keeps).
    A kind may keep its parameters in a form of its own (`cached_params(rule)`: the
    phrase kind packs a big list, so a run does not load it whole)."""
    cached_params = getattr(_kind(rule.kind), "cached_params", None)
    params = cached_params(rule) if cached_params else rule.params
    return (rule.id, rule.kind, rule.severity, rule.message, rule.description, params,
            rule.explanation, rule.fix_safe, rule.bad_examples, rule.good_examples, rule.example_settings)


_RECORD_FIELDS = ("id", "kind", "severity", "message", "description", "params", "explanation", "fix_safe",
                  "bad_examples", "good_examples", "example_settings")
_SHARED_FIELDS = (1, 2, 3, 4, 6)  # kind, severity, message, description, explanation


def _shared(records: list[tuple]) -> list[tuple]:
    """The records with equal texts of the fields rules repeat (a message shared by
    100,000 generated rules) made one object, which `marshal` then stores once and
    loads once: a third less to read for a big pack."""
    texts: dict[str, str] = {}
    out = []
    for record in records:
        fields = list(record)
        for i in _SHARED_FIELDS:
            fields[i] = texts.setdefault(fields[i], fields[i])
        out.append(tuple(fields))
    return out


def _rule_of(record: tuple, source: Path) -> Rule:
    """A Rule from a cached record, without the dataclass's __init__ (several times
    slower per rule; a pack can hold 100,000): the same fields, the same object."""
    rule = object.__new__(Rule)
    fields = dict(zip(_RECORD_FIELDS, record))
    fields["source"] = source
    rule.__dict__ = fields
    return rule


def _parse_yaml(file: Path):
    import yaml

    try:
        text = file.read_text(encoding="utf-8")
    except (OSError, UnicodeDecodeError) as exc:
        raise RulePackError(f"{file}: cannot read rule pack: {exc}") from None
    try:
        loader = getattr(yaml, "CSafeLoader", yaml.SafeLoader)
        data = yaml.load(text, Loader=loader)
    except yaml.YAMLError as exc:
        where = getattr(exc, "problem_mark", None)
        at = f" (line {where.line + 1}, column {where.column + 1})" if where else ""
        problem = getattr(exc, "problem", None) or str(exc).splitlines()[0]
        raise RulePackError(f"{file}: invalid YAML{at}: {problem}") from None
    return data


def _rule_from(entry, index: int, file: Path) -> Rule:
    if not isinstance(entry, dict):
        raise RulePackError(f"{file}: rule #{index + 1}: a rule is a mapping of fields")
    rule_id = entry.get("id")
    label = f"rule {rule_id}" if isinstance(rule_id, str) else f"rule #{index + 1}"
    for name, expected in COMMON_FIELDS.items():
        if name in entry and not isinstance(entry[name], expected):
            raise RulePackError(f"{file}: {label}: field '{name}': must be a {expected.__name__}")
    for name in ("id", "kind", "description"):
        if name not in entry:
            raise RulePackError(f"{file}: {label}: field '{name}': missing")
    if not RULE_ID.match(rule_id):
        raise RulePackError(
            f"{file}: {label}: field 'id': must be dotted lower-case, like 'spacing.double-space'"
        )
    kind = entry["kind"]
    if kind not in KINDS:
        raise RulePackError(
            f"{file}: {label}: field 'kind': unknown kind '{kind}' (known: {', '.join(sorted(KINDS))})"
        )
    severity = entry.get("severity", "warning")
    if severity not in SEVERITIES:
        raise RulePackError(
            f"{file}: {label}: field 'severity': must be one of {', '.join(SEVERITIES)}"
        )
    examples = entry.get("examples") or {}
    for name in ("bad", "good"):
        value = examples.get(name, [])
        if not isinstance(value, list) or not all(isinstance(v, str) for v in value):
            raise RulePackError(f"{file}: {label}: field 'examples.{name}': must be a list of strings")
    example_settings = examples.get("settings", {})
    if not isinstance(example_settings, dict):
        raise RulePackError(f"{file}: {label}: field 'examples.settings': must be a mapping of settings")
    params = {k: v for k, v in entry.items() if k not in COMMON_FIELDS}
    rule = Rule(
        id=rule_id,
        kind=kind,
        severity=severity,
        message=entry.get("message", entry["description"]),
        description=entry["description"],
        explanation=entry.get("explanation", ""),
        params=params,
        source=file,
        fix_safe=entry.get("fix_safe", False),
        bad_examples=list(examples.get("bad", [])),
        good_examples=list(examples.get("good", [])),
        example_settings=dict(example_settings),
    )
    _kind(kind).validate(rule)
    return rule


_KIND_MODULES: dict = {}


def _kind(name: str):
    """kind_module(name), looked up once per run rather than once per rule."""
    if name not in _KIND_MODULES:
        _KIND_MODULES[name] = kind_module(name)
    return _KIND_MODULES[name]
