"""The language model behind `--deep`: the one package that knows model files, tensors
and tokens. Everything else asks it for log-probabilities of words in context.

Nothing here is imported by a default `copylint lint`; numpy and tokenizers load only
when the deep tier runs or a model is installed."""

from functools import lru_cache


@lru_cache(maxsize=2)
def language_model(folder: str):
    """The model of a converted folder, loaded once per process (see store.locate)."""
    from pathlib import Path

    from .scorer import LanguageModel

    return LanguageModel(Path(folder))
