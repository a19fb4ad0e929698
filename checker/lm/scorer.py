"""Scoring text with the language model: the interface the deep tier uses.

`LanguageModel.analyse(texts)` runs each text once (in batches) and keeps what later
questions need: each token's log-probability, the final hidden states (a position's
whole distribution is one product away) and the keys and values, so that alternatives
for a span are scored by running only the span and what follows it (`extend`). Every
question is asked for many places at once, so the model runs a few large batches per
document, not one small pass per place."""
from __future__ import annotations

import json
from dataclasses import dataclass, field
from pathlib import Path

import numpy as np

from .model import Model

MAX_TOKENS = 128    # a text is read up to this many tokens
BATCH_TOKENS = 1024  # padded tokens per forward pass
ROW_CHUNK = 256      # distributions computed per product with the output matrix
PADDED_SHARE = 0.8   # a batch's shortest item is at least this share of its longest


@dataclass(eq=False)
class Analysis:
    """One text as the model read it. Token i covers characters `offsets[i]` (a
    token's leading space included); `logprobs[i]` is log p(token i | tokens < i)."""

    text: str
    ids: list[int]
    offsets: list[tuple[int, int]]
    logprobs: np.ndarray
    # log p(token i + 1 in place of token i): what dropping token i would cost or gain
    skips: np.ndarray = field(repr=False)
    # log p(probe k in place of token i), for the probe tokens analyse() was given
    probes: np.ndarray = field(repr=False)
    hidden: np.ndarray = field(repr=False)   # (n + 1, width): after the start and each token
    past: list = field(repr=False)           # per layer (keys, values), (1, n + 1, kv, d)


class LanguageModel:
    """A converted model folder (see store.py): the model and its tokenizer."""

    def __init__(self, folder: Path):
        from tokenizers import Tokenizer

        self.folder = folder
        self.model = Model(folder)
        self.tokenizer = Tokenizer.from_file(str(folder / "tokenizer.json"))
        special = json.loads((folder / "special_tokens.json").read_text(encoding="utf-8"))
        # a document boundary before the text, as the model saw documents in training
        self.start = 0 if self.tokenizer.id_to_token(0) == "<|endoftext|>" else special["bos"]
        self._piece_cache: dict[str, list[int]] = {}

    def pieces(self, words: str) -> list[int]:
        """Token ids of `words` as they read after a space (" artificial intelligence")."""
        found = self._piece_cache.get(words)
        if found is None:
            found = self._piece_cache[words] = self.tokenizer.encode(" " + words).ids
        return found

    def analyse(self, texts: list[str], probes: list[int] = ()) -> list[Analysis]:
        """Run every text through the model, longest first in batches of similar length.
        `probes`: token ids whose log-probability at every position is kept too (read
        off distributions that are computed anyway)."""
        probes = np.asarray(list(probes), dtype=np.int64)
        encoded = [self.tokenizer.encode(t) for t in texts]
        clipped = [(e.ids[:MAX_TOKENS], e.offsets[:MAX_TOKENS]) for e in encoded]
        results: list[Analysis | None] = [None] * len(texts)
        order = sorted(range(len(texts)), key=lambda i: -len(clipped[i][0]))
        for batch in _batches(order, lambda i: len(clipped[i][0]) + 1):
            hidden, past = self.model.forward([[self.start] + clipped[i][0] for i in batch])
            for row, i in enumerate(batch):
                ids, offsets = clipped[i]
                n = len(ids) + 1
                h = hidden[row, :n]
                logprobs = np.zeros(len(ids), dtype=np.float32)
                skips = np.full(len(ids), -np.inf, dtype=np.float32)
                probed = np.zeros((len(ids), len(probes)), dtype=np.float32)
                following = np.asarray(ids[1:] + [0], dtype=np.int64)
                for a in range(0, len(ids), ROW_CHUNK):
                    table = self.model.log_softmax(h[a:a + ROW_CHUNK][:len(ids) - a])
                    at = np.arange(len(table))
                    logprobs[a:a + len(table)] = table[at, ids[a:a + len(table)]]
                    skips[a:a + len(table)] = table[at, following[a:a + len(table)]]
                    if len(probes):
                        probed[a:a + len(table)] = table[:, probes]
                if len(ids):
                    skips[-1] = -np.inf
                results[i] = Analysis(texts[i], list(ids), list(offsets), logprobs, skips, probed, h,
                                      [(k[row:row + 1, :n], v[row:row + 1, :n]) for k, v in past])
        return results

    def rows(self, places: list[tuple[Analysis, int]]) -> np.ndarray:
        """The distribution (log-probabilities over the vocabulary) of token `index` of
        each analysis, given the tokens before it: one row per place."""
        if not places:
            return np.zeros((0, self.model.vocab), dtype=np.float32)
        hidden = np.stack([a.hidden[i] for a, i in places])
        return np.concatenate([self.model.log_softmax(hidden[c:c + ROW_CHUNK])
                               for c in range(0, len(hidden), ROW_CHUNK)])

    def extend(self, requests: list[tuple[Analysis, int, list[int]]], rows: bool = False):
        """For each (analysis, index, suffix): the log-probability of each suffix token
        put in place of tokens index... after the analysis's first `index` tokens; with
        `rows`, also the distribution after the suffix's last token."""
        if not requests:
            return []
        places = sorted({(id(a), i): (a, i) for a, i, _ in requests}.values(), key=lambda p: (id(p[0]), p[1]))
        where = {(id(a), i): k for k, (a, i) in enumerate(places)}
        first_rows = self.rows(places)
        out: list = [None] * len(requests)
        order = sorted(range(len(requests)), key=lambda r: -len(requests[r][2]))
        for batch in _batches(order, lambda r: len(requests[r][2]) + requests[r][1] // 4):
            pasts = [[(k[:, :requests[r][1] + 1], v[:, :requests[r][1] + 1]) for k, v in requests[r][0].past]
                     for r in batch]
            hidden = self.model.extend(pasts, [requests[r][2] for r in batch])
            # every distribution the batch needs, in one product with the output matrix
            spans, wanted = [], []
            for row, r in enumerate(batch):
                n = len(requests[r][2]) - (0 if rows else 1)
                spans.append((sum(len(w) for w in wanted), n))
                wanted.append(hidden[row, :n])
            flat = np.concatenate(wanted)
            table = np.concatenate([self.model.log_softmax(flat[c:c + ROW_CHUNK])
                                    for c in range(0, len(flat), ROW_CHUNK)]) if len(flat) else flat
            for (at, n), r in zip(spans, batch):
                analysis, index, suffix = requests[r]
                scores = np.empty(len(suffix), dtype=np.float32)
                scores[0] = first_rows[where[(id(analysis), index)]][suffix[0]]
                if len(suffix) > 1:
                    scores[1:] = table[at + np.arange(len(suffix) - 1), suffix[1:]]
                out[r] = (scores, table[at + len(suffix) - 1]) if rows else scores
        return out


def _batches(order: list[int], cost):
    """Consecutive groups of `order` (sorted by falling cost) whose padded size, the
    first item's cost times the group's length, stays within BATCH_TOKENS, and whose
    items are at least PADDED_SHARE as long as the first (padding is wasted work)."""
    batch: list[int] = []
    for i in order:
        if batch and ((len(batch) + 1) * cost(batch[0]) > BATCH_TOKENS
                      or cost(i) < PADDED_SHARE * cost(batch[0])):
            yield batch
            batch = []
        batch.append(i)
    if batch:
        yield batch
