"""The one record every check produces and every report and fixer consumes."""
from __future__ import annotations

from dataclasses import dataclass, field, replace

SEVERITIES = ("info", "warning", "error")
SEVERITY_RANK = {name: rank for rank, name in enumerate(SEVERITIES)}


def severity_at_least(severity: str, threshold: str) -> bool:
    """True when `severity` is as grave as `threshold` ("never" is never reached)."""
    if threshold == "never":
        return False
    return SEVERITY_RANK[severity] >= SEVERITY_RANK[threshold]


def checked_severities(table, where: str, keys: str, error: type[Exception]) -> dict[str, str]:
    """A user's `name -> severity` table (rule ids in the configuration, LanguageTool
    issue types in its options), or `error` with one line: `WHERE: problem`. One check
    for both tables, so they accept the same values and refuse them in the same words."""
    if not isinstance(table, dict):
        raise error(f"{where}: must be a table of {keys} = severity ({', '.join(SEVERITIES)})")
    for name, severity in table.items():
        if severity not in SEVERITIES:
            raise error(f"{where}: '{name}': must be one of {', '.join(SEVERITIES)}, not {severity!r}")
    return {str(name): severity for name, severity in table.items()}


@dataclass(frozen=True, slots=True)
class Finding:
    """A problem at a span of the decoded text, with zero or more replacements.

    `start`/`end` are character offsets into the document's original decoded text
    (end exclusive). The first replacement is the proposed fix; `fix_safe` says it
    may be applied unattended. `confidence` is 1.0 for deterministic rules.
    """

    rule: str
    severity: str
    start: int
    end: int
    message: str
    replacements: tuple[str, ...] = ()
    fix_safe: bool = False
    confidence: float = 1.0
    # The span the fix rewrites when it differs from the reported one: wider (a deleted
    # line takes its line break with it) or inside it (a phrase read across an inline
    # tag rewrites only the words that change); None: the reported span.
    fix_span: tuple[int, int] | None = field(default=None, compare=False)
    data: dict = field(default_factory=dict, compare=False, hash=False, repr=False)

    @property
    def fix(self) -> str | None:
        return self.replacements[0] if self.replacements else None

    @property
    def edit_span(self) -> tuple[int, int]:
        return self.fix_span or (self.start, self.end)

    def with_severity(self, severity: str) -> "Finding":
        return replace(self, severity=severity)

    def sort_key(self) -> tuple:
        return (self.start, self.end, self.rule, self.message)
