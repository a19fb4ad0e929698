"""The `copylint` command. Parses options, runs the engine, prints a report; all the
work is elsewhere. Exit status: 0 clean, 1 findings at or above --fail-on, 2 usage
error or input that could not be read or fully checked."""
from __future__ import annotations

import sys

import click

from . import __version__
from .config import DEFAULT_EXTENSIONS, Settings
from .report import FORMATS
from .grammar.cli import grammar_group, lint_options as grammar_lint_options, pop_lint_options
from .lm.cli import model_group

EXIT_CLEAN, EXIT_FINDINGS, EXIT_ERROR = 0, 1, 2


def _split(values: tuple[str, ...]) -> list[str]:
    return [part.strip() for value in values for part in value.split(",") if part.strip()]


def fail(message: str) -> None:
    click.echo(f"copylint: error: {message}", err=True)
    sys.exit(EXIT_ERROR)


def build_engine(settings: Settings):
    from .engine import Engine
    from .grammar.options import GrammarConfigError
    from .lm import ModelError
    from .rulepack import RulePackError

    try:
        return Engine(settings)
    except (RulePackError, GrammarConfigError, ModelError) as exc:
        fail(str(exc))


@click.group(context_settings={"help_option_names": ["-h", "--help"]})
@click.version_option(__version__, "--version", prog_name="copylint", message="%(prog)s %(version)s")
def main() -> None:
    """copylint: a linter for prose that finds what machines do to text (spun phrasing,
    scraping and translation artifacts, inconsistencies) and proposes a fix for each."""
    # A terminal or CI log that cannot show a character (an ASCII locale) gets an
    # escape for it rather than a crash half-way through the report.
    for stream in (sys.stdout, sys.stderr):
        if hasattr(stream, "reconfigure"):
            stream.reconfigure(errors="backslashreplace")


def rule_options(function):
    """Options shared by every command that runs rules."""
    options = [
        click.option("--select", multiple=True, metavar="IDS",
                     help="Only these rule ids or prefixes (comma-separated, repeatable)."),
        click.option("--ignore", multiple=True, metavar="IDS",
                     help="Skip these rule ids or prefixes (comma-separated, repeatable)."),
        click.option("--rules", "extra_rules", multiple=True, metavar="PATH",
                     type=click.Path(), help="An extra rule pack file or folder (repeatable)."),
        click.option("--honorific-style", type=click.Choice(["auto", "period", "no-period"]),
                     default="auto", show_default=True,
                     help="Force 'Mr.' (period) or 'Mr' (no-period); auto: the document's majority."),
        click.option("--encoding", metavar="NAME",
                     help="Decode files with this encoding (default: UTF-8, BOM honoured)."),
        click.option("--max-sentence-words", type=click.IntRange(min=0), metavar="N",
                     help="Flag sentences of more than N words (metric.sentence-length; 0: off)."),
        click.option("--max-grade", type=float, metavar="GRADE",
                     help="Flag a document whose Flesch-Kincaid grade is above GRADE (metric.grade)."),
        click.option("--min-reading-ease", type=float, metavar="SCORE",
                     help="Flag a document whose Flesch reading ease is below SCORE (metric.reading-ease)."),
        click.option("--garble-threshold", type=click.FloatRange(0, 1), default=0.5, show_default=True,
                     help="Drop garble findings below this confidence (higher: fewer, surer)."),
        click.option("--deep/--no-deep", default=False,
                     help="Judge garbled phrasing with the language model too (slower; needs "
                          "'copylint model install' once, or --model)."),
        click.option("--model", metavar="NAME|FILE", type=click.Path(),
                     help="The language model for --deep: an installed model's name (smollm2-135m, "
                          "gemma3-270m), a GGUF file or a converted folder (default: smollm2-135m, "
                          "installed by 'copylint model install'); a path named like a model: ./NAME."),
        click.option("--deep-cache/--no-deep-cache", default=True,
                     help="Keep --deep's verdicts per sentence in the user's cache directory, so that "
                          "sentences read before are not read again (default on; COPYLINT_CACHE=off "
                          "turns every cache off)."),
    ]
    for option in reversed(options):
        function = option(function)
    return function


def settings_from(select, ignore, extra_rules, honorific_style, encoding, **extra) -> Settings:
    return Settings(
        select=_split(select),
        ignore=_split(ignore),
        rules=list(extra_rules),
        honorific_style=honorific_style,
        encoding=encoding,
        **extra,
    )


def config_options(function):
    """--config and --no-config (configuration: docs/configuration.md)."""
    options = [
        click.option("--config", metavar="FILE", type=click.Path(dir_okay=False),
                     help="Read settings from FILE instead of the nearest pyproject.toml/setup.cfg/tox.ini."),
        click.option("--no-config", is_flag=True, help="Ignore configuration files."),
    ]
    for option in reversed(options):
        function = option(function)
    return function


def given_options() -> set[str]:
    """Names of the Settings fields whose options the user typed (not defaults)."""
    from click.core import ParameterSource

    ctx = click.get_current_context()
    names = {"select": "select", "ignore": "ignore", "extra_rules": "rules", "fail_on": "fail_on",
             "honorific_style": "honorific_style", "encoding": "encoding",
             "max_sentence_words": "max_sentence_words", "max_grade": "max_grade",
             "min_reading_ease": "min_reading_ease", "garble_threshold": "garble_threshold",
             "deep": "deep", "model": "model", "deep_cache": "deep_cache"}
    typed = (ParameterSource.COMMANDLINE, ParameterSource.ENVIRONMENT)
    return {field for param, field in names.items()
            if param in ctx.params and ctx.get_parameter_source(param) in typed}


def build_resolver(settings: Settings, config: str | None = None, no_config: bool = False,
                   also_given: set[str] = frozenset()):
    """Settings per file: configuration files under the options given (checker/resolve.py)."""
    from .configfile import ConfigError
    from .resolve import SettingsResolver

    if config and no_config:
        fail("--config and --no-config exclude each other")
    try:
        return SettingsResolver(settings, given_options() | set(also_given), config=config,
                                use_config=not no_config)
    except ConfigError as exc:
        fail(str(exc))


def configured_packs(extra_rules) -> list[str]:
    """Rule packs of the current folder's configuration, then those given with --rules."""
    resolver = build_resolver(Settings())
    try:
        packs = resolver.settings_for(".").rules
    except _setup_errors() as exc:
        fail(str(exc))
    return list(dict.fromkeys([*packs, *extra_rules]))


def _setup_errors():
    from .configfile import ConfigError
    from .grammar.options import GrammarConfigError
    from .lm import ModelError
    from .rulepack import RulePackError

    return (ConfigError, RulePackError, GrammarConfigError, ModelError)


def _default_jobs() -> int:
    from .runner import default_jobs

    return default_jobs()


@main.command()
@click.argument("paths", nargs=-1, required=True, metavar="PATHS...")
@click.option("--format", "output_format", type=click.Choice(list(FORMATS)), default="text",
              show_default=True, help="Report format.")
@click.option("--fail-on", type=click.Choice(["error", "warning", "info", "never"]),
              default="warning", show_default=True,
              help="Exit 1 when a finding is at least this severe.")
@click.option("--max-spin-score", type=click.FloatRange(0, 1), default=None, metavar="SCORE",
              help="Exit 1 when a document's spin score (0..1, see docs/garble.md) is above this.")
@click.option("--diff-against", metavar="REF",
              help="Only report findings on lines changed since git revision REF (untracked files: all lines).")
@click.option("--stats", "with_stats", is_flag=True,
              help="With --format json: add each file's readability statistics (as 'copylint stats').")
@rule_options
@grammar_lint_options
@config_options
@click.option("--jobs", "-j", type=click.IntRange(min=1), metavar="N",
              help="Check files in N processes (default: the number of cores).")
def lint(paths, output_format, fail_on, diff_against, config, no_config, jobs, max_spin_score,
         with_stats, **options):
    """Check files and folders (recursing into .txt .md .markdown .html .htm .rst;
    '-' reads standard input) and print one finding a line."""
    from .finding import severity_at_least
    from .report import formatter, summary
    from .runner import ProgressBar, run_lint

    if with_stats and output_format != "json":
        fail("--stats needs --format json (or run 'copylint stats')")
    grammar = pop_lint_options(options)
    resolver = build_resolver(settings_from(**options, fail_on=fail_on, languagetool=grammar), config,
                              no_config, also_given={"languagetool"} if grammar else set())
    changes = None
    if diff_against:
        from .gitdiff import GitError, changed_lines

        try:
            changes = changed_lines(diff_against, list(paths), resolver.settings_for(".").extensions)
        except (GitError, *_setup_errors()) as exc:
            fail(str(exc))
    progress = ProgressBar()
    try:
        # the deep tier reads on both CPUs already (lm/workers.py), and each process adds
        # about 0.3 GB beside the shared weights: one process unless asked
        default = 1 if resolver.settings_for(".").deep else _default_jobs()
        results = run_lint(list(paths), resolver, jobs=jobs or default, progress=progress)
    except _setup_errors() as exc:
        fail(str(exc))
    finally:
        progress.close()
        resolver.close()
    if changes is not None:
        from .gitdiff import keep_changed

        results = keep_changed(results, changes)
    fail_on_for = {r.path: resolver.settings_for(r.path).fail_on for r in results if r.document}
    formatter(output_format).render(results, sys.stdout, version=__version__, rules=resolver.rules_in_use(),
                                    with_stats=with_stats)
    sys.stdout.flush()
    for result in results:
        if result.error:
            click.echo(f"copylint: error: {result.error}", err=True)
        for problem in (result.document.problems if result.document else []):
            click.echo(f"copylint: warning: {result.path}: {problem}", err=True)
    from .grammar import grammar_notice

    notice = grammar_notice(resolver.settings_for("."), results, interactive=sys.stderr.isatty())
    if notice:
        click.echo(notice, err=True)
    totals = summary(results)
    click.echo(_summary_line(totals), err=True)
    if totals["errors"] or any(r.document and r.document.problems for r in results):
        sys.exit(EXIT_ERROR)
    failing = any(severity_at_least(f.severity, fail_on_for[r.path]) for r in results for f in r.findings)
    if max_spin_score is not None and _too_spun(results, max_spin_score):
        failing = True
    sys.exit(EXIT_FINDINGS if failing else EXIT_CLEAN)


def _too_spun(results, limit: float) -> bool:
    """Says on stderr which documents read as machine-spun beyond `limit`."""
    from .garble.spin import spin_score

    over = False
    for result in results:
        if result.document is not None:
            score = spin_score(result.findings, result.document)
            if score > limit:
                click.echo(f"copylint: {result.path}: spin score {score:.2f} is above {limit:.2f}", err=True)
                over = True
    return over


def _summary_line(totals: dict) -> str:
    files = totals["files"]
    noun = "file" if files == 1 else "files"
    count = totals["findings"]
    if not count:
        text = f"no findings in {files} {noun}"
    else:
        parts = [f"{n} {sev}{'s' if n != 1 else ''}" for sev, n in
                 (("error", totals["by_severity"]["error"]), ("warning", totals["by_severity"]["warning"]),
                  ("info", totals["by_severity"]["info"])) if n]
        text = f"{count} finding{'s' if count != 1 else ''} ({', '.join(parts)}) in {files} {noun}"
    if totals["errors"]:
        text += f"; {len(totals['errors'])} input{'s' if len(totals['errors']) != 1 else ''} not checked"
    return f"copylint: {text}"


@main.command()
@click.argument("paths", nargs=-1, required=True, metavar="PATHS...")
@click.option("--unsafe-fixes", is_flag=True,
              help="Also apply fixes that are not marked safe (statistical guesses, suggestions).")
@click.option("--diff", "show_diff", is_flag=True,
              help="Print a unified diff of the fixes and write nothing.")
@click.option("--format", "output_format", type=click.Choice(list(FORMATS)), default="text",
              show_default=True, help="Report format of the findings that remain.")
@click.option("--fail-on", type=click.Choice(["error", "warning", "info", "never"]),
              default="warning", show_default=True,
              help="Exit 1 when a finding this severe remains after fixing.")
@rule_options
@grammar_lint_options
@config_options
def fix(paths, unsafe_fixes, show_diff, output_format, fail_on, config, no_config, **options):
    """Apply the proposed fixes of findings in files and folders (safe ones unless
    --unsafe-fixes), writing each file atomically, then report what remains.
    '-' fixes standard input to standard output."""
    from .fixrun import fix_command

    from .grammar import grammar_notice

    grammar = pop_lint_options(options)
    resolver = build_resolver(settings_from(**options, fail_on=fail_on, languagetool=grammar), config,
                              no_config, also_given={"languagetool"} if grammar else set())
    try:
        first = resolver.settings_for(paths[0])
        engine = resolver.engine_for(first)
    except _setup_errors() as exc:
        fail(str(exc))

    def engine_for(path):  # each file's own configuration
        try:
            return resolver.engine_for(resolver.settings_for(path))
        except _setup_errors() as exc:
            fail(str(exc))

    try:
        status = fix_command(engine, list(paths), unsafe=unsafe_fixes, show_diff=show_diff,
                             output_format=output_format, fail_on=first.fail_on, version=__version__,
                             engine_for=engine_for)
    finally:
        resolver.close()
    notice = grammar_notice(first, [], interactive=False, service=engine.grammar)
    if notice:
        click.echo(notice, err=True)
    sys.exit(status)


@main.command()
@click.argument("paths", nargs=-1, metavar="[PATHS]...")
@click.option("--format", "output_format", type=click.Choice(["table", "json", "csv"]), default="table",
              show_default=True, help="Output format.")
@click.option("--compare", nargs=2, metavar="OLD NEW",
              help="Compare two files, or git revisions of one (HEAD~1:doc.md doc.md).")
@rule_options
def stats(paths, output_format, compare, **options):
    """Readability and document statistics per file and in total: words, sentences,
    paragraphs, sentence length, Flesch, Flesch-Kincaid, fog, SMOG, Coleman-Liau,
    Dale-Chall, reading time, findings per 1,000 words (see docs/stats.md)."""
    from . import stats_report
    from .sources import InputError
    from .stats_command import compare_stats, file_stats

    if bool(paths) == bool(compare):
        fail("give PATHS, or --compare OLD NEW (not both)")
    resolver = build_resolver(settings_from(**options))  # the configuration of the first path
    try:
        engine = resolver.engine_for(resolver.settings_for(paths[0] if paths else "."))
    except _setup_errors() as exc:
        fail(str(exc))
    if compare:
        try:
            old, new = compare_stats(engine, *compare)
        except InputError as exc:
            fail(str(exc))
        stats_report.render_compare(old, new, output_format, sys.stdout, version=__version__)
        return
    entries, total = file_stats(engine, list(paths))
    stats_report.render(entries, total, output_format, sys.stdout, version=__version__)
    sys.stdout.flush()
    errors = [e for _, _, e in entries if e]
    for error in errors:
        click.echo(f"copylint: error: {error}", err=True)
    sys.exit(EXIT_ERROR if errors else EXIT_CLEAN)


@main.command("rules")
@click.option("--rules", "extra_rules", multiple=True, type=click.Path(), metavar="PATH",
              help="Also list the rules of this pack (repeatable).")
def list_rules(extra_rules):
    """List every rule: id, kind, severity and what it checks."""
    engine = build_engine(Settings(rules=configured_packs(extra_rules)))
    width = max(len(r.id) for r in engine.all_rules)
    for rule in sorted(engine.all_rules, key=lambda r: r.id):
        click.echo(f"{rule.id:<{width}}  {rule.kind:<12} {rule.severity:<8} {rule.description}")


@main.command()
@click.argument("rule_id")
@click.option("--rules", "extra_rules", multiple=True, type=click.Path(), metavar="PATH",
              help="Also look in this pack (repeatable).")
def explain(rule_id, extra_rules):
    """Show a rule's documentation with examples of bad and good text."""
    from .explain import explain_languagetool_rule, explain_rule

    engine = build_engine(Settings(rules=configured_packs(extra_rules)))
    rule = engine.rule(rule_id)
    if rule is None and rule_id.startswith("languagetool.") and len(rule_id) > len("languagetool."):
        click.echo(explain_languagetool_rule(rule_id))
        return
    if rule is None:
        fail(f"unknown rule '{rule_id}' (see 'copylint rules')")
    click.echo(explain_rule(engine, rule))


@main.command()
@click.option("--host", default="127.0.0.1", show_default=True,
              help="Address to listen on; anything but loopback makes the page reachable from other machines.")
@click.option("--port", type=click.IntRange(0, 65535), default=8765, show_default=True,
              help="Port to listen on (0: any free port).")
@click.option("--open", "open_browser", is_flag=True, help="Open the page in the default browser.")
@click.option("--max-mb", type=click.FloatRange(0.001, 100), default=5.0, show_default=True,
              help="Largest document or upload the page accepts, in megabytes.")
@rule_options
@grammar_lint_options
@config_options
def serve(host, port, open_browser, max_mb, config, no_config, **options):
    """A local web page to paste or drop copy into and see, accept or reject findings
    (same engine, settings and fixes as 'lint' and 'fix'; see docs/web.md)."""
    try:
        from .web.serve import serve_command
    except ImportError as exc:
        fail(f"'copylint serve' needs the web extra ({exc.name} is missing): pip install 'copylint[web]'")
    grammar = pop_lint_options(options)
    resolver = build_resolver(settings_from(**options, languagetool=grammar), config, no_config,
                              also_given={"languagetool"} if grammar else set())
    try:
        engine = resolver.engine_for(resolver.settings_for("-"))
    except _setup_errors() as exc:
        fail(str(exc))
    try:
        status = serve_command(engine, host, port, open_browser, __version__, limit=int(max_mb * 1_000_000))
    except click.ClickException as exc:
        fail(exc.message)
    finally:
        resolver.close()
    sys.exit(status)


@main.command()
@click.argument("sources", nargs=-1, required=True, metavar="SOURCE...")
@click.option("--out", required=True, metavar="REPORT", type=click.Path(),
              help="The report: .parquet, .jsonl or .csv (one row per document).")
@click.option("--scheduler", metavar="ADDRESS",
              help="A running Dask scheduler (tcp://host:8786); default: a local cluster.")
@click.option("--workers", type=click.IntRange(min=1), metavar="N",
              help="Worker processes of the local cluster (default: the number of cores).")
@click.option("--resume", is_flag=True, help="Continue an interrupted run, skipping the partitions it wrote.")
@click.option("--id-field", default="id", show_default=True, metavar="NAME", help="JSON Lines/CSV/Parquet: the id field.")
@click.option("--text-field", default="text", show_default=True, metavar="NAME", help="JSON Lines/CSV/Parquet: the text field.")
@click.option("--partition-size", type=click.IntRange(min=1), default=500, show_default=True, metavar="N",
              help="Documents per partition (the unit of work, retry and resume).")
@click.option("--top-findings", type=click.IntRange(min=0), default=5, show_default=True, metavar="K",
              help="Findings kept in each row's 'top' column.")
@click.option("--summary", "keep", type=click.IntRange(min=0), default=10, show_default=True, metavar="N",
              help="Documents listed on stdout, most likely spun first.")
@click.option("--time-limit", type=click.FloatRange(min=0), default=60.0, show_default=True, metavar="SECONDS",
              help="Per document; a check that runs longer makes an error row (0: no limit).")
@rule_options
@config_options
def screen(sources, out, scheduler, workers, resume, id_field, text_field, partition_size, top_findings,
           keep, time_limit, config, no_config, **options):
    """Screen a corpus on Dask: folders, .jsonl, .csv or .parquet sources; one report row
    per document (id, words, spin_score, findings, by_family, top, readability, error)
    and the most spun documents on stdout (see docs/screen.md)."""
    from .screen.command import screen_command
    from .screen.corpus import Fields

    resolver = build_resolver(settings_from(**options), config, no_config)
    sys.exit(screen_command(sources, out, resolver, setup_errors=_setup_errors(),
                            fields=Fields(id_field, text_field), scheduler=scheduler,
                            workers=workers, resume=resume, partition_size=partition_size, top=top_findings,
                            keep=keep, time_limit=time_limit or None))


main.add_command(grammar_group)
main.add_command(model_group)


@main.command()
@click.option("--stdio", is_flag=True, help="Talk LSP over standard input and output (the default).")
def lsp(stdio):
    """Start the language server for editors (LSP over standard input and output):
    diagnostics as you type, quick fixes, fix-all. Setup per editor: docs/editors.md."""
    try:
        from .lsp.server import main as serve_lsp
    except ImportError as exc:
        fail(f"the language server needs pygls ({exc.name} is missing): pip install 'copylint[lsp]'")
    serve_lsp()


if __name__ == "__main__":  # pragma: no cover
    main()
