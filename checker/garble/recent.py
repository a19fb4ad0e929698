"""A cache of sets that keeps only the recently stored ones, up to a budget of elements.

The garble detector asks for the same few word lists several times while it judges a
pair (each path tests the same words' substitutes and partners), so keeping them
pays; keeping every list it ever read does not: over a long text the sets of a
whole vocabulary (numbers as Python ints, about 100 bytes an element) were 14-16 MB
of a run's peak, for lists most of which are asked about once or twice. Counting
elements, not entries, bounds the memory whatever the sizes of the lists."""
from __future__ import annotations

from collections import OrderedDict
from operator import itemgetter

# what an entry costs beyond its elements (its key, its slot here, the set's own
# header), in elements: an empty set is not free to keep
ENTRY_COST = 4
_TIER_WORDS = itemgetter(1)


def elements(value) -> int:
    """How many numbers a cached value holds: a set's, or a tuple of (closeness, set)
    tiers' (the `related` lists)."""
    if type(value) is tuple:
        return sum(map(len, map(_TIER_WORDS, value)))
    return len(value)


class RecentSets(OrderedDict):
    """A dict (its `get` is the C one: a hit costs a dict lookup) that, once
    its values hold more than `budget` elements in all, forgets the entries stored
    longest ago (a value larger than the budget alone is not kept). Oldest stored, not
    least recently used: moving an entry on every hit would cost a Python call per
    lookup to save few misses (the development corpus's lookups replayed at this
    budget: 8,807 lists read instead of 8,673, against 7,867 with no bound)."""

    def __init__(self, budget: int):
        super().__init__()
        self.budget = budget
        self.held = 0  # the elements (and entry costs) held now: never more than the budget
        self._costs: dict = {}  # each entry's cost, so that forgetting one counts nothing

    def __setitem__(self, key, value) -> None:
        if key in self._costs:
            self.held -= self._costs.pop(key)
            del self[key]
        cost = elements(value) + ENTRY_COST
        if cost > self.budget:
            return
        super().__setitem__(key, value)
        self._costs[key] = cost
        self.held += cost
        while self.held > self.budget:
            self.held -= self._costs.pop(self.popitem(last=False)[0])
