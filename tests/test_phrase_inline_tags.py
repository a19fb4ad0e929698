"""Phrase rules read across inline tags (`<em>prime</em> clergyman`) in HTML and
Markdown, as a browser shows the words, and their fixes never edit a tag: a fix
rewrites only the words that change, or is not offered when those words run through
a tag."""
from __future__ import annotations

import re

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from conftest import cli

PACK = """\
pack: spun
rules:
  - id: spun.phrase
    kind: phrase
    severity: warning
    description: Phrases a spinner left.
    message: "“{phrase}”: write “{replacement}”."
    fix_safe: true
    phrases:
      prime clergyman: prime minister
      counterfeit consciousness: artificial intelligence
    examples:
      bad: ["The prime clergyman spoke."]
      good: ["The prime minister spoke."]
"""


@pytest.fixture
def pack(write):
    return str(write("spun.yml", PACK))


def lint(path, pack):
    result = cli("lint", "--rules", pack, "--select", "spun", "--format", "json", str(path))
    text = path.read_text(encoding="utf-8")
    return [(text[f["start"]:f["end"]], f["replacements"], text[f["fix_start"]:f["fix_end"]], f["message"])
            for f in result.json()["files"][0]["findings"]]


@pytest.mark.parametrize("name", ["page.html", "page.md"])
def test_a_phrase_is_found_across_an_inline_tag_and_fixed_around_it(write, pack, name):
    path = write(name, "The <em>prime</em> clergyman spoke. The prime <b>clergyman</b> left.\n")
    assert lint(path, pack) == [
        ("prime</em> clergyman", ["minister"], "clergyman", "“prime clergyman”: write “prime minister”."),
        ("prime <b>clergyman", ["minister"], "clergyman", "“prime clergyman”: write “prime minister”."),
    ]
    result = cli("fix", "--rules", pack, "--select", "spun", str(path))
    assert result.exit_code == 0, result
    assert path.read_text(encoding="utf-8") == ("The <em>prime</em> minister spoke. "
                                                "The prime <b>minister</b> left.\n")


def test_a_tag_inside_a_word_or_a_line_wrap_is_read_through(write, pack):
    path = write("page.html", "<p>pri<b>me</b> clergyman; <em>Prime</em>\n<strong>Clergyman</strong>.</p>\n")
    assert [(span, fixes, edit) for span, fixes, edit, _ in lint(path, pack)] == [
        ("pri<b>me</b> clergyman", ["minister"], "clergyman"),
        ("Prime</em>\n<strong>Clergyman", ["minister"], "Clergyman"),
    ]


def test_tags_around_the_phrase_stay_out_of_its_span(write, pack):
    path = write("page.html", "<p><i>The prime clergyman</i> <a href='x'>prime clergyman</a></p>\n")
    assert [(span, fixes, edit) for span, fixes, edit, _ in lint(path, pack)] == [
        ("prime clergyman", ["prime minister"], "prime clergyman"),
        ("prime clergyman", ["prime minister"], "prime clergyman"),
    ]


def test_when_every_word_changes_the_finding_has_no_fix_and_fix_leaves_the_file(write, pack):
    text = "<p>A <a href='x'>counterfeit</a> consciousness.</p>\n"
    path = write("page.html", text)
    assert lint(path, pack) == [("counterfeit</a> consciousness", [], "counterfeit</a> consciousness",
                                 "“counterfeit consciousness”: write “artificial intelligence”.")]
    result = cli("fix", "--unsafe-fixes", "--rules", pack, "--select", "spun", str(path))
    assert result.exit_code == 1
    assert path.read_text(encoding="utf-8") == text


@pytest.mark.parametrize("text", [
    "<p>The prime <code>x</code> clergyman.</p>",  # code hides words: not a gap
    "<p>The prime</p><p>clergyman.</p>",  # a block break
    "<p>The prime <img src='x.png'> clergyman.</p>",  # an image shows something
    "<p>The x<em>prime</em> clergyman.</p>",  # reads "xprime"
    "<p>The prime<em>clergyman</em>.</p>",  # reads "primeclergyman"
    "<p>The prime <!-- note --> clergyman.</p>",  # a comment is not a tag
])
def test_what_is_not_an_inline_tag_between_words_still_keeps_phrases_apart(write, pack, text):
    path = write("page.html", text + "\n")
    assert lint(path, pack) == []


def test_markdown_code_and_links_are_not_gaps(write, pack):
    path = write("page.md", "The prime `x` clergyman. The prime [x](http://x.io) clergyman.\n")
    assert lint(path, pack) == []


TAG = re.compile(r"<[^>]*>")
# words of built-in phrase rules (usage.eggcorn), with tags before and after them
PHRASES = ["case and point", "Case and point", "tow the line", "for all intensive purposes", "free reign"]
WORDS = ["case", "and", "in", "point", "the", "line", "x"]
OPEN = ["", "", "<em>", "</em>", "<b>", "</b>", "<a href='x'>", "</a>", "<code>", "<!--c-->", "<img src=x>"]
CLOSE = ["", "", "</em>", "<em>", "</b>", "</a>", "</code>", "<br>"]
WORD = st.builds(lambda a, w, b: a + w + b, st.sampled_from(OPEN), st.sampled_from(WORDS), st.sampled_from(CLOSE))
BETWEEN = st.sampled_from([" ", " ", "  ", "\n", "\r\n", " <i>", "</i> ", "", ",", "&amp;", "</p><p>", "`"])
SPACE = st.sampled_from([" ", " ", " ", "  ", "\n", "\r\n", "", ",", "</p><p>"])


@st.composite
def tagged_phrase(draw):
    """A phrase of a built-in rule with tags drawn around and inside its words."""
    out = []
    for word in draw(st.sampled_from(PHRASES)).split():
        cut = draw(st.integers(0, len(word)))
        inside = draw(st.sampled_from(["", "", "<b>", "</b>", "<em>", "<code>"]))
        out.append(draw(st.sampled_from(OPEN)) + word[:cut] + inside + word[cut:] + draw(st.sampled_from(CLOSE)))
        out.append(draw(SPACE))
    return "".join(out)


@settings(max_examples=200, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(st.lists(st.one_of(tagged_phrase(), WORD, BETWEEN), max_size=12), st.sampled_from(["html", "markdown"]))
def test_no_finding_or_fix_ever_cuts_or_edits_a_tag(pieces, fmt):
    from fuzz import fixed_keeping_inline_tags

    text = "".join(pieces)
    fixed = fixed_keeping_inline_tags(text, "x", fmt)
    assert TAG.findall(fixed) == TAG.findall(text)
