"""A Llama-architecture causal language model run with numpy, for scoring text (and
Gemma 3, whose differences from Llama the converted model's configuration names).

`forward` reads a batch of token sequences and returns the final hidden states with
each layer's keys and values (and, when asked, the residual stream after some layers);
`extend` reads suffixes after prefixes whose keys and values it is given, so
alternatives for a span cost only the span and what follows. The distribution over
the vocabulary is streamed a slice at a time (`log_probs`). Float32 throughout (a
float64 scalar would silently upcast the whole pass), and every large product is 2-D,
which runs many times faster than batched 3-D products on OpenBLAS."""
from __future__ import annotations

import json
import mmap
from dataclasses import dataclass
from pathlib import Path

import numpy as np

VOCAB_SLICE = 4096  # vocabulary rows per product in log_probs (the streamed output distribution)


def mapped(path: Path, populate: bool = True) -> np.ndarray:
    """A read-only array over the pages of an .npy file, not a copy of it. Reading the
    540 MB of weights into fresh memory cost 0.4-1 s a run, most of it the kernel
    handing out zeroed pages; mapped (and, on Linux, populated in one call) they cost
    under 0.1 s, the products run as fast, and processes running the model at once
    (`--jobs`, `screen`) share one copy in the page cache. store.py only ever replaces a
    model folder whole (never rewrites a file in place), so a running process's mapping
    stays valid. Not `populate`d, a page is read in when it is first touched (the rows of
    the embedding table that only texts in other scripts reach)."""
    with open(path, "rb") as file:
        version = np.lib.format.read_magic(file)
        shape, fortran, dtype = (np.lib.format.read_array_header_1_0(file) if version == (1, 0)
                                 else np.lib.format.read_array_header_2_0(file))
        offset = file.tell()
        if fortran or dtype.hasobject:
            raise ValueError(f"{path}: not a C-ordered numeric array")
        flags = mmap.MAP_SHARED | (getattr(mmap, "MAP_POPULATE", 0) if populate else 0)
        try:
            pages = mmap.mmap(file.fileno(), 0, flags=flags, prot=mmap.PROT_READ)
        except (AttributeError, TypeError):  # not a POSIX mmap (Windows)
            pages = mmap.mmap(file.fileno(), 0, access=mmap.ACCESS_READ)
    count = int(np.prod(shape))
    return np.frombuffer(pages, dtype=dtype, count=count, offset=offset).reshape(shape)


class Rows8:
    """A (rows, width) table kept as a GGUF file's Q8_0 blocks (each run of 32 numbers
    an int8 times one scale) and widened to float32 only for the rows asked for, a slice
    or a few at a time. The values are bit for bit those of the file's dequantizer (the
    same float32 product), in a quarter of the memory: Gemma 3's embedding table, which
    is also its output matrix, is 431 MB as float32 over the rows the distribution
    reads, and 121 MB so. Widening costs a tenth of the product it feeds
    (docs/performance.md, session 17)."""

    def __init__(self, numbers: np.ndarray, scales: np.ndarray):
        self.numbers, self.scales = numbers, scales  # (rows, width) int8, (rows, width / 32) float32
        self.shape = numbers.shape
        self.block = numbers.shape[1] // scales.shape[1]

    def __len__(self) -> int:
        return len(self.numbers)

    def __getitem__(self, rows) -> np.ndarray:
        numbers = self.numbers[rows]
        return self._widened(numbers, self.scales[rows], np.empty(numbers.shape, dtype=np.float32))

    def widen(self, start: int, stop: int, out: np.ndarray) -> np.ndarray:
        """Rows start..stop as float32 written into `out`'s first rows (the same numbers
        as `self[start:stop]`, without a fresh array), and that part of `out`."""
        return self._widened(self.numbers[start:stop], self.scales[start:stop], out[:stop - start])

    def _widened(self, numbers: np.ndarray, scales: np.ndarray, out: np.ndarray) -> np.ndarray:
        """Each block of `numbers` times its scale, in float32, written into `out`."""
        blocks = numbers.shape[:-1] + (numbers.shape[-1] // self.block, self.block)
        np.multiply(numbers.reshape(blocks), scales[..., None], out=out.reshape(blocks))
        return out


def _table(folder: Path, name: str):
    """A table of the vocabulary's rows, as float32 or as 8-bit blocks (convert.py),
    mapped but not populated: a page is read in when first touched (the rows of other
    scripts only for texts written in them)."""
    if (folder / f"{name}.q8.npy").is_file():
        return Rows8(mapped(folder / f"{name}.q8.npy", populate=False),
                     mapped(folder / f"{name}.scales.npy", populate=False))
    return mapped(folder / f"{name}.npy", populate=False)


@dataclass
class Layer:
    attn_norm: np.ndarray
    ffn_norm: np.ndarray
    qkv: np.ndarray       # (width, q_width + 2 * kv_width)
    out: np.ndarray       # (q_width, width)
    gate_up: np.ndarray   # (width, 2 * hidden)
    down: np.ndarray      # (hidden, width)
    rope_base: float
    # Gemma 3 only: norms after attention and the feed-forward layer, and per head
    post_attn_norm: np.ndarray | None = None
    post_ffn_norm: np.ndarray | None = None
    q_norm: np.ndarray | None = None
    k_norm: np.ndarray | None = None


class Model:
    """The weights of a converted model folder (see convert.py)."""

    def __init__(self, folder: Path):
        config = json.loads((folder / "config.json").read_text(encoding="utf-8"))
        load = lambda name: mapped(folder / f"{name}.npy")  # noqa: E731
        self.width = config["width"]
        self.heads = config["heads"]
        self.kv_heads = config["kv_heads"]
        self.head_dim = config.get("head_dim", self.width // self.heads)
        self.q_width = self.heads * self.head_dim
        self.eps = np.float32(config["eps"])
        self.embed_scale = np.float32(config.get("embed_scale", 1.0))
        self.gelu = config.get("activation") == "gelu_tanh"
        self.rope_halves = config.get("rope_layout") == "halves"
        # the tables' rows are in their own order (convert.py): a token's row is
        # token_rows[id], and the first latin_rows rows are those log_probs reads
        self.token_rows = load("token_rows")
        self.latin_rows = config["latin_rows"]
        self.embedding = _table(folder, "embedding")
        # the output matrix as (vocab, width) rows: see log_probs
        self.output_rows = self.embedding if config.get("tied", True) else _table(folder, "output")
        self.output_norm = load("output_norm")
        # Gemma 3: five local layers (rotary base 10,000) to each global one
        bases = config.get("rope_bases") or [config["rope_base"]] * config["layers"]
        optional = lambda name: load(name) if (folder / f"{name}.npy").is_file() else None  # noqa: E731
        self.layers = [Layer(load(f"{i}.attn_norm"), load(f"{i}.ffn_norm"), load(f"{i}.qkv"),
                             load(f"{i}.out"), load(f"{i}.gate_up"), load(f"{i}.down"), bases[i],
                             optional(f"{i}.post_attn_norm"), optional(f"{i}.post_ffn_norm"),
                             optional(f"{i}.q_norm"), optional(f"{i}.k_norm"))
                       for i in range(config["layers"])]
        self._bases = sorted({layer.rope_base for layer in self.layers})
        self.vocab = config["vocab"]

    # -- pieces of the pass -------------------------------------------------------
    def _norm(self, x: np.ndarray, weight: np.ndarray) -> np.ndarray:
        scale = 1.0 / np.sqrt(np.mean(x * x, axis=-1, keepdims=True) + self.eps)
        return (x * scale) * weight

    def _rotation(self, positions: np.ndarray, base: float):
        """cos and sin of the rotary embedding for positions (B, T), shaped to broadcast
        over heads: computed once per pass and base, not once per layer."""
        half = self.head_dim // 2
        inv_freq = (1.0 / (base ** (np.arange(half, dtype=np.float64) * 2 / self.head_dim))).astype(np.float32)
        angles = positions[..., None].astype(np.float32) * inv_freq  # (B, T, half)
        return np.cos(angles)[:, :, None, :], np.sin(angles)[:, :, None, :]

    def _rope(self, x: np.ndarray, cos: np.ndarray, sin: np.ndarray) -> np.ndarray:
        """Rotary position embedding; x is (batch, time, heads, head_dim). Llama files
        pair adjacent dimensions (llama.cpp permutes the query and key rows so); Gemma's
        pair each dimension of the first half with its partner in the second."""
        rotated = np.empty_like(x)
        if self.rope_halves:
            half = x.shape[-1] // 2
            first, second = x[..., :half], x[..., half:]
            rotated[..., :half] = first * cos - second * sin
            rotated[..., half:] = second * cos + first * sin
            return rotated
        even, odd = x[..., 0::2], x[..., 1::2]
        rotated[..., 0::2] = even * cos - odd * sin
        rotated[..., 1::2] = even * sin + odd * cos
        return rotated

    def _hidden(self, tokens: np.ndarray, lengths: np.ndarray, positions: np.ndarray, mask: np.ndarray,
                past: list | None = None, keep: bool = False, layers=()):
        """The final hidden states of `tokens` (B, T), of which row b holds `lengths[b]`
        real tokens and then padding, each layer's keys and values if `keep`, and the
        residual stream after each layer of `layers` (indices from 0), (len(layers), B, T,
        width). `mask` (B, T, S) says which of the S = P + T key
        positions each query may see, where `past` (a `_StackedPast`) holds each layer's keys
        and values of P earlier positions per row (B, P, kv_heads, head_dim).

        The products that act on each token alone (the projections and the feed-forward
        layers, nearly all the work) run on the real tokens only, packed; only attention
        sees the padded layout. Batches of sentences of unequal length are a tenth to a
        quarter padding."""
        batch, time = tokens.shape
        real = (np.arange(time)[None, :] < lengths[:, None]).reshape(-1)
        packed = not real.all()
        where = np.flatnonzero(real) if packed else slice(None)
        x = self.embedding[self.token_rows[tokens.reshape(-1)[where]]].astype(np.float32, copy=False)  # (N, width)
        if self.embed_scale != 1:
            x *= self.embed_scale
        kv_width = self.kv_heads * self.head_dim
        qw = self.q_width
        group = self.heads // self.kv_heads
        scale = np.float32(1.0 / np.sqrt(self.head_dim))
        rotations = {base: self._rotation(positions, base) for base in self._bases}
        # what the caller keeps (each layer's keys and values, the final states) in pages
        # of their own, outside the C heap (`_own_pages`)
        kept = (_own_pages((len(self.layers), 2, batch, time, self.kv_heads, self.head_dim))
                if keep else None)
        new_past = []
        streams = np.zeros((len(layers), batch * time, self.width), dtype=np.float32)
        bias = np.where(mask, np.float32(0), np.float32(-1e30)).astype(np.float32)[:, None, None, :, :]
        for index, layer in enumerate(self.layers):
            h = self._norm(x, layer.attn_norm) @ layer.qkv
            if packed:
                h = _unpack(h, where, batch * time)
            cos, sin = rotations[layer.rope_base]
            q = h[:, :qw].reshape(batch, time, self.heads, self.head_dim)
            k = h[:, qw:qw + kv_width].reshape(batch, time, self.kv_heads, self.head_dim)
            if layer.q_norm is not None:
                q, k = self._norm(q, layer.q_norm), self._norm(k, layer.k_norm)
            q, k = self._rope(q, cos, sin), self._rope(k, cos, sin)
            v = h[:, qw + kv_width:].reshape(batch, time, self.kv_heads, self.head_dim)
            if keep:
                # copies: a view would keep the whole projection alive in the caller's cache
                kept[index, 0], kept[index, 1] = k, v
                k, v = kept[index, 0], kept[index, 1]
                new_past.append((k, v))
            if past is not None:
                k, v = past.joined(index, k, v)
            # queries of a group of heads share their keys: (B, kv, group*T, d) x (B, kv, d, S)
            qh = q.reshape(batch, time, self.kv_heads, group, self.head_dim).transpose(0, 2, 3, 1, 4)
            scores = qh.reshape(batch, self.kv_heads, group * time, self.head_dim) @ k.transpose(0, 2, 3, 1)
            scores = scores.reshape(batch, self.kv_heads, group, time, -1) * scale + bias
            scores -= scores.max(axis=-1, keepdims=True)
            np.exp(scores, out=scores)
            scores /= scores.sum(axis=-1, keepdims=True)
            attended = scores.reshape(batch, self.kv_heads, group * time, -1) @ v.transpose(0, 2, 1, 3)
            attended = attended.reshape(batch, self.kv_heads, group, time, self.head_dim)
            attended = attended.transpose(0, 3, 1, 2, 4).reshape(batch * time, qw)[where] @ layer.out
            x += attended if layer.post_attn_norm is None else self._norm(attended, layer.post_attn_norm)
            gu = self._norm(x, layer.ffn_norm) @ layer.gate_up
            gate, up = gu[:, :gu.shape[1] // 2], gu[:, gu.shape[1] // 2:]
            fed = (_gelu(gate) if self.gelu else gate / (1.0 + np.exp(-gate))) * up @ layer.down
            x += fed if layer.post_ffn_norm is None else self._norm(fed, layer.post_ffn_norm)
            if index in layers:
                streams[layers.index(index)][where] = x
        x = self._norm(x, self.output_norm)
        if packed or keep:
            x = _unpack(x, where, batch * time, _own_pages((batch * time, self.width)) if keep else None)
        return x.reshape(batch, time, self.width), new_past, streams.reshape(len(layers), batch, time, self.width)

    def log_probs(self, hidden: np.ndarray, rows: np.ndarray, ids: np.ndarray,
                  whole=()) -> tuple[np.ndarray, np.ndarray]:
        """The log-probabilities of token `ids[m]` after hidden state `rows[m]` (of hidden
        states (N, width)), and each hidden state's log-normaliser (N,), so that any
        other token's log-probability there is one dot product away (`logit - norm`).

        The vocabulary is streamed: each slice's logits for all N rows at once, its
        exponentials summed into a running normaliser (rescaled when a slice raises the
        running maximum) and the entries asked for picked out, so no (N, vocab) table is
        ever built (128 rows of Gemma's 262,144 tokens were 134 MB). With a few hundred
        rows a product this also ran the output product a fifth faster than tables of
        128 rows (docs/performance.md).

        The normaliser covers the pieces of Latin and Greek script and those without
        letters (the first `latin_rows` rows of the tables: convert.py), where English
        text puts all but a few thousandths of the model's probability. The hidden states
        `whole` (indices), and any asked for a piece of another script, get the whole
        vocabulary's."""
        rows = np.asarray(rows, dtype=np.int64)
        table_rows = self.token_rows[np.asarray(ids, dtype=np.int64)].astype(np.int64)
        if not len(hidden):
            return np.zeros(0, dtype=np.float32), np.zeros(0, dtype=np.float32)
        picked = np.empty(len(table_rows), dtype=np.float32)
        top = np.full(len(hidden), -np.inf, dtype=np.float32)
        total = np.zeros(len(hidden), dtype=np.float32)
        everyone = np.arange(len(hidden))
        self._stream(hidden, everyone, 0, self.latin_rows, rows, table_rows, picked, top, total)
        everywhere = np.union1d(np.asarray(whole, dtype=np.int64), rows[table_rows >= self.latin_rows])
        if len(everywhere):
            self._stream(hidden, everywhere, self.latin_rows, len(self.output_rows), rows, table_rows,
                         picked, top, total)
        norms = top + np.log(total)
        return picked - norms[rows], norms

    def _stream(self, hidden, states, first: int, stop: int, rows, table_rows, picked, top, total) -> None:
        """Rows first..stop of the output matrix against hidden `states` (indices): their
        exponentials join those states' running normalisers (`top`, `total`), and the
        logits asked for there (`rows`, `table_rows`) are written into `picked`."""
        columns = np.ascontiguousarray(hidden[states].T)
        # one buffer for every slice's logits (and one for its widened rows): a fresh
        # array a slice, 10-16 MB dozens of times a pass, was most of the heap's churn
        buffer = np.empty((min(VOCAB_SLICE, stop - first), len(states)), dtype=np.float32)
        rows_buffer = (np.empty((len(buffer), self.output_rows.shape[1]), dtype=np.float32)
                       if isinstance(self.output_rows, Rows8) else None)
        column_of = np.empty(len(hidden), dtype=np.int64)
        column_of[states] = np.arange(len(states))
        asked = np.flatnonzero((table_rows >= first) & (table_rows < stop))
        asked = asked[np.argsort(table_rows[asked], kind="stable")]
        keys = table_rows[asked]
        high, sums = top[states], total[states]
        for start in range(first, stop, VOCAB_SLICE):
            end = min(start + VOCAB_SLICE, stop)
            table = (self.output_rows.widen(start, end, rows_buffer) if rows_buffer is not None
                     else self.output_rows[start:end])
            logits = np.matmul(table, columns, out=buffer[:end - start])  # (slice, states)
            a, b = np.searchsorted(keys, [start, start + len(logits)])
            if b > a:
                where = asked[a:b]
                picked[where] = logits[keys[a:b] - start, column_of[rows[where]]]
            highest = np.maximum(high, logits.max(axis=0))
            sums *= np.exp(high - highest)
            logits -= highest
            np.exp(logits, out=logits)
            sums += logits.sum(axis=0)
            high = highest
        top[states], total[states] = high, sums

    def covered(self, ids) -> bool:
        """Whether every token of `ids` is among those every normaliser covers (see log_probs)."""
        return bool((self.token_rows[np.asarray(ids, dtype=np.int64)] < self.latin_rows).all())

    def logits(self, hidden: np.ndarray, ids) -> np.ndarray:
        """The logits of token `ids` after one hidden state (width,): with the normaliser
        `log_probs` returned for it, their log-probabilities."""
        return self.output_rows[self.token_rows[np.asarray(ids, dtype=np.int64)]] @ hidden

    # -- what callers use ----------------------------------------------------------
    def forward(self, sequences: list[list[int]], layers: tuple[int, ...] = ()):
        """Final hidden states (B, T, width) of right-padded sequences, each layer's
        keys and values (B, T, kv_heads, head_dim), and the residual stream after each of
        `layers` (len(layers), B, T, width): padding never reaches a real position, since
        attention is causal."""
        longest = max(len(s) for s in sequences)
        tokens = np.zeros((len(sequences), longest), dtype=np.int64)
        for row, seq in enumerate(sequences):
            tokens[row, :len(seq)] = seq
        positions = np.broadcast_to(np.arange(longest), tokens.shape)
        causal = np.tril(np.ones((longest, longest), dtype=bool))
        mask = np.broadcast_to(causal, (len(sequences), longest, longest))
        lengths = np.asarray([len(s) for s in sequences])
        return self._hidden(tokens, lengths, positions, mask, keep=True, layers=tuple(layers))

    def extend(self, pasts: list, suffixes: list[list[int]]) -> np.ndarray:
        """Final hidden states of each suffix (B, T, width) read after its own prefix,
        whose keys and values `pasts[b]` are per layer (1, P_b, kv_heads, head_dim)."""
        batch, longest = len(suffixes), max(len(s) for s in suffixes)
        lengths = [p[0][0].shape[1] for p in pasts]
        widest = max(lengths)
        tokens = np.zeros((batch, longest), dtype=np.int64)
        mask = np.zeros((batch, longest, widest + longest), dtype=bool)
        causal = np.tril(np.ones((longest, longest), dtype=bool))
        for row, (seq, length) in enumerate(zip(suffixes, lengths)):
            tokens[row, :len(seq)] = seq
            mask[row, :, :length] = True
            mask[row, :, widest:] = causal
        positions = np.asarray(lengths)[:, None] + np.arange(longest)[None, :]
        stacked = _StackedPast(pasts, lengths, widest, longest)
        hidden, _, _ = self._hidden(tokens, np.asarray([len(s) for s in suffixes]), positions, mask, past=stacked)
        return hidden


class _StackedPast:
    """Each request's own prefix keys and values, stacked into one padded batch a layer
    at a time when the pass reaches that layer (all layers at once held 30 times the
    memory, which capped how many requests a pass could take), followed by the
    suffix's own. One pair of buffers serves every layer of the pass: a layer's keys
    and values are used up before the next layer's are written. Fresh arrays for each
    layer's stack and then for its join with the suffix's were 4 of each pass's largest
    temporaries, 18-30 times a pass (docs/performance.md, session 25)."""

    def __init__(self, pasts: list, lengths: list[int], widest: int, time: int):
        self.pasts, self.lengths, self.widest = pasts, lengths, widest
        shape = (len(pasts), widest + time) + pasts[0][0][0].shape[2:]
        # zeros where a row's prefix is shorter than the widest: masked out, never written
        self.keys = np.zeros(shape, dtype=np.float32)
        self.values = np.zeros(shape, dtype=np.float32)

    def joined(self, layer: int, keys: np.ndarray, values: np.ndarray):
        """The prefixes' keys and values at `layer`, then the suffix's (B, T, kv, d)."""
        for row, (past, length) in enumerate(zip(self.pasts, self.lengths)):
            self.keys[row, :length] = past[layer][0][0]
            self.values[row, :length] = past[layer][1][0]
        self.keys[:, self.widest:] = keys
        self.values[:, self.widest:] = values
        return self.keys, self.values


def _gelu(x: np.ndarray) -> np.ndarray:
    """GELU, tanh approximation (Gemma's activation), in float32."""
    return np.float32(0.5) * x * (1 + np.tanh(np.float32(0.7978845608) * (x + np.float32(0.044715) * x * x * x)))


def _unpack(rows: np.ndarray, where, total: int, out: np.ndarray | None = None) -> np.ndarray:
    """Packed rows (N, width) laid out as `total` rows, zeros where there are none
    (into `out`, zeros already, if given)."""
    if out is None:
        out = np.zeros((total, rows.shape[1]), dtype=rows.dtype)
    out[where] = rows
    return out


def _own_pages(shape: tuple) -> np.ndarray:
    """A float32 array of zeros in pages mapped for it alone, not taken from the C heap,
    and handed back to the system when the last view of it goes. The keys and values a
    reading keeps live as long as its chunk is judged, while the pass's temporaries come
    and go around them; taken from the heap, they pinned its freed holes in the process
    (Gemma over 5,000 words: 350 MB of freed heap; docs/performance.md, session 25)."""
    count = int(np.prod(shape))
    size = max(1, count * 4)
    # private to the process (Python maps a file number of -1 anonymous); Windows has no flags
    pages = mmap.mmap(-1, size, flags=mmap.MAP_PRIVATE) if hasattr(mmap, "MAP_PRIVATE") else mmap.mmap(-1, size)
    return np.frombuffer(pages, dtype=np.float32, count=count).reshape(shape)
