"""A long file with no line break (a scraped page, a minified export) is checked in
full: every finding of every copy of its text, exit status 1, nothing stopped. The
text here is about 2 MB, a tenth of the 20 MB that bench/run.py times; what it shows
does not depend on the machine, since no shipped rule runs under a time limit."""
from __future__ import annotations

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
