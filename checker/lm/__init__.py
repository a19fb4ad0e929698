"""The language model behind `--deep`: the one package that knows model files, tensors
and tokens. Everything else asks it for log-probabilities of words in context.

Nothing here is imported by a default `copylint lint`; numpy and tokenizers load only
when the deep tier runs or a model is installed."""

import threading

# the models `copylint model install NAME` knows (store.MODELS), named here so that the
# command line and the configuration can take a name without importing the installer
MODEL_NAMES = ("smollm2-135m", "gemma3-270m")


class ModelError(Exception):
    """The model is missing, broken or could not be installed: one line for the user.
    (Here, not in store.py, so that the command line can name it without importing
    what installing needs.)"""


_LOADED: dict = {}
_LOADING = threading.Lock()


def language_model(folder: str, text: str = ""):
    """The model of a converted folder, loaded once per process (see store.locate).
    `text`: what it is first loaded to read (scorer.LanguageModel's `first_text`: where
    it holds a character of a script other than Latin and Greek, the whole tokenizer is
    read before the weights are mapped, not after, when its reading's peak would add
    to theirs)."""
    with _LOADING:
        found = _LOADED.get(folder)
        if found is None:
            found = _LOADED[folder] = _load(folder, text)
        return found


def _load(folder: str, text: str):
    import os
    from pathlib import Path

    from ..heap import one_heap_for_the_model
    from .scorer import LanguageModel

    one_heap_for_the_model()
    if not any(os.environ.get(v) for v in ("OPENBLAS_NUM_THREADS", "OMP_NUM_THREADS", "MKL_NUM_THREADS")):
        # One BLAS thread unless the user says otherwise: a second thread adds little
        # here, and on a busy machine (CI, --jobs, an editor) OpenBLAS's waiting threads
        # made the model several times slower.
        from threadpoolctl import threadpool_limits

        threadpool_limits(limits=1, user_api="blas")
    try:
        return LanguageModel(Path(folder), text)
    except (OSError, ValueError, KeyError) as exc:  # a file cut short, removed or not ours
        raise ModelError(f"{folder}: the converted model is damaged ({exc}); "
                         "convert it again (the installed one: 'copylint model remove', then 'copylint model install')") from exc
