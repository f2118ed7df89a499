"""Benchmark: import a 100-page PDF report. Target: under 5 s on a 2-core machine.

Builds the PDF once (a Word file of a fixture report's text repeated, converted with
LibreOffice; skipped with a message when soffice is absent), then runs
`python -m responder import BIG.pdf -o OUT.yaml` as a real process several times and
prints the median wall time and the peak memory; also the in-process time of
import_report() alone and, for comparison, plain text extraction with pypdf.

    python benchmarks/import.py [--runs 5] [--pages 100]
"""

from __future__ import annotations

import argparse
import os
import shutil
import statistics
import subprocess
import sys
import tempfile
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))
sys.path.insert(0, str(ROOT / "benchmarks"))

SOURCE = ROOT / "tests" / "fixtures" / "import" / "peel-2018-19-northmoor.html"


def build_pdf(folder: Path, pages: int) -> Path | None:
    from make_docx import to_pdf, write_docx

    from responder.importing import read_blocks

    if not (shutil.which("soffice") or shutil.which("libreoffice")):
        return None
    import pypdfium2 as pdfium

    _, blocks = read_blocks(SOURCE)
    title = next(b.text for b in blocks if b.kind == "heading" and b.level == 1)
    repeat = 20
    while True:
        docx = folder / "big-report.docx"
        write_docx(blocks, docx, title, repeat=repeat)
        pdf = to_pdf(docx, folder)
        count = len(pdfium.PdfDocument(pdf))
        if count >= pages:
            return pdf
        repeat = int(repeat * pages / count) + 1


# Runs the command as `python -m responder` would, then reports the process's own peak
# memory (max resident set size) on stderr; POSIX only (the resource module).
LAUNCH = """
import resource, sys
from responder.cli import main
code = main(sys.argv[1:])
peak = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss
print("MAXRSS", peak / (1048576 if sys.platform == "darwin" else 1024), file=sys.stderr)
sys.exit(code)
"""


def command(pdf: Path, out: Path) -> list[str]:
    try:
        import resource  # noqa: F401
    except ImportError:  # Windows: time only
        return [sys.executable, "-m", "responder", "import", str(pdf), "-o", str(out)]
    return [sys.executable, "-c", LAUNCH, "import", str(pdf), "-o", str(out)]


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--runs", type=int, default=5)
    parser.add_argument("--pages", type=int, default=100)
    args = parser.parse_args()

    with tempfile.TemporaryDirectory() as tmp:
        folder = Path(tmp)
        started = time.perf_counter()
        pdf = build_pdf(folder, args.pages)
        if pdf is None:
            print("skipped: LibreOffice (soffice) is not installed, so the PDF cannot be made")
            return
        import pypdfium2 as pdfium

        pages = len(pdfium.PdfDocument(pdf))
        print(f"made {pdf.name}: {pages} pages, {pdf.stat().st_size / 1024:.0f} KB "
              f"in {time.perf_counter() - started:.1f} s")

        env = dict(os.environ)
        env["PYTHONPATH"] = str(ROOT) + os.pathsep + env.get("PYTHONPATH", "")
        times = []
        peaks = []
        for run in range(args.runs):
            out = folder / f"out-{run}.yaml"
            t0 = time.perf_counter()
            done = subprocess.run(command(pdf, out), env=env, capture_output=True, text=True)
            times.append(time.perf_counter() - t0)
            if done.returncode != 0:
                print(done.stderr)
                raise SystemExit("the import failed")
            peaks += [float(line.split()[1]) for line in done.stderr.splitlines()
                      if line.startswith("MAXRSS ")]
        summary = done.stdout.strip().splitlines()[-1]
        peak = max(peaks) if peaks else None
        print(f"responder import (whole command, {args.runs} runs): "
              f"median {statistics.median(times):.2f} s, "
              f"min {min(times):.2f} s, max {max(times):.2f} s")
        print(f"peak memory (max RSS of the import process): {peak:.0f} MB" if peak is not None
              else "peak memory: not measurable on this platform")
        print(f"last run: {summary}")

        from responder.importing import import_report

        inner = []
        for _ in range(args.runs):
            t0 = time.perf_counter()
            import_report(pdf)
            inner.append(time.perf_counter() - t0)
        print(f"import_report() in process: median {statistics.median(inner):.2f} s "
              f"({statistics.median(inner) / pages * 1000:.1f} ms a page)")

        try:
            from pypdf import PdfReader
        except ImportError:
            return
        t0 = time.perf_counter()
        for page in PdfReader(pdf).pages:
            page.extract_text()
        print(f"for comparison, pypdf plain text extraction alone: "
              f"{time.perf_counter() - t0:.2f} s")


if __name__ == "__main__":
    main()
