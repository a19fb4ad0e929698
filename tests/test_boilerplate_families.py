"""The families of web furniture a scraper leaves (share widgets, related content,
copyright lines, subscription and consent prompts, navigation, post footers, comment
counts, author boxes, timestamps): each flagged as a whole line and deleted by `fix`;
copy that merely mentions them is left alone."""
from __future__ import annotations

import pytest
from hypothesis import given
from hypothesis import strategies as st

from checker.config import Settings
from checker.engine import Engine
from checker.runner import check_text
from conftest import cli
from strategies import budget

ENGINE = Engine(Settings(select=["boilerplate"]))

# (line, rule) in the wordings pages use; none of these is copy.
FURNITURE = [
    ("Share this:", "boilerplate.share-prompt"),  # the older rule has it: one finding a line
    ("Click to share on Facebook (Opens in new window)", "boilerplate.share-widget"),
    ("Share this:Click to share on X (Opens in new window)Click to print (Opens in new window)",
     "boilerplate.share-widget"),
    ("Like this:", "boilerplate.share-widget"),
    ("Loading…", "boilerplate.share-widget"),
    ("Tweet", "boilerplate.share-widget"),
    ("Email", "boilerplate.share-widget"),
    ("Print", "boilerplate.share-widget"),
    ("Related Posts", "boilerplate.related-content"),
    ("Related articles", "boilerplate.advertisement"),  # the older rule has it: one finding a line
    ("Related coverage", "boilerplate.related-content"),
    ("You may also like", "boilerplate.related-content"),
    ("Recommended for you", "boilerplate.related-content"),
    ("More from The Northern Ledger", "boilerplate.related-content"),
    ("Read next", "boilerplate.related-content"),
    ("© 2025 Example Times. All rights reserved.", "boilerplate.copyright"),
    ("Copyright 2024 Example Media Ltd. All Rights Reserved.", "boilerplate.copyright"),
    ("Sign up to our morning newsletter", "boilerplate.subscription"),
    ("Subscribe to continue reading", "boilerplate.subscription"),
    ("This article is for subscribers only.", "boilerplate.subscription"),
    ("We value your privacy", "boilerplate.consent"),
    ("Accept all Reject all", "boilerplate.consent"),
    ("Skip to navigation", "boilerplate.navigation"),
    ("Home > News > Politics", "boilerplate.navigation"),
    ("Home » Business » Markets", "boilerplate.navigation"),
    ("Posted in News, Local | Tagged council, floods | Leave a comment", "boilerplate.post-footer"),
    ("Filed under: Politics", "boilerplate.post-footer"),
    ("No comments yet", "boilerplate.comment-count"),
    ("Comments (14)", "boilerplate.comment-count"),
    ("About the author", "boilerplate.author-bio"),
    ("View all posts by Ana Lind", "boilerplate.author-bio"),
    ("Published 3 hours ago", "boilerplate.timestamp"),
    ("Updated 25 minutes ago", "boilerplate.timestamp"),
    ("Published 12 March 2025, 10:15 GMT", "boilerplate.timestamp"),
]

# Copy that talks about the same things, each a line of its own: never furniture.
COPY = [
    "Readers were invited to share this story with their neighbours, the editor said.",
    "Click to share on Facebook, the campaign urged, and thousands did.",
    "The minister said he would like this to be settled by Friday.",
    "You may also like the new bridge, the mayor told residents.",
    "More from the council is expected on Friday.",
    "Copyright law was reformed in 2019, and the rights reserved to authors were extended.",
    "The band kept the copyright to its songs.",
    "Residents were urged to sign up for the flood warning newsletter, which is free.",
    "We value your privacy, the company said in a statement after the leak.",
    "Home is where the heart is, the candidate said.",
    "Posted in Kyiv, the letter arrived in May.",
    "No comments were made by the minister after the vote.",
    "About the author of the report, little is known.",
    "Published three years ago, the report is still cited.",
    "Print runs fell by a third last year.",
    "Email was the union's main way of reaching members.",
]

ARTICLE = ["Council approves flood wall", "The vote was 31 to 9.",
           "Work begins in March and takes three years.", "Residents can see the plans at the library."]


def lint(text):
    return [(f.rule, text[f.start:f.end]) for f in check_text(ENGINE, text).findings]


@pytest.mark.parametrize("line,rule", FURNITURE, ids=[line for line, _ in FURNITURE])
def test_each_family_is_flagged_as_a_whole_line(line, rule):
    text = f"{ARTICLE[0]}\n\n{ARTICLE[1]}\n{line}\n{ARTICLE[2]}\n"
    assert lint(text) == [(rule, line)]


@pytest.mark.parametrize("line", COPY)
def test_copy_that_mentions_furniture_is_quiet(line):
    assert lint(f"{ARTICLE[1]}\n\n{line}\n\n{ARTICLE[2]}\n") == []


def test_furniture_inside_a_sentence_is_copy():
    assert lint("The page said Share this: and then Tweet, Email and Print, all in one line.\n") == []


def test_fix_deletes_every_furniture_line_and_keeps_the_article(write):
    furniture = [line for line, _ in FURNITURE]
    text = "\n".join([furniture[0], ARTICLE[0], "", *furniture[1:6], ARTICLE[1], "",
                      *furniture[6:20], ARTICLE[2], "", ARTICLE[3], *furniture[20:]]) + "\n"
    path = write("page.txt", text)
    result = cli("fix", str(path))
    assert path.read_text(encoding="utf-8") == f"{ARTICLE[0]}\n\n{ARTICLE[1]}\n\n{ARTICLE[2]}\n\n{ARTICLE[3]}\n"
    assert result.exit_code == 0
    assert cli("lint", str(path)).exit_code == 0


@budget(40)
@given(st.lists(st.sampled_from(FURNITURE), min_size=1, max_size=5), st.data())
def test_furniture_anywhere_between_paragraphs_is_found_and_only_it(chosen, data):
    lines = [line for line in ARTICLE]
    for line, _ in chosen:
        lines.insert(data.draw(st.integers(0, len(lines))), line)
    text = "\n".join(lines) + "\n"
    got = lint(text)
    assert sorted(got) == sorted((rule, line) for line, rule in chosen)


def test_joined_must_be_true_or_false(write):
    pack = write("house.yml", "pack: house\nrules:\n  - id: house.widget\n    kind: boilerplate\n"
                              "    description: x\n    severity: error\n    message: x\n"
                              "    joined: 'yes'\n    lines: ['tweet']\n"
                              "    examples: {bad: [x], good: [y]}\n")
    result = cli("lint", "--rules", str(pack), str(pack))
    assert result.exit_code == 2 and "joined" in result.stderr and "Traceback" not in result.stderr


def test_a_joined_rule_takes_its_items_run_together_and_nothing_else():
    line = "Tweet | Email · Print Share on WhatsApp"
    assert lint(f"{ARTICLE[1]}\n{line}\n") == [("boilerplate.share-widget", line)]
    assert lint(f"{ARTICLE[1]}\nTweet Email Print the minutes of the meeting\n") == []
