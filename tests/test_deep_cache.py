"""The deep tier's verdicts kept per sentence across runs (checker/garble/deep_cache.py),
on the tiny model the tests write: a document read again is not read by the model,
an edited one only where it changed, and the findings are those of a run without the
cache. No test here needs the real model."""
from __future__ import annotations

import json
import os
import sqlite3
import zlib
from pathlib import Path

import pytest

pytest.importorskip("numpy")
pytest.importorskip("gguf")
pytest.importorskip("tokenizers")

from hypothesis import HealthCheck, given, settings, strategies as st  # noqa: E402

from checker.config import Settings  # noqa: E402
from checker.engine import Engine  # noqa: E402
from checker.garble import deep_cache, fluency  # noqa: E402
from checker.lm.scorer import LanguageModel  # noqa: E402
from checker.runner import check_text  # noqa: E402
from conftest import cli  # noqa: E402
from tiny_model import write_tiny_gguf  # noqa: E402

SENTENCES = [
    "The prime clergyman met the press on Monday.",
    "He said the weather conjecture for the weekend was poor.",
    "Users liked the consumer border (UI) of the app.",
    "The old farmer sold the brown horse at the market.",
    "A sleepy cat lay on the warm rug by the fire.",
    "The the results were shown in the second table.",
    "She walked to the station in the rain.",
]


@pytest.fixture(scope="module")
def tiny_gguf(tmp_path_factory) -> Path:
    return write_tiny_gguf(tmp_path_factory.mktemp("gguf") / "tiny.gguf")


@pytest.fixture
def model(tiny_gguf, tmp_path, monkeypatch) -> str:
    """The tiny model, converted once for the module's tests, with fluency's margins
    low enough that the random model proposes edits too (so both kinds of finding pass
    through the cache), and a user cache of the test's own."""
    monkeypatch.setenv("COPYLINT_MODEL_DIR", str(tiny_gguf.parent / "models"))
    monkeypatch.setenv("COPYLINT_CACHE_DIR", str(tmp_path / "user-cache"))
    monkeypatch.delenv("COPYLINT_CACHE", raising=False)
    monkeypatch.setattr(fluency, "PROMISE_NATS", 0.5)
    monkeypatch.setattr(fluency, "MARGIN_NATS", 1.0)
    return str(tiny_gguf)


def _engine(model: str, **given) -> Engine:
    return Engine(Settings(**{"deep": True, "model": model, "select": ["garble"], "garble_threshold": 0.05, **given}))


def _findings(model: str, text: str, **given) -> list[tuple]:
    return [(f.rule, f.start, f.end, f.message, f.replacements)
            for f in check_text(_engine(model, **given), text).findings]


@pytest.fixture
def read(monkeypatch) -> list[str]:
    """Every text the model reads from here on (sentences, and garble.acronym's prompts)."""
    texts: list[str] = []
    analyse = LanguageModel.analyse

    def recording(self, batch, *args, **kwargs):
        texts.extend(batch)
        return analyse(self, batch, *args, **kwargs)

    monkeypatch.setattr(LanguageModel, "analyse", recording)
    return texts


def test_a_document_read_again_needs_no_model_and_gives_the_same_findings(model, read, monkeypatch):
    text = " ".join(SENTENCES)
    first = _findings(model, text)
    assert {rule for rule, *_ in first} >= {"garble.collocation", "garble.acronym", "garble.fluency"}
    assert read  # the model read the document

    def no_model(*args, **kwargs):
        raise AssertionError("the model was loaded")

    monkeypatch.setattr("checker.lm.language_model", no_model)
    assert _findings(model, text) == first


def test_only_the_sentences_that_changed_are_read_and_the_others_keep_their_findings(model, read):
    _findings(model, " ".join(SENTENCES))
    read.clear()
    changed = "A quiet dog slept under the wooden table."
    edited = " ".join(SENTENCES[:1] + [changed] + SENTENCES[1:])  # every later finding moves
    again = _findings(model, edited)
    assert set(read) == {changed}
    assert again == _findings(model, edited, deep_cache=False)


@settings(max_examples=12, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture])
@given(st.lists(st.sampled_from(SENTENCES), min_size=1, max_size=6))
def test_any_document_gives_with_the_cache_what_it_gives_without(model, sentences):
    """Documents drawn from the same sentences, in any order, repeated or not: each run
    finds some sentences in the cache from earlier examples, reads the rest, and must
    find exactly what a run that reads everything finds."""
    text = " ".join(sentences)
    assert _findings(model, text) == _findings(model, text, deep_cache=False)


def test_another_threshold_selection_or_model_reads_again(model, read, tiny_gguf, tmp_path):
    text = " ".join(SENTENCES[:2])
    _findings(model, text)
    for changed in ({"garble_threshold": 0.3}, {"select": ["garble.collocation"]}):
        read.clear()
        _findings(model, text, **changed)
        assert set(SENTENCES[:2]) <= set(read), changed
    # the same model converted again is another model to the cache
    read.clear()
    _findings(model, text)
    assert read == []
    config = tiny_gguf.parent / "models"
    touched = next(config.rglob("config.json"))
    os.utime(touched, ns=(touched.stat().st_atime_ns, touched.stat().st_mtime_ns + 1_000_000_000))
    _findings(model, text)
    assert set(SENTENCES[:2]) <= set(read)


@pytest.mark.parametrize("off", ["option", "configuration", "environment"])
def test_the_cache_can_be_turned_off_and_then_writes_nothing(model, tmp_path, monkeypatch, off):
    doc = tmp_path / "a.txt"
    doc.write_text(" ".join(SENTENCES[:2]) + "\n", encoding="utf-8")
    options = ["lint", "--deep", "--model", model, str(doc)]
    if off == "option":
        options.insert(1, "--no-deep-cache")
    elif off == "configuration":
        (tmp_path / "pyproject.toml").write_text("[tool.copylint]\ndeep-cache = false\n", encoding="utf-8")
        monkeypatch.chdir(tmp_path)
    else:
        monkeypatch.setenv("COPYLINT_CACHE", "off")
    result = cli(*options)
    assert result.exit_code in (0, 1), result
    assert not (Path(os.environ["COPYLINT_CACHE_DIR"]) / deep_cache.FILE_NAME).exists()
    monkeypatch.delenv("COPYLINT_CACHE", raising=False)
    (tmp_path / "pyproject.toml").unlink(missing_ok=True)
    assert cli("lint", "--deep", "--model", model, str(doc)).exit_code in (0, 1)
    assert (Path(os.environ["COPYLINT_CACHE_DIR"]) / deep_cache.FILE_NAME).is_file()


def test_deep_cache_in_configuration_must_be_a_boolean(model, tmp_path, monkeypatch):
    (tmp_path / "pyproject.toml").write_text("[tool.copylint]\ndeep-cache = \"no\"\n", encoding="utf-8")
    (tmp_path / "a.txt").write_text("A plain sentence.\n", encoding="utf-8")
    monkeypatch.chdir(tmp_path)
    result = cli("lint", "a.txt")
    assert result.exit_code == 2 and "key 'deep-cache': must be true or false" in result.stderr


@pytest.mark.parametrize("damage", ["garbage", "a folder in its place", "a file for the folder", "a damaged row",
                                    "a row of another shape"])
def test_a_damaged_or_unusable_cache_costs_a_reading_never_a_run(model, read, damage):
    text = " ".join(SENTENCES[:3])
    expected = _findings(model, text, deep_cache=False)
    folder = Path(os.environ["COPYLINT_CACHE_DIR"])
    file = folder / deep_cache.FILE_NAME
    if damage == "garbage":
        folder.mkdir(parents=True)
        file.write_bytes(b"not a database " * 100)
    elif damage == "a folder in its place":
        file.mkdir(parents=True)
    elif damage == "a file for the folder":
        folder.parent.mkdir(parents=True, exist_ok=True)
        folder.write_text("in the way", encoding="utf-8")
    else:
        _findings(model, text)
        with sqlite3.connect(file) as db:
            if damage == "a damaged row":
                db.execute("UPDATE verdicts SET value = substr(value, 1, length(value) - 3) || 'xyz'")
            else:  # written as the cache writes, but not what this code keeps
                text_ = json.dumps([[1, 2], "three"])
                db.execute("UPDATE verdicts SET value = ?", (f"{zlib.crc32(text_.encode()):08x}{text_}",))
    read.clear()
    assert _findings(model, text) == expected
    assert set(SENTENCES[:3]) <= set(read)  # what could not be read from the cache was read by the model


def test_the_cache_lets_go_of_the_sentences_used_least_recently(tmp_path, monkeypatch):
    monkeypatch.setattr(deep_cache, "MAX_ROWS", 3)
    cache = deep_cache.DeepCache(tmp_path, "one configuration")
    keys = [cache.key("read", f"sentence {k}") for k in range(5)]
    cache.put_many([(keys[k], (k,)) for k in range(3)])
    assert cache.get_many(keys) == {keys[0]: (0,), keys[1]: (1,), keys[2]: (2,)}
    cache.put_many([(keys[0], (0,))])  # sentence 0 used again
    cache.put_many([(keys[3], (3,)), (keys[4], (4,))])
    assert cache.get_many(keys) == {keys[0]: (0,), keys[3]: (3,), keys[4]: (4,)}
    other = deep_cache.DeepCache(tmp_path, "another configuration")
    assert other.get_many([other.key("read", "sentence 0")]) == {}
    assert other.key("read", "sentence 0") != keys[0] and cache.key("backed", "sentence 0") != keys[0]


def test_one_cache_serves_threads_that_check_documents_at_once(tmp_path):
    """A server (`copylint serve`, the language server) may check two documents at once
    with one engine: both threads' verdicts are kept, and neither fails."""
    from concurrent.futures import ThreadPoolExecutor

    cache = deep_cache.DeepCache(tmp_path, "one configuration")

    def work(thread: int) -> None:
        for k in range(200):
            key = cache.key("read", f"sentence {thread} {k}")
            cache.put_many([(key, ((k, thread),))])
            assert cache.get_many([key]) == {key: ((k, thread),)}

    with ThreadPoolExecutor(max_workers=4) as pool:
        list(pool.map(work, range(4)))
    keys = [cache.key("read", f"sentence {t} {k}") for t in range(4) for k in range(200)]
    assert len(cache.get_many(keys)) == 800


_INHERITED: list = []  # the cache a forked worker inherits (a connection cannot be pickled)


def _in_forked_worker(key) -> tuple[bool, bool]:
    """(whether the worker used a connection of its own, whether it read back what it wrote)."""
    [cache] = _INHERITED
    inherited = cache._sql.db
    cache.put_many([(key, ("from the worker",))])
    return cache._sql.db is not inherited, cache.get_many([key]) == {key: ("from the worker",)}


@pytest.mark.skipif("fork" not in __import__("multiprocessing").get_all_start_methods(), reason="no fork here")
def test_a_forked_worker_opens_its_own_connection(tmp_path):
    """`--jobs` workers are forked from a process that may have used the cache: SQLite's
    connections must not cross a fork, so a worker opens its own. (Using the parent's
    often works, so what is checked is that the worker's is another.)"""
    import multiprocessing
    from concurrent.futures import ProcessPoolExecutor

    cache = deep_cache.DeepCache(tmp_path, "one configuration")
    mine, theirs = cache.key("read", "the parent's"), cache.key("read", "the worker's")
    cache.put_many([(mine, ("from the parent",))])
    _INHERITED[:] = [cache]
    with ProcessPoolExecutor(max_workers=1, mp_context=multiprocessing.get_context("fork")) as pool:
        assert pool.submit(_in_forked_worker, theirs).result(timeout=60) == (True, True)
    _INHERITED.clear()
    assert cache.get_many([mine, theirs]) == {mine: ("from the parent",), theirs: ("from the worker",)}


@pytest.mark.parametrize("name, before, after", [
    # a retrained probe (lm/probe.py) judges differently
    ("garble-probe-x.json", "{}", '{"weights": []}'),
    # the deep tier reads a British spelling the American way too (deep._american)
    ("spelling_variants.tsv", "colour\tcolor\tour\n", "colour\tcolor\tour\ngrey\tgray\tword\n"),
])
def test_an_edited_data_file_the_verdicts_depend_on_is_a_new_cache(monkeypatch, tmp_path, name, before, after):
    from checker.garble import deep_cache

    package = tmp_path / "checker"
    (package / "data").mkdir(parents=True)
    (package / "garble").mkdir()
    monkeypatch.setattr(deep_cache, "__file__", str(package / "garble" / "deep_cache.py"))
    (package / "data" / name).write_text(before)
    identity = deep_cache._code_identity()
    (package / "data" / name).write_text(after)
    assert deep_cache._code_identity() != identity
