"""Building many small containers at once (100,000 rules from a pack's cache, their
phrase tables) without Python's cyclic garbage collector: with its default thresholds
(a library, the language server) it runs every few hundred new containers and walks
them, which took most of the time of loading a big pack; the `copylint` process's
higher thresholds (checker/entry.py) still let it walk them a few times. Nothing built
there is garbage, and none of it makes cycles."""
from __future__ import annotations

import gc
from contextlib import contextmanager


@contextmanager
def collector_paused():
    """The collector off for the block (when it was on), on again after it. What is
    alive then is moved straight to the oldest generation (`gc.freeze` then
    `gc.unfreeze`): left in the youngest, the next collections would walk all of it
    (0.2 s for 100,000 rules). Nothing stays frozen, so a long-running server still
    collects what later becomes garbage."""
    was_on = gc.isenabled()
    gc.disable()
    try:
        yield
    finally:
        if was_on:
            gc.freeze()
            gc.unfreeze()
            gc.enable()
