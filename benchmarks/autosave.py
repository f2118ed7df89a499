"""How long the interview's autosave takes per answer, on a normal and a large response.

Generates two responses as responder writes them (render.py's content: about 60
findings in a ~233 KB file, and about 240 findings in a ~900 KB one). Each round
does what one answer in `responder interview` does: put a comment on the next
finding, then save through the Autosaver (check the file on disk for someone
else's change, merge the model into the YAML tree, write the bytes, fsync,
replace). The same answers are then saved the way every save worked before
(emitting the whole file) in the same run, for the ratio. Prints the median and
spread per answer.

Targets (issue 17): ≤ 15 ms on the 233 KB response, ≤ 30 ms on the 900 KB one.

    python benchmarks/autosave.py [--answers 60]
"""

from __future__ import annotations

import argparse
import datetime as dt
import statistics
import sys
import tempfile
import time
from pathlib import Path

from measure import ROOT, load
from render import build, write

sys.path.insert(0, str(ROOT))

from responder.drafting import agenda
from responder.response import editing, reading  # noqa: E402
from responder.response.autosave import Autosaver  # noqa: E402

# (findings, words) giving files of about 233 KB and 900 KB as responder writes them.
SHAPES = {"normal": (60, 34_000, 15), "large": (240, 131_000, 30)}


def answers(path: Path, count: int, whole: bool) -> list[float]:
    """Seconds per answer over ``count`` answers; ``whole``: emit the whole file each time."""
    saver = Autosaver(editing.load(path))
    items = [i for i in agenda.items_for(saver.response) if i.kind == "finding"]
    now = dt.datetime(2026, 11, 23, 10, 0)
    times = []
    for n in range(count):
        item = items[n % len(items)]
        if whole:
            saver.doc.text = None  # as before: no text to splice into
        started = time.perf_counter()
        agenda.set_comment(saver.response, item, "force",
                           f"Answer number {n}{' (whole)' if whole else ''}.\n\n"
                           "A second paragraph with **bold** text.")
        result = saver.save(now)
        times.append(time.perf_counter() - started)
        assert result.written
    reading.read(path)  # the file is still a valid response
    return times


def summary(times: list[float]) -> str:
    ms = sorted(t * 1000 for t in times)
    return (f"median {statistics.median(ms):6.1f} ms · p10 {ms[len(ms) // 10]:6.1f} · "
            f"p90 {ms[len(ms) * 9 // 10]:6.1f}")


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--answers", type=int, default=60)
    args = parser.parse_args()
    print(f"autosave per answer, {args.answers} answers each; {load()}")
    with tempfile.TemporaryDirectory() as folder:
        for shape, (findings, words, target) in SHAPES.items():
            path = Path(folder) / f"{shape}.yaml"
            write(build(findings, words), path)
            size = path.stat().st_size / 1024
            spliced = answers(path, args.answers, whole=False)
            before = answers(path, max(args.answers // 4, 5), whole=True)
            median = statistics.median(spliced) * 1000
            print(f"{shape} ({size:.0f} KB, {findings} findings):")
            print(f"  changed blocks only  {summary(spliced)}   target ≤ {target} ms: "
                  f"{'met' if median <= target else 'MISSED'}")
            print(f"  whole file (before)  {summary(before)}   "
                  f"ratio {median / (statistics.median(before) * 1000):.2f}")


if __name__ == "__main__":
    main()
