"""How fast `responder site` writes an office's website from a hundred responses.

Makes a folder of N published responses (from the bundled examples, each about a
different report; default 100), then times whole processes of `responder site FOLDER
-o DIR` over interleaved runs:

- "no PDFs, first": into an empty folder, with --no-pdf (pages, Word documents, data);
- "no PDFs, again": the same, over the site it wrote last time (every file replaced);
- "PDFs kept": with PDFs, over a site whose PDFs are still those of unchanged documents
  (each run after the first, when nothing or little changed);
- "PDFs, 1 edited": with PDFs, one response changed since the last run, so LibreOffice
  makes that one PDF again;
- with --first-pdf, "PDFs, first" once: every PDF made by LibreOffice (one start of it
  for all of them), the cost of the very first run.

Target (issue 28, a 2-core machine): a hundred responses to the site in under 10 s.
LibreOffice costs about a tenth of a second a document after its start, which is why a
re-run keeps the PDF of every document that has not changed.

    python benchmarks/website.py [--runs 3] [--size 100] [--first-pdf]
"""

from __future__ import annotations

import argparse
import datetime as dt
import os
import re
import shutil
import sys
import tempfile
from pathlib import Path
from typing import Any

from folders import make_folder
from measure import env, interleaved, load, memory, run_once

TARGET = 10.0
PUBLISHED = re.compile(r"(?m)^  published: (\d{4}-\d{2}-\d{2})$")


def publish(files: list[Path]) -> None:
    """Give every response a publication date (40 days after its report), as on a site."""
    for path in files:
        text = path.read_text(encoding="utf-8")
        if "response_published:" in text:
            continue
        report = dt.date.fromisoformat(PUBLISHED.search(text)[1])  # type: ignore[index]
        day = (report + dt.timedelta(days=40)).isoformat()
        path.write_text(text.replace("process:\n", f"process:\n  response_published: {day}\n", 1),
                        encoding="utf-8")


class Retitle:
    """Before each run, change one response's report title, so its documents change."""

    def __init__(self, path: Path):
        self.path, self.count = path, 0

    def __call__(self) -> None:
        self.count += 1
        text = self.path.read_text(encoding="utf-8")
        text = re.sub(r"(?m)^(  title: Benchmark report \d+)(?: \(edit \d+\))?$",
                      rf"\1 (edit {self.count})", text, count=1)
        self.path.write_text(text, encoding="utf-8")


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--runs", type=int, default=3)
    parser.add_argument("--size", type=int, default=100)
    parser.add_argument("--first-pdf", action="store_true",
                        help="also time one first run with every PDF made (LibreOffice)")
    args = parser.parse_args()
    has_libreoffice = shutil.which("soffice") or shutil.which("libreoffice")

    responder = [sys.executable, "-m", "responder"]
    with tempfile.TemporaryDirectory() as tmp:
        base = Path(tmp)
        environ = env(RESPONDER_CACHE=str(base / "cache"),
                      RESPONDER_CACHE_DIR=str(base / "template-cache"))
        folder = base / "responses"
        folder.mkdir()
        files = make_folder(folder, args.size)
        publish(files)
        today = ["--today", "2024-06-01"]

        def site(out: str, *extra: str) -> list[str]:
            return [*responder, "site", str(folder), "-o", str(base / out), *today, *extra]

        def empty(out: str) -> Any:
            return lambda: shutil.rmtree(base / out, ignore_errors=True)

        cases: dict[str, Any] = {
            "no PDFs, first": (site("fresh", "--no-pdf"), environ, empty("fresh")),
            "no PDFs, again": site("again", "--no-pdf"),
        }
        if has_libreoffice:
            print(f"making the first site with {args.size} PDFs (untimed) …", flush=True)
            run_once(site("pdf"), environ)
            cases["PDFs kept"] = site("pdf")
            cases["PDFs, 1 edited"] = (site("pdf"), environ, Retitle(files[len(files) // 2]))
        old = Path.cwd()
        os.chdir(tmp)  # no office responder.toml changes what is measured
        try:
            results = interleaved(cases, args.runs, environ)
            if args.first_pdf and has_libreoffice:
                shutil.rmtree(base / "first", ignore_errors=True)
                results["PDFs, first"] = run_once(site("first"), environ)
        finally:
            os.chdir(old)

    print(f"\n{args.size} published responses; median of {args.runs} interleaved runs "
          f"(whole processes), {load()}, Python {sys.version.split()[0]}")
    if not has_libreoffice:
        print("  (no LibreOffice here: the cases with PDFs were not run)")
    print(f"  {'':<18} {'wall':>8}  {'CPU':>7}  {'peak':>7}")
    for name, (seconds, peak, cpu) in results.items():
        verdict = f"   target < {TARGET:.0f} s: {'met' if seconds < TARGET else 'MISSED'}"
        print(f"  {name:<18} {seconds:6.2f} s  {cpu:5.2f} s  {memory(peak)}{verdict}")


if __name__ == "__main__":
    main()
