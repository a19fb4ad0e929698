"""One name, two spellings, beyond one edit: transliterations folded together by the
rewrites in rules/variants.yml (consistency.name), and renamed places under their old
and new names (consistency.place-name). Each flagged toward the document's majority
with both spellings and their counts; consistent documents get nothing."""
from __future__ import annotations

import pytest
from hypothesis import given
from hypothesis import strategies as st

from checker.config import Settings
from checker.engine import Engine
from checker.kinds.names import one_edit_apart, plausible_variant
from checker.rulepack import builtin_pack_dir, load_packs
from checker.runner import check_text
from conftest import cli
from strategies import budget

NAME, PLACE = "consistency.name", "consistency.place-name"
ENGINES = {rule: Engine(Settings(select=[rule])) for rule in (NAME, PLACE)}


def found(text, rule):
    return [(text[f.start:f.end], f.fix, f.start, f.fix_safe) for f in check_text(ENGINES[rule], text).findings]


def messages(text, rule):
    return [f.message for f in check_text(ENGINES[rule], text).findings]


# Pairs more than one plausible edit apart: the close-spelling test alone misses them.
TRANSLITERATIONS = [
    ("Dmitrii", "Dmitry"),          # -ii / -y
    ("Yuriy", "Yurii"),             # -iy / -ii
    ("Khodorkovsky", "Hodorkovsky"),  # kh / h at the start
    ("Tzvetanov", "Tsvetanov"),     # tz / ts
    ("Zhukovsky", "Jukovsky"),      # zh / j
    ("Dzhamilov", "Jamilov"),       # dzh / j
    ("Qaddafi", "Gaddafi"),         # q / g
    ("Gadhafi", "Gaddafi"),         # dh / dd
    ("Mouammar", "Muammar"),        # ou / u
    ("Nataliya", "Natalia"),        # -iya / -ia
]


@pytest.mark.parametrize("minority,majority", TRANSLITERATIONS)
def test_transliterations_of_one_name_are_grouped_and_fixed_toward_the_majority(minority, majority):
    text = (f"The talks were led by {majority} on Monday. Aides to {majority} said little, "
            f"and a spokesman for {minority} declined to comment.")
    assert found(text, NAME) == [(minority, majority, text.index(f"for {minority}") + 4, False)]
    assert messages(text, NAME) == [
        f"“{minority}” and “{majority}” look like one name spelled two ways "
        f"(“{majority}” 2×, “{minority}” 1×); the document mostly writes “{majority}”."]


@pytest.mark.parametrize("one,other", TRANSLITERATIONS)
def test_a_document_consistent_in_either_spelling_gets_nothing(one, other):
    for name in (one, other):
        assert found(f"The talks were led by {name}. Aides to {name} said little.", NAME) == []


def test_different_people_whose_names_fold_together_are_left_alone():
    # each name goes with its own other names: two people, not one spelled two ways
    text = "The author Sadiq Khodjaev met the poet Ravshan Hodjaev in Tashkent; Hodjaev read first."
    assert found(text, NAME) == []


def test_a_name_only_at_the_start_of_sentences_is_no_evidence():
    text = "Yurii was late. The meeting began without Yuriy's notes."
    assert found(text, NAME) == []


@st.composite
def two_romanisations(draw):
    one, other = draw(st.sampled_from(TRANSLITERATIONS))
    first, second = draw(st.integers(1, 4)), draw(st.integers(1, 4))
    order = draw(st.permutations([one] * first + [other] * second))
    return one, other, order


@budget(50)
@given(two_romanisations())
def test_the_minority_spelling_is_flagged_wherever_it_stands(case):
    one, other, order = case
    text = " ".join(f"Officials close to {name} met on day {i}." for i, name in enumerate(order))
    counts = {one: order.count(one), other: order.count(other)}
    majority = max(order, key=lambda n: (counts[n], -order.index(n)))
    minority = other if majority == one else one
    got = found(text, NAME)
    assert [g[0] for g in got] == [minority] * counts[minority]
    assert {g[1] for g in got} == {majority}


# -- renamed places -----------------------------------------------------------------

def test_old_and_new_place_names_are_flagged_toward_the_majority():
    text = "Talks in Kyiv resumed. Officials in Kyiv said the envoy left Kiev on Friday."
    assert found(text, PLACE) == [("Kiev", "Kyiv", text.index("Kiev"), False)]
    assert messages(text, PLACE) == [
        "“Kiev” and “Kyiv” name the same place (“Kyiv” 2×, “Kiev” 1×); the document mostly writes “Kyiv”."]


@pytest.mark.parametrize("old,new", [("Bombay", "Mumbai"), ("Peking", "Beijing"), ("Burma", "Myanmar"),
                                     ("Saigon", "Ho Chi Minh City"), ("Ceylon", "Sri Lanka")])
def test_each_renamed_place_both_ways(old, new):
    text = f"Flights from {old} resumed. Traders in {old} welcomed it, and {new} airport was busy."
    assert found(text, PLACE) == [(new, old, text.index(new), False)]
    assert found(f"Flights from {new} resumed; traders in {new} welcomed it.", PLACE) == []
    assert found(f"Flights from {old} resumed; traders in {old} welcomed it.", PLACE) == []


def test_a_tie_goes_to_the_first_form_and_line_breaks_inside_a_name_count():
    text = "Rain fell on Ho Chi Minh\nCity overnight; Saigon's port shut."
    assert found(text, PLACE) == [("Saigon", "Ho Chi Minh City", text.index("Saigon"), False)]


def test_fixed_names_keep_the_old_form():
    text = "In Kyiv the hotel served Chicken Kiev, and in Beijing the chef roasted Peking duck."
    assert found(text, PLACE) == []


def test_old_name_inside_another_word_is_not_the_place():
    assert found("Kyiv officials met Kievan historians.", PLACE) == []


def test_unsafe_fix_writes_the_majority_on_disk(write):
    path = write("story.txt", "Talks in Kyiv resumed. Officials in Kyiv said the envoy left Kiev.\n")
    assert cli("fix", str(path)).exit_code == 1  # not safe: reported, not applied
    assert "Kiev." in path.read_text(encoding="utf-8")
    cli("fix", "--unsafe-fixes", "--select", PLACE, str(path))
    assert path.read_text(encoding="utf-8") == "Talks in Kyiv resumed. Officials in Kyiv said the envoy left Kyiv.\n"


def test_no_place_pair_is_one_the_name_rule_already_finds():
    """Pairs one letter apart and long enough are consistency.name's: one finding each, not two."""
    rules = {r.id: r for r in load_packs([builtin_pack_dir()])}
    min_length = rules[NAME].params["min_length"]
    for group in rules[PLACE].params["groups"]:
        for a in group:
            for b in group:
                assert not (one_edit_apart(a, b) and plausible_variant(a, b) and min(len(a), len(b)) >= min_length), (a, b)


def test_a_bad_group_is_refused_with_the_field_named(write):
    pack = write("house.yml", "pack: house\nrules:\n  - id: house.places\n    kind: renamed\n"
                              "    description: x\n    severity: warning\n    message: x\n    groups: [[Kiev]]\n"
                              "    examples: {bad: [x], good: [y]}\n")
    result = cli("lint", "--rules", str(pack), str(pack))
    assert result.exit_code == 2
    assert "groups" in result.stderr and "two or more names" in result.stderr


def test_a_bad_transliteration_rewrite_is_refused_with_the_field_named(write):
    pack = write("house.yml", "pack: house\nrules:\n  - id: house.names\n    kind: names\n"
                              "    description: x\n    severity: warning\n    message: x\n"
                              "    transliterations: [['(kh', 'h']]\n"
                              "    examples: {bad: [x], good: [y]}\n")
    result = cli("lint", "--rules", str(pack), str(pack))
    assert result.exit_code == 2
    assert "transliterations" in result.stderr and "invalid rewrite" in result.stderr
    assert "Traceback" not in result.stderr


def test_a_house_pack_can_add_its_own_romanisation(write):
    pack = write("house.yml", "pack: house\nrules:\n  - id: house.names\n    kind: names\n"
                              "    description: x\n    severity: warning\n"
                              "    message: '{found} -> {fix} ({counts})'\n"
                              "    transliterations: [['^w', 'v']]\n"
                              "    examples: {bad: [x], good: [y]}\n")
    story = write("story.txt", "Aides to Volodymyr met. Later Wolodymyr and Volodymyr spoke.\n")
    result = cli("lint", "--format", "json", "--no-config", "--select", "house", "--rules", str(pack), str(story))
    got = [(f["message"]) for f in result.json()["files"][0]["findings"]]
    assert got == ["Wolodymyr -> Volodymyr (“Volodymyr” 2×, “Wolodymyr” 1×)"]
