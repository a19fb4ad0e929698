"""The deep tier with the second model, Gemma 3 270M (`copylint model install
gemma3-270m`; CI installs it, elsewhere these tests skip). The sentences are the ones
written for tests/test_deep.py: the spun ones it finds are flagged with the writer's
phrase, and the originals and plain sentences are left alone."""
from __future__ import annotations

import subprocess
import sys

import pytest

from checker.config import Settings
from checker.engine import Engine
from checker.lm.store import status
from checker.runner import check_text
from test_deep import LITERARY, ORIGINALS, SPUN, skipping_changes_nothing

pytestmark = pytest.mark.skipif(not status("gemma3-270m").installed,
                                reason="Gemma 3 270M is not installed (copylint model install gemma3-270m)")


def _findings(threshold: float, text: str):
    engine = Engine(Settings(deep=True, deep_cache=False, select=["garble"], model="gemma3-270m",
                             garble_threshold=threshold))
    return [(text[f.start:f.end], f.fix) for f in check_text(engine, text).findings]


def test_a_spun_title_is_flagged_from_the_command_line_with_the_named_model(tmp_path):
    doc = tmp_path / "spun.txt"
    doc.write_text(SPUN[0][0] + "\n", encoding="utf-8")
    done = subprocess.run([sys.executable, "-m", "checker", "lint", "--deep", "--model", "gemma3-270m", str(doc)],
                          capture_output=True, text=True, timeout=600)
    assert done.returncode == 1, done.stderr
    assert f"{doc}:1:5: warning garble.collocation “prime clergyman” looks like a synonym-swapped " \
           f"“prime minister”" in done.stdout


def test_an_established_phrase_out_of_context_lifts_a_two_word_swap_over_the_margin():
    # "artificial intelligence" alone is far likelier than "counterfeit consciousness";
    # "benzoic acid" alone is rarer, and found only when the threshold is lowered
    spun = "The hospital said its counterfeit consciousness software reads scans faster than doctors."
    assert _findings(0.5, spun) == [("counterfeit consciousness", "artificial intelligence")]
    rarer = "The lab keeps benzoic corrosive in a locked cupboard."
    assert _findings(0.5, rarer) == []
    assert _findings(0.1, rarer) == [("benzoic corrosive", "benzoic acid")]


def test_skipping_hopeless_spans_changes_no_finding_when_phrases_are_read_alone():
    skipping_changes_nothing(0.9, model="gemma3-270m")


def test_the_bound_allows_for_what_reading_alone_can_add(monkeypatch):
    # a span is skipped only when even the most that reading alone adds (`alone_cap`)
    # could not lift it to the threshold
    from checker.garble import deep

    asked, bound = [], deep._hopeless
    monkeypatch.setattr(deep, "_hopeless", lambda *args: asked.append(args[-1]) or bound(*args))
    _findings(0.9, SPUN[0][0])
    rules = deep.VERDICTS["Gemma 3 270m"]
    assert asked and set(asked) == {deep._needed(0.9, rules.margin) - rules.alone_cap}


def test_the_originals_and_plain_sentences_are_left_alone():
    text = "\n\n".join(ORIGINALS + LITERARY)
    assert _findings(0.5, text) == []


def test_gemmas_smaller_tokenizer_reads_these_sentences_as_its_whole_one_does():
    """The installed Gemma reads with its tokenizer without other scripts' pieces; on
    text of Latin and Greek letters, digits, punctuation and symbols it gives the whole
    tokenizer's tokens and offsets, and a text in another script is read with the
    whole one."""
    from tokenizers import Tokenizer

    from checker.lm.scorer import LanguageModel

    folder = status("gemma3-270m").folder
    whole = Tokenizer.from_file(str(folder / "tokenizer.json"))
    lm = LanguageModel(folder)
    texts = ([s for s, _, _ in SPUN] + ORIGINALS + LITERARY
             + ["Café owners in Zürich paid €4.50 — “a fair price” — for 2½ kg of naïve α-β tests.",
                "Tabs\tand  double spaces, (parentheses) [brackets] and a URL: https://example.org/a_b?c=1."])
    for text in texts:
        [read] = lm.analyse([text])
        expected = whole.encode(text)
        assert (read.ids, read.offsets) == (expected.ids[:len(read.ids)], expected.offsets[:len(read.ids)])
    assert not lm.whole
    [read] = lm.analyse(["Слово и дело 言葉"])
    assert lm.whole and read.ids == whole.encode("Слово и дело 言葉").ids
