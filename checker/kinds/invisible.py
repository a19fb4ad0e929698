"""`invisible`: characters that print as nothing (zero-width space, word joiner, a
byte-order mark inside the text, soft hyphens), left by web pages, word processors
and copy-paste. They split words for search and spell checking while looking
intact. The fix deletes them, which is certain.

Zero-width joiners and non-joiners do real work in emoji sequences and in scripts
such as Arabic and Devanagari, so they are flagged only between Latin letters, digits,
ASCII punctuation or spaces. A byte-order mark at the very start of a file is an
encoding mark and is left alone.
"""
from __future__ import annotations

import re
import unicodedata

from . import format_message, param
from ..finding import Finding

JOINERS = {"\u200c", "\u200d"}


def validate(rule) -> None:
    chars = param(rule, "characters", list)
    for c in chars:
        if not (isinstance(c, str) and re.fullmatch(r"U\+[0-9A-Fa-f]{4,6}", c)):
            raise rule.error("characters", f"{c!r}: write code points as U+200B")


def _plain(c: str) -> bool:
    """A neighbour next to which a joiner can do no work."""
    return c.isascii() or unicodedata.name(c, "").startswith("LATIN")


class InvisibleCheck:
    # checked a window at a time (checker/windows.py): a run of invisible characters is judged from its neighbours
    scope = "local"

    def __init__(self, rules, settings):
        self.rules = []
        every = ""
        for rule in rules:
            chars = "".join(chr(int(c[2:], 16)) for c in rule.params["characters"])
            every += chars
            self.rules.append((rule, re.compile(f"[{re.escape(chars)}]+")))
        # one pass over the text finds whether any rule has work to do (rarely)
        self.any = re.compile(f"[{re.escape(every)}]") if every else None
        self.every = tuple(dict.fromkeys(every))

    def check(self, doc):
        prose = doc.prose
        # (a substring test per character, in C, is twice as fast as the class's scan)
        if not any(c in prose for c in self.every):
            return
        first = self.any.search(prose) if self.any else None
        if first is None:
            return
        for rule, pattern in self.rules:
            for m in pattern.finditer(prose, first.start()):
                start, end = m.start(), m.end()
                if start == 0 and prose[0] == "\ufeff":
                    start += 1
                    if start == end:
                        continue
                run = prose[start:end]
                if set(run) & JOINERS:
                    before = prose[start - 1] if start > 0 else " "
                    after = prose[end] if end < len(prose) else " "
                    if not (_plain(before) and _plain(after)):
                        continue
                inside = start > 0 and end < len(prose) and prose[start - 1].isalnum() and prose[end].isalnum()
                names = ", ".join(f"{unicodedata.name(c, 'U+%04X' % ord(c)).lower()} (U+{ord(c):04X})" for c in dict.fromkeys(run))
                yield Finding(
                    rule=rule.id,
                    severity=rule.severity,
                    start=start,
                    end=end,
                    message=format_message(rule.message, rule, names=names,
                                           where="inside a word" if inside else "in the text"),
                    replacements=("",),
                    fix_safe=rule.fix_safe,
                )


def compile(rules, settings):
    return InvisibleCheck(rules, settings)
