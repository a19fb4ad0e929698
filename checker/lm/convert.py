"""GGUF → the arrays the forward pass reads, written once into the model's folder.

Dequantizing the 4-bit file takes seconds; the float32 arrays it yields are written as
`.npy` files that later runs memory-map, so a run loads the model in a fraction of a
second. The layout is chosen for the forward pass: each projection stored as
(inputs, outputs), the query/key/value and the gate/up projections fused, so one
matrix product does each. The embedding table's rows are reordered so that the pieces
of the scripts English text is written in come first (see `_vocabulary_order`), and a
table the file holds as 8-bit blocks stays so (see `save_rows`)."""
from __future__ import annotations

import json
from pathlib import Path

import numpy as np
import regex

# bump when the layout of the converted folder changes (2: the tables' rows reordered;
# 3: a table the file holds as 8-bit blocks kept as them)
FORMAT = 3
Q8_BLOCK = 32  # numbers per block of a Q8_0 tensor: one float16 scale, then 32 int8
# a character of a script other than Latin and Greek (the characters all scripts share,
# digits, punctuation and symbols, count as neither)
OTHER_SCRIPT = regex.compile(r"[^\p{Latin}\p{Greek}\p{Common}\p{Inherited}]")
ARCHITECTURES = ("llama", "gemma3")
# A SentencePiece tokenizer (Gemma's) is also written without the pieces and merges that
# hold a character of another script. A text with no such character is tokenized alike
# by both: a merge only ever joins pieces of the text, so none of those is ever needed.
# Gemma's then keeps 55 MB instead of 95 and loads in about half the time
# (scorer.LanguageModel reads the whole one only for a text that needs it).
TOKENIZER = "tokenizer.json"
LATIN_TOKENIZER = "tokenizer-latin.json"


class ModelFormatError(ValueError):
    """The file is not a GGUF Llama model this package can run."""


def _field(reader, key, default=None):
    field = reader.fields.get(key)
    if field is None:
        return default
    values = [field.parts[i] for i in field.data]
    if field.types and field.types[0].name == "STRING":
        return bytes(values[0]).decode("utf-8") if len(values) == 1 else None
    if field.types and field.types[0].name == "ARRAY":
        if len(field.types) > 1 and field.types[1].name == "STRING":
            return [bytes(v).decode("utf-8") for v in values]
        return [v.tolist()[0] for v in values]
    return values[0].tolist()[0]


def convert(gguf_path: Path, out_dir: Path) -> dict:
    """Write the converted model into `out_dir` (made anew) and return its config."""
    try:
        from gguf import GGMLQuantizationType, GGUFReader
        from gguf.quants import dequantize
    except ImportError as exc:  # pragma: no cover - the extra is missing
        raise ModelFormatError("reading a GGUF file needs the 'gguf' package: pip install 'copylint[deep]'") from exc
    try:
        reader = GGUFReader(str(gguf_path))
    except Exception as exc:  # noqa: BLE001 - any parse failure means "not a GGUF file"
        raise ModelFormatError(f"{gguf_path}: not a readable GGUF file ({exc})") from exc
    arch = _field(reader, "general.architecture")
    if arch not in ARCHITECTURES:
        raise ModelFormatError(f"{gguf_path}: architecture {arch!r}, expected one of {', '.join(ARCHITECTURES)}")
    scaling = _field(reader, f"{arch}.rope.scaling.type", "none")
    if scaling not in ("none", None) and float(_field(reader, f"{arch}.rope.scaling.factor", 1.0)) != 1.0:
        # the larger Gemma 3 models stretch their global layers' rotary positions
        raise ModelFormatError(f"{gguf_path}: rotary scaling ({scaling}) is not supported")
    heads = int(_field(reader, f"{arch}.attention.head_count"))
    width = int(_field(reader, f"{arch}.embedding_length"))
    config = {
        "format": FORMAT,
        "arch": arch,
        "layers": int(_field(reader, f"{arch}.block_count")),
        "width": width,
        "heads": heads,
        "kv_heads": int(_field(reader, f"{arch}.attention.head_count_kv")),
        "head_dim": int(_field(reader, f"{arch}.attention.key_length", width // heads)),
        "eps": float(_field(reader, f"{arch}.attention.layer_norm_rms_epsilon", 1e-5)),
        "rope_base": float(_field(reader, f"{arch}.rope.freq_base", 10000.0)),
        "name": _field(reader, "general.name", gguf_path.stem),
        "license": _field(reader, "general.license", "unknown"),
    }
    if arch == "gemma3":
        # Gemma 3: embeddings scaled by the square root of the width, a norm after
        # attention and after the feed-forward layer as well as before, query and key
        # normed per head, GELU, rotary embedding on halves (not adjacent pairs), and
        # five local layers (rotary base 10,000) to each global one (the file's base):
        # the values llama.cpp's own Gemma 3 graph uses. llama.cpp's converter already
        # stores Gemma's norm weights as 1 + w.
        local_base = float(_field(reader, f"{arch}.rope.freq_base_swa", 10000.0))
        pattern = _field(reader, f"{arch}.attention.sliding_window_pattern", 6)
        local = ([bool(x) for x in pattern] if isinstance(pattern, list)
                 else [(i + 1) % int(pattern) != 0 for i in range(config["layers"])])
        config.update(embed_scale=float(np.sqrt(width)), activation="gelu_tanh", rope_layout="halves",
                      rope_bases=[local_base if is_local else config["rope_base"] for is_local in local],
                      post_norms=True, qk_norm=True)
    tensors = {t.name: t for t in reader.tensors}

    def array(name):
        if name not in tensors:
            raise ModelFormatError(f"{gguf_path}: tensor {name} is missing")
        t = tensors[name]
        data = dequantize(t.data, t.tensor_type).astype(np.float32, copy=False)
        return data.reshape([int(d) for d in reversed(t.shape)])

    out_dir.mkdir(parents=True, exist_ok=True)

    def save(name, value):
        np.save(out_dir / f"{name}.npy", np.ascontiguousarray(value, dtype=np.float32))

    def save_rows(name, order):
        """The table `name`, rows in `order`, written a block of rows at a time: never a
        second whole table in memory (Gemma's is 671 MB as float32). A table the file
        holds as Q8_0 (each run of 32 numbers an int8 times one float16 scale: both
        models' embedding tables) is kept so, as `{name}.q8.npy` and `{name}.scales.npy`,
        a quarter of the float32 table's size; model.Rows8 widens it a slice at a time
        into the very values the file's dequantizer gives (docs/performance.md,
        session 17)."""
        t = tensors[name]
        rows, width = (int(d) for d in reversed(t.shape))
        if t.tensor_type == GGMLQuantizationType.Q8_0 and width % Q8_BLOCK == 0:
            blocks = np.asarray(t.data, dtype=np.uint8).reshape(rows, width // Q8_BLOCK, 2 + Q8_BLOCK)
            scales = np.ascontiguousarray(blocks[..., :2]).view(np.float16)[..., 0].astype(np.float32)
            numbers = np.ascontiguousarray(blocks[..., 2:]).view(np.int8).reshape(rows, width)
            _write_rows(out_dir / f"{name_of[name]}.q8.npy", numbers, order)
            _write_rows(out_dir / f"{name_of[name]}.scales.npy", scales, order)
        else:
            _write_rows(out_dir / f"{name_of[name]}.npy", array(name), order)

    name_of = {"token_embd.weight": "embedding", "output.weight": "output"}
    if "token_embd.weight" not in tensors:
        raise ModelFormatError(f"{gguf_path}: tensor token_embd.weight is missing")
    vocab = int(tensors["token_embd.weight"].shape[-1])
    order, config["latin_rows"] = _vocabulary_order(_save_tokenizer(reader, out_dir), vocab)
    save_rows("token_embd.weight", order)  # (vocab, width)
    np.save(out_dir / "token_rows.npy", np.argsort(order).astype(np.int32))  # token id -> row of the tables
    save("output_norm", array("output_norm.weight"))
    if "output.weight" in tensors:
        save_rows("output.weight", order)  # (vocab, width), rows as the embedding's
    for i in range(config["layers"]):
        p = f"blk.{i}."
        save(f"{i}.attn_norm", array(p + "attn_norm.weight"))
        save(f"{i}.ffn_norm", array(p + "ffn_norm.weight"))
        if config.get("post_norms"):
            save(f"{i}.post_attn_norm", array(p + "post_attention_norm.weight"))
            save(f"{i}.post_ffn_norm", array(p + "post_ffw_norm.weight"))
        if config.get("qk_norm"):
            save(f"{i}.q_norm", array(p + "attn_q_norm.weight"))
            save(f"{i}.k_norm", array(p + "attn_k_norm.weight"))
        qkv = np.concatenate([array(p + "attn_q.weight"), array(p + "attn_k.weight"),
                              array(p + "attn_v.weight")], axis=0)
        save(f"{i}.qkv", qkv.T)
        save(f"{i}.out", array(p + "attn_output.weight").T)
        save(f"{i}.gate_up", np.concatenate([array(p + "ffn_gate.weight"), array(p + "ffn_up.weight")], axis=0).T)
        save(f"{i}.down", array(p + "ffn_down.weight").T)
    config["vocab"] = len(order)
    config["tied"] = "output.weight" not in tensors
    (out_dir / "config.json").write_text(json.dumps(config, indent=1), encoding="utf-8")
    return config


def _write_rows(path: Path, table: np.ndarray, order: np.ndarray) -> None:
    """table[order] as an .npy file, 16,384 rows at a time."""
    with open(path, "wb") as file:
        np.lib.format.write_array_header_1_0(file, {"descr": np.lib.format.dtype_to_descr(table.dtype),
                                                    "fortran_order": False, "shape": table.shape})
        for start in range(0, len(order), 16384):
            file.write(np.ascontiguousarray(table[order[start:start + 16384]]).tobytes())


def _vocabulary_order(tokenizer, size: int) -> tuple[np.ndarray, int]:
    """The tables' rows in a new order, and how many come first: the pieces written in
    Latin or Greek letters or in no letters at all (digits, punctuation, symbols, bytes
    on their own), then those of other scripts, and last any row the tokenizer never
    writes. The distribution over the vocabulary is read over the first rows only
    (model.log_probs): in English text the model gives the others a few ten-thousandths
    of its probability on average (0.0004 nats a token in fiction, 0.003 in technical
    documentation), while they are 36% of Gemma 3's 262,144 pieces (docs/performance.md,
    session 15)."""
    pieces = tokenizer.decode_batch([[i] for i in range(min(size, tokenizer.get_vocab_size()))],
                                    skip_special_tokens=False)
    other = np.ones(size, dtype=bool)
    other[:len(pieces)] = [bool(OTHER_SCRIPT.search(piece)) for piece in pieces]
    first = np.flatnonzero(~other)
    return np.concatenate([first, np.flatnonzero(other)]), len(first)


def _save_tokenizer(reader, out_dir: Path):
    """The file's tokenizer as a `tokenizers` JSON file: byte-level BPE with merges
    ('gpt2', SmolLM2), or SentencePiece BPE given by scores ('llama', Gemma); returned."""
    from tokenizers import Tokenizer, decoders, models, pre_tokenizers

    model = _field(reader, "tokenizer.ggml.model")
    tokens = _field(reader, "tokenizer.ggml.tokens")
    vocab = {token: i for i, token in enumerate(tokens)}
    if model == "gpt2":
        merges = [tuple(m.split(" ", 1)) for m in _field(reader, "tokenizer.ggml.merges")]
        tokenizer = Tokenizer(models.BPE(vocab, merges))
        tokenizer.pre_tokenizer = pre_tokenizers.Sequence([
            pre_tokenizers.Digits(individual_digits=True),
            pre_tokenizers.ByteLevel(add_prefix_space=False, use_regex=True),
        ])
        tokenizer.decoder = decoders.ByteLevel()
        tokenizer.save(str(out_dir / TOKENIZER))
    elif model == "llama":
        scores = _field(reader, "tokenizer.ggml.scores")
        types = _field(reader, "tokenizer.ggml.token_type")
        unknown = tokens[_field(reader, "tokenizer.ggml.unknown_token_id", 0)]
        merges = _merges_by_score(tokens, scores, types)
        tokenizer = _sentencepiece_bpe(vocab, merges, unknown)
        tokenizer.save(str(out_dir / TOKENIZER))
        # the same without the pieces of other scripts (see LATIN_TOKENIZER)
        _sentencepiece_bpe({t: i for t, i in vocab.items() if not OTHER_SCRIPT.search(t)},
                           [m for m in merges if not OTHER_SCRIPT.search(m[0] + m[1])],
                           unknown).save(str(out_dir / LATIN_TOKENIZER))
    else:
        raise ModelFormatError(f"tokenizer {model!r} is not supported (byte-level BPE 'gpt2', or 'llama')")
    special = {"bos": _field(reader, "tokenizer.ggml.bos_token_id"),
               "eos": _field(reader, "tokenizer.ggml.eos_token_id")}
    (out_dir / "special_tokens.json").write_text(json.dumps(special), encoding="utf-8")
    return tokenizer


def _sentencepiece_bpe(vocab: dict[str, int], merges: list[tuple[str, str]], unknown: str):
    """A SentencePiece BPE tokenizer as `tokenizers` writes it: "\u2581" for a space,
    the UTF-8 bytes of a character no piece covers."""
    from tokenizers import Tokenizer, decoders, models, normalizers

    tokenizer = Tokenizer(models.BPE(vocab, merges, unk_token=unknown, fuse_unk=True, byte_fallback=True))
    tokenizer.normalizer = normalizers.Replace(" ", "\u2581")
    tokenizer.decoder = decoders.Sequence([decoders.Replace("\u2581", " "), decoders.ByteFallback(),
                                           decoders.Fuse()])
    return tokenizer


NORMAL_TOKEN = 1  # llama.cpp's token type of an ordinary piece (3 control, 4 user-defined, 6 byte)


def _merges_by_score(tokens: list[str], scores: list[float], types: list[int]) -> list[tuple[str, str]]:
    """The merges that SentencePiece's BPE applies, for a tokenizer given as pieces and
    scores: every way to split an ordinary piece into two ordinary pieces is a merge,
    and a merge ranks by the score of the piece it makes (SentencePiece joins the pair
    whose joined piece scores highest). This is how the `transformers` converters
    derive them."""
    index = {token: i for i, token in enumerate(tokens) if types[i] == NORMAL_TOKEN}
    merges = []
    for token, i in index.items():
        for cut in range(1, len(token)):
            left, right = index.get(token[:cut]), index.get(token[cut:])
            if left is not None and right is not None:
                merges.append((-scores[i], left, right))
    merges.sort()
    return [(tokens[left], tokens[right]) for _, left, right in merges]
