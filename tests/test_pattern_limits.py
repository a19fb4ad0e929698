"""Results that do not depend on the machine: shipped patterns run without a time
limit and must be linear-time, a user's pattern runs on google-re2 where it can and
under a budget that grows with the text where it cannot (checker/patterns.py).

The adversarial-input test is not a benchmark: each shipped pattern meets inputs of
100,000 characters built to make backtracking patterns blow up (runs of the characters
patterns look for, around and between the ones they need). A linear pattern takes
milliseconds on each; a quadratic one would take minutes and an exponential one
forever, so the only time limit here is a guard that turns such a hang into a
failure that names the pattern and the input.
"""
from __future__ import annotations

import importlib
import pkgutil
import re
import signal

import pytest
import regex

import checker
from checker.kinds.boilerplate import line_body, line_pattern
from checker.patterns import RulePattern, budget_seconds
from checker.rulepack import builtin_pack_dir, load_packs
from conftest import cli

LENGTH = 100_000
HANG_GUARD_SECONDS = 60.0  # never reached by a linear pattern; see the docstring

# What patterns look for: white space of each kind, punctuation they end on, brackets
# and quotes they look behind, letters of both cases and scripts, digits, the mask.
ALPHABET = [" ", "\t", "\n", "\r", "\u00a0", "a", "A", "é", "1", ".", ",", "!", "(", ")", "”",
            "-", "/", "@", "*", "\ufffc", "\u2060", "<", "#", "|"]
ENDINGS = ["", "x", ",", ".", ")", "\n"]


def adversarial_inputs() -> list[tuple[str, str]]:
    cases = []
    for c in ALPHABET:
        cases.append((f"{c!r} run", c * LENGTH))
        cases.append((f"'a'+{c!r} pairs", ("a" + c) * (LENGTH // 2)))
    for run in (" ", "\t", ".", "a", "\n"):
        for end in ENDINGS:
            cases.append((f"word, {run!r} run, {end!r}", "a" + run * (LENGTH // len(run)) + end))
    cases.append(("words with dots", "www.a." * (LENGTH // 6)))
    cases.append(("spaced words", "ab , cd ( ef  gh ) " * (LENGTH // 19)))
    return cases


def shipped_rule_patterns():
    for rule in load_packs([builtin_pack_dir()]):
        if rule.kind == "pattern":
            flags = regex.MULTILINE | regex.VERSION0 | (regex.IGNORECASE if rule.params.get("ignore_case") else 0)
            yield rule.id, regex.compile(rule.params["pattern"], flags)
            if "hint" in rule.params:  # scanned over the whole text, before the pattern
                yield f"{rule.id} (hint)", regex.compile(rule.params["hint"], flags)
        elif rule.kind == "boilerplate":
            yield rule.id, line_pattern(rule.params["lines"], rule.params.get("joined", False))
    bodies = [line_body(rule.params["lines"], rule.params.get("joined", False))
              for rule in load_packs([builtin_pack_dir()]) if rule.kind == "boilerplate"]
    yield "boilerplate (all rules' lines in one pass)", line_pattern([], bodies=bodies)
    yield "boilerplate (all rules' lines in one pass, blank lines skipped)", \
        line_pattern([], bodies=bodies, skip_blank=True)
    yield "boilerplate (all rules' lines in one pass, from the line break before)", \
        line_pattern([], bodies=bodies, skip_blank=True, after_break=True)


# The modules whose patterns run over a document's text (not file names or git output).
TEXT_MODULES = ("checker.document", "checker.markup", "checker.kinds.", "checker.garble.",
                "checker.suppression", "checker.stats")


def module_patterns():
    """Every compiled pattern held at module level in the code that reads text."""
    seen = set()
    for info in pkgutil.walk_packages(checker.__path__, "checker."):
        if not info.name.startswith(TEXT_MODULES):
            continue
        module = importlib.import_module(info.name)
        for name, value in vars(module).items():
            if isinstance(value, (re.Pattern, regex.Pattern)) and id(value) not in seen:
                seen.add(id(value))  # once, under the name of the module that made it first
                yield f"{info.name}.{name}", value


# Used only anchored, with .match() at one place (the start of the text), never to
# scan: tried that way, the way they are used.
ANCHORED = {"checker.garble.tokens._GAP_ONLY",
            "checker.document.FIRST_RULE_LINE"}
# Used only on windows of at most this many characters (garble.syntax's clause starts:
# the 400 characters before a candidate), where a run of white space costs at most the
# window's length squared: tried on every window of that size, as they are used.
WINDOWED = {"checker.garble.syntax.CLAUSE_START": 400}


class Hang(Exception):
    pass


def _raise_hang(signum, frame):
    raise Hang()


def run_guarded(pattern, text: str, anchored: bool) -> None:
    """Every match of `pattern` in `text` (only at its start when `anchored`), with a
    guard against a hang: `regex`'s own timeout, or an alarm signal, which `re`'s
    matcher checks for while it runs."""
    if isinstance(pattern, regex.Pattern):
        if anchored:
            pattern.match(text, timeout=HANG_GUARD_SECONDS)
        else:
            pattern.findall(text, timeout=HANG_GUARD_SECONDS)
        return
    previous = signal.signal(signal.SIGALRM, _raise_hang)
    signal.setitimer(signal.ITIMER_REAL, HANG_GUARD_SECONDS)
    try:
        pattern.match(text) if anchored else pattern.findall(text)
    except Hang:
        raise TimeoutError from None
    finally:
        signal.setitimer(signal.ITIMER_REAL, 0)
        signal.signal(signal.SIGALRM, previous)


def lazy_module_patterns():
    """Patterns a module compiles when first needed rather than at import."""
    from checker.garble import syntax

    for name in syntax.SOURCES:
        yield f"checker.garble.syntax.SOURCES[{name}]", syntax._pattern(name)
    # (syntax.START runs on google-re2: linear time whatever the input)


PATTERNS = {**dict(shipped_rule_patterns()), **dict(module_patterns()), **dict(lazy_module_patterns())}


def test_every_shipped_rule_pattern_is_under_test():
    ids = set(PATTERNS)
    assert {"spacing.before-punctuation", "spacing.after-punctuation", "spacing.repeated-space",
            "spacing.inside-brackets", "boilerplate.comment-form"} <= ids
    assert "checker.document.SENTENCE_END" in ids and "checker.document.URL" in ids
    assert "checker.garble.syntax.SOURCES[stranded]" in ids


@pytest.mark.parametrize("name", sorted(PATTERNS))
def test_shipped_pattern_is_linear_on_adversarial_input(name):
    window = WINDOWED.get(name)
    for label, text in adversarial_inputs():
        try:
            if window:
                for start in range(0, 20_000, window):
                    run_guarded(PATTERNS[name], text[start:start + window], anchored=False)
            else:
                run_guarded(PATTERNS[name], text, anchored=name in ANCHORED)
        except TimeoutError:
            pytest.fail(f"{name} backtracks on {label} ({len(text):,} characters)")


def test_shipped_rules_run_without_a_time_limit():
    """No timer around a shipped pattern: its findings never depend on machine load."""
    from checker.kinds.pattern import PatternCheck
    from checker.config import Settings

    rules = [r for r in load_packs([builtin_pack_dir()]) if r.kind == "pattern"]
    check = PatternCheck(rules, Settings())
    assert {compiled.engine for _, compiled in check.rules} == {"regex"}


RUNAWAY = """rules:
  - id: user.runaway
    kind: {kind}
    description: A pattern that backtracks exponentially on a long run of a's.
    {field}
"""


def test_a_user_pattern_re2_can_run_is_linear_and_reports_everything(write):
    """`(a|aa)+$` backtracks exponentially in a backtracking engine; on re2 it is one
    linear pass, so even a long run of a's is checked in full."""
    pytest.importorskip("re2")
    pack = write("runaway.yml", RUNAWAY.format(kind="pattern", field="pattern: '(a|aa)+$'"))
    target = write("a.txt", ("b" + "a" * 200_000 + "\n") * 3 + "Near the border , or so.\n")
    result = cli("lint", "--format", "json", "--rules", str(pack), str(target))
    assert result.exit_code == 1, result.stderr
    spans = [(f["start"], f["end"]) for f in result.json()["files"][0]["findings"] if f["rule"] == "user.runaway"]
    assert spans == [(1 + k * 200_002, (k + 1) * 200_002 - 1) for k in range(3)]
    assert "user.runaway" not in result.stderr


@pytest.mark.parametrize("kind,field", [
    # a back-reference: re2 cannot run it, so it backtracks under a budget
    ("pattern", r"pattern: '(a|aa)+\1$'"),
    ("boilerplate", "lines: ['(a|aa)+c']"),
], ids=["pattern", "boilerplate"])
def test_a_backtracking_user_pattern_is_stopped_once_by_name(write, kind, field):
    pack = write("runaway.yml", RUNAWAY.format(kind=kind, field=field))
    target = write("a.txt", ("a" * 60 + "b\n") * 2 + "Near the border , or so.\n")
    result = cli("lint", "--rules", str(pack), str(target))
    assert result.exit_code == 2  # the check is incomplete: not a clean pass
    (warning,) = [line for line in result.stderr.splitlines() if "runaway" in line]
    assert warning.startswith(f"copylint: warning: {target}: rule user.runaway ({pack}):")
    assert f"took over {budget_seconds(len(target.read_text())):.3g}s" in warning
    assert "spacing.before-punctuation" in result.stdout  # every other rule still ran


def test_the_budget_grows_with_the_text():
    assert budget_seconds(0) == 2.0
    assert budget_seconds(20_000_000) == pytest.approx(202.0)


@pytest.mark.parametrize("source,engine", [
    ("(a|aa)+$", "re2"),
    (r"\p{Lu}\p{Ll}+ly", "re2"),
    (r"(?<=x)y", "regex, budgeted"),    # look-behind
    (r"(a)\1", "regex, budgeted"),       # back-reference
    (r"\bfoo\b", "regex, budgeted"),     # \b is ASCII in re2, Unicode here
    (r"\w+ly", "regex, budgeted"),       # so is \w
    (r"a\\w", "re2"),                    # an escaped backslash, then a plain w
])
def test_user_patterns_go_to_re2_only_where_they_mean_the_same(source, engine):
    pytest.importorskip("re2")
    assert RulePattern(source, regex.MULTILINE | regex.VERSION0, trusted=False).engine == engine


@pytest.mark.parametrize("source,text", [
    ("(?P<w>colou?r)s?", "Colours, colour and COLOR: the colors."),
    (r"[Éé]t\p{L}+", "État, étude, et etat"),
    ("^ +| +$", "  lead\ntrail  \n mid dle "),
    ("a.c", "abc\na\nc aéc"),
])
@pytest.mark.parametrize("ignore_case", [False, True])
def test_re2_finds_what_regex_finds(source, text, ignore_case):
    pytest.importorskip("re2")
    flags = regex.MULTILINE | regex.VERSION0 | (regex.IGNORECASE if ignore_case else 0)
    fast = RulePattern(source, flags, trusted=False, ignore_case=ignore_case)
    assert fast.engine == "re2"
    expected = [(m.span(), m.groupdict()) for m in regex.finditer(source, text, flags)]
    assert [(m.span(), m.groupdict()) for m in fast.finditer(text)] == expected


HINTED = """rules:
  - id: user.fused
    kind: pattern
    description: A comma with no space after it.
    message: "Space after the comma."
    pattern: '(?<=\\p{{L}}),(?=\\p{{L}})'
    {hint}
"""


def test_a_user_pattern_with_a_hint_finds_what_it_finds_without(write):
    text = "One line,with a comma.\nA clean line, as it should be.\n\nThird,and last.\n"
    target = write("t.txt", text)
    spans = []
    for hint in ("", "hint: ',\\p{L}'"):
        pack = write("house.yml", HINTED.format(hint=hint))
        result = cli("lint", "--format", "json", "--select", "user", "--rules", str(pack), str(target))
        assert result.exit_code == 1, result.stderr
        spans.append([(f["start"], f["end"]) for f in result.json()["files"][0]["findings"]])
    commas = [text.index(",w"), text.index(",a")]
    assert spans[0] == spans[1] == [(c, c + 1) for c in commas]


def test_a_bad_hint_is_refused_with_the_rule_and_field_named(write):
    pack = write("house.yml", HINTED.format(hint="hint: '(,'"))
    result = cli("lint", "--rules", str(pack), str(pack))
    assert result.exit_code == 2
    assert "user.fused" in result.stderr and "hint" in result.stderr and "invalid regular expression" in result.stderr


def test_a_user_hint_that_backtracks_is_stopped_and_its_pattern_still_runs(write):
    """A user's hint is a user's pattern too: scanned under the text's budget; when it
    runs out, the patterns scan the whole text instead, and every finding is there."""
    pack = write("house.yml", HINTED.format(hint="hint: '(a|aa)+$'"))
    text = ("a" * 60 + "b\n") * 2 + "Near,the border.\n"
    target = write("t.txt", text)
    result = cli("lint", "--format", "json", "--select", "user", "--rules", str(pack), str(target))
    assert result.exit_code == 1, result.stderr
    assert [(f["start"], f["end"]) for f in result.json()["files"][0]["findings"]] == \
        [(text.index(",t"), text.index(",t") + 1)]
