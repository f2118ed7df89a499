"""How long `responder render` takes, as a user feels it (whole processes).

Builds two responses from the bundled letter example, its sections repeated and
its comments lengthened:

- normal: about 60 findings and 30,000 words (a full PEEL report);
- large: about 240 findings and 115,000 words (the largest a real office sees).

Then runs `responder render` on each, as .docx and as .html, over several
interleaved runs (so a busy machine slows every case alike), and prints the
median wall time and the peak memory (resident set size) of each case. `responder
validate` on the same files is timed alongside: it is the floor every command pays
(starting Python, importing the model, reading and checking the file).

    python benchmarks/render.py [--runs 9] [--keep DIR]
"""

from __future__ import annotations

import argparse
import copy
import os
import statistics
import subprocess
import sys
import tempfile
import time
from pathlib import Path
from typing import Any

ROOT = Path(__file__).resolve().parent.parent
EXAMPLE = ROOT / "examples" / "letter-northmoor-peel-2018-19.yaml"
SHAPES = {"normal": (60, 30_000), "large": (240, 115_000)}
COMMENT_KEYS = ("force", "commissioner", "explanation", "summary")


def _yaml() -> Any:
    from ruamel.yaml import YAML

    yaml = YAML(typ="safe", pure=True)
    yaml.default_flow_style = False
    yaml.width = 4096
    return yaml


def _count_findings(sections: list[dict]) -> int:
    total = 0
    for section in sections:
        for finding in section.get("findings", []):
            total += 1 + len(finding.get("recommendations", []))
        total += _count_findings(section.get("sections", []))
    return total


def _words(value: Any) -> int:
    if isinstance(value, str):
        return len(value.split())
    if isinstance(value, dict):
        return sum(_words(v) for v in value.values())
    if isinstance(value, list):
        return sum(_words(v) for v in value)
    return 0


def _renumber(value: Any, suffix: str) -> Any:
    if isinstance(value, dict):
        out = {k: _renumber(v, suffix) for k, v in value.items()}
        if "id" in out:
            out["id"] = f"{out['id']}-{suffix}"
        return out
    if isinstance(value, list):
        return [_renumber(v, suffix) for v in value]
    return value


def _lengthen(value: Any, times: float, state: dict[str, float]) -> Any:
    """Repeat the paragraphs of every comment so the whole reaches the word target."""
    if isinstance(value, dict):
        out = {}
        for key, item in value.items():
            if key in COMMENT_KEYS and isinstance(item, str):
                state["carry"] += times
                whole = int(state["carry"])
                state["carry"] -= whole
                out[key] = "\n\n".join([item] * max(whole, 1))
            else:
                out[key] = _lengthen(item, times, state)
        return out
    if isinstance(value, list):
        return [_lengthen(v, times, state) for v in value]
    return value


def build(findings: int, words: int) -> dict:
    data = _yaml().load(EXAMPLE.read_text(encoding="utf-8"))
    per_copy = _count_findings(data["sections"])
    copies = max(1, round(findings / per_copy))
    sections = []
    for n in range(copies):
        for section in copy.deepcopy(data["sections"]):
            section = _renumber(section, f"c{n + 1}") if n else section
            if n:
                section["title"] = f"{section['title']} (part {n + 1})"
            sections.append(section)
    data["sections"] = sections
    base = _words(data)
    comment_words = _words(_comments_only(data))
    factor = 1 + max(0, words - base) / max(comment_words, 1)
    data = _lengthen(data, factor, {"carry": 0.0})
    return data


def _comments_only(value: Any) -> Any:
    if isinstance(value, dict):
        return [v if k in COMMENT_KEYS and isinstance(v, str) else _comments_only(v)
                for k, v in value.items()]
    if isinstance(value, list):
        return [_comments_only(v) for v in value]
    return None


def write(data: dict, path: Path) -> None:
    with path.open("w", encoding="utf-8") as handle:
        _yaml().dump(data, handle)


def run_once(cmd: list[str], env: dict[str, str]) -> tuple[float, int]:
    """Wall time and peak resident memory (KB, 0 if unknown) of one whole process."""
    started = time.perf_counter()
    proc = subprocess.Popen(cmd, env=env, stdout=subprocess.DEVNULL, stderr=subprocess.PIPE)
    if hasattr(os, "wait4"):  # POSIX: the child's own rusage, not this script's
        _, status, usage = os.wait4(proc.pid, 0)
        elapsed = time.perf_counter() - started
        proc.returncode = os.waitstatus_to_exitcode(status)
        peak = usage.ru_maxrss // (1024 if sys.platform == "darwin" else 1)
    else:
        peak = _poll_peak(proc)
        elapsed = time.perf_counter() - started
    error = proc.stderr.read().decode() if proc.stderr else ""
    if proc.returncode:
        raise SystemExit(f"{' '.join(cmd)} failed:\n{error}")
    return elapsed, peak


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


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--runs", type=int, default=9)
    parser.add_argument("--keep", type=Path, help="keep the generated files in this folder")
    args = parser.parse_args()

    folder = args.keep or Path(tempfile.mkdtemp(prefix="responder-bench-"))
    folder.mkdir(parents=True, exist_ok=True)
    env = dict(os.environ, PYTHONPATH=str(ROOT))
    py = sys.executable
    cases: dict[str, list[str]] = {}
    for shape, (findings, words) in SHAPES.items():
        data = build(findings, words)
        path = folder / f"{shape}.yaml"
        write(data, path)
        print(f"{shape}: {_count_findings(data['sections'])} findings, {_words(data):,} words, "
              f"{path.stat().st_size // 1024} KB of YAML")
        # For reference: what every command pays to start and read this file.
        cases[f"{shape} validate"] = [py, "-m", "responder", "validate", "-q", str(path)]
        for fmt in ("docx", "html"):
            out = folder / f"{shape}.{fmt}"
            cases[f"{shape} {fmt}"] = [py, "-m", "responder", "render", str(path),
                                       "--format", fmt, "-o", str(out)]
    for cmd in cases.values():  # warm the file cache and the .pyc files
        run_once(cmd, env)
    times: dict[str, list[float]] = {name: [] for name in cases}
    peaks: dict[str, list[int]] = {name: [] for name in cases}
    for _ in range(args.runs):
        for name, cmd in cases.items():
            elapsed, peak = run_once(cmd, env)
            times[name].append(elapsed)
            peaks[name].append(peak)
    print(f"\nmedian of {args.runs} interleaved runs (whole processes):")
    for name in cases:
        peak = max(peaks[name])
        memory = f"{peak / 1024:.0f} MB peak" if peak else "peak memory not measured"
        verb = "" if name.endswith("validate") else "render "
        print(f"  {verb + name:<22} {statistics.median(times[name]):.3f} s   {memory}")
    if not args.keep:
        for item in folder.iterdir():
            item.unlink()
        folder.rmdir()


if __name__ == "__main__":
    main()
