"""A cache of sets that keeps only the recently used ones, up to a budget of elements.

The garble detector asks for the same few word lists several times while it judges a
pair (each path tests the same words' substitutes and partners), so keeping them
pays; keeping every list it ever read does not: over a long text the sets of a
whole vocabulary (numbers as Python ints, about 100 bytes an element) were 14-16 MB
of a run's peak, for lists most of which are asked about once or twice. Counting
elements, not entries, bounds the memory whatever the sizes of the lists."""
from __future__ import annotations

from collections import OrderedDict

# what an entry costs beyond its elements (its key, its slot here, the set's own
# header), in elements: an empty set is not free to keep
ENTRY_COST = 4


def elements(value) -> int:
    """How many numbers a cached value holds: a set's, or a tuple of (closeness, set)
    tiers' (the `related` lists)."""
    if type(value) is tuple:
        return sum(len(part) for _, part in value)
    return len(value)


class RecentSets:
    """A mapping with `get` and item assignment, like the dict it replaces, that forgets
    the least recently used entries once its values hold more than `budget` elements
    in all (a value larger than the budget alone is returned but not kept)."""

    __slots__ = ("budget", "_kept", "_held")

    def __init__(self, budget: int):
        self.budget = budget
        self._kept: OrderedDict = OrderedDict()
        self._held = 0

    def get(self, key, default=None):
        found = self._kept.get(key)
        if found is None:
            return default
        self._kept.move_to_end(key)
        return found

    def __setitem__(self, key, value) -> None:
        kept = self._kept
        old = kept.pop(key, None)
        if old is not None:
            self._held -= elements(old) + ENTRY_COST
        cost = elements(value) + ENTRY_COST
        if cost > self.budget:
            return
        kept[key] = value
        self._held += cost
        while self._held > self.budget:
            _, gone = kept.popitem(last=False)
            self._held -= elements(gone) + ENTRY_COST

    def __len__(self) -> int:
        return len(self._kept)

    @property
    def held(self) -> int:
        """The elements (and entry costs) held now: never more than the budget."""
        return self._held
