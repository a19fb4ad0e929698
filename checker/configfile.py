"""Configuration files: finding the one that applies to a path, and reading it.

copylint reads `[tool.copylint]` from pyproject.toml, `[copylint]` from setup.cfg or
tox.ini, or a file named with `--config` (TOML unless it ends in .cfg or .ini). The
nearest file walking up from the checked file wins; files without a copylint section
are passed over. Every key is checked here, so a typo fails at start with the file
and the key named instead of being silently ignored. Which rule ids exist is only
known once the rule packs are loaded: `checker/resolve.py` checks those.
"""
from __future__ import annotations

import codecs
import os
from dataclasses import dataclass, field
from pathlib import Path

from .finding import checked_severities
from .grammar.options import ISSUE_TYPES

FILE_NAMES = ("pyproject.toml", "setup.cfg", "tox.ini")
FAIL_ON = ("error", "warning", "info", "never")
HONORIFIC_STYLES = ("auto", "period", "no-period")
# keys a per-path override may set (besides `paths`)
OVERRIDE_KEYS = ("select", "ignore", "severity", "honorific_style", "garble_threshold", "encoding", "rules",
                 "max_sentence_words", "max_grade", "min_reading_ease", "deep")


class ConfigError(Exception):
    """A configuration that cannot be used; the message names the file and the key."""


@dataclass
class Override:
    patterns: list[str]
    values: dict
    where: str  # e.g. "[[tool.copylint.overrides]] #2"


@dataclass
class ConfigFile:
    path: Path
    values: dict  # normalised keys ("fail_on"), checked and converted values
    overrides: list[Override] = field(default_factory=list)
    section: str = "[tool.copylint]"

    @property
    def base(self) -> Path:
        """Folder that relative paths in the file (rule packs, override globs) start from."""
        return self.path.parent

    @property
    def shown(self) -> str:
        return shown_path(self.path)


def shown_path(path: Path) -> str:
    """The path as a user would type it: relative to the current folder when inside it."""
    try:
        rel = os.path.relpath(path)
    except ValueError:
        return str(path)
    return str(path) if rel.startswith("..") else rel


# -- finding -------------------------------------------------------------------
def find_config(start: Path) -> Path | None:
    """The nearest configuration file at or above folder `start` that has a copylint section."""
    folder = start.resolve()
    for candidate_dir in (folder, *folder.parents):
        for name in FILE_NAMES:
            candidate = candidate_dir / name
            if candidate.is_file() and _has_section(candidate):
                return candidate
    return None


def _has_section(path: Path) -> bool:
    """Cheap test before a full parse: does the file mention a copylint section?"""
    try:
        text = path.read_text(encoding="utf-8", errors="replace")
    except OSError:
        return False
    if path.name == "pyproject.toml":
        if "copylint" not in text:
            return False
        try:
            import tomllib
        except ModuleNotFoundError:  # Python 3.10
            import tomli as tomllib
        try:
            tool = tomllib.loads(text).get("tool")
        except tomllib.TOMLDecodeError:
            return True  # mentions copylint but is broken: reading it reports why
        return isinstance(tool, dict) and "copylint" in tool
    return any(line.strip().lower().startswith("[copylint") for line in text.splitlines())


# -- reading -------------------------------------------------------------------
def load_config(path: Path, explicit: bool = False) -> ConfigFile:
    """Read and check one configuration file. `explicit`: named by --config, so a
    file without a copylint section is an error rather than passed over."""
    path = Path(path)
    shown = shown_path(path)
    try:
        raw = path.read_bytes()
    except FileNotFoundError:
        raise ConfigError(f"{shown}: no such configuration file") from None
    except OSError as exc:
        raise ConfigError(f"{shown}: cannot read configuration: {exc.strerror or exc}") from None
    try:
        text = raw.decode("utf-8-sig")
    except UnicodeDecodeError as exc:
        raise ConfigError(f"{shown}: not valid UTF-8 at byte {exc.start}") from None
    if path.suffix.lower() in (".cfg", ".ini"):
        table, overrides, section = _read_ini(text, shown)
    else:
        table, overrides, section = _read_toml(text, shown, pyproject=path.name == "pyproject.toml" or not explicit)
    if table is None:
        if explicit:
            raise ConfigError(f"{shown}: no {section} section")
        table = {}
    config = ConfigFile(path=path.resolve(), values={}, section=section)
    config.values = _check_table(table, f"{shown}: {section}", config.base, top=True)
    for index, entry in enumerate(overrides, 1):
        where = f"{shown}: {_override_label(section, index)}"
        if not isinstance(entry, dict):
            raise ConfigError(f"{where}: an override is a table with 'paths' and the keys it sets")
        entry = {_norm(k): v for k, v in entry.items()}
        patterns = entry.pop("paths", None)
        if isinstance(patterns, str):
            patterns = [patterns]
        if not patterns or not isinstance(patterns, list) or not all(isinstance(p, str) and p for p in patterns):
            raise ConfigError(f"{where} key 'paths': must be a non-empty list of glob patterns")
        for key in entry:
            if key not in OVERRIDE_KEYS:
                raise ConfigError(
                    f"{where} key '{key}': not allowed in an override (allowed: paths, {', '.join(OVERRIDE_KEYS)})"
                )
        values = _check_table(entry, where, config.base, top=False)
        config.overrides.append(Override(patterns=[p.replace(os.sep, "/") for p in patterns], values=values,
                                         where=_override_label(section, index)))
    return config


def _override_label(section: str, index: int) -> str:
    if section.startswith("[tool."):
        return f"[[tool.copylint.overrides]] #{index}"
    return f"[copylint.overrides] #{index}"


def _read_toml(text: str, shown: str, pyproject: bool):
    try:
        import tomllib
    except ModuleNotFoundError:  # Python 3.10
        import tomli as tomllib
    try:
        data = tomllib.loads(text)
    except tomllib.TOMLDecodeError as exc:
        raise ConfigError(f"{shown}: invalid TOML: {exc}") from None
    if pyproject:
        tool = data.get("tool")
        table = tool.get("copylint") if isinstance(tool, dict) else None
        section = "[tool.copylint]"
    else:  # a copylint.toml given with --config: the whole file, or its [tool.copylint]
        tool = data.get("tool")
        nested = tool.get("copylint") if isinstance(tool, dict) else None
        table, section = (nested, "[tool.copylint]") if nested is not None else (data, "(top level)")
    if table is None:
        return None, [], section
    if not isinstance(table, dict):
        raise ConfigError(f"{shown}: {section}: must be a table")
    table = dict(table)
    overrides = table.pop("overrides", [])
    if not isinstance(overrides, list):
        raise ConfigError(f"{shown}: {section} key 'overrides': must be an array of tables ([[tool.copylint.overrides]])")
    return table, overrides, section


def _read_ini(text: str, shown: str):
    import configparser

    parser = configparser.ConfigParser(interpolation=None, delimiters=("=",), comment_prefixes=("#", ";"),
                                       inline_comment_prefixes=("#", ";"))
    parser.optionxform = str  # keep keys as written, for messages
    try:
        parser.read_string(text, source=shown)
    except configparser.Error as exc:
        first = str(exc).splitlines()[0]
        raise ConfigError(f"{shown}: invalid INI: {first}") from None
    if not parser.has_section("copylint"):
        return None, [], "[copylint]"
    table = _ini_section(parser, "copylint", ("select", "ignore", "rules", "extensions"), shown)
    overrides = []
    for section in parser.sections():
        lower = section.lower()
        if lower == "copylint.languagetool":
            table["languagetool"] = _ini_section(parser, section, (), shown)  # lists: split by the grammar options
        elif lower.startswith("copylint.overrides"):
            overrides.append(_ini_section(parser, section, ("paths", "select", "ignore", "rules"), shown))
        elif lower.startswith("copylint") and lower != "copylint":
            raise ConfigError(
                f"{shown}: unknown section [{section}] (known: [copylint], [copylint.languagetool], "
                "[copylint.overrides.NAME])"
            )
    return table, overrides, "[copylint]"


def _ini_section(parser, section: str, list_keys: tuple[str, ...], shown: str) -> dict:
    """One INI section as a table: list keys split, `severity` a mapping, the rest scalars."""
    table: dict = {}
    for key, value in parser.items(section):
        nkey = _norm(key)
        if nkey in list_keys:
            table[key] = _ini_list(value)
        elif nkey == "severity":
            table[key] = _ini_mapping(value, f"{shown}: [{section}] key 'severity'")
        else:
            table[key] = _ini_scalar(value)
    return table


def _ini_list(value: str) -> list[str]:
    return [part.strip() for line in value.splitlines() for part in line.split(",") if part.strip()]


def _ini_mapping(value: str, where: str) -> dict:
    mapping = {}
    for item in _ini_list(value):
        key, sep, sev = item.partition(":")
        if not sep:
            key, sep, sev = item.partition("=")
        if not sep or not key.strip():
            raise ConfigError(f"{where}: write 'name: severity' pairs, got '{item}'")
        mapping[key.strip()] = sev.strip()
    return mapping


def _ini_scalar(value: str):
    text = value.strip()
    if text.lower() in ("true", "yes", "on"):
        return True
    if text.lower() in ("false", "no", "off"):
        return False
    for convert in (int, float):
        try:
            return convert(text)
        except ValueError:
            pass
    return text


# -- checking ------------------------------------------------------------------
def _norm(key: str) -> str:
    return str(key).strip().replace("-", "_")


TOP_KEYS = ("select", "ignore", "severity", "fail_on", "honorific_style", "rules", "extensions",
            "garble_threshold", "encoding", "languagetool", "max_sentence_words", "max_grade",
            "min_reading_ease", "deep", "model", "deep_cache")


def _check_table(table: dict, where: str, base: Path, top: bool) -> dict:
    values: dict = {}
    for raw_key, value in table.items():
        key = _norm(raw_key)
        at = f"{where} key '{raw_key}'"
        if top and key not in TOP_KEYS:
            raise ConfigError(f"{at}: unknown key (known: {', '.join(k.replace('_', '-') for k in TOP_KEYS)}, overrides)")
        if key in ("select", "ignore"):
            values[key] = _id_list(value, at)
        elif key == "severity":
            values[key] = checked_severities(value, at, "rule id or prefix", ConfigError)
        elif key == "fail_on":
            values[key] = _choice(value, FAIL_ON, at)
        elif key == "honorific_style":
            values[key] = _choice(value, HONORIFIC_STYLES, at)
        elif key == "rules":
            paths = [value] if isinstance(value, str) else value
            if not isinstance(paths, list) or not all(isinstance(p, str) and p for p in paths):
                raise ConfigError(f"{at}: must be a list of rule pack files or folders")
            resolved = [str((base / os.path.expanduser(p)).resolve()) for p in paths]
            for given, full in zip(paths, resolved):
                if not os.path.exists(full):
                    raise ConfigError(f"{at}: no such rule pack '{given}' (paths are relative to {base})")
            values[key] = resolved
        elif key == "extensions":
            names = [value] if isinstance(value, str) else value
            if not isinstance(names, list) or not names or not all(isinstance(e, str) and e.strip(".") for e in names):
                raise ConfigError(f"{at}: must be a non-empty list of file extensions like \".md\"")
            values[key] = tuple(e.lower() if e.startswith(".") else "." + e.lower() for e in names)
        elif key == "garble_threshold":
            if isinstance(value, bool) or not isinstance(value, (int, float)) or not 0 <= value <= 1:
                raise ConfigError(f"{at}: must be a number from 0 to 1")
            values[key] = float(value)
        elif key in ("deep", "deep_cache"):
            if not isinstance(value, bool):
                raise ConfigError(f"{at}: must be true or false")
            values[key] = value
        elif key == "model":
            if not isinstance(value, str) or not value:
                raise ConfigError(f"{at}: must be an installed model's name, or the path of a GGUF model file "
                                  "or a converted model folder")
            from .lm import MODEL_NAMES

            values[key] = value if value in MODEL_NAMES else str((base / os.path.expanduser(value)).resolve())
        elif key == "encoding":
            if not isinstance(value, str):
                raise ConfigError(f"{at}: must be an encoding name like \"utf-8\"")
            try:
                codecs.lookup(value)
            except LookupError:
                raise ConfigError(f"{at}: unknown encoding '{value}'") from None
            values[key] = value
        elif key == "max_sentence_words":
            if isinstance(value, bool) or not isinstance(value, int) or value < 0:
                raise ConfigError(f"{at}: must be a whole number of words (0: off)")
            values[key] = value
        elif key in ("max_grade", "min_reading_ease"):
            if isinstance(value, bool) or not isinstance(value, (int, float)):
                raise ConfigError(f"{at}: must be a number")
            values[key] = float(value)
        elif key == "languagetool":
            if not isinstance(value, dict):
                raise ConfigError(f"{at}: must be a table of LanguageTool options")
            values[key] = dict(value)
            if "severity" in value:  # checked here too, so that the message names the file
                checked_severities(value["severity"], f"{where} key '{raw_key}.severity'", ISSUE_TYPES,
                                   ConfigError)
    return values


def _id_list(value, at: str) -> list[str]:
    ids = [value] if isinstance(value, str) else value
    if isinstance(ids, list) and all(isinstance(i, str) for i in ids):
        return [part.strip() for i in ids for part in i.split(",") if part.strip()]
    raise ConfigError(f"{at}: must be a list of rule ids or prefixes")


def _choice(value, choices: tuple[str, ...], at: str) -> str:
    if value not in choices:
        raise ConfigError(f"{at}: must be one of {', '.join(choices)}, not {value!r}")
    return value


# -- per-path overrides ----------------------------------------------------------
def glob_matches(pattern: str, relative: str) -> bool:
    """gitignore-like: a pattern without '/' matches a file or folder name at any depth;
    otherwise it matches the path from the configuration's folder. `**` spans folders,
    `*` and `?` stay within one name. A folder that matches covers everything in it."""
    import re

    pattern = pattern.strip()
    anchored = "/" in pattern.rstrip("/")
    pattern = pattern.strip("/")
    regex = _glob_regex(pattern)
    parts = relative.split("/")
    if not anchored:
        return any(re.fullmatch(regex, part) for part in parts)
    return any(re.fullmatch(regex, "/".join(parts[:n])) for n in range(1, len(parts) + 1))


def _glob_regex(pattern: str) -> str:
    import re

    out, i = [], 0
    while i < len(pattern):
        c = pattern[i]
        if pattern.startswith("**/", i):
            out.append("(?:.*/)?")
            i += 3
            continue
        if pattern.startswith("**", i):
            out.append(".*")
            i += 2
            continue
        if c == "*":
            out.append("[^/]*")
        elif c == "?":
            out.append("[^/]")
        elif c == "[":
            end = pattern.find("]", i + 1)
            if end == -1:
                out.append(re.escape(c))
            else:
                body = pattern[i + 1:end]
                if body.startswith("!"):
                    body = "^" + body[1:]
                out.append(f"[{body}]")
                i = end + 1
                continue
        else:
            out.append(re.escape(c))
        i += 1
    return "".join(out)
