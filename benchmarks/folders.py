"""How fast the folder commands are over an office's whole folder of responses.

Makes folders of 1, 100 and 1000 response files (from the bundled examples, each
about a different report), then times whole processes of `responder status`,
`check`, `validate -q` and `deadline --json` on each, with their peak memory, over
interleaved runs (so a busy machine slows every case alike). `python -c pass` and
`responder deadline --published DATE` are timed alongside: the floor of any
process and of any responder command.

Each command is timed three ways (see responder/cache.py):
- "first": nothing kept, as on the first run after installing or upgrading (the
  command's cache file is removed before every run);
- "again": the folder unchanged since the last run (the command is run once, untimed,
  just before), as on every run after the first;
- "1 edited": one file changed since the last run, as after a colleague's save.

Targets (issue 17, a 2-core machine): at 1000 files status, check and validate
within 1.0 s and 60 MB each, deadline within 0.5 s.

With --against DIR (another checkout of responder, such as an older version
unpacked with `git archive`), each command at the largest size is also run from
that checkout in the same interleaved runs, and the ratio printed.

    python benchmarks/folders.py [--runs 5] [--sizes 1,100,1000] [--against DIR]
"""

from __future__ import annotations

import argparse
import datetime as dt
import os
import re
import sys
import tempfile
from pathlib import Path
from typing import Any

from measure import ROOT, env, interleaved, load, memory, run_once

DATE = re.compile(r"\b\d{4}-\d{2}-\d{2}\b")
TARGETS = {"status": (1.0, 60), "check": (1.0, 60), "validate": (1.0, 60), "deadline": (0.5, 60)}


def make_folder(folder: Path, count: int) -> list[Path]:
    """``count`` response files made from the examples, each about a different report."""
    examples = sorted((ROOT / "examples").glob("*.yaml"))
    if not examples:
        sys.exit("no examples/*.yaml to build the benchmark files from")
    texts = [p.read_text(encoding="utf-8") for p in examples]
    made = []
    for i in range(count):
        # Every date of the example moves by the same number of weeks, so each file is
        # about a different report and its dates stay in a possible order.
        shift = dt.timedelta(weeks=i % 150)
        text = DATE.sub(lambda m, shift=shift: (dt.date.fromisoformat(m[0]) + shift).isoformat(),
                        texts[i % len(texts)])
        text = re.sub(r"(?m)^  title: .*$", f"  title: Benchmark report {i + 1}", text, count=1)
        path = folder / f"response-{i + 1:04d}.yaml"
        path.write_text(text, encoding="utf-8")
        made.append(path)
    return made


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--runs", type=int, default=5)
    parser.add_argument("--sizes", default="1,100,1000")
    parser.add_argument("--check-up-to", type=int, default=100, metavar="N",
                        help="time `check`'s first run only on folders of up to N files "
                        "(default 100): it compares every response with every earlier one "
                        "of its force in its folder, several seconds a run at 1000")
    parser.add_argument("--against", type=Path, metavar="DIR",
                        help="another checkout to compare with at the largest size")
    args = parser.parse_args()
    sizes = [int(n) for n in args.sizes.split(",")]

    py = sys.executable
    responder = [py, "-m", "responder"]
    with tempfile.TemporaryDirectory() as tmp:
        kept = Path(tmp) / "cache"
        environ = env(RESPONDER_CACHE=str(kept))

        def empty(command: str) -> Any:  # nothing kept for the command: its first run
            return lambda: (kept / f"{command}.json").unlink(missing_ok=True)

        def warm(cmd: list[str]) -> Any:  # run just before, untimed, on the same folder
            return lambda: run_once(cmd, environ)

        cases: dict = {
            "python -c pass": [py, "-c", "pass"],
            "deadline --published": [*responder, "deadline", "--published", "2019-09-27", "--json"],
        }
        for size in sizes:
            folder = Path(tmp) / f"responses-{size}"
            folder.mkdir()
            files = make_folder(folder, size)
            kb = sum(p.stat().st_size for p in files) // 1024
            print(f"folder of {size} files: {kb:,} KB")
            today = ["--today", "2024-06-01"]
            commands = {
                "status": [*responder, "status", str(folder), *today],
                "check": [*responder, "check", str(folder), *today],
                "validate": [*responder, "validate", "-q", *map(str, files)],
                "deadline": [*responder, "deadline", str(folder), "--json", *today],
            }
            edited = files[len(files) // 2]
            for command, cmd in commands.items():
                if command != "check" or size <= args.check_up_to:
                    cases[f"{command} {size} first"] = (cmd, environ, empty(command))
                cases[f"{command} {size} again"] = (cmd, environ, warm(cmd))
                if size == max(sizes):
                    cases[f"{command} {size} 1 edited"] = (cmd, environ, Edit(edited))
        if args.against:
            other = env(args.against.resolve(), RESPONDER_CACHE=str(kept))
            for command in TARGETS:
                for how in ("first", "again"):
                    name = f"{command} {max(sizes)} {how}"
                    if name in cases:
                        cases[f"{name} before"] = (cases[name][0], other)
        # An empty working folder, so no office responder.toml changes what is measured.
        old = Path.cwd()
        os.chdir(tmp)
        try:
            results = interleaved(cases, args.runs, environ)
        finally:
            os.chdir(old)

    print(f"\nmedian of {args.runs} interleaved runs (whole processes), {load()}, "
          f"Python {sys.version.split()[0]}")
    print(f"  {'':<28} {'wall':>8}  {'CPU':>7}  {'peak':>7}")
    for name, (seconds, peak, cpu) in results.items():
        command, _, rest = name.partition(" ")
        size = rest.split(" ")[0]
        verdict = ""
        if name.endswith(" before"):
            now_s, _, now_cpu = results[name.removesuffix(" before")]
            verdict = f"   now/before: wall {now_s / seconds:.2f}, CPU {now_cpu / cpu:.2f}"
        elif size == str(max(sizes)) and command in TARGETS:
            limit_s, limit_mb = TARGETS[command]
            met = seconds <= limit_s and (not peak or peak / 1024 <= limit_mb)
            verdict = f"   target ≤ {limit_s:.1f} s, ≤ {limit_mb} MB: {'met' if met else 'MISSED'}"
        print(f"  {name:<28} {seconds:6.3f} s  {cpu:5.2f} s  {memory(peak)}{verdict}")


class Edit:
    """Before each run, change one file as a colleague's save would (a new comment line)."""

    def __init__(self, path: Path):
        self.path, self.count = path, 0

    def __call__(self) -> None:
        self.count += 1
        with self.path.open("a", encoding="utf-8") as out:
            out.write(f"# edited {self.count}\n")

if __name__ == "__main__":
    main()
