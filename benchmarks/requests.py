"""How fast `responder track requests` asks a whole folder's owners for their updates.

Makes a folder of 300 responses with 20 open findings each, owned among 40 owners (so
each owner's form lists 150 findings from many reports), then times whole processes of
`responder track requests FOLDER -o DIR` in Word and in Excel, and of `track read` taking
one returned form back, with peak memory.

Target (issue 27, a 2-core machine): requests for 40 owners from 300 x 20 in under 10 s.

    python benchmarks/requests.py [--runs 3] [--responses 300] [--findings 20] [--owners 40]
"""

from __future__ import annotations

import argparse
import datetime as dt
import shutil
import sys
import tempfile
from pathlib import Path

from measure import env, run_once

sys.path.insert(0, str(Path(__file__).resolve().parent.parent))

TODAY = "2026-03-14"


def make_folder(folder: Path, responses: int, findings: int, owners: int) -> None:
    from responder.response.model import (
        Body,
        Finding,
        Force,
        Report,
        Response,
        Section,
        Tracking,
        Update,
    )
    from responder.response.roundtrip import build_tree, emit, to_plain

    for r in range(responses):
        published = dt.date(2024, 1, 1) + dt.timedelta(days=r)
        items = []
        for f in range(findings):
            number = r * findings + f
            items.append(Finding(
                kind="area_for_improvement",
                text=f"The force should improve area {f + 1} of report {r + 1}: supervision, "
                     "recording and the quality of its investigations.",
                tracking=Tracking(owner=f"Owner {number % owners + 1}",
                                  due=published + dt.timedelta(days=180 + f * 7),
                                  status="in_progress", rag="amber",
                                  updates=[Update(date=published + dt.timedelta(days=60),
                                                  text="Plan agreed; first actions under way.",
                                                  status="in_progress")])))
        response = Response(
            body=Body(name="Office of the Police and Crime Commissioner for Benchmarkshire"),
            force=Force(name="Benchmarkshire Police"),
            report=Report(title=f"Benchmark inspection report {r + 1}", published=published),
            sections=[Section(title="Effectiveness", findings=items)])
        response.assign_ids()
        (folder / f"response-{r + 1:04d}.yaml").write_text(
            emit(build_tree(to_plain(response))), encoding="utf-8")


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--runs", type=int, default=3)
    parser.add_argument("--responses", type=int, default=300)
    parser.add_argument("--findings", type=int, default=20)
    parser.add_argument("--owners", type=int, default=40)
    args = parser.parse_args()
    environ = env()
    with tempfile.TemporaryDirectory() as tmp:
        folder = Path(tmp) / "register"
        folder.mkdir()
        make_folder(folder, args.responses, args.findings, args.owners)
        print(f"{args.responses} responses x {args.findings} findings, {args.owners} owners")
        for fmt in ("docx", "xlsx"):
            times = []
            for _ in range(args.runs):
                out = Path(tmp) / f"out-{fmt}"
                shutil.rmtree(out, ignore_errors=True)
                elapsed, peak, cpu = run_once(
                    [sys.executable, "-m", "responder", "track", "requests", str(folder),
                     "-o", str(out), "--format", fmt, "--no-ask", "--today", TODAY], environ)
                times.append((elapsed, peak, cpu))
            best = min(times)
            made = len(list((Path(tmp) / f"out-{fmt}").glob(f"*.{fmt}")))
            print(f"track requests --format {fmt}: {best[0]:.2f} s wall (best of {args.runs}), "
                  f"{best[2]:.2f} s CPU, {best[1] / 1024:.0f} MB peak, {made} forms "
                  f"(target 10 s)")
        form = next((Path(tmp) / "out-docx").glob("*.docx"))
        elapsed, peak, cpu = run_once([sys.executable, "-m", "responder", "track", "read",
                                       str(folder), str(form), "--today", TODAY], environ)
        print(f"track read (one untouched form of {args.responses * args.findings // args.owners}"
              f" findings): {elapsed:.2f} s wall, {cpu:.2f} s CPU, {peak / 1024:.0f} MB peak")


if __name__ == "__main__":
    main()
