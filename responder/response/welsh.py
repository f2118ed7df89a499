"""The passages an office publishes in Welsh as well as English, and how each one's Welsh stands.

One list, walked in the order the document reads, serves every part that cares: `check
--final` (a passage without its Welsh, or with Welsh of an English that has since changed),
`translate make` (what to hand the translator), `translate read` (where each translation
goes back) and the Welsh render (which Welsh to print).

A unit's ``key`` is stable (``sections.s1-afi2.force``, ``letter.body``) so a translation
comes back to its place whatever was reordered meanwhile. Withheld passages are not
published, so they are not listed: a translator never sees them.

Pure: no I/O.
"""

from __future__ import annotations

from collections.abc import Iterator
from dataclasses import dataclass
from typing import Any, Literal

from .model import (
    CommentaryCy,
    Finding,
    FindingCy,
    LetterCy,
    Passage,
    ProcessCy,
    Response,
    Section,
    SectionCy,
    Translation,
)

State = Literal["missing", "stale", "current"]


@dataclass
class Unit:
    """One public passage the office writes, with its Welsh (if any)."""

    key: str  # stable: where the passage lives, by id
    where: str  # for people: "finding s1-afi2, NWP response"
    english: str
    welsh: Translation | None
    owner: Any  # the model holding the `cy` block
    holder: type  # the `cy` block's model class (made when a first translation arrives)
    field: str  # the field of the `cy` block

    @property
    def state(self) -> State:
        if self.welsh is None or not self.welsh:
            return "missing"
        return "current" if self.welsh.is_current(self.english) else "stale"

    def set(self, welsh: str, english: str | None = None) -> None:
        """Record ``welsh`` as the translation of the English as it now is (or of ``english``,
        the English the translator was given, when that is known)."""
        block = self.owner.cy
        if block is None:
            block = self.holder()
            self.owner.cy = block
        setattr(block, self.field, Translation(text=welsh, en=self.english if english is None
                                               else english))
        self.welsh = getattr(block, self.field)


def _text(passage: Passage | None) -> str:
    """A comment's English when it is published; '' when it is empty or withheld."""
    if passage is None or passage.withheld is not None:
        return ""
    return passage.text


def _cy(owner: Any, name: str) -> Translation | None:
    return getattr(owner.cy, name) if owner.cy is not None else None


def units(response: Response, labels: tuple[str, str] | None = None) -> list[Unit]:
    """Every public passage the office writes, in reading order; empty for an English-only
    response is not assumed: the caller asks `response.welsh` first."""
    force_label, body_label = labels or (
        f"{response.force.short_name or response.force.name} response",
        f"{response.body.short_role or 'Commissioner'} response")
    found: list[Unit] = []

    letter = response.letter
    if letter is not None:
        for name in ("subject", "opening", "body", "closing"):
            english = getattr(letter, name) or ""
            if english.strip():
                found.append(Unit(f"letter.{name}", f"letter, {name}", english,
                                  _cy(letter, name), letter, LetterCy, name))

    # The reason a response is late, which the letter or statement states (published: when
    # the response is late, and a reason given for it is always meant to be read).
    reason = response.process.late_reason or ""
    if reason.strip():
        found.append(Unit("process.late_reason", "the reason the response is late", reason,
                          _cy(response.process, "late_reason"), response.process, ProcessCy,
                          "late_reason"))

    def comments(owner: Any, block: type, key: str, where: str) -> Iterator[Unit]:
        for name, label in (("force", force_label), ("commissioner", body_label)):
            english = _text(getattr(owner, name))
            if english.strip():
                yield Unit(f"{key}.{name}", f"{where}, {label}", english, _cy(owner, name),
                           owner, block, name)

    found += comments(response.commentary, CommentaryCy, "commentary", "overall comments")
    for _, section in response.walk_sections():
        found += _section(section, comments)
    return found


def _section(section: Section, comments: Any) -> Iterator[Unit]:
    key = f"sections.{section.id}"
    yield from comments(section, SectionCy, key, f"section {section.id}")
    for finding in section.findings:
        for item in finding.walk():
            yield from _finding(item, comments)


def _finding(finding: Finding, comments: Any) -> Iterator[Unit]:
    if finding.withheld is not None:
        return
    key, where = f"findings.{finding.id}", f"finding {finding.id}"
    action = finding.action
    if action is not None and action.status and (action.explanation or "").strip():
        yield Unit(f"{key}.action", f"{where}, action", action.explanation or "",
                   _cy(finding, "action"), finding, FindingCy, "action")
    yield from comments(finding, FindingCy, key, where)


def problems(response: Response) -> list[tuple[Unit, State]]:
    """The public passages whose Welsh is missing or out of date (none for English only)."""
    if not response.welsh:
        return []
    return [(unit, unit.state) for unit in units(response) if unit.state != "current"]


def in_welsh(response: Response) -> tuple[Response, list[str]]:
    """The response as its Welsh reader sees it, for a document built from the response's
    words (the committee paper): a copy in which the names (body, force, report), the
    inspectorate's words (section titles and summaries, findings and their points) and each
    public passage the office wrote are their Welsh, where the file has it. Also, where a
    passage still shows its English (no Welsh, or Welsh of an older English, which is used
    all the same, as render does)."""
    welsh = response.model_copy(deep=True)
    english = [unit.where + (" (out of date)" if state == "stale" else "")
               for unit, state in problems(welsh)]
    for unit in units(welsh):
        if unit.welsh:
            _put(unit, unit.welsh.text)
    for block, names in ((welsh.body, ("name", "role", "short_role", "website")),
                         (welsh.force, ("name", "short_name", "chief_role")),
                         (welsh.report, ("title", "url"))):
        for name in names:
            if block.cy is not None and getattr(block.cy, name):
                setattr(block, name, getattr(block.cy, name))
    if welsh.body.cy is not None and welsh.body.cy.address:
        welsh.body.address = list(welsh.body.cy.address)
    for _, section in welsh.walk_sections():
        if section.cy is not None:
            section.title = section.cy.title or section.title
            section.summary = section.cy.summary or section.summary
        for finding in section.findings:
            for item in finding.walk():
                if item.cy is not None and item.cy.text:
                    item.text = item.cy.text
                    item.points = list(item.cy.points) or item.points
    return welsh, english


def _put(unit: Unit, text: str) -> None:
    """Put ``text`` where the unit's English is."""
    if unit.field == "action":
        unit.owner.action.explanation = text
    elif unit.field in ("force", "commissioner"):
        getattr(unit.owner, unit.field).text = text
    else:
        setattr(unit.owner, unit.field, text)
