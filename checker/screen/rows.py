"""One document -> one report row, built from the record `lint --format json` gives
the same document (checker/report/json_report.file_record), so that a row always
agrees with `lint`: the same findings, spin score and readability figures.

Columns (the same in every report format; docs/screen.md):
id, error, words, spin_score, findings, by_family, top, then readability figures.
A document that could not be read, or whose check raised or ran past the time
limit, is a row with `error` set and the figures empty.
"""
from __future__ import annotations

from ..report import FileResult
from ..report.json_report import file_record
from ..runner import check_text
from ..stats import family
from .deadline import CheckTimeout, time_limit

READABILITY = ("sentences", "flesch_reading_ease", "flesch_kincaid_grade", "gunning_fog",
               "smog_index", "coleman_liau_index", "dale_chall")
SEVERITY_RANK = {"error": 0, "warning": 1, "info": 2}
COLUMNS = ("id", "error", "words", "spin_score", "findings", "by_family", "top", *READABILITY)


def rank_key(record: dict):
    """Which findings are the top ones: errors before warnings before info, then the
    more confident, then the earlier in the text."""
    return (SEVERITY_RANK.get(record["severity"], 3), -record["confidence"], record["start"], record["rule"])


def row_from_record(record: dict, top: int) -> dict:
    """A report row from one file record of the JSON report."""
    row = {"id": record["path"], "error": record.get("error")}
    if row["error"] is not None:
        return {**row, "words": None, "spin_score": None, "findings": None, "by_family": {},
                "top": [], **dict.fromkeys(READABILITY)}
    findings = record["findings"]
    by_family: dict[str, int] = {}
    for f in findings:
        by_family[family(f["rule"])] = by_family.get(family(f["rule"]), 0) + 1
    stats = record["stats"]
    return {
        **row,
        "words": stats["words"],
        "spin_score": record["spin_score"],
        "findings": len(findings),
        "by_family": dict(sorted(by_family.items())),
        "top": sorted(findings, key=rank_key)[:top],
        **{name: stats[name] for name in READABILITY},
    }


def screen_text(engine, name: str, text: str, fmt: str, top: int, seconds: float | None) -> dict:
    """The row of one document's text. A check that raises or runs past `seconds`
    makes an error row; the worker and the partition go on."""
    try:
        with time_limit(seconds):
            record = file_record(check_text(engine, text, name, fmt), with_stats=True)
    except CheckTimeout:
        return error_row(name, f"{name}: not checked: the check took longer than {seconds:g} s")
    except Exception as exc:  # a bug in a check must cost one document, not the job
        return error_row(name, f"{name}: not checked: the check failed ({type(exc).__name__}: {' '.join(str(exc).split())})")
    return row_from_record(record, top)


def error_row(name: str, error: str) -> dict:
    return row_from_record(file_record(FileResult(path=name, document=None, error=error)), 0)
