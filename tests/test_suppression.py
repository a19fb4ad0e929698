"""Suppression comments in Markdown, HTML and plain text, as a writer puts them in."""
from __future__ import annotations

from conftest import cli


def found(result):
    """(line, rule) of each reported finding."""
    out = []
    for line in result.stdout.splitlines():
        location, _, rest = line.partition(": ")
        out.append((int(location.split(":")[1]), rest.split()[1]))
    return out


def test_markdown_region_and_next_line(write):
    path = write("page.md", """Intro  text.

<!-- copylint: disable=spacing.repeated-space -->
Ignored  here , but not the comma.
<!-- copylint: enable=spacing.repeated-space -->
Flagged  here.
<!-- copylint: disable-next-line -->
Next  line , skipped whole.
Not  skipped.
""")
    result = cli("lint", str(path))
    assert found(result) == [
        (1, "spacing.repeated-space"),
        (4, "spacing.before-punctuation"),
        (6, "spacing.repeated-space"),
        (9, "spacing.repeated-space"),
    ]
    assert result.exit_code == 1


def test_disable_without_rules_is_every_rule_until_enable(write):
    path = write("page.md", """<!-- copylint: disable -->
One  two , three.

Four  five , six.
<!-- copylint: enable -->
Seven  eight.
""")
    assert found(cli("lint", str(path))) == [(6, "spacing.repeated-space")]


def test_prefixes_and_several_ids(write):
    path = write("page.md", """<!-- copylint: disable=spacing.repeated-space, spacing.before-punctuation -->
One  two , three ( four ).
<!-- copylint: enable=spacing -->
<!-- copylint: disable-next-line=spacing -->
One  two , three ( four ).
One  two.
""")
    assert found(cli("lint", str(path))) == [(2, "spacing.inside-brackets"), (2, "spacing.inside-brackets"),
                                               (6, "spacing.repeated-space")]


def test_enable_one_rule_inside_disable_all(write):
    path = write("page.md", """<!-- copylint: disable -->
<!-- copylint: enable=spacing.before-punctuation -->
One  two , three.
""")
    assert found(cli("lint", str(path))) == [(3, "spacing.before-punctuation")]


def test_unknown_rule_ids_and_bad_directives_are_reported(write):
    path = write("page.md", """<!-- copylint: disable=spacing.repeted-space -->
Two  spaces stay flagged.
<!-- copylint: disabel=spacing -->
""")
    result = cli("lint", str(path))
    assert result.stdout.splitlines() == [
        f"{path}:1:24: error copylint.unknown-rule Unknown rule id “spacing.repeted-space” in a copylint "
        "directive (see 'copylint rules').",
        f"{path}:2:4: warning spacing.repeated-space Repeated spaces. -> \" \"",
        f"{path}:3:6: error copylint.bad-directive Malformed copylint directive “copylint: disabel=spacing”: "
        "write “copylint: disable=RULE”, “enable” or “disable-next-line”.",
    ]
    assert result.exit_code == 1


def test_unknown_rule_reports_can_be_ignored_like_any_rule(write):
    path = write("page.md", "<!-- copylint: disable=house.rule -->\nText.\n")
    assert found(cli("lint", str(path))) == [(1, "copylint.unknown-rule")]
    assert cli("lint", "--ignore", "copylint.unknown-rule", str(path)).stdout == ""


def test_directives_in_code_are_not_directives(write):
    path = write("page.md", """How to switch a rule off:

```
<!-- copylint: disable -->
```

And inline: `<!-- copylint: disable -->` too.
Two  spaces.
""")
    assert found(cli("lint", str(path))) == [(8, "spacing.repeated-space")]


def test_html_comments(write):
    path = write("page.html", """<p>One  two.</p>
<!-- copylint: disable-next-line=spacing.repeated-space -->
<p>Three  four , five.</p>
<!-- copylint: disable=spacing -->
<p>Six  seven , eight.</p>
<!-- copylint: enable -->
<p>Nine  ten.</p>
<!-- copylint: disable=nope -->
""")
    assert found(cli("lint", str(path))) == [
        (1, "spacing.repeated-space"),
        (3, "spacing.before-punctuation"),
        (7, "spacing.repeated-space"),
        (8, "copylint.unknown-rule"),
    ]


def test_plain_text_directive_lines_are_never_flagged(write):
    path = write("notes.txt", """One  two.
# copylint: disable-next-line=spacing.repeated-space
Three  four , five.
copylint: disable=spacing
Six  seven , eight.
// copylint: enable
Nine  ten.
.. copylint: disable-next-line=bogus.rule
""")
    assert found(cli("lint", str(path))) == [
        (1, "spacing.repeated-space"),
        (3, "spacing.before-punctuation"),
        (7, "spacing.repeated-space"),
        (8, "copylint.unknown-rule"),
    ]


def test_prose_mentioning_copylint_is_not_a_directive(write):
    path = write("notes.txt", "We ran copylint: disable nothing.\nTwo  spaces.\n")
    assert found(cli("lint", str(path))) == [(2, "spacing.repeated-space")]


def test_plain_text_directive_line_content_is_not_checked(write):
    path = write("notes.txt", "# copylint: disable-next-line=spacing.repeated-space , boilerplate  x\nFine.\n")
    result = cli("lint", str(path))
    assert [rule for _, rule in found(result)] == ["copylint.unknown-rule"]  # "x" is no rule id


def test_fix_leaves_suppressed_text_and_markup_alone(write):
    path = write("page.html", """<p>Fix  this.</p>
<!-- copylint: disable-next-line -->
<p>Keep  this , as is.</p>
<p title="a  , b">AT&amp;T  and&nbsp;&nbsp;more , here.</p>
""")
    assert cli("fix", str(path)).exit_code == 0
    assert path.read_text() == """<p>Fix this.</p>
<!-- copylint: disable-next-line -->
<p>Keep  this , as is.</p>
<p title="a  , b">AT&amp;T and&nbsp;&nbsp;more, here.</p>
"""
