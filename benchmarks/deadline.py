"""How fast `responder deadline` answers, as a calendar script run every morning feels it.

Prints the median wall time, over interleaved runs (so a busy machine slows all
alike), of:
  - `python -c pass` (the floor),
  - `responder deadline --published 2019-09-27 --json` (target: 0.35 s),
  - `responder deadline FOLDER --json` on a folder of 100 response files (target: 1 s),
then, in one process, what reading one file costs with the full reader
(`store.read`) and with the header reader the deadline uses.

The 100 files are made in a temporary folder from the bundled examples, each
with its own title and publication date.

    python benchmarks/deadline.py [--runs 15] [--files 100]
"""

from __future__ import annotations

import argparse
import datetime as dt
import os
import re
import statistics
import subprocess
import sys
import tempfile
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent


def timed(cmd: list[str], env: dict[str, str]) -> float:
    started = time.perf_counter()
    subprocess.run(cmd, env=env, stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL, check=False)
    return time.perf_counter() - started


def make_folder(folder: Path, count: int) -> list[Path]:
    """``count`` response files made from the examples, each about a different report."""
    examples = sorted((ROOT / "examples").glob("*.yaml"))
    if not examples:
        sys.exit("no examples/*.yaml to build the benchmark files from")
    texts = [p.read_text(encoding="utf-8") for p in examples]
    made = []
    start = dt.date(2023, 1, 2)
    for i in range(count):
        text = texts[i % len(texts)]
        published = start + dt.timedelta(days=7 * i)
        text = re.sub(r"(?m)^(  published: ).*$", rf"\g<1>{published.isoformat()}", text, count=1)
        text = re.sub(r"(?m)^  title: .*$", f"  title: Benchmark report {i + 1}", text, count=1)
        path = folder / f"response-{i + 1:03d}.yaml"
        path.write_text(text, encoding="utf-8")
        made.append(path)
    return made


def per_file(files: list[Path]) -> tuple[float, float]:
    """Median seconds per file to read with store.read and with the header reader."""
    sys.path.insert(0, str(ROOT))
    from responder.header import read_header
    from responder.store import read

    sample = files[:30]
    full, head = [], []
    for path in sample:
        started = time.perf_counter()
        read(path)
        full.append(time.perf_counter() - started)
        started = time.perf_counter()
        read_header(path)
        head.append(time.perf_counter() - started)
    return statistics.median(full), statistics.median(head)


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--runs", type=int, default=15)
    parser.add_argument("--files", type=int, default=100)
    args = parser.parse_args()

    py = sys.executable
    with tempfile.TemporaryDirectory() as tmp:
        folder = Path(tmp) / "responses"
        folder.mkdir()
        files = make_folder(folder, args.files)
        size = sum(p.stat().st_size for p in files) // 1024
        # An empty working folder, so no office responder.toml changes what is measured.
        env = dict(os.environ, PYTHONPATH=str(ROOT))
        deadline = [py, "-m", "responder", "deadline"]
        commands = {
            "python -c pass": [py, "-c", "pass"],
            "responder deadline --published 2019-09-27 --json":
                [*deadline, "--published", "2019-09-27", "--json"],
            f"responder deadline FOLDER --json ({args.files} files, {size} KB)":
                [*deadline, str(folder), "--json", "--today", "2024-06-01"],
        }
        times: dict[str, list[float]] = {name: [] for name in commands}
        old = Path.cwd()
        os.chdir(tmp)
        try:
            for name, cmd in commands.items():  # warm the file cache and .pyc files
                done = subprocess.run(cmd, env=env, capture_output=True, text=True, check=False)
                if done.returncode == 2:
                    sys.exit(f"{name} failed:\n{done.stderr}")
            for _ in range(args.runs):
                for name, cmd in commands.items():
                    times[name].append(timed(cmd, env))
            full, head = per_file(files)
        finally:
            os.chdir(old)

    base = statistics.median(times["python -c pass"])
    print(f"median of {args.runs} interleaved runs, {os.cpu_count()} cores, "
          f"Python {sys.version.split()[0]}")
    for name, values in times.items():
        median = statistics.median(values)
        extra = "" if name == "python -c pass" else f"   (+{(median - base) * 1000:.0f} ms over python)"
        print(f"  {name:<62} {median * 1000:6.0f} ms{extra}")
    print("reading one of those files, median (in one process, imports excluded):")
    print(f"  store.read (whole file, round trip)  {full * 1000:6.1f} ms")
    print(f"  header.read_header (what deadline uses)  {head * 1000:6.1f} ms")


if __name__ == "__main__":
    main()
