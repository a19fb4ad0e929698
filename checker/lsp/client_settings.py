"""Settings an editor sends (initializationOptions, then the `copylint` section of
workspace/configuration), checked and turned into the layer that `SettingsResolver`
puts over configuration files, as it does with options typed on the command line.

Keys (camelCase as editors write them; kebab-case and snake_case are accepted too):
`select`, `ignore` (lists of rule ids or prefixes, or comma-separated strings),
`garbleThreshold` (0..1), `languagetool` (a table like `[tool.copylint.languagetool]`),
`ruleDocUrl` (a link for each diagnostic's code, `{rule}` replaced by the rule id).
"""
from __future__ import annotations

from dataclasses import dataclass, field

from ..config import Settings

KNOWN = ("select", "ignore", "garble_threshold", "languagetool", "rule_doc_url")


class ClientSettingsError(ValueError):
    """A client setting that cannot be used; the message names the key."""


@dataclass
class ClientSettings:
    settings: Settings = field(default_factory=Settings)
    given: frozenset = frozenset()  # the Settings fields the client set
    rule_doc_url: str | None = None


def _norm(key: str) -> str:
    out = []
    for char in str(key):
        if char.isupper():
            out.append("_" + char.lower())
        else:
            out.append("_" if char == "-" else char)
    return "".join(out)


def _ids(value, key: str) -> list[str]:
    items = [value] if isinstance(value, str) else value
    if not isinstance(items, list) or not all(isinstance(i, str) for i in items):
        raise ClientSettingsError(f"client setting '{key}': must be a list of rule ids or prefixes")
    return [part.strip() for item in items for part in item.split(",") if part.strip()]


def merged(*layers) -> dict:
    """The client's layers (initializationOptions, then workspace/configuration), later
    keys over earlier; anything that is not a table is ignored."""
    out: dict = {}
    for layer in layers:
        if isinstance(layer, dict):
            out.update({_norm(k): v for k, v in layer.items()})
    return out


def parse(options: dict) -> ClientSettings:
    """ClientSettings from merged options, or ClientSettingsError naming the key."""
    values: dict = {}
    unknown = sorted(k for k in options if k not in KNOWN)
    if unknown:
        raise ClientSettingsError(
            f"unknown client setting '{unknown[0]}' (known: select, ignore, garbleThreshold, "
            "languagetool, ruleDocUrl)")
    for key in ("select", "ignore"):
        if options.get(key) is not None:
            values[key] = _ids(options[key], key)
    threshold = options.get("garble_threshold")
    if threshold is not None:
        if isinstance(threshold, bool) or not isinstance(threshold, (int, float)) or not 0 <= threshold <= 1:
            raise ClientSettingsError("client setting 'garbleThreshold': must be a number from 0 to 1")
        values["garble_threshold"] = float(threshold)
    languagetool = options.get("languagetool")
    if languagetool is not None:
        if not isinstance(languagetool, dict):
            raise ClientSettingsError("client setting 'languagetool': must be a table of LanguageTool options")
        values["languagetool"] = dict(languagetool)
    url = options.get("rule_doc_url")
    if url is not None and (not isinstance(url, str) or "{rule}" not in url):
        raise ClientSettingsError("client setting 'ruleDocUrl': must be a URL containing {rule}")
    return ClientSettings(settings=Settings(**values), given=frozenset(values), rule_doc_url=url or None)
