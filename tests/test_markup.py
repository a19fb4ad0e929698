"""Markdown and HTML: prose is checked, markup and code are not, and every reported
position points into the file as it is on disk."""
from __future__ import annotations

import json

import pytest

from conftest import cli

PHRASE_PACK = """pack: test-phrases
rules:
  - id: test.tortured
    kind: phrase
    severity: error
    description: A tortured phrase.
    message: "“{phrase}” reads like a spun “{replacement}”."
    fix_safe: true
    phrases:
      counterfeit consciousness: artificial intelligence
      don't stop: keep going
      AT&T merger: the merger
    examples: {bad: ["counterfeit consciousness"], good: ["artificial intelligence"]}
"""


@pytest.fixture
def phrases(write):
    return str(write("packs/phrases.yml", PHRASE_PACK))


def findings(result):
    """(rule, text at the span, replacement) read back from the file via JSON offsets."""
    report = result.json()
    out = []
    for entry in report["files"]:
        with open(entry["path"], encoding="utf-8", newline="") as handle:
            text = handle.read()
        for f in entry["findings"]:
            out.append((f["rule"], text[f["start"]:f["end"]], f["replacements"][:1]))
    return out


MARKDOWN = """---
title: Front  matter , not prose
tags: [a , b]
---

# A heading with two  spaces ##

Text with `code  , here` and a [link  text](http://example.com/a  "title , x") here,
and <span class="a  , b">inline  html</span> and <https://example.org/a,b>.

```text
fenced  , block
```

    indented  , block

> Quoted text , with a
> counterfeit
> consciousness in the wrap.

- A list item , here
- with a counterfeit
  consciousness across its wrap.

| Column  one | Column two |
|-------------|------------|
| cell , text | other      |

<div>
An html  block , here <code>code  , x</code>
</div>

[ref]: http://example.com/ref  "title , y"

Entities: AT&amp;T merger and don&#39;t stop.
"""


def test_markdown_checks_prose_only(write, phrases):
    path = write("page.md", MARKDOWN)
    result = cli("lint", "--rules", phrases, "--format", "json", str(path))
    assert findings(result) == [
        ("spacing.repeated-space", "  ", [" "]),  # the heading
        ("spacing.repeated-space", "  ", [" "]),  # link text is prose
        ("spacing.repeated-space", "  ", [" "]),  # text inside inline html tags
        ("spacing.before-punctuation", " ,", [","]),  # quote
        ("test.tortured", "counterfeit\n> consciousness", ["artificial intelligence"]),
        ("spacing.before-punctuation", " ,", [","]),  # list item
        ("test.tortured", "counterfeit\n  consciousness", ["artificial intelligence"]),
        ("spacing.repeated-space", "  ", [" "]),  # table cell
        ("spacing.before-punctuation", " ,", [","]),  # table cell
        ("spacing.repeated-space", "  ", [" "]),  # text of the html block
        ("spacing.before-punctuation", " ,", [","]),
        ("test.tortured", "AT&amp;T merger", ["The merger"]),
        ("test.tortured", "don&#39;t stop", ["keep going"]),
    ]
    lines = [f["line"] for f in result.json()["files"][0]["findings"]]
    assert lines == [6, 8, 9, 17, 18, 21, 22, 25, 27, 30, 30, 35, 35]


def test_markdown_positions_survive_crlf_and_tabs(write):
    text = "# Title\r\n\r\nSome `co  de` and two  spaces.\r\n\r\n\tcode  , block\r\n"
    path = write("page.md", text)
    result = cli("lint", "--format", "json", str(path))
    (f,) = result.json()["files"][0]["findings"]
    assert (f["rule"], f["line"], f["column"]) == ("spacing.repeated-space", 3, 22)
    assert text[f["start"]:f["end"]] == "  "


def test_markdown_phrase_across_a_plain_line_wrap(write, phrases):
    path = write("page.md", "It was a counterfeit\nconsciousness, they said.\n")
    result = cli("lint", "--rules", phrases, "--select", "test", str(path))
    assert result.stdout == (f"{path}:1:10: error test.tortured “counterfeit\nconsciousness” reads like a spun "
                             "“artificial intelligence”. -> \"artificial intelligence\"\n").replace("\nconsc", " consc")


def test_markdown_phrase_does_not_cross_code_or_blocks(write, phrases):
    path = write("page.md", "A counterfeit `consciousness` here.\n\n- counterfeit\n- consciousness\n")
    assert cli("lint", "--rules", phrases, str(path)).stdout == ""


HTML = """<!DOCTYPE html>
<html><head><title>Two  spaces in a title</title>
<style>p  { color : red ; }</style>
<script>var a = 1 , b;</script></head>
<body>
<p class="x  , y" title="a  , b">A para  graph , here.</p>
<pre>pre  , text</pre> <code>code  , text</code>
<p>AT&amp;T merger, then don&#39;t stop &amp; go , now.</p>
<p>A counterfeit&nbsp;consciousness and <em>counterfeit</em> consciousness.</p>
</body></html>
"""


def test_html_text_nodes_only(write, phrases):
    path = write("page.html", HTML)
    result = cli("lint", "--rules", phrases, "--format", "json", str(path))
    assert findings(result) == [
        ("spacing.repeated-space", "  ", [" "]),  # title text
        ("spacing.repeated-space", "  ", [" "]),
        ("spacing.before-punctuation", " ,", [","]),
        ("test.tortured", "AT&amp;T merger", ["The merger"]),
        ("test.tortured", "don&#39;t stop", ["keep going"]),
        ("spacing.before-punctuation", " ,", [","]),
        ("test.tortured", "counterfeit&nbsp;consciousness", ["artificial intelligence"]),
        # read across the inline tag; no fix, since every word changes and the tag has
        # no place in the new words (tests/test_phrase_inline_tags.py)
        ("test.tortured", "counterfeit</em> consciousness", []),
    ]


def test_html_fix_is_escaped_and_never_cuts_an_entity(write, tmp_path):
    pack = write("amp.yml", """pack: amp
rules:
  - id: house.and
    kind: pattern
    description: Spell out "and".
    message: Use “&”.
    pattern: '\\band\\b'
    fix: '&'
    fix_safe: true
    examples: {bad: ["this and that"], good: ["this & that"]}
  - id: house.amp-t
    kind: pattern
    description: Cuts into an entity.
    message: Half an entity.
    pattern: 'T&'
    fix: 'X'
    fix_safe: true
    examples: {bad: ["AT&T"], good: ["ATT"]}
""")
    path = write("page.html", "<p>Salt and AT&amp;T.</p>\n")
    result = cli("lint", "--no-config", "--rules", str(pack), "--select", "house", "--format", "json", str(path))
    (f,) = result.json()["files"][0]["findings"]
    assert (f["rule"], f["start"], f["end"], f["replacements"]) == ("house.and", 8, 11, ["&amp;"])


def test_markdown_is_parsed_lazily():
    import subprocess
    import sys

    code = ("import sys; from checker.runner import check_text; from checker.engine import Engine; "
            "check_text(Engine(), 'Two  spaces.'); print('markdown_it' in sys.modules)")
    done = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True,
                          cwd=str(__import__("conftest").ROOT))
    assert done.stdout.strip() == "False", done.stderr


def test_a_finding_never_reaches_into_markup(write):
    """Whatever the rules find in a page, no finding or fix span touches a masked character."""
    from checker.document import Document
    from checker.engine import Engine

    engine = Engine()
    for name, text in (("page.md", MARKDOWN), ("page.html", HTML)):
        doc = Document.from_text(text, name, "markdown" if name.endswith(".md") else "html")
        for f in engine.check(doc):
            assert not doc.is_masked(f.start, f.end)
            assert not doc.is_masked(*f.edit_span)


def test_html_title_before_a_no_break_space_entity_counts(write):
    path = write("page.html", "<p>Mr.&nbsp;Smith, Mr.&nbsp;Jones and Mr Brown met.</p>\n")
    result = cli("lint", "--select", "consistency.honorific", str(path))
    assert result.stdout == (f"{path}:1:39: warning consistency.honorific “Mr” breaks the document’s honorific "
                             "style “Mr.” (2 with a period, 1 without). -> \"Mr.\"\n")


def test_toml_front_matter_setext_headings_and_rules_are_not_prose(write):
    path = write("page.md", "+++\ntitle = \"two  spaces , here\"\n+++\nA  title\n========\n\n*  *  *\n\nBody  text.\n")
    result = cli("lint", "--format", "json", str(path))
    assert [(f["line"], f["column"], f["rule"]) for f in result.json()["files"][0]["findings"]] == [
        (4, 2, "spacing.repeated-space"), (9, 5, "spacing.repeated-space")]
