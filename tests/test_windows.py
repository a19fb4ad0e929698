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


# -- kinds that weigh the whole document, gathered a window at a time ---------------------
FILLER = "The council met again and the minutes were read aloud to everyone present. " * 600


@pytest.mark.parametrize("rule, early, late, flagged, fix", [
    ("consistency.honorific", "Mr. Brown spoke to the guard.", "Mr Brown left early.", "Mr", "Mr."),
    ("consistency.place-name", "The train left Kyiv on time.", "The train reached Kiev at noon.", "Kiev", "Kyiv"),
    ("consistency.name", "They said Zelensky spoke.", "They said Zelenskyy spoke.", "Zelenskyy", "Zelensky"),
    ("consistency.spelling", "The colour was bright.", "The color was dull.", "color", "colour"),
    ("consistency.quotes", "“Yes,” she said.", '"No," he said.', '"', "“"),
])
@pytest.mark.parametrize("one_line", [True, False])
def test_a_majority_over_windows_far_apart(rule, early, late, flagged, fix, one_line, monkeypatch):
    """The style three early sentences set, in the first window, decides the finding on
    one late sentence windows away (and the early ones are not flagged): the same as
    checking the document whole."""
    joint = " " if one_line else "\n\n"
    text = joint.join([early, FILLER, early, FILLER, early, FILLER, late, "The end."])
    windowed = findings(text, "text", 17_000, monkeypatch)
    assert windowed == findings(text, "text", None, monkeypatch)
    assert len(windows.spans(Document.from_text(text), 17_000)) > 6
    late_at = text.index(late)
    got = [(start, text[start:end], fixes) for r, start, end, _, fixes, *_ in windowed if r == rule]
    assert got and all(start >= late_at for start, _, _ in got)
    assert got[0][1:] == (flagged, (fix,))


def test_a_quotation_left_open_is_found_windows_later_on_one_line(monkeypatch):
    """A line with no breaks is one paragraph: a quotation opened in the first window
    and never closed is flagged at its opening mark; one closed windows later is not."""
    text = "It began “as the clerk wrote. " + FILLER + "It ended” at noon. " + FILLER + "A “loose one. " + FILLER
    windowed = findings(text, "text", 17_000, monkeypatch)
    assert windowed == findings(text, "text", None, monkeypatch)
    assert [(text[start], start) for rule, start, *_ in windowed if rule == "punctuation.unbalanced-quotes"] == \
        [("“", text.index("A “") + 2)]


def test_a_paragraph_of_code_longer_than_a_window_is_skipped_whole(monkeypatch):
    """Whether a paragraph looks like code is decided over all of it: a one-line
    paragraph whose signs (= ;) are spread over several windows is code, so its straight
    quotes neither count (they would be the majority) nor are flagged, windowed or not."""
    code = 'Set x = 1; y = 2; z = 3. Then "label" = 4. ' * 1_500  # one paragraph, ~64,000 characters
    prose = "“Yes,” she said. " * 3 + '"No," he said. ' + FILLER
    text = code + "\n\n" + prose
    windowed = findings(text, "text", 17_000, monkeypatch)
    assert windowed == findings(text, "text", None, monkeypatch)
    assert len(windows.spans(Document.from_text(text), 17_000)) > 3
    quotes = [start for rule, start, *_ in windowed if rule == "consistency.quotes"]
    assert quotes == [text.index('"No,"'), text.index('"No,"') + 4]


# -- the paragraph table, fed a piece at a time ------------------------------------------
from checker.kinds.words import code_line_spans, looks_like_code, prose_paragraphs  # noqa: E402
from checker.paragraph_table import NEXT_OPENS, PROSE, CodeTally, ParagraphTable  # noqa: E402

TABLE_PIECES = st.sampled_from([" ", "\t", "\n", "\n\n", "\r", "\r\n", "\x0b", "\x0c", "\x85", "\u2028", "\u00a0",
                                "{", "}", "#", "//", "=", ";", "$", "|", "\u2502", "a", "word", "    ", "“Quote",
                                '"', "‘", "Hello there. ", "x = 1;", "\n    code\n", "\n\n  \n"])
TABLE_TEXT = st.lists(TABLE_PIECES, max_size=40).map("".join)


@budget(400)
@given(TABLE_TEXT, st.lists(st.integers(0, 400), max_size=5), st.booleans())
def test_code_tally_fed_in_pieces_is_the_code_test(text, cuts, block):
    tally, at = CodeTally(), 0
    for cut in sorted({c for c in cuts if c <= len(text)}) + [len(text)]:
        tally.feed(text, at, cut)
        at = cut
    assert tally.looks_like_code(block) == looks_like_code(text, block)


@budget(400)
@given(TABLE_TEXT, st.lists(st.integers(0, 400), max_size=4))
def test_paragraph_table_read_in_stretches_is_the_documents(text, picks):
    """Stretches start where a word starts after white space, as windows start at a
    paragraph's or a sentence's first character."""
    doc = Document.from_text(text)
    prose = doc.prose
    starts = [i for i in range(1, len(prose)) if not prose[i].isspace() and prose[i - 1].isspace()]
    cuts = sorted({starts[p % len(starts)] for p in picks}) if starts else []
    table, at = ParagraphTable(), 0
    for cut in cuts + [len(prose)]:
        table.feed(prose, at, cut, 0)
        at = cut
    table.finish()
    paragraphs = doc.paragraphs
    assert list(zip(table.starts, table.ends)) == [(p.start, p.end) for p in paragraphs]
    kept = prose_paragraphs(doc)
    assert [k for k in range(len(paragraphs)) if table.flags[k] & PROSE] == [paragraphs.index(p) for p in kept]
    assert table.code_lines == sorted(span for p in kept for span in code_line_spans(prose, p.start, p.end))
    for k, p in enumerate(kept):
        head = prose[kept[k + 1].start:kept[k + 1].start + 3].lstrip() if k + 1 < len(kept) else ""
        assert bool(table.flags[paragraphs.index(p)] & NEXT_OPENS) == (head[:1] in ("“", '"', "‘"))


@budget(200)
@given(st.text(st.sampled_from("ab c\n“.:/w@<>&;#"), max_size=80), st.integers(0, 90), st.integers(0, 90),
       st.sampled_from(["text", "html", "markdown"]))
def test_prose_between_is_a_slice_of_the_prose(text, start, end, fmt):
    whole = Document.from_text(text, "t", fmt)
    assert Document.from_text(text, "t", fmt).prose_between(start, end) == whole.prose[start:end]


@budget(400)
@given(TABLE_TEXT)
def test_paragraph_table_of_the_paragraphs_is_the_fed_table(text):
    """`of_paragraphs`, the whole document's table from its paragraphs, is `feed`'s."""
    from checker.paragraph_table import of_paragraphs

    doc = Document.from_text(text)
    fed = ParagraphTable()
    fed.feed(doc.prose, 0, len(doc.prose), 0)
    fed.finish()
    fast = of_paragraphs(doc.prose, doc.paragraphs)
    assert (fast.starts, fast.ends, fast.flags, fast.code_lines) == (fed.starts, fed.ends, fed.flags, fed.code_lines)


def _plain_looks_like_code(text, block=True, start=0, end=None):
    """`looks_like_code` as written before its one scan of the code characters."""
    from checker.kinds import words

    end = len(text) if end is None else end
    if not words._SUSPECT.search(text, start, end):
        return block and text[start:start + 1] in (" ", "\t") and words._all_indented(text, start, end)
    signs = sum(text.count(c, start, end) for c in words._CODE_SIGNS)
    if words._BOX_DRAWING.search(text, start, end):
        return True
    if words._BRACE_OR_COMMENT.search(text, start, end) and words._brace_or_comment_lines(text, start, end):
        return True
    if block and text[start:start + 1].isspace() and words._all_indented(text, start, end):
        return True
    visible = end - start - sum(text.count(c, start, end) for c in " \n\t\r")
    return visible > 0 and signs / visible > 0.05


@budget(600)
@given(TABLE_TEXT, st.integers(0, 50), st.integers(0, 400), st.booleans())
def test_the_code_test_in_one_scan_is_the_plain_code_test(text, start, end, block):
    end = min(max(start, end), len(text))
    assert looks_like_code(text, block, start, end) == _plain_looks_like_code(text, block, start, end)


# -- a local check that looks farther than the windows' usual context ----------------------
class _Pairs:
    """A local check that flags each "Zorp" with another "Zorp" within `reach`
    characters of it (as the deep garble tier backs a finding by sure ones far away)."""
    scope = "local"

    def __init__(self, reach: int, declared: bool = True):
        self.reach = reach
        if declared:
            self.context_characters = reach

    def check(self, doc):
        from checker.finding import Finding

        at = [k for k in range(len(doc.prose)) if doc.prose.startswith("Zorp", k)]
        for k in at:
            if any(j != k and abs(j - k) <= self.reach for j in at):
                yield Finding(rule="pairs", severity="warning", start=k, end=k + 4, message="paired")


@budget(10)
@given(st.lists(st.integers(0, 60), min_size=2, max_size=12), st.integers(0, 2**32))
def test_a_check_that_looks_far_sees_as_far_in_every_window(gaps, seed):
    reach = windows.CONTEXT_CHARACTERS * 3
    rnd = random.Random(seed)
    parts = []
    for gap in gaps:  # gaps of whole paragraphs, up to twice the reach between two marks
        parts.append(" ".join(rnd.choice(SENTENCES) for _ in range(gap * 3)))
        parts.append("Zorp went home.")
    doc_text = "\n\n".join(p for p in parts if p)
    whole = list(_Pairs(reach).check(Document.from_text(doc_text)))
    cut = windows.windowed(Document.from_text(doc_text), [_Pairs(reach)], size=17_000)
    assert [(f.start, f.end) for f in cut] == [(f.start, f.end) for f in whole]


def test_without_saying_how_far_it_looks_a_check_loses_pairs_across_a_cut():
    reach = windows.CONTEXT_CHARACTERS * 3
    gap = "\n\n".join(" ".join(SENTENCES) for _ in range(2))  # about 1,300 characters a copy
    text = "\n\n".join([gap * 9, "Zorp went home.", gap * 5, "Zorp came back.", gap * 30])
    first, second = text.index("Zorp went"), text.index("Zorp came")
    # a cut falls between the two, which are further apart than the usual context
    assert first < windows.spans(Document.from_text(text), 17_000)[0][1] < second
    assert windows.CONTEXT_CHARACTERS < second - first < reach
    whole = [(f.start, f.end) for f in _Pairs(reach).check(Document.from_text(text))]
    assert len(whole) == 2
    assert [(f.start, f.end) for f in windows.windowed(Document.from_text(text), [_Pairs(reach)], 17_000)] == whole
    blind = windows.windowed(Document.from_text(text), [_Pairs(reach, declared=False)], 17_000)
    assert len(blind) < 2
