"""A tiny Llama-architecture GGUF model written by the tests: random weights, a
byte-level BPE vocabulary of a few hundred tokens. It exercises the real loading,
conversion, tokenizing and forward-pass code without the 98 MB model."""
from __future__ import annotations

from pathlib import Path

import numpy as np

WIDTH, LAYERS, HEADS, KV_HEADS, HIDDEN = 64, 2, 4, 2, 96
MERGES = ["Ġ t", "h e", "Ġt he", "Ġ a", "i n", "Ġ s", "e r", "o n", "Ġ o", "Ġo n", "a t", "e n",
          "Ġ w", "o r", "Ġ c", "Ġ b", "e s", "Ġ m", "Ġ p", "a n", "Ġ d", "i s", "Ġ f", "a r",
          # whole letters of other scripts, as their UTF-8 bytes: Cyrillic "п" and "а", Greek "α"
          "Ð ¿", "Ð °", "Î ±"]


def byte_symbols() -> list[str]:
    """The 256 printable stand-ins that byte-level BPE uses for bytes (GPT-2's table)."""
    printable = list(range(ord("!"), ord("~") + 1)) + list(range(ord("¡"), ord("¬") + 1)) + \
        list(range(ord("®"), ord("ÿ") + 1))
    extra, table = 0, {}
    for b in range(256):
        if b in printable:
            table[b] = chr(b)
        else:
            table[b] = chr(256 + extra)
            extra += 1
    return [table[b] for b in range(256)]


def vocabulary() -> list[str]:
    tokens = ["<|endoftext|>", "<|im_start|>", "<|im_end|>"] + byte_symbols()
    for merge in MERGES:
        joined = merge.replace(" ", "")
        if joined not in tokens:
            tokens.append(joined)
    return tokens


def start_writer(path: Path, arch: str, name: str, layers: int, width: int, hidden: int, heads: int,
                 kv_heads: int, eps: float, rope_base: float):
    """A GGUF writer with the shape of a model set down (both tiny models' first part)."""
    import gguf

    writer = gguf.GGUFWriter(str(path), arch)
    writer.add_name(name)
    writer.add_block_count(layers)
    writer.add_context_length(256)
    writer.add_embedding_length(width)
    writer.add_feed_forward_length(hidden)
    writer.add_head_count(heads)
    writer.add_head_count_kv(kv_heads)
    writer.add_layer_norm_rms_eps(eps)
    writer.add_rope_freq_base(rope_base)
    return writer


def write_tiny_gguf(path: Path, seed: int = 0, quantized: bool = True) -> Path:
    import gguf

    rng = np.random.default_rng(seed)
    tokens = vocabulary()
    writer = start_writer(path, "llama", "tiny test model", LAYERS, WIDTH, HIDDEN, HEADS, KV_HEADS, 1e-5, 10000.0)
    writer.add_tokenizer_model("gpt2")
    writer.add_tokenizer_pre("smollm")
    writer.add_token_list(tokens)
    writer.add_token_types([3, 3, 3] + [1] * (len(tokens) - 3))
    writer.add_token_merges(MERGES)
    writer.add_bos_token_id(1)
    writer.add_eos_token_id(2)
    kv = WIDTH // HEADS * KV_HEADS

    def add(name, shape, scale=0.2, quant=None):
        data = (rng.standard_normal(shape) * scale).astype(np.float32)
        if quant is not None and quantized:
            q = gguf.quants.quantize(data, quant)
            writer.add_tensor(name, q, raw_shape=q.shape, raw_dtype=quant)
        else:
            writer.add_tensor(name, data)

    add("token_embd.weight", (len(tokens), WIDTH), 0.5, gguf.GGMLQuantizationType.Q8_0)
    add("output_norm.weight", (WIDTH,), 0.05)
    for i in range(LAYERS):
        p = f"blk.{i}."
        add(p + "attn_norm.weight", (WIDTH,), 0.05)
        add(p + "ffn_norm.weight", (WIDTH,), 0.05)
        add(p + "attn_q.weight", (WIDTH, WIDTH), quant=gguf.GGMLQuantizationType.Q4_1)
        add(p + "attn_k.weight", (kv, WIDTH), quant=gguf.GGMLQuantizationType.Q4_1)
        add(p + "attn_v.weight", (kv, WIDTH), quant=gguf.GGMLQuantizationType.Q4_1)
        add(p + "attn_output.weight", (WIDTH, WIDTH), quant=gguf.GGMLQuantizationType.Q4_1)
        add(p + "ffn_gate.weight", (HIDDEN, WIDTH), quant=gguf.GGMLQuantizationType.Q4_1)
        add(p + "ffn_up.weight", (HIDDEN, WIDTH), quant=gguf.GGMLQuantizationType.Q4_1)
        add(p + "ffn_down.weight", (WIDTH, HIDDEN), quant=gguf.GGMLQuantizationType.Q4_1)
    writer.write_header_to_file()
    writer.write_kv_data_to_file()
    writer.write_tensors_to_file()
    writer.close()
    return path
