"""Acronyms that their words no longer spell: a spinner's trace.

A writer introduces a term with its acronym: "artificial intelligence (AI)". An
article spinner swaps the words for thesaurus relatives and leaves the capitals
alone, since they are no word it knows: "counterfeit consciousness (AI)". So where
the words before an acronym in parentheses do not spell it, no looser reading of the
words before it does (a skipped "of", a letter from inside a word), and relatives of
the words that do not fit begin with the letters the acronym has there, making a
phrase the lexicon knows, that phrase is very likely what the writer wrote. The
acronym picks the original out of a word's many relatives by its initial letter,
which is the evidence the collocation rule lacks for most swaps (docs/garble.md,
"How garble.acronym decides"). With --deep, where the lexicon knows none of the
phrases (or there are none), the model writes the acronym out itself (expansion.py,
kinds/garble.py).

No list is involved: the acronym, the words and the lexicon's relations are all
there is."""
from __future__ import annotations

import re
from dataclasses import dataclass
from itertools import product

from .collocation import phrase_shaped
from .pos import ANY_NOUN, FUNCTION_WORDS, ROMAN_NUMERAL

# an acronym in parentheses: two to six capitals, a plural "s" allowed ("CNNs")
ACRONYM = re.compile(r"\(([A-Z]{2,6})s?\)")
WORD = re.compile(r"[A-Za-z]+(?:['’][A-Za-z]+)?")
LOOK_BACK = 3          # words before the acronym's own that a looser spelling may use
MAX_OPTIONS = 2_000    # combinations of relatives tried per acronym
# with --deep, the confidence of the model's reading where the lexicon knows no phrase
# that spells the acronym: the damage is as plain, the original a guess (right for about
# a fifth of such tuning terms: docs/garble.md, "How garble.acronym decides")
GUESS_CONFIDENCE = 0.6


@dataclass(frozen=True)
class Site:
    """An acronym whose words do not spell it, and what could have stood there."""
    start: int                  # offsets of the words that should spell the acronym
    end: int
    words: tuple[str, ...]      # as on the page, lower-case
    acronym: str
    # noun phrases of relatives that spell it: (phrase, how close the loosest swap is,
    # what the lexicon knows of the phrase: 2 a term or frequent pair, 1 a pair of its
    # other lists, 0 nothing), in the order the lexicon ranks them
    candidates: tuple[tuple[tuple[str, ...], float, int], ...]


@dataclass(frozen=True)
class AcronymGarble:
    """The lexicon's finding at a site: the phrase it knows that spells the acronym."""
    site: Site
    fix: tuple[str, ...]
    alternatives: tuple[tuple[str, ...], ...]
    confidence: float


def find(prose: str, lex) -> list[AcronymGarble]:
    """Each acronym in parentheses whose words no longer spell it, with the phrase of
    their relatives that does and that the lexicon knows (see the module's docstring)."""
    return [g for g in map(pick, sites(prose, lex)) if g is not None]


def pick(site: Site) -> AcronymGarble | None:
    """The lexicon's finding at a site: its best phrase that spells the acronym, or None
    when it knows none of them."""
    known = [phrase for phrase, _, knowledge in site.candidates if knowledge]
    if not known:
        return None
    return AcronymGarble(site, known[0], tuple(known[1:3]), confidence(site.words, known[0]))


def _numbering(letters: str) -> bool:
    """ "(II)", "(IV)", "(XII)": a Roman numeral of I, V and X is numbering, not an
    acronym ("(CD)", "(MD)" and "(ML)" are acronyms far more often)."""
    return bool(ROMAN_NUMERAL.fullmatch(letters)) and set(letters) <= set("IVX")


def sites(prose: str, lex, bare: bool = False) -> list[Site]:
    """Each acronym in parentheses that its words do not spell, in any looser way
    either, where relatives of the words that do not fit make noun phrases that do;
    with `bare`, where they make none too (for the model to expand: expansion.py)."""
    out = []
    for match in ACRONYM.finditer(prose):
        letters = match.group(1).lower()
        if _numbering(match.group(1)) or prose[match.start() - 1:match.start()] != " ":
            continue
        before = _words_before(prose, match.start(), len(letters) + LOOK_BACK)
        # spelled by the words, or by those before the last ("the angular distribution
        # function (AD)": the acronym of the term's head)
        if len(before) < len(letters) or _spelled(before, letters) or _spelled(before[:-1], letters, inner=False):
            continue
        own = before[-len(letters):]
        words = tuple(w for _, _, w in own)
        if (not any(w in FUNCTION_WORDS for w in words) and all(lex.known(w) for w in words)
                and _lower_case(prose, own) and lex.pos.get(words[-1], 0) & ANY_NOUN):  # a term's head is a noun
            candidates = tuple(_spelling_relatives(words, letters, lex))
        elif bare and _model_site(prose, own, letters):
            candidates = ()  # the lexicon cannot judge it; the model can
        else:
            continue
        if candidates or bare:
            out.append(Site(own[0][0], own[-1][1], words, match.group(1), candidates))
    return out


def _model_site(prose: str, own, letters: str) -> bool:
    """For the model only: whether every word that does not fit its letter is a word (not
    a letter, nor a small word) written in lower case (a capital allowed where a sentence
    starts), and the last is no small word. Unlike the lexicon's sites, words it does not
    know and heads it does not list as nouns are allowed (a spinner's "global heatedness",
    "information excavating"), and so are a capitalised word and a small word that fit
    their letters ("Bayesian organization (BN)", "point of fascination (POI)"): a name
    or a small word kept, its neighbours swapped."""
    if own[-1][2] in FUNCTION_WORDS:
        return False  # a term ends in its head
    for k, ((a, b, word), letter) in enumerate(zip(own, letters)):
        if len(word) < 2 and word != letter:
            return False  # a variable or a unit ("reflection s (TE)"), not a term's word
        if word[0] == letter:
            continue
        # a small word is in a term's acronym only with its initial ("bag of words (BOW)");
        # a capitalised word that does not fit is a name's, and the writer's
        if word in FUNCTION_WORDS or not _in_lower_case(prose, a, b, first=k == 0):
            return False
    return True


def _lower_case(prose: str, own) -> bool:
    """Whether the words are written in lower case, the first allowed a capital where a
    sentence starts: a capitalised or upper-case word is a name or a heading's, and a
    term written so is the writer's ("Arabic digits (AN)", "PARTIAL LINE FORWARD")."""
    return all(_in_lower_case(prose, a, b, first=k == 0) for k, (a, b, _) in enumerate(own))


def _in_lower_case(prose: str, start: int, end: int, first: bool) -> bool:
    """Whether a word is written in lower case, or capitalised only because it is a
    term's `first` word and a sentence starts there."""
    text = prose[start:end]
    return text.islower() or (first and text[0].isupper() and text[1:].islower() and _sentence_starts(prose, start))


def _sentence_starts(prose: str, at: int) -> bool:
    before = prose[:at].rstrip(" ")
    return not before or before[-1] in ".!?\n"


def _words_before(prose: str, end: int, count: int) -> list[tuple[int, int, str]]:
    """Up to `count` words that run up to `end` (the opening parenthesis), joined by
    spaces or hyphens only: (start, end, lower-case word), in order. Punctuation, or
    anything but a space, a hyphen, a line break or an opening bracket or quotation
    mark before a word, ends the run."""
    out: list[tuple[int, int, str]] = []
    at = end
    while len(out) < count:
        gap_end = at
        while at > 0 and prose[at - 1] in " -":
            at -= 1
        if at == gap_end and out:
            break  # two words must be separated
        if gap_end - at > 1 and " " in prose[at:gap_end] and "-" in prose[at:gap_end]:
            break
        word_end = at
        while at > 0 and (prose[at - 1].isalpha() or prose[at - 1] in "'’"):
            at -= 1
        text = prose[at:word_end]
        if not text or not WORD.fullmatch(text) or (at > 0 and prose[at - 1] not in " -\n\t(\"“"):
            break
        out.append((at, word_end, text))
        if at == 0 or prose[at - 1] not in " -":
            break
    out.reverse()
    return [(a, b, w.lower()) for a, b, w in out]


def _spelled(before: list[tuple[int, int, str]], letters: str, inner: bool = True) -> bool:
    """Whether the words spell the acronym in any looser way: its last letter in the
    last word, its other letters in earlier words in order, each word's first letter
    used, small words between them skipped ("Food and Drug Administration"), and, when
    `inner`, more letters taken from inside a word after its initial ("deoxyribonucleic
    acid" for DNA, "Extensible Markup Language" for XML)."""
    words = [w for _, _, w in before]

    def fits(i: int, j: int) -> bool:
        # letters[:i + 1] spelled by words[:j + 1], with letters[i] in words[j]
        if i < 0:
            return True
        if j < 0:
            return False
        word = words[j]
        # letters[k..i] all inside words[j], letters[k] its initial
        for k in range(i, i - 1 if not inner else -1, -1):
            part = letters[k:i + 1]
            if word[0] == part[0] and _subsequence(part[1:], word[1:]):
                if k == 0:
                    return True
                # an earlier word spells the letters before; only small words between
                for jj in range(j - 1, -1, -1):
                    if fits(k - 1, jj):
                        return True
                    if words[jj] not in FUNCTION_WORDS:
                        break
        return False

    return fits(len(letters) - 1, len(words) - 1)


def _subsequence(part: str, word: str) -> bool:
    it = iter(word)
    return all(c in it for c in part)


def _spelling_relatives(words: tuple[str, ...], letters: str, lex) -> list:
    """The noun phrases that keep the words that fit the acronym and put, for each that
    does not, a relative beginning with the acronym's letter there: (phrase, closeness
    of its loosest swap, what the lexicon knows of it), best first: a WordNet term or
    frequent pair, then a pair only its other lists know, then the rest; the closer
    relation first within each."""
    options = []
    for word, letter in zip(words, letters):
        if word[0] == letter:
            options.append([(word, 1.0)])
            continue
        related = [(w, c) for w, c in lex.related(word) if w[:1] == letter and " " not in w]
        seen = {w for w, _ in related}
        related += [(w, 0.3) for w in sorted(lex.thesaurus(word)) if w[:1] == letter and " " not in w
                    and w not in seen]
        if not related:
            return []
        options.append(related)
    total = 1
    for o in options:
        total *= len(o)
    if total > MAX_OPTIONS:
        return []
    ranked = []
    for combo in product(*options):
        phrase = tuple(w for w, _ in combo)
        if not phrase_shaped(phrase, lex):
            continue  # what an acronym abbreviates is a term: a noun phrase
        closeness = min(c for (w, c), old in zip(combo, words) if w != old)
        knowledge = _knowledge(phrase, lex)
        ranked.append(((-knowledge, -closeness), (phrase, closeness, knowledge)))
    ranked.sort(key=lambda item: item[0])
    return [candidate for _, candidate in ranked]


def _knowledge(phrase: tuple[str, ...], lex) -> int:
    """2: a WordNet term or a frequent pair of edited English; 1: a pair (or, for a
    longer phrase, every pair of neighbours) that the lexicon's other lists know as
    ordinary English or technical usage; 0: unknown."""
    text = " ".join(phrase)
    if lex.established(text):
        return 2
    if len(phrase) == 2:
        return int(lex.ordinary(text))
    return int(all(lex.ordinary(f"{a} {b}") for a, b in zip(phrase, phrase[1:])))


def confidence(words: tuple[str, ...], fix: tuple[str, ...]) -> float:
    """0.9 for one word swapped, a little less for more: the acronym is firm evidence,
    the choice among relatives that spell it less so."""
    swaps = sum(a != b for a, b in zip(words, fix))
    return 0.9 if swaps == 1 else 0.8
