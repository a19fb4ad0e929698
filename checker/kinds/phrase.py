"""`phrase`: literal phrases mapped to replacements, from every rule compiled into
one matcher, so a run costs time in proportion to the text whatever the number of
phrases. Matching ignores case and line wrapping, and respects word boundaries; a
replacement keeps the capitalisation of the matched text.

Up to LARGE phrases go into one Aho-Corasick automaton. Building an automaton costs
about 2 µs a phrase, so bigger lists (a terminology list of 100,000 phrases) are
matched in two steps instead: the document's word n-grams are looked up in the
phrase table (a hash lookup each), and only the phrases found go into a small
automaton that finds their exact spans. A big list (a `phrases_file`, or one rule's
inline mapping) is kept packed in copylint's pack cache (checker/phrase_index.py) and
read only for the phrases a document holds. Big lists belong in a `phrases_file` (TSV),
which loads in bulk without a per-line Python loop in the common case.
"""
from __future__ import annotations

import re
from functools import cached_property
from itertools import chain, repeat
from operator import attrgetter
from pathlib import Path

from . import format_message, param
from ..finding import Finding
from ..phrase_index import FORM, PhraseIndex, is_packed, pack
from ..rule_runs import RuleRun
from ..rulepack import Rule
from ..word_count import characters_beyond_ascii as _characters_beyond_ascii

# Above this many phrases, the n-gram lookup replaces the one big automaton.
LARGE = 20_000
# A text with fewer words than the phrases / this looks its words and pairs of words up
# in the phrase indexes' tries (about 1.5 µs a pair) rather than making their gram sets
# (about 0.15 µs a phrase, then 0.05 µs a lookup).
FEW_WORDS_PER_PHRASE = 10
WORDS = re.compile(r"\w+")
# (the choice is made on a chunk's length, before its words are found: about this many
# characters a word, its space included)
CHARACTERS_PER_WORD = 6
# a TSV line: the phrase, then (after the first tab) its replacements
TSV_ROW = re.compile(r"^([^\t\n]*)\t?([^\n]*)", re.MULTILINE)
# white space that normalise() would turn into a plain space (str.split's set)
OTHER_SPACE = re.compile("[\t\r\x0b\x0c\x1c-\x1f\x85\xa0\u1680\u2000-\u200a\u2028\u2029\u202f\u205f\u3000]")
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


# a byte a character for `utf8_words`: ASCII that `\w` does not match made a space; the
# bytes of longer UTF-8 sequences kept (their characters are sorted out before)
_WORD_BYTES = bytes(c if c >= 128 or chr(c).isalnum() or c == ord("_") else ord(" ") for c in range(256))
# at most this many distinct characters beyond ASCII that `\w` does not match (quotation
# marks, dashes) are made spaces one by one; a text with more takes WORDS
FEW_OTHER_CHARACTERS = 32


def utf8_words(text: str) -> list[bytes]:
    r"""`WORDS.findall(text)`, each word in UTF-8, found a byte at a time in C: the
    characters beyond ASCII that `\w` does not match replaced by spaces, the text
    encoded, every other ASCII character made a space (`bytes.translate`), then
    split. Less than half the time of the pattern, which tests a Unicode class for
    every character (`\w` is `str.isalnum()` and "_")."""
    others = [c for c in _characters_beyond_ascii(text) if not (c.isalnum() or c == "_")]
    if len(others) > FEW_OTHER_CHARACTERS:
        return [word.encode("utf-8", "surrogatepass") for word in WORDS.findall(text)]
    for c in others:
        text = text.replace(c, " ")
    return text.encode("utf-8", "surrogatepass").translate(_WORD_BYTES).split()


def validate(rule) -> None:
    if is_packed(rule.params.get("phrases")):  # validated before the pack cache packed it
        return
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


def _inline_table(rule) -> dict:
    """phrase -> its replacements as the pack gives them (a text, a list or nothing:
    see _inline_replacements)."""
    phrases = rule.params.get("phrases") or {}
    return dict.fromkeys(phrases) if isinstance(phrases, list) else phrases


def _inline_replacements(value) -> tuple[str, ...]:
    return () if value is None else (value,) if isinstance(value, str) else tuple(value)


def _file_data(rule, packable: bool = True):
    """A `phrases_file`'s table and whether its phrases are all in normal form, or,
    for a big list (over LARGE phrases) the rule has alone, the list packed
    (phrase_index.pack: normalised phrase -> replacements). Kept in copylint's pack
    cache, so a big list is read once."""
    from ..cache import parsed

    path = Path(rule.source.parent / rule.params["phrases_file"])
    if not packable:  # inline phrases beside it: the table as it is
        return parsed(path, lambda: _read_file(path, False), "phrases_file/2-table")
    return parsed(path, lambda: _read_file(path, True), f"phrases_file/2/{FORM}")


def _read_file(path: Path, packable: bool):
    table = _file_table(path)
    spelling = _normal_forms(list(table))
    if packable and len(table) > LARGE:
        return pack(_normalised(table, spelling))
    return table, spelling is None


def _normalised(table: dict, spelling: dict | None) -> dict:
    """normalised phrase -> the replacements of the first phrase with that normal form
    (`spelling` from _normal_forms: None when every phrase is in normal form)."""
    if spelling is None:
        return table
    return {key: table[phrase] for key, phrase in spelling.items()}


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


class _RuleTable:
    """One rule's phrases: its tables (a TSV file's entries win over inline ones) and
    the spelling each normalised phrase came from."""

    def __init__(self, rule, file_data: tuple | None = None):
        self.rule = rule
        self.tables = [_inline_table(rule)]
        self.readers = [_inline_replacements]  # how each table gives its replacements
        if rule.params.get("phrases_file"):
            table, normal = file_data or _file_data(rule, packable=not self.tables[0])
            self.tables.insert(0, table)
            self.readers.insert(0, _replacements)
            if normal and not self.tables[1]:
                self.keys, self.spelling = table, {}
                return
        phrases = list(dict.fromkeys(chain.from_iterable(reversed(self.tables))))
        renamed = _normal_forms(phrases)
        if renamed is None:
            self.keys, self.spelling = phrases, {}
        else:
            self.keys, self.spelling = list(renamed), renamed

    def entry(self, key: str) -> tuple[str, tuple[str, ...]]:
        phrase = self.spelling.get(key, key)
        for table, replacements in zip(self.tables, self.readers):
            if phrase in table:
                return phrase, replacements(table[phrase])
        return phrase, ()


class _InlineRule:
    """A rule whose phrases are all inline and in normal form (the common case, and
    every rule of a pack of 100,000 one-phrase rules): its keys are its phrases, and
    a match's replacements are read from them directly, so nothing is built per rule."""

    def __init__(self, rule, phrases):
        self.rule = rule
        self.phrases = phrases
        self.keys = phrases if isinstance(phrases, dict) else list(dict.fromkeys(phrases))

    def entry(self, key: str) -> tuple[str, tuple[str, ...]]:
        return key, _inline_replacements(self.phrases.get(key) if isinstance(self.phrases, dict) else None)


class _PackedTable:
    """A rule with a big list, packed in the pack cache (checker/phrase_index.py): its
    phrases (normalised) are looked up, not loaded; a match's replacements are read
    for it alone."""

    def __init__(self, rule, index: PhraseIndex):
        self.rule = rule
        self.index = index
        # the payloads are the replacements as the list gives them
        self.replacements = _replacements if "phrases_file" in rule.params else _inline_replacements

    @property
    def keys(self) -> list[str]:
        return self.index.keys()

    def entry(self, key: str) -> tuple[str, tuple[str, ...]]:
        return key, self.replacements(self.index.payload(key))


def cached_params(rule) -> dict:
    """The rule's parameters as the pack cache keeps them (checker/rulepack.py): a big
    inline list (over LARGE phrases, no `phrases_file` beside it) packed, as a big
    `phrases_file` is, so that a run neither loads nor indexes it whole."""
    phrases = rule.params.get("phrases")
    if "phrases_file" in rule.params or not phrases or len(phrases) <= LARGE or is_packed(phrases):
        return rule.params
    table = _inline_table(rule)
    return {**rule.params, "phrases": pack(_normalised(table, _normal_forms(list(table))))}


def _packed(rule) -> _PackedTable | tuple | None:
    """A rule's big list packed, as a _PackedTable; for a `phrases_file` too small to
    pack, its file data (read once); None for inline phrases."""
    phrases = rule.params.get("phrases")
    if is_packed(phrases):
        return _PackedTable(rule, PhraseIndex(phrases))
    if "phrases_file" in rule.params and not phrases:
        data = _file_data(rule)
        return _PackedTable(rule, PhraseIndex(data)) if is_packed(data) else data
    return None


def _survey(rules) -> tuple[list, list, bool]:
    """Each rule's inline phrases (None for none), and whether any names a
    `phrases_file`: tested for 100,000 one-phrase rules in C, once a compile."""
    params = list(map(attrgetter("params"), rules))
    return (list(map(dict.get, params, repeat("phrases"))),
            any(map(dict.__contains__, params, repeat("phrases_file"))))


def _rule_tables(rules, normal: bool | None = None, survey: tuple | None = None) -> list:
    """One table per rule; rules with inline phrases only, all in normal form (tested
    for all such rules at once, unless `normal` says), get the light _InlineRule, made
    only when one of their phrases matches (see _table) for the small ones: until then
    the rule itself stands for it (a pack may hold 100,000 one-phrase rules: the tests
    of every rule run in C). Big lists, packed in the pack cache, get a _PackedTable."""
    phrases, with_files = survey or _survey(rules)
    special = {}  # rule -> its _PackedTable, or its phrases_file's data
    if with_files or tuple in set(map(type, phrases)):
        special = {id(r): _packed(r) for r in rules
                   if "phrases_file" in r.params or type(r.params.get("phrases")) is tuple}
    inline = [r for r, p in zip(rules, phrases) if p and id(r) not in special]
    if normal is None:
        normal = bool(inline) and _normal_forms(list(chain.from_iterable(r.params["phrases"] for r in inline))) is None
    if normal and not special and len(inline) == len(rules):  # (a pack of one-phrase rules)
        if max(map(len, phrases), default=0) <= LARGE:  # every rule stands for its table
            return list(rules)
        return [rule if len(p) <= LARGE else _InlineRule(rule, p) for rule, p in zip(rules, phrases)]
    light = {id(r) for r in inline} if normal else set()
    return [special[id(rule)] if isinstance(special.get(id(rule)), _PackedTable)
            else (rule if len(rule.params["phrases"]) <= LARGE else _InlineRule(rule, rule.params["phrases"]))
            if id(rule) in light else _RuleTable(rule, special.get(id(rule))) for rule in rules]


def _keys(table) -> dict | list:
    """A table's normalised phrases; a rule standing for its _InlineRule: its phrases."""
    if isinstance(table, Rule):
        phrases = table.params["phrases"]
        return phrases if isinstance(phrases, dict) else list(dict.fromkeys(phrases))
    return table.keys


def _owners(tables: list, which) -> dict[str, int]:
    """normalised phrase -> index of its rule, for the tables at indexes `which`; a
    phrase in two rules: the first keeps it (built in C from the last table to the
    first, so the first's entries win)."""
    last = sorted(which, reverse=True)
    keys = [_keys(tables[i]) for i in last]
    return dict(zip(chain.from_iterable(keys), chain.from_iterable(map(repeat, last, map(len, keys)))))


def _size(table) -> int:
    return len(table.index) if isinstance(table, _PackedTable) else len(_keys(table))


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
    """Up to LARGE phrases in all: one automaton of them (`owner`: phrase -> rule).
    More: `sources`, phrase indexes (checker/phrase_index.py) each with the rule its
    phrases belong to (None: the index's payload names the rule, or, when the third
    item is given, the place in it of the rule's number), looked up with the document's
    words and pairs of words. Rules are numbered in their order; a packed run of rules
    (checker/rule_runs.py) counts as its rules, each made (with its table) at its first
    match."""

    # checked a window at a time (checker/windows.py): each phrase is matched where it stands
    scope = "local"

    def __init__(self, rules, settings):
        self.automaton = None
        self.owner: dict[str, int] = {}
        self.sources: list[tuple[PhraseIndex, int | None, object]] = []
        self.runs: list[tuple[int, RuleRun]] = []  # (number of its first rule, run)
        if RuleRun in set(map(type, rules)):
            rules = self._runs_apart(rules)
        survey = _survey(rules)
        index = _cached_index(rules, survey) if not self.runs else None
        if index is not None:  # many small rules: their index, from the pack cache
            normal, packed = index
            self.tables = _rule_tables(rules, normal, survey)
            self.sources = [(PhraseIndex(packed), None, None)]
            return
        self.tables = _rule_tables(rules, None, survey)
        self._build(rules, survey[1])

    def _runs_apart(self, rules) -> list:
        """The rules that are not in runs; each run's index a source, its rules numbered
        after the rules before it (`self.numbers`: the number of each rule returned)."""
        self.numbers: list[int] = []
        plain, number = [], 0
        for part in rules:
            if type(part) is RuleRun:
                self.runs.append((number, part))
                self.sources.append((PhraseIndex(part.index), None, range(number, number + len(part))))
                number += len(part)
            else:
                plain.append(part)
                self.numbers.append(number)
                number += 1
        return plain

    def _build(self, rules, with_files: bool) -> None:
        numbers = self.numbers if self.runs else None
        if not self.runs and sum(map(_size, self.tables)) <= LARGE:
            self.owner = _owners(self.tables, range(len(self.tables)))
            if self.owner:
                self.automaton = _automaton(self.owner)
            return
        rest = []
        for i, table in enumerate(self.tables):
            if isinstance(table, _PackedTable):
                self.sources.append((table.index, numbers[i] if numbers else i, None))
            else:
                rest.append(i)
        if rest:  # the other rules' phrases (phrase -> rule), packed too, and kept
            index = PhraseIndex(_kept(rules, lambda: pack(_owners(self.tables, rest)), REST_FORM, with_files))
            if len(index):
                self.sources.append((index, None, numbers))
        if numbers is not None:  # tables by the rules' numbers; a run's made when matched
            self.tables = dict(zip(numbers, self.tables))

    def _table(self, index: int):
        table = self.tables.get(index) if self.runs else self.tables[index]
        if table is None:  # a rule of a run
            return self._run_table(index)
        if isinstance(table, Rule):  # a rule's _InlineRule, made at its first match
            table = self.tables[index] = _InlineRule(table, table.params["phrases"])
        return table

    def _run_table(self, index: int):
        """The table of the rule numbered `index` in a run, made from its rule."""
        first, run = next((first, run) for first, run in reversed(self.runs) if first <= index)
        table = self.tables[index] = _RuleTable(run.rule(index - first))
        return table

    @cached_property
    def _grams(self) -> frozenset[bytes]:
        """What a text's words and pairs of words are looked up in, for every index
        (in UTF-8, as `utf8_words` gives them)."""
        grams = [index.utf8_grams for index, _, _ in self.sources]
        return grams[0] if len(grams) == 1 else frozenset().union(*grams)

    @cached_property
    def _phrase_count(self) -> int:
        return sum(len(index) for index, _, _ in self.sources)

    def _candidates(self, text: str) -> dict[str, int]:
        """The phrases that may match in `text`, each with the index of its rule: those
        whose words, or first two words, occur in it (hash lookups of its words and
        pairs of words, in C). Long texts go a chunk at a time, so memory stays bounded."""
        singles = any(index.singles for index, _, _ in self.sources)
        owner: dict[str, int] = {}
        carry: list[str] = []  # the last word of the chunk before, for the pair across
        for chunk in _chunks(text, CHUNK_CHARACTERS):
            if len(chunk) * FEW_WORDS_PER_PHRASE < self._phrase_count * CHARACTERS_PER_WORD:
                # a short text: looked up in the tries, without making the gram sets
                words = carry + WORDS.findall(chunk)
                pairs, distinct = set(map(" ".join, zip(words, words[1:]))), set(words) if singles else ()
                found = [(*source, source[0].hits(distinct, pairs)) for source in self.sources]
            else:
                words = [word.encode("utf-8", "surrogatepass") for word in carry] + utf8_words(chunk)
                hits = set(filter(self._grams.__contains__, map(b" ".join, zip(words, words[1:]))))
                if singles:
                    hits.update(filter(self._grams.__contains__, words))
                hits = {hit.decode("utf-8", "surrogatepass") for hit in hits}
                found = [(*source, hits) for source in self.sources]
            for index, rule, numbers, hits in found:
                for key in index.found(hits):
                    which = rule if rule is not None else (
                        index.payload(key) if numbers is None else numbers[index.payload(key)])
                    if owner.get(key, which) >= which:
                        owner[key] = which
            carry = [word if type(word) is str else word.decode("utf-8", "surrogatepass") for word in words[-1:]]
        return owner

    def check(self, doc):
        if self.automaton is None and not self.sources:
            return
        folded = doc.folded_across_tags
        text = folded.text
        automaton, owner = self.automaton, self.owner
        if automaton is None:
            owner = self._candidates(text)
            if not owner:
                return
            automaton = _automaton(owner)
        for end_index, length in automaton_matches(automaton, text):
            start = end_index + 1 - length
            end = end_index + 1
            if start > 0 and (text[start - 1].isalnum() or text[start - 1] == "_"):
                continue
            if end < len(text) and (text[end].isalnum() or text[end] == "_"):
                continue
            table = self._table(owner[text[start:end]])
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


INDEX_FORM = f"phrase-index/2/{FORM}"
REST_FORM = f"phrase-rest/1/{FORM}"


def _cached_index(rules, survey: tuple) -> tuple | None:
    """The phrase index of many inline phrase rules (a pack of 100,000 one-phrase
    rules: phrase -> its rule, packed) and whether their phrases are in normal form,
    from the pack cache (see _kept); None when not cached: phrase files and big lists
    (packed on their own, the other rules' index kept beside them by _build), or the
    one-automaton case."""
    phrases, with_files = survey
    if with_files or tuple in set(map(type, phrases)) or sum(map(len, phrases)) <= LARGE:
        return None

    def build():
        tables = _rule_tables(rules, None, survey)
        owner = _owners(tables, range(len(tables)))
        if len(owner) <= LARGE:
            return None
        normal = any(not isinstance(t, _RuleTable) for t in tables)
        return normal, pack(owner)

    return _kept(rules, build, INDEX_FORM, False)


def _kept(rules, build, form: str, with_files: bool):
    """build()'s result for these rules, kept in copylint's pack cache beside the
    packs' parsed rules: building an index of many phrases (normal forms, owners,
    packing) costs more than loading it. Keyed on every file the rules' phrases come
    from (path, size, modification time) and the rules' ids in order (`--select` or
    `--ignore` make another; `with_files`: some rule names a `phrases_file`); build()
    itself when no such file is big enough to cache."""
    import hashlib  # here, not above: it maps OpenSSL (3 MB of memory) into every run

    from ..cache import MIN_BYTES, parsed

    given = list(map(attrgetter("source"), rules))
    # the rules of a pack share one Path object: told apart by identity first, in C
    files = list(dict(zip(map(id, given), given)).values())
    if with_files:
        files += [r.source.parent / r.params["phrases_file"] for r in rules if "phrases_file" in r.params]
    sources, sizes = {}, {}
    for source in dict.fromkeys(files):
        try:
            stat = source.stat()
        except (OSError, TypeError, AttributeError):
            return build()
        sources[source] = f"{Path(source).resolve()}\0{stat.st_size}\0{stat.st_mtime_ns}"
        sizes[source] = stat.st_size
    biggest = max(sizes, key=sizes.get)
    if sizes[biggest] < MIN_BYTES:
        return build()
    digest = hashlib.sha256("\0".join([*sources.values(), *map(attrgetter("id"), rules)]).encode("utf-8", "surrogateescape"))
    return parsed(Path(biggest), build, f"{form}/{digest.hexdigest()}")


def runnable(params: dict) -> bool:
    """Whether a rule with these parameters may be kept in a packed run of alike rules
    (checker/rule_runs.py): its phrases inline only, not a big list packed alone."""
    phrases = params.get("phrases")
    return len(params) == 1 and type(phrases) in (dict, list) and 0 < len(phrases) <= LARGE


def run_index(params: list[dict]) -> tuple:
    """A run's phrases (normalised) -> the number in the run of the first rule that has
    each, packed (phrase_index.pack): built once, with the run's pack cache entry."""
    keys = [list(dict.fromkeys(p["phrases"])) for p in params]
    if _normal_forms(list(chain.from_iterable(keys))) is not None:
        keys = [list(dict.fromkeys(map(normalise, k))) for k in keys]
    last = range(len(keys) - 1, -1, -1)  # from the last rule to the first: the first's entries win
    return pack(dict(zip(chain.from_iterable(map(keys.__getitem__, last)),
                         chain.from_iterable(map(repeat, last, map(len, map(keys.__getitem__, last)))))))


def compile(rules, settings):
    from ..gcpause import collector_paused

    with collector_paused():  # a table per rule, 100,000 of them in a big pack
        return PhraseCheck(rules, settings)
