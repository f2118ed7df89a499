"""Every way a finding is written (tests/fixtures/import/ways): the score of each import.

For each fixture of tests/test_import_ways.py, in each form it exists in (text, web page,
Word, PDF, and the PDF's text copied out four ways as tests/pdf_text.py does), prints found /
missed / spurious / misplaced findings, the recommendations whose addressee and date are
right, the sections whose grade is right, and what else differs (title, date, kind, scale,
force); for the negatives, how many findings were (wrongly) found.

    python benchmarks/import_ways.py
"""

from __future__ import annotations

import shutil
import sys
import tempfile
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))
sys.path.insert(0, str(ROOT / "tests"))

from pdf_text import FORMS, available, pasted  # noqa: E402
from test_import_shapes import outline  # noqa: E402
from test_import_ways import NEGATIVES, PATTERNS, WAYS, expected, score  # noqa: E402

from responder.errors import InputError  # noqa: E402
from responder.importing import import_report  # noqa: E402


def main() -> None:
    print(f"{'fixture':36} {'form':8} {'found':>5} {'missed':>6} {'spur.':>5} {'misp.':>5} "
          f"{'addressee':>9} {'grade':>5}  meta")
    totals = [0, 0, 0, 0]
    tmp = Path(tempfile.mkdtemp())
    for name in PATTERNS:
        sources = [(ext, WAYS / f"{name}.{ext}") for ext in ("txt", "html", "docx", "pdf")]
        for form in FORMS:
            if available(form):
                copied = tmp / f"{name}.{form}.txt"
                copied.write_text(pasted(WAYS / f"{name}.pdf", form), encoding="utf-8",
                                  newline="")
                sources.append((form, copied))
        for form, path in sources:
            if not path.exists():
                continue
            try:
                got = outline(import_report(path).response)
            except InputError:
                got = {**expected(name), "sections": []}
            result = score(expected(name), got)
            for i, k in enumerate(("found", "missed", "spurious", "misplaced")):
                totals[i] += result[k]  # type: ignore[operator]
            print(f"{name:36} {form:8} {result['found']:5} {result['missed']:6} "
                  f"{result['spurious']:5} {result['misplaced']:5} {result['addressee']:>9} "
                  f"{result['grade']:>5}  {','.join(result['meta']) or 'ok'}")  # type: ignore[arg-type]
    print(f"{'total':45} {totals[0]:5} {totals[1]:6} {totals[2]:5} {totals[3]:5}")
    shutil.rmtree(tmp, ignore_errors=True)
    for name in NEGATIVES:
        try:
            found = sum(1 for _ in import_report(WAYS / name).response.walk_findings())
        except InputError:
            found = 0
        print(f"{name:42} spurious findings: {found}")


if __name__ == "__main__":
    main()
