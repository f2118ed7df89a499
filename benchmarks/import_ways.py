"""Every way a finding is written (tests/fixtures/import/ways): the score of each import.

For each fixture of tests/test_import_ways.py, in each form it exists in, prints found /
missed / spurious / misplaced findings, the recommendations whose addressee and date are
right, the sections whose grade is right, and what else differs (title, date, kind, scale,
force); for the negatives, how many findings were (wrongly) found.

    python benchmarks/import_ways.py
"""

from __future__ import annotations

import sys
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))
sys.path.insert(0, str(ROOT / "tests"))

from test_import_shapes import outline  # noqa: E402
from test_import_ways import NEGATIVES, PATTERNS, WAYS, expected, score  # noqa: E402

from responder.errors import InputError  # noqa: E402
from responder.importing import import_report  # noqa: E402


def main() -> None:
    print(f"{'fixture':36} {'form':5} {'found':>5} {'missed':>6} {'spur.':>5} {'misp.':>5} "
          f"{'addressee':>9} {'grade':>5}  meta")
    totals = [0, 0, 0, 0]
    for name in PATTERNS:
        for path in sorted(WAYS.glob(f"{name}.*")):
            if path.suffix not in (".txt", ".html", ".docx", ".pdf"):
                continue
            try:
                got = outline(import_report(path).response)
            except InputError:
                got = {**expected(name), "sections": []}
            result = score(expected(name), got)
            for i, k in enumerate(("found", "missed", "spurious", "misplaced")):
                totals[i] += result[k]  # type: ignore[operator]
            print(f"{name:36} {path.suffix[1:]:5} {result['found']:5} {result['missed']:6} "
                  f"{result['spurious']:5} {result['misplaced']:5} {result['addressee']:>9} "
                  f"{result['grade']:>5}  {','.join(result['meta']) or 'ok'}")  # type: ignore[arg-type]
    print(f"{'total':42} {totals[0]:5} {totals[1]:6} {totals[2]:5} {totals[3]:5}")
    for name in NEGATIVES:
        try:
            found = sum(1 for _ in import_report(WAYS / name).response.walk_findings())
        except InputError:
            found = 0
        print(f"{name:42} spurious findings: {found}")


if __name__ == "__main__":
    main()
