"""The response file, as pydantic models.

The YAML file on disk is the contract: these models validate it, and their field
order is the key order a new file is written in. Unknown keys are errors, so a
typo in a hand-edited file is caught and named rather than silently ignored.

Pure: no I/O, no printing.
"""

from __future__ import annotations

import datetime as dt
import re
from collections.abc import Iterator
from typing import Annotated, Any, Literal

from pydantic import (
    BaseModel,
    ConfigDict,
    Field,
    StringConstraints,
    ValidationInfo,
    field_validator,
    model_serializer,
    model_validator,
)

# The Welsh beside each part of the file (`cy:`), for an office that publishes in both.
from .welsh_blocks import (  # noqa: F401 - same_words: for the modules that compare Welsh
    BodyCy,
    CommentaryCy,
    FindingCy,
    ForceCy,
    LetterCy,
    ProcessCy,
    ReportCy,
    SectionCy,
    Translation,
    same_words,
)

# 2 (issue 27): the register's states, a target date's trail, closure on evidence and
# superseded links; a version 1 file reads unchanged (reading.MIGRATIONS, docs/format.md).
FORMAT_VERSION = 2

FindingKind = Literal["area_for_improvement", "recommendation", "cause_of_concern"]
FINDING_KINDS: tuple[str, ...] = ("area_for_improvement", "recommendation", "cause_of_concern")

Grade = Literal["Outstanding", "Good", "Adequate", "Requires improvement", "Inadequate"]
GRADES: tuple[str, ...] = ("Outstanding", "Good", "Adequate", "Requires improvement", "Inadequate")

GradeScale = Literal["peel-2014", "peel-2021", "none"]
SCALES: dict[str, tuple[str, ...]] = {
    "peel-2014": ("Outstanding", "Good", "Requires improvement", "Inadequate"),
    "peel-2021": ("Outstanding", "Good", "Adequate", "Requires improvement", "Inadequate"),
    "none": (),
}

ActionStatus = Literal["taken", "proposed", "none"]
WithheldReason = Literal["national_security", "personal_safety"]
ReportKind = Literal["peel", "thematic", "joint", "other"]

# The languages an office publishes in (ISO 639-1). An office under the Welsh Language
# Standards publishes in both, Welsh first; every other office in English alone, and its
# files carry no `languages` key at all.
Language = Literal["cy", "en"]
LANGUAGES: tuple[str, ...] = ("cy", "en")

# After publication, each finding is tracked to done (the register; see Tracking):
#   open               nothing done yet
#   in_progress        work under way
#   complete           the force says it is done; awaiting the office's acceptance
#   closed             accepted on evidence (closed_on, evidence, approved_by)
#   no_further_action  the office has decided nothing more will be done (why: an update)
#   superseded         overtaken by a finding of a later report (superseded_by names it)
#   reopened           closed or complete once, open again
TrackingStatus = Literal["open", "in_progress", "complete", "closed", "no_further_action",
                         "superseded", "reopened"]
TRACKING_STATUSES: tuple[str, ...] = ("open", "in_progress", "complete", "closed",
                                      "no_further_action", "superseded", "reopened")
OPEN_STATUSES: frozenset[str] = frozenset({"open", "in_progress", "reopened"})
Rag = Literal["red", "amber", "green"]

# Whom a recommendation is addressed to. These three are acted on locally (section 55(5B)
# asks for the action taken or proposed); any other value names a national body (the
# College of Policing, the Home Office, the NPCC, ...) that owns the recommendation, and
# the local response notes it rather than answering with an action.
LOCAL_ADDRESSEES: tuple[str, ...] = ("force", "chief_constables", "local_policing_bodies")
# A passive recommendation whose sentence names no one to act ("Responsibility for … should be
# transferred to regional units"): not the force's to act on, so noted, like a national body's.
NOT_NAMED = "not named in the report"

# What import writes where a report does not say whose it is (importing/recognise.py), kept
# here, in the format, so `check` can refuse them without loading the importer: each must
# be replaced before the response goes out.
NO_FORCE = "(force not named in the report)"
ONE_OF_THE_FORCES = "(one of the forces the report covers)"
NO_BODY = "(local policing body — set body.name)"
PLACEHOLDER_NAMES: tuple[str, ...] = (NO_FORCE, ONE_OF_THE_FORCES, NO_BODY)

# Text fields: surrounding white space is noise from pasting; an empty string means "not given".
Text = Annotated[str, StringConstraints(strip_whitespace=True)]
NonEmptyText = Annotated[str, StringConstraints(strip_whitespace=True, min_length=1)]
# Ids go into file names, anchors and workbook cells, so keep them plain.
Id = Annotated[str, StringConstraints(pattern=r"^[A-Za-z0-9][A-Za-z0-9_.-]*$", max_length=64)]


class Strict(BaseModel):
    """Base for every part of the file: unknown keys are errors, assignments are validated."""

    model_config = ConfigDict(extra="forbid", validate_assignment=True, str_strip_whitespace=True)


class Withheld(Strict):
    """Why a passage is kept out of the published version (and a note for the full one).

    The marker itself is what withholds: a bare ``withheld:`` or one whose reason is
    still blank withholds all the same (check asks for the reason), and a save never
    drops it, whatever it holds.
    """

    reason: WithheldReason | None = None
    note: Text | None = None


# Validation context for data read from a response file (store.validate passes it).
FROM_FILE = {"from_file": True}


def _withheld_key(value: Any, info: ValidationInfo) -> Any:
    """In a file, any presence of the ``withheld`` key withholds: a bare ``withheld:``
    (null) or an empty value becomes a marker without a reason, never "not withheld".

    Only for a file being read: when code assigns a field, pydantic hands the model's
    current values here too, and an unset marker there means "not withheld".
    """
    if not (info.context or {}).get("from_file"):
        return value
    if isinstance(value, dict) and "withheld" in value:
        marker = value["withheld"]
        if marker is None or (isinstance(marker, str) and not marker.strip()):
            value = {**value, "withheld": {}}
    return value


class Passage(Strict):
    """A comment in Markdown; written in the file as a plain string unless it is withheld or
    unfinished (typed, then interrupted before it was confirmed: docs/format.md)."""

    text: Text = ""
    withheld: Withheld | None = None
    unfinished: bool | None = None

    @model_validator(mode="before")
    @classmethod
    def _from_string(cls, value: Any, info: ValidationInfo) -> Any:
        if isinstance(value, str):
            return {"text": value}
        return _withheld_key(value, info)

    @model_serializer(mode="wrap")
    def _to_string(self, handler: Any) -> Any:
        if self.withheld is None and not self.unfinished:
            return self.text
        return handler(self)

    def __bool__(self) -> bool:
        return bool(self.text.strip())

    @property
    def is_unfinished(self) -> bool:
        return bool(self.unfinished) and bool(self.text.strip())


Comment = Passage | None


class Action(Strict):
    """Section 55(5B): the action taken or proposed, or why there is none."""

    status: ActionStatus | None = None
    explanation: Text | None = None
    unfinished: bool | None = None  # the explanation was interrupted mid-typing

    @property
    def is_unfinished(self) -> bool:
        return bool(self.unfinished) and bool((self.explanation or "").strip())


class Update(Strict):
    """One dated note in a finding's register: what happened, and the status it left."""

    date: dt.date
    text: NonEmptyText
    status: TrackingStatus | None = None
    evidence: Text | None = None  # what shows it, and where it is kept
    by: Text | None = None  # who gave the update, when not the office (an owner's form)


class DueChange(Strict):
    """A target date that moved: the date it was, when it moved, and why."""

    was: dt.date
    on: dt.date
    reason: NonEmptyText


class Link(Strict):
    """A finding in another response: its file (as named in the folder) and its id."""

    file: NonEmptyText
    id: Id

    def __str__(self) -> str:
        return f"{self.file}#{self.id}"


class Tracking(Strict):
    """A finding in the register after publication: who owns it, by when, how it stands."""

    owner: Text | None = None
    due: dt.date | None = None
    due_changes: list[DueChange] = Field(default_factory=list)  # oldest first
    status: TrackingStatus = "open"
    closed_on: dt.date | None = None
    evidence: Text | None = None  # on closure: what shows it is done, where it is kept
    approved_by: Text | None = None  # on closure: who accepted the evidence
    superseded_by: Link | None = None
    supersedes: list[Link] = Field(default_factory=list)
    rag: Rag | None = None
    updates: list[Update] = Field(default_factory=list)

    @model_validator(mode="after")
    def _closed(self) -> Tracking:
        if self.closed_on is not None and self.status != "closed":
            raise ValueError(f"closed_on is set but the status is {self.status!r}; "
                             "set status: closed, or remove closed_on")
        if self.approved_by is not None and self.status != "closed":
            raise ValueError(f"approved_by is set but the status is {self.status!r}; "
                             "set status: closed, or remove approved_by")
        return self

    @property
    def is_open(self) -> bool:
        return self.status in OPEN_STATUSES

    @property
    def original_due(self) -> dt.date | None:
        """The first target date set (before any move)."""
        return self.due_changes[0].was if self.due_changes else self.due

    def latest(self) -> Update | None:
        """The most recent update (by date; the later in the file on the same day)."""
        if not self.updates:
            return None
        return max(enumerate(self.updates), key=lambda pair: (pair[1].date, pair[0]))[1]


class Finding(Strict):
    """An area for improvement, a recommendation, or a cause of concern."""

    id: Id | None = None
    kind: FindingKind
    text: NonEmptyText
    points: list[NonEmptyText] = Field(default_factory=list)
    addressed_to: NonEmptyText | None = None  # recommendations: see LOCAL_ADDRESSEES
    by: dt.date | None = None  # recommendations: the date the report sets, if any
    recommendations: list[Finding] = Field(default_factory=list)
    action: Action | None = None
    force: Comment = None
    commissioner: Comment = None
    withheld: Withheld | None = None
    tracking: Tracking | None = None
    note: Text | None = None
    cy: FindingCy | None = None

    @model_validator(mode="before")
    @classmethod
    def _bare_withheld(cls, value: Any, info: ValidationInfo) -> Any:
        return _withheld_key(value, info)

    @model_validator(mode="after")
    def _shape(self) -> Finding:
        if self.recommendations and self.kind != "cause_of_concern":
            raise ValueError("only a cause_of_concern can group recommendations")
        for rec in self.recommendations:
            if rec.kind != "recommendation":
                raise ValueError(
                    f"a cause of concern groups recommendations only, not a {rec.kind}"
                )
        if self.action is not None and self.kind == "area_for_improvement":
            raise ValueError(
                "an area for improvement takes no action; "
                "actions belong to recommendations and causes of concern"
            )
        if self.kind != "recommendation" and (self.addressed_to or self.by):
            raise ValueError("only a recommendation has addressed_to and by")
        return self

    @property
    def is_local(self) -> bool:
        """Addressed to the force, chief constables or local policing bodies (or to no one
        in particular, which in a force's own report means the force)."""
        return self.addressed_to is None or self.addressed_to in LOCAL_ADDRESSEES

    @property
    def needs_action(self) -> bool:
        """Section 55(5B): a recommendation acted on locally needs its action."""
        return self.kind == "recommendation" and self.is_local

    def walk(self) -> Iterator[Finding]:
        yield self
        for rec in self.recommendations:
            yield from rec.walk()


class Section(Strict):
    """A pillar, question or area of the report; sections may nest."""

    id: Id | None = None
    title: NonEmptyText
    grade: Grade | None = None
    summary: Text | None = None
    findings: list[Finding] = Field(default_factory=list)
    force: Comment = None
    commissioner: Comment = None
    sections: list[Section] = Field(default_factory=list)
    cy: SectionCy | None = None


class Body(Strict):
    """The local policing body answering the report."""

    name: NonEmptyText
    holder: Text | None = None
    role: Text | None = None
    short_role: Text | None = None
    address: list[Text] = Field(default_factory=list)
    reference: Text | None = None
    website: Text | None = None
    cy: BodyCy | None = None


class Force(Strict):
    name: NonEmptyText
    short_name: Text | None = None
    chief: Text | None = None
    chief_role: Text | None = None
    cy: ForceCy | None = None


class Report(Strict):
    title: NonEmptyText
    published: dt.date | None = None
    kind: ReportKind = "peel"
    grades: GradeScale = "peel-2014"
    overall: Grade | None = None
    url: Text | None = None
    cy: ReportCy | None = None


class CopiesSent(Strict):
    """Section 55(6): copies to the inspectorate and the Secretary of State."""

    inspectorate: dt.date | None = None
    home_secretary: dt.date | None = None


class CommentsFrom(Strict):
    """Who completed the force's return (its "completed by" boxes, read by `returns read`)."""

    name: Text | None = None
    role: Text | None = None


class Process(Strict):
    """What has happened, when. A recorded date marks its milestone done."""

    chief_invited: dt.date | None = None
    chief_comments_due: dt.date | None = None
    chief_comments_received: dt.date | None = None
    chief_comments_from: CommentsFrom | None = None
    draft_ready: dt.date | None = None
    signed_off: dt.date | None = None
    response_published: dt.date | None = None
    copies_sent: CopiesSent = Field(default_factory=CopiesSent)
    late_reason: Text | None = None  # why it was published after the last day, in the letter
    cy: ProcessCy | None = None  # its Welsh, for an office that publishes in both


class Addressee(Strict):
    name: NonEmptyText
    role: Text | None = None
    address: list[Text] = Field(default_factory=list)


class Letter(Strict):
    """The covering letter: its presence makes the response render as a letter."""

    to: Addressee
    date: dt.date | None = None
    salutation: Text | None = None
    subject: Text | None = None
    opening: Text | None = None
    body: Text | None = None
    # The body was typed, then interrupted before it was confirmed (as a comment's
    # ``unfinished``): kept, but not finished work until the mark goes.
    body_unfinished: bool | None = None
    closing: Text | None = None
    sign_off: Text | None = None
    cc: list[Text] = Field(default_factory=list)
    cy: LetterCy | None = None

    @property
    def body_is_unfinished(self) -> bool:
        return bool(self.body_unfinished) and bool((self.body or "").strip())


class Commentary(Strict):
    """Overall remarks on the report as a whole."""

    force: Comment = None
    commissioner: Comment = None
    cy: CommentaryCy | None = None


class Response(Strict):
    """One response to one inspection report."""

    responder: Literal[2] = FORMAT_VERSION
    # Absent (or just [en]) for an English-only office; [cy, en] for one that publishes in
    # Welsh and English (Welsh first, as the Welsh Language Standards ask).
    languages: list[Language] = Field(default_factory=list)
    body: Body
    force: Force
    report: Report
    process: Process = Field(default_factory=Process)
    letter: Letter | None = None
    commentary: Commentary = Field(default_factory=Commentary)
    sections: list[Section] = Field(default_factory=list)

    @field_validator("languages")
    @classmethod
    def _languages(cls, languages: list[str]) -> list[str]:
        if len(set(languages)) != len(languages):
            raise ValueError("a language is named twice; write e.g. [cy, en]")
        return languages

    @property
    def welsh(self) -> bool:
        """The office publishes this response in Welsh (as well as English)."""
        return "cy" in self.languages

    @field_validator("sections")
    @classmethod
    def _unique_ids(cls, sections: list[Section]) -> list[Section]:
        seen: set[str] = set()
        for item in _walk_ids(sections):
            if item in seen:
                raise ValueError(f"the id {item!r} is used twice; ids must be unique")
            seen.add(item)
        return sections

    def walk_sections(self) -> Iterator[tuple[tuple[Section, ...], Section]]:
        """Every section, depth first, with the chain of sections above it."""
        yield from _walk_sections(self.sections, ())

    def walk_findings(self) -> Iterator[tuple[Section, Finding]]:
        """Every finding (recommendations inside causes of concern included), in order."""
        for _, section in self.walk_sections():
            for finding in section.findings:
                for item in finding.walk():
                    yield section, item

    def assign_ids(self) -> list[str]:
        """Give every section and finding without an id one; return the ids assigned.

        Ids come from position when first assigned and are then written to the
        file, so they never change afterwards even if items are reordered.
        """
        taken = set(_walk_ids(self.sections))
        assigned: list[str] = []

        def fresh(candidate: str) -> str:
            name, n = candidate, 2
            while name in taken:
                name, n = f"{candidate}-{n}", n + 1
            taken.add(name)
            assigned.append(name)
            return name

        def visit(sections: list[Section], prefix: str) -> None:
            for i, section in enumerate(sections, 1):
                if section.id is None:
                    section.id = fresh(f"{prefix}{i}")
                counters: dict[str, int] = {}
                for finding in section.findings:
                    _assign_finding(finding, section.id, counters, fresh)
                visit(section.sections, f"{section.id}.")

        visit(self.sections, "s")
        return assigned


ID_ABBREVIATIONS = {"area_for_improvement": "afi", "recommendation": "rec", "cause_of_concern": "coc"}


def _assign_finding(finding: Finding, owner: str, counters: dict[str, int], fresh: Any) -> None:
    abbr = ID_ABBREVIATIONS[finding.kind]
    counters[abbr] = counters.get(abbr, 0) + 1
    if finding.id is None:
        finding.id = fresh(f"{owner}-{abbr}{counters[abbr]}")
    inner: dict[str, int] = {}
    for rec in finding.recommendations:
        _assign_finding(rec, finding.id, inner, fresh)


def _walk_sections(
    sections: list[Section], trail: tuple[Section, ...]
) -> Iterator[tuple[tuple[Section, ...], Section]]:
    for section in sections:
        yield trail, section
        yield from _walk_sections(section.sections, (*trail, section))


def _walk_ids(sections: list[Section]) -> Iterator[str]:
    for _, section in _walk_sections(sections, ()):
        if section.id:
            yield section.id
        for finding in section.findings:
            for item in finding.walk():
                if item.id:
                    yield item.id


def comment_text(comment: Passage | None) -> str:
    """The text of a comment, or '' when there is none."""
    return comment.text if comment is not None else ""


def kind_label(kind: str) -> str:
    """'area_for_improvement' -> 'Area for improvement'."""
    return kind.replace("_", " ").capitalize()


_SLUG = re.compile(r"[^a-z0-9]+")


def slug(text: str) -> str:
    return _SLUG.sub("-", text.lower()).strip("-")
