"""What a user can configure about grammar checking, validated once at start.

The options come from the `languagetool` table of the configuration
(`[tool.copylint.languagetool]` in pyproject.toml), with the command line and the
COPYLINT_LANGUAGETOOL environment variable overriding `server`.
"""
from __future__ import annotations

import os
from dataclasses import dataclass, field
from pathlib import Path

from ..finding import checked_severities

ENV_SERVER = "COPYLINT_LANGUAGETOOL"
OFF = ("off", "none", "false", "no", "")
# The port a LanguageTool server listens on when started by hand with its defaults.
DEFAULT_LOCAL_URL = "http://localhost:8081"
# what names the keys of the `severity` option (in messages)
ISSUE_TYPES = "LanguageTool issue type or category"

# LanguageTool's issue types (ITS 2.0 "localization quality issue types") and
# categories, mapped to copylint's severities. Spelling and grammar are warnings;
# style and anything else advisory are infos. A category setting beats an issue type.
DEFAULT_SEVERITY = {
    "misspelling": "warning",
    "grammar": "warning",
    "typographical": "warning",
    "whitespace": "warning",
    "duplication": "warning",
    "inconsistency": "warning",
    "style": "info",
    "register": "info",
    "locale-violation": "info",
    "terminology": "info",
    "uncategorized": "info",
    "STYLE": "info",
    "REDUNDANCY": "info",
    "PLAIN_ENGLISH": "info",
    "WIKIPEDIA": "info",
    "GENDER_NEUTRALITY": "info",
    "MISC": "warning",
}
FALLBACK_SEVERITY = "info"

# LanguageTool rules whose first suggestion is mechanical enough to apply unattended
# (it only removes or moves white space); every other suggestion needs a person.
SAFE_RULES = frozenset({"WHITESPACE_RULE", "COMMA_PARENTHESIS_WHITESPACE"})


class GrammarConfigError(ValueError):
    """A grammar option that cannot be used; the message names the key."""


@dataclass
class GrammarOptions:
    server: str | None = None  # None/off: no grammar; "local"; or a URL
    language: str = "en-US"
    mother_tongue: str | None = None
    enabled_rules: list[str] = field(default_factory=list)
    disabled_rules: list[str] = field(default_factory=list)
    enabled_categories: list[str] = field(default_factory=list)
    disabled_categories: list[str] = field(default_factory=list)
    enabled_only: bool = False
    picky: bool = False
    severity: dict[str, str] = field(default_factory=dict)  # issue type or category -> severity
    safe_rules: list[str] = field(default_factory=list)  # added to SAFE_RULES
    timeout: float = 15.0  # seconds for one request
    budget: float = 120.0  # seconds for all of a run's requests together
    max_request_chars: int = 10_000  # characters of text in one request
    cache: bool = True
    cache_dir: str | None = None  # default: $XDG_CACHE_HOME/copylint or ~/.cache/copylint
    local_url: str | None = None  # a running server `local` reuses (default DEFAULT_LOCAL_URL)
    start_timeout: float = 60.0  # seconds to wait for a started local server
    _severities: dict = field(default_factory=dict, repr=False, compare=False)

    @property
    def enabled(self) -> bool:
        return self.server is not None

    def severity_for(self, issue_type: str, category: str) -> str:
        key = (issue_type, category)
        if key not in self._severities:
            self._severities[key] = self._severity_for(issue_type, category)
        return self._severities[key]

    def _severity_for(self, issue_type: str, category: str) -> str:
        for table in (self.severity, DEFAULT_SEVERITY):  # the user's settings first
            found = table.get(category) or table.get(issue_type)
            if found:
                return found
        return FALLBACK_SEVERITY

    def is_safe(self, rule_id: str) -> bool:
        return rule_id in SAFE_RULES or rule_id in self.safe_rules

    def cache_path(self) -> Path:
        if self.cache_dir:
            return Path(self.cache_dir).expanduser()
        base = os.environ.get("XDG_CACHE_HOME") or str(Path.home() / ".cache")
        return Path(base) / "copylint"

    def fingerprint(self) -> str:
        """What changes LanguageTool's answer for the same text (part of cache keys)."""
        parts = [self.language, self.mother_tongue or "", ",".join(sorted(self.enabled_rules)),
                 ",".join(sorted(self.disabled_rules)), ",".join(sorted(self.enabled_categories)),
                 ",".join(sorted(self.disabled_categories)), str(self.enabled_only), str(self.picky)]
        return "|".join(parts)


_LISTS = ("enabled_rules", "disabled_rules", "enabled_categories", "disabled_categories", "safe_rules")
_BOOLS = ("enabled_only", "picky", "cache")
_NUMBERS = ("timeout", "budget", "start_timeout")
_STRINGS = ("language", "mother_tongue", "cache_dir", "local_url")


def options_from(table: dict | None) -> GrammarOptions:
    """GrammarOptions from a configuration table (keys may use - or _)."""
    opts = GrammarOptions()
    for raw_key, value in (table or {}).items():
        key = raw_key.replace("-", "_")
        where = f"languagetool option '{raw_key}'"
        if value is None:
            continue
        if key == "server":
            opts.server = parse_server(value, "LanguageTool server (--languagetool, COPYLINT_LANGUAGETOOL)")
        elif key in _LISTS:
            if isinstance(value, str):
                value = [v.strip() for v in value.split(",") if v.strip()]
            if not isinstance(value, list) or not all(isinstance(v, str) for v in value):
                raise GrammarConfigError(f"{where}: must be a list of names")
            setattr(opts, key, list(value))
        elif key in _BOOLS:
            if not isinstance(value, bool):
                raise GrammarConfigError(f"{where}: must be true or false")
            setattr(opts, key, value)
        elif key in _NUMBERS:
            if isinstance(value, bool) or not isinstance(value, (int, float)) or value <= 0:
                raise GrammarConfigError(f"{where}: must be a number of seconds above 0")
            setattr(opts, key, float(value))
        elif key == "max_request_chars":
            if isinstance(value, bool) or not isinstance(value, int) or value < 100:
                raise GrammarConfigError(f"{where}: must be a whole number of at least 100")
            opts.max_request_chars = value
        elif key in _STRINGS:
            if not isinstance(value, str):
                raise GrammarConfigError(f"{where}: must be a string")
            setattr(opts, key, value)
        elif key == "severity":
            opts.severity = checked_severities(value, where, ISSUE_TYPES, GrammarConfigError)
        else:
            raise GrammarConfigError(f"unknown languagetool option '{raw_key}' (see docs/grammar.md)")
    return opts


def parse_server(value, where: str = "--languagetool") -> str | None:
    """None for off, "local", or a base URL without a trailing /v2."""
    if value is False:  # `server = off` in an INI file reads as a boolean
        return None
    if not isinstance(value, str):
        raise GrammarConfigError(f"{where}: must be a URL, 'local' or 'off'")
    value = value.strip()
    if value.lower() in OFF:
        return None
    if value.lower() == "local":
        return "local"
    if not value.lower().startswith(("http://", "https://")):
        raise GrammarConfigError(f"{where}: '{value}' is not a URL (http://host:port), 'local' or 'off'")
    value = value.rstrip("/")
    if value.endswith("/v2"):
        value = value[:-3]
    return value
