"""A long file with no line break (a scraped page, a minified export) is checked in
full: every finding of every copy of its text, exit status 1, nothing stopped. The
text here is about 2 MB, a tenth of the 20 MB that bench/run.py times; what it shows
does not depend on the machine, since no shipped rule runs under a time limit."""
from __future__ import annotations

import pytest

from conftest import cli_process

# one paragraph, in our own words, with one slip for each local rule
UNIT = ("The delegates met near the border , or so the agency said. The two  envoys "
        "spoke ( the capital was quiet) and left the service.The hospital stayed open, "
        "and and the talks went on until the evening. ")
LOCAL = ("spacing.", "repetition.")


def local_findings(path) -> tuple[int, list[tuple[str, int, int, str]]]:
    result = cli_process("lint", "--format", "json", str(path), timeout=600)
    found = [(f["rule"], f["start"], f["end"], f["replacements"][0] if f["replacements"] else None)
             for f in result.json()["files"][0]["findings"] if f["rule"].startswith(LOCAL)]
    assert "stopped" not in result.stderr and "warning:" not in result.stderr, result.stderr
    return result.exit_code, found


def test_a_two_megabyte_line_is_checked_in_full(tmp_path):
    copies = 2_000_000 // len(UNIT)
    small, big = tmp_path / "three.txt", tmp_path / "long.txt"
    small.write_text(UNIT * 3 + "\n", encoding="utf-8")
    big.write_text(UNIT * copies + "\n", encoding="utf-8")
    _, three = local_findings(small)
    per_copy = [[(r, s - k * len(UNIT), e - k * len(UNIT), x) for r, s, e, x in three
                 if k * len(UNIT) <= s < (k + 1) * len(UNIT)] for k in range(3)]
    assert [r for r, *_ in per_copy[1]] == ["spacing.before-punctuation", "spacing.repeated-space",
                                            "spacing.inside-brackets", "spacing.after-punctuation",
                                            "repetition.doubled-word"]
    expected = []
    for k in range(copies):
        pattern = per_copy[0] if k == 0 else per_copy[2] if k == copies - 1 else per_copy[1]
        expected += [(r, s + k * len(UNIT), e + k * len(UNIT), x) for r, s, e, x in pattern]
    exit_code, found = local_findings(big)
    assert exit_code == 1
    assert len(found) == 5 * copies
    assert found == expected


# -- memory ------------------------------------------------------------------------------
PROSE = ("The committee met on a grey morning; its chair said “the budget is settled” and asked "
         "for questions. Nobody spoke for a while, then the treasurer read the figures again. ")


@pytest.mark.parametrize("size, bound", [(4_000_000, 7.0), (5_000_000, 2.0)])
def test_memory_per_input_megabyte_on_a_long_line(size, bound):
    """What the checks allocate on a long line (curly quotes: Python holds it at two bytes
    a character), the lexicon and caches loaded beforehand. 4 MB is checked whole: at
    most 7 MB per input MB (it was 8.6 before the quotes and spelling kinds stopped
    copying the whole line; the text itself is 2). 5 MB is checked a window at a time
    (checker/windows.py): at most 2 (1.4 measured; it was 3 while the prose was built whole
    for the kinds that weigh the whole document, which now gather a window at a time). tracemalloc counts Python's allocations only (not the
    lexicon's memory map): a bound with slack on what grows with the input, not the
    process's RSS."""
    import tracemalloc

    from checker import windows
    from checker.document import Document
    from checker.engine import Engine

    engine = Engine()
    # both quotation styles, so the quotes kind scans the whole line
    engine.check(Document.from_text(PROSE * 3000 + 'He said "done".', "warm-up"))
    text = PROSE * (size // len(PROSE)) + 'He said "done".'
    assert (len(text) >= windows.WINDOWED_FROM) == (size > 4_500_000)
    megabytes = len(text.encode("utf-8")) / 1e6
    tracemalloc.start()
    try:
        base = tracemalloc.get_traced_memory()[0]
        found = engine.check(Document.from_text(text, "long"))
        peak = tracemalloc.get_traced_memory()[1] - base
    finally:
        tracemalloc.stop()
    tail = len(text) - len('He said "done".')
    assert [(f.rule, f.start - tail, f.fix) for f in found] == [("consistency.quotes", 8, "“"),
                                                                ("consistency.quotes", 13, "”")]
    assert peak / 1e6 / megabytes <= bound, f"{peak / 1e6 / megabytes:.1f} MB per input MB"


# -- code-like paragraphs read in place ----------------------------------------------------
from hypothesis import given, strategies as st  # noqa: E402

from checker.kinds import words  # noqa: E402
from strategies import budget  # noqa: E402

PIECES = st.sampled_from([" ", "\t", "\n", "\r", "\r\n", "\x0b", "\x0c", "\x1c", "\x85", "\u2028", "\u00a0",
                          "{", "}", "#", "//", "=", ";", "$", "|", "\u2502", "a", "word", "    "])
SNIPPETS = st.lists(PIECES, max_size=14).map("".join)


@budget(400)
@given(SNIPPETS, SNIPPETS, SNIPPETS, st.booleans())
def test_code_test_in_place_is_the_test_on_a_copy(before, text, after, block):
    whole = before + text + after
    assert words.looks_like_code(whole, block, len(before), len(before) + len(text)) == \
        words.looks_like_code(text, block)
    assert [text[a:b] for a, b in words._lines(text, 0, len(text))] == text.splitlines()
    for a, b in words._lines(whole, len(before), len(before) + len(text)):
        span = words._stripped(whole, a, b)
        assert (whole[span[0]:span[1]] if span else "") == whole[a:b].strip()
