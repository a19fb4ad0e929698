"""Timing one command as a whole process: wall-clock time and peak resident memory.

Each command is started by launch.py, a small interpreter that forks it and reports
the kernel's own figures (wall time around fork and wait, wait4's ru_maxrss, which
covers the process and the largest child it waited for). For parallel runs, when
psutil is importable, the process tree is also sampled, so that workers alive at the
same time are counted together rather than only the largest one.
"""
from __future__ import annotations

import json
import os
import signal
import statistics
import subprocess
import sys
import tempfile
import threading
from dataclasses import dataclass, field


@dataclass
class Run:
    seconds: float  # wall clock
    cpu_seconds: float  # user + system, of the process and the children it waited for
    peak_rss_mb: float
    exit_code: int
    stderr_tail: str = ""


@dataclass
class Measured:
    """Several runs of one command; the median is what the tables report."""

    runs: list[Run] = field(default_factory=list)
    first: Run | None = None  # the untimed warm-up run (a cold cache, a cold file cache)

    @property
    def seconds(self) -> float:
        return statistics.median(r.seconds for r in self.runs)

    @property
    def cpu_seconds(self) -> float:
        return statistics.median(r.cpu_seconds for r in self.runs)

    @property
    def peak_rss_mb(self) -> float:
        return max(r.peak_rss_mb for r in self.runs)

    @property
    def exit_codes(self) -> list[int]:
        return sorted({r.exit_code for r in self.runs})

    def as_dict(self) -> dict:
        return {
            "median_s": round(self.seconds, 4),
            "min_s": round(min(r.seconds for r in self.runs), 4),
            "runs_s": [round(r.seconds, 4) for r in self.runs],
            "median_cpu_s": round(self.cpu_seconds, 4),
            "peak_rss_mb": round(self.peak_rss_mb, 1),
            "exit_codes": self.exit_codes,
            **({"first_s": round(self.first.seconds, 4)} if self.first else {}),
        }


LAUNCHER = os.path.join(os.path.dirname(os.path.abspath(__file__)), "launch.py")


def _tree_rss_sampler(pid: int, stop: threading.Event, peak: list[float]) -> None:
    """Samples the summed RSS of the launcher's descendants (the command and its workers)."""
    try:
        import psutil
    except ImportError:  # the kernel's figure alone is used
        return
    try:
        root = psutil.Process(pid)
    except psutil.Error:
        return
    while not stop.is_set():
        try:
            total = 0
            for proc in root.children(recursive=True):
                try:
                    total += proc.memory_info().rss
                except psutil.Error:
                    pass
            peak[0] = max(peak[0], total / 2**20)
        except psutil.Error:
            return
        stop.wait(0.01)


def run_once(command: list[str], env: dict | None = None, cwd: str | None = None,
             timeout: float = 600.0, sample_tree: bool = False) -> Run:
    """Run `command` with its output discarded; time it and take its peak RSS.
    `sample_tree`: also sum the RSS of its live children (parallel workers); off by
    default because sampling costs the machine a little CPU."""
    with tempfile.TemporaryDirectory() as scratch, tempfile.TemporaryFile() as errors:
        record = os.path.join(scratch, "run.json")
        process = subprocess.Popen([sys.executable, "-S", "-E", LAUNCHER, record, *command],
                                   stdin=subprocess.DEVNULL, stdout=subprocess.DEVNULL, stderr=errors,
                                   env=env, cwd=cwd, start_new_session=True)
        stop, sampled = threading.Event(), [0.0]
        sampler = threading.Thread(target=_tree_rss_sampler, args=(process.pid, stop, sampled),
                                   daemon=True)
        if sample_tree:
            sampler.start()
        try:
            process.wait(timeout)
        except subprocess.TimeoutExpired:
            os.killpg(process.pid, signal.SIGKILL)
            process.wait()
        stop.set()
        if sample_tree:
            sampler.join()
        errors.seek(0)
        tail = errors.read()[-400:].decode("utf-8", "replace")
        try:
            with open(record) as handle:
                got = json.load(handle)
        except (OSError, ValueError):
            return Run(seconds=float(timeout), cpu_seconds=float(timeout), peak_rss_mb=sampled[0], exit_code=-9,
                       stderr_tail=tail or "timed out")
    # ru_maxrss is in kilobytes on Linux
    peak = max(got["maxrss_kb"] / 1024, sampled[0])
    return Run(seconds=got["seconds"], cpu_seconds=got["cpu_seconds"], peak_rss_mb=peak,
               exit_code=got["exit_code"], stderr_tail=tail)


def measure(command: list[str], runs: int, env: dict | None = None, cwd: str | None = None,
            warmup: bool = True, timeout: float = 600.0, sample_tree: bool = False) -> Measured:
    """`runs` timed runs (after one untimed warm-up run that fills the file cache)."""
    first = run_once(command, env=env, cwd=cwd, timeout=timeout) if warmup else None
    return Measured([run_once(command, env=env, cwd=cwd, timeout=timeout, sample_tree=sample_tree)
                     for _ in range(runs)], first)


def measure_pair(first: list[str], second: list[str], runs: int, env_first=None, env_second=None,
                 timeout: float = 600.0) -> tuple[Measured, Measured]:
    """Two commands measured alternately, so a slow spell of the machine hits both alike."""
    run_once(first, env=env_first, timeout=timeout)
    run_once(second, env=env_second, timeout=timeout)
    a, b = Measured(), Measured()
    for _ in range(runs):
        a.runs.append(run_once(first, env=env_first, timeout=timeout))
        b.runs.append(run_once(second, env=env_second, timeout=timeout))
    return a, b
