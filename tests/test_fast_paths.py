"""The faster forms of document patterns find exactly what the plain forms find
(the plain forms are written out here as the reference)."""
from __future__ import annotations

import re
from contextlib import contextmanager

from hypothesis import given, settings, strategies as st

from checker import document, word_count

PLAIN_SENTENCE_END = re.compile(r"(?<![.!?…])[.!?…]+[\"'”’)\]]*(?=\s+|$)")
PLAIN_ARTICLE = re.compile(
    r"(?<![\w'’\-.])(?P<art>an|a)(?P<space>[ \t\u00a0]+(?:\r?\n[ \t]*)?)[“\"‘'(]?(?P<next>[^\W_][\w'’.\-]*)",
    re.IGNORECASE,
)
PLAIN_URL_HINT = re.compile(r"://|www\.|\.(?:com|org|net|edu|gov|io|dev|co\.uk|info|biz)\b", re.IGNORECASE)

# the characters these patterns turn on, in runs, with pieces of addresses
PIECES = st.sampled_from(["a", "B", " ", "\n", "\t", ".", "!", "?", "…", "”", ")", "'", ":", "/", "//", "www",
                          "WwW", "com", "org", "co.uk", "http", "é", "-", "@", "\u00a0", "ı", "İ"])
TEXTS = st.lists(PIECES, max_size=60).map("".join)


@settings(max_examples=400, deadline=None)
@given(TEXTS)
def test_sentence_ends_are_the_plain_patterns(text):
    assert [m.span() for m in document.SENTENCE_END.finditer(text)] == \
        [m.span() for m in PLAIN_SENTENCE_END.finditer(text)]


ARTICLE_PIECES = st.sampled_from(["a", "A", "an", "AN", "aN", "n", " ", "\u00a0", "\n", "\r\n", "\t", "x", "é",
                                  "'", "’", "-", ".", "(", "“", "_", "1", "ɑ", "ª", "\u212a"])


@settings(max_examples=400, deadline=None)
@given(st.lists(ARTICLE_PIECES, max_size=40).map("".join))
def test_articles_are_found_as_by_the_plain_pattern(text):
    """The article pattern starts with its first letter (so `re` skips to it), the
    look-behind after it and the cases spelled out: the same matches and groups as the
    pattern that starts with its look-behind, case ignored."""
    from checker.kinds.article import ARTICLE

    assert [(m.span(), m.groups()) for m in ARTICLE.finditer(text)] == \
        [(m.span(), m.groups()) for m in PLAIN_ARTICLE.finditer(text)]


def test_only_a_and_capital_a_are_an_article_s_first_letter():
    """What makes [aA] and [nN] exact: no other code point matches "a" or "n" case ignored."""
    for letter in "an":
        first = re.compile(letter, re.IGNORECASE)
        assert [c for c in map(chr, range(0x110000)) if first.fullmatch(c)] == [letter.upper(), letter]


@settings(max_examples=400, deadline=None)
@given(TEXTS)
def test_addresses_are_found_as_by_the_plain_scan(text):
    from heapq import merge

    plain = [m.span() for m in document.URL.finditer(text)] if PLAIN_URL_HINT.search(text) else []
    # the hint's two branches scanned apart and merged: the hints of the one pattern
    parts = merge(*(re.compile(part).finditer(text) for part in document.URL_HINT_PARTS), key=lambda m: m.start())
    assert [m.span() for m in parts] == [m.span() for m in document.URL_HINT.finditer(text)]
    assert [m.span() for m in document._url_matches(text)] == plain
    with _twins_on_short_texts():
        assert [m.span() for m in document._url_matches(text)] == plain


def test_a_url_in_a_long_text_is_still_masked():
    text = "Word " * 5000 + "see www.example.com/x, then stop."
    doc = document.Document.from_text(text)
    start = text.index("www")
    assert doc.masks == [(start, start + len("www.example.com/x"))]


def _folded_plainly(prose: str) -> str:
    lower = prose.lower()
    if len(lower) != len(prose):
        lower = "".join(c if len(c.lower()) != 1 else c.lower() for c in prose)
    return PLAIN_OTHER_SPACE.sub(" ", lower)


# every white space but U+0020, as one class: what folding makes a space
PLAIN_OTHER_SPACE = re.compile("[\t\n\r\f\v\u00a0\u2028\u2029\x1c\x1d\x1e\x1f\x85]")


@settings(max_examples=400, deadline=None)
@given(st.lists(st.sampled_from(["ΟΔΟΣ", " ", "Σ", "a", "B", "\n", "\t", "İ", "ΣΑΣ ", "\u00a0", "é", "x", "\r",
                                 "\f", "\v", "\u2028", "\u2029", "\x1c", "\x1f", "\x85", "\u3000"]),
                max_size=40).map("".join))
def test_folding_a_chunk_at_a_time_is_folding_the_whole(text):
    size = document.FOLD_CHUNK_CHARACTERS
    document.FOLD_CHUNK_CHARACTERS = 5  # many chunks, cut after spaces
    try:
        assert document._lower_spaced(text) == _folded_plainly(text)
    finally:
        document.FOLD_CHUNK_CHARACTERS = size


@settings(max_examples=400, deadline=None)
@given(st.lists(st.sampled_from(["a", "B c", " ", "  ", "   ", "\n", "\t", "\u2060", "\u00a0", "é"]),
                max_size=40).map("".join))
def test_folded_text_collapses_spaces_as_the_plain_substitution(prose):
    """Runs of spaces found with str.find and joined in one pass: the same text and the
    same offsets back as a regular expression's matches and substitution."""
    import re

    spaced = document._lower_spaced(prose)
    runs = re.compile(r" {2,}|[ \u2060]*\u2060[ \u2060]*")
    points, shifts, removed = [], [], 0
    for m in runs.finditer(spaced):
        kept = 1 if " " in m.group() else 0
        points.append(m.start() + kept - removed)
        removed += m.end() - m.start() - kept
        shifts.append(removed)
    folded = document.FoldedText(prose)
    assert folded.text == runs.sub(lambda m: " " if " " in m.group() else "", spaced)
    assert (list(folded._points), list(folded._shifts)) == (points, shifts)


@settings(max_examples=300, deadline=None)
@given(st.lists(st.sampled_from(["a", "word", "don't", "x-y", " ", ". ", ", ", "\n", "\n\n", "—", "1", "é"]),
                max_size=120).map("".join), st.integers(min_value=0, max_value=12))
def test_sentences_skipped_by_length_could_not_break_the_limit(text, limit):
    from checker import stats
    from checker.kinds.metric import _lengths_that_may_break

    fast = _lengths_that_may_break(document.Document.from_text(text), limit, None)
    full = stats.sentence_lengths(document.Document.from_text(text))
    assert [(s, n) for s, n in fast if n > limit] == [(s, n) for s, n in full if n > limit]


PLAIN_BLOCK_LINE = re.compile(
    r"(?:\r\n|\r|\n)(?=[ \t]*(?:(?:[-*+•‣◦]|\d{1,3}[.)]|#{1,6})[ \t]+\S|\|))"
    r"|(?:(?<=[\r\n])|\A)[ \t]*(?:#{1,6}[ \t][^\r\n]*|=+[ \t]*|-{2,}[ \t]*)(?=\r\n|\r|\n)")


@settings(max_examples=500, deadline=None)
@given(st.lists(st.sampled_from(["\n", "\r\n", "\r", " ", "\t", "#", "## ", "=", "-", "--", "* ", "1. ", "12) ",
                                 "|", "•", "a", "Word", "."]), max_size=50).map("".join))
def test_block_breaks_are_the_plain_patterns(text):
    plain = sorted({m.start() if m.group().startswith(("\r", "\n")) else m.end()
                    for m in PLAIN_BLOCK_LINE.finditer(text)})
    assert document.Document(text=text)._block_breaks == plain


# pattern rules run only on the lines that hold a hint (checker/kinds/pattern.py)
HINT_PIECES = st.sampled_from(["a", "ab", "Ab", "B", " ", "  ", "\t", "\n", "\r\n", "\u00a0", ".", ",", ";", ":",
                               "!", "?", "(", ")", "[", "]", "{", "}", "”", "’", '"', "\ufffc", "é", "1", "-"])


@settings(max_examples=600, deadline=None)
@given(st.lists(HINT_PIECES, max_size=50).map("".join))
def test_hinted_pattern_rules_find_what_a_scan_of_the_whole_text_finds(text):
    from checker.config import Settings
    from checker.kinds.pattern import PatternCheck, hinted_lines
    from checker.rulepack import builtin_pack_dir, load_packs

    check = PatternCheck([r for r in load_packs([builtin_pack_dir()]) if r.kind == "pattern"], Settings())
    assert check.hinted  # the shipped spacing rules give hints
    lines = hinted_lines(check.hints, text)
    for rule, compiled in check.rules:
        whole = [(m.span(), m.group()) for m in compiled.finditer(text)]
        assert [(m.span(), m.group()) for m in compiled.finditer_in(text, lines)] == whole, rule.id


LINE_HINTS = ["a", "b\nb", "\n\n", "[ab]\n?[ab]", "a(?=\n)", "(?<=\n)b", "^b", "a$", "  "]


@settings(max_examples=400, deadline=None)
@given(st.lists(st.sampled_from(["a", "b", "\n", " ", "  ", "x"]), max_size=40).map("".join),
       st.sampled_from(LINE_HINTS))
def test_hinted_lines_from_one_pass_are_those_of_a_search_a_line(text, hint):
    """One finditer pass (with a match across a taken line searched again) finds the
    same lines as a search from each line's end, on regex and on google-re2 alike,
    hints that cross line breaks included."""
    import regex

    from checker.kinds.pattern import _searched_lines, hinted_lines
    from checker.patterns import re2_pattern

    compiled = regex.compile(hint, regex.MULTILINE)
    expected = _searched_lines(compiled, text, 60.0)
    assert hinted_lines(compiled, text) == expected
    fast = re2_pattern(hint, ignore_case=False)
    if fast is not None:
        assert hinted_lines(fast, text) == expected


START_PIECES = st.sampled_from(["The", "the", "Big", "big", "house", "of", "Of", "don't", "well-known", " ", "  ",
                                "\n", "\r\n", "\t", ".", "x", "ÉTÉ", "é", "-", "’", "for", "forest", "A"])


@settings(max_examples=600, deadline=None)
@given(st.lists(START_PIECES, max_size=12).map("".join))
def test_a_pair_at_the_start_is_what_a_pattern_anchored_there_finds(text):
    """PAIRS run on the start of the text behind a space finds the pair a second,
    anchored pattern finds there, with the same word offsets."""
    import re

    from checker.garble import tokens

    anchored = re.compile(rf"(?={tokens._PAIR})").match(text)
    found = tokens.pair_at_start(text)
    assert (found is None) == (anchored is None)
    if found is not None:
        assert [found.span(i) for i in (0, 1, 2)] == [anchored.span(i) for i in (0, 1, 2)]
        assert [found.group(i) for i in (0, 1, 2)] == [anchored.group(i) for i in (0, 1, 2)]
        assert found.groups() == anchored.groups()


PLACE_PIECES = st.sampled_from(["Kiev", "Kyiv", "Chicken Kiev", "chicken  kiev", "Bombay", "Mumbai", "Bombay mix",
                                "Peking", "Beijing", "Peking duck", " ", ". ", "\n", "x", "-"])


@settings(max_examples=300, deadline=None)
@given(st.lists(PLACE_PIECES, max_size=30).map("".join))
def test_renamed_places_are_what_the_plain_order_finds(text):
    """The `keep` phrases are scanned for only when a group has two forms: the same
    findings as dropping the kept uses first."""
    from collections import Counter

    import regex

    from checker.config import Settings
    from checker.kinds.renamed import RenamedCheck, _canonical_spacing
    from checker.rulepack import builtin_pack_dir, load_packs

    check = RenamedCheck([r for r in load_packs([builtin_pack_dir()]) if r.kind == "renamed"], Settings())
    doc = document.Document.from_text(text)
    plain = []
    for rule, group_of, names, kept, _ in check.rules:
        fixed = [m.span() for m in regex.finditer(kept, text, regex.IGNORECASE)] if kept is not None else []
        uses = [m for m in names.get().finditer(text) if not any(s <= m.start() and m.end() <= e for s, e in fixed)]
        by_group: dict[int, list] = {}
        for m in uses:
            by_group.setdefault(group_of[_canonical_spacing(m.group())], []).append(m)
        for matches in by_group.values():
            count = Counter(_canonical_spacing(m.group()) for m in matches)
            if len(count) > 1:
                best = max(count.values())
                majority = next(_canonical_spacing(m.group()) for m in matches
                                if count[_canonical_spacing(m.group())] == best)
                plain += [(m.start(), m.end(), majority) for m in matches if _canonical_spacing(m.group()) != majority]
    assert sorted((f.start, f.end, f.replacements[0]) for f in check.check(doc)) == sorted(plain)


NAME_PIECES = st.sampled_from(["Kiev", "Kyiv", "KKiev", "Ho Chi Minh", "Ho  Chi\nMinh", "Ho", "Saigon", "Bombay",
                               "Mumbai", "Bombay-", "-Mumbai", "Peking", "é", " ", ". ", "\n", "x", "-", "1"])


@settings(max_examples=300, deadline=None)
@given(st.lists(NAME_PIECES, max_size=30).map("".join), st.integers(0, 40), st.integers(0, 200))
def test_renamed_uses_are_the_names_pattern_matches(text, low, high):
    """Trying the names' pattern only where a first word starts finds what its
    `finditer` finds, from any `low`, up to any `high` (a window's)."""
    from checker.config import Settings
    from checker.kinds.renamed import RenamedCheck, _uses
    from checker.rulepack import builtin_pack_dir, load_packs

    check = RenamedCheck([r for r in load_packs([builtin_pack_dir()]) if r.kind == "renamed"], Settings())
    for _, _, names, _, first_words in check.rules:
        plain = []
        for m in names.get().finditer(text, low):
            if m.start() >= high:
                break
            plain.append(m.span())
        assert first_words.get() is not None
        assert [m.span() for m in _uses(names.get(), first_words.get(), text, low, high)] == plain
        assert [m.span() for m in _uses(names.get(), None, text, low, high)] == plain


@settings(max_examples=300, deadline=None)
@given(st.lists(st.tuples(st.sampled_from(["garble.collocation", "garble.syntax", "spacing.x"]),
                          st.floats(min_value=0, max_value=1)), max_size=6),
       st.lists(st.sampled_from(["", "word ", "Two words. ", "\n", "x-y "]), max_size=8).map("".join))
def test_the_spin_score_counts_words_only_when_it_needs_them(found, text):
    """Words are counted only when there is a garble finding: the same score as the
    plain formula, for one document and for several taken together."""
    import math

    from checker.finding import Finding
    from checker.garble.spin import SCALE_PER_1000_WORDS, spin_score

    findings = [Finding(rule=rule, severity="warning", start=0, end=0, message="m", confidence=c)
                for rule, c in found]
    docs = [document.Document.from_text(text), document.Document.from_text(text[::-1])]
    words = sum(d.word_count for d in docs)
    weight = sum(c for rule, c in found if rule.startswith("garble."))
    plain = 0.0 if words <= 0 else round(1 - math.exp(-weight * 1000 / words / SCALE_PER_1000_WORDS), 3)
    assert spin_score(findings, docs) == spin_score(findings, words) == plain
    one = docs[0].word_count
    assert spin_score(findings, docs[0]) == (0.0 if one <= 0 else round(1 - math.exp(-weight * 1000 / one / SCALE_PER_1000_WORDS), 3))


def test_a_lone_surrogate_is_read_where_re2_cannot_read_it():
    """re2 reads UTF-8, which cannot hold a lone surrogate (a Python string can): the
    shipped hints and a user's re2 pattern fall back to `regex` with the same matches."""
    import regex

    from checker.config import Settings
    from checker.engine import Engine
    from checker.patterns import RulePattern

    text = "\ud800 near the border , or south .\n"
    found = [(f.rule, text[f.start:f.end]) for f in Engine(Settings(select=["spacing"])).check(
        document.Document.from_text(text))]
    assert ("spacing.before-punctuation", " ,") in found and ("spacing.before-punctuation", " .") in found
    pattern = RulePattern("border", regex.MULTILINE | regex.VERSION0, trusted=False)
    assert pattern.engine == "re2"
    assert [m.span() for m in pattern.finditer(text)] == [(text.index("border"), text.index("border") + 6)]


DIRECTIVE_PIECES = st.sampled_from(["copylint:", "copylint", ":", " disable", "=spacing", "# ", "// ", ".. ", " ", "\t",
                                    "\n", "\r\n", "\r", "x", "Copylint:"])


@settings(max_examples=300, deadline=None)
@given(st.lists(DIRECTIVE_PIECES, max_size=30).map("".join))
def test_directive_lines_are_found_as_by_the_plain_scan(text):
    """Directive lines are looked for only in a text that holds "copylint:": the same
    lines as the line pattern over every text."""
    from checker.suppression import TEXT_DIRECTIVE_LINE, text_comments

    assert text_comments(text) == [(m.start(), m.end(), m.group(1)) for m in TEXT_DIRECTIVE_LINE.finditer(text)]


BREAK_PIECES = st.sampled_from(["\n", "\r\n", "\r", "\n\n", " ", "\t", "x", "- ", "* ", "1. ", "12) ", "# ", "### ",
                                "|", "===", "---", "--", "•", "\u00a0", "\u2028", "\x0c", "y."])


@settings(max_examples=400, deadline=None)
@given(st.lists(BREAK_PIECES, max_size=40).map("".join), st.integers(0, 30), st.integers(0, 120),
       st.booleans())
def test_line_break_patterns_are_the_same_on_a_text_without_cr(text, low, high, whole):
    """A text (or stretch) without CR is searched with the line-break patterns' twins
    that start with "\\n": the same matches as the patterns themselves."""
    if whole:
        low, high = 0, len(text)
    with _twins_on_short_texts():
        for pattern in (document.LINE_BREAK, document.PARAGRAPH_BREAK, document.BLOCK_LINE, document.RULE_LINE):
            chosen = document.lf_only(pattern, text, low, high)
            assert [m.span() for m in chosen.finditer(text, low, high)] == \
                [m.span() for m in pattern.finditer(text, low, high)]
            if "\r" not in text[low:high] and low < high:
                assert chosen is not pattern  # the twin did the work


@contextmanager
def _twins_on_short_texts():
    """The long texts' scans (line-break twins, URL hints apart) on any text."""
    saved = document.LF_TWIN_MIN_CHARACTERS
    document.LF_TWIN_MIN_CHARACTERS = 0
    try:
        yield
    finally:
        document.LF_TWIN_MIN_CHARACTERS = saved


FOLD_PIECES = st.sampled_from(["dzh", "zh", "kh", "tz", "ou", "q", "dh", "iy", "ya", "ye", "a", "b", "bb", "mm", "i",
                               "y", "x", "é", "Zh", "KH"])


@settings(max_examples=300, deadline=None)
@given(st.lists(FOLD_PIECES, min_size=1, max_size=12).map("".join))
def test_name_folds_of_plain_letters_are_the_regular_expressions(name):
    """Rewrites of plain letters run as str.replace: the same key as every rewrite run
    as its regular expression, for the shipped transliterations."""
    import regex

    from checker.kinds.names import _Letters, compile_folds, fold
    from checker.rulepack import builtin_pack_dir, load_packs

    for rule in load_packs([builtin_pack_dir()]):
        folds = rule.params.get("transliterations") if rule.kind == "names" else None
        if not folds:
            continue
        compiled = compile_folds(folds)
        assert any(isinstance(pattern, _Letters) for pattern, _ in compiled)
        plain = [(regex.compile(pattern), replacement) for pattern, replacement in folds]
        assert fold(name, compiled) == fold(name, plain)


def plain_looks_like_code(text: str, block: bool, start: int, end: int) -> bool:
    """words.looks_like_code as it read every line of a paragraph with a code sign."""
    from checker.kinds import words

    if not words._SUSPECT.search(text, start, end):
        return block and text[start:start + 1] in (" ", "\t") and words._all_indented(text, start, end)
    signs = sum(text.count(c, start, end) for c in words._CODE_SIGNS)
    if words._BOX_DRAWING.search(text, start, end):
        return True
    lines = [line for line in (words._stripped(text, a, b) for a, b in words._lines(text, start, end)) if line]
    if any(text[b - 1] == "{" or text[a] == "}" for a, b in lines):
        return True
    if len(lines) > 1 and all(text.startswith(("#", "//"), a, b) for a, b in lines):
        return True
    if block and words._all_indented(text, start, end):
        return True
    visible = end - start - sum(text.count(c, start, end) for c in " \n\t\r")
    return visible > 0 and signs / visible > 0.05


CODE_PIECES = st.sampled_from(["a", "word", " ", "    ", "\t", "\n", "\r\n", "\u2028", "\u00a0", ";", "{", "}", "#",
                               "//", "/", "=", "|", "$", "`", "~", "^", "\\", "\u2500", "x = 1;"])


@settings(max_examples=600, deadline=None)
@given(st.lists(CODE_PIECES, max_size=40).map("".join), st.booleans(), st.integers(0, 6), st.integers(0, 6))
def test_code_paragraphs_are_those_the_plain_reading_finds(text, block, cut_start, cut_end):
    """looks_like_code reads a paragraph's lines only when it holds a brace, a comment
    mark or starts with white space: the same answers as reading them always."""
    from checker.kinds.words import looks_like_code

    start, end = min(cut_start, len(text)), max(min(cut_start, len(text)), len(text) - cut_end)
    assert looks_like_code(text, block, start, end) == plain_looks_like_code(text, block, start, end)


SYNTAX_PIECES = st.sampled_from(["is", "Is", "was", "Were", "be", "Been", "being", "am", "are", "a", "an", "not",
                                 "have", "Had", "has", "all", "nothing", "I", "i", "it", "It", "we", "They", "you",
                                 "she", "walked", "ed", " ", "  ", "\t", "\n", ".", "x", "é", "ß", "Ω", "٣", "_", "1",
                                 "'", "-", "’", "\u00a0", "\ud800", "𝒜", " are a force form.", "Have all go",
                                 "they launched the big invasion started", " was not a condition."])


@settings(max_examples=800, deadline=None)
@given(st.lists(SYNTAX_PIECES, max_size=30).map("".join))
def test_syntax_places_are_those_of_start_on_re(text):
    r"""The places the syntax patterns are tried at, found by google-re2 on the text's
    bytes (offsets mapped back to characters; re2's `\b` is ASCII, each pattern's own
    `\b` rules out a first word after another letter), are those START finds on `re`,
    whose `\b` knows every letter; and so are those of the scan on `re` that stands in
    where google-re2 is not installed."""
    import re

    from checker.garble import syntax

    plain = [(m.start(), m.group(1) or m.group(2) or m.group(3)) for m in re.compile(syntax.START).finditer(text)]
    expected = [(name, found.span()) for at, first in plain for name in syntax.PATTERNS_BY_FIRST[first.lower()]
                if (found := syntax._pattern(name).match(text, at))]
    assert not isinstance(syntax.start_scan(), re.Pattern)  # google-re2 is a dependency
    assert [(name, m.span()) for name, m in syntax._matches(text)] == expected
    saved, syntax.start_scan = syntax.start_scan, lambda: re.compile(syntax.START)
    try:
        assert [(name, m.span()) for name, m in syntax._matches(text)] == expected
    finally:
        syntax.start_scan = saved


@settings(max_examples=600, deadline=None)
@given(st.lists(START_PIECES, max_size=16).map("".join))
def test_garble_pairs_are_those_of_the_pattern_that_backtracks(text):
    """PAIRS with possessive quantifiers finds the same pairs, at the same offsets, as
    the same pattern with greedy ones."""
    import re

    from checker.garble import tokens

    plain = tokens.PAIRS.pattern.replace("?+", "?").replace("}+", "}").replace("]++", "]+")
    assert plain != tokens.PAIRS.pattern and "+)" not in plain
    assert [(m.span(), m.span(1), m.span(2)) for m in tokens.PAIRS.finditer(text)] == \
        [(m.span(), m.span(1), m.span(2)) for m in re.compile(plain).finditer(text)]


SHORT_WORD_PIECES = st.sampled_from(["to", "of", "my", "ox", "The", "An", "an", "sly", "fog", "jam", "old", "house",
                                     "Sly", "Of", " ", "  ", "\n", ".", "é", "-", "’", "for"])


@settings(max_examples=600, deadline=None)
@given(st.lists(SHORT_WORD_PIECES, max_size=16).map("".join))
def test_garble_pairs_and_triples_are_those_of_a_scan_that_takes_two_letter_first_words(text):
    """PAIRS skips a lower-case first word of two letters ("to house"): the detector
    drops such a pair at its first test, and a triple from it at open_triples. The pairs
    judged and the triples chained are those of a scan that takes them."""
    import re

    from checker.garble import collocation, tokens
    from checker.garble.lexicon import load

    wide = re.compile(tokens.PAIRS.pattern.replace(r"(?:[A-Z][a-z]{2,}+|[a-z]{3,}+)", r"[A-Z]?+[a-z]{2,}+"))
    assert wide.pattern != tokens.PAIRS.pattern
    lex = load()

    def judged(pattern):
        saved, tokens.PAIRS = tokens.PAIRS, pattern
        try:
            chained: list = []
            pairs = [(words, m.span(1), m.span(2)) for words, m in collocation.open_pairs(text, lex, chained)]
            return pairs, list(collocation.open_triples(text, lex, chained))
        finally:
            tokens.PAIRS = saved

    assert judged(tokens.PAIRS) == judged(wide)


WORD_PIECES = st.sampled_from(["a", "Bc", "1", "_", " ", "\n", "'", "’", "-", "--", "‘", "“", "é", "œ", "½", "²",
                               "\u0663", "ı", "\ufffc", "\u2060", "\u00a0", "\ud800", "\U0001d400", "\U0001f600",
                               "x-y", "don’t", ".", "\x00"])


@settings(max_examples=600, deadline=None)
@given(st.lists(WORD_PIECES, max_size=80).map("".join))
def test_words_counted_a_byte_a_character_are_the_pattern_s_matches(text):
    """checker/word_count.py counts what `WORD` matches (None: the caller's pattern)."""
    from checker.word_count import count_words, one_byte_each

    encoded = one_byte_each(text)
    count = None if encoded is None else count_words(encoded)
    assert count is None or count == len(document.WORD.findall(text))
    assert document.count_words_of(text, encoded) == len(document.WORD.findall(text))


def test_words_of_a_text_with_many_characters_beyond_ascii_are_counted_by_the_pattern():
    from checker.word_count import count_words, one_byte_each

    text = " ".join(map(chr, range(0x400, 0x500))) + " don’t well-known"
    assert one_byte_each(text) is None
    assert document.count_words_of(text, None) == len(document.WORD.findall(text))
    assert count_words(one_byte_each(" ".join(map(chr, range(0x400, 0x47f))))) == len(document.WORD.findall(" ".join(map(chr, range(0x400, 0x47f)))))


@settings(max_examples=600, deadline=None)
@given(TEXTS, st.integers(0, 60), st.integers(0, 60))
def test_sentence_ends_with_their_white_space_are_the_plain_ends(text, low, high):
    """SENTENCE_END_SPACED: SENTENCE_END's ends as group 1, `end()` past the white space."""
    high = max(low, high)
    plain = [(m.span(), document._skip_space(text, m.end(), min(high, len(text))))
             for m in document.SENTENCE_END.finditer(text, low, high)]
    assert [(m.span(1), m.end()) for m in document.SENTENCE_END_SPACED.finditer(text, low, high)] == plain


def _plain_period_is_abbreviation(text, dot, mark=".", nxt=None):
    """`document._period_is_abbreviation` as it was written before its fast paths."""
    j = dot
    while j > 0 and (text[j - 1].isalpha() or text[j - 1] == "."):
        j -= 1
    word = text[j:dot].lower()
    if not word:
        return dot > 0 and text[dot - 1].isdigit() and dot + 1 < len(text) and text[dot + 1].isdigit()
    if mark != ".":
        return False
    following = text[nxt] if nxt is not None and nxt < len(text) else ""
    if word in document._NUMBER_ABBREVIATIONS:
        return following.isdigit()
    if word in document._FINAL_ABBREVIATIONS:
        return not following.isupper()
    if word in document._ENDING_ABBREVIATIONS or (
            word not in document._ABBREVIATIONS and document._INITIALISM.fullmatch(word)):
        return document._next_word(text, nxt).lower() not in document._SENTENCE_STARTERS
    if word == "i" and text[j - 1:j] == " " and document._previous_word_is_lower(text, j - 1):
        return False
    return word in document._ABBREVIATIONS or len(word) == 1


ABBREVIATION_PIECES = st.sampled_from(["Mr", "mrs", "ST", "No", "no", "etc", "U.S", "u.s.a", "J.K", "e.g", "i", "I",
                                       "said", "it", "Holmes", "é", "İ", "x", "abcdefghijklmnop", "5", "½", ".", ". ",
                                       " ", "\n", "The", "then", "7", "’", "”", "(", "\u00a0", "a.m", "Inc"])


@settings(max_examples=800, deadline=None)
@given(st.lists(ABBREVIATION_PIECES, max_size=16).map("".join), st.sampled_from([".", ".”", ".)"]))
def test_periods_are_abbreviations_as_the_plain_walk_finds(text, mark):
    for dot in [i for i, c in enumerate(text) if c == "."]:
        for nxt in (None, dot + 1, min(dot + 2, len(text))):
            assert document._period_is_abbreviation(text, dot, mark, nxt) == \
                _plain_period_is_abbreviation(text, dot, mark, nxt)


@settings(max_examples=300, deadline=None)
@given(st.lists(st.sampled_from(['"', "“", "”", "‘", "’", "(", ")", "[", "]", "a", " ", "\n", "é"]), max_size=60)
       .map("".join), st.integers(0, 70), st.integers(0, 70))
def test_character_offsets_are_the_class_s_matches(text, start, end):
    for characters in ("\"“”‘’", "()[]{}", "“"):
        pattern = re.compile("[" + re.escape(characters) + "]")
        assert document.char_offsets(text, characters, start, end) == \
            [m.start() for m in pattern.finditer(text, start, end)]


@settings(max_examples=400, deadline=None)
@given(st.lists(st.sampled_from(["a", "word", "don't", "x-y", "x--y", " ", ". ", ", ", "\n", "\n\n", "—", "1", "é",
                                 "_", "’", "½", "\u0663", "\ud800", "Mr. ", "A.", "x_y"]),
                max_size=150).map("".join), st.integers(min_value=0, max_value=12), st.integers(0, 30))
def test_sentences_skipped_by_runs_of_letters_could_not_hold_more_words(text, limit, length):
    """long_sentences(n, w) leaves out only sentences of w words or fewer."""
    words = [(s, len(document.WORD.findall(text, s.start, s.end))) for s in document.Document.from_text(text).sentences]
    kept = document.Document.from_text(text).long_sentences(length, limit)
    assert [s for s in kept if len(document.WORD.findall(text, s.start, s.end)) > limit] == \
        [s for s, n in words if n > limit and s.end - s.start >= length]
    runs = document._RunCounter.of(word_count.one_byte_each(text))
    if runs is not None:
        for s, n in words:
            assert runs.count(s.start, s.end) >= n
