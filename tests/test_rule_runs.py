"""Long runs of alike rules kept packed in the pack cache (checker/rule_runs.py): every
output a user sees is the same as with the same pack read rule by rule, on an empty and
a warm cache; a rule is made only when used; an edited pack is read again."""
from __future__ import annotations

import os

import pytest

from checker import rule_runs
from conftest import cli, phrase_rule

HEAD = "pack: alike\nrules:\n"
# a rule unlike its neighbours (another severity) cuts a run in two
ODD = """  - id: alike.odd
    kind: phrase
    severity: error
    description: Another phrase.
    phrases: ["odd phrase", "filler phrase 3"]
"""


def pack_text(count: int = 400) -> str:  # over 64 KB: cached
    rules = []
    for n in range(count):
        phrases = None
        if n == 5:
            phrases = '["Filler  Phrase 5", "filler phrase 6"]'  # not in normal form; 6 is also rule 6's
        elif n == 9:
            phrases = '{"filler phrase 9": ["one", "two"], "hot stove": null}'
        rules.append(phrase_rule("alike", n, phrases))
        if n == 150:
            rules.append(ODD)
    return HEAD + "".join(rules)


TEXT = ("A filler phrase 7, a Filler Phrase 299 and filler phrase 6.\n"
        "The odd phrase, a hot stove, filler\nphrase 9 and filler phrase 3.\n"
        "# copylint: disable-next-line=alike.phrase-7\n"
        "Filler phrase 7 again, filler phrase 150 and filler phrase 151.\n"
        "# copylint: disable-next-line=alike.phrase-1000\n"
        "Filler phrase 5.\n")


@pytest.fixture
def files(write):
    return write("packs/alike.yml", pack_text()), write("doc.txt", TEXT)


def outputs(tmp_path, monkeypatch, *args: str) -> str:
    """copylint's output (exit status, stdout, stderr) with long runs packed (MIN_RULES
    made small) and read rule by rule, each on an empty then a warm cache of its own:
    all four the same."""
    seen = []
    for packed in (True, False):
        monkeypatch.setattr(rule_runs, "MIN_RULES", 100 if packed else 10**9)
        monkeypatch.setenv("COPYLINT_CACHE_DIR", str(tmp_path / f"cache-{packed}"))
        for _ in range(2):
            result = cli(*args)
            seen.append((result.exit_code, result.stdout, result.stderr))
    assert seen[1:] == seen[:1] * 3
    return seen[0]


def test_the_pack_is_kept_as_runs_and_rules(files, tmp_path, monkeypatch):
    from checker.rulepack import load_pack

    monkeypatch.setattr(rule_runs, "MIN_RULES", 100)
    monkeypatch.setenv("COPYLINT_CACHE_DIR", str(tmp_path / "cache"))
    for _ in range(2):  # parsed, then from the cache
        rules = load_pack(files[0])
        assert [len(p) if type(p) is rule_runs.RuleRun else p.id for p in rule_runs.parts(rules)] == \
            [151, "alike.odd", 249]
        assert len(rules) == 401 and rule_runs.rule_ids(rules)[150:153] == ["alike.phrase-150", "alike.odd",
                                                                              "alike.phrase-151"]


@pytest.mark.parametrize("fmt", ["json", "sarif", "text"])
def test_findings_are_those_of_the_pack_read_rule_by_rule(files, tmp_path, monkeypatch, fmt):
    pack, doc = files
    code, out, _ = outputs(tmp_path, monkeypatch, "lint", "--format", fmt, "--rules", str(pack), str(doc))
    assert code == 1
    if fmt == "json":
        import json

        found = [(f["rule"], f["line"], f["replacements"]) for f in json.loads(out)["files"][0]["findings"]
                 if f["rule"].startswith(("alike", "copylint"))]
        assert found == [
            ("alike.phrase-7", 1, ["filler 7"]), ("alike.phrase-299", 1, ["Filler 299"]),
            ("alike.phrase-5", 1, []),  # "filler phrase 6" is rule 5's first
            ("alike.odd", 2, []), ("alike.phrase-9", 2, []), ("alike.phrase-9", 2, ["one", "two"]),
            ("alike.phrase-3", 3, ["filler 3"]),  # rule 3 comes before the odd rule
            ("alike.phrase-150", 5, ["filler 150"]), ("alike.phrase-151", 5, ["filler 151"]),  # 7: suppressed
            ("copylint.unknown-rule", 6, []), ("alike.phrase-5", 7, []),
        ]


@pytest.mark.parametrize("options", [
    ["--select", "alike.phrase-7"], ["--ignore", "alike.phrase-7"], ["--select", "alike"],
    ["--select", "alike.phrase-7,alike.odd", "--ignore", "alike.odd"], ["--ignore", "alike"],
])
def test_select_and_ignore_name_packed_rules(files, tmp_path, monkeypatch, options):
    pack, doc = files
    outputs(tmp_path, monkeypatch, "lint", "--format", "json", *options, "--rules", str(pack), str(doc))


def test_an_unknown_id_is_refused_as_before(files, tmp_path, monkeypatch):
    pack, doc = files
    code, _, err = outputs(tmp_path, monkeypatch, "lint", "--select", "alike.phrase-1000", "--rules", str(pack),
                           str(doc))
    assert code == 2 and "alike.phrase-1000" in err


def test_explain_and_the_listing_show_packed_rules(files, tmp_path, monkeypatch):
    pack, _ = files
    code, out, _ = outputs(tmp_path, monkeypatch, "explain", "alike.phrase-9", "--rules", str(pack))
    assert code == 0 and out.startswith("alike.phrase-9  (phrase, warning)")
    code, out, _ = outputs(tmp_path, monkeypatch, "rules", "--rules", str(pack))
    assert code == 0 and "alike.phrase-299" in out and "alike.odd" in out


def test_configured_severities_and_overrides_apply_to_packed_rules(write, files, tmp_path, monkeypatch):
    pack, _ = files
    write("proj/pyproject.toml", f'[tool.copylint]\nrules = ["{pack}"]\n'
          '[tool.copylint.severity]\n"alike.phrase-7" = "error"\n"alike" = "info"\n'
          '[[tool.copylint.overrides]]\npaths = ["quiet/**"]\nignore = ["alike.phrase-299"]\n')
    doc = write("proj/doc.txt", TEXT)
    quiet = write("proj/quiet/doc.txt", TEXT)
    monkeypatch.chdir(tmp_path / "proj")
    code, out, _ = outputs(tmp_path, monkeypatch, "lint", "--format", "json", str(doc), str(quiet))
    assert '"severity": "error"' in out and code == 1


def test_a_run_makes_only_the_rules_it_uses(files, tmp_path, monkeypatch):
    from checker.config import Settings
    from checker.document import Document
    from checker.engine import Engine

    pack, _ = files
    monkeypatch.setattr(rule_runs, "MIN_RULES", 100)
    monkeypatch.setenv("COPYLINT_CACHE_DIR", str(tmp_path / "cache"))
    for _ in range(2):
        engine = Engine(Settings(rules=[str(pack)]))
        runs = [p for p in rule_runs.parts(engine.all_rules) if type(p) is rule_runs.RuleRun]
        engine.check(Document.from_text("A filler phrase 7 and filler phrase 299."))
        assert [sorted(run._made) for run in runs] == [[7], [148]]


def test_an_edited_pack_is_read_again(files, tmp_path, monkeypatch):
    pack, doc = files
    lint = ("lint", "--format", "json", "--select", "alike.phrase-40", "--rules", str(pack), str(doc))
    assert '"alike.phrase-40"' not in outputs(tmp_path, monkeypatch, *lint)[1]
    pack.write_text(pack_text().replace("filler phrase 40", "odd phrase"), encoding="utf-8")
    os.utime(pack, ns=(pack.stat().st_atime_ns, pack.stat().st_mtime_ns + 10**9))
    assert '"alike.phrase-40"' in outputs(tmp_path, monkeypatch, *lint)[1]


def test_a_broken_rule_in_a_long_run_is_named(write, tmp_path, monkeypatch):
    text = pack_text().replace("    phrases: {\"filler phrase 200\"", "    phrases: {\"\"")
    pack = write("packs/broken.yml", text)
    doc = write("doc.txt", TEXT)
    code, _, err = outputs(tmp_path, monkeypatch, "lint", "--rules", str(pack), str(doc))
    assert code == 2 and str(pack) in err and "rule alike.phrase-200" in err and "phrases" in err


def test_a_pack_that_repeats_a_packed_id_is_refused(write, files, tmp_path, monkeypatch):
    pack, doc = files
    again = write("packs/again.yml", HEAD + phrase_rule("alike", 42, '["tea pot"]'))
    code, _, err = outputs(tmp_path, monkeypatch, "lint", "--rules", str(pack), "--rules", str(again), str(doc))
    assert code == 2 and "alike.phrase-42" in err and "already defined" in err


def test_an_engine_finds_every_rule_by_id_as_a_scan_of_its_rules_does(files, tmp_path, monkeypatch):
    """Engine.rule (a lookup made once) gives for every id, and for an unknown one,
    what a scan of the rules in order gives, packed runs and plain rules alike."""
    from checker.config import Settings
    from checker.engine import Engine

    pack, _ = files
    monkeypatch.setattr(rule_runs, "MIN_RULES", 100)
    monkeypatch.setenv("COPYLINT_CACHE_DIR", str(tmp_path / "cache"))
    engine = Engine(Settings(rules=[str(pack)]))
    assert any(type(p) is rule_runs.RuleRun for p in rule_runs.parts(engine.all_rules))
    ids = rule_runs.rule_ids(engine.all_rules)
    by_scan = {rule.id: rule for rule in engine.all_rules}
    for rule_id in ids[:3] + ids[140:160] + ids[-3:] + ["alike.odd", "garble.collocation"]:
        found = engine.rule(rule_id)
        assert found is not None and found.id == rule_id
        assert (found.kind, found.severity, found.params) == (by_scan[rule_id].kind, by_scan[rule_id].severity,
                                                              by_scan[rule_id].params)
    assert engine.rule("alike.phrase-1000") is None and engine.rule("nothing") is None
