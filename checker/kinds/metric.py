"""`metric`: a limit on a figure of the document (a readability score, its length)
or of each sentence (its number of words), so that CI can fail copy over a house limit.

A rule names a `figure` and a `max` and/or `min`; `null` leaves that bound unset, and
a rule with no bound set is off. Three settings (configuration or command line)
override the bounds of the rules on their figure: `max_sentence_words`
(`sentence_words`, max), `max_grade` (`flesch_kincaid_grade`, max) and
`min_reading_ease` (`flesch_reading_ease`, min); 0 for `max_sentence_words` turns it off.

`sentence_words` gives one finding per sentence over the limit, on that sentence.
A document figure gives one finding per document, on its first sentence (so that its
line is where the text begins); see docs/stats.md. Spans never cover masked text
(copylint reports nothing inside code or URLs): a sentence that contains some is
reported up to it.
"""
from __future__ import annotations

from . import format_message, param
from ..finding import Finding

SENTENCE_FIGURES = {"sentence_words": "sentence length (words)"}
SETTINGS = {  # setting -> (figure, bound)
    "max_sentence_words": ("sentence_words", "max"),
    "max_grade": ("flesch_kincaid_grade", "max"),
    "min_reading_ease": ("flesch_reading_ease", "min"),
}


def _document_figures() -> dict:
    from ..stats import DOCUMENT_FIGURES  # light: textstat is imported only to compute

    return DOCUMENT_FIGURES


def validate(rule) -> None:
    figures = {**SENTENCE_FIGURES, **_document_figures()}
    figure = param(rule, "figure", str)
    if figure not in figures:
        raise rule.error("figure", f"unknown figure '{figure}' (known: {', '.join(sorted(figures))})")
    if "max" not in rule.params and "min" not in rule.params:
        raise rule.error("max", "a metric rule needs 'max' or 'min' (null: off until configured)")
    for bound in ("max", "min"):
        value = rule.params.get(bound)
        if value is not None and (isinstance(value, bool) or not isinstance(value, (int, float))):
            raise rule.error(bound, "must be a number or null")
    param(rule, "min_words", int, required=False)


def limits(rule, settings) -> tuple[float | None, float | None]:
    """(max, min) of `rule` after the settings that override them."""
    bounds = {"max": rule.params.get("max"), "min": rule.params.get("min")}
    for name, (figure, bound) in SETTINGS.items():
        value = getattr(settings, name, None)
        if value is not None and figure == rule.params["figure"]:
            bounds[bound] = None if (name == "max_sentence_words" and value == 0) else value
    return bounds["max"], bounds["min"]


class MetricCheck:
    def __init__(self, rules, settings):
        self.rules = []
        for rule in rules:
            high, low = limits(rule, settings)
            if high is not None or low is not None:
                self.rules.append((rule, high, low))
        # sentence lengths are judged a sentence at a time, so may be checked a window
        # at a time (checker/windows.py); a document's figure needs the whole document
        if all(rule.params["figure"] in SENTENCE_FIGURES for rule, _, _ in self.rules):
            self.scope = "local"

    def check(self, doc):
        from .. import stats

        figures = None
        for rule, high, low in self.rules:
            figure = rule.params["figure"]
            if figure == "sentence_words":
                for span, words in _lengths_that_may_break(doc, high, low):
                    limit = _broken(words, high, low)
                    if limit is not None:
                        start, end = _unmasked(doc, span.start, span.end)
                        yield self._finding(rule, start, end, figure, words, limit)
                continue
            lengths = stats.sentence_lengths(doc)
            if not lengths:
                continue
            if figures is None:
                figures = stats.figures(stats.counts(doc))
            if figures["words"] < rule.params.get("min_words", 1):
                continue
            value = figures[figure]
            if value is None:
                continue
            limit = _broken(value, high, low)
            if limit is not None:
                first = lengths[0][0]
                start, end = _unmasked(doc, first.start, first.end)
                yield self._finding(rule, start, end, figure, value, limit)

    @staticmethod
    def _finding(rule, start, end, figure, value, limit) -> Finding:
        labels = {**SENTENCE_FIGURES, **_document_figures()}
        message = format_message(rule.message, rule, value=_show(value), limit=_show(limit),
                                 figure=labels[figure])
        return Finding(rule=rule.id, severity=rule.severity, start=start, end=end, message=message,
                       data={"figure": figure, "value": value, "limit": limit})


def _lengths_that_may_break(doc, high, low):
    """(sentence, words) as stats.sentence_lengths(doc) gives them, less the sentences
    too short to break a maximum when no minimum is set: a sentence of n characters
    holds at most (n + 1) // 2 words (a character each, one between), so most
    sentences are never counted (counting them all was a tenth of a run), and only
    paragraphs long enough to hold such a sentence are split into sentences; nor
    those where too few runs of letters start to hold more than `high` words."""
    from .. import stats

    if low is not None or high is None or "lengths" in doc.__dict__.get(stats._CACHE_KEY, {}):
        return stats.sentence_lengths(doc)
    # (n + 1) // 2 > high exactly when n >= 2 * high + 1
    return [(span, stats._count_words(doc.prose, span)) for span in doc.long_sentences(2 * high + 1, high)]


def _broken(value, high, low):
    """The limit `value` breaks, or None."""
    if high is not None and value > high:
        return high
    if low is not None and value < low:
        return low
    return None


def _show(number) -> str:
    if isinstance(number, float) and not number.is_integer():
        return f"{number:.1f}"
    return str(int(number))


def _unmasked(doc, start: int, end: int) -> tuple[int, int]:
    """[start, end) cut short before the first masked part (a sentence with inline code
    or a URL), keeping at least its first stretch of unmasked words; whole inline tags
    and emphasis markers (`<em>`, `**`) may lie inside, as the engine allows."""
    if not doc.crosses_markup(start, end):
        return start, end
    first = last = None
    for m in doc.words(start, end):
        if first is not None and doc.crosses_markup(last, m.end()):
            break
        if first is None and doc.is_masked(m.start(), m.end()):
            continue
        if first is None:
            first = m.start()
        last = m.end()
    return (first, last) if first is not None else (start, start)


def compile(rules, settings):
    return MetricCheck(rules, settings)
