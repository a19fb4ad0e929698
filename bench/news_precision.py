#!/usr/bin/env python3
"""Precision on clean copy: findings per 10,000 words of every rule at default settings,
on news-style paragraphs written for copylint (tests/fixtures/news: multi-paragraph
quotations, straight quotes, British "Mr" house style, scraped paragraphs joined onto
one line) and on the clean fiction of the development corpus (../shared/corpus, when
present). Every finding on this text is a false alarm. Figures in docs/precision.md.

Run: python bench/news_precision.py [--json OUT]
"""
from __future__ import annotations

import argparse
import json
import sys
from collections import Counter
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))

NEWS = ROOT / "tests" / "fixtures" / "news"
CORPUS = ROOT.parent / "shared" / "corpus"


def measure(paths: list[Path]) -> dict:
    """Words, findings and findings per 10,000 words, in total and per rule, with every
    rule at its default settings (as `copylint lint` runs with no configuration)."""
    from checker.config import Settings
    from checker.engine import Engine
    from checker.runner import check_text

    engine = Engine(Settings())
    words, per_rule, examples = 0, Counter(), []
    for path in paths:
        text = path.read_text(encoding="utf-8")
        words += len(text.split())
        for f in check_text(engine, text).findings:
            per_rule[f.rule] += 1
            examples.append(f"{path.name}: {f.rule} {text[f.start:f.end]!r}")
    total = sum(per_rule.values())
    return {"files": len(paths), "words": words, "findings": total,
            "per_10k_words": round(total * 10_000 / words, 2) if words else 0.0,
            "per_rule": dict(per_rule.most_common()), "findings_list": examples}


def news_paths() -> list[Path]:
    return sorted(NEWS.glob("*.txt"))


def corpus_paths() -> list[Path]:
    return sorted(CORPUS.glob("gutenberg_*.txt")) if CORPUS.is_dir() else []


def main(argv=None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--json", type=Path, help="write the figures here too")
    args = parser.parse_args(argv)
    results = {"news (written for copylint)": measure(news_paths())}
    if corpus_paths():
        results["clean fiction (../shared/corpus)"] = measure(corpus_paths())
    for name, r in results.items():
        print(f"{name}: {r['words']:,} words in {r['files']} files, {r['findings']} findings, "
              f"{r['per_10k_words']} per 10,000 words")
        for rule, count in r["per_rule"].items():
            print(f"    {rule}: {count}")
        for line in r["findings_list"]:
            print(f"    - {line}")
    if args.json:
        args.json.write_text(json.dumps(results, indent=2), encoding="utf-8")
    return 0


if __name__ == "__main__":
    sys.exit(main())
