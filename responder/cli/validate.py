"""responder validate FILE|FOLDER…: are these response files well formed?"""

from __future__ import annotations

import argparse
from pathlib import Path

from ..dates import long_date, plural
from ..errors import ExitCode
from .common import Answers, expand_files, kept, read_all, say


def add_arguments(sub: argparse.ArgumentParser) -> None:
    sub.add_argument("files", nargs="+", metavar="FILE|FOLDER",
                     help="response files (.yaml), or folders of them")
    sub.add_argument("-q", "--quiet", action="store_true", help="print only problems")
    sub.add_argument("--max-problems", type=int, default=5, metavar="N",
                     help="problems to show per file (default 5)")


def run(args: argparse.Namespace) -> int:
    from ..cache import Cache

    def make(path: Path, raw: bytes) -> list:
        from ..response.reading import read

        response = read(path, raw)
        return [Answers.of(response).to_json(), summary_line(response)]  # a line, not the response

    with Cache("validate") as cache:
        read = kept(cache, make)

        def summary(path: Path) -> tuple[Answers, str]:
            answers, line = read(path)
            return Answers.from_json(answers), line

        good, bad = read_all(expand_files(args.files), summary, limit=args.max_problems)
    if not args.quiet:
        for path, (_, line) in good:
            say(f"{path}: valid — {line}")
    return ExitCode.BAD_INPUT if bad else ExitCode.OK


def summary_line(response: object) -> str:
    from ..response.model import Response

    assert isinstance(response, Response)
    counts = {"area_for_improvement": 0, "cause_of_concern": 0, "recommendation": 0}
    for _, finding in response.walk_findings():
        counts[finding.kind] += 1
    sections = sum(1 for _ in response.walk_sections())
    published = (
        f"published {long_date(response.report.published)}"
        if response.report.published else "publication date not set"
    )
    title = response.report.title
    if response.force.name.lower() not in title.lower():
        title += f" ({response.force.name})"
    parts = [
        f"{title}, {published}",
        plural(sections, "section"),
        plural(counts["cause_of_concern"], "cause of concern", "causes of concern"),
        plural(counts["recommendation"], "recommendation"),
        plural(counts["area_for_improvement"], "area for improvement", "areas for improvement"),
    ]
    return "; ".join(parts)
