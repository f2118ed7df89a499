"""The inspectorate's Welsh edition of a report: read as the English is, paired by structure.

The recogniser knows a report by its labels ("Area for improvement 1", "Cause of concern",
a grade on a line of its own, "Published 14 March 2024"). A Welsh edition carries the same
labels in Welsh, so its blocks have those labels (and only those: the inspectorate's words
stay Welsh) put into English first, and the one recogniser then reads it as it reads any
report. Its structure is then laid over the response's: the same sections, in the same
order, each with the same findings of the same kinds (and a cause of concern the same
recommendations). Where that holds, each finding gets its Welsh words (``cy.text``,
``cy.points``), each section its Welsh title and summary, the report its Welsh title; where
it does not, nothing changes and the first difference is named.

Pure: works on blocks and on two Response objects.
"""

from __future__ import annotations

import re

from ..response.model import (
    Finding,
    FindingCy,
    ReportCy,
    Response,
    Section,
    SectionCy,
    kind_label,
)
from .blocks import Block

_APOSTROPHES = str.maketrans({"’": "'", "‘": "'"})
_N = r"(\s+\d{1,3})?"
# A Welsh label at the start of a block -> the English label the recogniser reads.
LABELS: tuple[tuple[re.Pattern[str], str], ...] = tuple(
    (re.compile(pattern + rf"{_N}\b", re.IGNORECASE), english) for pattern, english in (
        (r"^meysydd\s+i'w\s+gwella", "Areas for improvement"),
        (r"^maes\s+i'w\s+wella", "Area for improvement"),
        (r"^achosion\s+pryder", "Causes of concern"),
        (r"^achos\s+pryder", "Cause of concern"),
        (r"^argymhellion", "Recommendations"),
        (r"^argymhelliad", "Recommendation"),
        (r"^cyhoeddwyd(\s+gyntaf)?", "Published"),
    ))
# The grades, as the inspectorate writes them in Welsh, on a line of their own.
GRADES = {
    "rhagorol": "Outstanding", "da": "Good", "digonol": "Adequate",
    "angen gwella": "Requires improvement", "mae angen gwella": "Requires improvement",
    "annigonol": "Inadequate",
}
MONTHS = {
    "ionawr": "January", "chwefror": "February", "mawrth": "March", "ebrill": "April",
    "mai": "May", "mehefin": "June", "gorffennaf": "July", "awst": "August", "medi": "September",
    "hydref": "October", "tachwedd": "November", "rhagfyr": "December",
}
_DATE = re.compile(r"\b(\d{1,2})\s+(" + "|".join(MONTHS) + r")\s+(\d{4})\b", re.IGNORECASE)


def english_labels(blocks: list[Block]) -> list[Block]:
    """The blocks of a Welsh edition with their structural labels in English."""
    out = []
    for block in blocks:
        text = block.text
        plain = text.translate(_APOSTROPHES)
        grade = GRADES.get(plain.strip(" .:").casefold())
        if grade is not None:
            text = grade
        else:
            for pattern, english in LABELS:
                found = pattern.match(plain)
                if found:
                    number = found.group(1) if found.lastindex else ""
                    if english == "Published":
                        number = ""
                    text = english + (number or "") + text[found.end():]
                    if english == "Published":
                        text = _DATE.sub(lambda m: f"{m[1]} {MONTHS[m[2].lower()]} {m[3]}", text)
                    break
        out.append(block if text == block.text else Block(block.kind, text, block.level, block.page))
    return out


class StructureDiffers(ValueError):
    """The Welsh edition's structure is not the response's: names the first difference."""


def merge_welsh(existing: Response, edition: Response) -> list[str]:
    """Fill ``existing``'s Welsh from the Welsh ``edition``, paired by structure; the lines
    saying what was filled. Raises StructureDiffers, changing nothing, where they differ."""
    pairs: list[tuple[Section, Section]] = []
    findings: list[tuple[Finding, Finding]] = []
    _pair_sections(existing.sections, edition.sections, "", pairs, findings)
    changes = []
    if existing.report.cy is None:
        existing.report.cy = ReportCy()
    if existing.report.cy.title != edition.report.title:
        existing.report.cy.title = edition.report.title
        changes.append(f"report.cy.title: {edition.report.title}")
    for ours, theirs in pairs:
        cy = ours.cy or SectionCy()
        if cy.title != theirs.title or (theirs.summary and cy.summary != theirs.summary):
            cy.title = theirs.title
            cy.summary = theirs.summary or cy.summary
            ours.cy = cy
            changes.append(f"{ours.id}: Welsh title ‘{theirs.title}’")
    filled = 0
    for ours, theirs in findings:
        cy = ours.cy or FindingCy()
        if cy.text != theirs.text or cy.points != theirs.points:
            cy.text, cy.points = theirs.text, list(theirs.points)
            ours.cy = cy
            filled += 1
    if filled:
        changes.append(f"the Welsh words of {filled} finding{'s' * (filled != 1)}")
    return changes


def _pair_sections(ours: list[Section], theirs: list[Section], where: str,
                   pairs: list[tuple[Section, Section]],
                   findings: list[tuple[Finding, Finding]]) -> None:
    place = where or "the report"
    if len(ours) != len(theirs):
        raise StructureDiffers(f"{place} has {len(theirs)} sections in the Welsh edition but "
                               f"{len(ours)} in the response")
    for mine, other in zip(ours, theirs, strict=True):
        if mine.grade and other.grade and mine.grade != other.grade:
            raise StructureDiffers(f"section {mine.id} (‘{mine.title}’) is graded {mine.grade} in "
                                   f"the response but {other.grade} in the Welsh edition "
                                   f"(‘{other.title}’)")
        _pair_findings(mine.findings, other.findings, f"section {mine.id} (‘{mine.title}’)", findings)
        pairs.append((mine, other))
        _pair_sections(mine.sections, other.sections, f"section {mine.id}", pairs, findings)


def _pair_findings(ours: list[Finding], theirs: list[Finding], where: str,
                   findings: list[tuple[Finding, Finding]]) -> None:
    kinds = [f.kind for f in ours]
    other = [f.kind for f in theirs]
    if kinds != other:
        raise StructureDiffers(f"{where} has {_kinds(other)} in the Welsh edition but "
                               f"{_kinds(kinds)} in the response")
    for mine, welsh in zip(ours, theirs, strict=True):
        findings.append((mine, welsh))
        if len(mine.recommendations) != len(welsh.recommendations):
            raise StructureDiffers(f"{mine.id} groups {len(welsh.recommendations)} "
                                   f"recommendations in the Welsh edition but "
                                   f"{len(mine.recommendations)} in the response")
        _pair_findings(mine.recommendations, welsh.recommendations, mine.id or where, findings)


def _kinds(kinds: list[str]) -> str:
    if not kinds:
        return "no findings"
    return ", ".join(kind_label(kind).lower() for kind in kinds)
