"""`phrase`: literal phrases mapped to replacements, from every rule compiled into
one matcher, so a run costs time in proportion to the text whatever the number of
phrases. Matching ignores case and line wrapping, and respects word boundaries; a
replacement keeps the capitalisation of the matched text.

Up to LARGE phrases go into one Aho-Corasick automaton. Building an automaton costs
about 2 µs a phrase, so bigger lists (a terminology list of 100,000 phrases) are
matched in two steps instead: the document's word n-grams are looked up in the
phrase table (a hash lookup each), and only the phrases found go into a small
automaton that finds their exact spans. Big lists belong in a `phrases_file` (TSV),
which loads in bulk without a per-line Python loop in the common case.
"""
from __future__ import annotations

import re
from itertools import chain, filterfalse, repeat
from pathlib import Path

from . import format_message, param
from ..finding import Finding
from ..rulepack import Rule

# Above this many phrases, the n-gram lookup replaces the one big automaton.
LARGE = 20_000
WORDS = re.compile(r"\w+")
# a TSV line: the phrase, then (after the first tab) its replacements
TSV_ROW = re.compile(r"^([^\t\n]*)\t?([^\n]*)", re.MULTILINE)
# white space that normalise() would turn into a plain space (str.split's set)
OTHER_SPACE = re.compile("[\t\r\x0b\x0c\x1c-\x1f\x85\xa0\u1680\u2000-\u200a\u2028\u2029\u202f\u205f\u3000]")
NOT_WORD_OR_SPACE = re.compile(r"[^\w \n]")
SPACED_WORD = re.compile(r"\S+")  # a word between white space, its punctuation with it
CHUNK_CHARACTERS = 1 << 20


def _chunks(text: str, size: int):
    """`text` in pieces of about `size` characters, each cut after a space (so no
    word is split; folded text has single spaces between words)."""
    start = 0
    while start < len(text):
        end = start + size
        if end < len(text):
            space = text.find(" ", end)
            end = len(text) if space == -1 else space + 1
        yield text[start:end]
        start = end


def validate(rule) -> None:
    phrases = param(rule, "phrases", (dict, list), required=False)
    phrases_file = param(rule, "phrases_file", str, required=False)
    if phrases is None and phrases_file is None:
        raise rule.error("phrases", "missing (or give 'phrases_file')")
    if phrases_file is not None and not (rule.source.parent / phrases_file).is_file():
        raise rule.error("phrases_file", f"no such file: {rule.source.parent / phrases_file}")
    if isinstance(phrases, list) and not all(isinstance(p, str) and p.strip() for p in phrases):
        raise rule.error("phrases", "must list non-empty strings")
    if isinstance(phrases, dict) and not _plainly_valid(phrases):
        for key, value in phrases.items():
            if not isinstance(key, str) or not key.strip():
                raise rule.error("phrases", f"phrase {key!r} must be a non-empty string")
            if value is not None and not isinstance(value, (str, list)):
                raise rule.error("phrases", f"replacement of {key!r} must be a string or a list")


def _plainly_valid(phrases: dict) -> bool:
    """True when every phrase is a non-empty string and every replacement a string, a
    list or nothing: tested in C over a big mapping (the loop in validate() names the
    first bad entry otherwise)."""
    return (set(map(type, phrases)) <= {str} and all(map(str.strip, phrases))
            and set(map(type, phrases.values())) <= {str, list, type(None)})


def _inline_table(rule) -> dict[str, tuple[str, ...]]:
    phrases = rule.params.get("phrases") or {}
    if isinstance(phrases, list):
        return dict.fromkeys(phrases, ())
    return {k: () if v is None else (v,) if isinstance(v, str) else tuple(v) for k, v in phrases.items()}


def _file_data(rule) -> tuple[dict, bool, bool, list[int], dict]:
    """A `phrases_file`'s table, with what matching needs to know of its phrases: are
    they all in normal form, are they all plain words and spaces, how many spaces do
    they hold, which have three words or more (by their first two). Kept in
    copylint's pack cache, so a big list is read once."""
    from ..cache import parsed

    path = Path(rule.source.parent / rule.params["phrases_file"])
    return parsed(path, lambda: _read_file(path), "phrases_file/1")


def _read_file(path: Path) -> tuple[dict, bool, bool, list[int], dict]:
    table = _file_table(path)
    phrases = list(table)
    normal = _normal_forms(phrases) is None
    plain = normal and _words_and_spaces("".join(phrases))
    sizes = sorted(set(map(str.count, phrases, repeat(" "))))
    return table, normal, plain, sizes, _by_first_two(phrases) if plain else {}


def _by_first_two(phrases) -> dict[str, list[str]]:
    """first two words -> the phrases of three words or more that start with them
    (`phrases` are words separated by single spaces)."""
    index: dict[str, list[str]] = {}
    for phrase in phrases:
        second = phrase.find(" ", phrase.find(" ") + 1)
        if second > 0:
            index.setdefault(phrase[:second], []).append(phrase)
    return index


def _file_table(path: Path) -> dict:
    """phrase -> its replacements as the raw rest of the TSV line ("a\\tb"), or as a
    tuple when the file needs the csv module (quotes, carriage returns)."""
    data = path.read_bytes().decode("utf-8")  # line endings kept, as csv wants them
    if '"' in data or "\r" in data:
        import csv
        import io

        table = {}
        for row in csv.reader(io.StringIO(data, newline=""), delimiter="\t"):
            if row and row[0].strip() and not row[0].startswith("#"):
                table[row[0]] = tuple(r for r in row[1:] if r)
        return table
    table = dict(TSV_ROW.findall(data))
    table.pop("", None)  # blank lines
    keys = "\n" + "\n".join(table)
    if "\n#" in keys:  # comment lines
        for key in re.findall(r"(?<=\n)#[^\n]*", keys):
            table.pop(key, None)
    if re.search(r"\n[^\S\n]+(?=\n|\Z)", keys):  # phrases of white space only
        for key in [k for k in table if not k.strip()]:
            del table[key]
    return table


def _replacements(value) -> tuple[str, ...]:
    if isinstance(value, str):  # the rest of a TSV line
        return tuple(r for r in value.split("\t") if r)
    return value


def normalise(phrase: str) -> str:
    return " ".join(phrase.lower().split())


def _normal_forms(phrases: list[str]) -> dict[str, str] | None:
    """normalised -> the first phrase with that normal form; None when normalise()
    changes no phrase (checked on all phrases at once, which is much faster)."""
    joined = "\n".join(phrases)
    if (joined.lower() == joined and "  " not in joined and "\n " not in joined and " \n" not in joined
            and joined[:1] != " " and joined[-1:] != " " and not OTHER_SPACE.search(joined)):
        return None
    spelling: dict[str, str] = {}
    for phrase in phrases:
        spelling.setdefault(normalise(phrase), phrase)
    return spelling


def match_case(replacement: str, original: str) -> str:
    """Carry the matched text's capitalisation over to its replacement."""
    if original.isupper() and len(original) > 1:
        return replacement.upper()
    if original[:1].isupper() and replacement[:1].islower():
        return replacement[:1].upper() + replacement[1:]
    return replacement


def _words_and_spaces(text: str) -> bool:
    """True when `text` has only word characters (as `\\w` means them) and spaces;
    str.isalnum() is the same test as `\\w` less "_", and much faster than a pattern."""
    return text.replace(" ", "").replace("_", "").isalnum()


class _RuleTable:
    """One rule's phrases: its tables (a TSV file's entries win over inline ones) and
    the spelling each normalised phrase came from."""

    def __init__(self, rule):
        self.rule = rule
        self.tables = [_inline_table(rule)]
        # for a list from one file, known from the cache: all plain words? space counts?
        self.plain: bool | None = None
        self.sizes: list[int] = []
        self.long: dict[str, list[str]] = {}
        if rule.params.get("phrases_file"):
            table, normal, plain, sizes, long = _file_data(rule)
            self.tables.insert(0, table)
            if normal and not self.tables[1]:
                self.keys, self.spelling = table, {}
                self.plain, self.sizes, self.long = plain, sizes, long
                return
        phrases = list(dict.fromkeys(chain.from_iterable(reversed(self.tables))))
        renamed = _normal_forms(phrases)
        if renamed is None:
            self.keys, self.spelling = phrases, {}
        else:
            self.keys, self.spelling = list(renamed), renamed

    def entry(self, key: str) -> tuple[str, tuple[str, ...]]:
        phrase = self.spelling.get(key, key)
        for table in self.tables:
            if phrase in table:
                return phrase, _replacements(table[phrase])
        return phrase, ()


class _InlineRule:
    """A rule whose phrases are all inline and in normal form (the common case, and
    every rule of a pack of 100,000 one-phrase rules): its keys are its phrases, and
    a match's replacements are read from them directly, so nothing is built per rule."""

    plain = None  # nothing known ahead of its phrases (see _index_words)
    sizes: list[int] = []
    long: dict[str, list[str]] = {}

    def __init__(self, rule, phrases):
        self.rule = rule
        self.phrases = phrases
        self.keys = phrases if isinstance(phrases, dict) else list(dict.fromkeys(phrases))
        if len(self.keys) > LARGE:  # a big mapping: what the n-gram lookup needs, cached
            self.plain, self.sizes, self.long = _inline_summary(rule, self.keys)

    def entry(self, key: str) -> tuple[str, tuple[str, ...]]:
        value = self.phrases.get(key) if isinstance(self.phrases, dict) else None
        return key, () if value is None else (value,) if isinstance(value, str) else tuple(value)


def _inline_summary(rule, keys) -> tuple[bool, list[int], dict]:
    """A big inline list's summary for the n-gram lookup, as a `phrases_file` has one
    (all plain words? space counts? phrases of 3+ words by their first two), kept in
    copylint's pack cache with the pack (keyed on it and on the rule)."""
    from ..cache import parsed

    def summary():
        phrases = list(keys)
        if not _words_and_spaces("".join(phrases)):
            return False, [], {}
        return True, sorted(set(map(str.count, phrases, repeat(" ")))), _by_first_two(phrases)

    return parsed(rule.source, summary, f"phrases-inline/1/{rule.id}")


def _rule_tables(rules, normal: bool | None = None) -> list:
    """One table per rule; rules with inline phrases only, all in normal form (tested
    for all such rules at once, unless `normal` says), get the light _InlineRule, made
    only when one of their phrases matches (see _table) for the small ones: until then
    the rule itself stands for it (a pack may hold 100,000 one-phrase rules)."""
    inline = [r for r in rules if not r.params.get("phrases_file") and r.params.get("phrases")]
    if normal is None:
        normal = bool(inline) and _normal_forms(list(chain.from_iterable(r.params["phrases"] for r in inline))) is None
    if not normal:
        return [_RuleTable(rule) for rule in rules]
    light = {id(r) for r in inline}
    return [(rule if len(rule.params["phrases"]) <= LARGE else _InlineRule(rule, rule.params["phrases"]))
            if id(rule) in light else _RuleTable(rule) for rule in rules]


def _keys(table) -> dict | list:
    """A table's normalised phrases; a rule standing for its _InlineRule: its phrases."""
    if isinstance(table, Rule):
        phrases = table.params["phrases"]
        return phrases if isinstance(phrases, dict) else list(dict.fromkeys(phrases))
    return table.keys


def _automaton(keys):
    import ahocorasick

    automaton = ahocorasick.Automaton(ahocorasick.STORE_LENGTH)
    for key in keys:
        automaton.add_word(key)
    automaton.make_automaton()
    return automaton


def automaton_matches(automaton, text: str):
    """automaton.iter(text), a chunk at a time: pyahocorasick copies the text it scans
    into four bytes a character, which for a 20 MB text would be 80 MB. Each chunk
    starts early enough to see a phrase ending in it whole (the automaton is then in
    the same state as over the whole text), and reports only the matches ending in it.
    Any automaton: the spelling kind scans its own this way."""
    if len(text) <= CHUNK_CHARACTERS:
        yield from automaton.iter(text)
        return
    overlap = automaton.get_stats()["longest_word"] - 1
    for start in range(0, len(text), CHUNK_CHARACTERS):
        early = max(0, start - overlap)
        for end_index, value in automaton.iter(text[early:start + CHUNK_CHARACTERS]):
            if early + end_index >= start:
                yield early + end_index, value


class PhraseCheck:
    # checked a window at a time (checker/windows.py): each phrase is matched where it stands
    scope = "local"

    def __init__(self, rules, settings):
        index = _cached_index(rules)
        if index is None:
            self._build(rules)
            return
        normal, self.owner, self.long, self.word_keys, self.always, self.singles, self.pairs = index
        self.tables = _rule_tables(rules, normal)
        self.automaton = None

    def _build(self, rules) -> None:
        self.tables = _rule_tables(rules)
        # normalised phrase -> index of its rule; a phrase in two rules: the first keeps it
        # (built in C from the last table to the first, so the first's entries win)
        last = range(len(self.tables) - 1, -1, -1)
        keys = [_keys(self.tables[i]) for i in last]
        self.owner: dict[str, int] = dict(zip(chain.from_iterable(keys),
                                              chain.from_iterable(map(repeat, last, map(len, keys)))))
        self.automaton = None
        if len(self.owner) <= LARGE:
            if self.owner:
                self.automaton = _automaton(self.owner)
        else:
            self._index_words(keys[::-1])

    def _index_words(self, keys: list) -> None:
        """For the n-gram lookup. Phrases of plain words and single spaces are looked
        up as they are, others by their words; one- and two-word phrases among the
        document's words and pairs of words, longer ones by their first two words
        (a superset: the automaton built from the candidates finds the real matches)."""
        sizes: set[int] = set()
        self.long: dict[str, list[str]] = {}  # first two words -> phrases of 3+ words
        unknown: list[str] = []  # phrases of the tables without a cached summary
        for table, table_keys in zip(self.tables, keys):  # keys: each table's _keys()
            if getattr(table, "plain", None):  # (a Rule standing for its table: not known)
                sizes.update(table.sizes)
                if not self.long:  # the usual case: one big list, taken as it is
                    self.long = table.long
                    continue
                for first, phrases in table.long.items():
                    self.long.setdefault(first, []).extend(phrases)
            else:
                unknown.extend(table_keys)
        self.word_keys: dict[str, list[str]] = {}  # words joined by spaces -> phrases
        self.always: list[str] = []  # phrases without a word character
        plain = unknown
        if not _words_and_spaces("".join(unknown)):
            # the few keys with other characters picked out in C (filter and filterfalse)
            plain = list(filterfalse(NOT_WORD_OR_SPACE.search, unknown))
            for key in filter(NOT_WORD_OR_SPACE.search, unknown):
                words = WORDS.findall(key)
                if words:
                    self.word_keys.setdefault(" ".join(words), []).append(key)
                else:
                    self.always.append(key)
        for first, phrases in _by_first_two(plain).items():
            self.long.setdefault(first, []).extend(phrases)
        for joined, phrases in self.word_keys.items():
            second = joined.find(" ", joined.find(" ") + 1)
            if second > 0:
                self.long.setdefault(joined[:second], []).extend(phrases)
        sizes.update(map(str.count, plain, repeat(" ")))
        sizes.update(k.count(" ") for k in self.word_keys)
        self.singles = 0 in sizes
        self.pairs = any(n > 0 for n in sizes)

    def _table(self, index: int):
        table = self.tables[index]
        if isinstance(table, Rule):  # a rule's _InlineRule, made at its first match
            table = self.tables[index] = _InlineRule(table, table.params["phrases"])
        return table

    def _candidates(self, text: str) -> list[str]:
        """The phrases that may match in `text`: those whose words, or first two
        words, occur in it (hash lookups of its words and pairs of words). Long texts
        go a chunk at a time, so memory stays bounded."""
        found: list[str] = []
        carry: list[str] = []  # the last word of the chunk before, for the pair across
        for chunk in _chunks(text, CHUNK_CHARACTERS):
            words = carry + WORDS.findall(chunk)
            grams: set[str] = set(words) if self.singles else set()
            if self.pairs:
                pairs = set(map(" ".join, zip(words, words[1:])))
                for first in self.long.keys() & pairs:
                    found.extend(self.long[first])
                grams |= pairs
            found.extend(self.owner.keys() & grams)
            for joined in self.word_keys.keys() & grams:
                found.extend(self.word_keys[joined])
            carry = words[-1:]
        return list(dict.fromkeys(found + self.always))

    def check(self, doc):
        if not self.owner:
            return
        folded = doc.folded_across_tags
        text = folded.text
        automaton = self.automaton
        if automaton is None:
            candidates = self._candidates(text)
            if not candidates:
                return
            automaton = _automaton(candidates)
        for end_index, length in automaton_matches(automaton, text):
            start = end_index + 1 - length
            end = end_index + 1
            if start > 0 and (text[start - 1].isalnum() or text[start - 1] == "_"):
                continue
            if end < len(text) and (text[end].isalnum() or text[end] == "_"):
                continue
            table = self._table(self.owner[text[start:end]])
            rule = table.rule
            phrase, replacements = table.entry(text[start:end])
            ostart, oend = folded.to_original(start), folded.to_original(end)
            tags = doc.inline_tags_in(ostart, oend) if doc.inline_tags else ()
            if tags:
                ostart, oend, tags = _without_edge_tags(ostart, oend, tags)
            pieces = _between(ostart, oend, tags)
            matched = "".join(doc.text[a:b] for a, b in pieces)
            fixes = tuple(match_case(r, matched) for r in replacements)
            message = format_message(rule.message, rule, phrase=matched, replacement=fixes[0] if fixes else "")
            fix_span = None
            if tags and fixes:
                # read across an inline tag: rewrite only what differs from the fix, so
                # the tag stays (where the difference runs through a tag, the engine's
                # markup guard (checker/markup.py) drops the fix: its span then overlaps the tag)
                fix_span, first = _edit_between(pieces, _spaced(doc, pieces), fixes[0])
                fixes = (first,)
            yield Finding(
                rule=rule.id,
                severity=rule.severity,
                start=ostart,
                end=oend,
                message=message,
                replacements=fixes,
                fix_safe=rule.fix_safe and bool(fixes),
                fix_span=fix_span,
            )


def _without_edge_tags(start: int, end: int, tags: list) -> tuple[int, int, list]:
    """The span with inline tags at its ends left out ("prime clergyman</em>" ends
    before "</em>"), and the tags still inside it."""
    while tags and tags[0][0] <= start:
        start = max(start, tags.pop(0)[1])
    while tags and tags[-1][1] >= end:
        end = min(end, tags.pop()[0])
    return start, max(start, end), tags


def _between(start: int, end: int, tags) -> list[tuple[int, int]]:
    """[start, end) less the tags inside it, as spans."""
    pieces, last = [], start
    for tag_start, tag_end in tags:
        pieces.append((last, tag_start))
        last = tag_end
    pieces.append((last, end))
    return [(a, b) for a, b in pieces if a < b]


def _spaced(doc, pieces: list[tuple[int, int]]) -> str:
    """The text of `pieces`, with what checks read as white space made a space (a
    quote's `>` on a wrapped line), so that it is not taken for a word to rewrite."""
    text, prose = doc.text, doc.prose
    if prose is text:
        return "".join(text[a:b] for a, b in pieces)
    return "".join(" " if p != t and p.isspace() else t
                   for a, b in pieces for p, t in zip(prose[a:b], text[a:b]))


def _edit_between(pieces: list[tuple[int, int]], visible: str, fix: str) -> tuple[tuple[int, int], str]:
    """(span, text) of an edit that turns `visible` (the text of `pieces`) into `fix`,
    word by word: the words the two share at either end stay as they are, with the
    white space and tags among them; the words between are rewritten."""
    seen = [m.span() for m in SPACED_WORD.finditer(visible)]
    wanted = [m.span() for m in SPACED_WORD.finditer(fix)]
    shortest = min(len(seen), len(wanted))
    head = 0
    while head < shortest and _word(visible, seen[head]) == _word(fix, wanted[head]):
        head += 1
    tail = 0
    while tail < shortest - head and _word(visible, seen[-1 - tail]) == _word(fix, wanted[-1 - tail]):
        tail += 1
    if head + tail in (len(seen), len(wanted)):
        # words only added or only taken away: rewrite a kept word next to them too
        if head:
            head -= 1
        elif tail:
            tail -= 1
    if head + tail >= max(len(seen), len(wanted)) or not seen or not wanted:
        return (pieces[0][0], pieces[-1][1]), fix  # nothing to keep (the guard then judges)
    offsets = [i for a, b in pieces for i in range(a, b)]
    first, last = seen[head][0], seen[len(seen) - 1 - tail][1]
    return (offsets[first], offsets[last - 1] + 1), fix[wanted[head][0]:wanted[len(wanted) - 1 - tail][1]]


def _word(text: str, span: tuple[int, int]) -> str:
    return text[span[0]:span[1]]


INDEX_FORM = "phrase-index/1"


def _cached_index(rules) -> tuple | None:
    """The n-gram index of many inline phrase rules (a pack of 100,000 one-phrase
    rules), kept in copylint's pack cache beside the packs' parsed rules: building it
    (normal forms, owners, first two words) costs more than loading it. Keyed on the
    packs (path, size, modification time) and the rules' ids in order; None when not
    cached: phrase files (cached on their own), small packs, or the one-automaton case."""
    if any("phrases_file" in r.params for r in rules) or sum(len(r.params["phrases"]) for r in rules) <= LARGE:
        return None
    import hashlib  # here, not above: it maps OpenSSL (3 MB of memory) into every run

    from ..cache import MIN_BYTES, parsed

    sources, sizes = {}, {}
    for source in dict.fromkeys(r.source for r in rules):
        try:
            stat = source.stat()
        except (OSError, TypeError, AttributeError):
            return None
        sources[source] = f"{Path(source).resolve()}\0{stat.st_size}\0{stat.st_mtime_ns}"
        sizes[source] = stat.st_size
    biggest = max(sizes, key=sizes.get)
    if sizes[biggest] < MIN_BYTES:
        return None
    digest = hashlib.sha256("\0".join([*sources.values(), *(r.id for r in rules)]).encode("utf-8", "surrogateescape"))

    def build():
        check = PhraseCheck.__new__(PhraseCheck)
        check._build(rules)
        if check.automaton is not None or not check.owner:
            return None
        normal = any(not isinstance(t, _RuleTable) for t in check.tables)
        return normal, check.owner, check.long, check.word_keys, check.always, check.singles, check.pairs

    return parsed(Path(biggest), build, f"{INDEX_FORM}/{digest.hexdigest()}")


def compile(rules, settings):
    from ..gcpause import collector_paused

    with collector_paused():  # a table per rule, 100,000 of them in a big pack
        return PhraseCheck(rules, settings)
