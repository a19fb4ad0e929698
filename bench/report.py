"""The benchmark's outputs: the machine it ran on, a printed table, the targets
checked as ratios, and one JSON document with everything."""
from __future__ import annotations

import json
import os
import platform
import subprocess
import sys
import time
from pathlib import Path

from inputs import REPO


def machine() -> dict:
    cpu = platform.processor() or "unknown"
    try:
        for line in Path("/proc/cpuinfo").read_text().splitlines():
            if line.startswith("model name"):
                cpu = line.split(":", 1)[1].strip()
                break
    except OSError:
        pass
    try:
        memory_gb = os.sysconf("SC_PAGE_SIZE") * os.sysconf("SC_PHYS_PAGES") / 2**30
    except (ValueError, OSError, AttributeError):
        memory_gb = None
    try:
        commit = subprocess.run(["git", "-C", str(REPO), "rev-parse", "--short", "HEAD"],
                                capture_output=True, text=True, timeout=10).stdout.strip()
    except (OSError, subprocess.SubprocessError):
        commit = ""
    return {
        "nproc": os.cpu_count(),
        "cpu": cpu,
        "memory_gb": round(memory_gb, 1) if memory_gb else None,
        "python": sys.version.split()[0],
        "implementation": platform.python_implementation(),
        "platform": platform.platform(),
        "commit": commit,
        "date_utc": time.strftime("%Y-%m-%d %H:%M UTC", time.gmtime()),
        "load": load_average(),
    }


def load_average() -> list[float] | None:
    """Other work on a shared machine (1, 5 and 15 minutes), noted beside the figures."""
    try:
        return [round(x, 2) for x in os.getloadavg()]
    except OSError:
        return None


def _cell(value) -> str:
    if value is None:
        return "-"
    if isinstance(value, float):
        if value >= 1000:
            return f"{value:,.0f}"
        if value >= 100:
            return f"{value:.0f}"
        if value >= 10:
            return f"{value:.1f}"
        return f"{value:.3f}" if value < 1 else f"{value:.2f}"
    if isinstance(value, int):
        return f"{value:,}"
    return str(value)


def table(rows: list[dict], columns: list[tuple[str, str]]) -> str:
    """A plain-text (and Markdown-compatible) table of `rows`, `columns` = (key, title)."""
    cells = [[title for _, title in columns]] + [[_cell(row.get(key)) for key, _ in columns] for row in rows]
    widths = [max(len(line[i]) for line in cells) for i in range(len(columns))]
    lines = ["| " + " | ".join(c.ljust(w) for c, w in zip(line, widths)) + " |" for line in cells]
    lines.insert(1, "|" + "|".join("-" * (w + 2) for w in widths) + "|")
    return "\n".join(lines)


COLUMNS = {
    "startup": [("tool", "tool"), ("median_s", "median s"), ("min_s", "min s"), ("median_cpu_s", "CPU s"),
                ("peak_rss_mb", "peak RSS MB")],
    "throughput": [("tool", "tool"), ("words", "words"), ("median_s", "median s"), ("median_cpu_s", "CPU s"),
                   ("words_per_s", "words/s"),
                   ("findings", "findings"), ("checks", "checks"), ("peak_rss_mb", "peak RSS MB")],
    "rules": [("layout", "layout"), ("phrases", "phrases"), ("median_s", "median s"), ("vs_smallest", "x smallest"),
              ("median_cpu_s", "CPU s"), ("vs_smallest_cpu", "CPU x smallest"),
              ("first_s", "first run s"), ("pack_mb", "pack MB"), ("peak_rss_mb", "peak RSS MB")],
    "sizes": [("case", "input"), ("mb", "MB"), ("median_s", "median s"), ("s_per_mb", "s/MB"),
              ("net_s_per_mb", "s/MB less start-up"), ("net_cpu_s_per_mb", "CPU s/MB less start-up"), ("peak_rss_mb", "peak RSS MB"),
              ("rss_per_mb", "peak MB per input MB"), ("rss_growth_per_mb", "over start-up per input MB")],
    "deep": [("case", "input"), ("words", "words"), ("median_s", "median s"), ("median_cpu_s", "CPU s"),
             ("s_per_1000_words", "s per 1,000 words"), ("cpu_s_per_1000_words", "CPU s per 1,000 words"),
             ("first_s", "first run s"), ("peak_rss_mb", "peak RSS MB")],
    "files": [("case", "run"), ("files", "files"), ("median_s", "median s"), ("median_cpu_s", "CPU s"),
              ("files_per_s", "files/s"),
              ("peak_rss_mb", "peak RSS MB")],
}
TITLES = {
    "startup": "Start-up: a one-line file",
    "throughput": "Throughput: the corpus, whole process",
    "rules": "Rule count: the throughput text with generated phrase packs (--rules)",
    "sizes": "Input size: copylint with the default rules",
    "files": "Many small files",
    "deep": "The deep tier: lint --deep beside the default lint",
}


def render(results: dict) -> str:
    out = [f"copylint benchmark — {results['machine']['cpu']}, {results['machine']['nproc']} CPUs, "
           f"Python {results['machine']['python']}, {results['machine']['date_utc']}",
           f"source text: {results['source']}",
           f"load average (1, 5, 15 min) at the start: {results['machine'].get('load')}, "
           f"at the end: {results.get('load_at_end')}", ""]
    for name, section in results["sections"].items():
        out.append(f"## {TITLES.get(name, name)}")
        if section.get("skipped"):
            out.append(f"skipped: {section['skipped']}")
        else:
            out.append(table(section["rows"], COLUMNS[name]))
            for note in section.get("notes", []):
                out.append(f"- {note}")
        out.append("")
    out.append("## Targets")
    out.append(table(results["targets"], [("target", "target"), ("measured", "measured"), ("goal", "goal"),
                                          ("status", "status")]))
    return "\n".join(out)


def save(results: dict, folder: Path) -> Path:
    folder.mkdir(parents=True, exist_ok=True)
    stamp = time.strftime("%Y%m%d-%H%M%S", time.gmtime())
    path = folder / f"bench-{stamp}.json"
    text = json.dumps(results, indent=2, ensure_ascii=False) + "\n"
    path.write_text(text, encoding="utf-8")
    (folder / "latest.json").write_text(text, encoding="utf-8")
    return path
