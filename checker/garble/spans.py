"""Whether stretches of text overlap: what the garble rules ask when one verdict on
some words gives way to another (kinds/garble.py, deep.py). Kept apart from deep.py so
that the default tier can ask it without importing the model's code."""
from __future__ import annotations


def clear_of(item, others) -> bool:
    """Whether `item` overlaps none of `others` (anything with `start` and `end`)."""
    return all(item.end <= o.start or item.start >= o.end for o in others)
