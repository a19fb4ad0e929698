"""A long document is checked a window at a time (checker/windows.py): the findings
must be exactly those of checking it whole (spans, messages, fixes, order), whatever
the text and wherever the windows fall. Windows are made small here so that texts of
a few tens of thousands of characters are cut many times, at paragraph starts and,
in text without blank lines, at sentence starts."""
from __future__ import annotations

import random

import pytest
from hypothesis import given, strategies as st

from checker import document, windows
from checker.document import Document
from checker.engine import Engine
from strategies import FRAGMENTS, TRIGGERS, awkward_text, budget

# our own sentences, with slips for the kinds that weigh the whole document (majority
# styles, a name's spellings, quotation marks and brackets over a paragraph)
SENTENCES = (
    "Mr Smith met Mr. Jones near the border , or so the agency said.",
    "The colour of the organization's logo was not the color of its flag.",
    "Ms Zelenska spoke first; Ms Zelenskaya answered (she was brief.",
    "“We are ready,” said Dr. Okafor. \"Quite ready,\" said Dr Okafor.",
    "The the talks went on until the evening, and the counterfeit consciousness of the press grew.",
    "Visit www.example.org/path. for more, or write to desk@example.com today.",
    "Prices rose in the U.S. The markets fell at 7 p.m. Then they rose again.",
    "He wrote a essay on a hour of an university.",
    "It was — as ever — a long day] for everyone.",
    "The Ukrainian president Zelenskyy and President Zelensky met the press.",
)

PIECE = st.one_of(st.sampled_from(SENTENCES), st.sampled_from(TRIGGERS), st.sampled_from(FRAGMENTS))
# one style early in a text and the other late, so that a window's own majority is
# often not the document's
EARLY = ("Mr. Brown spoke to the colour guard.", "“Yes,” she said.", "Ms Zelenska waved.",
         "The programme ended.", "Dr. Patel (the chair agreed.", "The train left Kiev.")
LATE = ("Mr Brown spoke to the color guard.", '"Yes," she said.', "Ms Zelenskaya waved.",
        "The program ended.", "Dr Patel said so) and left.", "The train reached Kyiv.")


def drifting_text(rnd, pieces: list[str], joints: list[str], length: int) -> str:
    """About `length` characters of `pieces` and styled sentences, the early style
    giving way to the late one along the text (drawn from `rnd`, seeded by Hypothesis:
    a text this long drawn piece by piece would exceed what it generates)."""
    out, size = [], 0
    while size < length:
        late = rnd.random() < size / length
        piece = rnd.choice(LATE if late else EARLY) if rnd.random() < 0.4 else rnd.choice(pieces)
        out.append(piece + rnd.choice(joints))
        size += len(out[-1])
    return "".join(out)


def findings(text: str, fmt: str, window: int | None, monkeypatch) -> list:
    """The engine's findings on `text`, checked whole (window None) or a window of
    `window` characters at a time."""
    with monkeypatch.context() as m:
        m.setattr(windows, "WINDOWED_FROM", 0 if window else 1 << 60)
        if window:
            m.setattr(windows, "WINDOW_CHARACTERS", window)
        found = ENGINE.check(Document.from_text(text, "t", fmt))
    return [(f.rule, f.start, f.end, f.message, f.replacements, f.fix_safe, f.confidence, f.fix_span, f.data)
            for f in found]


ENGINE = Engine()


@budget(12)
@given(st.integers(0, 2**32), st.lists(PIECE, min_size=5, max_size=40),
       st.lists(st.sampled_from([" ", "\n", "\n\n", "  "]), min_size=1, max_size=4),
       st.integers(40_000, 90_000), st.sampled_from(["text", "markdown"]))
@pytest.mark.parametrize("window", [17_000, 23_456])
def test_windowed_findings_are_the_whole_documents(window, seed, pieces, joints, length, fmt):
    monkeypatch = pytest.MonkeyPatch()
    text = drifting_text(random.Random(seed), pieces, joints, length)
    assert findings(text, fmt, window, monkeypatch) == findings(text, fmt, None, monkeypatch)


@budget(10)
@given(st.integers(0, 2**32),
       st.lists(st.one_of(awkward_text(12), st.sampled_from(SENTENCES)), min_size=4, max_size=12),
       st.integers(30_000, 60_000))
def test_windowed_findings_hold_on_awkward_text(seed, parts, length):
    """Every plane, odd separators, lone surrogates, long runs: cut into windows or not,
    the same findings."""
    monkeypatch = pytest.MonkeyPatch()
    text = drifting_text(random.Random(seed), [p for p in parts if p] or ["x"], [" "], length)
    assert findings(text, "text", 17_000, monkeypatch) == findings(text, "text", None, monkeypatch)


def test_a_line_without_breaks_is_cut_at_sentence_starts():
    text = " ".join(SENTENCES) * 400  # one line, one paragraph
    doc = Document.from_text(text)
    cuts = windows.spans(doc, 20_000)
    assert len(cuts) > 10 and cuts[0][0] == 0 and cuts[-1][1] == len(text)
    assert all(a < b for a, b in cuts) and all(x[1] == y[0] for x, y in zip(cuts, cuts[1:]))
    starts = {s.start for s in doc.sentences}
    assert all(a in starts for a, _ in cuts[1:])


def test_paragraphs_are_preferred_to_sentences():
    text = "\n\n".join(SENTENCES) * 300
    doc = Document.from_text(text)
    cuts = windows.spans(doc, 20_000)
    assert len(cuts) > 5
    assert all(text[a - 2:a] == "\n\n" for a, _ in cuts[1:])


def test_one_sentence_longer_than_a_window_is_one_window():
    text = "word " * 30_000
    assert windows.spans(Document.from_text(text), 20_000) == [(0, len(text))]


def test_words_counted_by_window_are_the_words_of_the_whole(monkeypatch):
    text = " ".join(SENTENCES) * 500
    monkeypatch.setattr(windows, "WINDOWED_FROM", 0)
    monkeypatch.setattr(windows, "WINDOW_CHARACTERS", 20_000)
    assert Document.from_text(text).word_count == sum(1 for _ in Document.from_text(text).words())


@budget(200)
@given(st.text(st.sampled_from("ab c\n“.:/w@"), max_size=80),
       st.lists(st.tuples(st.integers(0, 80), st.integers(0, 8)), max_size=6))
def test_prose_built_in_pieces_is_the_prose_joined(text, spans):
    """A long text's prose is built by appending pieces: the same string as joining."""
    masks = sorted({(a, min(a + n, len(text))) for a, n in spans if a < len(text)})
    merged = document._merge(masks)
    plain = Document(text=text, masks=merged).prose
    monkeypatch = pytest.MonkeyPatch()
    with monkeypatch.context() as m:
        m.setattr(document, "JOIN_PIECE_CHARACTERS", 3)
        assert Document(text=text, masks=merged).prose == plain


def test_a_bracket_closed_in_a_later_window_of_its_paragraph(monkeypatch):
    """Brackets pair over a whole paragraph: one opened before a cut and closed after
    it is no finding, though no window holds both."""
    filler = "The council met again and the minutes were read aloud to everyone present. " * 600
    text = "It began (as the clerk wrote. " + filler + "It ended) at noon. " + filler + "A (loose one."
    windowed = findings(text, "text", 17_000, monkeypatch)
    assert windowed == findings(text, "text", None, monkeypatch)
    assert [(rule, text[start]) for rule, start, *_ in windowed if rule.startswith("punctuation")] == \
        [("punctuation.unbalanced-brackets", "(")]
    assert len(windows.spans(Document.from_text(text), 17_000)) > 3


def test_a_user_pattern_stopped_in_several_windows_is_reported_once(write, monkeypatch):
    """A backtracking user pattern runs out of its budget in each window that holds a
    hard line: the run is incomplete (exit 2) and the rule is named once."""
    from conftest import cli
    from test_pattern_limits import RUNAWAY

    monkeypatch.setattr(windows, "WINDOWED_FROM", 0)
    monkeypatch.setattr(windows, "WINDOW_CHARACTERS", 17_000)
    pack = write("runaway.yml", RUNAWAY.format(kind="pattern", field=r"pattern: '(a|aa)+\1$'"))
    paragraph = "a" * 60 + "b\n\n" + "The minutes were read aloud to everyone present. " * 200 + "\n\n"
    target = write("a.txt", paragraph * 3 + "Near the border , or so.\n")
    assert len(windows.spans(Document.from_text(target.read_text()), 17_000)) >= 2
    result = cli("lint", "--rules", str(pack), str(target))
    assert result.exit_code == 2
    assert len([line for line in result.stderr.splitlines() if "user.runaway" in line]) == 1
    assert "spacing.before-punctuation" in result.stdout
