"""The deep tier with the real language model (installed by `copylint model install`;
CI installs it, elsewhere these tests skip). Every sentence here was written for these
tests: spun ones must be flagged with the writer's phrase as the fix, their originals
and other plain sentences must be left alone."""
from __future__ import annotations

import os
import subprocess
import sys
from functools import cache
from pathlib import Path

import pytest

from checker.config import Settings
from checker.engine import Engine
from checker.lm.store import status
from checker.runner import check_text

pytestmark = pytest.mark.skipif(not status().installed,
                                reason="the language model is not installed (copylint model install)")

SHARED = Path(__file__).resolve().parents[2] / "shared"

# (sentence, the spun phrase, the fix expected) -- one-word and two-word swaps, news and science
SPUN = [
    ("The prime clergyman answered questions from reporters after the cabinet meeting.",
     "prime clergyman", "prime minister"),
    ("The family hired a clown for the birthday festivity on Saturday.", "birthday festivity", "birthday party"),
    ("The nurse checked his blood force twice a day.", "blood force", "blood pressure"),
]
# found when the user lowers the threshold: the first two are below the default on their
# own (the third, since session 29's probe, just reaches it), so sure findings near them
# must back them up to it (the default margin is kept high for precision in prose;
# docs/garble.md)
SPUN_LOOSE = [
    ("According to the weather conjecture, the storm will reach the coast tonight.",
     "weather conjecture", "weather forecast"),
    ("The lab keeps benzoic corrosive in a locked cupboard.", "benzoic corrosive", "benzoic acid"),
    ("The hospital said its counterfeit consciousness software reads scans faster than doctors.",
     "counterfeit consciousness", "artificial intelligence"),
]
ORIGINALS = [
    "The hospital said its artificial intelligence software reads scans faster than doctors.",
    "The prime minister answered questions from reporters after the cabinet meeting.",
    "The lab keeps benzoic acid in a locked cupboard.",
    "The family hired a clown for the birthday party on Saturday.",
    "According to the weather forecast, the storm will reach the coast tonight.",
    "Her grandmother kept the letters in a tin box under the stairs.",
    "The river rose quickly after three days of rain, and the bridge was closed.",
    "Volunteers planted two hundred oak saplings on the hill behind the school.",
    "The court heard that the contract had never been signed by both parties.",
]
# plain sentences with rarer words, where the model sees much to doubt and little to improve
LITERARY = [
    "The old lighthouse keeper polished the brass lamp every evening before the tide turned.",
    "A thin mist crept over the marsh, and the herons stood motionless among the reeds.",
    "Her solicitor drafted a brief letter declining the invitation with studied courtesy.",
    "The orchard's gnarled pear trees bore little fruit after the late frost.",
    "Cobblestones glistened beneath the gas lamps as the carriage rattled past the inn.",
]


# these tests judge what the model reads and concludes, so their engines keep no
# verdicts across tests (the cache has its own tests: tests/test_deep_cache.py)
@pytest.fixture(scope="module")
def deep_engine():
    return Engine(Settings(deep=True, deep_cache=False, select=["garble"]))


def _findings(engine, text):
    return [f for f in check_text(engine, text).findings if f.rule.startswith("garble.")]


@pytest.fixture(scope="module")
def loose_engine():
    return Engine(Settings(deep=True, deep_cache=False, select=["garble"], garble_threshold=0.1))


@pytest.mark.parametrize("which", ["default", "loose"])
def test_spun_phrases_are_flagged_with_the_writers_phrase(deep_engine, loose_engine, which):
    engine, cases, least = (deep_engine, SPUN, 0.5) if which == "default" else (loose_engine, SPUN_LOOSE, 0.1)
    text = "\n\n".join(s for s, _, _ in cases)
    found = _findings(engine, text)
    for sentence, phrase, fix in cases:
        start = text.index(sentence) + sentence.index(phrase)
        hits = [f for f in found if f.rule == "garble.collocation" and f.start == start
                and f.end == start + len(phrase)]
        assert hits, f"not flagged: {phrase!r} in {sentence!r}; found {[(text[f.start:f.end], f.fix) for f in found]}"
        assert hits[0].fix == fix
        assert not hits[0].fix_safe and least <= hits[0].confidence <= 1
        assert f"“{phrase}” looks like a synonym-swapped “{fix}”" in hits[0].message


@pytest.mark.parametrize("spelt", ["organiser", "organizer"])
def test_a_british_spelling_is_no_swap(deep_engine, spelt):
    """The model read "regional organiser" as a swap of "regional coordinator" until the
    span was judged against its American spelling too (deep._as_spelled_in_america):
    British copy is flagged no more than American."""
    assert _findings(deep_engine, f"Its regional {spelt} said the members would not accept another pay freeze.") == []


def test_the_originals_and_plain_sentences_are_left_alone(deep_engine):
    text = "\n\n".join(ORIGINALS)
    assert [(text[f.start:f.end], f.fix) for f in _findings(deep_engine, text)] == []


def test_a_weaker_swap_is_flagged_where_sure_ones_stand_near_it(deep_engine):
    # a spinner rewrites whole texts: two sure findings close by back a weaker one
    (sure1, _, _), (sure2, _, _), (sure3, _, _) = SPUN
    weak, phrase, fix = SPUN_LOOSE[0]
    text = " ".join([sure1, weak, sure2])
    findings = _findings(deep_engine, text)
    found = [(text[f.start:f.end], f.fix, f.confidence) for f in findings]
    backers = [c for p, _, c in found if p != phrase]
    assert [(p, f) for p, f, _ in found] == [SPUN[0][1:], (phrase, fix), SPUN[1][1:]]
    assert 0.5 <= found[1][2] <= min(backers)  # never surer than what backs it
    # its message says what backs it and that its original is a guess; the sure ones' do not
    assert findings[1].message == (f"“{phrase}” looks like a synonym-swapped “{fix}”, as 2 phrases near it do; "
                                   f"that original is a guess (confidence {found[1][2]:.2f}).")
    assert all(f.message.endswith(f"” (confidence {f.confidence:.2f}).") for f in (findings[0], findings[2]))
    # the same sentence beside the writers' own sentences is left alone
    plain = " ".join([ORIGINALS[1], weak, ORIGINALS[3]])
    assert _findings(deep_engine, plain) == []
    # farther off (over 2,000 characters away, within 12,000), two are not enough and three are
    from checker.garble.deep import BACKING

    filler = " ".join(ORIGINALS[5:] * 8)
    assert BACKING[0][1] < len(filler) < BACKING[1][1] // 3
    two = " ".join([sure1, filler, weak, filler, sure2])
    assert [two[f.start:f.end] for f in _findings(deep_engine, two)] == [SPUN[0][1], SPUN[1][1]]
    three = " ".join([sure1, filler, weak, filler, sure2, sure3])
    found = [(three[f.start:f.end], f.message) for f in _findings(deep_engine, three)]
    assert [p for p, _ in found] == [s[1] for s in SPUN[:1]] + [phrase] + [s[1] for s in SPUN[1:]]
    assert ", as 3 phrases near it do; that original is a guess" in found[1][1]


# other rules' sure findings, each as sure a sign of a spinner as a sure swap (own
# sentences): two damaged terms that still carry their acronym, or two clauses broken
# in garble.syntax's shapes; (rule, the sentences, each one's span and fix)
SIGNS = {
    "acronyms": ("garble.acronym", ["Our group trained a profound learning (DL) model on the scans.",
                                    "The lodging market (HM) cooled in the spring."],
                 [("profound learning", "deep learning"), ("lodging market", "housing market")]),
    "clauses": ("garble.syntax", ["The residents are a militia form, and the mayor is worried.",
                                  "Selling the house before the winter is not a requirement."],
                [("are a militia form", "are forming a militia"), ("is not a requirement", None)]),
}


@pytest.mark.parametrize("signs", list(SIGNS))
def test_other_rules_findings_back_a_weaker_swap_as_sure_findings_do(deep_engine, signs):
    # two of them back a weaker swap near them; beside one it is left alone
    rule, sentences, spans = SIGNS[signs]
    weak, phrase, fix = SPUN_LOOSE[0]
    assert [f.rule for f in _findings(deep_engine, " ".join(sentences))] == [rule] * 2
    text = " ".join([sentences[0], weak, sentences[1]])
    findings = _findings(deep_engine, text)
    assert [(f.rule, text[f.start:f.end], f.fix) for f in findings] == [
        (rule, *spans[0]), ("garble.collocation", phrase, fix), (rule, *spans[1])]
    assert ", as 2 phrases near it do; that original is a guess" in findings[1].message
    # never surer than the backers it needs
    assert 0.5 <= findings[1].confidence <= min(findings[0].confidence, findings[2].confidence)
    one = " ".join([sentences[0], weak, ORIGINALS[3]])
    assert [f.rule for f in _findings(deep_engine, one)] == [rule]


def test_only_sentences_near_sure_findings_are_read_a_second_time(deep_engine, monkeypatch):
    # the lower margin costs a second reading, paid only where a spinner was surely at work
    from checker.garble import deep

    read_again, plan = [], deep.plan
    monkeypatch.setattr(deep, "plan", lambda read, *args, backing=False: (
        read_again.extend(a.text for _, a in read) if backing else None) or plan(read, *args, backing=backing))
    _findings(deep_engine, " ".join(ORIGINALS + LITERARY))
    assert read_again == []
    (sure1, _, _), (sure2, _, _), _ = SPUN
    _findings(deep_engine, " ".join([sure1, SPUN_LOOSE[0][0], sure2]))
    assert sorted(read_again) == sorted([sure1, SPUN_LOOSE[0][0], sure2])


def test_case_is_kept_in_the_fix(loose_engine):
    found = _findings(loose_engine, "Counterfeit consciousness is changing how newsrooms work.")
    assert [f.fix for f in found if f.rule == "garble.collocation"] == ["Artificial intelligence"]


def test_a_lower_threshold_finds_more_never_less():
    # the findings of the test below (computed once), at three thresholds
    spans = [{(f.start, f.end) for f in both_ways(threshold, None)[0]} for threshold in (0.9, 0.5, 0.1)]
    assert spans[0] <= spans[1] <= spans[2] and spans[0] < spans[2]


@pytest.mark.skipif(not (SHARED / "examples" / "spun-news.txt").exists(), reason="../shared is absent")
def test_the_syntax_garbles_of_the_spun_news_example_are_still_found(deep_engine):
    text = (SHARED / "examples" / "spun-news.txt").read_text(encoding="utf-8")
    found = {text[f.start:f.end] for f in _findings(deep_engine, text) if f.rule == "garble.syntax"}
    for shape in ("have everything govern", "are a force form", "is not a condition"):
        assert any(shape in span for span in found), (shape, found)


def test_lint_deep_from_the_command_line(tmp_path):
    doc = tmp_path / "spun.txt"
    doc.write_text(SPUN[0][0] + "\n", encoding="utf-8")
    done = subprocess.run([sys.executable, "-m", "checker", "lint", "--deep", str(doc)],
                          capture_output=True, text=True, timeout=600)
    assert done.returncode == 1, done.stderr
    assert f"{doc}:1:5: warning garble.collocation “prime clergyman” looks like a synonym-swapped " \
           f"“prime minister”" in done.stdout
    assert done.stdout.rstrip().endswith('-> "prime minister"')


def test_deep_keeps_every_finding_of_the_lexicon_tier(deep_engine):
    """--deep adds to the default tier: what the lexicon flags is still flagged (by the
    model's verdict where it has one, else by the lexicon's)."""
    from checker.rulepack import builtin_pack_dir, load_packs

    rule = next(r for r in load_packs([builtin_pack_dir()]) if r.id == "garble.collocation")
    text = "\n\n".join(rule.bad_examples + [s for s, _, _ in SPUN])
    fast = Engine(Settings(select=["garble"]))
    lexicon = {(f.start, f.end) for f in _findings(fast, text) if f.rule == "garble.collocation"}
    assert lexicon, "the rule's own examples are flagged by the lexicon tier"
    deep = [(f.start, f.end) for f in _findings(deep_engine, text) if f.rule == "garble.collocation"]
    for start, end in lexicon:
        assert any(a < end and start < b for a, b in deep), text[start:end]


# a small word dropped by a rewrite, and the fix that puts it back (garble.fluency keeps a
# high margin by default: these are found from --garble-threshold 0.3, the intact
# sentences stay quiet there too)
DROPPED = [
    ("She has lived in the village since she a child, and knows every family there.", "a", "was a"),
    ("We walked to end of the pier and watched the boats come in.", "end", "the end"),
]
INTACT = [
    "She has lived in the village since she was a child, and knows every family there.",
    "My grandfather was born in a small town by the sea, where his father kept a shop.",
    "We walked to the end of the pier and watched the boats come in.",
    "The old mill by the river has been turned into a museum of the town's history.",
    "She said she would rather walk than wait for the bus in the rain.",
]


def test_a_dropped_small_word_is_put_back_and_intact_sentences_stay_quiet():
    engine = Engine(Settings(deep=True, deep_cache=False, select=["garble.fluency"], garble_threshold=0.3))
    text = "\n\n".join(s for s, _, _ in DROPPED)
    found = [(text[f.start:f.end], f.fix, f.rule) for f in check_text(engine, text).findings]
    assert found == [(word, fix, "garble.fluency") for _, word, fix in DROPPED]
    intact = "\n\n".join(INTACT)
    assert [(intact[f.start:f.end], f.fix) for f in check_text(engine, intact).findings] == []


def test_findings_are_the_same_with_one_model_thread_or_two(tmp_path):
    # more sentences than one chunk, with a spun phrase in the first and the last chunk
    plain = " ".join(ORIGINALS[5:]) + " "
    text = SPUN[0][0] + " " + plain * 8 + SPUN[1][0] + "\n"
    path = tmp_path / "long.txt"
    path.write_text(text, encoding="utf-8")
    outputs = []
    for threads in ("1", "2"):
        done = subprocess.run([sys.executable, "-m", "checker", "lint", "--deep", "--select", "garble",
                               "--format", "json", str(path)], capture_output=True, text=True,
                              env={**os.environ, "COPYLINT_MODEL_THREADS": threads})
        assert done.returncode == 1, done.stderr
        outputs.append(done.stdout)
    assert outputs[0] == outputs[1]
    assert "prime minister" in outputs[0] and "birthday party" in outputs[0]


@pytest.mark.parametrize("threshold", [0.2, 0.5, 0.9])
def test_skipping_hopeless_spans_changes_no_finding(threshold):
    skipping_changes_nothing(threshold, model=None)


def skipping_changes_nothing(threshold: float, model: str | None) -> None:
    """The bound that skips a span's full scoring never falls short: the same findings,
    fixes, alternatives and confidences as scoring every span in full (up to rounding)."""
    pruned, scored, skipped = both_ways(threshold, model)
    assert skipped, "no span was skipped: the test would show nothing"

    def seen(findings):  # confidences to four places: batches of other shapes round differently
        return [(f.rule, f.start, f.end, f.message, f.replacements, round(f.confidence, 4)) for f in findings]

    assert seen(scored) == seen(pruned)
    assert pruned or threshold == 0.9


@cache
def both_ways(threshold: float, model: str | None):
    """The garble findings on the test sentences (spun, originals, literary) at
    `threshold`: (with hopeless spans skipped, with every span scored in full, whether
    any span was skipped). Kept for the session: two tests read them."""
    from checker.garble import deep

    text = " ".join([s for s, _, _ in SPUN + SPUN_LOOSE] + ORIGINALS + LITERARY)
    engine = Engine(Settings(deep=True, deep_cache=False, select=["garble"], garble_threshold=threshold, model=model))
    skipped = []
    bound = deep._hopeless
    with pytest.MonkeyPatch.context() as patch:
        patch.setattr(deep, "_hopeless", lambda *args: skipped.append(bound(*args)) or skipped[-1])
        pruned = _findings(engine, text)
        patch.setattr(deep, "_hopeless", lambda *args: False)
        scored = _findings(engine, text)
    return pruned, scored, any(skipped)


@pytest.mark.parametrize("guess", [True, False])
def test_a_guess_never_displaces_what_the_lexicon_is_sure_of(monkeypatch, guess):
    """Where the model only guesses (a finding its neighbours back) and the lexicon's own
    gates are sure of the same words, the lexicon's finding stands, fix and confidence;
    a sure verdict of the model's comes first."""
    from dataclasses import replace

    from checker.kinds.garble import GarbleCheck

    text = "Officials blamed worldwide warming for the floods that year."
    [lexicons] = [f for f in _findings(Engine(Settings(select=["garble"])), text) if f.rule == "garble.collocation"]
    assert (text[lexicons.start:lexicons.end], lexicons.fix) == ("worldwide warming", "global warming")
    models = replace(lexicons, replacements=("worldwide heating",), confidence=0.2, message="a guess")
    monkeypatch.setattr(GarbleCheck, "_deep", lambda kind, doc, lex, spelled=(): iter([(models, guess)]))
    engine = Engine(Settings(deep=True, deep_cache=False, select=["garble"], garble_threshold=0.1))
    found = [f for f in _findings(engine, text) if f.rule == "garble.collocation"]
    assert found == [lexicons if guess else models]


@pytest.mark.parametrize("text, span, fix", [
    # no relative of "border" that begins with an I makes a phrase: the lexicon has no candidate
    ("Users liked the consumer border (UI) of the new app.", "consumer border", "user interface"),
    # the lexicon's candidates ("patron" relatives with a U) are phrases it does not know
    ("The patron interface (UI) was slow on old phones.", "patron interface", "user interface"),
    ("The jobless rate (UR) fell for a third month.", "jobless rate", "unemployment rate"),
])
def test_the_model_writes_out_an_acronym_that_the_lexicon_cannot(deep_engine, text, span, fix):
    """Where the lexicon knows no phrase that spells the acronym, the default tier says
    nothing; with --deep the model, shown the damaged term and its acronym, writes the
    acronym out, and its reading is reported as a guess at confidence 0.6."""
    assert _findings(Engine(Settings(select=["garble"])), text) == []
    [finding] = _findings(deep_engine, text)
    assert (finding.rule, text[finding.start:finding.end], finding.replacements[0], finding.confidence) == \
        ("garble.acronym", span, fix, 0.6)
    assert finding.message == (f"“{span}” does not spell its acronym {text.split('(')[1][:2]}; “{fix}”, the "
                               "language model's reading of it (a guess), does: a synonym-swapped term "
                               "(confidence 0.60).")
    strict = Engine(Settings(deep=True, deep_cache=False, select=["garble"], garble_threshold=0.7))
    assert _findings(strict, text) == []


@pytest.mark.parametrize("text, span, fix", [
    # a word the lexicon does not know: it has no relatives to offer
    ("Scientists warn that global heatedness (GW) will raise sea levels.", "global heatedness", "global warming"),
    # a head the lexicon lists only as a verb
    ("The firm used information excavating (DM) to study its customers.", "information excavating", "data mining"),
    # names that fit their letters are kept as the page writes them
    ("We ran a Monte Carlo recreation (MCS) with ten thousand draws.", "Monte Carlo recreation",
     "Monte Carlo simulation"),
    ("Researchers built a Bayesian organization (BN) to model the risk.", "Bayesian organization", "Bayesian network"),
    # a small word that gives its letter is kept too
    ("The guide lists every point of fascination (POI) in the old town.", "point of fascination",
     "point of interest"),
])
def test_the_model_reads_terms_the_lexicon_cannot_judge_at_all(deep_engine, text, span, fix):
    """Terms the lexicon's own test passes over (a word it does not know, a head it does
    not list as a noun, a capitalised name, a small word) are still the model's to read."""
    assert _findings(Engine(Settings(select=["garble"])), text) == []
    [finding] = _findings(deep_engine, text)
    assert (finding.rule, text[finding.start:finding.end], finding.replacements[0], finding.confidence) == \
        ("garble.acronym", span, fix, 0.6)


@pytest.mark.parametrize("text, span, fix", [
    ("Staff learned foremost help (FA) at the training day.", "foremost help", "first aid"),
    ("The city expanded populace conveyance (PT) to the suburbs.", "populace conveyance", "public transportation"),
])
def test_a_word_that_fits_its_letter_by_chance_is_read_back_too(deep_engine, text, span, fix):
    """A spinner's synonym may begin with the acronym's letter ("foremost" for "first"):
    the model may put back a relative of such a word, not only keep it."""
    [finding] = _findings(deep_engine, text)
    assert (finding.rule, text[finding.start:finding.end], finding.replacements[0], finding.confidence) == \
        ("garble.acronym", span, fix, 0.6)


def test_a_term_is_read_back_from_relatives_the_model_would_not_start_with(deep_engine):
    """"affinity" is an unlikely first word after the prompt until "chromatography"
    follows it, so the word-by-word search never keeps it; read whole, as a reading of
    the page's words' relatives, it is the model's best ("acrylic chromatography" before)."""
    text = "The lab ran fondness chromatography (AC) on the extract."
    [finding] = _findings(deep_engine, text)
    assert (finding.rule, text[finding.start:finding.end], finding.replacements[0], finding.confidence) == \
        ("garble.acronym", "fondness chromatography", "affinity chromatography", 0.6)


def test_a_name_or_a_small_word_that_fits_its_letter_is_never_read_back():
    """Only a lower-case content word may give way to a relative: a name that fits its
    letter, or a small word, is the writer's."""
    from checker.garble import expansion
    from checker.garble.lexicon import load
    from checker.lm import language_model
    from checker.lm.store import locate

    terms = [("Engineers at Shell petroleum (SO) drilled a new well.", ("Shell", "petroleum"), "SO"),
             ("The app keeps an about page (AP) for new users.", ("about", "page"), "AP")]
    found = expansion.expand(language_model(str(locate(None))), load(),
                             [(text, text.index(words[0]), words, acronym) for text, words, acronym in terms])
    assert found[0] and all(r.words[0] == "shell" for r in found[0])
    assert found[1] and all(r.words[0] == "about" for r in found[1])


def test_the_model_reads_a_term_in_its_own_sentence_of_a_longer_text(deep_engine):
    """The model is shown, and reads, the sentence that holds the term, wherever it stands."""
    term = "Researchers built a Bayesian organization (BN) to model the risk."
    text = f"The survey ran for a year. {term} The results came later."
    [finding] = _findings(deep_engine, text)
    assert (text[finding.start:finding.end], finding.replacements[0], finding.confidence) == \
        ("Bayesian organization", "Bayesian network", 0.6)


@pytest.mark.parametrize("text", [
    "Pour one gallon (US) of water into the tank.",        # a unit and its system, not a term
    "Mark the upper left (NW) corner of the map.",          # a direction
    "Users liked the user interface (UI) of the new app.",  # spelled: never asked
])
def test_the_models_reading_must_beat_the_page_in_its_sentence(deep_engine, text):
    """An acronym that its words do not spell is not always a spinner's: the model's
    reading is reported only where it reads clearly better in the sentence than the
    words on the page do."""
    assert _findings(deep_engine, text) == []


def test_a_term_the_lexicon_knows_keeps_the_lexicons_fix_with_deep(deep_engine):
    text = "Our group trained a profound learning (DL) model on the scans."
    [finding] = _findings(deep_engine, text)
    assert (finding.rule, finding.replacements[0], finding.confidence) == ("garble.acronym", "deep learning", 0.9)
    assert ", of its synonyms, does:" in finding.message


def test_every_reading_of_an_acronym_spells_it_keeps_the_words_that_fit_or_a_relative_and_repeats_none():
    from checker.garble import expansion
    from checker.garble.deep import relatives
    from checker.garble.lexicon import load
    from checker.lm import language_model
    from checker.lm.store import locate

    terms = [("Both teams used a reckoning cloud (CC) service.", ("reckoning", "cloud"), "CC"),
             ("The shopper value list (CPI) rose in May.", ("shopper", "value", "list"), "CPI"),
             ("Users liked the consumer border (UI) of the app.", ("consumer", "border"), "UI")]
    lex = load()
    found = expansion.expand(language_model(str(locate(None))), lex,
                             [(text, text.index(words[0]), words, acronym) for text, words, acronym in terms])
    for (_, words, acronym), readings in zip(terms, found):
        assert readings and len(readings) <= expansion.BEAM + expansion.KIN_READINGS
        assert [r.score for r in readings] == sorted((r.score for r in readings), reverse=True)
        for r in readings:
            assert "".join(w[0] for w in r.words) == acronym.lower()
            # a word that fits its letter stays, or gives way to a relative (a spinner's
            # synonym may keep the initial by chance)
            assert all(old == new or new in relatives(old, lex)
                       for old, new, letter in zip(words, r.words, acronym.lower()) if old[0] == letter)
            assert len(set(r.words)) == len(r.words)
            assert " ".join(r.words) not in {term for _, term in expansion.EXAMPLES}
