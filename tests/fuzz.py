"""Fuzz target: bytes or text through decoding, the document model, every rule kind
(all built-in rules together and each kind alone), both reports and the fixer, with
the invariants that must hold on any input. CI runs it briefly with fixed seeds
(tests/test_fuzz.py); to fuzz for longer:

    python tests/fuzz.py --minutes 30                # atheris (coverage-guided) if installed
    python tests/fuzz.py --minutes 30 --hypothesis   # hypothesis with random seeds

atheris is optional (`pip install atheris`); without it the hypothesis driver runs.
A failing input is printed (and, for atheris, saved as crash-* in the current folder).
"""
from __future__ import annotations

import argparse
import io
import json
import os
import re
import sys
import time

sys.path.insert(0, os.path.dirname(os.path.abspath(__file__)))  # strategies.py
sys.path.insert(0, os.path.dirname(os.path.dirname(os.path.abspath(__file__))))  # checker

FORMATS = ("text", "markdown", "html")
ROUND = 50  # hypothesis examples per round; the time limit is checked between rounds
_BREAK = re.compile(r"\r\n|\r|\n")  # lines as copylint counts them, computed independently
_engines: dict = {}


def engines() -> dict:
    """An engine with every built-in rule ("all"), and one per rule kind."""
    if not _engines:
        from checker.config import Settings
        from checker.engine import Engine
        from checker.rulepack import builtin_pack_dir, load_packs

        rules = load_packs([builtin_pack_dir()])
        _engines["all"] = Engine(Settings(), rules=rules)
        for kind in sorted({r.kind for r in rules}):
            _engines[kind] = Engine(Settings(), rules=[r for r in rules if r.kind == kind])
    return _engines


def expected_position(text: str, offset: int) -> tuple[int, int]:
    breaks = list(_BREAK.finditer(text, 0, offset))
    line_start = breaks[-1].end() if breaks else 0
    return len(breaks) + 1, offset - line_start + 1


def assert_findings_sound(doc, findings) -> None:
    from checker.finding import SEVERITIES

    text = doc.text
    for f in findings:
        assert 0 <= f.start <= f.end <= len(text), f
        fix_start, fix_end = f.edit_span
        assert 0 <= fix_start <= fix_end <= len(text), f
        if fix_start < f.start or f.end < fix_end:
            # beyond the reported span, a fix may only take white space (a line's break)
            assert fix_start <= f.start and f.end <= fix_end, f
            assert not text[fix_start:f.start].strip() and not text[f.end:fix_end].strip(), f
        # (a fix inside the span: a phrase read across an inline tag, fixed around it)
        assert not (f.replacements and doc.inline_tags_in(fix_start, fix_end)), f
        assert f.severity in SEVERITIES and f.message and 0.0 <= f.confidence <= 1.0, f
        assert all(isinstance(r, str) for r in f.replacements), f
        # line/column agree with the offsets at both ends (the JSON report gives both)
        assert doc.position(f.start) == expected_position(text, f.start), (f, text[f.start - 3:f.end + 3])
        assert doc.position(f.end) == expected_position(text, f.end), f
        # (a directive's own problem points into its comment, which is masked)
        # a phrase may hold whole inline tags (<em>), never start or end in one
        assert not doc.crosses_markup(f.start, f.end) or f.rule.startswith("copylint."), f


def fixed_keeping_inline_tags(text: str, path: str, fmt: str) -> str:
    """`text` fixed with every rule (unsafe fixes too), after asserting that no finding
    cuts through markup and no fix edits an inline tag or Markdown emphasis marker."""
    from checker.document import Document
    from checker.engine import Engine
    from checker.fixer import fix_text

    engine = Engine()
    doc = Document.from_text(text, path, fmt)
    for f in engine.check(doc):
        assert not doc.crosses_markup(f.start, f.end), f
        if f.replacements:
            start, end = f.edit_span
            assert not any(s < end and start < e if start < end else s < start < e
                           for s, e in doc.inline_tags), f

    def check(t):
        return engine.check(Document.from_text(t, path, fmt))

    return fix_text(text, check, unsafe=True).text


def assert_reports_sound(doc, findings) -> None:
    from checker.report import FileResult, formatter

    result = FileResult(path="doc.txt", document=doc, findings=findings)
    out = io.StringIO()
    formatter("text").render([result], out)
    # one finding, one line, however lines are split (str.splitlines knows U+2028 too)
    assert len(out.getvalue().splitlines()) == len(findings), out.getvalue()
    out = io.StringIO()
    formatter("json").render([result], out, version="fuzz")
    records = json.loads(out.getvalue())["files"][0]["findings"]
    assert [(r["start"], r["end"]) for r in records] == [(f.start, f.end) for f in findings]


def assert_document_sound(doc) -> None:
    from checker.document import MASK_CHAR

    text, n = doc.text, len(doc.text)
    assert all(0 <= s < e <= n for s, e in doc.masks)
    assert all(a[1] < b[0] for a, b in zip(doc.masks, doc.masks[1:]))
    assert len(doc.prose) == n
    # line breaks survive masking, so line-based rules still see the lines
    assert [m.span() for m in _BREAK.finditer(doc.prose)] == [m.span() for m in _BREAK.finditer(text)]
    # prose is the text outside masks and substitutions (decoded entities), which are
    # inside the text, ordered and apart from each other and from masks
    assert all(0 <= s < e <= n and len(r) == e - s for s, e, r in doc.substitutions)
    assert all(a[1] <= b[0] for a, b in zip(doc.substitutions, doc.substitutions[1:]))
    assert not any(doc.is_masked(s, e) for s, e, _ in doc.substitutions)
    substituted = {i for s, e, _ in doc.substitutions for i in range(s, e)}
    kept = [i for i in range(n) if i not in substituted and not doc.is_masked(i, i + 1)]
    assert all(doc.prose[i] == text[i] for i in kept)
    assert all(doc.prose[i] == MASK_CHAR or text[i] in "\r\n" for i in range(n) if doc.is_masked(i, i + 1))
    for spans in (doc.paragraphs, doc.sentences):
        assert all(0 <= s.start < s.end <= n for s in spans)
        assert all(a.end <= b.start for a, b in zip(spans, spans[1:]))
    assert all(0 <= w.start() < w.end() <= n for w in doc.words())
    offsets = sorted({0, n, *range(0, n, max(1, n // 50))})
    positions = [doc.position(i) for i in offsets]
    assert positions == sorted(positions) and all(line >= 1 and col >= 1 for line, col in positions)
    folded = doc.folded
    back = [folded.to_original(i) for i in range(len(folded.text) + 1)]
    assert back == sorted(back) and 0 <= back[0] and back[-1] <= n  # zero-width characters fold away


def check_text_once(text: str, fmt: str, kinds: bool = True, fix: bool = True) -> None:
    """Every invariant on one text: document, each engine's findings, reports, fixing."""
    from checker.document import Document
    from checker.fixer import fix_text, is_fixable

    doc = Document.from_text(text, "doc.txt", fmt)
    assert_document_sound(doc)
    for name, engine in engines().items():
        if name != "all" and not kinds:
            continue
        doc = Document.from_text(text, "doc.txt", fmt)
        findings = engine.check(doc)
        assert_findings_sound(doc, findings)
        if name == "all":
            assert_reports_sound(doc, findings)
    if fix:
        engine = engines()["all"]

        def check(t):
            return engine.check(Document.from_text(t, "doc.txt", fmt))

        outcome = fix_text(text, check)
        assert outcome.converged
        assert not [f for f in check(outcome.text) if is_fixable(f)]


def check_bytes_once(data: bytes, fmt: str) -> None:
    """Raw file bytes: decoding refuses with InputError (one line) or gives text that
    then passes every check above."""
    from checker.sources import InputError, decode

    try:
        text, _ = decode(data, "fuzz.txt")
    except InputError as exc:
        assert "\n" not in str(exc)
        return
    check_text_once(text, fmt, kinds=False)


# -- drivers -------------------------------------------------------------------------
def run_atheris(seconds: int) -> None:
    import atheris

    with atheris.instrument_imports():
        import checker.document  # noqa: F401  (instrumented for coverage guidance)
        import checker.fixer  # noqa: F401
        import checker.kinds.boilerplate  # noqa: F401
        import checker.kinds.honorific  # noqa: F401
        import checker.kinds.pattern  # noqa: F401
        import checker.kinds.phrase  # noqa: F401
        import checker.markup  # noqa: F401
        import checker.sources  # noqa: F401
    engines()

    def one_input(data: bytes) -> None:
        provider = atheris.FuzzedDataProvider(data)
        fmt = FORMATS[provider.ConsumeIntInRange(0, 2)]
        if provider.ConsumeBool():
            check_bytes_once(provider.ConsumeBytes(provider.remaining_bytes()), fmt)
        else:
            check_text_once(provider.ConsumeUnicode(provider.remaining_bytes()), fmt)

    atheris.Setup([sys.argv[0], f"-max_total_time={seconds}", "-max_len=4096"], one_input)
    atheris.Fuzz()


def run_hypothesis(seconds: int) -> None:
    from hypothesis import HealthCheck, given, settings
    from hypothesis import strategies as st

    from strategies import awkward_text

    @settings(max_examples=ROUND, deadline=None, database=None,
              suppress_health_check=list(HealthCheck))
    @given(text=awkward_text(), fmt=st.sampled_from(FORMATS))
    def one_text(text, fmt):
        check_text_once(text, fmt)

    @settings(max_examples=ROUND, deadline=None, database=None,
              suppress_health_check=list(HealthCheck))
    @given(data=st.binary(max_size=2000), fmt=st.sampled_from(FORMATS))
    def one_file(data, fmt):
        check_bytes_once(data, fmt)

    deadline, rounds = time.monotonic() + seconds, 0
    while time.monotonic() < deadline:
        one_text()
        one_file()
        rounds += 1
        print(f"fuzz: {rounds * 2 * ROUND} inputs, no failure", file=sys.stderr, flush=True)


def main(argv=None) -> None:
    parser = argparse.ArgumentParser(prog="python tests/fuzz.py", description=__doc__.split("\n\n")[0])
    parser.add_argument("--minutes", type=float, default=5.0)
    parser.add_argument("--hypothesis", action="store_true", help="use hypothesis even if atheris is installed")
    args = parser.parse_args(argv)
    seconds = max(1, int(args.minutes * 60))
    if not args.hypothesis:
        try:
            import atheris  # noqa: F401
        except ImportError:
            print("fuzz: atheris is not installed; using hypothesis", file=sys.stderr)
        else:
            return run_atheris(seconds)
    run_hypothesis(seconds)


if __name__ == "__main__":
    main()
