"""Boilerplate lines (deleted with their line break) and phrase rules from data."""
from __future__ import annotations

from checker.config import Settings
from checker.engine import Engine
from checker.runner import check_text
from conftest import cli


def findings(text, select):
    return check_text(Engine(Settings(select=[select])), text).findings


def test_comment_form_and_credit_lines():
    text = ("Credit…Ann Example/Some Agency, via Wire\n\nThe vote is on Friday.\n\n"
            "Leave a Reply\n\nYour email address will not be published. Required fields are marked *")
    got = [(f.rule, text[f.start:f.end]) for f in findings(text, "boilerplate")]
    assert got == [
        ("boilerplate.photo-credit", "Credit…Ann Example/Some Agency, via Wire"),
        ("boilerplate.comment-form", "Leave a Reply"),
        ("boilerplate.comment-form", "Your email address will not be published. Required fields are marked *"),
    ]


def test_deleting_lines_leaves_clean_copy():
    text = "Credit…Ann Example/Agency\n\nThe vote is on Friday.\n\nLeave a Reply\n\nYour email address will not be published."
    out = text
    for _ in range(5):  # as a fixer does: apply what does not overlap, check again
        taken, last_start = [], len(out) + 1
        for f in sorted(findings(out, "boilerplate"), key=lambda f: f.edit_span, reverse=True):
            start, end = f.edit_span
            if end <= last_start:
                out, last_start = out[:start] + f.fix + out[end:], start
    assert out == "The vote is on Friday."


def test_boilerplate_words_inside_copy_are_left_alone():
    text = "The advertisement urged readers to leave a reply by post. Credit is due to them.\n"
    assert findings(text, "boilerplate") == []


def test_phrase_rule_matches_across_case_and_line_wrap():
    text = "They had, For all\n  intensive purposes, won."
    (f,) = findings(text, "usage.eggcorn")
    assert text[f.start:f.end] == "For all\n  intensive purposes"
    assert f.fix == "For all intents and purposes"
    assert f.fix_safe


def test_phrase_rule_respects_word_boundaries():
    assert findings("The balotting went smoothly; Valot was pleased.", "usage.eggcorn") == []


def test_user_phrase_pack_plugs_in(write):
    pack = write("spun.yml", """
rules:
  - id: house.spun
    kind: phrase
    severity: error
    description: Known spun phrases.
    message: "“{phrase}” looks spun; write “{replacement}”."
    phrases:
      counterfeit consciousness: artificial intelligence
      profound learning: deep learning
""")
    text = write("a.txt", "Counterfeit consciousness and profound learning are here.\n")
    result = cli("lint", "--rules", str(pack), "--select", "house", str(text))
    assert result.exit_code == 1
    assert result.stdout.splitlines() == [
        f"{text}:1:1: error house.spun “Counterfeit consciousness” looks spun; write “Artificial intelligence”. -> \"Artificial intelligence\"",
        f"{text}:1:31: error house.spun “profound learning” looks spun; write “deep learning”. -> \"deep learning\"",
    ]


def test_phrase_pack_from_tsv_file(write):
    write("pairs.tsv", "# tortured\texpected\nprime clergyman\tprime minister\n")
    pack = write("p.yml", "rules:\n  - id: house.tsv\n    kind: phrase\n    description: d\n    phrases_file: pairs.tsv\n")
    text = write("a.txt", "The prime clergyman spoke.\n")
    result = cli("lint", "--rules", str(pack), "--select", "house", str(text))
    assert '-> "prime minister"' in result.stdout
