"""Document statistics and readability figures, from copylint's own segmentation.

Sentences, words and paragraphs are those of `Document` (the spans every check
reports on), so a figure such as "longest sentence, line 12" points at the same
text a `metric.sentence-length` finding does. textstat supplies what needs a
dictionary: syllables (CMU Pronouncing Dictionary, else hyphenation) and the
Dale-Chall list of easy words. The formulas are the published ones with
textstat's English coefficients, applied to those counts; docs/stats.md says
which count each figure uses and where textstat's own counting would differ.

textstat takes about 0.6 s to load its dictionary, so it is imported only when a
readability figure is asked for; sentence lengths alone need nothing but the
document.
"""
from __future__ import annotations

import math
import re
from dataclasses import asdict, dataclass

from .document import MASK_CHAR, WORD, Document, Span

# Average silent reading rate of adults for English non-fiction, in words a minute
# (Brysbaert 2019, "How many words do we read per minute?", J. Memory and Language).
READING_WORDS_PER_MINUTE = 238
# textstat's English coefficients (textstat/backend/utils/constants.py, "en").
FLESCH_BASE, FLESCH_SENTENCE, FLESCH_SYLLABLE = 206.835, 1.015, 84.6
FOG_SYLLABLES = 3  # Gunning's "complex word": three syllables or more, not an easy word

# Figures of a whole document that a `metric` rule may gate on, with their labels.
DOCUMENT_FIGURES = {
    "words": "words",
    "sentences": "sentences",
    "paragraphs": "paragraphs",
    "average_sentence_words": "average sentence length (words)",
    "flesch_reading_ease": "Flesch reading ease",
    "flesch_kincaid_grade": "Flesch-Kincaid grade",
    "gunning_fog": "Gunning fog index",
    "smog_index": "SMOG index",
    "coleman_liau_index": "Coleman-Liau index",
    "dale_chall": "Dale-Chall score",
    "reading_time_seconds": "reading time (seconds)",
}
READABILITY = ("flesch_reading_ease", "flesch_kincaid_grade", "gunning_fog", "smog_index",
               "coleman_liau_index", "dale_chall")

_SPACE_OR_MASK = re.compile(rf"[\s{MASK_CHAR}]+")
_CACHE_KEY = "_copylint_stats"


@dataclass
class Counts:
    """What the formulas need; counts add up across documents, figures do not."""

    words: int = 0
    sentences: int = 0
    paragraphs: int = 0
    syllables: int = 0
    polysyllabic_words: int = 0  # three syllables or more (SMOG)
    complex_words: int = 0  # three syllables or more and not on the easy list (fog)
    difficult_words: int = 0  # not on the Dale-Chall easy list
    letters: int = 0  # letters and digits of the words (Coleman-Liau)
    characters: int = 0  # not white space, not masked


@dataclass
class Longest:
    words: int
    start: int
    end: int
    line: int
    column: int
    path: str


# -- sentences (cheap: no textstat) -----------------------------------------------

def _count_words(prose: str, span: Span) -> int:
    """The words of doc.words(start, end), counted in C (findall) for an ordinary
    sentence; a huge one (a whole file on one line) is counted without a list of its words."""
    if span.end - span.start < 100_000:
        return len(WORD.findall(prose, span.start, span.end))
    return sum(1 for _ in WORD.finditer(prose, span.start, span.end))


def sentence_lengths(doc: Document) -> list[tuple[Span, int]]:
    """Every sentence of `doc` with its number of words."""
    cache = doc.__dict__.setdefault(_CACHE_KEY, {})
    if "lengths" not in cache:
        cache["lengths"] = [(s, _count_words(doc.prose, s)) for s in doc.sentences]
    return cache["lengths"]


def longest_sentence(doc: Document) -> Longest | None:
    best = None
    for span, n in sentence_lengths(doc):
        if best is None or n > best[1]:
            best = (span, n)
    if best is None:
        return None
    line, column = doc.position(best[0].start)
    return Longest(best[1], best[0].start, best[0].end, line, column, doc.path)


# -- counts (textstat) ------------------------------------------------------------

class _Lexicon:
    """Syllables and word difficulty from textstat, cached per lower-cased word."""

    def __init__(self):
        from textstat import textstat  # slow to import (dictionary): only when needed

        self._textstat = textstat
        self._cache: dict[str, tuple[int, bool, bool]] = {}

    def word(self, word: str) -> tuple[int, bool, bool]:
        """(syllables, complex for fog, difficult for Dale-Chall) of one word."""
        key = word.lower().replace("’", "'")
        known = self._cache.get(key)
        if known is None:
            ts = self._textstat
            # "well-known": the syllables of its parts; textstat would glue them
            syllables = max(1, ts.syllable_count(key.replace("-", " ")))
            joined = key.replace("-", "")
            difficult = ts.is_difficult_word(joined, 0)
            complex_ = difficult and syllables >= FOG_SYLLABLES
            known = self._cache[key] = (syllables, complex_, difficult)
        return known


_lexicon: _Lexicon | None = None


def lexicon() -> _Lexicon:
    global _lexicon
    if _lexicon is None:
        _lexicon = _Lexicon()
    return _lexicon


def counts(doc: Document) -> Counts:
    cache = doc.__dict__.setdefault(_CACHE_KEY, {})
    if "counts" in cache:
        return cache["counts"]
    lex = lexicon()
    c = Counts()
    lengths = sentence_lengths(doc)
    c.sentences = len(lengths)
    c.paragraphs = sum(1 for p in doc.paragraphs if next(doc.words(p.start, p.end), None))
    for span, _ in lengths:
        for m in doc.words(span.start, span.end):
            word = m.group()
            syllables, complex_, difficult = lex.word(word)
            c.words += 1
            c.syllables += syllables
            c.polysyllabic_words += syllables >= 3
            c.complex_words += complex_
            c.difficult_words += difficult
            c.letters += sum(ch.isalnum() for ch in word)
    c.characters = len(_SPACE_OR_MASK.sub("", doc.prose))
    cache["counts"] = c
    return c


# -- figures ----------------------------------------------------------------------

def figures(c: Counts) -> dict:
    """The readability figures of counts `c` (None for a text without words)."""
    w, s = c.words, c.sentences
    out = {
        "words": w,
        "sentences": s,
        "paragraphs": c.paragraphs,
        "average_sentence_words": _round(w / s) if s else 0.0,
    }
    if not w or not s:
        out.update({name: None for name in READABILITY})  # no text, no score
    else:
        per_sentence, per_word = w / s, c.syllables / w
        difficult_percent = 100 * c.difficult_words / w
        dale_chall = 0.1579 * difficult_percent + 0.0496 * per_sentence
        if difficult_percent > 5:
            dale_chall += 3.6365
        out.update({
            "flesch_reading_ease": _round(FLESCH_BASE - FLESCH_SENTENCE * per_sentence - FLESCH_SYLLABLE * per_word),
            "flesch_kincaid_grade": _round(0.39 * per_sentence + 11.8 * per_word - 15.59),
            "gunning_fog": _round(0.4 * (per_sentence + 100 * c.complex_words / w)),
            "smog_index": _round(1.043 * math.sqrt(30 * c.polysyllabic_words / s) + 3.1291),
            "coleman_liau_index": _round(0.058 * 100 * c.letters / w - 0.296 * 100 * s / w - 15.8),
            "dale_chall": _round(dale_chall),
        })
    out["reading_time_seconds"] = _round(60 * w / READING_WORDS_PER_MINUTE, 1)
    out["counts"] = {k: v for k, v in asdict(c).items() if k not in ("words", "sentences", "paragraphs")}
    return out


def _round(value: float, places: int = 2) -> float:
    return round(value, places) + 0.0  # + 0.0: no "-0.0"


def family(rule_id: str) -> str:
    """A rule's family: the first part of its id ("spacing" for "spacing.repeated-space")."""
    return rule_id.split(".", 1)[0]


def finding_rates(findings, words: int) -> dict:
    """Findings per 1,000 words, by rule family and in all."""
    by_family: dict[str, int] = {}
    for f in findings:
        by_family[family(f.rule)] = by_family.get(family(f.rule), 0) + 1
    scale = 1000 / words if words else 0.0
    rates = {name: _round(n * scale) for name, n in sorted(by_family.items())}
    return {"all": _round(len(findings) * scale), **rates}


def spin_score(findings, doc: Document) -> float | None:
    """The garble detector's score for the document, when copylint has one."""
    import importlib

    for module in ("checker.garble", "checker.kinds.garble"):
        try:
            function = getattr(importlib.import_module(module), "spin_score")
        except (ImportError, AttributeError):
            continue
        value = function(findings, doc)
        return None if value is None else _round(float(value), 3)
    return None


def document_stats(doc: Document, findings=None) -> dict:
    """Every figure of one document, for reports (JSON, CSV, table)."""
    out = figures(counts(doc))
    longest = longest_sentence(doc)
    out["longest_sentence"] = _longest_record(longest, with_path=False)
    if findings is not None:
        out["findings_per_1000_words"] = finding_rates(findings, out["words"])
        score = spin_score(findings, doc)
        if score is not None:
            out["spin_score"] = score
    return out


def total_stats(items) -> dict:
    """Figures over several documents: `items` are (doc, findings or None) pairs.
    Counts are summed and the formulas applied to the sums (not averaged figures)."""
    total, longest, all_findings, with_findings = Counts(), None, [], False
    for doc, findings in items:
        for key, value in asdict(counts(doc)).items():
            setattr(total, key, getattr(total, key) + value)
        candidate = longest_sentence(doc)
        if candidate and (longest is None or candidate.words > longest.words):
            longest = candidate
        if findings is not None:
            with_findings = True
            all_findings.extend(findings)
    out = figures(total)
    out["longest_sentence"] = _longest_record(longest, with_path=True)
    if with_findings:
        out["findings_per_1000_words"] = finding_rates(all_findings, out["words"])
    return out


def _longest_record(longest: Longest | None, with_path: bool) -> dict | None:
    if longest is None:
        return None
    record = {"words": longest.words, "line": longest.line, "column": longest.column,
              "start": longest.start, "end": longest.end}
    if with_path:
        record["path"] = longest.path
    return record
