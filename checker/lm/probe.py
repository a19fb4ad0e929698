"""A linear read-out of the model's hidden states: how much a word looks like a
spinner's swap.

The model's surprisal alone tells a swapped word from a rare right one poorly (a
writer's "equinoctial gales" is as surprising as a spinner's "counterfeit
consciousness"). The hidden states after the word and after the next one hold more of
what the model made of the phrase, and a logistic regression on them, trained on
sentences that `tools/train_probe.py` damages itself (established pairs of tuning text
swapped for thesaurus relatives; no list of tortured phrases), tells the two apart
better. Its score is evidence that the deep tier's verdict adds to a candidate's gain
(garble/deep.py); it proposes nothing itself.

A probe belongs to one model's hidden states: the verdict of a model names its probe's
file (garble/deep.py VERDICTS), and a model without one is judged without it."""
from __future__ import annotations

import json
from functools import lru_cache
from pathlib import Path

import numpy as np

DATA = Path(__file__).resolve().parent.parent / "data"  # where probes are shipped


def features(hidden: np.ndarray, words, index: int) -> np.ndarray:
    """What the probe reads of word `index` of `words` (each with `first`, `last` token
    indices and `surprisal`), given a sentence's hidden states (n + 1, width: after the
    start and after each token): the states after the word and after the next word, the
    surprisal of the word before, of the word and of the next, and whether it is last."""
    word = words[index]
    after = hidden[word.last]
    following = words[index + 1] if index + 1 < len(words) else None
    return np.concatenate([after, hidden[following.last] if following else after,
                           [words[index - 1].surprisal if index else 0.0, word.surprisal,
                            following.surprisal if following else 0.0, 0.0 if following else 1.0]]
                          ).astype(np.float32)


class Probe:
    """Weights and bias of a logistic regression over `features` (standardisation
    folded in): the score is the log-odds that the word is a swap."""

    def __init__(self, weights: np.ndarray, bias: float):
        self.weights = np.asarray(weights, dtype=np.float32)
        self.bias = float(bias)

    @staticmethod
    def width_for(states: int) -> int:
        """How many weights a probe of hidden states this wide has (see `features`)."""
        return 2 * states + 4

    def scores(self, hidden: np.ndarray, words, indices) -> np.ndarray:
        """The log-odds of each word of `indices`."""
        if not len(indices):
            return np.zeros(0, dtype=np.float32)
        return np.stack([features(hidden, words, i) for i in indices]) @ self.weights + np.float32(self.bias)

    def to_json(self, model: str, about: dict) -> str:
        return json.dumps({"model": model, "about": about, "bias": self.bias,
                           "weights": [round(float(w), 7) for w in self.weights]})


@lru_cache(maxsize=None)
def probe_for(file: str) -> Probe | None:
    """The probe in checker/data/`file`, or None when there is none."""
    if not file or not (DATA / file).is_file():
        return None
    data = json.loads((DATA / file).read_text(encoding="utf-8"))
    return Probe(np.asarray(data["weights"], dtype=np.float32), data["bias"])


def fit(X: np.ndarray, y: np.ndarray, penalty: float = 100.0, rounds: int = 25) -> Probe:
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
    return Probe(weights.astype(np.float32), float(w[-1] - (mean * weights).sum()))
