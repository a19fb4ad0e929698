"""Grammar checks through LanguageTool, tested against a stand-in server that speaks
LanguageTool's HTTP API (tests/languagetool_fake.py): mapping and offsets, masking,
batching, de-duplication, caching, options, and every way the server can fail."""
from __future__ import annotations

import os
import re
import socket
import sys
import time
from pathlib import Path

import pytest

from conftest import cli, cli_process

sys.path.insert(0, str(Path(__file__).parent))
from languagetool_fake import FakeLanguageTool  # noqa: E402


@pytest.fixture(autouse=True)
def isolated(tmp_path, monkeypatch):
    """Each test has its own cache directory and no server from the environment."""
    monkeypatch.setenv("XDG_CACHE_HOME", str(tmp_path / "cache"))
    monkeypatch.delenv("COPYLINT_LANGUAGETOOL", raising=False)
    monkeypatch.setenv("LTP_PATH", str(tmp_path / "ltp"))


@pytest.fixture
def server():
    fakes = []

    def _start(**kwargs):
        fake = FakeLanguageTool(**kwargs).start()
        fakes.append(fake)
        return fake

    yield _start
    for fake in fakes:
        fake.stop()


def closed_port_url() -> str:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        port = s.getsockname()[1]
    return f"http://127.0.0.1:{port}"


# copylint's own a/an rule (grammar.a-an) reports what the fake server's EN_A_VS_AN
# reports, and the duplicate from LanguageTool is dropped in its favour (see
# checker/grammar/dedup.py); these tests are about LanguageTool's findings, so they
# switch the built-in rule off.
NO_BUILTIN_A_AN = ("--ignore", "grammar.a-an")


def lint_json(path, *args):
    result = cli("lint", "--format", "json", *NO_BUILTIN_A_AN, *args, str(path))
    return result, result.json()["files"][0]["findings"] if result.stdout else []


def spans(text, findings, prefix="languagetool."):
    return [(f["rule"], text[f["start"]:f["end"]]) for f in findings if f["rule"].startswith(prefix)]


# -- mapping ---------------------------------------------------------------------------


def test_matches_become_findings_with_exact_spans_messages_and_fixes(server, write):
    fake = server()
    text = "We will recieve a apple tomorrow in order to plan.\n"
    path = write("a.txt", text)
    result, findings = lint_json(path, "--languagetool", fake.url)
    assert result.exit_code == 1
    by_rule = {f["rule"]: f for f in findings}
    speller = by_rule["languagetool.MORFOLOGIK_RULE_EN_US"]
    assert text[speller["start"]:speller["end"]] == "recieve"
    assert (speller["line"], speller["column"]) == (1, 9)
    assert speller["message"] == "Possible spelling mistake found."
    assert speller["replacements"] == ["receive"] and speller["fix_safe"] is False
    assert speller["severity"] == "warning"
    article = by_rule["languagetool.EN_A_VS_AN"]
    assert text[article["start"]:article["end"]] == "a" and article["start"] == 16
    assert article["replacements"] == ["an"] and article["severity"] == "warning"
    style = by_rule["languagetool.IN_ORDER_TO"]
    assert text[style["start"]:style["end"]] == "in order to"
    assert style["severity"] == "info"
    assert style["message"] == "Consider shortening this phrase: “to”."  # <suggestion> tags made quotes


def test_text_report_line_for_a_languagetool_finding(server, write):
    fake = server()
    path = write("a.txt", "Teh end.\n")
    result = cli("lint", *NO_BUILTIN_A_AN, "--languagetool", fake.url, str(path))
    assert result.stdout == (f"{path}:1:1: warning languagetool.MORFOLOGIK_RULE_EN_US "
                             "Possible spelling mistake found. -> \"the\"\n")
    assert result.exit_code == 1
    assert "grammar" not in result.stderr


@pytest.mark.parametrize("before", ["😀 ", "𝔸𝔹 ", "🇫🇷 flag ", "👩‍👩‍👧 family ", "é ü ", "\U0002070e char ",
                                    "😀😀😀 a 😀 b 𝄞 "])
def test_offsets_after_non_bmp_characters_are_exact(server, write, before):
    fake = server()
    text = f"{before}They recieve it. {before}Then teh end, a apple 😀 definately.\n"
    path = write("e.txt", text)
    _, findings = lint_json(path, "--languagetool", fake.url)
    assert spans(text, findings) == [
        ("languagetool.MORFOLOGIK_RULE_EN_US", "recieve"),
        ("languagetool.MORFOLOGIK_RULE_EN_US", "teh"),
        ("languagetool.EN_A_VS_AN", "a"),
        ("languagetool.MORFOLOGIK_RULE_EN_US", "definately"),
    ]


def test_offsets_with_crlf_and_a_bom(server, write):
    fake = server()
    text = "First line 😀.\r\n\r\nSecond recieve 𝔸 line, grammer.\r\n"
    path = write("crlf.txt", "\ufeff".encode() + text.encode("utf-8"))
    _, findings = lint_json(path, "--languagetool", fake.url)
    words = [(f["line"], f["column"], f["end_column"]) for f in findings if f["rule"].startswith("languagetool.")]
    assert words == [(3, 8, 15), (3, 24, 31)]  # columns count characters: 𝔸 is one


# -- what is sent ----------------------------------------------------------------------------


def test_masked_code_and_urls_are_never_sent(server, write):
    fake = server()
    text = "Run `teh --recieve` first, then visit https://example.com/recieve today 😀, a apple.\n"
    path = write("m.md", text)
    _, findings = lint_json(path, "--languagetool", fake.url)
    assert spans(text, findings) == [("languagetool.EN_A_VS_AN", "a")]
    sent = " ".join(str(r) for r in fake.requests)
    assert "recieve" not in sent and "teh" not in sent and "example.com" not in sent


def test_fenced_code_block_is_not_sent_and_offsets_after_it_hold(server, write):
    fake = server()
    text = "Intro 😀 text.\n\n```\nteh recieve code\n```\n\nAfter the block, grammer.\n"
    path = write("b.md", text)
    _, findings = lint_json(path, "--languagetool", fake.url)
    assert spans(text, findings) == [("languagetool.MORFOLOGIK_RULE_EN_US", "grammer")]
    assert "recieve" not in str(fake.requests)


def test_paragraphs_are_batched_within_the_size_limit(server, write):
    from checker.config import Settings
    from checker.engine import Engine
    from checker.runner import check_text

    fake = server()
    paragraphs = [f"Paragraph {i} has a apple and 😀 grammer in it." for i in range(30)]
    text = "\n\n".join(paragraphs) + "\n"
    engine = Engine(Settings(ignore=["grammar.a-an"], languagetool={"server": fake.url, "max_request_chars": 200, "cache": False}))
    findings = check_text(engine, text).findings
    sizes = [len(r["text"]) for r in fake.requests]
    assert len(fake.requests) > 5 and max(sizes) <= 200
    assert sum(r["text"].count("Paragraph") for r in fake.requests) == 30
    lt = [(f.rule, text[f.start:f.end]) for f in findings if f.rule.startswith("languagetool.")]
    assert lt == [("languagetool.EN_A_VS_AN", "a"), ("languagetool.MORFOLOGIK_RULE_EN_US", "grammer")] * 30


def test_a_long_paragraph_is_cut_at_sentence_ends(server):
    from checker.config import Settings
    from checker.engine import Engine
    from checker.runner import check_text

    fake = server()
    text = " ".join(f"Sentence {i} 😀 says teh thing." for i in range(40)) + "\n"
    engine = Engine(Settings(ignore=["grammar.a-an"], languagetool={"server": fake.url, "max_request_chars": 300, "cache": False}))
    findings = check_text(engine, text).findings
    assert all(len(r["text"]) <= 300 for r in fake.requests) and len(fake.requests) >= 4
    assert all(r["text"].rstrip().endswith(".") for r in fake.requests)
    assert [text[f.start:f.end] for f in findings if f.rule.startswith("languagetool.")] == ["teh"] * 40


def test_a_request_refused_as_too_long_is_split(server, write):
    fake = server(max_text_length=120)
    paragraphs = [f"Line {i}: a apple." for i in range(12)] + ["One long paragraph 😀 " * 12 + "with teh end."]
    text = "\n\n".join(paragraphs) + "\n"
    path = write("long.txt", text)
    result, findings = lint_json(path, "--languagetool", fake.url)
    assert "skipped" not in result.stderr
    assert spans(text, findings) == [("languagetool.EN_A_VS_AN", "a")] * 12 + [
        ("languagetool.MORFOLOGIK_RULE_EN_US", "teh")]


# -- duplicates ---------------------------------------------------------------------------------


def test_copylint_rule_wins_over_languagetool_for_the_same_problem(server, write):
    fake = server()
    text = "Near the border , or  so it seems.\n"
    path = write("d.txt", text)
    _, findings = lint_json(path, "--languagetool", fake.url)
    assert [(f["rule"], text[f["start"]:f["end"]]) for f in findings] == [
        ("spacing.before-punctuation", " ,"), ("spacing.repeated-space", "  ")]
    # with copylint's spacing rules off, LanguageTool's findings are reported instead
    _, findings = lint_json(path, "--languagetool", fake.url, "--ignore", "spacing")
    assert [(f["rule"], f["fix_safe"]) for f in findings] == [
        ("languagetool.COMMA_PARENTHESIS_WHITESPACE", True), ("languagetool.WHITESPACE_RULE", True)]


def test_duplicate_rules_by_family_by_same_fix_and_inside_deleted_lines():
    from checker.finding import Finding
    from checker.grammar.dedup import drop_duplicates

    text = "Leave a Reply\nShe ate a apple.\n"
    a = text.index("a apple")
    lt = [Finding("languagetool.EN_A_VS_AN", "warning", a, a + 1, "m", ("an",)),
          Finding("languagetool.EN_A_VS_AN", "warning", 6, 7, "m", ("an",))]
    articles = Finding("articles.a-an", "warning", a, a + 1, "Use “an”.", ("an",))
    other_rule_same_fix = Finding("custom.article", "warning", a, a + 7, "x", ("an apple",))
    other_rule_other_fix = Finding("custom.article", "warning", a, a + 1, "x", ("the",))
    boilerplate = Finding("boilerplate.comment-form", "error", 0, 13, "x", ("",), fix_span=(0, 14))
    assert drop_duplicates(text, [articles], lt) == [lt[1]]
    assert drop_duplicates(text, [other_rule_same_fix], lt) == [lt[1]]
    assert drop_duplicates(text, [other_rule_other_fix], lt) == lt
    assert drop_duplicates(text, [boilerplate], lt) == [lt[0]]
    assert drop_duplicates(text, [], lt) == lt


# -- cache ----------------------------------------------------------------------------------------


def test_unchanged_paragraphs_are_answered_from_the_cache(server, write, tmp_path):
    fake = server()
    path = write("c.txt", "First recieve.\n\nSecond a apple.\n")
    first = cli("lint", *NO_BUILTIN_A_AN, "--languagetool", fake.url, str(path))
    assert len(fake.requests) == 1
    assert list((tmp_path / "cache" / "copylint").iterdir())
    second = cli("lint", *NO_BUILTIN_A_AN, "--languagetool", fake.url, str(path))
    assert len(fake.requests) == 1 and second.stdout == first.stdout
    path.write_text("First recieve.\n\nSecond, changed: a apple.\n", encoding="utf-8")
    third = cli("lint", *NO_BUILTIN_A_AN, "--languagetool", fake.url, str(path))
    assert len(fake.requests) == 2 and "First" not in fake.requests[1]["text"]
    assert third.stdout.count("languagetool.") == 2
    cli("lint", *NO_BUILTIN_A_AN, "--languagetool", fake.url, "--languagetool-language", "en-GB", str(path))
    assert len(fake.requests) == 3  # other options, other answers
    cli("lint", *NO_BUILTIN_A_AN, "--languagetool", fake.url, "--no-languagetool-cache", str(path))
    assert len(fake.requests) == 4


def test_cache_works_without_the_server_once_filled(server, write):
    fake = server()
    path = write("c.txt", "Some recieve text.\n")
    first = cli("lint", *NO_BUILTIN_A_AN, "--languagetool", fake.url, str(path))
    fake.stop()
    again = cli("lint", *NO_BUILTIN_A_AN, "--languagetool", fake.url, str(path))
    assert again.stdout == first.stdout and "skipped" not in again.stderr


@pytest.fixture
def clock(monkeypatch):
    """The LanguageTool cache's clock, moved by the test (`clock.now`, in seconds)."""
    from types import SimpleNamespace

    from checker.grammar import cache

    clock = SimpleNamespace(now=1_700_000_000.0)
    monkeypatch.setattr(cache, "time", SimpleNamespace(time=lambda: clock.now))
    return clock


def stored(directory) -> set[str]:
    """The keys in the LanguageTool cache file of `directory`, as another program reads them."""
    import sqlite3
    from contextlib import closing

    from checker.grammar.cache import FILE_NAME

    with closing(sqlite3.connect(directory / FILE_NAME)) as db:
        return {key for (key,) in db.execute("SELECT key FROM answers")}


def test_stale_answers_are_deleted_from_the_file_at_the_next_write(tmp_path, clock):
    from checker.grammar.cache import MAX_AGE_SECONDS, MatchCache

    cache = MatchCache(tmp_path)
    cache.put_many([("old", [])])
    clock.now += MAX_AGE_SECONDS / 2
    cache.put_many([("newer", [{"rule": "R"}])])
    clock.now += MAX_AGE_SECONDS / 2 + 1
    assert cache.get("old") is None and cache.get("newer") == [{"rule": "R"}]
    assert stored(tmp_path) == {"old", "newer"}
    cache.put_many([("new", [])])
    assert stored(tmp_path) == {"newer", "new"}
    cache.close()


def test_a_cache_file_from_before_the_bound_keeps_working(tmp_path, clock):
    import sqlite3
    from contextlib import closing

    from checker.grammar.cache import FILE_NAME, MAX_AGE_SECONDS, MatchCache

    with closing(sqlite3.connect(tmp_path / FILE_NAME)) as db:  # as written before: no index, rollback journal
        db.execute("CREATE TABLE answers (key TEXT PRIMARY KEY, created REAL, matches TEXT)")
        db.executemany("INSERT INTO answers VALUES (?, ?, ?)",
                       [("stale", clock.now - MAX_AGE_SECONDS - 1, "[]"), ("fresh", clock.now - 60, '[{"rule": "R"}]')])
        db.commit()
    cache = MatchCache(tmp_path)
    assert cache.get("fresh") == [{"rule": "R"}] and cache.get("stale") is None
    cache.put_many([("new", [])])
    cache.close()
    assert stored(tmp_path) == {"fresh", "new"}
    with closing(sqlite3.connect(tmp_path / FILE_NAME)) as db:  # looking for stale answers does not read them all
        plan = db.execute("EXPLAIN QUERY PLAN DELETE FROM answers WHERE created < 0").fetchall()
    assert "USING INDEX" in str(plan)


def test_beyond_the_cap_the_answers_used_longest_ago_go_first(tmp_path, clock, monkeypatch):
    from checker.grammar import cache

    monkeypatch.setattr(cache, "MAX_ROWS", 3)
    run = cache.MatchCache(tmp_path)
    for key in "abc":
        run.put_many([(key, [])])
        clock.now += 1
    assert run.get("a") == []  # stored first, but read since
    run.put_many([("d", [])])
    assert stored(tmp_path) == {"a", "c", "d"}
    run.close()
    warm = cache.MatchCache(tmp_path)  # a run that finds everything in the cache, and writes no answer
    assert warm.get("c") == []
    warm.close()
    later = cache.MatchCache(tmp_path)
    later.put_many([("e", [])])
    later.close()
    assert stored(tmp_path) == {"c", "d", "e"}


def test_runs_that_write_in_turn_keep_to_the_cap(tmp_path, clock, monkeypatch):
    from checker.grammar import cache

    monkeypatch.setattr(cache, "MAX_ROWS", 3)
    one, other = cache.MatchCache(tmp_path), cache.MatchCache(tmp_path)
    one.put_many([("a", [])])
    other.put_many([("b", []), ("c", [])])
    one.put_many([("d", [])])
    assert stored(tmp_path) == {"b", "c", "d"}
    one.close()
    other.close()


def test_a_long_run_that_only_reads_writes_down_its_uses_as_it_goes(tmp_path, clock, monkeypatch):
    from checker.grammar import cache

    monkeypatch.setattr(cache, "MAX_ROWS", 2)
    monkeypatch.setattr(cache, "USED_BATCH", 1)
    first = cache.MatchCache(tmp_path)
    first.put_many([("a", []), ("b", [])])
    first.close()
    editor = cache.MatchCache(tmp_path)  # a language server that keeps reading, never closed here
    assert editor.get("a") == []
    other = cache.MatchCache(tmp_path)
    other.put_many([("c", [])])
    other.close()
    assert stored(tmp_path) == {"a", "c"}
    editor.close()


def test_reading_an_answer_does_not_make_it_fresh(tmp_path, clock, monkeypatch):
    from checker.grammar import cache

    monkeypatch.setattr(cache, "MAX_ROWS", 3)
    run = cache.MatchCache(tmp_path)
    run.put_many([("a", [])])
    clock.now += cache.MAX_AGE_SECONDS - 10
    run.put_many([("x", [])])
    assert run.get("a") == []
    run.put_many([("b", [])])  # writes down that "a" was used
    clock.now += 20
    assert run.get("a") is None
    run.put_many([("c", [])])
    assert stored(tmp_path) == {"x", "b", "c"}
    run.close()


def test_a_damaged_or_unwritable_cache_never_fails(tmp_path, monkeypatch):
    from checker.grammar import cache

    not_a_folder = tmp_path / "file"
    not_a_folder.write_text("x")
    not_a_database = tmp_path / "garbage"
    not_a_database.mkdir()
    (not_a_database / cache.FILE_NAME).write_bytes(b"not a database" * 1000)
    damaged = tmp_path / "damaged"  # a real cache whose pages after the first are overwritten
    full = cache.MatchCache(damaged)
    full.put_many([(str(n), [{"rule": "R" * 100}]) for n in range(2000)])
    full.close()
    with open(damaged / cache.FILE_NAME, "r+b") as file:
        size = file.seek(0, os.SEEK_END)
        file.seek(4096)
        file.write(b"\xa5" * (size - 4096))
    monkeypatch.setattr(cache, "MAX_ROWS", 1)
    monkeypatch.setattr(cache, "USED_BATCH", 1)  # every hit is written down at once
    for folder in (not_a_folder, not_a_database, damaged):
        broken = cache.MatchCache(folder)
        assert broken.get("1") is None
        broken.put_many([("1", [])])
        broken.close()
    readable = cache.MatchCache(tmp_path / "read-only")
    readable.put_many([("a", [])])
    readable.close()
    read_only = cache.MatchCache(tmp_path / "read-only")
    read_only._sql.db.execute("PRAGMA query_only = ON")  # as a file this user may read but not write
    assert read_only.get("a") == []  # and its use is not written down, silently
    read_only.put_many([("b", [])])
    read_only.close()
    assert stored(tmp_path / "read-only") == {"a"}


def in_a_child(work) -> None:
    """Runs `work()` in a forked process, as a `--jobs` worker runs; fails when it
    raised (its traceback is on stderr)."""
    import traceback

    pid = os.fork()
    if pid == 0:
        status = 1
        try:
            work()
            status = 0
        except BaseException:
            traceback.print_exc()
        finally:
            sys.stderr.flush()
            os._exit(status)
    _, status = os.waitpid(pid, 0)
    assert os.waitstatus_to_exitcode(status) == 0, "the forked process failed (see its stderr)"


@pytest.mark.skipif(not hasattr(os, "fork"), reason="needs os.fork")
def test_a_forked_process_opens_its_own_connection_and_leaves_the_parents_alone(tmp_path):
    """A `--jobs` worker is forked after the cache was opened. SQLite's connections must
    not cross a fork: the child neither uses nor closes the parent's."""
    from checker.grammar.cache import MatchCache

    cache = MatchCache(tmp_path)
    cache.put_many([("parent", [])])
    inherited = cache._sql.db

    def uses_it():
        assert cache.get("parent") == []
        assert cache._sql.db is not None and cache._sql.db is not inherited
        cache.put_many([("child", [{"rule": "R"}])])
        cache.close()
        assert not inherited.in_transaction  # (raises if the child closed it)

    def only_closes_it():  # a worker that checked nothing with grammar
        cache.close()
        assert not inherited.in_transaction

    in_a_child(uses_it)
    in_a_child(only_closes_it)
    assert stored(tmp_path) == {"parent", "child"}
    assert cache._sql.db is inherited and cache.get("child") == [{"rule": "R"}]
    cache.put_many([("after", [])])
    cache.close()
    assert stored(tmp_path) == {"parent", "child", "after"}


def test_workers_of_a_parallel_run_fill_the_cache_and_write_down_what_they_read(server, write, tmp_path):
    """--jobs: the answers workers fetch land in the file, a second run reads them all
    from there, and the uses its workers read are written down before they end."""
    import sqlite3
    from contextlib import closing

    from checker.grammar.cache import FILE_NAME
    from checker.runner import POOL_MIN_FILES

    fake = server()
    for n in range(POOL_MIN_FILES + 2):
        write(f"docs/f{n:02}.txt", f"File {n}: we recieve the parcel today.\n")
    cache = tmp_path / "cache"
    run = ("lint", "--select", "languagetool", "--languagetool", fake.url, "--jobs", "2", str(tmp_path / "docs"))
    env = {"XDG_CACHE_HOME": str(cache), "COPYLINT_LANGUAGETOOL": ""}
    first = cli_process(*run, env=env)
    assert first.stdout.count("languagetool.MORFOLOGIK_RULE_EN_US") == POOL_MIN_FILES + 2
    asked = len(fake.requests)
    with closing(sqlite3.connect(cache / "copylint" / FILE_NAME)) as db:
        answers = {key for (key,) in db.execute("SELECT key FROM answers")}
        assert len(answers) == POOL_MIN_FILES + 2
        # an answer far newer than the others: theirs are now old enough that reading
        # them is a use to write down (see MatchCache.get)
        db.execute("INSERT INTO answers (rowid, key, created, matches) VALUES (1000000, 'newest', ?, '[]')",
                   (time.time(),))
        db.commit()
    again = cli_process(*run, env=env)
    assert again.stdout == first.stdout and len(fake.requests) == asked
    with closing(sqlite3.connect(cache / "copylint" / FILE_NAME)) as db:
        assert db.execute("PRAGMA integrity_check").fetchone() == ("ok",)
        moved = {key for (key,) in db.execute("SELECT key FROM answers WHERE rowid > 1000000")}
    assert moved == answers


# -- options ----------------------------------------------------------------------------------------


def test_rules_categories_language_and_picky_reach_the_server(server, write):
    from checker.config import Settings
    from checker.engine import Engine
    from checker.runner import check_text

    fake = server()
    text = "All of the men recieve a apple in order to eat.\n"
    table = {"server": fake.url, "language": "en-GB", "picky": True, "disabled_rules": ["IN_ORDER_TO"],
             "disabled_categories": ["TYPOGRAPHY"], "cache": False}
    engine = Engine(Settings(languagetool=table, ignore=["languagetool.EN_A_VS_AN", "grammar.a-an"]))
    rules = [(f.rule, text[f.start:f.end]) for f in check_text(engine, text).findings]
    request = fake.requests[-1]
    assert request["language"] == "en-GB" and request["level"] == "picky"
    assert request["disabledRules"] == "EN_A_VS_AN,IN_ORDER_TO"
    assert request["disabledCategories"] == "TYPOGRAPHY"
    assert rules == [("languagetool.ALL_OF_THE", "All of the"), ("languagetool.MORFOLOGIK_RULE_EN_GB", "recieve")]


def test_enabled_only_and_severity_mapping_are_configurable(server):
    from checker.config import Settings
    from checker.engine import Engine
    from checker.runner import check_text

    fake = server()
    text = "They recieve a apple in order to eat.\n"
    table = {"server": fake.url, "enabled_rules": "IN_ORDER_TO,EN_A_VS_AN", "enabled_only": True,
             "severity": {"style": "error", "MISC": "info"}, "cache": False}
    engine = Engine(Settings(ignore=["grammar.a-an"], languagetool=table, severity={"languagetool.EN_A_VS_AN": "error"}))
    got = [(f.rule, f.severity) for f in check_text(engine, text).findings]
    assert fake.requests[-1]["enabledOnly"] == "true"
    assert got == [("languagetool.EN_A_VS_AN", "error"), ("languagetool.IN_ORDER_TO", "error")]


def test_select_without_languagetool_sends_nothing(server, write):
    fake = server()
    path = write("s.txt", "A recieve here.\n")
    result = cli("lint", *NO_BUILTIN_A_AN, "--languagetool", fake.url, "--select", "spacing", str(path))
    assert fake.requests == [] and result.exit_code == 0 and result.stderr.count("\n") == 1
    result = cli("lint", *NO_BUILTIN_A_AN, "--languagetool", fake.url, "--select", "languagetool.MORFOLOGIK_RULE_EN_US", str(path))
    assert "languagetool.MORFOLOGIK_RULE_EN_US" in result.stdout and result.exit_code == 1


def test_environment_variable_and_off(server, write, monkeypatch):
    fake = server()
    path = write("v.txt", "A recieve here.\n")
    monkeypatch.setenv("COPYLINT_LANGUAGETOOL", fake.url)
    assert "languagetool.MORFOLOGIK" in cli("lint", str(path)).stdout
    result = cli("lint", "--languagetool", "off", str(path))
    assert result.stdout == "" and len(fake.requests) == 1 and result.exit_code == 0


@pytest.mark.parametrize("args,message", [
    (["--languagetool", "nonsense"], "is not a URL"),
    (["--languagetool-timeout", "0"], "--languagetool-timeout"),
])
def test_bad_grammar_options_are_usage_errors(write, args, message):
    path = write("x.txt", "Fine.\n")
    result = cli("lint", *args, str(path))
    assert result.exit_code == 2 and message in result.stderr and "Traceback" not in result.stderr


def test_bad_configuration_table_is_one_line_error():
    from checker.grammar.options import GrammarConfigError, options_from

    for table, text in [({"timeout": -1}, "'timeout'"), ({"picky": "yes"}, "'picky'"),
                        ({"severity": {"style": "fatal"}}, "'style'"), ({"colour": 1}, "unknown")]:
        with pytest.raises(GrammarConfigError, match=text):
            options_from(table)


# -- failures ---------------------------------------------------------------------------------------


CLEAN_BUT_SPACED = "The border , or not.\n"


@pytest.mark.parametrize("mode,reason", [
    ("500", "answered HTTP 500"),
    ("garbage", "not JSON"),
    ("no-matches", "without a list of matches"),
    ("bad-match", "malformed match"),
    ("not-lt", "not JSON"),
])
def test_a_failing_server_skips_grammar_with_one_warning(server, write, mode, reason):
    fake = server(mode=mode)
    paths = [write(f"f{i}.txt", "Some recieve text.\n" + CLEAN_BUT_SPACED) for i in range(3)]
    result = cli("lint", *NO_BUILTIN_A_AN, "--languagetool", fake.url, *map(str, paths))
    assert result.exit_code == 1  # the spacing findings still fail the run
    assert result.stdout.count("spacing.before-punctuation") == 3 and "languagetool." not in result.stdout
    warnings = [line for line in result.stderr.splitlines() if "grammar" in line]
    assert len(warnings) == 1 and reason in warnings[0] and "skipped" in warnings[0]
    assert "--languagetool" in warnings[0]  # says how to enable it
    assert len(fake.requests) <= 1  # the first failure switches grammar off for the run
    assert "Traceback" not in result.stderr


def test_connection_refused(write):
    path = write("r.txt", "Fine text.\n")
    result = cli("lint", "--languagetool", closed_port_url(), str(path))
    assert result.exit_code == 0 and result.stdout == ""
    assert result.stderr.splitlines()[0].startswith("copylint: warning: grammar checks skipped: cannot reach")


def test_a_server_that_never_answers_costs_one_bounded_timeout(server, write):
    fake = server(mode="hang")
    paths = [write(f"h{i}.txt", "A recieve.\n" + CLEAN_BUT_SPACED) for i in range(3)]
    # copylint's start-up in this process first (imports, the garble lexicon's first
    # load, which builds its compact copy in this test's empty cache folder when Python
    # writes no bytecode: seconds): the limit is on the run against the silent server
    cli("lint", *map(str, paths))
    started = time.monotonic()
    result = cli("lint", *NO_BUILTIN_A_AN, "--languagetool", fake.url, "--languagetool-timeout", "0.5", *map(str, paths))
    assert time.monotonic() - started < 3
    assert result.exit_code == 1 and result.stdout.count("spacing.before-punctuation") == 3
    assert "did not answer within 0.5s" in result.stderr and len(fake.requests) == 1


def test_an_unknown_language_variant_is_reported(server, write):
    fake = server()
    path = write("l.txt", "Fine text.\n")
    result = cli("lint", *NO_BUILTIN_A_AN, "--languagetool", fake.url, "--languagetool-language", "en-ZZ", str(path))
    assert result.exit_code == 0 and "does not offer language 'en-ZZ'" in result.stderr
    assert "en-GB" in result.stderr and fake.requests == []


def test_a_broken_cache_is_not_fatal(server, write, tmp_path, monkeypatch):
    fake = server()
    blocker = tmp_path / "not-a-dir"
    blocker.write_text("x")
    monkeypatch.setenv("XDG_CACHE_HOME", str(blocker))
    path = write("k.txt", "A recieve.\n")
    result = cli("lint", *NO_BUILTIN_A_AN, "--languagetool", fake.url, str(path))
    assert "languagetool.MORFOLOGIK" in result.stdout and "Traceback" not in result.stderr


# -- without a server ----------------------------------------------------------------------------------


def test_plain_lint_is_silent_about_grammar_and_downloads_nothing(write, tmp_path):
    path = write("p.txt", CLEAN_BUT_SPACED)
    result = cli("lint", str(path))
    assert result.exit_code == 1
    assert result.stderr == "copylint: 1 finding (1 error) in 1 file\n"
    assert not (tmp_path / "ltp").exists() and not (tmp_path / "cache").exists()


def test_plain_lint_at_a_terminal_gets_one_quiet_hint(write):
    import pty
    import subprocess

    path = write("p.txt", "Fine.\n")
    leader, follower = pty.openpty()
    env = dict(os.environ, PYTHONPATH=str(Path(__file__).resolve().parent.parent))
    done = subprocess.run([sys.executable, "-m", "checker", "lint", str(path)], stderr=follower,
                          stdout=subprocess.PIPE, env=env, timeout=60)
    os.close(follower)
    output = os.read(leader, 4096).decode()
    os.close(leader)
    assert done.returncode == 0
    # what the terminal keeps: a run that lasts a second draws a progress bar, then erases it
    shown = re.sub(r"[^\n]*\r\x1b\[K", "", output)
    lines = [line for line in shown.splitlines() if "grammar" in line]
    assert len(lines) == 1 and lines[0].startswith("copylint: note:") and "--languagetool" in lines[0]


def test_grammar_code_is_not_imported_without_a_server(write):
    path = write("i.txt", "Fine.\n")
    code = ("import sys; from click.testing import CliRunner; from checker.cli import main; "
            f"CliRunner().invoke(main, ['lint', {str(path)!r}]); "
            "print(sorted(m for m in ('language_tool_python', 'sqlite3', 'urllib.request', "
            "'checker.grammar.service') if m in sys.modules))")
    done = cli_process_python(code)
    assert done == "[]"


def cli_process_python(code: str) -> str:
    import subprocess

    env = dict(os.environ, PYTHONPATH=str(Path(__file__).resolve().parent.parent))
    return subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, env=env,
                          timeout=60).stdout.strip()


# -- local ---------------------------------------------------------------------------------------------


def fake_java(bin_dir: Path, version: str = '17.0.2') -> None:
    """A `java` that reports `version` and, asked to run LanguageTool's HTTPServer,
    runs the stand-in server on the requested port."""
    bin_dir.mkdir(parents=True, exist_ok=True)
    script = bin_dir / "java"
    fake = Path(__file__).with_name("languagetool_fake.py")
    script.write_text(
        "#!/bin/sh\n"
        f"if [ \"$1\" = \"-version\" ]; then echo 'openjdk version \"{version}\" 2022-01-18' >&2; exit 0; fi\n"
        "while [ $# -gt 0 ]; do if [ \"$1\" = \"-p\" ]; then port=$2; fi; shift; done\n"
        f"exec {sys.executable} {fake} --port $port\n")
    script.chmod(0o755)


def fake_install(ltp: Path, version: str = "6.8") -> None:
    folder = ltp / f"LanguageTool-{version}"
    folder.mkdir(parents=True)
    (folder / "languagetool-server.jar").write_bytes(b"")


@pytest.fixture
def local(tmp_path, monkeypatch, write):
    """Lint with --languagetool local; no server at the reuse address."""
    def _run(*extra):
        path = write("local.txt", "They recieve it , later.\n")
        return cli("lint", "--languagetool", "local", *extra, str(path))
    monkeypatch.setenv("PATH", str(tmp_path / "bin"))
    (tmp_path / "bin").mkdir()
    return _run


def no_reuse(monkeypatch):
    monkeypatch.setattr("checker.grammar.options.DEFAULT_LOCAL_URL", closed_port_url())


def test_local_without_java(local, monkeypatch):
    no_reuse(monkeypatch)
    result = local()
    assert result.exit_code == 1 and "spacing.before-punctuation" in result.stdout
    warning = [line for line in result.stderr.splitlines() if "grammar" in line]
    assert len(warning) == 1 and "Java was not found on PATH" in warning[0] and "Java 17" in warning[0]


def test_local_with_old_java(local, monkeypatch, tmp_path):
    no_reuse(monkeypatch)
    fake_java(tmp_path / "bin", "1.8.0_292")
    result = local()
    assert "is Java 8; LanguageTool needs Java 17 or newer" in result.stderr and result.exit_code == 1


def test_local_without_languagetool_installed_never_downloads(local, monkeypatch, tmp_path):
    no_reuse(monkeypatch)
    fake_java(tmp_path / "bin")
    result = local()
    assert "LanguageTool is not installed" in result.stderr and "copylint grammar install" in result.stderr
    assert result.exit_code == 1 and not (tmp_path / "ltp").exists()


def test_local_starts_the_installed_server_and_stops_it(local, monkeypatch, tmp_path):
    no_reuse(monkeypatch)
    fake_java(tmp_path / "bin")
    fake_install(tmp_path / "ltp")
    import psutil

    result = local()
    assert "languagetool.MORFOLOGIK_RULE_EN_US" in result.stdout, result
    assert "languagetool.COMMA_PARENTHESIS_WHITESPACE" not in result.stdout  # copylint's spacing wins
    assert "grammar" not in result.stderr
    assert psutil.Process().children(recursive=True) == []  # the run stopped the server it started


def test_local_reuses_a_running_server(local, server, monkeypatch):
    fake = server()
    monkeypatch.setattr("checker.grammar.options.DEFAULT_LOCAL_URL", fake.url)
    result = local()  # no java on PATH: only the running server can answer
    assert "languagetool.MORFOLOGIK_RULE_EN_US" in result.stdout and "grammar" not in result.stderr


# -- grammar status / install -----------------------------------------------------------------------------


def test_status_when_nothing_is_available(monkeypatch, tmp_path):
    monkeypatch.setenv("PATH", str(tmp_path / "empty"))
    monkeypatch.setattr("checker.grammar.options.DEFAULT_LOCAL_URL", closed_port_url())
    result = cli("grammar", "status")
    assert result.exit_code == 1
    assert "Java: missing" in result.stdout and "LanguageTool: not installed" in result.stdout
    assert "copylint grammar install" in result.stdout and "not reachable" in result.stdout


def test_status_when_everything_is_available(server, monkeypatch, tmp_path):
    fake = server()
    fake_java(tmp_path / "bin")
    fake_install(tmp_path / "ltp")
    monkeypatch.setenv("PATH", str(tmp_path / "bin"))
    result = cli("grammar", "status", "--languagetool", fake.url)
    assert result.exit_code == 0
    assert "Java: 17 at" in result.stdout and "LanguageTool: 6.8 installed" in result.stdout
    assert f"Server {fake.url}: answers" in result.stdout


def test_install_without_java_is_a_clear_error(monkeypatch, tmp_path):
    monkeypatch.setenv("PATH", str(tmp_path / "empty"))
    result = cli("grammar", "install")
    assert result.exit_code == 2 and result.stderr.startswith("copylint: error: Java was not found")
    assert result.stderr.count("\n") == 1


def test_install_when_already_installed(monkeypatch, tmp_path):
    fake_java(tmp_path / "bin")
    fake_install(tmp_path / "ltp")
    monkeypatch.setenv("PATH", str(tmp_path / "bin"))
    result = cli("grammar", "install")
    assert result.exit_code == 0 and "6.8 is already installed" in result.stdout


def test_install_download_failure_is_one_line(tmp_path):
    fake_java(tmp_path / "bin")
    env = {"PATH": str(tmp_path / "bin"), "LTP_PATH": str(tmp_path / "ltp"),
           "LTP_DOWNLOAD_HOST_NEW_RELEASES": closed_port_url() + "/"}
    result = cli_process("grammar", "install", env=env, timeout=120)
    assert result.exit_code == 2, result
    assert "downloading LanguageTool 6.8 failed" in result.stderr and "Traceback" not in result.stderr


# -- fixing -------------------------------------------------------------------------------------------------


def test_fix_applies_languagetool_suggestions_only_when_asked(server, write):
    fake = server()
    path = write("fx.txt", "They recieve a apple 😀 now.\n")
    safe = cli("fix", *NO_BUILTIN_A_AN, "--languagetool", fake.url, str(path))
    assert path.read_text(encoding="utf-8") == "They recieve a apple 😀 now.\n"  # suggestions are not safe
    assert safe.exit_code == 1
    unsafe = cli("fix", *NO_BUILTIN_A_AN, "--languagetool", fake.url, "--unsafe-fixes", str(path))
    assert path.read_text(encoding="utf-8") == "They receive an apple 😀 now.\n", unsafe
    assert unsafe.exit_code == 0


def test_fix_with_a_dead_server_still_fixes_the_rest(write):
    path = write("fx.txt", "The border , or not.\n")
    result = cli("fix", "--languagetool", closed_port_url(), str(path))
    assert path.read_text(encoding="utf-8") == "The border, or not.\n"
    assert result.exit_code == 0 and result.stderr.count("grammar checks skipped") == 1


def test_the_skip_reason_travels_with_each_document():
    """Files checked in other processes report a dead server through their documents."""
    import pickle

    from checker.config import Settings
    from checker.engine import Engine
    from checker.grammar import grammar_notice
    from checker.runner import check_text

    settings = Settings(languagetool={"server": closed_port_url()})
    engine = Engine(settings)
    results = [pickle.loads(pickle.dumps(check_text(engine, f"Text {i}.\n", f"f{i}.txt"))) for i in range(2)]
    assert all("cannot reach LanguageTool" in r.document.skipped["grammar"] for r in results)
    assert all(r.document.problems == [] for r in results)  # not an input error: exit status unchanged
    notice = grammar_notice(settings, results, interactive=False)
    assert notice.startswith("copylint: warning: grammar checks skipped: cannot reach LanguageTool")
    assert grammar_notice(Settings(), results[:0], interactive=False) is None


def test_engines_with_the_same_grammar_options_share_one_service(server):
    from checker.config import Settings
    from checker.engine import Engine

    fake = server()
    first = Engine(Settings(ignore=["grammar.a-an"], languagetool={"server": fake.url}))
    second = Engine(Settings(ignore=["grammar.a-an"], languagetool={"server": fake.url}, select=["languagetool", "spacing"]))
    other = Engine(Settings(ignore=["grammar.a-an"], languagetool={"server": fake.url, "picky": True}))
    assert first.grammar is second.grammar and other.grammar is not first.grammar
    first.grammar.close()
    assert Engine(Settings(ignore=["grammar.a-an"], languagetool={"server": fake.url})).grammar is not first.grammar


def test_serve_runs_a_server_that_lint_local_reuses(tmp_path):
    import subprocess

    from checker.grammar.local import is_languagetool

    fake_java(tmp_path / "bin")
    fake_install(tmp_path / "ltp")
    url = closed_port_url()
    port = url.rsplit(":", 1)[1]
    env = dict(os.environ, PATH=str(tmp_path / "bin"), LTP_PATH=str(tmp_path / "ltp"),
               PYTHONPATH=str(Path(__file__).resolve().parent.parent))
    process = subprocess.Popen([sys.executable, "-m", "checker", "grammar", "serve", "--port", port], env=env,
                               stderr=subprocess.PIPE, start_new_session=True)
    try:
        deadline = time.monotonic() + 20
        while not is_languagetool(url, 0.5) and time.monotonic() < deadline:
            time.sleep(0.1)
        assert is_languagetool(url, 1.0)
    finally:
        os.killpg(process.pid, 15)
        process.wait(10)
    assert f"on http://localhost:{port}" in process.stderr.read().decode()


def test_serve_without_languagetool_is_a_clear_error(tmp_path, monkeypatch):
    fake_java(tmp_path / "bin")
    monkeypatch.setenv("PATH", str(tmp_path / "bin"))
    result = cli("grammar", "serve")
    assert result.exit_code == 2 and "LanguageTool is not installed" in result.stderr


def test_masked_markup_is_read_as_what_it_stands_for(server, write):
    import json

    fake = server()
    text = "See [the guide](https://example.org/recieve) and <b>teh</b> `grammer` list.\n"
    path = write("k.md", text)
    _, findings = lint_json(path, "--languagetool", fake.url)
    assert spans(text, findings) == [("languagetool.MORFOLOGIK_RULE_EN_US", "teh")]
    parts = json.loads(fake.requests[0]["data"])["annotation"]
    read = "".join(p.get("text", p.get("interpretAs")) for p in parts)
    assert read == "See [the guide] and teh something list.\n"
    assert all(set(p["markup"]) == {"\ufffc"} for p in parts if "markup" in p)  # the source is not sent


def test_markdown_emphasis_markers_are_read_as_nothing(server, write):
    import json

    fake = server()
    text = "A *teh* reply, **bold** and __firm__, ~~gone~~ now, 2 * 3 and `x`**.\n"
    path = write("e.md", text)
    _, findings = lint_json(path, "--languagetool", fake.url)
    assert spans(text, findings) == [("languagetool.MORFOLOGIK_RULE_EN_US", "teh")]
    parts = json.loads(fake.requests[0]["data"])["annotation"]
    read = "".join(p.get("text", p.get("interpretAs")) for p in parts)
    assert read == "A teh reply, bold and firm, gone now, 2 * 3 and something**.\n"


def test_a_match_that_takes_in_a_neighbouring_tag_is_trimmed_to_the_prose():
    from checker.document import Document
    from checker.finding import Finding
    from checker.grammar.service import _trimmed

    text = "Say <b>teh</b> now.\n"
    doc = Document.from_text(text, "t.html", "html")
    wide = Finding("languagetool.X", "warning", text.index("<b>"), text.index(" now"), "m", ("the",))
    trimmed = _trimmed(doc, wide)
    assert text[trimmed.start:trimmed.end] == "teh" and trimmed.fix == "the"
