"""Scoring text with the language model: the interface the deep tier uses.

`LanguageModel.analyse(texts)` runs each text once (in batches) and keeps what later
questions need: each token's log-probability, the final hidden states with the
normaliser of each position's distribution (any token's log-probability there is one
dot product away) and the keys and values, so that alternatives
for a span are scored by running only the span and what follows it (`extend`). Every
question is asked for many places at once, so the model runs a few large batches per
document, not one small pass per place."""
from __future__ import annotations

import json
import threading
from dataclasses import dataclass, field
from pathlib import Path

import numpy as np
from tokenizers import Tokenizer

from ..heap import hand_back_freed_heap
from .convert import LATIN_TOKENIZER, OTHER_SCRIPT, TOKENIZER
from .model import Model

MAX_TOKENS = 128    # a text is read up to this many tokens (words after are not judged)
BATCH_TOKENS = 1024  # padded tokens per forward pass
EXTEND_ROWS = 512    # suffix tokens per pass of extend() ...
EXTEND_PAST = 16384  # ... and requests times their longest prefix (one layer's keys and values, 25 MB)


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
    # the log-normaliser of the distribution over token i: any token's log-probability
    # there is its logit (a dot product with hidden[i]) minus this (for the pieces it
    # covers: model.log_probs)
    norms: np.ndarray = field(repr=False)
    hidden: np.ndarray = field(repr=False)   # (n + 1, width): after the start and each token
    past: list = field(repr=False)           # per layer (keys, values), (1, n + 1, kv, d)
    # whether the text holds a piece of a script other than Latin and Greek: then every
    # distribution over it, in every pass, is the whole vocabulary's (model.log_probs),
    # so that its scores and its alternatives' compare alike
    mixed: bool = False
    # the residual stream after each of the layers analyse() was asked for (len(layers),
    # n + 1, width): what the deep tier's probe reads (lm/probe.py)
    streams: np.ndarray | None = field(default=None, repr=False)


class LanguageModel:
    """A converted model folder (see store.py): the model and its tokenizer."""

    def __init__(self, folder: Path, first_text: str = ""):
        self.folder = folder
        # the tokenizer before the weights: reading Gemma's (262,144 pieces, 513,511
        # merges) peaks about 250 MB above what it keeps, and that heap is handed back
        # before the weights' pages are mapped, so the two never add up in the peak.
        # Where the folder has one without the pieces of other scripts, that one, unless
        # the text it is loaded for needs the whole one (see _tokenizer_for)
        self.whole = _needs_whole(first_text) or not (folder / LATIN_TOKENIZER).is_file()
        self.tokenizer = Tokenizer.from_file(str(folder / (TOKENIZER if self.whole else LATIN_TOKENIZER)))
        self._switching = threading.Lock()
        hand_back_freed_heap()
        self.model = Model(folder)
        self.depth = len(self.model.layers)  # how many layers (analyse can keep the stream after some)
        # the name the model file gives itself ("Gemma 3 270m"): the verdict's margin is fitted per model
        self.name = json.loads((folder / "config.json").read_text(encoding="utf-8")).get("name", "")
        special = json.loads((folder / "special_tokens.json").read_text(encoding="utf-8"))
        # a document boundary before the text, as the model saw documents in training
        self.start = 0 if self.tokenizer.id_to_token(0) == "<|endoftext|>" else special["bos"]
        self._piece_cache: dict[str, list[int]] = {}

    def line_end(self) -> int:
        """The token of a line break."""
        return self.tokenizer.encode("x\n").ids[-1]

    def pieces(self, words: str) -> list[int]:
        """Token ids of `words` as they read after a space (" artificial intelligence")."""
        found = self._piece_cache.get(words)
        if found is None:
            found = self._piece_cache[words] = self._tokenizer_for(words).encode(" " + words).ids
        return found

    def _tokenizer_for(self, text: str):
        """The tokenizer to read `text` with: the one without other scripts' pieces
        (convert.LATIN_TOKENIZER) while the texts hold none of their characters, which
        tokenizes them as the whole one would; the whole one from the first text that
        holds one, for the rest of the process (then the smaller one is let go). Read
        now, with the weights mapped, the whole one's reading adds about 75 MB to
        Gemma's peak for a moment: the model reads it first where the text it is
        loaded for needs it (`first_text`)."""
        if not self.whole and _needs_whole(text):
            with self._switching:
                if not self.whole:
                    self.tokenizer = Tokenizer.from_file(str(self.folder / TOKENIZER))
                    self.whole = True
                    hand_back_freed_heap()
        return self.tokenizer

    def analyse(self, texts: list[str], probes: list[int] = (), limit: int = MAX_TOKENS,
                layers: tuple[int, ...] = ()) -> list[Analysis]:
        """Run every text through the model, longest first in batches of similar length,
        each up to its `limit`th token. `probes`: token ids whose log-probability at
        every position is kept too (read off distributions that are computed anyway);
        `layers`: the layers whose residual stream is kept (Analysis.streams)."""
        probes = np.asarray(list(probes), dtype=np.int64)
        encoded = [self._tokenizer_for(t).encode(t) for t in texts]
        clipped = [(e.ids[:limit], e.offsets[:limit]) for e in encoded]
        results: list[Analysis | None] = [None] * len(texts)
        order = sorted(range(len(texts)), key=lambda i: -len(clipped[i][0]))
        for batch in _batches(order, lambda i: len(clipped[i][0]) + 1):
            hidden, past, streams = self.model.forward([[self.start] + clipped[i][0] for i in batch], layers)
            # the distributions of the whole batch's positions in one streamed pass: only
            # the entries asked for and each position's normaliser are kept
            ids = [clipped[i][0] for i in batch]
            flat = np.concatenate([hidden[row, :len(seq)] for row, seq in enumerate(ids)])
            actual = np.asarray([t for seq in ids for t in seq], dtype=np.int64)
            following = np.asarray([t for seq in ids if seq for t in seq[1:] + [0]], dtype=np.int64)
            count, at = len(flat), np.arange(len(flat))
            # a text holding a piece of another script is normalised over the whole
            # vocabulary throughout, in every pass (Analysis.mixed)
            mixed = [bool(seq) and not self.model.covered(seq) for seq in ids]
            whole = np.concatenate([np.full(len(seq), m) for seq, m in zip(ids, mixed)])
            picked, norms = self.model.log_probs(
                flat, np.concatenate([at, at, np.repeat(at, len(probes))]),
                np.concatenate([actual, following, np.tile(probes, count)]), whole=np.flatnonzero(whole))
            logprobs, skips = picked[:count], picked[count:2 * count]
            probed = picked[2 * count:].reshape(count, len(probes))
            start = 0
            for row, i in enumerate(batch):
                seq, offsets = clipped[i]
                n, end = len(seq) + 1, start + len(seq)
                skipped = skips[start:end].copy()
                if len(seq):
                    skipped[-1] = -np.inf
                results[i] = Analysis(texts[i], list(seq), list(offsets), logprobs[start:end].copy(), skipped,
                                      probed[start:end].copy(), norms[start:end].copy(), hidden[row, :n],
                                      [(k[row:row + 1, :n], v[row:row + 1, :n]) for k, v in past], mixed[row],
                                      streams[:, row, :n].copy() if layers else None)
                start = end
        return results

    def rows(self, places: list[tuple[Analysis, int]], tokens: list[np.ndarray]) -> list[np.ndarray]:
        """For each place (analysis, index): the log-probability of each of its `tokens`
        as token `index`, given the tokens before it. Where analyse() has read the
        distribution (every token's place), its normaliser is kept, so this costs a dot
        product per token asked for, not a pass over the vocabulary; only the place after
        a text's last token needs one (and a place asked for a piece of a script the
        kept normaliser may not cover: model.log_probs)."""
        out: list = [None] * len(places)
        unread = []
        for k, ((analysis, index), ids) in enumerate(zip(places, tokens)):
            if index < len(analysis.norms) and (self.model.covered(ids)):
                out[k] = self.model.logits(analysis.hidden[index], ids) - analysis.norms[index]
            else:
                unread.append(k)
        if unread:
            hidden = np.stack([places[k][0].hidden[places[k][1]] for k in unread])
            rows = np.concatenate([np.full(len(tokens[k]), row) for row, k in enumerate(unread)])
            picked, _ = self.model.log_probs(hidden, rows, np.concatenate([tokens[k] for k in unread]),
                                             whole=[row for row, k in enumerate(unread) if places[k][0].mixed])
            at = 0
            for k in unread:
                out[k], at = picked[at:at + len(tokens[k])], at + len(tokens[k])
        return out

    def extend(self, requests: list[tuple[Analysis, int, list[int]]], then=None):
        """For each (analysis, index, suffix): the log-probability of each suffix token
        put in place of tokens index... after the analysis's first `index` tokens; with
        `then` (token ids per request), also the log-probability of each of those as the
        token after the suffix."""
        if not requests:
            return []
        rows_wanted = then is not None
        firsts = self.rows([(a, i) for a, i, _ in requests], [np.asarray(s[:1]) for _, _, s in requests])
        out: list = [None] * len(requests)
        for batch in _extension_batches([(len(s), i + 1) for _, i, s in requests]):
            pasts = [[(k[:, :requests[r][1] + 1], v[:, :requests[r][1] + 1]) for k, v in requests[r][0].past]
                     for r in batch]
            hidden = self.model.extend(pasts, [requests[r][2] for r in batch])
            # the batch's distributions in one streamed pass: only the entries asked for
            # are kept (a whole table of a batch is hundreds of MB)
            wanted, owners, rows, ids = [], [], [], []
            for row, r in enumerate(batch):
                suffix = requests[r][2]
                n = len(suffix) - (0 if rows_wanted else 1)
                wanted.append(hidden[row, :n])
                for k in range(n):
                    asked = [suffix[k + 1]] if k + 1 < len(suffix) else then[r]
                    owners.append((r, k, len(ids), len(asked)))
                    rows.extend([len(owners) - 1] * len(asked))
                    ids.extend(asked)
            flat = np.concatenate(wanted) if wanted else np.zeros((0, hidden.shape[-1]), np.float32)
            whole = [at for at, (r, _, _, _) in enumerate(owners) if requests[r][0].mixed]
            picked, _ = self.model.log_probs(flat, np.asarray(rows, dtype=np.int64), np.asarray(ids, dtype=np.int64),
                                             whole=whole)
            scores = {r: np.empty(len(requests[r][2]), dtype=np.float32) for r in batch}
            last = {}
            for r, k, at, size in owners:
                if k + 1 < len(requests[r][2]):
                    scores[r][k + 1] = picked[at]
                else:
                    last[r] = picked[at:at + size]
            for r in batch:
                scores[r][0] = firsts[r][0]
                out[r] = (scores[r], last[r]) if rows_wanted else scores[r]
        return out


def _needs_whole(text: str) -> bool:
    """Whether `text` holds a character that only the whole tokenizer has pieces for
    (convert.LATIN_TOKENIZER)."""
    return bool(OTHER_SCRIPT.search(text))


def _batches(order: list[int], cost):
    """Consecutive groups of `order` (texts sorted by falling length, `cost`) whose
    padded size, the first item's cost times the group's length, stays within
    BATCH_TOKENS: as few passes as memory allows. Padding reaches only attention and
    the keys and values a reading keeps (model.py packs the real tokens for the
    products), while a pass of a few dozen rows runs the products at about half the
    speed of one of a few hundred: cutting batches where lengths fell by a fifth, as
    before, read a story's 1,561 tokens of dialogue in 21 passes, now 6, for about 6%
    less CPU in reading (docs/performance.md)."""
    batch: list[int] = []
    for i in order:
        if batch and (len(batch) + 1) * cost(batch[0]) > BATCH_TOKENS:
            yield batch
            batch = []
        batch.append(i)
    if batch:
        yield batch


def _extension_batches(sizes: list[tuple[int, int]]):
    """Groups of request indices for extend(), given each request's (suffix, prefix)
    lengths: as few passes as memory allows, since a pass of a few dozen rows runs the
    products at half the speed of one of a few hundred. Only the real suffix tokens
    reach the products (model.py packs them) and the prefixes are stacked one layer at a
    time, so a pass is bounded by its rows and by its requests times their longest
    prefix. Longest suffixes first, so that a batch's padding stays small."""
    order = sorted(range(len(sizes)), key=lambda r: (-sizes[r][0], -sizes[r][1]))
    batch: list[int] = []
    rows = widest = 0
    for r in order:
        suffix, prefix = sizes[r]
        if batch and (rows + suffix > EXTEND_ROWS or (len(batch) + 1) * max(widest, prefix) > EXTEND_PAST):
            yield batch
            batch, rows, widest = [], 0, 0
        batch.append(r)
        rows += suffix
        widest = max(widest, prefix)
    if batch:
        yield batch
