"""The document-level spin score: how much a text reads as machine-spun, from the
density and confidence of its garble findings (0: none; towards 1: many, confident).
Kept apart so that reports and `copylint stats` compute it the same way."""
from __future__ import annotations

import math

GARBLE_PREFIX = "garble."
# summed confidence per 1,000 words at which the score reaches 1 - 1/e (about 0.63)
SCALE_PER_1000_WORDS = 1.0


def spin_score(findings, doc) -> float:
    """0..1 for one document; `doc` may be a Document, a word count, or a list of
    Documents taken together. Words are counted only when there is a garble finding
    (with none the score is 0 whatever the length): counting them is a scan of the
    whole text, as long as some checks."""
    weight = sum(f.confidence for f in findings if f.rule.startswith(GARBLE_PREFIX))
    if weight <= 0:
        return 0.0
    words = doc if isinstance(doc, int) else sum(d.word_count for d in doc) if isinstance(doc, list) \
        else doc.word_count
    if words <= 0:
        return 0.0
    return round(1 - math.exp(-weight * 1000 / words / SCALE_PER_1000_WORDS), 3)
