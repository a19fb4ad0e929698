"""The `copylint screen` command's body: run the job, print the ranked summary on
stdout and one totals line on stderr; exit 0 when the report is written, 2 when the
job cannot run, 130 when interrupted (the parts written so far are kept for
--resume)."""
from __future__ import annotations

import os
import signal
import sys

from .parts import FORMATS

EXIT_DONE, EXIT_ERROR, EXIT_INTERRUPTED = 0, 2, 130


def screen_command(sources, out, resolver, **options) -> int:
    if os.path.splitext(out)[1].lower() not in FORMATS:
        return _error(f"--out {out}: give a report name ending in .parquet, .jsonl or .csv")
    if os.path.isdir(out):
        return _error(f"--out {out}: is a folder")
    if not os.path.isdir(os.path.dirname(os.path.abspath(out))):
        return _error(f"--out {out}: no such folder: {os.path.dirname(out)}")
    try:
        from .job import ScreenError, run
    except ImportError as exc:
        return _error(f"copylint screen needs Dask and pyarrow ({exc.name} is missing): "
                      "pip install 'copylint[screen]'")
    from ..runner import ProgressBar

    # workers elsewhere read extra rule packs by the path given here
    resolver.cli.rules = [os.path.abspath(path) for path in resolver.cli.rules]

    # a job stopped by `kill` ends like Ctrl-C: the cluster is shut down, the parts kept
    previous = signal.signal(signal.SIGTERM, _interrupt)
    progress = ProgressBar(unit="documents")
    try:
        outcome = run(list(sources), out, resolver, progress=progress, **options)
    except ScreenError as exc:
        return _error(str(exc))
    except OSError as exc:  # the report or its parts folder cannot be written
        return _error(f"{exc.filename or out}: cannot write: {exc.strerror or exc}")
    except KeyboardInterrupt:
        progress.close()
        print(f"copylint: interrupted; the partitions written so far are in {out}.parts: "
              "run the same command with --resume to finish", file=sys.stderr)
        return EXIT_INTERRUPTED
    finally:
        progress.close()
        signal.signal(signal.SIGTERM, previous)
        resolver.close()
    if options.get("keep", 10):
        render_summary(outcome, sys.stdout)
    print(_totals(outcome, out), file=sys.stderr)
    return EXIT_DONE


def _interrupt(signum, frame):
    raise KeyboardInterrupt


def _error(message: str) -> int:
    print(f"copylint: error: {message}", file=sys.stderr)
    return EXIT_ERROR


def render_summary(outcome, stream) -> None:
    if not outcome.spun:
        stream.write("No document reads as machine-spun (every spin score is 0).\n")
        return
    many = len(outcome.spun) > 1
    stream.write(f"The {f'{len(outcome.spun)} documents' if many else 'document'} most likely spun "
                 "(spin score, 0..1):\n")
    width = max(len(entry[1]) for entry in outcome.spun)
    for score, name, words, findings, _ in outcome.spun:
        stream.write(f"  {score:.3f}  {name:<{width}}  {words} words, {findings} findings\n")


def _totals(outcome, out: str) -> str:
    resumed = f" ({outcome.resumed} resumed)" if outcome.resumed else ""
    text = (f"copylint: screened {_count(outcome.documents, 'document')} in "
            f"{_count(outcome.partitions, 'partition')}{resumed}: {_count(outcome.findings, 'finding')}")
    if outcome.errors:
        text += f", {outcome.errors} not checked (see the error column)"
    return text + f"; report: {out}"


def _count(number: int, noun: str) -> str:
    return f"{number} {noun}{'' if number == 1 else 's'}"
