"""A linear read-out of the model's hidden states: how much a word looks like a
spinner's swap.

The model's surprisal alone tells a swapped word from a rare right one poorly (a
writer's "equinoctial gales" is as surprising as a spinner's "counterfeit
consciousness"). The model's residual stream after the word and after the next one
holds more of what it made of the phrase, more plainly halfway through the model than at
its last layer (which is shaped to predict the next token), and a logistic regression
on the streams of a few layers, trained on
sentences that `tools/train_probe.py` damages itself (established pairs of tuning text
swapped for thesaurus relatives; no list of tortured phrases), tells the two apart
better. Its score is evidence that the deep tier's verdict adds to a candidate's gain
(garble/deep.py); it proposes nothing itself.

A probe belongs to one model's layers: the verdict of a model names its probe's
file (garble/deep.py VERDICTS), and a model without one is judged without it."""
from __future__ import annotations

import json
from functools import lru_cache
from pathlib import Path

import numpy as np

DATA = Path(__file__).resolve().parent.parent / "data"  # where probes are shipped


def features(streams: np.ndarray, words, index: int) -> np.ndarray:
    """What the probe reads of word `index` of `words` (each with `first`, `last` token
    indices and `surprisal`), given a sentence's residual streams (layers, n + 1, width:
    after the start and after each token): at each layer the stream after the word and
    after the next word, each scaled to unit root mean square (a token's stream can be
    many times longer than another's), then the surprisal of the word before, of the word
    and of the next, and whether it is last."""
    word = words[index]
    following = words[index + 1] if index + 1 < len(words) else None
    states = streams[:, [word.last, following.last if following else word.last]].reshape(-1, streams.shape[-1])
    states = states / np.sqrt(np.mean(states * states, axis=1, keepdims=True) + 1e-6)
    return np.concatenate([states.reshape(-1),
                           [words[index - 1].surprisal if index else 0.0, word.surprisal,
                            following.surprisal if following else 0.0, 0.0 if following else 1.0]]
                          ).astype(np.float32)


class Probe:
    """Weights and bias of a logistic regression over `features` (standardisation
    folded in): the score is the log-odds that the word is a swap."""

    def __init__(self, weights: np.ndarray, bias: float, layers: tuple[int, ...]):
        self.weights = np.asarray(weights, dtype=np.float32)
        self.bias = float(bias)
        self.layers = tuple(layers)  # whose residual streams it reads (indices from 0)

    def fits(self, streams: np.ndarray | None) -> bool:
        """Whether these are streams of the probe's layers of a model as wide as its own
        (a file named for another model is not read)."""
        return (streams is not None and len(streams) == len(self.layers)
                and len(self.weights) == 2 * len(self.layers) * streams.shape[-1] + 4)

    def scores(self, streams: np.ndarray, words, indices) -> np.ndarray:
        """The log-odds of each word of `indices`."""
        if not len(indices):
            return np.zeros(0, dtype=np.float32)
        return np.stack([features(streams, words, i) for i in indices]) @ self.weights + np.float32(self.bias)

    def to_json(self, model: str, about: dict) -> str:
        return json.dumps({"model": model, "about": about, "layers": list(self.layers), "bias": self.bias,
                           "weights": [round(float(w), 7) for w in self.weights]})


@lru_cache(maxsize=None)
def probe_for(file: str) -> Probe | None:
    """The probe in checker/data/`file`, or None when there is none."""
    if not file or not (DATA / file).is_file():
        return None
    data = json.loads((DATA / file).read_text(encoding="utf-8"))
    return Probe(np.asarray(data["weights"], dtype=np.float32), data["bias"], data["layers"])


def fit(X: np.ndarray, y: np.ndarray, layers: tuple[int, ...], penalty: float = 100.0, rounds: int = 25) -> Probe:
    """L2-penalised logistic regression by Newton's method on standardised features,
    the standardisation then folded into the weights (for tools/train_probe.py)."""
    mean = X.mean(axis=0)
    scale = X.std(axis=0) + 1e-6
    Z = np.hstack([(X - mean) / scale, np.ones((len(X), 1))]).astype(np.float64)
    w = np.zeros(Z.shape[1])
    ridge = np.full(Z.shape[1], penalty)
    ridge[-1] = 0.0  # the bias is not penalised
    for _ in range(rounds):
        p = 1.0 / (1.0 + np.exp(-(Z @ w)))
        gradient = Z.T @ (p - y) + ridge * w
        hessian = (Z * (p * (1 - p))[:, None]).T @ Z + np.diag(ridge)
        step = np.linalg.solve(hessian, gradient)
        w -= step
        if np.abs(step).max() < 1e-6:
            break
    weights = w[:-1] / scale
    return Probe(weights.astype(np.float32), float(w[-1] - (mean * weights).sum()), layers)
