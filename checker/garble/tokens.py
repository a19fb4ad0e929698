"""Words of a document grouped into runs that may form a phrase: adjacent words
with only spaces between them, inside one sentence."""
from __future__ import annotations

import re
from dataclasses import dataclass

WORD = re.compile(r"[A-Za-z]+(?:['’-][A-Za-z]+)*")
# what may separate two words of one phrase: spaces and at most one line break
JOINER = re.compile(r"[ \t]*(?:\r\n|\r|\n)?[ \t]*")


@dataclass(frozen=True, slots=True)
class Token:
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
            joined = bool(current) and JOINER.fullmatch(prose, current[-1].end, m.start()) is not None
            if not joined and current:
                out.append(current)
                current = []
            current.append(Token(m.group(), m.group().lower(), m.start(), m.end(), first))
            first = False
        if current:
            out.append(current)
    return out
