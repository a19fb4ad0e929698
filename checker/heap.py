"""Memory that a long run frees goes back to the system.

glibc's malloc serves a large block from its own heap once a block of that size has
been freed (its threshold for mapping blocks of their own grows to the largest freed
one), and memory freed inside that heap stays with the process. After a 20 MB file's
bytes are freed, every copy of a window, each a few MB, would stay in the process's
peak. Fixing the threshold at glibc's default keeps large blocks mapped on their own,
so freeing one returns it. Called only before a long document is checked (ctypes costs
a few milliseconds to import); a no-op where the C library has no `mallopt`."""
from __future__ import annotations

M_MMAP_THRESHOLD = -3  # glibc's mallopt parameter numbers (malloc.h)
M_TRIM_THRESHOLD = -1
MAPPED_FROM = 128 * 1024  # glibc's default threshold, kept from growing

_done = False


def return_freed_memory() -> None:
    global _done
    if _done:
        return
    _done = True
    try:
        import ctypes

        mallopt = getattr(ctypes.CDLL(None), "mallopt", None)
    except (OSError, ImportError, TypeError):  # no C library to name (Windows: TypeError)
        return
    if mallopt is not None:
        mallopt(M_MMAP_THRESHOLD, MAPPED_FROM)
        mallopt(M_TRIM_THRESHOLD, MAPPED_FROM)
