"""The printed summary of an import: a tree of sections with grades and counts by kind.

Builds a rich Tree; the command line prints it. No printing here.
"""

from __future__ import annotations

import datetime as dt
from typing import Any

from ..response.model import Response, Section

KINDS = (("cause_of_concern", "cause of concern", "causes of concern"),
         ("recommendation", "recommendation", "recommendations"),
         ("area_for_improvement", "area for improvement", "areas for improvement"))


def counts(findings: Any) -> str:
    tally = {kind: 0 for kind, _, _ in KINDS}
    for finding in findings:
        for item in finding.walk():
            tally[item.kind] += 1
    parts = [f"{tally[kind]} {one if tally[kind] == 1 else many}"
             for kind, one, many in KINDS if tally[kind]]
    return ", ".join(parts)


def summary_tree(response: Response) -> Any:
    from rich.markup import escape
    from rich.tree import Tree

    report = response.report
    published = (f"published {_long_date(report.published)}" if report.published
                 else "publication date not found")
    head = f"[bold]{escape(report.title)}[/bold] — {escape(response.force.name)}, {published}"
    if report.overall:
        head += f"; overall grade: [bold]{report.overall}[/bold]"
    tree = Tree(head)

    def add(node: Any, section: Section) -> None:
        label = f"{section.id}  {escape(section.title)}"
        if section.grade:
            label += f"  [bold]{section.grade}[/bold]"
        found = counts(section.findings)
        if found:
            label += f"  — {found}"
        branch = node.add(label)
        for child in section.sections:
            add(branch, child)

    for section in response.sections:
        add(tree, section)
    return tree


def _long_date(day: dt.date) -> str:
    return f"{day.day} {day:%B %Y}"
