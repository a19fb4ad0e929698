#!/usr/bin/env python3
"""Measures the garble detector (figures quoted in docs/garble.md).

  * tortured phrases (the `literal` rows of a development TSV, default
    ../shared/corpus/tortured-dev.tsv), each in three carrier sentences written here,
    and a control sentence with the expected phrase: recall, top-1 fix accuracy (the
    fix is the expected phrase; and, looser, the fixed sentence holds it),
    control false-positive rate; for all rows and for a held-out third (rows whose
    index is 2 mod 3) that no threshold was tuned on by hand;
  * clean prose (../shared/corpus/*.txt): garble findings, and findings of the whole
    tool, per 10,000 words;
  * a spun and an original paragraph written here: the spin score of each;
  * time: the lexicon's load, and lint time with and without the garble rules.

Run: PYTHONPATH=. python bench/garble_eval.py [--tsv FILE] [--corpus DIR] [--threshold X]
"""
from __future__ import annotations

import argparse
import csv
import re
import sys
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))

from checker.config import Settings  # noqa: E402
from checker.document import Document  # noqa: E402
from checker.engine import Engine  # noqa: E402
from checker.garble.spin import spin_score  # noqa: E402
from checker.runner import check_text  # noqa: E402

CARRIERS = (
    "In this study the {} was examined on three separate samples.",
    "Earlier work on {} left several questions open.",
    "We report how {} changed over the last decade.",
)
REPEATS = 3
CONTROL = "Earlier work on {} left several questions open."

ORIGINAL = (
    "The prime minister held a press conference on Tuesday. She said that climate change and "
    "global warming would dominate the summit, and that the central bank would keep interest rates "
    "low. Critics said the government already controls everything and warned that the opposition "
    "is in no condition to mount a serious campaign before the election."
)
SPUN = (
    "The prime minister held a press conference on Tuesday. She said that climate alteration and "
    "worldwide warming would dominate the summit, and that the central bank would keep interest rates "
    "low. Critics said the government already have everything control and warned that mounting a "
    "serious campaign before the election is not a condition."
)


def expected_forms(expected: str) -> list[str]:
    text = re.sub(r"\(.*?\)", "", expected).lower()
    return [alt.strip() for alt in text.split("/") if alt.strip()]


def garble_findings(engine, text):
    return [f for f in check_text(engine, text).findings if f.rule.startswith("garble.")]


def phrase_rows(tsv: Path) -> list[tuple[str, str]]:
    with tsv.open(encoding="utf-8", newline="") as handle:
        rows = [r for r in csv.reader(handle, delimiter="\t") if len(r) > 2 and r[2] == "literal"]
    return [(r[0], r[1]) for r in rows]


def fixed_text_has(text: str, finding, forms: list[str]) -> bool:
    """Whether applying the finding's fix gives a sentence holding the expected phrase
    (or the plural or singular of its last word): a fix of part of a longer tortured
    phrase ("fragmentary differential equations" -> "partial differential equations")
    counts when the sentence then reads as the writer meant."""
    if not finding.fix:
        return False
    result = (text[:finding.start] + finding.fix + text[finding.end:]).lower()
    for form in forms:
        variants = {form, form + "s", form[:-1] if form.endswith("s") else form}
        if any(re.search(rf"\b{re.escape(v)}\b", result) for v in variants):
            return True
    return False


def measure_phrases(engine, rows):
    flagged = fixed = fixed_in_text = controls = cases = 0
    for tortured, expected in rows:
        forms = expected_forms(expected)
        for carrier in CARRIERS:
            text = carrier.format(tortured)
            start = text.index(tortured)
            span = (start, start + len(tortured))
            cases += 1
            hits = [f for f in garble_findings(engine, text) if f.start < span[1] and f.end > span[0]]
            if hits:
                flagged += 1
                if hits[0].fix and hits[0].fix.lower() in forms:
                    fixed += 1
                if fixed_text_has(text, hits[0], forms):
                    fixed_in_text += 1
        if forms and garble_findings(engine, CONTROL.format(forms[0])):
            controls += 1
    return {"rows": len(rows), "cases": cases, "recall": flagged / cases, "top1_fix": fixed / cases,
            "top1_fix_of_flagged": fixed / flagged if flagged else 0.0, "controls_flagged": controls / len(rows),
            "fixed_text_of_flagged": fixed_in_text / flagged if flagged else 0.0}


def measure_clean(engine_garble, engine_all, corpus: Path):
    words = garbles = total = 0
    for path in sorted(corpus.glob("*.txt")):
        if "LICENSE" in path.name.upper():
            continue
        text = path.read_text(encoding="utf-8")
        words += Document.from_text(text).word_count
        garbles += len(check_text(engine_garble, text).findings)
        total += len(check_text(engine_all, text).findings)
    return {"words": words, "garble_findings": garbles, "garble_per_10k": garbles * 10_000 / max(words, 1),
            "all_findings": total, "all_per_10k": total * 10_000 / max(words, 1)}


def measure_tech(engine, folder: Path):
    """Garble findings per 10,000 words of technical documentation (the HTML of the
    Debian packages bench/fetch_tech_docs.sh unpacks, one folder each): correct
    technical prose that no threshold here was set on at first (see docs/garble.md)."""
    from checker.runner import lint_paths
    from checker.sources import discover

    rows = []
    for package in sorted(p for p in folder.iterdir() if p.is_dir()):
        files, _ = discover([str(package)], (".html", ".htm"))
        words = found = 0
        for result in lint_paths(engine, files):
            if result.document is not None:
                words += result.document.word_count
                found += len(result.findings)
        rows.append((package.name, words, found))
    return rows


def measure_time(corpus: Path):
    from checker.garble import lexicon

    load_time = float("inf")
    for _ in range(REPEATS):  # CPU time, best of a few runs: the machine may be busy
        lexicon.load.cache_clear()
        started = time.process_time()
        lexicon.load().expect(lexicon.WHOLE_AFTER + 1)  # every table, as for a long text
        load_time = min(load_time, time.process_time() - started)
    texts = [p.read_text(encoding="utf-8") for p in sorted(corpus.glob("*.txt")) if "LICENSE" not in p.name.upper()]
    timings = {}
    for label, settings in (("without", Settings(ignore=["garble"])), ("with", Settings())):
        engine = Engine(settings)
        timings[label] = float("inf")
        for _ in range(REPEATS):
            started = time.process_time()
            for text in texts:
                check_text(engine, text)
            timings[label] = min(timings[label], time.process_time() - started)
    return {"lexicon_load_s": load_time, "lint_s_without_garble": timings["without"],
            "lint_s_with_garble": timings["with"], "garble_added": timings["with"] / timings["without"] - 1}


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--tsv", default=str(ROOT.parent / "shared" / "corpus" / "tortured-dev.tsv"))
    parser.add_argument("--corpus", default=str(ROOT.parent / "shared" / "corpus"))
    parser.add_argument("--threshold", type=float, default=0.5)
    parser.add_argument("--tech-docs", default="/tmp/copylint-tech-docs",
                        help="folder of technical documentation (bench/fetch_tech_docs.sh fills it); skipped when absent")
    parser.add_argument("--skip-time", action="store_true", help="do not time the detector")
    args = parser.parse_args()
    for path in (args.tsv, args.corpus):
        if not Path(path).exists():
            parser.exit(2, f"garble_eval: error: no such file or folder: {path}\n")

    garble = Engine(Settings(select=["garble"], garble_threshold=args.threshold))
    everything = Engine(Settings(garble_threshold=args.threshold))
    rows = phrase_rows(Path(args.tsv))
    print(f"garble_threshold = {args.threshold}")
    tuning = [row for k, row in enumerate(rows) if k % 3 != 2]
    for label, subset in (("all literal rows", rows), ("tuning two thirds", tuning), ("held-out third", rows[2::3])):
        m = measure_phrases(garble, subset)
        print(f"{label}: {m['rows']} phrases, {m['cases']} carrier sentences: recall {m['recall']:.1%}, "
              f"top-1 fix {m['top1_fix']:.1%} ({m['top1_fix_of_flagged']:.0%} of flagged; fixed sentence "
              f"right for {m['fixed_text_of_flagged']:.0%} of flagged), controls flagged {m['controls_flagged']:.1%}")
    c = measure_clean(garble, everything, Path(args.corpus))
    print(f"clean prose: {c['words']} words, {c['garble_findings']} garble findings "
          f"({c['garble_per_10k']:.2f} per 10,000 words); whole tool {c['all_findings']} "
          f"({c['all_per_10k']:.2f} per 10,000 words)")
    tech = Path(args.tech_docs)
    if tech.is_dir():
        rows = measure_tech(garble, tech)
        words, found = sum(r[1] for r in rows), sum(r[2] for r in rows)
        print(f"technical documentation: {words} words, {found} garble findings "
              f"({found * 10_000 / max(words, 1):.2f} per 10,000 words): " +
              ", ".join(f"{name} {n * 10_000 / max(w, 1):.2f}" for name, w, n in rows))
    else:
        print(f"technical documentation: skipped ({tech} is absent; bench/fetch_tech_docs.sh fills it)")
    for label, text in (("original", ORIGINAL), ("spun", SPUN)):
        doc = Document.from_text(text)
        found = garble_findings(garble, text)
        print(f"spin score, {label} paragraph: {spin_score(found, doc):.2f} ({len(found)} garble findings)")
    if args.skip_time:
        return
    t = measure_time(Path(args.corpus))
    print(f"lexicon load {t['lexicon_load_s']:.2f} s; lint of the clean corpus {t['lint_s_without_garble']:.2f} s "
          f"without garble, {t['lint_s_with_garble']:.2f} s with (+{t['garble_added']:.0%})")


if __name__ == "__main__":
    try:
        main()
    except BrokenPipeError:  # output piped into `head`: stop quietly
        sys.stderr.close()
        sys.exit(0)
