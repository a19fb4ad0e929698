"""A time limit on checking one document, inside a Dask worker thread.

Dask runs tasks in worker threads, where `signal.alarm` cannot reach, and a check
that runs away on one document must cost that document, not the partition or the
job. One watchdog thread per checking thread waits for the current deadline and, when
it passes, raises `CheckTimeout` in the checking thread (CPython's asynchronous
exception, delivered between bytecodes: pure-Python loops stop; a long call into C
stops when it returns, and copylint's regular expressions carry their own limits).
"""
from __future__ import annotations

import ctypes
import threading
import time


class CheckTimeout(BaseException):
    """Raised in a checking thread whose document ran past its limit (a BaseException,
    so that no check's own `except Exception` swallows it)."""


class _Watchdog:
    def __init__(self, target: int):
        self.target = target
        self.deadline: float | None = None
        self.fired = False
        self.condition = threading.Condition()
        thread = threading.Thread(target=self._watch, name="copylint-deadline", daemon=True)
        thread.start()

    def arm(self, seconds: float) -> None:
        with self.condition:
            self.deadline, self.fired = time.monotonic() + seconds, False
            self.condition.notify()

    def disarm(self) -> None:
        with self.condition:
            self.deadline = None
            if self.fired:  # raised, or still pending: never let it escape later
                _raise_in(self.target, None)
                self.fired = False

    def _watch(self) -> None:
        with self.condition:
            while True:
                if self.deadline is None:
                    self.condition.wait()
                    continue
                left = self.deadline - time.monotonic()
                if left > 0:
                    self.condition.wait(left)
                    continue
                self.deadline, self.fired = None, True
                _raise_in(self.target, CheckTimeout)


def _raise_in(thread_id: int, exception) -> None:
    ctypes.pythonapi.PyThreadState_SetAsyncExc(
        ctypes.c_ulong(thread_id), ctypes.py_object(exception) if exception else None)


_local = threading.local()


class time_limit:
    """`with time_limit(seconds):` raises CheckTimeout in this thread once `seconds`
    have passed inside the block (0 or None: no limit)."""

    def __init__(self, seconds: float | None):
        self.seconds = seconds

    def __enter__(self):
        if self.seconds:
            dog = getattr(_local, "watchdog", None)
            if dog is None:
                dog = _local.watchdog = _Watchdog(threading.get_ident())
            dog.arm(self.seconds)
        return self

    def __exit__(self, *exc) -> None:
        if self.seconds:
            _local.watchdog.disarm()
