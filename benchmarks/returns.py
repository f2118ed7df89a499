"""How long `returns make` and `returns read` take on the letter example, in process.

Each round makes the Word and the Excel form from the response, then reads each back
(an untouched form: every box is compared, nothing is written). Prints the median and
spread per step; start-up and imports are not counted (see startup.py for those).

    python benchmarks/returns.py [--rounds 10]
"""

from __future__ import annotations

import argparse
import datetime as dt
import shutil
import statistics
import sys
import tempfile
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))

from responder.response import reading  # noqa: E402
from responder.returns import make_form  # noqa: E402
from responder.returns.reading import read_returns  # noqa: E402

EXAMPLE = ROOT / "examples" / "letter-northmoor-peel-2018-19.yaml"


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--rounds", type=int, default=10)
    rounds = parser.parse_args().rounds
    timings: dict[str, list[float]] = {}
    with tempfile.TemporaryDirectory() as folder:
        source = Path(folder) / EXAMPLE.name
        shutil.copyfile(EXAMPLE, source)
        response = reading.read(source)
        today, now = dt.date(2019, 9, 30), dt.datetime(2019, 9, 30, 10, 0)
        for _ in range(rounds):
            for fmt in ("docx", "xlsx"):
                start = time.perf_counter()
                data, count = make_form(response, fmt=fmt, source_name=source.name,
                                        only_missing=False, due=None, today=today)
                timings.setdefault(f"make {fmt}", []).append(time.perf_counter() - start)
                form = Path(folder) / f"form.{fmt}"
                form.write_bytes(data)
                start = time.perf_counter()
                read_returns(source, [form], dry_run=False, now=now)
                timings.setdefault(f"read {fmt}", []).append(time.perf_counter() - start)
    print(f"{EXAMPLE.name}: {count} findings, {rounds} rounds")
    for step, values in timings.items():
        print(f"  {step}: median {statistics.median(values) * 1000:.0f} ms "
              f"(min {min(values) * 1000:.0f}, max {max(values) * 1000:.0f})")


if __name__ == "__main__":
    main()
