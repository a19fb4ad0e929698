"""The `copylint` process (console script and `python -m checker`): the command line
of checker.cli, run as the short-lived process it is. Two things that a library must
not do but a process about to end may:

- The cyclic garbage collector runs rarely. A run makes hundreds of thousands of
  objects that live until the end (the rule kinds' tables, the garble lexicon and its
  per-word sets, the findings); with Python's default thresholds the collector walked
  them about 200 times on the development corpus, 0.1 s of a 1.5 s run, and freed
  next to nothing. Now it runs once 200,000 more containers live than at its last
  run: not at all on the corpus or on 2,000 short files, a few times on a long input.
- The exit skips the interpreter's teardown. Freeing every object one by one at exit
  cost about 0.2 s after a long text (the lexicon's tables alone are millions of
  objects). Output is flushed and exit handlers (`atexit`: a LanguageTool server
  copylint started, worker pools) run first, as at a normal exit; with another
  thread still running, or output that cannot be flushed (a closed pipe), the normal
  exit runs instead.
"""
from __future__ import annotations

import gc
import os
import sys

# (first generation, second, third): the first is collected after this many new
# container objects (Python's default: 700), the others after this many collections
# of the one before (default: 10 and 10)
GC_THRESHOLDS = (200_000, 20, 20)


def run(fast_exit: bool = True) -> None:
    """The command line as this process's program; `fast_exit`: end the process
    without its teardown (see exit_without_teardown)."""
    gc.set_threshold(*GC_THRESHOLDS)
    from .cli import main

    try:
        main()  # click's standalone mode ends every command with SystemExit
    except SystemExit as done:
        if not fast_exit:
            raise
        exit_without_teardown(done)


def exit_without_teardown(done: SystemExit) -> None:
    """Ends the process with `done`'s status without freeing its objects one by one;
    re-raises `done` (the normal exit) where that would not be the same for the user."""
    import threading

    code = done.code
    if code is not None and not isinstance(code, int):
        raise done  # a message to print: Python's own exit prints it
    if threading.active_count() > 1:
        raise done  # the normal exit waits for the other threads
    try:
        sys.stdout.flush()
        sys.stderr.flush()
    except (OSError, ValueError):
        raise done from None
    import atexit

    atexit._run_exitfuncs()
    try:
        sys.stdout.flush()
        sys.stderr.flush()
    except (OSError, ValueError):
        pass
    os._exit(code or 0)
