"""Hypothesis strategies for text nobody has looked at: every Unicode plane, combining
marks, bidi controls, zero-width characters, lone surrogates, NUL, very long lines,
mixed line endings, no final newline, and the fragments copylint's rules look for
(titles, URLs, markup, punctuation after spaces), so that rules actually fire."""
from __future__ import annotations

import os

from hypothesis import HealthCheck, settings
from hypothesis import strategies as st

# CI runs a short, fixed-seed pass; FUZZ_EXAMPLES=100000 (and FUZZ_RANDOM=1 for new
# seeds each run) makes the same tests a long fuzzing session (docs/reliability.md).
EXAMPLES_SCALE = int(os.environ.get("FUZZ_EXAMPLES", "0"))
RANDOM = os.environ.get("FUZZ_RANDOM") == "1"


def budget(examples: int):
    """Hypothesis settings: `examples` in CI (derandomized: the same inputs every run),
    or FUZZ_EXAMPLES when that is set."""
    return settings(
        max_examples=EXAMPLES_SCALE or examples,
        derandomize=not RANDOM,
        deadline=None,
        database=None if not RANDOM else settings.default.database,
        suppress_health_check=[HealthCheck.too_slow, HealthCheck.data_too_large,
                               HealthCheck.filter_too_much, HealthCheck.large_base_example],
    )

# Characters that break naive text handling.
AWKWARD = (
    "\x00", "\t", "\v", "\f", "\x1c", "\x85", "\u2028", "\u2029",  # NUL and odd separators
    "\u0301", "\u0308", "\u20dd", "\u0e31",  # combining marks
    "\u200e", "\u200f", "\u202a", "\u202b", "\u202c", "\u202d", "\u202e", "\u2066", "\u2069",  # bidi
    "\u200b", "\u200c", "\u200d", "\u2060", "\ufeff",  # zero-width
    "\u00a0", "\u3000", "\u1680",  # other spaces
    "\ud800", "\udfff",  # lone surrogates (a Python str may hold them)
    "\ufffc", "\ufffd",  # the mask character itself, the replacement character
    "İ", "ß", "ŉ", "ǅ", "Σ", "ﬃ",  # case mappings that change length or depend on context
    "😀", "𝔘", "\U000e0001", "\U0010fffd",  # astral planes, tags, private use
    "…", "“", "”", "’", "'", '"',
)
LINE_ENDS = ("\n", "\r\n", "\r")
# Pieces of text that make the built-in rules fire, in any combination.
FRAGMENTS = (
    "Mr", "Mr.", "Mr,", "Dr", "Dr.", "Mrs ", " Smith", " smith", " Putin", "\u00a0Lee",
    " , ", " .", ". ", ".", "..", "...", "?", "!", ",", ";", ":", "( ", " )", "(", ")", "[", "]",
    "  ", " \t", "word", "the the", "free reign", "Free\nReign", "FOR ALL INTENSIVE PURPOSES",
    "alot", "a.b.c", "e.g. ", "U.S. ", "J.R.R. ", "3.5", "1,000",
    "http://example.com/a?b=c.", "www.x.org", "foo.com", "a@b.co", "mail@",
    "Leave a Reply", "Your email address will not be published.", "Credit…Jane Roe/Agency",
    "Advertisement", "Share this article", "Photo: A/B",
    "`code`", "```", "~~~", "<a href='x'>", "</p>", "<!--", "-->", "<script>", "](x)",
    "# Heading", "- item", "1. ", "service.The", "arms,ammunition",
    "*", "**", "_", "__", "~~", "\\*", "* ",  # Markdown emphasis markers, paired or not
)
# Whole phrases and lines each built-in rule kind fires on.
TRIGGERS = (
    "Mr Smith met Mr. Jones", "Dr. Lee", "Dr Lee", "Mr, Wickham", "Mrs\nBrown", "St. Paul",
    "near the border , or", "the south .", "Why ?", "( the capital )", "two  men",
    "\nLeave a Reply\n", "\r\nAdvertisement\r\n", "\rShare this article\r", "\nCredit…A/B\n",
    "free reign", "for all intensive\r\npurposes", "Sneak Peak", "the service.The end",
)


def unicode_chars():
    """Any code point Python can hold, surrogates included."""
    return st.one_of(st.characters(codec=None), st.characters(categories=["Cs"]))


def awkward_text(max_pieces: int = 40):
    """Strings mixing rule-triggering fragments, awkward characters, arbitrary code
    points and all three line endings, with or without a final line break."""
    piece = st.one_of(
        st.sampled_from(TRIGGERS),
        st.sampled_from(FRAGMENTS),
        st.sampled_from(FRAGMENTS),
        st.sampled_from(AWKWARD),
        st.sampled_from(LINE_ENDS),
        st.text(unicode_chars(), max_size=6),
        # a long run: a very long line, word or run of one character
        st.builds(lambda s, n: s * n, st.sampled_from(("a", " ", ".", "Mr ", "x.", "(", "-", "é")),
                  st.integers(50, 3000)),
    )
    return st.lists(piece, max_size=max_pieces).map("".join)
