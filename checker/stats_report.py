"""Shows `copylint stats` figures: a table for people, JSON for programs, CSV for
spreadsheets; and the same three for `--compare` (old, new, change)."""
from __future__ import annotations

import csv
import json
import os

# (key, label) of the rows every table shows, in order; nested keys use "a.b".
ROWS = [
    ("words", "words"),
    ("sentences", "sentences"),
    ("paragraphs", "paragraphs"),
    ("average_sentence_words", "average sentence (words)"),
    ("longest_sentence.words", "longest sentence (words)"),
    ("longest_sentence.line", "  at line"),
    ("flesch_reading_ease", "Flesch reading ease"),
    ("flesch_kincaid_grade", "Flesch-Kincaid grade"),
    ("gunning_fog", "Gunning fog"),
    ("smog_index", "SMOG"),
    ("coleman_liau_index", "Coleman-Liau"),
    ("dale_chall", "Dale-Chall"),
    ("reading_time_seconds", "reading time"),
]
TOTAL = "(total)"


def value(stats: dict | None, key: str):
    if stats is None:
        return None
    if key.startswith("findings_per_1000_words.") and "findings_per_1000_words" in stats:
        return stats["findings_per_1000_words"].get(key.split(".", 1)[1], 0.0)  # none of that family
    for part in key.split("."):
        if not isinstance(stats, dict) or part not in stats:
            return None
        stats = stats[part]
    return stats


def _rows(columns: list[dict | None]) -> list[tuple[str, str]]:
    """Every (key, label) to show for these stats: fixed rows, then finding rates by
    family (those present anywhere), then the spin score when one is known."""
    rows = list(ROWS)
    families = sorted({f for s in columns if s for f in (s.get("findings_per_1000_words") or {})} - {"all"})
    if any(s and "findings_per_1000_words" in s for s in columns):
        rows.append(("findings_per_1000_words.all", "findings per 1,000 words"))
        rows += [(f"findings_per_1000_words.{f}", f"  {f}") for f in families]
    if any(s and "spin_score" in s for s in columns):
        rows.append(("spin_score", "spin score"))
    return rows


def _show(key: str, number, stats: dict | None = None) -> str:
    if number is None:
        return "-"
    if key == "reading_time_seconds":
        minutes, seconds = divmod(int(round(number)), 60)
        hours, minutes = divmod(minutes, 60)
        if hours:
            return f"{hours} h {minutes:02d} min"
        return f"{minutes} min {seconds:02d} s" if minutes else f"{seconds} s"
    if key == "longest_sentence.line" and stats and value(stats, "longest_sentence.path"):
        return f"{_short(os.path.basename(value(stats, 'longest_sentence.path')), 24)}:{number}"
    if isinstance(number, int):
        return f"{number:,}"
    return f"{number:,.1f}" if not key.startswith("findings") else f"{number:,.2f}"


def _short(text: str, width: int) -> str:
    return text if len(text) <= width else "…" + text[-(width - 1):]


def _table(headers: list[str], rows: list[list[str]], stream) -> None:
    widths = [max(len(r[i]) for r in [headers, *rows]) for i in range(len(headers))]
    for row in [headers, *rows]:
        cells = [row[0].ljust(widths[0])] + [c.rjust(w) for c, w in zip(row[1:], widths[1:])]
        stream.write("  ".join(cells).rstrip() + "\n")


# -- stats of files ---------------------------------------------------------------

def render(entries: list[tuple[str, dict | None, str | None]], total: dict | None, fmt: str,
           stream, version: str = "") -> None:
    """`entries`: (path, stats or None, error or None) per input."""
    if fmt == "json":
        document = {
            "tool": {"name": "copylint", "version": version},
            "files": [{"path": p, **({"stats": s} if s is not None else {}), **({"error": e} if e else {})}
                      for p, s, e in entries],
            "total": total,
        }
        json.dump(document, stream, ensure_ascii=False, indent=2)
        stream.write("\n")
        return
    good = [(p, s) for p, s, e in entries if s is not None]
    columns = [s for _, s in good] + ([total] if total is not None and len(good) > 1 else [])
    rows = _rows(columns)
    if fmt == "csv":
        keys = [k for k, _ in rows]
        writer = csv.writer(stream, lineterminator="\n")
        writer.writerow(["path", *map(flat, keys)])
        for path, s in good + ([(TOTAL, total)] if total is not None and len(good) > 1 else []):
            writer.writerow([path, *(_csv(value(s, k)) for k in keys)])
        return
    if not good:
        return
    headers = [""] + [_short(p, 28) for p, _ in good] + (["total"] if len(columns) > len(good) else [])
    body = [[label] + [_show(k, value(s, k), s) for s in columns] for k, label in rows]
    _table(headers, body, stream)


def flat(key: str) -> str:
    """The column name of a figure: "longest_sentence_words", "findings_per_1000_words.spacing"."""
    return key.replace(".", "_", 1) if key.startswith("longest_sentence.") else key


def _csv(number) -> str:
    return "" if number is None else str(number)


# -- comparison -------------------------------------------------------------------

def change(old: dict, new: dict) -> dict:
    """new − old for every number both have (flat keys, as in the CSV)."""
    out = {}
    for key, _ in _rows([old, new]):
        if key == "longest_sentence.line":
            continue
        a, b = value(old, key), value(new, key)
        if isinstance(a, (int, float)) and isinstance(b, (int, float)):
            out[flat(key)] = round(b - a, 2) + 0.0 if isinstance(b - a, float) else b - a
    return out


def render_compare(old: tuple[str, dict], new: tuple[str, dict], fmt: str, stream, version: str = "") -> None:
    delta = change(old[1], new[1])
    if fmt == "json":
        document = {"tool": {"name": "copylint", "version": version},
                    "old": {"path": old[0], "stats": old[1]},
                    "new": {"path": new[0], "stats": new[1]},
                    "change": delta}
        json.dump(document, stream, ensure_ascii=False, indent=2)
        stream.write("\n")
        return
    rows = _rows([old[1], new[1]])
    if fmt == "csv":
        writer = csv.writer(stream, lineterminator="\n")
        writer.writerow(["figure", old[0], new[0], "change"])
        for key, _ in rows:
            writer.writerow([flat(key), _csv(value(old[1], key)), _csv(value(new[1], key)), _csv(delta.get(flat(key)))])
        return
    body = []
    for key, label in rows:
        d = delta.get(flat(key))
        shown = "" if d is None else ("0" if d == 0 else _signed(key, d))
        body.append([label, _show(key, value(old[1], key)), _show(key, value(new[1], key)), shown])
    _table(["", _short(old[0], 28), _short(new[0], 28), "change"], body, stream)


def _signed(key: str, number) -> str:
    sign = "+" if number > 0 else "-"
    return sign + _show(key, abs(number))
