"""Grammar checks from LanguageTool, run as a pass after copylint's own checks.

Grammar is not a rule kind: its rules live in a LanguageTool server, not in rule
packs. The engine asks `grammar_pass(settings)` once per run for a service (None
when grammar is off) and hands it each document with copylint's own findings; the
service returns LanguageTool's findings as ordinary Finding objects with ids
`languagetool.<LanguageTool rule id>`. Nothing here is imported, and nothing is
contacted, unless a server is configured.
"""
from __future__ import annotations

NOT_CONFIGURED_NOTE = ("copylint: note: grammar checks are off; turn them on with --languagetool URL "
                       "or --languagetool local (see 'copylint grammar status')")


def _wanted(settings) -> bool:
    """False when --select/--ignore leave no languagetool.* finding to report."""
    if settings.select and not any(s == "languagetool" or s.startswith("languagetool.") for s in settings.select):
        return False
    return "languagetool" not in settings.ignore


def grammar_pass(settings):
    """The run's GrammarService, or None when grammar is off. Raises
    GrammarConfigError for an unusable option."""
    from .options import options_from

    options = options_from(getattr(settings, "languagetool", None))
    if not options.enabled or not _wanted(settings):
        return None
    from .service import GrammarService

    ignored = [s.split(".", 1)[1] for s in settings.ignore if s.startswith("languagetool.")]
    key = (repr(options), tuple(sorted(ignored)))
    service = _SERVICES.get(key)
    if service is None or service.closed:
        # engines with the same grammar options (one per configuration, say) share one
        # service: one local server, one connection, one failure per run
        service = _SERVICES[key] = GrammarService(options, ignored)
        service.start_local()
    return service


_SERVICES: dict = {}


def grammar_notice(settings, results, interactive: bool, service=None) -> str | None:
    """The one line for stderr at the end of a run, if any. When a server was asked
    for and grammar was skipped on some document (reasons travel with the documents,
    so this also works when files were checked in other processes): why, and how to
    enable it. When none was asked for: a quiet hint for a person at a terminal only
    (in CI and pipes a run that never asked for grammar stays silent)."""
    from .options import options_from

    table = getattr(settings, "languagetool", None) or {}
    reasons = [r.document.skipped["grammar"] for r in results
               if r.document is not None and "grammar" in r.document.skipped]
    if service is not None and service.skipped:
        reasons.append(service.skipped)
    if reasons:
        local = options_from(table).server == "local"
        how = ("install what is missing, or pass --languagetool URL" if local else
               "start that server or pass another --languagetool URL or 'local'")
        return f"copylint: warning: grammar checks skipped: {reasons[0]}; every other check ran ({how})"
    if interactive and table.get("server") is None and _wanted(settings):
        return NOT_CONFIGURED_NOTE
    return None
