#!/usr/bin/env python3
"""Trains the deep tier's probe (checker/lm/probe.py) for an installed model.

The training text is damaged here, by a spinner written for the purpose: in sentences
of technical documentation and of the novels, pairs that the lexicon knows as ordinary
English and that are shaped like a noun phrase have one word, the other or both
swapped for a thesaurus relative (the lexicon's WordNet and Moby relatives), as an
article spinner does ("neural network" -> "nervous communicate"). The probe learns
which words of such sentences were swapped, against the other words of the same
sentences and of undamaged ones. The development sample of tortured phrases is not
used, so the held-out rows stay held out.

Sentences: up to --per-package of each package of --docs (the tuning documentation
that bench/fetch_tech_docs.sh unpacks, not the held-out packages), and from the novels
of --corpus every seventh sentence from the second (damaged) and from the sixth (left
as they are), leaving out the sentences that bench/garble_eval.py samples from the
novels at the sizes docs/garble.md reports (--clean-words 2000 and 5000), so that its
fiction figures are held out from the probe. A sentence that holds a correct phrase of
the news swaps (bench/data/news-swaps*.tsv) is left out wherever it comes from (the
shipped probe's training text held none).

Features: the residual streams after --layers (lm/probe.py features), by default the
layers of the model's probe in checker/data.

Run: PYTHONPATH=. python tools/train_probe.py [--model smollm2-135m] [--docs DIR] [--corpus DIR]
"""
from __future__ import annotations

import argparse
import csv
import random
import re
import sys
import time
from pathlib import Path

import numpy as np

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))

from checker.document import Document  # noqa: E402
from bench.garble_eval import clean_sentences  # noqa: E402
from checker.garble import deep  # noqa: E402
from checker.garble.collocation import phrase_shaped  # noqa: E402
from checker.garble.lexicon import load  # noqa: E402
from checker.garble.pos import FUNCTION_WORDS  # noqa: E402
from checker.lm import language_model  # noqa: E402
from checker.lm.probe import DATA, features, fit, probe_for  # noqa: E402
from checker.lm.store import locate  # noqa: E402
from checker.sources import discover  # noqa: E402

SWAPS_PER_SENTENCE = 2
EVALUATED_WORDS = (2000, 5000)  # garble_eval's --clean-words in docs/garble.md: its samples stay out
RELATIVES = 12  # a swap picks among a word's first relatives (the lexicon's closest)
# the news swaps bench/garble_eval.py measures: no training sentence holds their phrases
NEWS_SWAPS = (ROOT / "bench" / "data" / "news-swaps-tuning.tsv", ROOT / "bench" / "data" / "news-swaps.tsv")


def sentences_of(text: str, fmt: str = "text") -> list[str]:
    """Whole sentences of 8 to 45 words, mostly letters, whitespace folded."""
    doc = Document.from_text(text, fmt=fmt)
    out = []
    for span in doc.sentences:
        sentence = " ".join(doc.prose[span.start:span.end].split())
        n = len(sentence.split())
        if "\ufffc" not in sentence and 8 <= n <= 45 and sum(c.isalpha() for c in sentence) > 0.7 * len(sentence):
            out.append(sentence)
    return out


def held_out_phrases(paths: tuple[Path, ...] = NEWS_SWAPS) -> re.Pattern:
    """The correct phrases of the news swaps that bench/garble_eval.py measures, as one
    pattern: a training sentence that holds one is left out, so that the probe has never
    seen the phrases whose swaps measure it."""
    phrases: set[str] = set()
    for path in paths:
        with path.open(encoding="utf-8") as rows:
            phrases |= {row["expression"] for row in csv.DictReader(rows, delimiter="\t")}
    phrases = sorted(phrases, key=len, reverse=True)
    return re.compile(r"\b(?:" + "|".join(map(re.escape, phrases)) + r")\b", re.IGNORECASE)


def documentation(folder: Path, per_package: int, rng: random.Random) -> list[str]:
    out = []
    for package in sorted(p for p in folder.iterdir() if p.is_dir()):
        files, _ = discover([str(package)], (".html", ".htm"))
        found: list[str] = []
        for path in sorted(files):
            found += sentences_of(Path(path).read_text(encoding="utf-8", errors="replace"), fmt="html")
            if len(found) > 4 * per_package:
                break
        rng.shuffle(found)
        out += found[:per_package]
    return out


def spin(sentence: str, lex, rng: random.Random):
    """The sentence with up to two ordinary pairs swapped, and the character spans of the
    words put in; None when it has no pair to swap."""
    words = [(m.start(), m.end(), m.group()) for m in deep.WORD.finditer(sentence)]
    content = [w.islower() and len(w) >= 3 and w not in FUNCTION_WORDS and lex.known(w) for _, _, w in words]
    pairs = [i for i in range(len(words) - 1)
             if content[i] and content[i + 1] and sentence[words[i][1]:words[i + 1][0]] == " "
             and lex.ordinary(f"{words[i][2]} {words[i + 1][2]}")
             and phrase_shaped((words[i][2], words[i + 1][2]), lex)]
    rng.shuffle(pairs)
    swaps: dict[int, str] = {}
    used: set[int] = set()
    made = 0
    for i in pairs:
        if used & {i - 1, i, i + 1, i + 2}:
            continue  # pairs apart, so that each keeps its context
        which = rng.choice(([i], [i + 1], [i, i + 1]))
        chosen = {j: deep.relatives(words[j][2], lex)[:RELATIVES] for j in which}
        if all(chosen.values()):
            swaps.update({j: rng.choice(options) for j, options in chosen.items()})
            used.update((i, i + 1))
            made += 1
            if made == SWAPS_PER_SENTENCE:
                break
    if not swaps:
        return None
    out, put, at = [], [], 0
    for j, (start, end, word) in enumerate(words):
        out.append(sentence[at:start])
        if j in swaps:
            begin = sum(map(len, out))
            out.append(swaps[j])
            put.append((begin, begin + len(swaps[j])))
        else:
            out.append(word)
        at = end
    out.append(sentence[at:])
    return "".join(out), put


def examples(lm, lex, sentences: list[tuple[str, list]], layers: tuple[int, ...]):
    """Features and labels of every content word the deep tier could judge."""
    X, y = [], []
    for at in range(0, len(sentences), 64):
        chunk = sentences[at:at + 64]
        for (text, put), analysis in zip(chunk, lm.analyse([t for t, _ in chunk], layers=layers)):
            words = deep.words_of(analysis)
            for index, word in enumerate(words):
                if deep._content(word, lex):
                    X.append(features(analysis.streams, words, index))
                    y.append(any(word.start < e and word.end > s for s, e in put))
        print(f"  read {min(at + 64, len(sentences))} of {len(sentences)}", file=sys.stderr, flush=True)
    return np.asarray(X), np.asarray(y, dtype=np.float64)


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--model", default=None, help="an installed model's name or a converted folder")
    parser.add_argument("--docs", default="/tmp/copylint-tech-docs", help="tuning documentation (bench/fetch_tech_docs.sh)")
    parser.add_argument("--corpus", default=str(ROOT.parent / "shared" / "corpus"))
    parser.add_argument("--per-package", type=int, default=600)
    parser.add_argument("--per-novel", type=int, default=600, help="sentences of each novel, damaged and not")
    parser.add_argument("--layers", default=None,
                        help="the layers whose streams the probe reads (from 0); default: those of the model's probe in checker/data")
    parser.add_argument("--penalty", type=float, default=100.0, help="L2 penalty (on standardised features)")
    parser.add_argument("--seed", type=int, default=7)
    parser.add_argument("--features", help="keep the features in this .npz, and fit from it when it exists")
    parser.add_argument("--out", help="where to write the probe (default: checker/data, the model's file)")
    args = parser.parse_args()

    folder = locate(args.model)
    lm = language_model(str(folder))
    named = deep.verdict_of(lm).probe
    if not named and not args.out:
        sys.exit(f"train_probe: no probe file is named for {lm.name!r} in checker/garble/deep.py VERDICTS; give --out")
    out = Path(args.out) if args.out else DATA / named
    if args.layers:
        layers = tuple(int(x) for x in args.layers.split(","))
    else:
        shipped = probe_for(named)  # the model's probe in checker/data, if it has one
        if shipped is None:
            sys.exit(f"train_probe: {lm.name!r} has no probe to take the layers from; give --layers")
        layers = tuple(shipped.layers)
    lex = load()
    started = time.perf_counter()
    if args.features and Path(args.features).is_file():
        saved = np.load(args.features)
        X, y, counts = saved["X"], saved["y"], saved["counts"].tolist()
        if tuple(saved["layers"]) != layers:
            sys.exit(f"train_probe: {args.features} holds the streams of layers {tuple(saved['layers'])}, not {layers}")
    else:
        rng = random.Random(args.seed)
        docs = documentation(Path(args.docs), args.per_package, rng)
        evaluated = {" ".join(s.split()) for n in EVALUATED_WORDS for s in clean_sentences(Path(args.corpus), n)}
        damaged, kept = [], []
        for path in sorted(Path(args.corpus).glob("*.txt")):
            if "LICENSE" in path.name.upper():
                continue
            sentences = [s for s in sentences_of(path.read_text(encoding="utf-8")) if s not in evaluated]
            damaged += sentences[1::7][:args.per_novel]
            kept += sentences[5::7][:args.per_novel]
        held = held_out_phrases()
        docs, damaged, kept = ([t for t in part if not held.search(t)] for part in (docs, damaged, kept))
        cut = len(docs) * 4 // 5
        spun = [s for s in (spin(t, lex, rng) for t in docs[:cut] + damaged) if s]
        plain = [(t, []) for t in docs[cut:] + kept]
        X, y = examples(lm, lex, spun + plain, layers)
        counts = [len(docs), len(damaged) + len(kept), len(spun), len(plain)]
        if args.features:
            np.savez(args.features, X=X, y=y, counts=np.asarray(counts), layers=np.asarray(layers))
    probe = fit(X, y, layers, penalty=args.penalty)
    about = {"documentation sentences": counts[0], "novel sentences": counts[1], "damaged sentences": counts[2],
             "undamaged sentences": counts[3], "words": int(len(y)), "swapped words": int(y.sum()),
             "penalty": args.penalty, "seed": args.seed, "tool": "tools/train_probe.py"}
    out.write_text(probe.to_json(lm.name, about) + "\n", encoding="utf-8")
    print(f"wrote {out}: {about} [{time.perf_counter() - started:.0f} s]")


if __name__ == "__main__":
    main()
