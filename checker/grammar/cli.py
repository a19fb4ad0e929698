"""The command line's part of grammar: `lint`'s --languagetool* options and the
`copylint grammar install|status` commands. Imports nothing heavy at start."""
from __future__ import annotations

import sys

import click

from .options import ENV_SERVER

LINT_OPTION_KEYS = {
    "languagetool": "server",
    "languagetool_language": "language",
    "languagetool_picky": "picky",
    "languagetool_timeout": "timeout",
    "languagetool_cache": "cache",
}


def lint_options(function):
    """The --languagetool* options of `lint` (COPYLINT_LANGUAGETOOL stands in for
    --languagetool)."""
    options = [
        click.option("--languagetool", metavar="URL|local|off", envvar=ENV_SERVER, show_envvar=True,
                     help="Grammar checks from a LanguageTool server at URL, or from one on this "
                          "machine ('local'; see 'copylint grammar status'); 'off' turns them off."),
        click.option("--languagetool-language", metavar="CODE",
                     help="LanguageTool's language variant (default en-US; en-GB, en-CA, en-AU, ...)."),
        click.option("--languagetool-picky/--no-languagetool-picky", default=None,
                     help="LanguageTool's picky mode: more style rules."),
        click.option("--languagetool-timeout", type=click.FloatRange(min=0.01), metavar="SECONDS",
                     help="Give up on LanguageTool after this long per request (default 15)."),
        click.option("--languagetool-cache/--no-languagetool-cache", default=None,
                     help="Keep LanguageTool's answers per paragraph in the user's cache directory "
                          "(default on)."),
    ]
    for option in reversed(options):
        function = option(function)
    return function


def pop_lint_options(options: dict, table: dict | None = None) -> dict:
    """Remove the grammar options from `options`; the `languagetool` settings table
    with the given ones (command line or environment) over `table` (configuration)."""
    merged = dict(table or {})
    for name, key in LINT_OPTION_KEYS.items():
        value = options.pop(name, None)
        if value is not None:
            merged[key] = value
    return merged


@click.group("grammar")
def grammar_group():
    """Grammar checks through LanguageTool: see what is available, install it."""


@grammar_group.command()
@click.option("--languagetool", metavar="URL", envvar=ENV_SERVER,
              help="Also say whether the server at URL answers.")
def status(languagetool):
    """Java version, installed LanguageTool, and which servers answer. Exit 0 when
    grammar checks can run (a server answers, or Java and LanguageTool are installed)."""
    from .local import LocalUnavailable, download_dir, find_java, installed, is_languagetool, MIN_JAVA
    from .options import DEFAULT_LOCAL_URL, GrammarConfigError, parse_server

    usable = False
    try:
        java = find_java()
        ok = java.major >= MIN_JAVA
        click.echo(f"Java: {java.major} at {java.path} ({java.description})"
                   + ("" if ok else f": too old, LanguageTool needs {MIN_JAVA}+"))
    except LocalUnavailable as exc:
        ok = False
        click.echo(f"Java: missing: {exc}")
    tool = installed()
    if tool is not None:
        click.echo(f"LanguageTool: {tool.version_name} installed in {download_dir()}")
    else:
        click.echo(f"LanguageTool: not installed in {download_dir()} (run 'copylint grammar install')")
    usable = ok and tool is not None
    urls = [DEFAULT_LOCAL_URL]
    try:
        server = parse_server(languagetool) if languagetool else None
    except GrammarConfigError as exc:
        click.echo(f"copylint: error: {exc}", err=True)
        sys.exit(2)
    if server and server != "local":
        urls.insert(0, server)
    for url in urls:
        answers = is_languagetool(url, 3.0)
        usable = usable or answers
        click.echo(f"Server {url}: {'answers' if answers else 'not reachable'}")
    click.echo("Grammar checks: " + ("available" if usable else "not available (see docs/grammar.md)"))
    sys.exit(0 if usable else 1)


@grammar_group.command()
@click.option("--version", "version", default=None, metavar="VERSION",
              help="LanguageTool version (default: language-tool-python's, 6.8).")
def install(version):
    """Download LanguageTool (about 260 MB) through language-tool-python, with a
    progress bar, so that --languagetool local can start it. Needs Java 17+."""
    from .local import LocalUnavailable, download_dir, installed, require_java

    try:
        require_java()
    except LocalUnavailable as exc:
        click.echo(f"copylint: error: {exc}", err=True)
        sys.exit(2)
    from language_tool_python.download_lt import LTP_DOWNLOAD_VERSION, LocalLanguageTool

    try:
        tool = LocalLanguageTool.from_version_name(version or LTP_DOWNLOAD_VERSION)
    except ValueError as exc:
        click.echo(f"copylint: error: {exc}", err=True)
        sys.exit(2)
    current = installed()
    if current is not None and current.version_name == tool.version_name:
        click.echo(f"LanguageTool {tool.version_name} is already installed in {download_dir()}")
        return
    click.echo(f"Downloading LanguageTool {tool.version_name} into {download_dir()} ...", err=True)
    try:
        tool.download()
    except Exception as exc:  # requests' ConnectionError, the library's errors, disk errors
        reason = str(exc).splitlines()[0] if str(exc) else type(exc).__name__
        click.echo(f"copylint: error: downloading LanguageTool {tool.version_name} failed: "
                   f"{type(exc).__name__}: {reason[:300]}", err=True)
        sys.exit(2)
    click.echo(f"LanguageTool {tool.version_name} installed in {download_dir()}")


@grammar_group.command()
@click.option("--port", type=click.IntRange(1, 65535), default=8081, show_default=True,
              help="Port to listen on (8081 is where --languagetool local looks first).")
def serve(port):
    """Run the installed LanguageTool as a server in the foreground (Ctrl-C stops it),
    so that every `copylint lint --languagetool local` reuses it instead of starting one."""
    import subprocess

    from .local import INSTALL_HINT, LocalUnavailable, download_dir, installed, require_java

    try:
        require_java()
        tool = installed()
        if tool is None:
            raise LocalUnavailable(f"LanguageTool is not installed in {download_dir()}: {INSTALL_HINT}")
        command = tool.get_server_cmd(port)
    except LocalUnavailable as exc:
        click.echo(f"copylint: error: {exc}", err=True)
        sys.exit(2)
    click.echo(f"LanguageTool {tool.version_name} on http://localhost:{port} (Ctrl-C stops it)", err=True)
    try:
        sys.exit(subprocess.call(command))
    except KeyboardInterrupt:
        sys.exit(130)
