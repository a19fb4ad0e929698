"""Memory that a long run frees goes back to the system.

glibc's malloc serves a large block from its own heap once a block of that size has
been freed (its threshold for mapping blocks of their own grows to the largest freed
one), and memory freed inside that heap stays with the process. After a 20 MB file's
bytes are freed, every copy of a window, each a few MB, would stay in the process's
peak. Fixing the threshold at glibc's default keeps large blocks mapped on their own,
so freeing one returns it. The language model asks for one heap for its threads
(`one_heap_for_the_model`), and for what reading its tokenizer freed to be handed back
(`hand_back_freed_heap`). Called only before a long document is checked or the model
loads (ctypes costs a few milliseconds to import); a no-op where the C library has no
`mallopt`."""
from __future__ import annotations

M_MMAP_THRESHOLD = -3  # glibc's mallopt parameter numbers (malloc.h)
M_TRIM_THRESHOLD = -1
M_ARENA_MAX = -8
MAPPED_FROM = 128 * 1024  # glibc's default threshold, kept from growing
# glibc's ceiling for the threshold it raises itself (DEFAULT_MMAP_THRESHOLD_MAX on
# 64-bit), where the model's temporaries settle: see one_heap_for_the_model
MODEL_MAPPED_FROM = 32 << 20

_done = set()


def return_freed_memory() -> None:
    _set_once("text", (M_MMAP_THRESHOLD, MAPPED_FROM), (M_TRIM_THRESHOLD, MAPPED_FROM))


def one_heap_for_the_model() -> None:
    """The language model's passes make and free arrays of one to a few dozen MB by the
    thousand, from two threads, and glibc gives each thread a heap of its own, whose
    freed holes stay in the process. With one heap for all of them Gemma's peak over a
    whole novel was 0.97 GB; without, over 1 GB a fifth of the way in (docs/performance.md,
    session 25). Called before the model loads, before the threads that run it start.
    After `return_freed_memory` (a document of 4 MB or more) it also puts back glibc's
    own ceiling for blocks served from the heap: mapping each of the pass's temporaries
    afresh cost page faults (at 1 MB, 33 s of system time per 5,000 words instead of 2)."""
    settings = [(M_ARENA_MAX, 1)]
    if "text" in _done:
        settings += [(M_MMAP_THRESHOLD, MODEL_MAPPED_FROM), (M_TRIM_THRESHOLD, 2 * MODEL_MAPPED_FROM)]
    _set_once("model", *settings)


def _set_once(name: str, *settings: tuple[int, int]) -> None:
    """`settings` (mallopt's parameter, value) made once per process; none after the
    model's, which a later long document keeps."""
    if name in _done or "model" in _done:
        return
    _done.add(name)
    mallopt = _c_function("mallopt")
    if mallopt is not None:
        for parameter, value in settings:
            mallopt(parameter, value)


def hand_back_freed_heap() -> None:
    """Ask the C allocator to give freed heap back to the system now (glibc's
    `malloc_trim`; elsewhere nothing happens): memory a library freed stays in the
    process, and in its peak, until then."""
    trim = _c_function("malloc_trim")
    if trim is not None:
        trim(0)


def _c_function(name: str):
    """The C library's function `name`, or None (no such function, or no C library to
    name: Windows)."""
    try:
        import ctypes

        return getattr(ctypes.CDLL(None), name, None)
    except (OSError, ImportError, TypeError):  # Windows: TypeError
        return None
