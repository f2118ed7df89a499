"""Every import fixture in every form: found / missed / spurious / misplaced, and the time.

For each report under tests/fixtures/import (and the real PEEL 2016 sample when
../shared/samples is present) this imports the text, web page, Word and PDF versions
that exist, and the PDF's text copied out of it four ways (PDFium as Chrome copies it,
pdftotext, pdftotext -layout, pdfminer — see tests/pdf_text.py), and compares each
with the expected result: the hand-checked ``<name>.expected.json`` where there is one,
else the PDF's own import. A finding is *found* when its kind and text are right and it
sits in the right section, *misplaced* when right but elsewhere, *missed* when absent,
*spurious* when the expected result has no such finding. Grades, title and date are
compared too ("meta" column: ok or the fields that differ). Times are in-process medians.

    python benchmarks/import_forms.py [--runs 3] [--long 100]

With --long N it also builds an N-page PDF (as benchmarks/import.py does; needs
LibreOffice) and times importing the text copied out of it in each form.
"""

from __future__ import annotations

import argparse
import json
import statistics
import sys
import tempfile
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))
sys.path.insert(0, str(ROOT / "tests"))

from pdf_text import FORMS, available, pasted  # noqa: E402
from test_import_shapes import outline  # noqa: E402

from responder.importing import import_report  # noqa: E402

FIXTURES = ROOT / "tests" / "fixtures" / "import"
SAMPLES = ROOT.parent / "shared" / "samples"


def findings(result: dict) -> list[tuple[str, str, str]]:
    """(section title, kind, text) for every finding, recommendations inside causes too."""
    out: list[tuple[str, str, str]] = []

    def walk(section: dict) -> None:
        for finding in section["findings"]:
            for item in [finding, *finding.get("recommendations", [])]:
                out.append((section["title"], item["kind"], item["text"]
                            + "|" + "|".join(item.get("points", []))
                            + "|" + str(item.get("addressed_to"))))
        for child in section["sections"]:
            walk(child)

    for section in result["sections"]:
        walk(section)
    return out


def grades(result: dict) -> list[tuple[str, str | None]]:
    out: list[tuple[str, str | None]] = []

    def walk(section: dict) -> None:
        out.append((section["title"], section["grade"]))
        for child in section["sections"]:
            walk(child)

    for section in result["sections"]:
        walk(section)
    return out


def compare(expected: dict, got: dict) -> tuple[int, int, int, int, str]:
    want, have = findings(expected), findings(got)
    found = sum(1 for f in want if f in have)
    by_text = {(k, t) for _, k, t in have}
    misplaced = sum(1 for s, k, t in want if (s, k, t) not in have and (k, t) in by_text)
    missed = len(want) - found - misplaced
    wanted_text = {(k, t) for _, k, t in want}
    spurious = sum(1 for _, k, t in have if (k, t) not in wanted_text)
    meta = [key for key in ("title", "published", "overall", "kind", "force")
            if expected[key] != got[key]]
    if grades(expected) != grades(got):
        meta.append("grades")
    return found, missed, spurious, misplaced, "ok" if not meta else ",".join(meta)


def timed(path: Path, runs: int) -> tuple[dict, float]:
    times, result = [], None
    for _ in range(runs):
        start = time.perf_counter()
        result = outline(import_report(path).response)
        times.append(time.perf_counter() - start)
    assert result is not None
    return result, statistics.median(times)


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--runs", type=int, default=3)
    parser.add_argument("--long", type=int, default=0, metavar="PAGES")
    args = parser.parse_args()
    if args.long:
        long_report(args.long, args.runs)
        return
    reports = [(path.stem, FIXTURES) for path in sorted(FIXTURES.glob("*.pdf"))]
    if (SAMPLES / "report-west-midlands-peel-2016-legitimacy.pdf").exists():
        reports.append(("report-west-midlands-peel-2016-legitimacy", SAMPLES))
    print(f"{'report':42} {'form':9} {'found':>5} {'missed':>6} {'spur.':>5} {'misp.':>5} "
          f"{'meta':>6} {'ms':>6}")
    totals = [0, 0, 0, 0]
    with tempfile.TemporaryDirectory() as tmp:
        for name, folder in reports:
            pdf = folder / f"{name}.pdf"
            golden = FIXTURES / f"{name}.expected.json"
            expected = (json.loads(golden.read_text(encoding="utf-8")) if golden.exists()
                        else outline(import_report(pdf).response))
            sources = [(ext, folder / f"{name}.{ext}") for ext in ("txt", "html", "docx", "pdf")]
            for form in FORMS:
                if available(form):
                    target = Path(tmp) / f"{name}.{form}.txt"
                    target.write_text(pasted(pdf, form), encoding="utf-8", newline="")
                    sources.append((form, target))
            for form, path in sources:
                if not path.exists():
                    continue
                got, seconds = timed(path, args.runs)
                found, missed, spurious, misplaced, meta = compare(expected, got)
                for i, n in enumerate((found, missed, spurious, misplaced)):
                    totals[i] += n
                print(f"{name:42} {form:9} {found:5} {missed:6} {spurious:5} {misplaced:5} "
                      f"{meta:>6} {seconds * 1000:6.0f}")
    print(f"{'total':52} {totals[0]:5} {totals[1]:6} {totals[2]:5} {totals[3]:5}")


def long_report(pages: int, runs: int) -> None:
    sys.path.insert(0, str(ROOT / "benchmarks"))
    from importlib import import_module

    build_pdf = import_module("import").build_pdf
    with tempfile.TemporaryDirectory() as tmp:
        pdf = build_pdf(Path(tmp), pages)
        if pdf is None:
            print("LibreOffice (soffice) is not installed: no long PDF")
            return
        _, seconds = timed(pdf, runs)
        print(f"{pages}-page PDF itself: {seconds:.2f} s")
        for form in FORMS:
            if available(form):
                target = Path(tmp) / f"long.{form}.txt"
                target.write_text(pasted(pdf, form), encoding="utf-8", newline="")
                result, seconds = timed(target, runs)
                count = len(findings(result))
                print(f"  copied out with {form:9}: {seconds:.2f} s, {count} findings")


if __name__ == "__main__":
    main()
