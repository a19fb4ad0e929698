#!/usr/bin/env python3
"""Build checker/data/garble-lexicon.pickle.gz: the compact lexicon the garble detector
reads at run time, so that a plain `pip install` needs neither WordNet nor NLTK.

Inputs (all offline on a build machine):
  * WordNet 3.0 database files (Debian `wordnet-base`: /usr/share/wordnet), read with
    NLTK's WordNet reader (PyPI `nltk`, extra `data`; no NLTK download);
  * symspellpy's bundled word and bigram frequency lists (Google counts), with the
    American spelling of each word they have only in its British one ("tumour", no
    "tumor"), after breame's table (PyPI `breame`, Apache-2.0), given the same counts;
  * the Moby Thesaurus (public domain; npm package `moby` 1.1.2, file words.txt: fetch
    it with `npm pack moby@1.1.2`), the broad thesaurus spinners' word swaps look like;
  * word-pair counts of technical documentation (tools/build_tech_bigrams.py);
  * the word pairs of CMU Sphinx's US English language model (tools/export_news_pairs.py).

Output (a gzipped pickle of plain dicts and strings, and two marisa tries; see
checker/garble/lexicon.py):
  * `unigrams`: word -> log10 count x 20, for the words the detector may look at;
  * `bigrams`: "w1 w2" -> log10 count x 20 (symspell's frequent bigrams), a RecordTrie;
  * `mwes`: WordNet's two- and three-word lemmas, with the plural of their last word (a Trie);
  * `related`: word form -> "100:form,form;80:form..." substitutes with the same
    inflection (synonyms, similar adjectives, direct hypernyms/hyponyms);
  * `thesaurus`: word form -> "|"-joined Moby Thesaurus substitutes of the same
    inflection that WordNet does not relate to it (at most MAX_THESAURUS, most frequent first);
  * `tech_bigrams` (a RecordTrie, "w1 w2" -> log10 count x 20), `tech_total`, and per
    word `tech_left_mass`/`tech_right_mass` (log10 of all its pairs' counts on that side)
    and `tech_left_partners`/`tech_right_partners` (words it pairs with at least
    TECH_PARTNER_COUNT times): the technical corpus;
  * `news_pairs` (a marisa Trie): the language model's pairs that are shaped like the
    detector's phrases (a noun or adjective and a possible noun, no function word) and
    missing from the bigram list: pairs of ordinary English, never flagged;
  * `pos`: word form -> bit set of possible parts of speech and verb forms;
  * `mwe_left`/`mwe_right`: for each word, the words that make a two-word WordNet term
    with it on its left or right;
  * `mwe3_slots`: for each three-word WordNet term with one word replaced by "*", the
    words that fill the slot;
  * `left_mass`/`right_mass`: log10 of each word's bigram counts on either side, and
    `left_partners`/`right_partners`: the partners holding at least 2% of them.

Run: python tools/build_lexicon.py --moby moby-1.1.2.tgz --tech-bigrams tech-bigrams.tsv.gz
       --news-pairs news-pairs.txt.gz [--wordnet DIR] [--out FILE]
"""
from __future__ import annotations

import argparse
import gzip
import math
import pickle
import shutil
import sys
import tarfile
import tempfile
import warnings
from collections import defaultdict
from contextlib import contextmanager
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))

from checker.garble.candidates import singular_forms  # noqa: E402  (as the detector tries them)
from checker.garble.pos import ADJ, ANY_NOUN, FUNCTION_WORDS, POS_BITS  # noqa: E402  (one definition)

POS_FILES = {"n": "noun", "v": "verb", "a": "adj", "r": "adv"}
# relation weights: how close a substitute is to the word it replaces
W_SYNONYM, W_SIMILAR, W_HYPER, W_DERIV, W_SISTER = 1.0, 0.8, 0.55, 0.5, 0.45
MAX_RELATED = 40
MAX_THESAURUS = 60
TECH_PARTNER_COUNT = 10  # must not exceed the detector's lowest tier (checker/garble/thesaurus.py)
MAX_SISTERS = 25  # a broader term with more kinds than this is too vague to give sisters
LOG_SCALE = 20  # must match checker/garble/lexicon.py
PARTNER_SHARE = 0.02

DETACH = {
    "n": [("s", ""), ("ses", "s"), ("xes", "x"), ("zes", "z"), ("ches", "ch"), ("shes", "sh"),
          ("men", "man"), ("ies", "y")],
    "v": [("s", ""), ("ies", "y"), ("es", "e"), ("es", ""), ("ed", "e"), ("ed", ""),
          ("ing", "e"), ("ing", "")],
    "a": [("er", ""), ("est", ""), ("er", "e"), ("est", "e")],
    "r": [],
}


def log_code(count: int) -> int:
    """log10 of a count in steps of 1/LOG_SCALE: a small int (under 256), which Python
    shares rather than allocates, so the lexicon loads faster than with floats."""
    return int(round(math.log10(count) * LOG_SCALE))


def suffix_form(pos: str, suffix: str) -> str:
    if pos == "n":
        return "pl"
    if pos == "v":
        return {"s": "s", "ies": "s", "es": "s", "ed": "ed", "ing": "ing"}[suffix]
    if pos == "a":
        return "er" if suffix == "er" else "est"
    return "base"


# WordNet 3.0's 45 lexicographer files in order (lexnames(5WN)); NLTK's reader opens a
# `lexnames` file that Debian's wordnet-base does not ship, so one is written from these.
LEXNAMES = """adj.all adj.pert adv.all noun.Tops noun.act noun.animal noun.artifact
    noun.attribute noun.body noun.cognition noun.communication noun.event noun.feeling
    noun.food noun.group noun.location noun.motive noun.object noun.person
    noun.phenomenon noun.plant noun.possession noun.process noun.quantity noun.relation
    noun.shape noun.state noun.substance noun.time verb.body verb.change verb.cognition
    verb.communication verb.competition verb.consumption verb.contact verb.creation
    verb.emotion verb.motion verb.perception verb.possession verb.social verb.stative
    verb.weather adj.ppl""".split()
LEXNAME_CATEGORY = {"noun": 1, "verb": 2, "adj": 3, "adv": 4}
# The relations the lexicon is built from, by WordNet pointer symbol: between synsets
# (NLTK's Synset methods) and between lemmas (its Lemma methods; "^" is both).
SYNSET_RELATIONS = {"@": "hypernyms", "@i": "instance_hypernyms", "~": "hyponyms",
                    "~i": "instance_hyponyms", "&": "similar_tos", "^": "also_sees", "=": "attributes"}
LEMMA_RELATIONS = {"^": "also_sees", "+": "derivationally_related_forms", "\\": "pertainyms"}


@contextmanager
def wordnet_reader(source: Path):
    """NLTK's WordNet reader over the WordNet 3.0 database files in `source`. NLTK
    reads corpora only from folders on its data path (symbolic links resolved), so the
    files are copied into a temporary `corpora/wordnet` with a `lexnames` file."""
    import nltk
    from nltk.corpus.reader.wordnet import WordNetCorpusReader

    with tempfile.TemporaryDirectory(prefix="copylint-wordnet-") as root:
        target = Path(root) / "corpora" / "wordnet"
        target.mkdir(parents=True)
        for path in source.iterdir():
            if path.is_file():
                shutil.copyfile(path, target / path.name)
        if not (target / "lexnames").exists():
            (target / "lexnames").write_text("".join(
                f"{i:02d}\t{name}\t{LEXNAME_CATEGORY[name.split('.')[0]]}\n" for i, name in enumerate(LEXNAMES)))
        nltk.data.path.insert(0, root)
        try:
            with warnings.catch_warnings():  # "multilingual functions are not available": not wanted
                warnings.simplefilter("ignore", UserWarning)
                reader = WordNetCorpusReader(nltk.data.find("corpora/wordnet"), None)
            yield reader
        finally:
            nltk.data.path.remove(root)


def _key(synset) -> tuple[str, str]:
    pos = synset.pos()
    return ("a" if pos == "s" else pos), f"{synset.offset():08d}"


def read_wordnet(source: Path):
    """Synsets: (pos, offset) -> (lemmas, pointers), each pointer (symbol, target key,
    source/target lemma numbers in hex, "0000" between whole synsets); index: pos -> set
    of lemmas; exceptions: pos -> inflected form -> base. Read with NLTK's reader."""
    synsets, index = {}, defaultdict(set)
    exceptions = defaultdict(dict)  # pos -> inflected -> base
    with wordnet_reader(source) as wn:
        for pos, name in POS_FILES.items():
            index[pos].update(wn.all_lemma_names(pos))
            for synset in wn.all_synsets(pos):
                lemmas = synset.lemmas()
                pointers = []
                for symbol, relation in SYNSET_RELATIONS.items():
                    for target in getattr(synset, relation)():
                        pointers.append((symbol, _key(target), "0000"))
                for i, lemma in enumerate(lemmas, 1):
                    for symbol, relation in LEMMA_RELATIONS.items():
                        for other in getattr(lemma, relation)():
                            j = [x.name() for x in other.synset().lemmas()].index(other.name()) + 1
                            pointers.append((symbol, _key(other.synset()), f"{i:02x}{j:02x}"))
                synsets[_key(synset)] = ([lemma.name().lower() for lemma in lemmas], pointers)
            for line in wn.open(f"{name}.exc"):
                parts = line.split()
                if len(parts) >= 2:
                    exceptions[pos][parts[0]] = parts[1]
    return synsets, index, exceptions


def read_moby(path: Path) -> dict[str, set[str]]:
    """Moby Thesaurus relations between single words, both ways: word -> words. Read
    from the npm package's tarball (or its words.txt): one line a root, then its
    synonyms and related words, comma-separated."""
    if path.suffix in (".tgz", ".gz"):
        with tarfile.open(path) as tar:
            raw = tar.extractfile("package/words.txt").read()
    else:
        raw = path.read_bytes()
    related = defaultdict(set)
    for line in raw.decode("latin-1").splitlines():
        items = [item.strip().lower() for item in line.split(",")]
        root = items[0]
        if not root.isalpha():
            continue
        for item in items[1:]:
            if item.isalpha() and item != root:
                related[root].add(item)
                related[item].add(root)
    return related


def analyse(form: str, index, exceptions):
    """[(lemma, pos, inflection)] for a surface form, like WordNet's morphy."""
    out = []
    for pos in "nvar":
        if form in index[pos]:
            out.append((form, pos, "base"))
        if form in exceptions[pos]:
            base = exceptions[pos][form]
            kind = {"n": "pl", "v": "ed", "a": "er", "r": "base"}[pos]
            if pos == "v" and form.endswith("ing"):
                kind = "ing"
            if pos == "a" and form.endswith("st"):
                kind = "est"
            out.append((base, pos, kind))
            continue
        for suffix, ending in DETACH[pos]:
            if form.endswith(suffix) and len(form) > len(suffix) + 1:
                base = form[: -len(suffix)] + ending
                if base in index[pos] and base != form:
                    out.append((base, pos, suffix_form(pos, suffix)))
                    break
        if pos == "v" and form.endswith("ing") and not any(o[1] == "v" and o[2] == "ing" for o in out):
            base = form[:-4]  # doubled consonant: running -> run
            if len(form) > 5 and form[-4] == form[-5] and base in index["v"]:
                out.append((base, "v", "ing"))
        if pos == "v" and form.endswith("ed") and not any(o[1] == "v" and o[2] == "ed" for o in out):
            base = form[:-3]
            if len(form) > 4 and form[-3] == form[-4] and base in index["v"]:
                out.append((base, "v", "ed"))
    return out


def read_tech_bigrams(path: Path):
    """(total, pair -> count, word -> left mass, word -> right mass) from the TSV that
    tools/build_tech_bigrams.py writes."""
    total, pairs, left, right = 0, {}, {}, {}
    with gzip.open(path, "rt", encoding="utf-8") as handle:
        for line in handle:
            key, _, count = line.rstrip("\n").rpartition("\t")
            if key == "#total":
                total = int(count)
            elif key.startswith("#left "):
                left[key[6:]] = int(count)
            elif key.startswith("#right "):
                right[key[7:]] = int(count)
            else:
                pairs[key] = int(count)
    return total, pairs, left, right


def add_american_spellings(unigram_counts: dict, bigram_counts: dict) -> None:
    """symspell's lists spell many words only the British way ("tumour", "anaemia",
    "modelling": no "tumor", "anemia", "modeling"), so American text would read as
    rare or unknown words. Each such word's American spelling (breame's table) gets the
    British form's count, and so does each frequent pair with it ("brain tumor")."""
    from breame.data.spelling_constants import BRITISH_ENGLISH_SPELLINGS as table

    american = {british: us for british, us in table.items()
                if british in unigram_counts and us.isalpha() and us not in unigram_counts}
    for british, us in american.items():
        unigram_counts[us] = unigram_counts[british]
    for pair, count in list(bigram_counts.items()):
        w1, w2 = pair.split(" ")
        if w1 in american or w2 in american:
            bigram_counts.setdefault(f"{american.get(w1, w1)} {american.get(w2, w2)}", count)


def related_words(packed: str | None) -> list[str]:
    """The words of a packed `related` entry ("100:a,b;80:c")."""
    if not packed:
        return []
    return [w for tier in packed.split(";") for w in tier.partition(":")[2].split(",")]


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--wordnet", default="/usr/share/wordnet")
    parser.add_argument("--moby", required=True,
                        help="the npm package moby-1.1.2.tgz (npm pack moby@1.1.2) or its words.txt")
    parser.add_argument("--tech-bigrams", required=True,
                        help="word-pair counts of technical documentation (tools/build_tech_bigrams.py)")
    parser.add_argument("--news-pairs", required=True,
                        help="the language model's word pairs (tools/export_news_pairs.py)")
    parser.add_argument("--out", default=str(ROOT / "checker" / "data" / "garble-lexicon.pickle.gz"))
    args = parser.parse_args()

    import marisa_trie
    import symspellpy

    here = Path(symspellpy.__file__).parent
    unigram_counts = {}
    for line in (here / "frequency_dictionary_en_82_765.txt").open(encoding="utf-8"):
        word, count = line.split()
        if word.isalpha():
            unigram_counts[word] = int(count)
    bigram_counts = {}
    for line in (here / "frequency_bigramdictionary_en_243_342.txt").open(encoding="utf-8"):
        w1, w2, count = line.split()
        if w1.isalpha() and w2.isalpha():
            bigram_counts[f"{w1} {w2}"] = int(count)

    total = sum(unigram_counts.values())  # (the American copies below are no new text)
    add_american_spellings(unigram_counts, bigram_counts)

    synsets, index, exceptions = read_wordnet(Path(args.wordnet))
    moby = read_moby(Path(args.moby))

    # analyses of every vocabulary form; the inverse gives inflected forms of lemmas
    analyses = {w: analyse(w, index, exceptions) for w in unigram_counts}
    inflect = defaultdict(list)  # (lemma, pos, inflection) -> forms
    for form, items in analyses.items():
        for lemma, pos, kind in items:
            inflect[(lemma, pos, kind)].append(form)
    for key in inflect:
        inflect[key].sort(key=lambda f: -unigram_counts[f])

    # lemma relations: (lemma, pos) -> {related lemma: weight}
    by_lemma = defaultdict(list)
    for key, (lemmas, _) in synsets.items():
        for lemma in lemmas:
            by_lemma[(lemma, key[0])].append(key)
    relation_cache = {}

    def related_lemmas(lemma: str, pos: str) -> dict:
        cached = relation_cache.get((lemma, pos))
        if cached is not None:
            return cached
        out: dict[str, float] = {}

        def add(word, weight):
            if "_" in word or word == lemma:
                return
            if out.get(word, 0) < weight:
                out[word] = weight

        for key in by_lemma.get((lemma, pos), ()):
            lemmas, pointers = synsets[key]
            for other in lemmas:
                add(other, W_SYNONYM)
            for symbol, target, st in pointers:
                if target not in synsets:
                    continue
                tl = synsets[target][0]
                if symbol in ("&", "^") and target[0] == pos:
                    for other in tl:
                        add(other, W_SIMILAR)
                elif symbol in ("@", "~", "@i", "~i") and target[0] == pos and st == "0000":
                    for other in tl:
                        add(other, W_HYPER)
                    sisters = [t2 for s2, t2, _ in synsets[target][1]
                               if s2 in ("~", "~i") and t2 in synsets and t2 != key]
                    if symbol in ("@", "@i") and len(sisters) <= MAX_SISTERS:
                        # sister terms: other kinds of the same (narrow) broader thing
                        for t2 in sisters:
                            for other in synsets[t2][0]:
                                add(other, W_SISTER)
        relation_cache[(lemma, pos)] = out
        return out

    def derived(lemma: str, pos: str) -> dict:
        """Lemmas of other parts of speech linked by derivation or pertainymy ("acidic"
        -> "acid", "recognition" -> "recognize"), with the part of speech they are."""
        out: dict[tuple[str, str], float] = {}
        for key in by_lemma.get((lemma, pos), ()):
            lemmas, pointers = synsets[key]
            for symbol, target, st in pointers:
                if symbol not in ("+", "\\", "=") or target not in synsets:
                    continue
                source, dest = int(st[:2], 16), int(st[2:], 16)
                if source and lemmas[source - 1] != lemma:
                    continue
                tl = synsets[target][0]
                for other in ([tl[dest - 1]] if dest and dest <= len(tl) else tl):
                    if "_" not in other and other != lemma:
                        out[(other, target[0])] = W_DERIV
        return out

    # the words worth keeping: frequent enough to be written by a spinner or a person
    related = {}
    pos_bits = {}
    for form, items in analyses.items():
        bits = 0
        for lemma, pos, kind in items:
            bits |= POS_BITS[(pos, kind)]
        if bits:
            pos_bits[form] = bits
        candidates: dict[str, float] = {}
        for lemma, pos, kind in items:
            for other, weight in related_lemmas(lemma, pos).items():
                forms = inflect.get((other, pos, kind))
                if not forms:
                    continue
                target = forms[0]
                if target != form and candidates.get(target, 0) < weight:
                    candidates[target] = weight
            # derived words keep the inflection only within one part of speech
            for (other, opos), weight in derived(lemma, pos).items():
                forms = inflect.get((other, opos, kind if opos == pos else "base"))
                if forms and forms[0] != form and candidates.get(forms[0], 0) < weight:
                    candidates[forms[0]] = weight
        if candidates:
            ranked = sorted(candidates.items(), key=lambda kv: (-kv[1], -unigram_counts[kv[0]]))[:MAX_RELATED]
            tiers = defaultdict(list)  # closeness (percent) -> words, closest first
            for w, x in ranked:
                tiers[int(round(x * 100))].append(w)
            related[form] = ";".join(f"{x}:{','.join(ws)}" for x, ws in sorted(tiers.items(), reverse=True))

    mwes = set()
    for (lemma, pos), _ in by_lemma.items():
        parts = lemma.split("_")
        if 2 <= len(parts) <= 3 and all(p.isalpha() for p in parts):
            mwes.add(" ".join(parts))
            if pos == "n":
                for plural in inflect.get((parts[-1], "n", "pl"), [])[:1]:
                    mwes.add(" ".join(parts[:-1] + [plural]))

    keep = set(related) | set(pos_bits)
    for phrase in list(bigram_counts) + list(mwes):
        keep.update(phrase.split())
    # each word's total bigram mass on either side: how much of it one partner holds
    left_mass, right_mass = defaultdict(int), defaultdict(int)
    for phrase, count in bigram_counts.items():
        w1, w2 = phrase.split()
        right_mass[w1] += count
        left_mass[w2] += count
    # each word's loyal partners: words holding at least PARTNER_SHARE of its pairings on
    # one side, the only substitutes that can make a confident finding (fast lookup)
    left_partners, right_partners = defaultdict(list), defaultdict(list)
    for phrase, count in bigram_counts.items():
        w1, w2 = phrase.split()
        if count >= PARTNER_SHARE * left_mass[w2]:
            left_partners[w2].append(w1)
        if count >= PARTNER_SHARE * right_mass[w1]:
            right_partners[w1].append(w2)
    # three-word WordNet terms indexed by each slot: "central processing *" -> "unit",
    # "* processing unit" -> "central", so a triple's candidates are found by lookup
    mwe3_slots = defaultdict(list)
    for phrase in mwes:
        parts = phrase.split()
        if len(parts) == 3:
            for i in range(3):
                mwe3_slots[" ".join(parts[:i] + ["*"] + parts[i + 1:])].append(parts[i])
    # two-word WordNet terms indexed by each word: the partners that make a term with it
    # on its left or right, so candidate terms are found by set intersection
    mwe_left, mwe_right = defaultdict(list), defaultdict(list)
    for phrase in mwes:
        parts = phrase.split()
        if len(parts) == 2:
            mwe_right[parts[0]].append(parts[1])
            mwe_left[parts[1]].append(parts[0])
    # Moby's substitutes of each form: its lemma's thesaurus words that can be the same
    # part of speech, in the same inflection, and are not WordNet substitutes already;
    # only those that are some word's firm partner (a loyal bigram partner or a word of a
    # WordNet term, or the plural of one), since no other can make a candidate
    tech_total, tech_pairs, tech_left, tech_right = read_tech_bigrams(Path(args.tech_bigrams))
    tech_left_partners, tech_right_partners = defaultdict(list), defaultdict(list)
    for pair, count in tech_pairs.items():
        if count >= TECH_PARTNER_COUNT:
            w1, w2 = pair.split(" ")
            tech_right_partners[w1].append(w2)
            tech_left_partners[w2].append(w1)
    firm = set()
    for table in (left_partners, right_partners, mwe_left, mwe_right, mwe3_slots,
                  tech_left_partners, tech_right_partners):
        for words in table.values():
            firm.update(words)
    thesaurus = {}
    for form, items in analyses.items():
        near = set(related_words(related.get(form)))
        found: set[str] = set()
        for lemma, pos, kind in items:
            for other in moby.get(lemma, ()):
                if other in index[pos]:
                    forms = inflect.get((other, pos, kind))
                    if forms and forms[0] != form and forms[0] not in near and \
                            (forms[0] in firm or any(w in firm for w in singular_forms(forms[0]))):
                        found.add(forms[0])
        if found:
            ranked = sorted(found, key=lambda w: (-unigram_counts[w], w))[:MAX_THESAURUS]
            thesaurus[form] = "|".join(ranked)

    # pairs of ordinary English the bigram list lacks, in the shape the detector judges
    news_pairs = set()
    with gzip.open(args.news_pairs, "rt", encoding="utf-8") as handle:
        for line in handle:
            pair = line.strip()
            w1, _, w2 = pair.partition(" ")
            if (pair not in bigram_counts and len(w1) >= 3 and len(w2) >= 3
                    and w1 not in FUNCTION_WORDS and w2 not in FUNCTION_WORDS
                    and pos_bits.get(w2, 0) & ANY_NOUN and pos_bits.get(w1, 0) & (ANY_NOUN | ADJ)):
                news_pairs.add(pair)
    lexicon = {
        "version": 7,
        "mwe_left": {w: "|".join(sorted(p)) for w, p in mwe_left.items()},
        "mwe_right": {w: "|".join(sorted(p)) for w, p in mwe_right.items()},
        "mwe3_slots": {k: "|".join(sorted(p)) for k, p in mwe3_slots.items()},
        "log_scale": LOG_SCALE,
        "left_partners": {w: "|".join(p) for w, p in left_partners.items()},
        "right_partners": {w: "|".join(p) for w, p in right_partners.items()},
        "left_mass": {w: log_code(c) for w, c in left_mass.items()},
        "right_mass": {w: log_code(c) for w, c in right_mass.items()},
        "total": total,
        "unigrams": {w: log_code(c) for w, c in unigram_counts.items() if w in keep},
        # the two big string sets as marisa tries: a tenth of the size, loaded at once
        "bigrams": marisa_trie.RecordTrie("B", ((p, (log_code(c),)) for p, c in bigram_counts.items())).tobytes(),
        "mwes": marisa_trie.Trie(mwes).tobytes(),
        "news_pairs": marisa_trie.Trie(news_pairs).tobytes(),
        "related": related,
        "thesaurus": thesaurus,
        "tech_total": tech_total,
        "tech_bigrams": marisa_trie.RecordTrie("B", ((p, (log_code(c),)) for p, c in tech_pairs.items())).tobytes(),
        "tech_left_mass": {w: log_code(c) for w, c in tech_left.items() if c},
        "tech_right_mass": {w: log_code(c) for w, c in tech_right.items() if c},
        "tech_left_partners": {w: "|".join(sorted(p)) for w, p in tech_left_partners.items()},
        "tech_right_partners": {w: "|".join(sorted(p)) for w, p in tech_right_partners.items()},
        "pos": pos_bits,
    }
    out = Path(args.out)
    out.parent.mkdir(parents=True, exist_ok=True)
    with gzip.open(out, "wb", compresslevel=9) as handle:
        pickle.dump(lexicon, handle, protocol=4)
    print(f"{out}: {out.stat().st_size / 1e6:.2f} MB; {len(lexicon['unigrams'])} words, "
          f"{len(bigram_counts)} bigrams, {len(mwes)} multi-word expressions, "
          f"{len(related)} words with substitutes, {len(thesaurus)} with thesaurus substitutes, "
          f"{len(news_pairs)} language-model pairs")


if __name__ == "__main__":
    main()
