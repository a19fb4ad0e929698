"""The second architecture the deep tier runs, Gemma 3, on a tiny model the tests
write (tests/tiny_gemma.py): its conversion, its SentencePiece tokenizer, and its
forward pass against a plain reference written here from the architecture's
description (float64, one position at a time), through the scorer's batched and
cached paths."""
from __future__ import annotations

from pathlib import Path

import pytest

np = pytest.importorskip("numpy")
pytest.importorskip("gguf")
pytest.importorskip("tokenizers")

from hypothesis import given, settings, strategies as st  # noqa: E402

from checker.lm.convert import ModelFormatError, _merges_by_score, convert  # noqa: E402
from checker.lm.scorer import LanguageModel  # noqa: E402
import tiny_gemma  # noqa: E402

TEXTS = ["the cat sat on the mat.", "abc", "Two  spaces, and a café!", "the"]


@pytest.fixture(scope="module")
def gemma_gguf(tmp_path_factory) -> Path:
    return tiny_gemma.write_tiny_gemma(tmp_path_factory.mktemp("gguf") / "tiny-gemma.gguf")


@pytest.fixture(scope="module")
def gemma_lm(gemma_gguf, tmp_path_factory) -> LanguageModel:
    folder = tmp_path_factory.mktemp("converted") / "gemma"
    convert(gemma_gguf, folder)
    return LanguageModel(folder)


def _weights(path: Path) -> dict:
    from gguf import GGUFReader
    from gguf.quants import dequantize

    out = {}
    for t in GGUFReader(str(path)).tensors:
        out[t.name] = dequantize(t.data, t.tensor_type).reshape([int(d) for d in reversed(t.shape)]).astype(np.float64)
    return out


def _reference_logprobs(w: dict, ids: list[int]) -> np.ndarray:
    """log p(ids[i] | ids[:i]) for i >= 1, straight from the GGUF tensors."""
    heads, kv_heads, dim = tiny_gemma.HEADS, tiny_gemma.KV_HEADS, tiny_gemma.HEAD_DIM

    def norm(x, weight):
        return x / np.sqrt(np.mean(x * x, axis=-1, keepdims=True) + 1e-6) * weight

    def rope(x, position, base):
        half = dim // 2
        angle = position / base ** (np.arange(half) * 2 / dim)
        a, b = x[..., :half], x[..., half:]
        return np.concatenate([a * np.cos(angle) - b * np.sin(angle), b * np.cos(angle) + a * np.sin(angle)], -1)

    def gelu(x):
        return 0.5 * x * (1 + np.tanh(np.sqrt(2 / np.pi) * (x + 0.044715 * x ** 3)))

    x = w["token_embd.weight"][ids] * np.sqrt(tiny_gemma.WIDTH)
    length = len(ids)
    for i in range(tiny_gemma.LAYERS):
        p = f"blk.{i}."
        base = tiny_gemma.GLOBAL_BASE if (i + 1) % tiny_gemma.PATTERN == 0 else tiny_gemma.LOCAL_BASE
        h = norm(x, w[p + "attn_norm.weight"])
        q = norm((h @ w[p + "attn_q.weight"].T).reshape(length, heads, dim), w[p + "attn_q_norm.weight"])
        k = norm((h @ w[p + "attn_k.weight"].T).reshape(length, kv_heads, dim), w[p + "attn_k_norm.weight"])
        v = (h @ w[p + "attn_v.weight"].T).reshape(length, kv_heads, dim)
        q = np.stack([rope(q[t], t, base) for t in range(length)])
        k = np.stack([rope(k[t], t, base) for t in range(length)])
        out = np.zeros((length, heads, dim))
        for t in range(length):
            for head in range(heads):
                kv = head // (heads // kv_heads)
                scores = k[:t + 1, kv] @ q[t, head] / np.sqrt(dim)
                weights = np.exp(scores - scores.max())
                out[t, head] = (weights / weights.sum()) @ v[:t + 1, kv]
        x = x + norm(out.reshape(length, -1) @ w[p + "attn_output.weight"].T, w[p + "post_attention_norm.weight"])
        h = norm(x, w[p + "ffn_norm.weight"])
        fed = (gelu(h @ w[p + "ffn_gate.weight"].T) * (h @ w[p + "ffn_up.weight"].T)) @ w[p + "ffn_down.weight"].T
        x = x + norm(fed, w[p + "post_ffw_norm.weight"])
    logits = norm(x, w["output_norm.weight"]) @ w["token_embd.weight"].T
    table = logits - logits.max(axis=1, keepdims=True)
    table -= np.log(np.exp(table).sum(axis=1, keepdims=True))
    return table[np.arange(length - 1), ids[1:]]


def test_conversion_reads_the_architecture_and_its_layer_pattern(gemma_lm):
    config = gemma_lm.model
    assert (config.width, config.heads, config.kv_heads, config.head_dim) == (64, 2, 1, 48)
    assert [layer.rope_base for layer in config.layers] == [10000.0, 10000.0, 1000000.0]
    assert all(layer.q_norm is not None and layer.post_ffn_norm is not None for layer in config.layers)


def test_the_forward_pass_agrees_with_the_reference(gemma_gguf, gemma_lm):
    weights = _weights(gemma_gguf)
    for analysis in gemma_lm.analyse(TEXTS):
        expected = _reference_logprobs(weights, [gemma_lm.start] + analysis.ids)
        np.testing.assert_allclose(analysis.logprobs, expected, rtol=1e-3, atol=2e-3)


def test_extending_a_prefix_gives_what_reading_the_whole_text_gives(gemma_lm):
    analyses = gemma_lm.analyse(TEXTS)
    requests = [(a, i, a.ids[i:]) for a in analyses if len(a.ids) > 2 for i in (1, len(a.ids) // 2)]
    for (analysis, index, _), scores in zip(requests, gemma_lm.extend(requests)):
        np.testing.assert_allclose(scores, analysis.logprobs[index:], rtol=1e-4, atol=1e-3)


def test_a_text_scores_the_same_alone_and_in_a_batch(gemma_lm):
    for text, batched in zip(TEXTS, gemma_lm.analyse(TEXTS)):
        alone = gemma_lm.analyse([text])[0]
        assert alone.ids == batched.ids
        np.testing.assert_allclose(alone.logprobs, batched.logprobs, rtol=1e-4, atol=1e-3)


def test_the_tokenizer_joins_the_best_scored_pieces_and_falls_back_to_bytes(gemma_lm):
    encode = gemma_lm.tokenizer.encode
    assert encode("the cat sat").tokens == ["t", "he", "\u2581cat", "\u2581sat"]
    assert encode("abc").tokens == ["a", "bc"]          # "bc" scores above "ab"
    assert encode("é").tokens == ["<0xC3>", "<0xA9>"]   # no piece: its UTF-8 bytes
    assert gemma_lm.pieces("cat") == [gemma_lm.tokenizer.token_to_id("\u2581cat")]


def test_merges_rank_by_the_score_of_the_piece_they_make():
    tokens = ["a", "b", "c", "ab", "bc", "abc", "<0x61>"]
    scores = [0.0, 0.0, 0.0, -2.0, -1.0, -3.0, 0.0]
    types = [1, 1, 1, 1, 1, 1, 6]
    assert _merges_by_score(tokens, scores, types) == [("b", "c"), ("a", "b"), ("a", "bc"), ("ab", "c")]


@settings(max_examples=60, deadline=None)
@given(st.text(alphabet="the catsmonTAH.,;!'é\u00a0  ", max_size=40))
def test_tokenizing_is_lossless_and_offsets_cover_the_text(gemma_lm, text):
    encoded = gemma_lm.tokenizer.encode(text)
    assert gemma_lm.tokenizer.decode(encoded.ids) == text
    covered = "".join(text[a:b] for a, b in _distinct(encoded.offsets))
    assert covered == text


def _distinct(offsets):
    """Byte pieces of one character share its offsets: each span once, in order."""
    seen = []
    for span in offsets:
        if not seen or span != seen[-1]:
            seen.append(span)
    return seen


def test_an_unsupported_architecture_is_refused_with_the_supported_ones(tmp_path):
    path = _header_only(tmp_path / "other.gguf", "qwen2")
    with pytest.raises(ModelFormatError, match="'qwen2'.*llama, gemma3"):
        convert(path, tmp_path / "out")


def test_a_model_with_stretched_rotary_positions_is_refused(tmp_path):
    import gguf

    path = _header_only(tmp_path / "scaled.gguf", "gemma3", lambda writer: (
        writer.add_rope_scaling_type(gguf.RopeScalingType.LINEAR), writer.add_rope_scaling_factor(8.0)))
    with pytest.raises(ModelFormatError, match="rotary scaling \\(linear\\) is not supported"):
        convert(path, tmp_path / "out")


def _header_only(path: Path, arch: str, more=lambda writer: None) -> Path:
    """A GGUF file with an architecture and a few fields, and no tensors."""
    import gguf

    writer = gguf.GGUFWriter(str(path), arch)
    writer.add_block_count(1)
    more(writer)
    writer.write_header_to_file()
    writer.write_kv_data_to_file()
    writer.write_tensors_to_file()
    writer.close()
    return path


LETTERS = "the catsmonTAH.,;!'é\u00a0  αβкот"


def _whole_tokenizer(folder: Path):
    from tokenizers import Tokenizer

    return Tokenizer.from_file(str(folder / "tokenizer.json"))


def test_a_sentencepiece_tokenizer_is_also_written_without_other_scripts_pieces(gemma_lm):
    from tokenizers import Tokenizer

    from checker.lm.convert import LATIN_TOKENIZER

    latin = Tokenizer.from_file(str(gemma_lm.folder / LATIN_TOKENIZER)).get_vocab()
    whole = _whole_tokenizer(gemma_lm.folder).get_vocab()
    assert {"\u2581αβ", "α", "<0xD0>", "<unk>"} <= latin.keys()
    assert not latin.keys() & {"\u2581кот", "от", "к", "кo"}
    assert latin.items() <= whole.items()  # the same ids
    assert len(whole) - len(latin) == 7


@settings(max_examples=80, deadline=None)
@given(st.text(alphabet=LETTERS, max_size=30))
def test_any_text_is_read_as_the_whole_tokenizer_reads_it(gemma_lm, text):
    """Until a text holds a piece of another script, the model reads with the smaller
    tokenizer, and from then on with the whole one; either way every text's tokens are
    the whole tokenizer's."""
    lm = LanguageModel(gemma_lm.folder)
    expected = _whole_tokenizer(gemma_lm.folder).encode(text)
    [read] = lm.analyse([text])
    assert (read.ids, read.offsets) == (expected.ids, expected.offsets)
    assert lm.whole == any(c in "кот" for c in text)
    assert lm.pieces("кот αβ") == _whole_tokenizer(gemma_lm.folder).encode(" кот αβ").ids


def test_a_folder_converted_without_the_smaller_tokenizer_reads_with_the_whole_one(gemma_lm, tmp_path):
    import shutil

    from checker.lm.convert import LATIN_TOKENIZER

    folder = tmp_path / "older"
    shutil.copytree(gemma_lm.folder, folder)
    (folder / LATIN_TOKENIZER).unlink()
    lm = LanguageModel(folder)
    assert lm.whole
    assert lm.analyse(["the cat"])[0].ids == gemma_lm.analyse(["the cat"])[0].ids


@pytest.mark.parametrize("text, whole", [("the cat sat", False), ("the кот sat", True), ("", False)])
def test_the_model_is_loaded_with_the_whole_tokenizer_when_its_first_text_needs_it(gemma_lm, tmp_path, text, whole):
    """Read later, with the weights mapped, the whole tokenizer's reading would add to
    their memory: a model first loaded for a text of another script reads it at once."""
    import shutil

    from checker.lm import language_model

    folder = tmp_path / "gemma"
    shutil.copytree(gemma_lm.folder, folder)
    lm = language_model(str(folder), text)
    assert lm.whole == whole
    assert language_model(str(folder), "кот") is lm  # loaded once per process
