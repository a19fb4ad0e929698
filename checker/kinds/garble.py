"""`garble`: machine-rewritten phrasing found without a list (see checker/garble/).
A rule names its `detector`: `collocation` (synonym-swapped established phrases),
`acronym` (a term whose acronym its words no longer spell), `syntax` (clauses broken
by rewriting) or `fluency` (a word missing, extra or out of place; language-model tier
only). With the `deep` setting the language model judges
the collocation rule's candidates (checker/garble/deep.py). Findings below the
`garble_threshold` setting are dropped; the data file and the model are read only
when a garble rule runs."""
from __future__ import annotations

from . import choice, format_message
from ..finding import Finding

DETECTORS = ("collocation", "acronym", "syntax", "fluency")
# chunks read and judged together: as many as cuts of this many sentences need (see
# _deep); a broken acronym's term at most this many at a time (see _acronym)
SENTENCES_AT_ONCE = 24


def validate(rule) -> None:
    choice(rule, "detector", DETECTORS)


class GarbleCheck:
    # checked a window at a time (checker/windows.py): a phrase is judged from its words and what touches them
    scope = "local"

    def __init__(self, rules, settings):
        self.rules = {r.params["detector"]: r for r in rules}
        self.threshold = settings.garble_threshold
        self.model_folder = None
        self.cache_verdicts = settings.deep_cache
        self._deep_cache = False  # not opened yet (see _cache)
        if settings.deep and (self.rules.keys() & {"collocation", "acronym", "fluency"}):
            from ..lm.store import locate

            self.model_folder = str(locate(settings.model))  # a missing model fails here, once
            from ..garble.deep import NEAR
            from ..windows import CONTEXT_CHARACTERS

            # sure findings back a span from up to NEAR characters away (deep.backed): a
            # window of a long document reads that far around its own, and the usual
            # context beyond, so that those findings' sentences are whole
            self.context_characters = NEAR + CONTEXT_CHARACTERS

    def check(self, doc):
        from ..garble.lexicon import load
        from ..garble.spans import clear_of

        lex = load()
        lex.expect(len(doc.prose))
        # an acronym that a swap made its words no longer spell is firm evidence of the
        # damage: its finding stands, and other verdicts on the same words give way to it
        spelled = list(self._acronym(doc, lex))
        yield from spelled
        broken = list(self._syntax(doc, lex))
        # both are signs that a spinner was at work: they back the model's weaker swaps
        yield from (f for f in self._swaps(doc, lex, spelled + broken) if clear_of(f, spelled))
        yield from broken

    def _swaps(self, doc, lex, signs=()):
        """Swapped-word findings: the model's and the lexicon's with --deep, else the
        lexicon's. `signs`: garble.acronym's and garble.syntax's findings, which back the
        model's weaker ones as its own sure findings do (deep.backed)."""
        if self.model_folder and self.rules.keys() & {"collocation", "fluency"}:
            from ..garble.spans import clear_of

            judged, guesses = [], []  # the model's sure findings; those only its neighbours back
            for finding, guess in self._deep(doc, lex, signs):
                (guesses if guess else judged).append(finding)
            # the lexicon's own verdicts stand where the model found nothing or only a
            # guess: --deep adds to the default tier, it never loses nor weakens one of
            # its findings (a backed finding's original is right far less often)
            known = [f for f in self._collocation(doc, lex) if clear_of(f, judged)]
            yield from judged
            yield from (g for g in guesses if clear_of(g, known))
            yield from known
        else:
            yield from self._collocation(doc, lex)  # fluency needs the model: nothing without it

    def _acronym(self, doc, lex):
        """Terms whose acronym their words no longer spell: the lexicon's pick among the
        phrases of relatives that spell it, where it knows one; with --deep, where it
        knows none, the model's own reading of the acronym if that reads clearly better
        in the sentence than the page (a guess, said so)."""
        from ..garble import acronym

        rule = self.rules.get("acronym")
        if not rule:
            return
        unknown = []
        for site in acronym.sites(doc.prose, lex, bare=bool(self.model_folder)):
            g = acronym.pick(site)
            if g is not None:
                if g.confidence >= self.threshold:
                    yield self._phrase_finding(doc, rule, site.start, site.end, g.fix, g.alternatives, g.confidence,
                                               acronym=site.acronym, basis=", of its synonyms,")
            elif self.model_folder:
                unknown.append(site)
        if unknown and acronym.GUESS_CONFIDENCE >= self.threshold:
            yield from self._acronym_readings(doc, lex, rule, unknown)

    def _acronym_readings(self, doc, lex, rule, sites):
        """The model's readings of the acronyms of `sites`, where they read clearly
        better in their sentences than the page's words (garble.acronym's guesses); a
        term read before in the same sentence is not read again (deep_cache.py)."""
        from ..garble import acronym, deep
        from ..garble.deep_cache import remembered

        # each site's sentence: the model is shown it, then reads it
        holding = [_sentence_holding(doc.sentences, site.start) for site in sites]
        shown = [span or (site.start, site.end) for site, span in zip(sites, holding)]
        cache = self._cache()
        keys = [cache.key("acronym", f"{doc.prose[a:b]}\0{site.start - a} {site.end - a} {site.acronym}")
                if cache else None for site, (a, b) in zip(sites, shown)]

        def read(todo):
            # a few dozen terms at a time, so that what the model keeps of their
            # sentences stays bounded however many such terms a document holds
            out = []
            for at in range(0, len(todo), SENTENCES_AT_ONCE):
                part = todo[at:at + SENTENCES_AT_ONCE]
                out += self._read_acronyms(doc, lex, [sites[n] for n in part], [holding[n] for n in part],
                                           [shown[n] for n in part])
            return out

        readings = remembered(cache, keys, read, _a_reading)
        for site, (words, gain) in zip(sites, readings):
            if gain is not None and gain >= deep.ACRONYM_NATS:
                yield self._phrase_finding(doc, rule, site.start, site.end, words[0], words[1:3],
                                           acronym.GUESS_CONFIDENCE, acronym=site.acronym,
                                           basis=", the language model's reading of it (a guess),")

    def _read_acronyms(self, doc, lex, sites, holding, shown):
        """For each site: (the model's best readings of its acronym, as words; how much
        the best makes its sentence likelier than the page's words, or None)."""
        from ..garble import deep, expansion

        lm = self._model(doc)
        # the model writes the acronym out (expansion.py); its reading is reported
        # where it makes the sentence clearly likelier than the page's words do
        found = expansion.expand(lm, lex, [(doc.prose[a:b], site.start - a,
                                            as_written(site.words, doc.prose[site.start:site.end]), site.acronym)
                                           for site, (a, b) in zip(sites, shown)])
        gains = deep.choose(deep.read(doc.prose, sorted(set(holding) - {None}), lm),
                            [(site.start, site.end, [as_written(e[0].words, doc.prose[site.start:site.end])]
                              if e else []) for site, e in zip(sites, found)], lm, lex)
        return [(tuple(e.words for e in expansions[:3]), None if gain is None else float(gain[1]))
                for expansions, gain in zip(found, gains)]

    def _collocation(self, doc, lex):
        from ..garble import collocation

        rule = self.rules.get("collocation")
        if not rule:
            return
        # one memo for all windows of a document (checker/windows.py)
        for g in collocation.find(doc.prose, lex, self.threshold, doc.shared.setdefault("garble", {})):
            yield self._phrase_finding(doc, rule, g.tokens[0].start, g.tokens[-1].end,
                                       g.candidate.words, g.alternatives, g.confidence)

    def _deep(self, doc, lex, signs=()):
        """The model's findings, each with whether it is a guess: sure only because sure
        findings of other phrases back it (deep.backed), its own or other rules' (`signs`):
        a term whose acronym a swap broke, or a clause a rewrite broke, is as sure a sign
        of a spinner."""
        from ..garble import deep, fluency
        from ..garble.deep_cache import per_sentence
        from ..lm.workers import even_chunks, in_order

        swaps, edits = self.rules.get("collocation"), self.rules.get("fluency")
        sentences = [(s.start, s.end) for s in doc.sentences]

        def judge(chunk, backing=False):
            # the first reading: both detectors, their last passes as one; the second, only
            # near sure findings, with the lower margin that backing allows (deep.backed)
            lm = self._model(doc)
            read = deep.read(doc.prose, chunk, lm, () if backing or not edits else fluency.probe_ids(lm))
            plans = [deep.plan(read, lm, lex, self.threshold, backing=backing) if swaps
                     else deep.Planned([], lambda scores: [])]
            if not backing:
                plans.append(fluency.plan(read, lm, self.threshold) if edits else deep.Planned([], lambda scores: []))
            return deep.conclude(plans, lm)

        # a few dozen sentences at a time: what the model keeps of a sentence (its keys
        # and values) is about 50 KB a token, too much to hold for a whole book; chunks
        # are judged one per CPU (checker/lm/workers.py), findings in the chunks' order
        def in_chunks(spans):
            return even_chunks(spans, SENTENCES_AT_ONCE, weight=lambda s: s[1] - s[0])  # even in length

        def each_sentence(spans, backing=False):
            # the sentences read before are not read again (deep_cache.py)
            kind = f"{'backed' if backing else 'read'} {bool(swaps)} {bool(edits)}"
            return per_sentence(self._cache(), doc.prose, spans, kind,
                                lambda todo: in_order(lambda c: judge(c, backing), in_chunks(todo)),
                                (deep.DeepGarble,) if backing else (deep.DeepGarble, fluency.FluencyEdit))

        sure, fixes = each_sentence(sentences)  # findings sure on their own; then those their neighbours back
        for e in fixes:
            detail = (f"a word seems to be missing before “{doc.text[e.start:e.end]}”: “{e.word}”"
                      if e.kind == "missing" else f"“{e.word}” seems to be one word too many")
            yield Finding(
                rule=edits.id, severity=edits.severity, start=e.start, end=e.end,
                message=format_message(edits.message, edits, detail=detail,
                                       confidence=f"{e.confidence:.2f}"),
                replacements=(e.replacement,), fix_safe=False, confidence=e.confidence), False

        witnesses = [deep.Witness(f.start, f.end, tuple(doc.prose[f.start:f.end].lower().split()), f.confidence)
                     for f in signs]
        # the sure findings of the second reading are the first's again
        [again] = each_sentence(deep.backable(sure + witnesses, sentences), backing=True)
        weaker = [g for g in again if g.confidence < self.threshold]
        for g in deep.backed(sure + weaker, self.threshold, witnesses):
            # a backed finding's original is a guess: measured on the held-out rows, it
            # was the right one for 3% (SmolLM2) and 9% (Gemma) of them (docs/garble.md)
            basis = f", as {g.backers} phrases near it do; that original is a guess" if g.backers else ""
            yield self._phrase_finding(doc, swaps, g.start, g.end, g.fix, g.alternatives, g.confidence, basis), \
                bool(g.backers)

    def _model(self, doc):
        """The language model, loaded the first time a sentence needs it (a document
        whose every sentence the cache holds needs none)."""
        from ..lm import language_model

        return language_model(self.model_folder, doc.prose)

    def _cache(self):
        """The cache of the deep tier's verdicts (checker/garble/deep_cache.py), or None."""
        if self._deep_cache is False:
            from ..garble.deep_cache import open_cache

            self._deep_cache = open_cache(self.model_folder, f"threshold {self.threshold!r}") \
                if self.cache_verdicts else None
        return self._deep_cache

    def _syntax(self, doc, lex):
        from ..garble import syntax

        rule = self.rules.get("syntax")
        if not rule:
            return
        for g in syntax.find(doc.prose, lex):
            if g.confidence < self.threshold:
                continue
            yield Finding(
                rule=rule.id, severity=rule.severity, start=g.start, end=g.end,
                message=format_message(rule.message, rule, detail=g.message, pattern=g.pattern),
                replacements=(g.fix,) if g.fix else (), fix_safe=False, confidence=g.confidence)

    @staticmethod
    def _phrase_finding(doc, rule, start, end, words, alternatives, confidence, basis="", acronym=""):
        from .phrase import match_case

        original = doc.text[start:end]
        fix = match_case(" ".join(as_written(words, original)), original)
        # alternatives that read alike once cased like the original are one proposal
        proposals = tuple(dict.fromkeys([fix] + [match_case(" ".join(as_written(w, original)), original)
                                             for w in alternatives]))
        return Finding(
            rule=rule.id, severity=rule.severity, start=start, end=end,
            message=format_message(rule.message, rule, phrase=original, original=fix, basis=basis,
                                   acronym=acronym, confidence=f"{confidence:.2f}"),
            replacements=proposals, fix_safe=False, confidence=confidence)


def _sentence_holding(sentences, at: int) -> tuple[int, int] | None:
    """(start, end) of the sentence (of `sentences`, in text order) that holds offset `at`."""
    from bisect import bisect_right

    k = bisect_right(sentences, at, key=lambda s: s.start) - 1
    return (sentences[k].start, sentences[k].end) if k >= 0 and at < sentences[k].end else None


def _a_reading(value) -> bool:
    """Whether the cache's `value` has the shape of an acronym's reading (see `_read_acronyms`)."""
    return isinstance(value, tuple) and len(value) == 2 and isinstance(value[0], tuple) and \
        (value[1] is None or (isinstance(value[1], float) and bool(value[0])))


def as_written(words: tuple[str, ...], original: str) -> tuple[str, ...]:
    """The words of a fix (lower case), those it keeps from the page as the page writes
    them: "Monte Carlo recreation" → "Monte Carlo simulation", not "monte carlo
    simulation", which the model also finds far less likely in the sentence."""
    from ..garble.acronym import WORD

    page = WORD.findall(original)
    if len(page) != len(words):
        return tuple(words)
    return tuple(p if p.lower() == w else w for p, w in zip(page, words))


def compile(rules, settings):
    return GarbleCheck(rules, settings)
