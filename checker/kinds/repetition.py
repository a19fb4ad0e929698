"""`repetition`: a word written twice in a row ("the the"), the commonest slip of
editing: a sentence rewritten around a word that was then typed again. Case does not
matter, and the pair may straddle a line break (not a paragraph break); on one line
the two must be one space apart, since words further apart are columns of a table. Doubles that
grammar or idiom allow ("had had", "that that", "there there") come from the rule's
`allowed` list. A second word with a capital inside a sentence is taken for a name
("Walla Walla", "Sirhan Sirhan") and left alone. The fix deletes the second word.
"""
from __future__ import annotations

import re

from . import format_message, param
from ..finding import Finding

DOUBLED = re.compile(
    r"(?<![\w'’\-])(?P<word>[^\W\d_]+)(?P<space>[ \u00a0]|[ \t]*\r?\n[ \t]*)"
    r"(?P<again>(?P=word))(?![\w'’\-])",
    re.IGNORECASE,
)


OPENING_MARKS = "“\"‘'(["
# Opening marks become spaces (same length, so offsets hold): "“the the" splits into
# "", "the", "the".


CHUNK_CHARACTERS = 1 << 16  # 65,536 characters: about 1.5 MB of words at a time


def candidates(doc):
    """Offsets in prose where a word may be followed by itself: in the folded text (lower
    case, one space for any white space) with opening marks made spaces, each token (a
    run without a space) that the same token follows after one space. Found by one
    pattern in C (`_TWICE`, a possessive token and a back-reference looking ahead), not
    by splitting the text into a list of its words; only the few hits are then matched
    exactly, which keeps the check at a fraction of a regular expression with a
    back-reference run over every word of the prose. A long text is read a chunk at a
    time (the last token of one chunk read again before the next), so no copy of the
    whole text is made."""
    folded = doc.folded
    text = folded.text
    carry = ""  # the last token of the chunk before
    position = 0
    while position < len(text):
        cut = text.find(" ", position + CHUNK_CHARACTERS) + 1 or len(text)
        chunk = text[position:cut]
        for mark in OPENING_MARKS:
            chunk = chunk.replace(mark, " ")  # str.replace is far faster than translate here
        # " " + carry + " " + chunk: index j of it is text[j - 2 - len(carry) + position]
        shift = position - 2 - len(carry)
        for m in _TWICE.finditer(" " + carry + " " + chunk):
            yield folded.to_original(m.start(1) + shift)
        carry = chunk[:-1].rpartition(" ")[2] if cut < len(text) else ""
        position = cut


# a token after a space (taken whole: possessive) that the same token follows after one
# space, then a space or the end; the match stops before the second, so "x x x" gives two
_TWICE = re.compile(r" ([^ ]++)(?= \1(?: |$))")


def validate(rule) -> None:
    allowed = param(rule, "allowed", list, required=False, default=[])
    if not all(isinstance(w, str) and w.strip() for w in allowed):
        raise rule.error("allowed", "must be a list of words")


class RepetitionCheck:
    # checked a window at a time (checker/windows.py): a word and the one after it
    scope = "local"

    def __init__(self, rules, settings):
        self.rules = [(rule, {w.lower() for w in rule.params.get("allowed", [])}) for rule in rules]

    def check(self, doc):
        prose = doc.prose
        covered = -1
        for start in candidates(doc):
            m = DOUBLED.match(prose, start) if start >= covered else None
            if m is None:
                continue
            first, again = m.group("word"), m.group("again")
            end = m.end()
            while (more := DOUBLED.match(prose, end - len(again))) is not None:
                end = more.end()  # "the the the": one finding, one fix
            covered = end
            if again[:1].isupper() and not again.isupper():
                continue  # "Walla Walla": a name
            for rule, allowed in self.rules:
                if first.lower() in allowed:
                    continue
                yield Finding(
                    rule=rule.id,
                    severity=rule.severity,
                    start=m.start(),
                    end=end,
                    message=format_message(rule.message, rule, word=again),
                    replacements=(first,),
                    fix_safe=rule.fix_safe,
                )


def compile(rules, settings):
    return RepetitionCheck(rules, settings)
