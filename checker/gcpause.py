"""Building many small containers at once (100,000 rules from a pack's cache, their
phrase tables) without Python's cyclic garbage collector: it runs every few hundred
new containers and walks all of them each time, which took most of the time of
loading a big pack. Nothing built there is garbage, and none of it makes cycles."""
from __future__ import annotations

import gc
from contextlib import contextmanager


# Set by a command that ends when its files are checked (`copylint lint`): what is alive
# after a paused block then stays frozen, out of every later collection and out of the
# one at exit (0.2 s each with 100,000 rules). A long-running process (the language
# server, the web service) leaves it off, so that it still collects what later becomes
# garbage.
one_shot = False


@contextmanager
def collector_paused():
    """The collector off for the block (when it was on), on again after it. What is
    alive then is frozen (`gc.freeze`): left in the youngest generation, the first
    collection after the block would walk all of it (0.2 s for 100,000 rules). Unless
    `one_shot`, it is unfrozen at once, which puts it in the oldest generation."""
    was_on = gc.isenabled()
    gc.disable()
    try:
        yield
    finally:
        if was_on:
            gc.freeze()
            if not one_shot:
                gc.unfreeze()
            gc.enable()
