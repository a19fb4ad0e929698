"""The grammar pass of one run: segments -> cache or LanguageTool -> findings.

One service serves every document of a run. The first failure (server down, slow,
HTTP error, garbage) switches it off for the rest of the run, so a dead server
costs one timeout, not one per file, and is reported once.
"""
from __future__ import annotations

from dataclasses import replace

from ..document import MASK_CHAR
from .client import LanguageToolClient, ServerUnavailable, TooLarge
from .dedup import drop_duplicates
from .matches import Garbage, reduce, to_finding
from .segments import Batch, Segment, batches, segments_of
from .utf16 import Utf16Map, units

MAX_SPLITS = 6  # a request refused as too long is halved at most this many times


class GrammarService:
    def __init__(self, options, ignored_rules=()):
        self.options = options
        self.ignored_rules = sorted(set(ignored_rules))
        self.skipped: str | None = None  # why grammar stopped, once it did
        self.closed = False
        self._client: LanguageToolClient | None = None
        self._local = None
        self._cache = None
        if options.cache:
            from .cache import MatchCache

            self._cache = MatchCache(options.cache_path())
        server = "local" if options.server == "local" else options.server
        self._context = f"{server}|{options.fingerprint()}|{','.join(self.ignored_rules)}"

    # -- the pass --------------------------------------------------------------------
    def findings(self, doc, own):
        """LanguageTool's findings for doc that copylint's own findings do not cover."""
        if self.skipped:
            return []
        segments = segments_of(doc, self.options.max_request_chars)
        answers: dict[int, list[dict]] = {}
        todo: list[Segment] = []
        for seg in segments:
            cached = self._cache.get(seg.key(self._context)) if self._cache else None
            if cached is None:
                todo.append(seg)
            else:
                answers[id(seg)] = cached
        try:
            for batch in batches(todo, self.options.max_request_chars):
                for seg, matches in self._check(batch, 0):
                    if seg.parent is not None:  # a piece of a segment the server found too long
                        shift = seg.parent_units
                        seg = seg.parent
                        matches = [{**m, "offset": m["offset"] + shift} for m in matches]
                        matches = answers.get(id(seg), []) + matches
                    answers[id(seg)] = matches
            if self._cache:
                self._cache.put_many([(seg.key(self._context), answers.get(id(seg), [])) for seg in todo])
        except ServerUnavailable as exc:
            self.skipped = str(exc)
            return []
        found = []
        for seg in segments:
            seg_map = Utf16Map(seg.text)
            for m in answers.get(id(seg), ()):
                found.append(_trimmed(doc, to_finding(m, seg.start, seg_map, self.options)))
        return drop_duplicates(doc.text, own, found)

    def _check(self, batch: Batch, splits: int):
        """[(segment, reduced matches with segment-relative offsets)] for a batch."""
        try:
            raw = self._connect().check(self._fields(batch))
        except TooLarge:
            if splits >= MAX_SPLITS:
                raise
            halves = _halve(batch)
            if halves is None:
                raise
            return [pair for half in halves for pair in self._check(half, splits + 1)]
        per_segment: list[list[dict]] = [[] for _ in batch.segments]
        for match in raw:
            try:
                m = reduce(match)
            except Garbage as exc:
                raise ServerUnavailable(f"LanguageTool at {self._client.base_url} returned a malformed "
                                        f"match ({exc})") from None
            where = batch.locate(m["offset"], m["length"])
            if where is None:
                continue  # spans the blank line between two segments: not a real problem
            index, m["offset"] = where
            per_segment[index].append(m)
        return list(zip(batch.segments, per_segment))

    def _fields(self, batch: Batch) -> dict[str, str]:
        o = self.options
        fields = {"language": o.language}
        if batch.has_masks:
            import json

            fields["data"] = json.dumps({"annotation": batch.annotation()}, ensure_ascii=False)
        else:
            fields["text"] = batch.text()
        disabled = sorted(set(o.disabled_rules) | set(self.ignored_rules))
        for name, values in (("enabledRules", o.enabled_rules), ("disabledRules", disabled),
                             ("enabledCategories", o.enabled_categories),
                             ("disabledCategories", o.disabled_categories)):
            if values:
                fields[name] = ",".join(values)
        if o.enabled_only:
            fields["enabledOnly"] = "true"
        if o.picky:
            fields["level"] = "picky"
        if o.mother_tongue:
            fields["motherTongue"] = o.mother_tongue
        return fields

    def _connect(self) -> LanguageToolClient:
        if self._client is not None:
            return self._client
        url = self.options.server
        if url == "local":
            from .local import LocalUnavailable, start

            try:
                self._local = start(self.options)
            except LocalUnavailable as exc:
                raise ServerUnavailable(str(exc)) from None
            url = self._local.url
        client = LanguageToolClient(url, self.options.timeout, self.options.budget)
        codes = client.languages()
        if self.options.language not in codes:
            offered = ", ".join(sorted(c for c in codes if c.startswith(self.options.language[:2]))[:8])
            raise ServerUnavailable(f"LanguageTool at {client.base_url} does not offer language "
                                    f"'{self.options.language}'" + (f" (it offers {offered})" if offered else ""))
        self._client = client
        return client

    # -- end of run ------------------------------------------------------------------------
    def start_local(self) -> None:
        """Start (or find) the local server now, so that worker processes forked later
        share one server instead of starting one each."""
        if self.options.server == "local" and not self.skipped:
            try:
                self._connect()
            except ServerUnavailable as exc:
                self.skipped = str(exc)

    def flush(self) -> None:
        """Write down what the cache holds to write (see MatchCache.flush)."""
        if self._cache is not None:
            self._cache.flush()

    def close(self) -> None:
        self.closed = True
        if self._local is not None:
            self._local.stop()
        if self._cache is not None:
            self._cache.close()


def _trimmed(doc, finding):
    """The finding without masked characters at its edges: LanguageTool may count a
    tag next to a word into the match ("teh</b>"); inside, a mask keeps it unfixable."""
    start, end = finding.start, finding.end
    while start < end and doc.prose[start] == MASK_CHAR and doc.is_masked(start, start + 1):
        start += 1
    while end > start and doc.prose[end - 1] == MASK_CHAR and doc.is_masked(end - 1, end):
        end -= 1
    if (start, end) == (finding.start, finding.end) or start == end:
        return finding
    return replace(finding, start=start, end=end)


def _halve(batch: Batch):
    segs = batch.segments
    if len(segs) > 1:
        mid = len(segs) // 2
        return [Batch(segs[:mid]), Batch(segs[mid:])]
    seg = segs[0]
    if len(seg.text) < 2:
        return None
    cut = seg.text.rfind(" ", 0, len(seg.text) // 2) + 1 or len(seg.text) // 2
    parts = []
    for lo, hi in ((0, cut), (cut, len(seg.text))):
        masks = [(max(s, lo) - lo, min(e, hi) - lo, r) for s, e, r in seg.masks if s < hi and e > lo]
        parent = seg.parent or seg
        piece = Segment(seg.start + lo, seg.text[lo:hi], masks, parent=parent,
                        parent_units=units(parent.text[:seg.start + lo - parent.start]))
        parts.append(Batch([piece]))
    return parts
