"""The settings that apply to each checked file, and one engine per distinct settings.

Layers, later over earlier: built-in defaults, the configuration file that applies to
the file (its top level, then each per-path override whose globs match, in order),
then the options given on the command line. `select` and scalar keys are replaced by
a later layer; `ignore` and extra rule packs add up; `severity` tables merge. A run
whose files share one configuration builds one engine.
"""
from __future__ import annotations

import dataclasses
import json
import os
from pathlib import Path

from .config import Settings, matches
from .configfile import ConfigError, ConfigFile, find_config, glob_matches, load_config

# options that the command line can set, and how each combines with configuration
REPLACED = ("select", "fail_on", "honorific_style", "encoding", "garble_threshold", "extensions",
            "max_sentence_words", "max_grade", "min_reading_ease", "deep", "model", "deep_cache")
MERGED = ("languagetool",)  # tables: the command line's keys over the configuration's
ADDED = ("ignore", "rules")


class SettingsResolver:
    def __init__(self, cli: Settings | None = None, given: set[str] | frozenset = frozenset(),
                 config: str | None = None, use_config: bool = True):
        """`cli`: settings built from the options; `given`: which of them the user typed
        (the others are defaults, which configuration may change); `config`: --config."""
        self.cli = cli or Settings()
        self.given = set(given)
        self.use_config = use_config
        self._explicit = load_config(Path(config), explicit=True) if config else None
        self._by_folder: dict[Path, ConfigFile | None] = {}
        self._checked: set[Path] = set()
        self._engines: dict[str, object] = {}
        self._settings: dict[tuple, Settings] = {}
        self._keys: dict[int, str] = {}  # id(settings) -> engine key, for settings made here
        self._keys_of: dict[int, Settings] = {}
        self._rules: dict[tuple, list] = {}
        if self._explicit:
            self.check(self._explicit)

    def __getstate__(self):
        """Sent to a worker that was not forked: it rebuilds engines itself."""
        state = dict(self.__dict__)
        state["_engines"], state["_rules"] = {}, {}
        return state

    # -- which configuration ---------------------------------------------------------
    def config_for(self, path: str) -> ConfigFile | None:
        if self._explicit or not self.use_config:
            return self._explicit
        folder = Path.cwd() if path == "-" else Path(path).resolve()
        if not folder.is_dir():
            folder = folder.parent
        if folder not in self._by_folder:
            found = find_config(folder)
            config = load_config(found) if found else None
            if config is not None:
                self.check(config)
            self._by_folder[folder] = config
        return self._by_folder[folder]

    # -- what applies to one file -------------------------------------------------------
    def settings_for(self, path: str) -> Settings:
        config = self.config_for(path)
        matched: tuple[int, ...] = ()
        if config is not None and config.overrides and path != "-":
            relative = _relative(Path(path).resolve(), config.base)
            if relative is not None:
                matched = tuple(i for i, o in enumerate(config.overrides)
                                if any(glob_matches(p, relative) for p in o.patterns))
        key = (config.path if config else None, matched)
        if key not in self._settings:
            self._settings[key] = self._combine(config, matched)
        return self._settings[key]

    def _combine(self, config: ConfigFile | None, matched: tuple[int, ...]) -> Settings:
        values = dataclasses.asdict(Settings())
        if config is not None:
            values["config_file"] = str(config.path)
            _apply(values, config.values)
            for index in matched:
                _apply(values, config.overrides[index].values)
        cli = dataclasses.asdict(self.cli)
        for key in REPLACED:
            if key in self.given:
                values[key] = cli[key]
        for key in ADDED:
            if key in self.given:
                values[key] = _union(values[key], cli[key])
        for key in MERGED:
            if key in self.given:
                values[key] = {**values[key], **cli[key]}
        values["extensions"] = tuple(values["extensions"])
        return Settings(**values)

    def engine_for(self, settings: Settings):
        """One engine per distinct settings that change what checks do."""
        key = self._keys.get(id(settings))
        if key is None or self._keys_of.get(id(settings)) is not settings:
            key = engine_key(settings)
            self._keys[id(settings)], self._keys_of[id(settings)] = key, settings
        if key not in self._engines:
            from .engine import Engine

            self._engines[key] = Engine(settings, rules=self._rules_for(settings.rules))
        return self._engines[key]

    def flush(self) -> None:
        """Write down what engines hold to write and have not yet (the uses the grammar
        cache read): a worker process calls this after each batch, since it ends
        without closing anything."""
        for engine in self._engines.values():
            grammar = getattr(engine, "grammar", None)
            if grammar is not None and not getattr(grammar, "closed", False):
                grammar.flush()

    def close(self) -> None:
        """Stop what engines started for the run (a grammar service, a local server)."""
        for engine in self._engines.values():
            grammar = getattr(engine, "grammar", None)
            if grammar is not None and not getattr(grammar, "closed", False):
                grammar.close()

    def rules_in_use(self) -> "RulesInUse":
        """The enabled rules of every engine built so far, each once (for reports that
        describe rules, such as SARIF's)."""
        return RulesInUse(self._engines)

    def _rules_for(self, packs: list[str]) -> list:
        from .rulepack import builtin_pack_dir, load_packs

        key = tuple(packs)
        if key not in self._rules:
            self._rules[key] = load_packs([builtin_pack_dir()] + [Path(p) for p in packs])
        return self._rules[key]

    # -- checking rule ids named in a configuration --------------------------------------
    def check(self, config: ConfigFile) -> None:
        """Every rule id in select/ignore/severity must name a rule (or a prefix of one)
        from the packs this configuration loads; otherwise ConfigError naming file and key."""
        if config.path in self._checked:
            return
        from .engine import _dynamic
        from .rule_runs import rule_ids
        from .rulepack import RulePackError

        layers = [(config.section, config.values, [])] + [
            (o.where, o.values, config.values.get("rules", [])) for o in config.overrides
        ]
        cli_rules = list(self.cli.rules) if "rules" in self.given else []
        for where, values, inherited in layers:
            packs = _union(_union(inherited, values.get("rules", [])), cli_rules)
            try:
                ids = rule_ids(self._rules_for(packs))
            except RulePackError as exc:
                raise ConfigError(f"{config.shown}: {where} key 'rules': {exc}") from None
            for key in ("select", "ignore", "severity"):
                for selector in values.get(key, []):
                    if not _dynamic(selector) and not any(matches(i, [selector]) for i in ids):
                        raise ConfigError(
                            f"{config.shown}: {where} key '{key}': unknown rule id or prefix '{selector}' "
                            "(see 'copylint rules')"
                        )
        self._checked.add(config.path)


def engine_key(settings: Settings) -> str:
    values = dataclasses.asdict(settings)
    for unused in ("fail_on", "extensions", "config_file"):  # encoding: engines read files with it
        values.pop(unused, None)
    return json.dumps(values, sort_keys=True, default=str)


def _apply(values: dict, layer: dict) -> None:
    for key, value in layer.items():
        if key == "ignore" or key == "rules":
            values[key] = _union(values[key], value)
        elif key == "severity":
            values[key] = {**values[key], **value}
        else:
            values[key] = value


def _union(first: list, second: list) -> list:
    return list(dict.fromkeys([*first, *second]))


def _relative(path: Path, base: Path) -> str | None:
    try:
        return path.relative_to(base).as_posix()
    except ValueError:
        rel = os.path.relpath(path, base)
        return None if rel.startswith("..") else Path(rel).as_posix()


class RulesInUse:
    """The enabled rules of a run's engines, each once, in the order first met: worked
    out each time they are read, so a rule of a packed run (checker/rule_runs.py) is
    made only for a report that reads them (most never do), and a report may read
    them more than once."""

    def __init__(self, engines: dict):
        self._engines = engines

    def __iter__(self):
        seen: dict[str, object] = {}
        for engine in self._engines.values():
            for rule in engine.rules:
                seen.setdefault(rule.id, rule)
        return iter(seen.values())
