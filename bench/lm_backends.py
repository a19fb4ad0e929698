#!/usr/bin/env python3
"""Would another runtime make the deep tier's model cheaper? Measures the forward pass
and the output distribution (a whole log-softmax table, as checker/lm/model.py computed it then) against the same model
run by onnxruntime (and OpenVINO, when installed), in CPU seconds, on real sentences,
and how far each one's log-probabilities stray from numpy's. Figures quoted in
docs/performance.md ("Other runtimes for the model").

    python bench/lm_backends.py [--words 650] [--repeats 3] [--only ort-fp32,...]

The ONNX graphs are built here from the converted model's arrays with the `onnx`
package; they compute what model.py computes, in the same layout. Variants:

  ort-fp32      float32 everywhere (the products run by onnxruntime's MLAS)
  ort-nbits4    4-bit weights (`MatMulNBits`, accuracy_level 4), blocks of 32 with a
                float scale and zero point: the Q4_1 grid of the published file, exactly;
                the output product stays float32 (its weights are 8-bit in the file)
  ort-nbits8    8-bit weights in blocks of 32, activations quantized to int8 per block
  ort-w8a8      int8 weights per output column, int8 activations per token, MatMulInteger
  ov-f32        OpenVINO, float32; ov-bf16: OpenVINO with bfloat16 products

Needs the installed model (`copylint model install`), the text of ../shared/corpus,
and `pip install onnx onnxruntime openvino` (a runtime that is missing is skipped).
Nothing here is used by copylint: no runtime measured here was good enough to ship.
One thread everywhere, as copylint runs the model."""
from __future__ import annotations

import argparse
import os
import re
import statistics
import sys
import time
from pathlib import Path

import numpy as np

REPO = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(REPO))
sys.path.insert(0, str(REPO / "bench"))

from inputs import default_corpus  # noqa: E402

VARIANTS = ["numpy", "ort-fp32", "ort-nbits4", "ort-nbits8", "ort-w8a8", "ort-w8a8s", "ov-f32", "ov-bf16"]


class Graph:
    """Nodes and initializers of one ONNX graph, with generated names."""

    def __init__(self):
        from onnx import TensorProto, helper, numpy_helper

        self.TensorProto, self.helper, self.numpy_helper = TensorProto, helper, numpy_helper
        self.nodes, self.inits, self._count = [], [], 0

    def name(self, hint: str) -> str:
        self._count += 1
        return f"{hint}_{self._count}"

    def const(self, value, hint: str = "c") -> str:
        name = self.name(hint)
        self.inits.append(self.numpy_helper.from_array(np.asarray(value), name))
        return name

    def op(self, op_type: str, inputs: list[str], outputs: int = 1, domain: str | None = None, **attrs):
        names = [self.name(op_type.lower()) for _ in range(outputs)]
        self.nodes.append(self.helper.make_node(op_type, inputs, names, domain=domain, **attrs))
        return names[0] if outputs == 1 else names

    def model(self, name, inputs, outputs):
        h = self.helper
        graph = h.make_graph(self.nodes, name, inputs, outputs, self.inits)
        return h.make_model(graph, opset_imports=[h.make_opsetid("", 18), h.make_opsetid("com.microsoft", 1)])

    # -- the product x @ weight (K, N), by variant ------------------------------------
    def matmul(self, x: str, weight: np.ndarray, how: str, channel_max=None) -> str:
        if how == "w8a8s" and channel_max is not None:
            # SmoothQuant: move the activations' outlier channels into the weights
            smooth = np.sqrt(np.maximum(channel_max, 1e-5) / np.maximum(np.abs(weight).max(axis=1), 1e-5))
            smooth = smooth.astype(np.float32)
            x = self.op("Mul", [x, self.const((1 / smooth).astype(np.float32))])
            return self._w8a8(x, weight * smooth[:, None])
        if how in ("w8a8", "w8a8s"):
            return self._w8a8(x, weight)
        if how == "nbits4":
            return self._nbits(x, weight, 4)
        if how == "nbits8":
            return self._nbits(x, weight, 8)
        return self.op("MatMul", [x, self.const(weight.astype(np.float32), "w")])

    def _nbits(self, x: str, weight: np.ndarray, bits: int, block: int = 32) -> str:
        k, n = weight.shape
        blocks = weight.T.reshape(n, k // block, block)
        levels = (1 << bits) - 1
        if bits == 4:  # the Q4_1 grid: lowest and highest value of a block are levels 0 and 15
            low, high = blocks.min(axis=-1), blocks.max(axis=-1)
        else:
            low, high = np.minimum(blocks.min(axis=-1), 0), np.maximum(blocks.max(axis=-1), 0)
        scale = (high - low) / levels
        scale = np.where(scale == 0, 1, scale).astype(np.float32)
        if bits == 4:
            q = np.clip(np.rint((blocks - low[..., None]) / scale[..., None]), 0, levels).astype(np.uint8)
            data = (q[..., 0::2] | (q[..., 1::2] << 4)).astype(np.uint8)
            zero = (-low / scale).astype(np.float32)  # w = (q - zero) * scale, a float zero point
        else:
            zero = np.clip(np.rint(-low / scale), 0, levels).astype(np.uint8)
            data = np.clip(np.rint(blocks / scale[..., None]) + zero[..., None], 0, levels).astype(np.uint8)
        return self.op("MatMulNBits", [x, self.const(data, "wq"), self.const(scale.reshape(-1), "scale"),
                                       self.const(zero.reshape(-1), "zero")],
                       domain="com.microsoft", K=k, N=n, bits=bits, block_size=block, accuracy_level=4)

    def _w8a8(self, x: str, weight: np.ndarray) -> str:
        wscale = np.abs(weight).max(axis=0) / 127.0
        wscale = np.where(wscale == 0, 1, wscale).astype(np.float32)
        wq = np.clip(np.rint(weight / wscale), -127, 127).astype(np.int8)
        amax = self.op("ReduceMax", [self.op("Abs", [x]), self.const(np.array([-1]))], keepdims=1)
        s = self.op("Max", [self.op("Mul", [amax, self.const(np.float32(1 / 127))]), self.const(np.float32(1e-12))])
        xq = self.op("Add", [self.op("Round", [self.op("Div", [x, s])]), self.const(np.float32(128))])
        xq = self.op("Cast", [xq], to=self.TensorProto.UINT8)
        acc = self.op("MatMulInteger", [xq, self.const(wq, "w8"), self.const(np.uint8(128)), self.const(np.int8(0))])
        return self.op("Mul", [self.op("Mul", [self.op("Cast", [acc], to=self.TensorProto.FLOAT), s]),
                               self.const(wscale)])


def calibrate(model, sequences) -> dict:
    """The largest magnitude of each input channel of each product, over `sequences`."""
    stats: dict = {}

    class Recorder:
        __array_ufunc__ = None  # numpy defers x @ self to __rmatmul__

        def __init__(self, weight, key):
            self.weight, self.key = weight, key

        def __rmatmul__(self, x):
            seen = np.abs(x).reshape(-1, x.shape[-1]).max(axis=0)
            stats[self.key] = np.maximum(stats.get(self.key, 0), seen)
            return x @ self.weight

    saved = [(layer.qkv, layer.out, layer.gate_up, layer.down) for layer in model.layers]
    for i, layer in enumerate(model.layers):
        layer.qkv, layer.out = Recorder(layer.qkv, (i, "qkv")), Recorder(layer.out, (i, "out"))
        layer.gate_up, layer.down = Recorder(layer.gate_up, (i, "gate_up")), Recorder(layer.down, (i, "down"))
    try:
        model.forward(sequences)
    finally:
        for layer, weights in zip(model.layers, saved):
            layer.qkv, layer.out, layer.gate_up, layer.down = weights
    return stats


def layers_graph(model, how: str, stats: dict | None = None):
    """Every transformer layer: x (embedded tokens), cos/sin, the attention bias and each
    layer's past keys and values in; the final (normed) hidden states and each layer's
    new keys and values out. model.py's `_hidden`, op for op."""
    g = Graph()
    TP, h = g.TensorProto, g.helper
    width, heads, kv_heads, d = model.width, model.heads, model.kv_heads, model.head_dim
    group, half, kv_width = heads // kv_heads, model.head_dim // 2, model.kv_heads * model.head_dim
    ints = lambda *v: g.const(np.array(v, dtype=np.int64))  # noqa: E731
    inputs = [h.make_tensor_value_info("x", TP.FLOAT, ["B", "T", width]),
              h.make_tensor_value_info("cos", TP.FLOAT, ["B", "T", 1, half]),
              h.make_tensor_value_info("sin", TP.FLOAT, ["B", "T", 1, half]),
              h.make_tensor_value_info("bias", TP.FLOAT, ["B", 1, 1, "T", "S"])]
    outputs = [h.make_tensor_value_info("hidden", TP.FLOAT, ["B", "T", width])]
    last = ints(-1)
    eps, scale = g.const(np.float32(model.eps)), g.const(np.float32(1.0 / np.sqrt(d)))

    def norm(x, weight):
        mean = g.op("ReduceMean", [g.op("Mul", [x, x]), last], keepdims=1)
        inv = g.op("Reciprocal", [g.op("Sqrt", [g.op("Add", [mean, eps])])])
        return g.op("Mul", [g.op("Mul", [x, inv]), g.const(weight.astype(np.float32))])

    def rope(t, n_heads):
        """(B, T, n*d) -> (B, T, n, d), rotated on adjacent pairs (llama.cpp's layout)."""
        pairs = g.op("Reshape", [t, ints(0, 0, n_heads, half, 2)])
        even, odd = (g.op("Squeeze", [p, last]) for p in g.op("Split", [pairs, ints(1, 1)], outputs=2, axis=-1))
        re_ = g.op("Sub", [g.op("Mul", [even, "cos"]), g.op("Mul", [odd, "sin"])])
        ro = g.op("Add", [g.op("Mul", [even, "sin"]), g.op("Mul", [odd, "cos"])])
        both = g.op("Concat", [g.op("Unsqueeze", [re_, last]), g.op("Unsqueeze", [ro, last])], axis=-1)
        return g.op("Reshape", [both, ints(0, 0, 0, d)])

    def part(t, start, end):
        return g.op("Slice", [t, ints(start), ints(end), last])

    x = "x"
    for i, layer in enumerate(model.layers):
        inputs += [h.make_tensor_value_info(f"past_k{i}", TP.FLOAT, ["B", "P", kv_heads, d]),
                   h.make_tensor_value_info(f"past_v{i}", TP.FLOAT, ["B", "P", kv_heads, d])]
        outputs += [h.make_tensor_value_info(f"k{i}", TP.FLOAT, ["B", "T", kv_heads, d]),
                    h.make_tensor_value_info(f"v{i}", TP.FLOAT, ["B", "T", kv_heads, d])]
        qkv = g.matmul(norm(x, layer.attn_norm), layer.qkv, how, (stats or {}).get((i, 'qkv')))
        q = rope(part(qkv, 0, width), heads)
        g.nodes.append(h.make_node("Identity", [rope(part(qkv, width, width + kv_width), kv_heads)], [f"k{i}"]))
        g.nodes.append(h.make_node("Reshape", [part(qkv, width + kv_width, width + 2 * kv_width),
                                               ints(0, 0, kv_heads, d)], [f"v{i}"]))
        keys = g.op("Concat", [f"past_k{i}", f"k{i}"], axis=1)      # (B, S, kv, d)
        values = g.op("Concat", [f"past_v{i}", f"v{i}"], axis=1)
        qh = g.op("Transpose", [g.op("Reshape", [q, ints(0, 0, kv_heads, group, d)])], perm=[0, 2, 3, 1, 4])
        kt = g.op("Unsqueeze", [g.op("Transpose", [keys], perm=[0, 2, 3, 1]), ints(2)])    # (B, kv, 1, d, S)
        vt = g.op("Unsqueeze", [g.op("Transpose", [values], perm=[0, 2, 1, 3]), ints(2)])  # (B, kv, 1, S, d)
        scores = g.op("Add", [g.op("Mul", [g.op("MatMul", [qh, kt]), scale]), "bias"])
        attended = g.op("Transpose", [g.op("MatMul", [g.op("Softmax", [scores], axis=-1), vt])], perm=[0, 3, 1, 2, 4])
        x = g.op("Add", [x, g.matmul(g.op("Reshape", [attended, ints(0, 0, width)]), layer.out, how,
                                     (stats or {}).get((i, 'out')))])
        gu = g.matmul(norm(x, layer.ffn_norm), layer.gate_up, how, (stats or {}).get((i, 'gate_up')))
        inner = layer.down.shape[0]
        gate, up = part(gu, 0, inner), part(gu, inner, 2 * inner)
        x = g.op("Add", [x, g.matmul(g.op("Mul", [g.op("Mul", [gate, g.op("Sigmoid", [gate])]), up]), layer.down, how,
                                     (stats or {}).get((i, 'down')))])
    g.nodes.append(h.make_node("Identity", [norm(x, model.output_norm)], ["hidden"]))
    return g.model("layers", inputs, outputs)


ROW_CHUNK = 128  # distributions per call, as scorer.analyse asked for them when these runtimes were measured


def head_graph(model, how: str):
    """hidden (N, width) -> log-probabilities (N, vocab), columns in the tables' row
    order (model.token_rows): `log_softmax` below."""
    g = Graph()
    TP, h = g.TensorProto, g.helper
    logits = g.matmul("hidden", np.ascontiguousarray(model.output_rows[:].T),
                      "fp32" if how in ("nbits4", "w8a8s") else how)
    g.nodes.append(h.make_node("LogSoftmax", [logits], ["logprobs"], axis=-1))
    return g.model("head", [h.make_tensor_value_info("hidden", TP.FLOAT, ["N", model.width])],
                   [h.make_tensor_value_info("logprobs", TP.FLOAT, ["N", model.vocab])])


class Backend:
    """forward(batch) -> hidden and head(rows) -> log-probabilities, by one runtime."""

    def __init__(self, model, variant: str, scratch: Path, calibration=None):
        import onnx

        self.model, self.variant = model, variant
        if variant == "numpy":
            return
        how = variant.split("-", 1)[1] if variant.startswith("ort-") else "fp32"
        paths = scratch / f"layers-{how}.onnx", scratch / f"head-{how}.onnx"
        if not paths[0].exists():
            stats = calibrate(model, calibration) if how == "w8a8s" else None
            onnx.save(layers_graph(model, how, stats), paths[0])
            onnx.save(head_graph(model, how), paths[1])
        if variant.startswith("ov-"):
            import openvino as ov

            config = {"INFERENCE_NUM_THREADS": 1, "NUM_STREAMS": 1, "PERFORMANCE_HINT": "LATENCY",
                      "INFERENCE_PRECISION_HINT": variant.split("-")[1]}
            core = ov.Core()
            layers, head = (core.compile_model(str(p), "CPU", config).create_infer_request() for p in paths)
            self._run_layers = lambda feeds: layers.infer(feeds)["hidden"].copy()
            self._run_head = lambda rows: head.infer({"hidden": rows})["logprobs"].copy()
        else:
            import onnxruntime as ort

            options = ort.SessionOptions()
            options.intra_op_num_threads = options.inter_op_num_threads = 1
            options.add_session_config_entry("session.intra_op.allow_spinning", "0")
            options.log_severity_level = 3
            layers, head = (ort.InferenceSession(str(p), options, providers=["CPUExecutionProvider"])
                            for p in paths)
            self._run_layers = lambda feeds: layers.run(["hidden"], feeds)[0]
            self._run_head = lambda rows: head.run(None, {"hidden": rows})[0]

    def forward(self, sequences: list[list[int]]) -> np.ndarray:
        m = self.model
        if self.variant == "numpy":
            return m.forward(sequences)[0]
        batch, longest = len(sequences), max(map(len, sequences))
        tokens = np.zeros((batch, longest), dtype=np.int64)
        for row, seq in enumerate(sequences):
            tokens[row, :len(seq)] = seq
        cos, sin = m._rotation(np.broadcast_to(np.arange(longest), tokens.shape))
        causal = np.where(np.tril(np.ones((longest, longest), bool)), np.float32(0), np.float32(-1e30))
        feeds = {"x": m.embedding[m.token_rows[tokens]], "cos": np.ascontiguousarray(cos), "sin": np.ascontiguousarray(sin),
                 "bias": np.ascontiguousarray(np.broadcast_to(causal.astype(np.float32), (batch, 1, 1, longest, longest)))}
        empty = np.zeros((batch, 0, m.kv_heads, m.head_dim), np.float32)
        for i in range(len(m.layers)):
            feeds[f"past_k{i}"] = feeds[f"past_v{i}"] = empty
        return self._run_layers(feeds)

    def head(self, rows: np.ndarray) -> np.ndarray:
        if self.variant == "numpy":
            return log_softmax(self.model, rows)
        return self._run_head(np.ascontiguousarray(rows, dtype=np.float32))


def log_softmax(model, hidden: np.ndarray) -> np.ndarray:
    """Whole distributions (N, vocab) in numpy, as model.py computed them when these
    runtimes were measured (it now streams the vocabulary, keeps only the entries asked
    for, and normalises over the pieces of Latin and Greek script and those without
    letters): the reference the other runtimes' tables are timed and compared against.
    Columns in the tables' row order (model.token_rows)."""
    logits = model.output_rows[:] @ hidden.T  # the whole table as float32 (model.Rows8 widens it)
    logits -= logits.max(axis=0)
    logits -= np.log(np.exp(logits).sum(axis=0))
    return logits.T


def sentences(words: int) -> list[str]:
    corpus = default_corpus() / "gutenberg_1661_adventures_of_sherlock_holmes.txt"
    if not corpus.is_file():
        sys.exit(f"needs {corpus}")
    text = " ".join(corpus.read_text(encoding="utf-8")[20000:].split())
    out, count = [], 0
    for s in re.split(r"(?<=[.!?])\s+", text):
        if len(s.split()) > 2 and count < words:
            out.append(s)
            count += len(s.split())
    return out


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--words", type=int, default=650)
    parser.add_argument("--repeats", type=int, default=3)
    parser.add_argument("--only", default=",".join(VARIANTS))
    parser.add_argument("--scratch", type=Path, default=Path("/tmp/copylint-lm-backends"))
    args = parser.parse_args()
    from threadpoolctl import threadpool_limits

    threadpool_limits(limits=1, user_api="blas")
    from checker.lm import store
    from checker.lm.model import Model
    from checker.lm.scorer import MAX_TOKENS, _batches
    from tokenizers import Tokenizer

    folder = store.locate(None)
    model = Model(folder)
    tokenizer = Tokenizer.from_file(str(folder / "tokenizer.json"))
    texts = sentences(args.words)
    seqs = [[0] + tokenizer.encode(t).ids[:MAX_TOKENS] for t in texts]
    order = sorted(range(len(seqs)), key=lambda i: -len(seqs[i]))
    batches = [[seqs[i] for i in b] for b in _batches(order, lambda i: len(seqs[i]))]
    tokens = sum(map(len, seqs))
    print(f"{len(texts)} sentences, {sum(len(t.split()) for t in texts)} words, {tokens} tokens, "
          f"{len(batches)} batches; load average {os.getloadavg()[0]:.1f}")
    args.scratch.mkdir(parents=True, exist_ok=True)
    # calibration for ort-w8a8s: other sentences of the same book than those measured
    calibration = [[0] + tokenizer.encode(t).ids[:MAX_TOKENS] for t in sentences(args.words * 2)[len(texts):]][:24]
    backends = {}
    for variant in args.only.split(","):
        try:
            started = time.perf_counter()
            backends[variant] = Backend(model, variant, args.scratch, calibration)
            print(f"{variant}: ready in {time.perf_counter() - started:.1f} s")
        except ImportError as exc:
            print(f"{variant}: skipped ({exc})")

    def run(backend):
        """CPU seconds of the forward passes, of the distributions, and each token's
        log-probability."""
        cpu = time.process_time()
        hidden = [backend.forward(b) for b in batches]
        forward = time.process_time() - cpu
        cpu = time.process_time()
        logprobs = []
        for b, hs in zip(batches, hidden):  # as scorer.analyse asks: a batch's rows together
            flat = np.concatenate([hs[row, :len(seq) - 1] for row, seq in enumerate(b)])
            ids = model.token_rows[np.concatenate([seq[1:] for seq in b])]  # the tables' rows, not token ids
            for a in range(0, len(flat), ROW_CHUNK):
                table = backend.head(flat[a:a + ROW_CHUNK])
                logprobs.append(table[np.arange(len(table)), ids[a:a + len(table)]])
        return forward, time.process_time() - cpu, np.concatenate(logprobs)

    times = {v: [] for v in backends}
    reference = None
    results = {}
    for _ in range(args.repeats):
        for variant, backend in backends.items():
            forward, head, logprobs = run(backend)
            times[variant].append((forward, head))
            results[variant] = logprobs
            if variant == "numpy":
                reference = logprobs
    base = statistics.median(f + h for f, h in times["numpy"]) if "numpy" in times else None
    print(f"\n{'variant':12} {'forward s':>10} {'log_softmax s':>14} {'both s':>8} {'vs numpy':>9} "
          f"{'|Δ| mean':>9} {'p99':>7} {'max':>7}  (CPU seconds, median of {args.repeats})")
    for variant, runs in times.items():
        forward = statistics.median(f for f, _ in runs)
        head = statistics.median(h for _, h in runs)
        both = statistics.median(f + h for f, h in runs)
        line = f"{variant:12} {forward:10.2f} {head:14.2f} {both:8.2f}"
        line += f" {base / both:8.2f}x" if base else " " * 10
        if reference is not None:
            diff = np.abs(results[variant] - reference)
            line += f" {diff.mean():9.4f} {np.percentile(diff, 99):7.3f} {diff.max():7.3f}"
        print(line)
    print(f"load average after: {os.getloadavg()[0]:.1f}")


if __name__ == "__main__":
    main()
