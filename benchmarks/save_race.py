"""How many hand edits an interview's autosave overwrites when both write at once.

Someone keeps the response open in a text editor and saves a small change every
30 ms (each edit appends a token to `body.reference`, writing the file in place as
Notepad does), while the interview saves an answer as fast as a quick typist.
Every edit that is missing from the file at the end was overwritten by a save;
every answer missing at the end was overwritten by an edit. The check-then-write
window is what this measures: a save compares the file just before it replaces it.

    python benchmarks/save_race.py [--seconds 20] [--edit-every 0.03] [--answer-every 0.01]
    python benchmarks/save_race.py --responder /path/to/another/checkout   # compare versions
"""

from __future__ import annotations

import argparse
import datetime as dt
import re
import shutil
import subprocess
import sys
import tempfile
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent

EDITOR = r"""
import re, sys, time
from pathlib import Path
path, every, until = Path(sys.argv[1]), float(sys.argv[2]), float(sys.argv[3])
line = re.compile(rb"^(  reference: )(.*)$", re.M)
n = 0
while time.time() < until:
    time.sleep(every)
    data = path.read_bytes()
    match = line.search(data)
    if not match:
        continue  # caught the file between two states; try again next time
    n += 1
    data = data[:match.end()] + b" e%d" % n + data[match.end():]
    with open(path, "r+b") as out:  # in place, as Notepad writes
        out.seek(0)
        out.write(data)
        out.truncate()
print(n)
"""


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--seconds", type=float, default=20.0)
    parser.add_argument("--edit-every", type=float, default=0.03)
    parser.add_argument("--answer-every", type=float, default=0.01)
    parser.add_argument("--largest", action="store_true",
                        help="race on the largest example (default: the smallest)")
    parser.add_argument("--verbose", action="store_true", help="say why a save was put off")
    parser.add_argument("--responder", type=Path, default=ROOT,
                        help="the checkout whose code to measure (default: this one)")
    args = parser.parse_args()
    sys.path.insert(0, str(args.responder.resolve()))

    from responder.drafting import agenda
    from responder.errors import ResponderError
    from responder.response import editing, reading
    from responder.response.autosave import Autosaver

    examples = sorted((ROOT / "examples").glob("*.yaml"), key=lambda p: p.stat().st_size)
    source = examples[-1] if args.largest else examples[0]
    with tempfile.TemporaryDirectory() as folder:
        path = Path(folder) / source.name
        shutil.copyfile(source, path)
        doc = editing.load(path)
        doc.response.body.reference = "edits"
        doc.save()
        saver = Autosaver(doc)
        findings = [i for i in agenda.items_for(saver.response) if i.kind == "finding"]
        until = time.time() + args.seconds
        editor = subprocess.Popen([sys.executable, "-c", EDITOR, str(path), str(args.edit_every),
                                   str(until)], stdout=subprocess.PIPE, text=True)
        typed: dict[str, str] = {}  # finding -> the last answer given (all saved by the end)
        saves = deferred = 0
        now = dt.datetime(2026, 11, 23, 10, 0)
        while time.time() < until:
            item = findings[saves % len(findings)]
            text = f"Answer {saves}."
            agenda.set_comment(saver.response, item, "force", text)
            typed[item.key] = text
            try:
                saver.save(now)
            except ResponderError as exc:
                # Not saved this time: the interview says so, keeps the answer in memory and
                # offers to try again; it is saved with the next answer.
                if args.verbose:
                    print(f"  not saved: {exc}", file=sys.stderr)
                deferred += 1
            saves += 1
            time.sleep(args.answer_every)
        edits = int(editor.communicate(timeout=30)[0].strip() or 0)
        saver.save(now)  # the editor has stopped: the last answers go in (as on quitting)
        final = reading.read(path)
        tokens = set(re.findall(r"e(\d+)", final.body.reference or ""))
        lost_edits = sum(1 for n in range(1, edits + 1) if str(n) not in tokens)
        lost_answers = 0
        for item in findings:
            if item.key in typed:
                got = agenda.comment_of(final, item, "force")
                lost_answers += got != typed[item.key]
                if args.verbose and got != typed[item.key]:
                    print(f"  {item.key}: saved {typed[item.key]!r}, at the end {got!r}",
                          file=sys.stderr)
        copies = len(list(Path(folder).glob("*.conflict-*.yaml")))
    print(f"save race on {source.name} ({args.seconds:.0f} s; a hand edit every "
          f"{args.edit_every * 1000:.0f} ms; code from {args.responder.resolve()}):")
    print(f"  hand edits overwritten: {lost_edits} of {edits} ({100 * lost_edits / max(edits, 1):.2f}%)")
    print(f"  answers missing at the end: {lost_answers} of {len(typed)} findings answered")
    print(f"  answers: {saves} · saves put off for a retry: {deferred} · "
          f"conflict copies: {copies}")


if __name__ == "__main__":
    main()
