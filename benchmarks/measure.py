"""What the benchmarks share: run a whole process, and time it with its peak memory.

Peak memory is the child's own maximum resident set size (os.wait4 on POSIX; on
Windows psutil's peak working set, when psutil is installed — the `bench` extra).
On Linux that figure starts from the parent's size when the child was started (it is
forked, then runs the command), so a benchmark keeps its own process small: anything
heavy, such as generating files with responder, runs in a child of its own.
"""

from __future__ import annotations

import os
import statistics
import subprocess
import sys
import time
from collections.abc import Sequence
from pathlib import Path
from typing import Any

ROOT = Path(__file__).resolve().parent.parent


def env(root: Path = ROOT, **also: str) -> dict[str, str]:
    """The environment for a child `python -m responder`: this checkout (or ``root``) first,
    and its bytecode compiled and used, as pip leaves an installed responder (a machine
    set with PYTHONDONTWRITEBYTECODE would otherwise compile every module on every run)."""
    import compileall

    compileall.compile_dir(root / "responder", quiet=1)
    environ = dict(os.environ, PYTHONPATH=str(root), **also)
    environ.pop("PYTHONDONTWRITEBYTECODE", None)
    return environ


def run_once(cmd: Sequence[str], environ: dict[str, str],
             ok: Sequence[int] = (0, 1)) -> tuple[float, int, float]:
    """Wall time (s), peak resident memory (KB, 0 if unknown) and CPU time (s, user +
    system; 0 if unknown) of one whole process. On a machine shared with other work the
    CPU time is the steadier figure: waiting for a core does not count."""
    started = time.perf_counter()
    proc = subprocess.Popen(list(cmd), env=environ, stdout=subprocess.DEVNULL,
                            stderr=subprocess.PIPE)
    cpu = 0.0
    if hasattr(os, "wait4"):  # POSIX: the child's own rusage, not this script's
        _, status, usage = os.wait4(proc.pid, 0)
        elapsed = time.perf_counter() - started
        proc.returncode = os.waitstatus_to_exitcode(status)
        peak = usage.ru_maxrss // (1024 if sys.platform == "darwin" else 1)
        cpu = usage.ru_utime + usage.ru_stime
    else:
        peak = _poll_peak(proc)
        elapsed = time.perf_counter() - started
    error = proc.stderr.read().decode() if proc.stderr else ""
    if proc.returncode not in ok:
        raise SystemExit(f"{' '.join(cmd)} failed ({proc.returncode}):\n{error}")
    return elapsed, peak, cpu


def _poll_peak(proc: subprocess.Popen) -> int:
    """Windows: psutil's peak working set, if psutil is installed."""
    try:
        import psutil
    except ImportError:
        proc.wait()
        return 0
    peak = 0
    try:
        child = psutil.Process(proc.pid)
        while proc.poll() is None:
            peak = max(peak, getattr(child.memory_info(), "peak_wset", 0) // 1024)
            time.sleep(0.005)
    except psutil.Error:
        proc.wait()
    return peak


def interleaved(cases: dict[str, Any], runs: int,
                environ: dict[str, str] | None = None) -> dict[str, tuple[float, int, float]]:
    """Median wall seconds, largest peak KB and median CPU seconds of each case, over
    ``runs`` interleaved runs (one warm-up first), so a busy machine slows all alike.
    A case is a command, or (command, environment) to run it with its own, or (command,
    environment, before): ``before()`` is called ahead of each run, untimed."""
    environ = environ or env()

    def nothing() -> None:
        pass

    cases = {name: (case, environ, nothing) if not isinstance(case, tuple) else
             (*case, nothing) if len(case) == 2 else case for name, case in cases.items()}
    for cmd, environ, before in cases.values():
        before()
        run_once(cmd, environ)
    times: dict[str, list[float]] = {name: [] for name in cases}
    cpus: dict[str, list[float]] = {name: [] for name in cases}
    peaks: dict[str, int] = dict.fromkeys(cases, 0)
    for _ in range(runs):
        for name, (cmd, environ, before) in cases.items():
            before()
            elapsed, peak, cpu = run_once(cmd, environ)
            times[name].append(elapsed)
            cpus[name].append(cpu)
            peaks[name] = max(peaks[name], peak)
    return {name: (statistics.median(times[name]), peaks[name], statistics.median(cpus[name]))
            for name in cases}


def memory(kb: int) -> str:
    return f"{kb / 1024:4.0f} MB" if kb else "   ? MB"


def load() -> str:
    """The machine's load, to read the figures by."""
    try:
        one, five, _ = os.getloadavg()
    except (AttributeError, OSError):
        return f"{os.cpu_count()} cores"
    return f"{os.cpu_count()} cores, load average {one:.2f} (1 min) {five:.2f} (5 min)"
