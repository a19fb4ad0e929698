#!/usr/bin/env python3
"""Measures the garble detector (figures quoted in docs/garble.md).

  * tortured phrases (the `literal` rows of a development TSV, default
    ../shared/corpus/tortured-dev.tsv), each in three carrier sentences written here,
    and a control sentence with the expected phrase: recall, top-1 fix accuracy (the
    fix is the expected phrase; and, looser, the fixed sentence holds it),
    control false-positive rate; for all rows and for a held-out third (rows whose
    index is 2 mod 3) that no threshold was tuned on by hand;
  * clean prose (../shared/corpus/*.txt): garble findings, and findings of the whole
    tool, per 10,000 words; and the same for clean news written here
    (bench/data/news-clean.txt, 30,804 words of invented stories, and with --deep
    tests/fixtures/news too);
  * a spun and an original paragraph written here: the spin score of each;
  * news swaps written here (bench/data/news-swaps*.tsv: a news sentence, and the same
    sentence with one established phrase turned by hand the way a spinner's thesaurus
    turns it, "rush hour" -> "hurry hour"), each sentence alone: recall, top-1 fix,
    and the correct sentences flagged on the phrase; news-swaps-tuning.tsv may tune
    the deep tier, news-swaps.tsv is held out; the deep tier's probe has seen neither
    (tools/train_probe.py leaves out sentences that hold their phrases);
  * time: the lexicon's load, and lint time with and without the garble rules.

With --deep the same measures run for the language-model tier (the installed model,
or --model), batched into documents of many sentences since the model reads sentence
by sentence anyway; --sample and --clean-words bound its cost, and the fluency rule is
measured on clean sentences with one small word removed or doubled (recall of the
exact repair, and findings on the same sentences intact). Sure findings back weaker ones
near them, so the rows are measured in four layouts (--layouts): 40 damaged sentences
to a document, each alone, each followed by three correct sentences, and each followed
by nine (documents of 400 sentences).

Run: PYTHONPATH=. python bench/garble_eval.py [--tsv FILE] [--corpus DIR] [--threshold X]
     PYTHONPATH=. python bench/garble_eval.py --deep [--sample N] [--clean-words N]
"""
from __future__ import annotations

import argparse
import csv
import dataclasses
import re
import sys
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))

from checker.config import Settings  # noqa: E402
from checker.document import Document  # noqa: E402
from checker.engine import Engine  # noqa: E402
from checker.garble.acronym import ACRONYM  # noqa: E402
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


NEWS_SWAPS = {"tuning": ROOT / "bench" / "data" / "news-swaps-tuning.tsv",
              "held out": ROOT / "bench" / "data" / "news-swaps.tsv"}
NEWS = ROOT / "tests" / "fixtures" / "news"  # clean news-style copy written for copylint ...
NEWS_CLEAN = ROOT / "bench" / "data" / "news-clean.txt"  # ... and more: invented stories, a paragraph a line


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


def _batched_findings(engine, texts: list[str], per_document: int = 40) -> list[list]:
    """Garble findings of each text, checked many to a document (one per paragraph)."""
    out = []
    for at in range(0, len(texts), per_document):
        chunk = texts[at:at + per_document]
        starts, pos = [], 0
        for text in chunk:
            starts.append(pos)
            pos += len(text) + 2
        found = garble_findings(engine, "\n\n".join(chunk))
        for start, text in zip(starts, chunk):
            out.append([dataclasses.replace(f, start=f.start - start, end=f.end - start) for f in found
                        if start <= f.start and f.end <= start + len(text)])
    return out


def _on(findings, start: int, end: int) -> list:
    """The findings that touch the stretch [start, end) of their text."""
    return [f for f in findings if f.start < end and f.end > start]


def measure_phrases(engine, rows, per_document: int = 1, clean_between: int = 0):
    """Each row in each carrier sentence: how many are flagged, how many get the
    expected phrase as the fix (and, looser, a fixed sentence that holds it), and how
    many controls (the expected phrase in its carrier) are flagged. The sentences are
    checked `per_document` damaged ones to a document (1: each alone), with
    `clean_between` correct sentences (other rows' expected phrases, in any carrier)
    after each damaged one, whose findings are counted as `clean_in_mix`. The deep tier lets sure findings
    back weaker ones nearby, so how densely a document is damaged matters
    (docs/garble.md)."""
    cases = _in_carriers([(tortured, expected_forms(expected), "") for tortured, expected in rows])
    control_texts = [CONTROL.format(forms[0]) for forms in map(expected_forms, (e for _, e in rows)) if forms]
    # the correct sentences put between damaged ones: every row's expected phrase in every
    # carrier, taken in turn from half-way along, so that a document never holds one twice
    # (a repeated sentence would repeat its findings, and witnesses are counted by phrase)
    correct = list(dict.fromkeys(carrier.format(forms[0]) for carrier in CARRIERS
                                 for forms in map(expected_forms, (e for _, e in rows)) if forms))
    texts, damaged_at, clean_at = [], [], []
    for case in cases:
        damaged_at.append(len(texts))
        texts.append(case[0])
        for _ in range(clean_between):
            clean_at.append(len(texts))
            texts.append(correct[(len(clean_at) + len(correct) // 2) % len(correct)])
    found_all = _batched_findings(engine, texts, per_document * (1 + clean_between))
    control_hits = sum(bool(f) for f in _batched_findings(engine, control_texts, per_document))
    return {**_tally([found_all[at] for at in damaged_at], cases, control_hits, len(rows)),
            "clean_in_mix": sum(bool(found_all[at]) for at in clean_at) / max(len(clean_at), 1)}


def _in_carriers(items) -> list[tuple[str, tuple[int, int], list[str]]]:
    """Each (damaged phrase, expected forms, what follows the phrase) in each carrier
    sentence, a carrier at a time (so that no document of consecutive cases holds one
    phrase twice): (sentence, the damaged phrase's stretch, expected forms)."""
    cases = []
    for carrier in CARRIERS:
        for tortured, forms, after in items:
            text = carrier.format(tortured + after)
            start = text.index(tortured)
            cases.append((text, (start, start + len(tortured)), forms))
    return cases


def _tally(found, cases, control_hits: int, rows: int) -> dict:
    """What measure_phrases and measure_acronyms report: of the cases (text, its damaged
    stretch, the expected forms), with each one's findings, how many are flagged, how
    many get the expected phrase as the fix, and how many give a fixed sentence that
    holds it; and the share of the rows' controls flagged."""
    flagged = fixed = fixed_in_text = 0
    for hits, (text, span, forms) in zip(found, cases):
        hits = _on(hits, *span)
        if hits:
            flagged += 1
            fixed += bool(hits[0].fix and hits[0].fix.lower() in forms)
            fixed_in_text += fixed_text_has(text, hits[0], forms)
    n = max(len(cases), 1)
    return {"rows": rows, "cases": len(cases), "recall": flagged / n, "top1_fix": fixed / n,
            "top1_fix_of_flagged": fixed / flagged if flagged else 0.0,
            "controls_flagged": control_hits / max(rows, 1),
            "fixed_text_of_flagged": fixed_in_text / flagged if flagged else 0.0}


def measure_news_swaps(engine, path: Path) -> dict:
    """The news swaps (see the module's docstring), each sentence a document of its own:
    recall and the right fix on the turned phrase, and its correct sentence flagged on
    the phrase (controls) or anywhere (`originals_flagged`)."""
    with path.open(encoding="utf-8", newline="") as handle:
        rows = list(csv.DictReader(handle, delimiter="\t"))
    cases = []
    for row in rows:
        start = row["spun"].index(row["spun_expression"])
        cases.append((row["spun"], (start, start + len(row["spun_expression"])), [row["expression"].lower()]))
    found = _batched_findings(engine, [text for text, _, _ in cases], 1)
    originals = _batched_findings(engine, [row["original"] for row in rows], 1)
    controls = 0
    for row, hits in zip(rows, originals):
        start = row["original"].index(row["expression"])
        controls += bool(_on(hits, start, start + len(row["expression"])))
    return {**_tally(found, cases, controls, len(rows)),
            "originals_flagged": sum(bool(hits) for hits in originals) / max(len(rows), 1),
            "examples": [(text[f.start:f.end], f.fix, round(f.confidence, 2))
                         for (text, span, _), hits in zip(cases, found) for f in _on(hits, *span)]}


def print_news_swaps(label: str, m: dict) -> None:
    print(f"news swaps written here, {label} ({m['rows']}, each sentence alone): recall {m['recall']:.1%}, top-1 fix "
          f"{m['top1_fix']:.1%} ({m['top1_fix_of_flagged']:.0%} of flagged), correct sentences flagged on the "
          f"phrase {m['controls_flagged']:.1%} (anywhere {m['originals_flagged']:.1%})")


def acronym_rows(rows):
    """The rows whose expected phrase can carry an acronym of one letter per word of the
    damaged phrase (two words or more, letters only, as many words as the damaged one):
    (damaged, expected forms, acronym)."""
    out = []
    for tortured, expected in rows:
        forms = expected_forms(expected)
        words = forms[0].split() if forms else []
        if len(words) >= 2 and all(w.isalpha() for w in words) and len(words) == len(tortured.split()):
            out.append((tortured, forms, "".join(w[0] for w in words).upper()))
    return out


def measure_acronyms(engine, rows, per_document: int = 40):
    """garble.acronym's reach: each row that can carry one (see `acronym_rows`) in each
    carrier with its original's acronym after it, "the counterfeit consciousness (AI)";
    recall and the right fix counted over every garble finding on the damaged words,
    and its control ("artificial intelligence (AI)") flagged or not."""
    rows = acronym_rows(rows)
    cases = _in_carriers([(tortured, forms, f" ({letters})") for tortured, forms, letters in rows])
    found = _batched_findings(engine, [text for text, _, _ in cases], per_document)
    controls = [CONTROL.format(f"{forms[0]} ({letters})") for _, forms, letters in rows]
    control_hits = sum(bool(f) for f in _batched_findings(engine, controls, per_document))
    return _tally(found, cases, control_hits, len(rows))


def print_acronyms(label: str, m: dict) -> None:
    print(f"{label}, with the original's acronym after the damaged phrase: {m['rows']} phrases, "
          f"{m['cases']} carrier sentences: recall {m['recall']:.1%}, top-1 fix {m['top1_fix']:.1%} "
          f"({m['top1_fix_of_flagged']:.0%} of flagged), controls flagged {m['controls_flagged']:.1%}")


def clean_sentences(corpus: Path, words_per_text: int | None) -> list[str]:
    """Sentences of the clean texts, up to `words_per_text` words from each, taken
    evenly through the text (every k-th sentence) so that no one chapter decides."""
    out = []
    for path in sorted(corpus.glob("*.txt")):
        if "LICENSE" in path.name.upper():
            continue
        doc = Document.from_text(path.read_text(encoding="utf-8"))
        sentences = [doc.prose[s.start:s.end] for s in doc.sentences]
        total = sum(len(x.split()) for x in sentences)
        step = max(1, round(total / words_per_text)) if words_per_text else 1
        out.extend(sentences[::step])
    return out


def measure_clean_deep(engine, sentences: list[str], per_document: int = 40):
    found = _batched_findings(engine, sentences, per_document)
    words = sum(len(x.split()) for x in sentences)
    flagged = [(x[f.start:f.end], f.fix, round(f.confidence, 2)) for x, fs in zip(sentences, found) for f in fs]
    return {"words": words, "findings": len(flagged), "per_10k": len(flagged) * 10_000 / max(words, 1),
            "examples": flagged}


def measure_fluency(engine, sentences: list[str], seed: int = 3):
    """Clean sentences with one small word removed (or one word doubled): how many get
    the exact repair, and how many of the intact sentences draw a fluency finding."""
    import random

    from checker.garble.fluency import INSERTABLE

    rng = random.Random(seed)
    damaged, originals = [], []
    for text in sentences:
        words = list(re.finditer(r"[A-Za-z]+", text))
        if len(words) < 8:
            continue
        small = [m for m in words[1:] if m.group() in INSERTABLE]
        if small and rng.random() < 0.7:
            m = rng.choice(small)
            damaged.append((text[:m.start()] + text[m.end() + 1:], "drop"))
        else:
            m = rng.choice(words[1:-1])
            damaged.append((text[:m.end()] + " " + m.group() + text[m.end():], "double"))
        originals.append(text)
    repaired = flagged = 0
    results = _batched_findings(engine, [d for d, _ in damaged])
    for (text, _), original, found in zip(damaged, originals, results):
        fluency = [f for f in found if f.rule == "garble.fluency"]
        flagged += bool(fluency)
        repaired += any(text[:f.start] + (f.fix or "") + text[f.end:] == original for f in fluency)
    intact = [[f for f in fs if f.rule == "garble.fluency"] for fs in _batched_findings(engine, originals)]
    words = sum(len(x.split()) for x in originals)
    return {"sentences": len(damaged), "flagged": flagged / max(len(damaged), 1),
            "repaired": repaired / max(len(damaged), 1), "intact_findings": sum(map(len, intact)),
            "intact_per_10k": sum(map(len, intact)) * 10_000 / max(words, 1)}


def main_deep(args) -> None:
    import time as clock

    # every run reads every sentence: no verdict from an earlier run (garble/deep_cache.py)
    settings = dict(select=["garble"], garble_threshold=args.threshold, deep=True, model=args.model, deep_cache=False)
    engine = Engine(Settings(**settings))
    rows = phrase_rows(Path(args.tsv))
    step = max(1, len(rows[2::3]) // args.sample) if args.sample else 1
    print(f"deep tier, garble_threshold = {args.threshold}")
    subsets = [("held-out third", rows[2::3][::step])]
    if args.tuning:
        subsets.insert(0, ("tuning two thirds", [r for k, r in enumerate(rows) if k % 3 != 2][::2 * step]))
    layouts = {"spun": ("40 damaged sentences to a document", dict(per_document=40)),
               "alone": ("each damaged sentence a document of its own", dict(per_document=1)),
               "mixed": ("each damaged sentence followed by 3 correct ones", dict(per_document=10, clean_between=3)),
               # a damaged sentence in ten, documents of 400 sentences (about 28,000 characters, a paper's length)
               "sparse": ("each damaged sentence followed by 9 correct ones", dict(per_document=40, clean_between=9))}
    for label, subset in subsets:
        for layout in args.layouts.split(","):
            name, options = layouts[layout]
            started = clock.perf_counter()
            m = measure_phrases(engine, subset, **options)
            mixed = (f", correct sentences among them flagged {m['clean_in_mix']:.1%}"
                     if options.get("clean_between") else "")
            print(f"{label}, {name}: {m['rows']} phrases, {m['cases']} carrier sentences: recall {m['recall']:.1%}, "
                  f"top-1 fix {m['top1_fix']:.1%} ({m['top1_fix_of_flagged']:.0%} of flagged; fixed sentence "
                  f"right for {m['fixed_text_of_flagged']:.0%} of flagged), controls flagged "
                  f"{m['controls_flagged']:.1%}{mixed} [{clock.perf_counter() - started:.0f} s]")
        print_acronyms(label, measure_acronyms(engine, subset))
    for label, path in NEWS_SWAPS.items():
        print_news_swaps(label, measure_news_swaps(engine, path))
    sentences = clean_sentences(Path(args.corpus), args.clean_words)
    c = measure_clean_deep(engine, sentences)
    print(f"clean prose: {c['words']} words, {c['findings']} garble findings ({c['per_10k']:.2f} per 10,000 words)")
    for example in c["examples"][:20]:
        print(f"    {example}")
    for label, texts, per_document in (
            ("bench/data/news-clean.txt, 40 paragraphs to a document", news_paragraphs(), 40),
            ("tests/fixtures/news, each file a document",
             [p.read_text(encoding="utf-8") for p in sorted(NEWS.glob("*.txt"))], 1)):
        n = measure_clean_deep(engine, texts, per_document)
        print(f"clean news written here ({label}): {n['words']} words, {n['findings']} garble findings "
              f"({n['per_10k']:.2f} per 10,000 words)")
        for example in n["examples"][:20]:
            print(f"    {example}")
    tech = Path(args.tech_docs)
    if tech.is_dir():
        texts = []
        for page in sorted(tech.rglob("*.html")):
            doc = Document.from_text(page.read_text(encoding="utf-8", errors="replace"), fmt="html")
            texts.extend(doc.prose[s.start:s.end] for s in doc.sentences)
        texts = [t for t in texts if len(t.split()) >= 4]
        step = max(1, round(sum(len(t.split()) for t in texts) / args.clean_words)) if args.clean_words else 1
        t = measure_clean_deep(engine, texts[::step])
        print(f"technical documentation ({tech}): {t['words']} words, {t['findings']} garble findings "
              f"({t['per_10k']:.2f} per 10,000 words)")
        for example in t["examples"][:20]:
            print(f"    {example}")
    if not args.no_fluency:
        f = measure_fluency(engine, sentences)
        print(f"fluency: {f['sentences']} clean sentences with one word dropped or doubled: flagged "
              f"{f['flagged']:.1%}, exact repair {f['repaired']:.1%}; the same sentences intact: "
              f"{f['intact_findings']} findings ({f['intact_per_10k']:.2f} per 10,000 words)")
    for label, text in (("original", ORIGINAL), ("spun", SPUN)):
        doc = Document.from_text(text)
        found = garble_findings(engine, text)
        print(f"spin score, {label} paragraph: {spin_score(found, doc):.2f} ({len(found)} garble findings: "
              + ", ".join(f"{text[x.start:x.end]!r} -> {x.fix!r}" for x in found) + ")")


def news_paragraphs() -> list[str]:
    return [line.strip() for line in NEWS_CLEAN.read_text(encoding="utf-8").splitlines() if line.strip()]


def measure_clean(engine_garble, engine_all, corpus: Path | None = None, texts: list[str] | None = None):
    """Garble findings and findings of the whole tool per 10,000 words, on the clean
    texts of `corpus` (or on `texts`)."""
    words = garbles = total = 0
    if texts is None:
        texts = [p.read_text(encoding="utf-8") for p in sorted(corpus.glob("*.txt")) if "LICENSE" not in p.name.upper()]
    for text in texts:
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
        words = found = spelled = acronyms = 0
        for result in lint_paths(engine, files):
            if result.document is not None:
                words += result.document.word_count
                found += len(result.findings)
                spelled += sum(f.rule == "garble.acronym" for f in result.findings)
                acronyms += len(ACRONYM.findall(result.document.prose))
        rows.append((package.name, words, found, spelled, acronyms))
    return rows


def measure_time(corpus: Path):
    from checker.garble import lexicon

    load_time = float("inf")
    for _ in range(REPEATS):  # CPU time, best of a few runs: the machine may be busy
        lexicon.load.cache_clear()
        started = time.process_time()
        lexicon.load()
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
    parser.add_argument("--deep", action="store_true", help="measure the language-model tier instead")
    parser.add_argument("--model", help="with --deep: a GGUF file or converted folder (default: installed)")
    parser.add_argument("--sample", type=int, default=0, metavar="N",
                        help="with --deep: about N held-out rows (every k-th; default all)")
    parser.add_argument("--clean-words", type=int, default=0, metavar="N",
                        help="with --deep: about N words of each clean text and of the documentation (default all)")
    parser.add_argument("--tuning", action="store_true", help="with --deep: measure tuning rows too")
    parser.add_argument("--layouts", default="spun,alone,mixed",
                        help="with --deep: how damaged sentences are put into documents (spun: 40 to a "
                             "document; alone: one each; mixed: each followed by 3 correct sentences; "
                             "sparse: each followed by 9, 400 sentences to a document)")
    parser.add_argument("--no-fluency", action="store_true", help="with --deep: skip the fluency measure")
    args = parser.parse_args()
    for path in (args.tsv, args.corpus):
        if not Path(path).exists():
            parser.exit(2, f"garble_eval: error: no such file or folder: {path}\n")
    if args.deep:
        main_deep(args)
        return

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
    for label, subset in (("tuning two thirds", tuning), ("held-out third", rows[2::3])):
        print_acronyms(label, measure_acronyms(garble, subset))
    for label, path in NEWS_SWAPS.items():
        print_news_swaps(label, measure_news_swaps(garble, path))
    for label, c in (("clean prose", measure_clean(garble, everything, Path(args.corpus))),
                     ("clean news written here", measure_clean(garble, everything, texts=[NEWS_CLEAN.read_text(
                         encoding="utf-8")]))):
        print(f"{label}: {c['words']} words, {c['garble_findings']} garble findings "
              f"({c['garble_per_10k']:.2f} per 10,000 words); whole tool {c['all_findings']} "
              f"({c['all_per_10k']:.2f} per 10,000 words)")
    tech = Path(args.tech_docs)
    if tech.is_dir():
        rows = measure_tech(garble, tech)
        words, found = sum(r[1] for r in rows), sum(r[2] for r in rows)
        print(f"technical documentation: {words} words, {found} garble findings "
              f"({found * 10_000 / max(words, 1):.2f} per 10,000 words): " +
              ", ".join(f"{name} {n * 10_000 / max(w, 1):.2f}" for name, w, n, *_ in rows))
        print(f"    of which garble.acronym: {sum(r[3] for r in rows)}, among {sum(r[4] for r in rows)} "
              "acronyms in parentheses")
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
