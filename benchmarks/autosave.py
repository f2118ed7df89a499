"""How long the interview's autosave takes per answer, on the largest bundled example.

Each round does what one answer in `responder interview` does: put a comment on a
finding, then save through the Autosaver (check the file on disk for someone
else's change, merge the model into the YAML tree, dump, write a temporary file,
fsync, replace). Prints the median and spread over many answers.

    python benchmarks/autosave.py [--answers 300]
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

from responder import agenda, store  # noqa: E402
from responder.autosave import Autosaver  # noqa: E402


def largest_example() -> Path:
    return max((ROOT / "examples").glob("*.yaml"), key=lambda p: p.stat().st_size)


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--answers", type=int, default=300)
    args = parser.parse_args()
    source = largest_example()
    with tempfile.TemporaryDirectory() as folder:
        path = Path(folder) / source.name
        shutil.copyfile(source, path)
        saver = Autosaver(store.load(path))
        items = [i for i in agenda.items_for(saver.response) if i.kind == "finding"]
        now = dt.datetime(2026, 11, 23, 10, 0)
        times = []
        for n in range(args.answers):
            item = items[n % len(items)]
            start = time.perf_counter()
            agenda.set_comment(saver.response, item, "force",
                                 f"Answer number {n}.\n\nA second paragraph with **bold** text.")
            result = saver.save(now)
            times.append(time.perf_counter() - start)
            assert result.written
        store.read(path)  # the file is still a valid response
    times.sort()
    ms = [t * 1000 for t in times]
    print(f"autosave per answer on {source.name} ({source.stat().st_size / 1024:.0f} KB, "
          f"{len(items)} findings), {args.answers} answers:")
    print(f"  median {statistics.median(ms):.1f} ms · p10 {ms[len(ms) // 10]:.1f} ms · "
          f"p90 {ms[len(ms) * 9 // 10]:.1f} ms · max {ms[-1]:.1f} ms")


if __name__ == "__main__":
    main()
