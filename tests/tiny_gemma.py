"""A tiny Gemma-3-architecture GGUF model written by the tests: random weights and a
SentencePiece-style vocabulary (pieces with scores, "▁" for a space, byte pieces for
what the pieces do not cover). It exercises the second architecture and tokenizer
that convert.py and model.py read, without the 250 MB model."""
from __future__ import annotations

from pathlib import Path

import numpy as np

from tiny_model import start_writer

WIDTH, LAYERS, HEADS, KV_HEADS, HEAD_DIM, HIDDEN = 64, 3, 2, 1, 48, 96
LOCAL_BASE, GLOBAL_BASE, PATTERN = 10000.0, 1000000.0, 3   # layers 0 and 1 local, layer 2 global
SPACE = "\u2581"
# ordinary pieces, most preferred merge first; "bc" outranks "ab", so "abc" reads a|bc
MERGED = [SPACE + "the", SPACE + "t", "he", "bc", "ab", SPACE + "cat", SPACE + "c", "at", SPACE + "sat", SPACE + "s",
          SPACE + "on", SPACE + "o", "on", SPACE + "mat", SPACE + "m", "in", "er", SPACE + "a",
          # a Greek piece (a script English text is written in) and Cyrillic ones (another)
          SPACE + "αβ", "αβ", SPACE + "кот", SPACE + "к", "от", "кo"]
SINGLES = ([SPACE] + [chr(c) for c in range(ord("a"), ord("z") + 1)] + list("TAHSW.,;!?'-")
           + list("αβкот"))


def vocabulary() -> tuple[list[str], list[float], list[int]]:
    """Pieces, their scores and llama.cpp's token types (3 control, 6 byte, 1 normal)."""
    tokens = ["<pad>", "<eos>", "<bos>", "<unk>"]
    types = [3, 3, 3, 2]
    tokens += [f"<0x{b:02X}>" for b in range(256)]
    types += [6] * 256
    scores = [0.0] * len(tokens)
    for rank, piece in enumerate(MERGED):
        tokens.append(piece)
        types.append(1)
        scores.append(-float(rank))
    for piece in SINGLES:
        tokens.append(piece)
        types.append(1)
        scores.append(-1000.0)
    return tokens, scores, types


def write_tiny_gemma(path: Path, seed: int = 1) -> Path:
    import gguf

    rng = np.random.default_rng(seed)
    tokens, scores, types = vocabulary()
    writer = start_writer(path, "gemma3", "tiny gemma test model", LAYERS, WIDTH, HIDDEN, HEADS, KV_HEADS,
                          1e-6, GLOBAL_BASE)
    writer.add_key_length(HEAD_DIM)
    writer.add_value_length(HEAD_DIM)
    writer.add_sliding_window(512)
    writer.add_sliding_window_pattern(PATTERN)
    writer.add_tokenizer_model("llama")
    writer.add_tokenizer_pre("default")
    writer.add_token_list(tokens)
    writer.add_token_scores(scores)
    writer.add_token_types(types)
    writer.add_bos_token_id(2)
    writer.add_eos_token_id(1)
    writer.add_unk_token_id(3)

    def add(name, shape, scale=0.2, offset=0.0, quant=None):
        data = (rng.standard_normal(shape) * scale + offset).astype(np.float32)
        if quant is not None:
            q = gguf.quants.quantize(data, quant)
            writer.add_tensor(name, q, raw_shape=q.shape, raw_dtype=quant)
        else:
            writer.add_tensor(name, data)

    q8 = gguf.GGMLQuantizationType.Q8_0
    add("token_embd.weight", (len(tokens), WIDTH), 0.5, quant=q8)
    add("output_norm.weight", (WIDTH,), 0.1, 1.0)
    for i in range(LAYERS):
        p = f"blk.{i}."
        for norm in ("attn_norm", "ffn_norm", "post_attention_norm", "post_ffw_norm"):
            add(p + norm + ".weight", (WIDTH,), 0.1, 1.0)
        add(p + "attn_q_norm.weight", (HEAD_DIM,), 0.1, 1.0)
        add(p + "attn_k_norm.weight", (HEAD_DIM,), 0.1, 1.0)
        add(p + "attn_q.weight", (HEADS * HEAD_DIM, WIDTH), quant=q8)
        add(p + "attn_k.weight", (KV_HEADS * HEAD_DIM, WIDTH), quant=q8)
        add(p + "attn_v.weight", (KV_HEADS * HEAD_DIM, WIDTH), quant=q8)
        add(p + "attn_output.weight", (WIDTH, HEADS * HEAD_DIM), quant=q8)
        add(p + "ffn_gate.weight", (HIDDEN, WIDTH), quant=q8)
        add(p + "ffn_up.weight", (HIDDEN, WIDTH), quant=q8)
        add(p + "ffn_down.weight", (WIDTH, HIDDEN), quant=q8)
    writer.write_header_to_file()
    writer.write_kv_data_to_file()
    writer.write_tensors_to_file()
    writer.close()
    return path
