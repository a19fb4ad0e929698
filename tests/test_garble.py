"""The garble detector as a user meets it: findings with exact spans and fixes for
each pattern of damage, silence on clean sentences, the threshold, the spin score
in the JSON report and --max-spin-score, and `explain`."""
from __future__ import annotations

import os

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from checker.config import Settings
from checker.engine import Engine
from checker.runner import check_text
from conftest import cli, shared_path

ENGINE = Engine(Settings(select=["garble"]))


def garbles(text: str, engine: Engine = ENGINE):
    return [(f.rule, text[f.start:f.end], f.fix) for f in check_text(engine, text).findings]


@pytest.mark.parametrize("text,span,fix", [
    ("Officials blamed worldwide warming for the floods.", "worldwide warming", "global warming"),
    # capitalisation of the matched text carries over to the fix
    ("Climate alteration threatens the villages on the coast.", "Climate alteration", "Climate change"),
    # inflection: a plural stays plural
    ("The school built two tennis tribunals behind the gym.", "tennis tribunals", "tennis courts"),
    ("The children sat by the swimming puddle all afternoon.", "swimming puddle", "swimming pool"),
    ("The students measured the melting spot of the wax.", "melting spot", "melting point"),
])
def test_synonym_swapped_collocation_is_flagged_with_the_original(text, span, fix):
    assert garbles(text) == [("garble.collocation", span, fix)]


@pytest.mark.parametrize("text,span", [
    # a phrase wrapped at the end of a line is still a phrase, whatever the line ending
    ("Officials blamed worldwide\nwarming for the floods.", "worldwide\nwarming"),
    ("Officials blamed worldwide \r\n  warming for the floods.", "worldwide \r\n  warming"),
    ("Officials blamed worldwide\t warming for the floods.", "worldwide\t warming"),
    # a blank line or a lone carriage return ends it
    ("Officials blamed worldwide\n\nwarming for the floods.", None),
    ("Officials blamed worldwide\n \nwarming for the floods.", None),
    ("Officials blamed worldwide\rwarming for the floods.", None),
])
def test_a_phrase_may_span_one_line_break_only(text, span):
    expected = [("garble.collocation", span, "global warming")] if span else []
    assert garbles(text) == expected


@pytest.mark.parametrize("text,span,fix", [
    # a WordNet term one synonym away, found through the term index
    ("He survived a heart assault last spring.", "heart assault", "heart attack"),
    ("The runner collapsed from cardiac apprehension.", "cardiac apprehension", "cardiac arrest"),
    ("A tidal undulation flattened the harbour wall.", "tidal undulation", "tidal wave"),
    # a plural term, counted as its singular in the bigram list; the plural is kept
    ("The ward saw two cardiac apprehensions that night.", "cardiac apprehensions", "cardiac arrests"),
    # a plural-only word ("fumes") whose WordNet relative is singular ("gas"): the fix
    # keeps the plural
    ("The plant releases greenhouse fumes every day.", "greenhouse fumes", "greenhouse gases"),
    # a broader word swapped in, accepted because the term is far commoner than chance
    ("The prime clergyman answered questions in parliament.", "prime clergyman", "prime minister"),
])
def test_swapped_wordnet_term_is_flagged_with_the_term(text, span, fix):
    assert garbles(text) == [("garble.collocation", span, fix)]


@pytest.mark.parametrize("text", [
    "He survived a heart attack last spring.",
    "The runner collapsed from cardiac arrest.",
    # ordinary pairs of common words one synonym from a term stay quiet
    "She gave him a little talk about manners and a good sort of supper.",
    "The old doctor kept a small garden behind the house.",
    "Her mortal enemy waited by the gate until the tall ship sailed.",
])
def test_common_pairs_near_a_term_stay_silent(text):
    assert garbles(text) == []


@pytest.mark.parametrize("text,span,fix", [
    # a Moby Thesaurus substitute ("corrosive" for "acid"): the kept word pairs firmly
    # with exactly one word of the swapped word's family
    ("The lab stores citric corrosive in a locked cupboard.", "citric corrosive", "citric acid"),
    ("Each protein is a chain of amino corrosives.", "amino corrosives", "amino acids"),
    ("Our team trained a contraption learning model on the images.", "contraption learning",
     "machine learning"),
    # a pair of technical documentation ("eigenvalue decomposition" is rare in books)
    ("The solver starts with an eigenvalue disintegration of the matrix.", "eigenvalue disintegration",
     "eigenvalue decomposition"),
])
def test_thesaurus_swapped_pair_is_flagged_with_the_original(text, span, fix):
    found = [f for f in check_text(ENGINE, text).findings]
    assert [(f.rule, text[f.start:f.end], f.fix) for f in found] == [("garble.collocation", span, fix)]
    assert 0.55 <= found[0].confidence <= 0.65


@pytest.mark.parametrize("text,span,fix", [
    # a three-word WordNet term one substitution away (WordNet or Moby Thesaurus)
    ("The laptop has a faster central processing entity.", "central processing entity",
     "central processing unit"),
    ("The hall needs a new public address organization before the concert.", "public address organization",
     "public address system"),
])
def test_swapped_three_word_term_is_flagged_with_the_term(text, span, fix):
    assert garbles(text) == [("garble.collocation", span, fix)]


@pytest.mark.parametrize("text", [
    "The laptop has a faster central processing unit.",
    # "heart disease" is a phrase of its own: not a swapped "congenital heart defect"
    "The clinic treats children with congenital heart disease.",
])
def test_three_word_terms_and_their_neighbours_stay_silent(text):
    assert garbles(text) == []


@pytest.mark.parametrize("text", [
    "The lab stores citric acid in a locked cupboard.",
    # "eldest" pairs with "son" and "daughter", both of the family of "sister": the pair
    # is ordinary English that the bigram list lacks, not a swapped "eldest son"
    "Her eldest sister married a clergyman in the spring.",
])
def test_thesaurus_path_stays_silent_on_ordinary_pairs(text):
    assert garbles(text) == []


@pytest.mark.parametrize("text", [
    # missing from the bigram list and one swap from a term ("set aside", "rightful
    # place"), but pairs a language model of edited English knows: ordinary English
    "She laid aside her sewing when the guests arrived.",
    "The old house is his rightful property under the will.",
])
def test_pairs_a_language_model_knows_stay_silent(text):
    assert garbles(text) == []


@pytest.mark.parametrize("text,span,fix", [
    # the frequency lists spell these words only the British way ("archaeological",
    # "traveller"); the American spelling is read with the same counts, and the fix
    # keeps it
    ("Looters stripped the archeological places of the valley.", "archeological places", "archeological sites"),
    ("Looters stripped the archaeological places of the valley.", "archaeological places",
     "archaeological sites"),
    ("Each traveler grading is checked by hand.", "traveler grading", "traveler rating"),
])
def test_american_and_british_spellings_are_read_alike(text, span, fix):
    assert garbles(text) == [("garble.collocation", span, fix)]


def test_pairs_technical_writers_use_stay_silent():
    # rare in books and one swap from a dictionary term ("weighted average"), but a
    # pair technical documentation uses: ordinary English of the field
    assert garbles("The report gives the weighted mean of the three scores.") == []


@pytest.mark.parametrize("text,span,fix", [
    # the swapped word is one technical writers use a lot ("characters" of a sequence,
    # "tensor", the "knots" of a spline): more likely a term the lexicon lacks than a
    # spinner's pick, so found only when a user lowers the threshold
    ("The alignment holds degenerate characters at two positions.", "degenerate characters",
     "degenerate cases"),
    ("The code computes the tensor contraction of both arrays.", "tensor contraction", "muscle contraction"),
    ("The surgeon removed a swollen lymph knot from his neck.", "lymph knot", "lymph node"),
])
def test_a_swapped_word_of_the_field_falls_below_the_default_threshold(text, span, fix):
    assert garbles(text) == []
    low = check_text(Engine(Settings(select=["garble"], garble_threshold=0.2)), text).findings
    assert [(text[f.start:f.end], f.fix) for f in low] == [(span, fix)]
    assert low[0].confidence < 0.5


def test_collocation_message_names_the_likely_original():
    finding = check_text(ENGINE, "Officials blamed worldwide warming for the floods.").findings[0]
    assert finding.message.startswith("“worldwide warming” looks like a synonym-swapped “global warming”")
    assert not finding.fix_safe and 0.5 <= finding.confidence <= 1.0


@pytest.mark.parametrize("text,span,fix", [
    ("The rebels said they already have everything govern.", "have everything govern", "govern everything"),
    ("Prices were lower before they opened the new factory started.",
     "opened the new factory started", "opened the new factory"),
    ("There is no sign that the villagers are a militia form.", "are a militia form", "are forming a militia"),
    ("Starting the harvest this late in a wet autumn is not a condition.", "is not a condition", None),
    ("Officials fear that sending the fleet north, with or without its escorts, is not a condition.",
     "is not a condition", None),
    ("It rained all week. Starting the harvest this late is not a condition.", "is not a condition", None),
])
def test_broken_syntax_is_flagged(text, span, fix):
    assert garbles(text) == [("garble.syntax", span, fix)]


@pytest.mark.parametrize("text", [
    "Officials blamed global warming for the floods.",
    "Climate change threatens the villages on the coast.",
    "The prime minister held a press conference on Monday.",
    "The rebels said they already govern everything.",
    "She found the door locked when they opened the shop.",
    "It was a stone wall, and beyond it a young woman waited.",
    "The harvest is not a problem this year.",
    # a predicate noun that usually takes a complement, after a plain subject
    "Money is not an issue.",
    "In this release, the order of the keys is not an issue.",
    "The value returned is not a sequence.",
    "He had everything ready. They had something planned.",
    "My dear fellow, the whole matter is a great deal simpler than that.",
    # "be a NOUN VERB" where the two are a pair that technical writing uses
    "This release will be a breaking change.",
    "Each fenced region of the page is a code block.",
])
def test_clean_sentences_stay_silent(text):
    assert garbles(text) == []


def test_threshold_trades_recall_for_precision():
    text = "The school built two tennis tribunals behind the gym."
    assert garbles(text, Engine(Settings(select=["garble"], garble_threshold=0.3)))
    assert garbles(text, Engine(Settings(select=["garble"], garble_threshold=0.99))) == []


def test_lower_threshold_opens_the_loose_thesaurus_tier():
    # "blood" and "force" are too common for the sure tier: found only when a user
    # lowers the threshold to trade precision for recall
    text = "The nurse said his blood force was far too high."
    assert garbles(text) == []
    low = Engine(Settings(select=["garble"], garble_threshold=0.3))
    found = check_text(low, text).findings
    assert [(text[f.start:f.end], f.fix) for f in found] == [("blood force", "blood pressure")]
    assert 0.3 <= found[0].confidence < 0.5


def test_cli_threshold_option_and_its_range(write):
    path = write("a.txt", "The school built two tennis tribunals behind the gym.\n")
    assert cli("lint", "--select", "garble", str(path)).exit_code == 1
    assert cli("lint", "--select", "garble", "--garble-threshold", "0.99", str(path)).exit_code == 0
    bad = cli("lint", "--garble-threshold", "1.5", str(path))
    assert bad.exit_code == 2 and "garble-threshold" in bad.stderr


SPUN = ("Officials blamed worldwide warming for the floods. Climate alteration threatens the coast, "
        "and the rebels said they already have everything govern.\n")
CLEAN = "Officials blamed global warming for the floods. The rebels said they already govern everything.\n" * 40


def test_json_report_carries_spin_scores(write):
    spun, clean = write("spun.txt", SPUN), write("clean.txt", CLEAN)
    report = cli("lint", "--format", "json", "--fail-on", "never", str(spun), str(clean)).json()
    by_path = {f["path"]: f for f in report["files"]}
    assert by_path[str(spun)]["spin_score"] > 0.9
    assert by_path[str(clean)]["spin_score"] == 0.0
    assert 0 < report["summary"]["spin_score"] < by_path[str(spun)]["spin_score"]


def test_max_spin_score_fails_a_spun_document(write):
    spun, clean = write("spun.txt", SPUN), write("clean.txt", CLEAN)
    over = cli("lint", "--fail-on", "never", "--max-spin-score", "0.5", str(spun))
    assert over.exit_code == 1 and "spin score 1.00 is above 0.50" in over.stderr
    assert cli("lint", "--fail-on", "never", "--max-spin-score", "0.5", str(clean)).exit_code == 0
    assert cli("lint", "--max-spin-score", "2", str(clean)).exit_code == 2


def test_spin_score_function_for_other_reports():
    from checker.document import Document
    from checker.garble.spin import spin_score

    doc = Document.from_text(SPUN)
    findings = check_text(ENGINE, SPUN).findings
    assert spin_score(findings, doc) > 0.9
    assert spin_score([], doc) == 0.0
    assert spin_score(findings, 0) == 0.0


def test_explain_says_how_the_detector_decides():
    result = cli("explain", "garble.collocation")
    assert result.exit_code == 0
    assert "mutual information" in result.stdout and "no list of known" in result.stdout
    assert "“Climate alteration” looks like a synonym-swapped “Climate change”" in result.stdout


def test_lexicon_loads_from_the_package_only():
    from checker.garble.lexicon import DATA_FILE, load

    assert DATA_FILE.is_file() and DATA_FILE.stat().st_size < 17_000_000
    lex = load()
    assert lex.established("prime minister") and not lex.established("prime clergyman")


def test_spun_news_syntax_garbles_are_caught():
    text = shared_path("examples", "spun-news.txt").read_text(encoding="utf-8")
    found = {text[f.start:f.end] for f in check_text(ENGINE, text).findings}
    assert {"is not a condition", "are a force form", "have everything govern",
            "launched the full-scale invasion started"} <= found


@pytest.mark.parametrize("name", ["gutenberg_1342_pride_and_prejudice_part1.txt",
                                  "gutenberg_1661_adventures_of_sherlock_holmes.txt"])
def test_clean_prose_gets_at_most_one_garble_per_10000_words(name):
    from checker.document import Document

    text = shared_path("corpus", name).read_text(encoding="utf-8")
    findings = check_text(ENGINE, text).findings
    assert len(findings) <= Document.from_text(text).word_count / 10_000


@settings(max_examples=500, deadline=None)
@given(st.text(alphabet="abcdeé", max_size=9), st.text(alphabet="abcdeé", max_size=9))
def test_spelling_variants_share_five_letters_or_all_but_the_shorter_ones_last(a, b):
    from checker.garble.candidates import spelling_variant

    common = len(os.path.commonprefix([a, b]))
    assert spelling_variant(a, b) == (common >= 5 or common >= min(len(a), len(b)) - 1)
    assert spelling_variant(a, b) == spelling_variant(b, a)


@pytest.mark.parametrize("threshold", [0.1, 0.5])
def test_a_findings_proposals_are_distinct(threshold):
    # candidates that differ only in case read alike once cased like the page: one proposal
    text = "Officials blamed worldwide warming for the floods that year."
    engine = Engine(Settings(select=["garble"], garble_threshold=threshold))
    [found] = [f for f in check_text(engine, text).findings if f.rule == "garble.collocation"]
    assert found.replacements[0] == "global warming"
    assert len(set(found.replacements)) == len(found.replacements)
