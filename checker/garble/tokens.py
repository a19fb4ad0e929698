"""Words of a document grouped into runs that may form a phrase: adjacent words
with only spaces between them, inside one sentence."""
from __future__ import annotations

import re
from typing import NamedTuple

WORD = re.compile(r"[A-Za-z]+(?:['’-][A-Za-z]+)*")
# what may separate two words of one phrase: spaces and at most one line break
JOINER = re.compile(r"[ \t]*(?:\r\n|\r|\n)?[ \t]*")


class Token(NamedTuple):
    text: str
    lower: str
    start: int
    end: int
    initial: bool  # first word of its sentence (its capital says nothing)


def runs(doc) -> list[list[Token]]:
    """Maximal runs of words joined by spaces only, one list per run."""
    prose = doc.prose
    out: list[list[Token]] = []
    for sentence in doc.sentences:
        current: list[Token] = []
        first = True
        for m in WORD.finditer(prose, sentence.start, sentence.end):
            start = m.start()
            if current:
                gap = prose[current[-1].end:start]
                if gap != " " and JOINER.fullmatch(gap) is None:
                    out.append(current)
                    current = []
            word = m.group()
            current.append(Token(word, word.lower(), start, m.end(), first))
            first = False
        if current:
            out.append(current)
    return out
