"""Start-up time of the command line, as a user feels it (whole processes).

Prints the median wall time of `python -c pass`, `responder --help` and
`responder validate` on the largest bundled example, over interleaved runs so
that a busy machine slows all three alike.

    python benchmarks/startup.py [--runs 21]
"""

from __future__ import annotations

import argparse
import os
import statistics
import subprocess
import sys
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent


def timed(cmd: list[str], env: dict[str, str]) -> float:
    started = time.perf_counter()
    subprocess.run(cmd, env=env, stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL, check=False)
    return time.perf_counter() - started


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--runs", type=int, default=21)
    args = parser.parse_args()

    examples = sorted((ROOT / "examples").glob("*.yaml"), key=lambda p: p.stat().st_size)
    largest = examples[-1]
    env = dict(os.environ, PYTHONPATH=str(ROOT))
    py = sys.executable
    commands = {
        "python -c pass": [py, "-c", "pass"],
        "responder --help": [py, "-m", "responder", "--help"],
        f"responder validate {largest.name} ({largest.stat().st_size // 1024} KB)":
            [py, "-m", "responder", "validate", str(largest)],
    }
    times: dict[str, list[float]] = {name: [] for name in commands}
    for cmd in commands.values():  # warm the file cache and .pyc files
        timed(cmd, env)
    for _ in range(args.runs):
        for name, cmd in commands.items():
            times[name].append(timed(cmd, env))

    base = statistics.median(times["python -c pass"])
    print(f"median of {args.runs} interleaved runs, {os.cpu_count()} cores, Python {sys.version.split()[0]}")
    for name, values in times.items():
        median = statistics.median(values)
        extra = "" if name == "python -c pass" else f"   (+{(median - base) * 1000:.0f} ms over python)"
        print(f"  {name:<60} {median * 1000:6.0f} ms{extra}")


if __name__ == "__main__":
    main()
