"""Settings for a run: defaults, then configuration files, then the command line."""
from __future__ import annotations

from dataclasses import dataclass, field

DEFAULT_EXTENSIONS = (".txt", ".md", ".markdown", ".html", ".htm", ".rst")


@dataclass
class Settings:
    select: list[str] = field(default_factory=list)  # ids or prefixes; empty: all
    ignore: list[str] = field(default_factory=list)
    severity: dict[str, str] = field(default_factory=dict)  # rule id or prefix -> severity
    fail_on: str = "warning"
    honorific_style: str = "auto"
    rules: list[str] = field(default_factory=list)  # extra rule packs (files or folders)
    extensions: tuple[str, ...] = DEFAULT_EXTENSIONS
    encoding: str | None = None  # None: UTF-8 (with or without BOM), else refuse
    garble_threshold: float = 0.5
    # the language-model tier of the garble rules (docs/garble.md): off unless asked for
    deep: bool = False
    model: str | None = None  # a GGUF file or converted folder; None: the installed model
    # keep the deep tier's verdicts per sentence across runs (checker/garble/deep_cache.py)
    deep_cache: bool = True
    # house limits for the `metric` rules (None: the packs' own; see docs/stats.md)
    max_sentence_words: int | None = None
    max_grade: float | None = None
    min_reading_ease: float | None = None
    # LanguageTool options (docs/grammar.md): the configuration's `languagetool` table
    # with the command line's --languagetool* options over it
    languagetool: dict = field(default_factory=dict)
    # The configuration file these settings came from (None: defaults and options only).
    config_file: str | None = None


def matches(rule_id: str, selectors: list[str]) -> bool:
    """True when a selector is the id or a dotted prefix of it ("spacing" ⊃ "spacing.x")."""
    return any(rule_id == s or rule_id.startswith(s + ".") for s in selectors)
