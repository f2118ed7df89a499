"""How long `responder render` takes, as a user feels it (whole processes).

Builds two responses from the bundled letter example, its sections repeated and
its comments lengthened:

- normal: about 60 findings and 30,000 words (a full PEEL report);
- large: about 240 findings and 115,000 words (the largest a real office sees).

Then runs `responder render` on each, as .docx and as .html, and the peer — the
same content filled into a Word template by docxtpl (benchmarks/docxtpl_peer.py;
install it with `pip install -e '.[bench]'`) — over several interleaved runs (so
a busy machine slows every case alike), and prints the median wall time, CPU time
and peak memory (resident set size) of each case, and responder's ratio to
docxtpl. `responder validate` on the same files is timed alongside: it is the
floor every command pays (starting Python, importing the model, reading the file).

    python benchmarks/render.py [--runs 9] [--keep DIR]
"""

from __future__ import annotations

import argparse
import copy
import importlib.util
import shutil
import subprocess
import sys
import tempfile
from pathlib import Path
from typing import Any

from measure import ROOT, env, interleaved, load, memory

EXAMPLE = ROOT / "examples" / "letter-northmoor-peel-2018-19.yaml"
PEER = Path(__file__).resolve().parent / "docxtpl_peer.py"
SHAPES = {"normal": (60, 30_000), "large": (240, 115_000)}
TARGET_MB = {"normal": 50, "large": 60}  # issue 17
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
    """As responder writes it (model order, literal blocks), so the file is a real one."""
    sys.path.insert(0, str(ROOT))
    from responder.response import roundtrip
    from responder.response.model import Response

    response = Response.model_validate(data)
    response.assign_ids()
    path.write_bytes(roundtrip.dump(roundtrip.build_tree(roundtrip.to_plain(response))))


def generate(folder: Path) -> None:
    for shape, (findings, words) in SHAPES.items():
        data = build(findings, words)
        path = folder / f"{shape}.yaml"
        write(data, path)
        print(f"{shape}: {_count_findings(data['sections'])} findings, {_words(data):,} words, "
              f"{path.stat().st_size // 1024} KB of YAML", flush=True)


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--runs", type=int, default=9)
    parser.add_argument("--keep", type=Path, help="keep the generated files in this folder")
    parser.add_argument("--generate", type=Path, help=argparse.SUPPRESS)
    args = parser.parse_args()
    if args.generate:
        generate(args.generate)
        return

    folder = args.keep or Path(tempfile.mkdtemp(prefix="responder-bench-"))
    folder.mkdir(parents=True, exist_ok=True)
    py = sys.executable
    peer = importlib.util.find_spec("docxtpl") is not None
    template = folder / "docxtpl-template.docx"
    if peer:
        subprocess.run([py, str(PEER), "--make-template", str(template)], check=True)
    else:
        print("docxtpl is not installed (pip install -e '.[bench]'): no peer to compare with")
    # Made by a child process: this one stays small. A child's peak memory as the system
    # reports it starts from its parent's size at the moment it was started (fork, then
    # exec), so a parent that had loaded responder would add its own 50 MB to every case.
    subprocess.run([py, __file__, "--generate", str(folder)], check=True)
    cases: dict = {}
    for shape in SHAPES:
        path = folder / f"{shape}.yaml"
        # For reference: what every command pays to start and read this file (nothing
        # kept from an earlier run, which would spare validate the reading).
        cases[f"{shape} validate"] = ([py, "-m", "responder", "validate", "-q", str(path)],
                                      env(RESPONDER_CACHE="off"))
        if peer:
            cases[f"{shape} docxtpl"] = [py, str(PEER), str(template), str(path),
                                         str(folder / f"{shape}-docxtpl.docx")]
        for fmt in ("docx", "html"):
            out = folder / f"{shape}.{fmt}"
            cases[f"{shape} {fmt}"] = [py, "-m", "responder", "render", str(path),
                                       "--format", fmt, "-o", str(out)]
    # What responder keeps between runs (the house document to start from, made on the
    # first render after installing or upgrading: see word_document.house_base) is kept
    # here; "first" empties it before every run.
    kept = folder / "cache"
    environ = env(RESPONDER_CACHE=str(kept))

    def empty() -> None:
        shutil.rmtree(kept, ignore_errors=True)

    cases["normal docx first"] = (cases["normal docx"], environ, empty)
    results = interleaved(cases, args.runs, environ)
    print(f"\nmedian of {args.runs} interleaved runs (whole processes), {load()}:")
    print(f"  {'':<24} {'wall':>8}  {'CPU':>7}  {'peak':>7}")
    for name, (seconds, peak, cpu) in results.items():
        shape, _, what = name.partition(" ")
        what = what.removesuffix(" first")
        label = name if what in ("validate", "docxtpl") else f"render {name}"
        line = f"  {label:<24} {seconds:6.3f} s  {cpu:5.2f} s  {memory(peak)}"
        if what == "docx" and f"{shape} docxtpl" in results and not name.endswith("first"):
            their_s, _, their_cpu = results[f"{shape} docxtpl"]
            limit = TARGET_MB[shape]
            met = seconds <= their_s and (not peak or peak / 1024 <= limit)
            line += (f"   ratio to docxtpl {seconds / their_s:.2f} (CPU {cpu / their_cpu:.2f}); "
                     f"target ≤ 1.00, ≤ {limit} MB: {'met' if met else 'MISSED'}")
        print(line)
    if not args.keep:
        shutil.rmtree(folder)


if __name__ == "__main__":
    main()
