#!/usr/bin/env python3
"""Where the deep tier loses the rows of a development sample (docs/garble.md, "Where
the science rows are lost"): recall says how many tortured phrases are flagged, this
says at which step each of the others stops, so that work goes where the rows are.

Each row's tortured phrase is put in one carrier sentence of bench/garble_eval.py,
each sentence read alone, and followed through the deep tier as `deep.plan` runs it:
is a word of it suspect, does a suspect word make a pair shaped like a noun phrase,
is every such pair ordinary English, is a pair among the spans searched, is the right
original among the candidates and the best of them, and does the best reach the
margin. Every candidate is scored (no bound skips a hopeless span), so a row below the
margin still shows whether the search reached its original.

Run: PYTHONPATH=. python bench/garble_stages.py [--rows tuning|held-out] [--step N]
     [--carrier K] [--examples N] [--model NAME]
"""
from __future__ import annotations

import argparse
import sys
from collections import Counter
from pathlib import Path
from types import SimpleNamespace

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))

from bench.garble_eval import CARRIERS, expected_forms, fixed_text_has, phrase_rows  # noqa: E402
from checker.garble import deep  # noqa: E402

STAGES = (
    "no suspect word",
    "a suspect word, no pair shaped like a noun phrase",
    "every pair ordinary English",
    "not among the spans searched",
    "searched, no candidate",
    "below the margin, right original not a candidate",
    "below the margin, right original a lesser candidate",
    "below the margin, right original the best",
    "flagged, right original not a candidate",
    "flagged, right original a lesser candidate",
    "flagged, right fix",
)
CHUNK = 24  # sentences read in one pass


def stage(suspect: bool, paired: bool, unordinary: bool, searched: bool,
          candidates: list[tuple[float, bool]], margin: float) -> str:
    """The step at which a row stops. `candidates`: (gain, whether it is the right
    original) of every candidate of the spans searched on the phrase, in any order."""
    if not searched:
        if not paired:
            return STAGES[1] if suspect else STAGES[0]
        return STAGES[3] if unordinary else STAGES[2]
    if not candidates:
        return STAGES[4]
    ranked = sorted(candidates, key=lambda c: -c[0])
    right = [k for k, (_, ok) in enumerate(ranked) if ok]
    place = 0 if not right else (1 if right[0] else 2)
    return STAGES[(8 if ranked[0][0] >= margin else 5) + place]


def stages(rows: list[tuple[str, str]], lm, lex, carrier: str = CARRIERS[0]) -> list[tuple[str, str, str]]:
    """(tortured phrase, expected, stage) of each row."""
    margin = deep.verdict_of(lm).margin
    out = []
    for at in range(0, len(rows), CHUNK):
        chunk = rows[at:at + CHUNK]
        texts = [carrier.format(tortured) for tortured, _ in chunk]
        prose = "\n\n".join(texts)
        spans, pos = [], 0
        for text in texts:
            spans.append((pos, pos + len(text)))
            pos += len(text) + 2
        read = deep.read(prose, spans, lm)
        planned = deep.plan(read, lm, lex, threshold=1e-9)
        deep.conclude([planned], lm)
        for (tortured, expected), text, (offset, analysis) in zip(chunk, texts, read):
            start = text.index(tortured)
            end = start + len(tortured)
            words = deep.words_of(analysis)

            def touches(a: int, b: int) -> bool:
                return words[a].start < end and words[b - 1].end > start

            suspect = any(start <= w.start and w.end <= end and w.surprisal >= deep.SUSPECT_NATS
                          and deep._content(w, lex) for w in words)
            pairs = [ordinary for (a, b), ordinary in deep.suspect_pairs(words, analysis.text, lex).items()
                     if touches(a, b)]
            paired, unordinary = bool(pairs), not all(pairs)
            jobs = [job for job in planned.jobs if job.analysis is analysis
                    and job.words[0].start < end and job.words[-1].end > start]
            forms = expected_forms(expected)
            # a candidate is right when putting it in makes the sentence read as the writer meant
            candidates = [(gain, fixed_text_has(text, SimpleNamespace(start=job.words[0].start, end=job.words[-1].end,
                                                                      fix=" ".join(cand)), forms))
                          for job in jobs for gain, _, cand in job.scored]
            out.append((tortured, expected, stage(suspect, paired, unordinary, bool(jobs), candidates, margin)))
    return out


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--tsv", default=str(ROOT.parent / "shared" / "corpus" / "tortured-dev.tsv"))
    parser.add_argument("--rows", choices=("tuning", "held-out"), default="tuning",
                        help="the tuning two thirds or the held-out third (rows 2 mod 3)")
    parser.add_argument("--step", type=int, default=4, help="every STEP-th row of those")
    parser.add_argument("--carrier", type=int, default=0, choices=range(len(CARRIERS)))
    parser.add_argument("--examples", type=int, default=0, help="rows to show for each stage")
    parser.add_argument("--model", default=None, help="an installed model's name (default: the default model)")
    args = parser.parse_args()

    from checker.garble.lexicon import load
    from checker.lm import language_model
    from checker.lm.store import locate

    rows = phrase_rows(Path(args.tsv))
    rows = [r for k, r in enumerate(rows) if (k % 3 == 2) == (args.rows == "held-out")][::args.step]
    lm = language_model(str(locate(args.model)))
    found = stages(rows, lm, load(), CARRIERS[args.carrier])
    counts = Counter(s for _, _, s in found)
    print(f"{len(found)} {args.rows} rows (every {args.step}), carrier {args.carrier}, model {lm.name}")
    for name in STAGES:
        print(f"{counts[name]:5d} {counts[name] / max(len(found), 1):6.1%}  {name}")
        for tortured, expected, _ in [f for f in found if f[2] == name][:args.examples]:
            print(f"        {tortured!r} (expected {expected!r})")


if __name__ == "__main__":
    main()
