"""How the C heap is set up for long runs (checker/heap.py). glibc's malloc only: the
settings are a no-op elsewhere."""
from __future__ import annotations

import platform
import subprocess
import sys
from pathlib import Path

import pytest

pytestmark = pytest.mark.skipif(platform.libc_ver()[0] != "glibc", reason="glibc's malloc only")

# two threads allocating at once, then glibc's own report of its heaps, counted
PROBE = """
import ctypes, os, sys, tempfile, threading
from checker import heap
if sys.argv[1] == "model":
    heap.one_heap_for_the_model()
together = threading.Barrier(2)
def work():
    together.wait()
    kept = [bytearray(1000 * (i + 1)) for i in range(50)]
    together.wait()
threads = [threading.Thread(target=work) for _ in range(2)]
for thread in threads:
    thread.start()
for thread in threads:
    thread.join()
libc = ctypes.CDLL(None)
libc.fopen.restype = ctypes.c_void_p
handle, path = tempfile.mkstemp()
os.close(handle)
report = libc.fopen(path.encode(), b"w")
libc.malloc_info(0, ctypes.c_void_p(report))
libc.fclose(ctypes.c_void_p(report))
print(open(path).read().count("<heap nr="))
os.unlink(path)
"""


def _heaps(mode: str) -> int:
    done = subprocess.run([sys.executable, "-c", PROBE, mode], capture_output=True, text=True, check=True,
                          cwd=Path(__file__).resolve().parent.parent)
    return int(done.stdout)


def test_the_models_threads_share_one_heap():
    """Each thread's own heap kept its freed holes in the process: Gemma's peak over a
    whole novel went past 1 GB (docs/performance.md, session 25)."""
    assert _heaps("default") == 3  # glibc's way: the main thread's and one per thread
    assert _heaps("model") == 1
