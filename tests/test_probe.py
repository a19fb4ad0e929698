"""The probe on the model's residual streams (checker/lm/probe.py): what it reads, how it
is fitted, the shipped file, the spinner that makes its training text
(tools/train_probe.py), and its evidence in the deep tier's verdict, on the tiny model
the tests write. No test here needs the real model."""
from __future__ import annotations

import csv
import json
import random
from dataclasses import dataclass

import pytest

np = pytest.importorskip("numpy")
pytest.importorskip("gguf")
pytest.importorskip("tokenizers")

from checker.garble import deep  # noqa: E402
from checker.garble.lexicon import load  # noqa: E402
from checker.lm import probe  # noqa: E402
from checker.lm.convert import convert  # noqa: E402
from checker.lm.scorer import LanguageModel  # noqa: E402
from test_data_tools import tool  # noqa: E402
from tiny_model import write_tiny_gguf  # noqa: E402


@dataclass
class Word:
    first: int
    last: int
    surprisal: float


def test_a_word_is_read_by_the_streams_after_it_and_after_the_next_word_at_each_layer():
    # two layers' streams after the start and five tokens, three wide
    streams = np.arange(1, 2 * 6 * 3 + 1, dtype=np.float32).reshape(2, 6, 3)
    words = [Word(0, 2, 1.5), Word(2, 3, 9.0), Word(3, 5, 4.0)]

    def unit(state):
        return (state / np.sqrt(np.mean(state ** 2) + 1e-6)).tolist()

    middle = probe.features(streams, words, 1)
    expected = unit(streams[0, 3]) + unit(streams[0, 5]) + unit(streams[1, 3]) + unit(streams[1, 5])
    assert middle[:-4] == pytest.approx(expected, rel=1e-6)
    assert middle[-4:].tolist() == [1.5, 9.0, 4.0, 0.0]
    last = probe.features(streams, words, 2)
    assert last[:-4] == pytest.approx(unit(streams[0, 5]) * 2 + unit(streams[1, 5]) * 2, rel=1e-6)
    assert last[-4:].tolist() == [9.0, 4.0, 0.0, 1.0]
    assert probe.features(streams, words, 0)[-4:].tolist() == [0.0, 1.5, 9.0, 0.0]
    # a stream's length does not matter, only its direction
    assert probe.features(streams * 40, words, 1)[:-4] == pytest.approx(middle[:-4], rel=1e-5)


def test_the_model_keeps_the_stream_after_the_layers_asked_for(tiny_lm):
    model = tiny_lm.model
    sequences = [[1, 5, 9, 12, 7], [1, 30, 2]]  # of unequal length: the batch is packed
    hidden, _, streams = model.forward(sequences, layers=(0, model_depth(model) - 1))
    assert streams.shape == (2, 2, 5, model.width)
    for row, seq in enumerate(sequences):
        n = len(seq)
        # the last layer's stream is what the final norm turns into the hidden states
        np.testing.assert_allclose(model._norm(streams[1, row, :n], model.output_norm), hidden[row, :n],
                                   rtol=1e-4, atol=1e-5)
        # and a sequence's streams do not depend on the batch it was read in
        _, _, alone = model.forward([seq], layers=(0, model_depth(model) - 1))
        np.testing.assert_allclose(alone[:, 0], streams[:, row, :n], rtol=1e-4, atol=1e-5)
    assert not np.allclose(streams[0], streams[1])
    assert model.forward(sequences)[2].shape == (0, 2, 5, model.width)
    analysis, = tiny_lm.analyse(["The prime clergyman met the press."], layers=(1,))
    assert analysis.streams.shape == (1, len(analysis.ids) + 1, model.width)
    assert tiny_lm.analyse(["The prime clergyman met the press."])[0].streams is None


def model_depth(model) -> int:
    return len(model.layers)  # the tiny model has two


def test_the_fitted_probe_scores_raw_features_as_the_standardised_fit_does():
    rng = np.random.default_rng(3)
    X = rng.normal(size=(600, 5)) * [1, 10, 0.1, 5, 1] + [0, 50, -3, 0, 2]
    y = (X[:, 1] - 50 + 20 * X[:, 2] + 60 + rng.normal(scale=3, size=600) > 0).astype(float)
    fitted = probe.fit(X, y, (4,), penalty=1.0)
    scores = X @ fitted.weights + fitted.bias
    # it separates what it was given, and its log-odds are calibrated where the data is
    assert np.mean((scores > 0) == (y == 1)) > 0.9
    p = 1 / (1 + np.exp(-scores))
    assert abs(p.mean() - y.mean()) < 0.02


def test_a_model_without_a_probe_has_none_and_the_shipped_one_reads_its_model():
    assert probe.probe_for("") is None and probe.probe_for("no-such-probe.json") is None
    named = {name: verdict.probe for name, verdict in deep.VERDICTS.items() if verdict.probe}
    assert named
    for name, file in named.items():
        data = json.loads((probe.DATA / file).read_text(encoding="utf-8"))
        assert data["model"] == name
        shipped = probe.probe_for(file)
        assert shipped.layers and all(0 <= layer < 30 for layer in shipped.layers)  # SmolLM2 has 30
        # SmolLM2's width: two states at each layer, and four numbers
        assert shipped.weights.shape == (2 * len(shipped.layers) * 576 + 4,)
        assert data["layers"] == list(shipped.layers)
        assert data["about"]["swapped words"] > 1000


def test_the_spinner_swaps_ordinary_pairs_for_relatives_and_says_where():
    train = tool("train_probe")
    lex = load()
    sentence = "The neural network was trained on the test set, and the data mining results were clear."
    rng = random.Random(1)
    seen = 0
    for _ in range(40):
        got = train.spin(sentence, lex, rng)
        assert got is not None
        text, put = got
        assert 1 <= len({s for s, _ in put}) <= 4
        # outside what was put in, the sentence is as it was
        kept = [w for w in deep.WORD.findall(_blank(text, put))]
        assert kept == [w for w in deep.WORD.findall(sentence) if w in kept]
        for start, end in put:
            new = text[start:end]
            assert new not in sentence.split()
            assert any(new in deep.relatives(old, lex) for old in ("neural", "network", "test", "set", "data",
                                                                    "mining", "results"))
        seen += len(put)
    assert seen >= 40
    assert train.spin("It was so.", lex, rng) is None


def _blank(text: str, spans) -> str:
    for start, end in spans:
        text = text[:start] + " " * (end - start) + text[end:]
    return text


@pytest.fixture(scope="module")
def tiny_lm(tmp_path_factory) -> LanguageModel:
    folder = tmp_path_factory.mktemp("converted") / "tiny"
    convert(write_tiny_gguf(tmp_path_factory.mktemp("gguf") / "tiny.gguf"), folder)
    return LanguageModel(folder)


SENTENCES = ["The prime clergyman met the press on Monday.",
             "He said the weather conjecture for the weekend was poor.",
             "The old farmer sold the brown horse at the market."]


def _gains(lm, monkeypatch, verdict: deep.Verdict, odds: float | None, threshold: float = 0.0001,
           width: int | None = None, layers: tuple[int, ...] = (0, 1)) -> dict:
    """Every span's gain and confidence, with `verdict` and a probe that gives every
    word the log-odds `odds` (None: no probe), made for streams `width` wide at `layers`."""
    monkeypatch.setattr(deep, "verdict_of", lambda _: verdict)
    width = width or lm.model.width
    monkeypatch.setattr(probe, "probe_for", lambda _: None if odds is None else
                        probe.Probe(np.zeros(2 * len(layers) * width + 4, np.float32), odds, layers))
    prose = " ".join(SENTENCES)
    spans, at = [], 0
    for sentence in SENTENCES:
        spans.append((at, at + len(sentence)))
        at += len(sentence) + 1
    planned = deep.plan(deep.read(prose, spans, lm), lm, load(), threshold=threshold)
    (found,) = deep.conclude([planned], lm)
    return {(g.start, g.end): (g.gain, g.confidence) for g in found}


def test_the_probes_evidence_joins_every_candidates_gain(tiny_lm, monkeypatch):
    plain = _gains(tiny_lm, monkeypatch, deep.Verdict(), None)
    assert plain  # the random model finds spans to judge at this threshold
    # a probe sure of every word: 2 nats per unit of log-odds above 1, so 8 nats more
    backed = _gains(tiny_lm, monkeypatch, deep.Verdict(probe_nats=2.0, probe_from=1.0), 5.0)
    assert backed.keys() >= plain.keys()
    for span, (gain, sure) in plain.items():
        assert backed[span][0] == pytest.approx(gain + 8.0, abs=1e-4)
        assert backed[span][1] == pytest.approx(deep.confidence(gain + 8.0, deep.MARGIN_NATS), abs=1e-6)
        assert backed[span][1] > sure
    # the bound that skips hopeless spans counts the evidence: it loses no finding
    sure = deep.Verdict(probe_nats=2.0, probe_from=1.0)
    above = deep.confidence(max(gain for gain, _ in plain.values()) + 4.0)  # more than any span gains alone
    assert not _gains(tiny_lm, monkeypatch, deep.Verdict(), None, threshold=above)
    asked = []
    hopeless = deep._hopeless
    monkeypatch.setattr(deep, "_hopeless", lambda *args: asked.append(args[-1]) or hopeless(*args))
    found = _gains(tiny_lm, monkeypatch, sure, 5.0, threshold=above)
    assert found
    # (the random model's bound is too loose to skip a span, so what it is asked is checked)
    assert asked and {round(needed, 6) for needed in asked} == {round(deep._needed(above) - 8.0, 6)}
    monkeypatch.undo()
    # below where it starts to count, or with a verdict that does not use it, nothing moves
    assert _gains(tiny_lm, monkeypatch, deep.Verdict(probe_nats=2.0, probe_from=1.0), 0.5) == plain
    assert _gains(tiny_lm, monkeypatch, deep.Verdict(), 5.0) == plain


def test_a_probe_of_another_models_streams_is_not_used(tiny_lm, monkeypatch):
    plain = _gains(tiny_lm, monkeypatch, deep.Verdict(), None)
    sure = deep.Verdict(probe_nats=2.0, probe_from=1.0)
    assert _gains(tiny_lm, monkeypatch, sure, 5.0) != plain
    # another width, or a layer this model does not have
    assert _gains(tiny_lm, monkeypatch, sure, 5.0, width=576) == plain
    assert _gains(tiny_lm, monkeypatch, sure, 5.0, layers=(0, model_depth(tiny_lm.model))) == plain


def test_the_probe_never_trains_on_a_sentence_holding_a_measured_news_phrase():
    """bench/garble_eval.py measures the deep tier on news swaps: the probe's training
    leaves out every sentence that holds one of their correct phrases, whole words only."""
    train = tool("train_probe")
    held = train.held_out_phrases()
    for path in train.NEWS_SWAPS:
        with path.open(encoding="utf-8", newline="") as handle:
            for row in csv.DictReader(handle, delimiter="\t"):
                assert held.search(f"By evening the {row['expression'].upper()} had changed.")
    assert not held.search("The river rose quickly after three days of rain.")
    assert held.search("Traffic slowed in the rush hour.")
    assert not held.search("The rushed hour passed.")
