"""Runs one command and records its wall-clock and CPU time, exit status and peak RSS.

Started by measure.py as a small interpreter of its own, it forks the command from
itself: on Linux a child's peak-RSS figure starts from its parent's memory at the
fork, so a command started straight from the benchmark (which holds big inputs)
would be charged for the benchmark's memory.

    python -S -E launch.py RESULT.json COMMAND [ARG...]
"""
import json
import os
import sys
import time


def main() -> None:
    result, command = sys.argv[1], sys.argv[2:]
    start = time.perf_counter()
    pid = os.fork()
    if pid == 0:
        try:
            os.execvp(command[0], command)
        finally:
            os._exit(127)
    _, status, usage = os.wait4(pid, 0)
    seconds = time.perf_counter() - start
    with open(result, "w") as handle:
        json.dump({"seconds": seconds, "exit_code": os.waitstatus_to_exitcode(status),
                   "cpu_seconds": usage.ru_utime + usage.ru_stime, "maxrss_kb": usage.ru_maxrss}, handle)


if __name__ == "__main__":
    main()
