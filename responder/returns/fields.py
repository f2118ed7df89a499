"""The boxes of the force's return, and how each is written into a form and read back.

Every box is named ``responder:<key>:<field>`` (a Word content control's tag and title,
a hidden marker beside it, an Excel column by its header), where the key is a finding's
or a section's id, or ``response`` for the response as a whole, and field one of:

| field                | Excel column       | on the form of             | goes into                           |
|----------------------|--------------------|----------------------------|-------------------------------------|
| `force`              | Force response     | every finding              | `force` (Markdown)                  |
| `action_status`      | Action status      | local recommendations      | `action.status` (a list)            |
| `action_explanation` | Action explanation | local recommendations      | `action.explanation`                |
| `owner`              | Owner              | every finding              | `tracking.owner`                    |
| `due`                | Target date        | every finding              | `tracking.due` (a date)             |
| `section_force`      | Force response     | every section              | the section's `force` (Markdown)    |
| `overall_force`      | Force response     | the response               | `commentary.force` (Markdown)       |
| `completed_name`     | Force response     | the response               | `process.chief_comments_from.name`  |
| `completed_role`     | Force response     | the response               | `process.chief_comments_from.role`  |
| `completed_date`     | Force response     | the response               | `process.chief_comments_received`   |

The interview asks for the same comments: one per finding, one per section as a whole,
one on the report overall; the "completed by" boxes record who sent the return and when.

An owner's update request (``track requests``, after/requests.py) has boxes of its own,
read back as one more dated update, never over an earlier one:

| field        | header             | goes into                                            |
|--------------|--------------------|------------------------------------------------------|
| `update`     | Update             | a new `tracking.updates` entry                       |
| `status`     | Status             | `tracking.status` (Not started, In progress, Complete)|
| `rag`        | RAG                | `tracking.rag` (Red, Amber, Green)                   |
| `due`        | Target date        | `tracking.due`, the old date kept in `due_changes`   |
| `due_reason` | Why the date moved | that move's reason (needed when the date moves)      |
| `evidence`   | Evidence           | the update's `evidence`                              |

A local recommendation is one acted on locally (``Finding.needs_action``); the action
status is taken, proposed or none.

Each box also carries the fingerprint of the answer it was filled with (``fingerprint``
below), so reading the form back knows whether the force changed it. Markdown survives
a form as lines: each line of a comment is a paragraph in Word or a line in a cell, and
reading joins them back (list items on consecutive lines, other paragraphs blank-line
apart).

Pure: no I/O.
"""

from __future__ import annotations

import datetime as dt
import hashlib
import re
import unicodedata
from dataclasses import dataclass
from typing import Any

from ..dates import EARLIEST, LATEST, long_date, parse_date
from ..render.i18n import N_
from ..response.model import Action, CommentsFrom, Finding, Passage, Response, Section, Tracking


@dataclass(frozen=True)
class Field:
    name: str
    header: str  # the Word box's label (and the Excel column's header, unless ``column``)
    kind: str  # text | status | short | date
    help: str  # the one-line hint shown beside the box
    column: str = ""  # the Excel column it is typed in, when not its own

    @property
    def excel_column(self) -> str:
        return self.column or self.header


# Headers and hints are messages of the catalogue (render/i18n.py): a Welsh form (`--lang cy`)
# shows them in Welsh, and reading a form back knows either language's.
FIELDS: tuple[Field, ...] = (
    Field("force", N_("Force response"), "text",
          N_("The force's comment on this finding. New lines start new paragraphs; "
             "'- ' starts a bullet.")),
    Field("action_status", N_("Action status"), "status",
          N_("Section 55(5B): is action taken, proposed, or none?")),
    Field("action_explanation", N_("Action explanation"), "text",
          N_("What was done or is proposed (by whom, by when) — or why nothing will be.")),
    Field("owner", N_("Owner"), "short", N_("Who leads the work (a name or a post).")),
    Field("due", N_("Target date"), "date", N_("When it will be done, e.g. 31/03/2026.")),
)
REQUEST_FIELDS: tuple[Field, ...] = (
    Field("update", N_("Update"), "text",
          N_("What has happened since the last update: what was done, by whom, what is next.")),
    Field("status", N_("Status"), "state",
          N_("Not started, In progress, or Complete (the work is done: say what shows it).")),
    Field("rag", N_("RAG"), "rag", N_("Red, Amber or Green: how you judge the work stands.")),
    FIELDS[4],  # due
    Field("due_reason", N_("Why the date moved"), "text",
          N_("Needed if you change the target date: why it moves.")),
    Field("evidence", N_("Evidence"), "text",
          N_("What shows the work is done (a report, an audit, a policy), and where it is "
             "kept.")),
)
# Boxes that are not a finding's: a section's comments, the overall comments, who completed
# the form. In Excel each is a row of its own, typed in the Force response column.
WHOLE_FIELDS: tuple[Field, ...] = (
    Field("section_force", N_("Force's comments on this section as a whole"), "text",
          N_("Anything the force wants to say about this area as a whole."), "Force response"),
    Field("overall_force", N_("Force's overall comments on the report"), "text",
          N_("The force's comments on the report as a whole."), "Force response"),
    Field("completed_name", N_("Completed by: name"), "short",
          N_("The name of the person sending this form back."), "Force response"),
    Field("completed_role", N_("Completed by: role"), "short",
          N_("Their role or post."), "Force response"),
    Field("completed_date", N_("Completed by: date"), "date",
          N_("The date the form was completed, e.g. 04/12/2025."), "Force response"),
)
BY_NAME: dict[str, Field] = {f.name: f for f in (*FIELDS, *WHOLE_FIELDS, *REQUEST_FIELDS)}
RESPONSE_KEY = "response"  # the key of the boxes that belong to the response as a whole
OVERALL_FIELDS = ("overall_force",)
COMPLETED_FIELDS = ("completed_name", "completed_role", "completed_date")
ACTION_FIELDS = ("action_status", "action_explanation")

# The action status as the form shows it, and every spelling read back as that status.
STATUS_LABELS: dict[str, str] = {"taken": N_("Action taken"), "proposed": N_("Action proposed"),
                                 "none": N_("No action")}
_STATUS_READ: dict[str, str] = {
    **{value: value for value in STATUS_LABELS},
    **{label.lower(): value for value, label in STATUS_LABELS.items()},
    "no action": "none", "not taken": "none",
}

# The choices of the request's drop-downs: a register status an owner may give, a RAG rating.
CHOICES: dict[str, dict[str, str]] = {
    "status": STATUS_LABELS,
    "state": {"open": N_("Not started"), "in_progress": N_("In progress"),
              "complete": N_("Complete")},
    "rag": {"red": N_("Red"), "amber": N_("Amber"), "green": N_("Green")},
}


def choices(field: str) -> dict[str, str] | None:
    """A drop-down's values and labels, or None for a box that is typed in."""
    return CHOICES.get(BY_NAME[field].kind)


# What an empty drop-down or date box shows in Word (as placeholder text, greyed); read
# back as empty even where a word processor kept the words but not the placeholder flag.
PLACEHOLDERS: dict[str, str] = {"action_status": N_("Choose an item."),
                                 "due": N_("Choose a date."),
                                 "completed_date": N_("Choose a date."),
                                 "status": N_("Choose an item."), "rag": N_("Choose an item.")}


def in_welsh(message: str) -> str:
    """A form's fixed words as a Welsh form shows them (the shipped catalogue), so that a
    form made with ``--lang cy`` reads back: its labels, drop-down choices and column
    headers mean what the English ones mean."""
    from ..render.environment import translations

    return str(translations("cy").gettext(message))


def _means(text: str, label: str, *, welsh: bool = False) -> bool:
    """A typed or chosen value is ``label``; with ``welsh``, also as the Welsh form shows it
    (asked only once the English has not matched: an English form never loads the
    catalogue)."""
    key = " ".join(text.split()).casefold()
    return key == label.casefold() or (welsh and key == in_welsh(label).casefold())


def _welsh_placeholder(field: str, raw: Any) -> bool:
    return isinstance(raw, str) and field in PLACEHOLDERS and _means(raw, PLACEHOLDERS[field],
                                                                      welsh=True)

PREFIX = "responder"
FORM_MARK = "responder-form"
REQUEST_MARK = "requests"  # a form mark's identity that starts so is an owner's update request
FORM_VERSION = 1


class FieldProblem(ValueError):
    """A value typed in a box that cannot go into the response (the message is for people)."""


def box_name(finding_id: str, field: str) -> str:
    return f"{PREFIX}:{finding_id}:{field}"


_BOX = re.compile(rf"^{PREFIX}:([A-Za-z0-9][A-Za-z0-9_.-]*):([a-z_]+)$")


def parse_box_name(text: str) -> tuple[str, str] | None:
    """'responder:s1-afi1:force' -> ('s1-afi1', 'force'); None for anything else."""
    match = _BOX.match(text.strip())
    if match is None or match[2] not in BY_NAME:
        return None
    return match[1], match[2]


def fields_for(finding: Finding) -> tuple[str, ...]:
    """The boxes a finding gets on the form."""
    if finding.needs_action:
        return ("force", "action_status", "action_explanation", "owner", "due")
    return ("force", "owner", "due")


Target = Finding | Section | Response


def targets(response: Response) -> dict[str, Target]:
    """What each box's key names: findings and sections by id, and the response itself."""
    found: dict[str, Target] = {RESPONSE_KEY: response}
    found.update({s.id: s for _, s in response.walk_sections() if s.id})
    found.update({f.id: f for _, f in response.walk_findings() if f.id})
    return found


def fields_of(target: Target) -> tuple[str, ...]:
    """The boxes a finding, a section or the response gets."""
    if isinstance(target, Finding):
        return fields_for(target)
    if isinstance(target, Section):
        return ("section_force",)
    return (*OVERALL_FIELDS, *COMPLETED_FIELDS)


def key_of(target: Target) -> str:
    return RESPONSE_KEY if isinstance(target, Response) else str(target.id)


# ---------------------------------------------------------------- identity


def identity(response: Response) -> str:
    """What says a form belongs to this response: the force and the report's title."""
    key = f"{_fold(response.force.name)}\n{_fold(response.report.title)}"
    return hashlib.sha256(key.encode("utf-8")).hexdigest()[:16]


def form_mark(response: Response, source_name: str) -> str:
    """'responder-form|1|<identity>|<file name>', carried hidden in every form."""
    return f"{FORM_MARK}|{FORM_VERSION}|{identity(response)}|{source_name}"


def parse_form_mark(text: str) -> tuple[str, str] | None:
    """(identity, source file name) from a form mark, or None."""
    parts = text.strip().split("|", 3)
    if len(parts) != 4 or parts[0] != FORM_MARK or not parts[2]:
        return None
    return parts[2], parts[3]


def _fold(text: str) -> str:
    return " ".join(unicodedata.normalize("NFKC", text).split()).casefold()


# ---------------------------------------------------------------- values


def current(finding: Target, field: str) -> Any:
    """The value the response holds for a box (text, a status, a date, or None)."""
    if isinstance(finding, Response):
        return _whole(finding, field)
    if field in ("force", "section_force"):
        return finding.force.text if finding.force is not None else ""
    assert isinstance(finding, Finding)
    if field == "action_status":
        return finding.action.status if finding.action is not None else None
    if field == "action_explanation":
        return (finding.action.explanation or "") if finding.action is not None else ""
    tracking = finding.tracking
    if field == "owner":
        return (tracking.owner or "") if tracking is not None else ""
    if field == "due":
        return tracking.due if tracking is not None else None
    raise KeyError(field)


def _whole(response: Response, field: str) -> Any:
    if field == "overall_force":
        passage = response.commentary.force
        return passage.text if passage is not None else ""
    if field == "completed_date":
        return response.process.chief_comments_received
    sender = response.process.chief_comments_from
    if field == "completed_name":
        return (sender.name or "") if sender is not None else ""
    if field == "completed_role":
        return (sender.role or "") if sender is not None else ""
    raise KeyError(field)


def _passage(old: Passage | None, value: str) -> Passage | None:
    if old is not None and old.withheld is not None:
        return Passage(text=value, withheld=old.withheld)
    return Passage(text=value) if value else None


def put(finding: Target, field: str, value: Any) -> None:
    """Store a value read from the form (already through ``read_value``) in the finding,
    the section or the response."""
    if isinstance(finding, Response):
        process = finding.process
        if field == "overall_force":
            finding.commentary.force = _passage(finding.commentary.force, value)
        elif field == "completed_date":
            process.chief_comments_received = value
        else:
            sender = (process.chief_comments_from or CommentsFrom()).model_copy()
            setattr(sender, "name" if field == "completed_name" else "role", value or None)
            process.chief_comments_from = sender if (sender.name or sender.role) else None
        return
    if field in ("force", "section_force"):
        finding.force = _passage(finding.force, value)
        return
    assert isinstance(finding, Finding)
    if field in ACTION_FIELDS:
        action = finding.action.model_copy() if finding.action is not None else Action()
        if field == "action_status":
            action.status = value
        else:
            action.explanation = value or None
        finding.action = action if (action.status or action.explanation) else None
    else:
        tracking = finding.tracking.model_copy() if finding.tracking is not None else Tracking()
        if field == "owner":
            tracking.owner = value or None
        else:
            tracking.due = value
        finding.tracking = tracking if tracking != Tracking() else None


def shown(field: str, value: Any) -> str:
    """A value as the form shows it in a box (Markdown as lines, a date the British way)."""
    if value in (None, ""):
        return ""
    options = choices(field)
    if options is not None:
        return options.get(value, "")
    if isinstance(value, dt.date):
        return long_date(value)
    return "\n".join(lines(str(value)))


def read_value(field: str, raw: Any) -> Any:
    """What a box's content means, ready for ``put``; FieldProblem when it cannot be used."""
    kind = BY_NAME[field].kind
    if isinstance(raw, str) and field in PLACEHOLDERS and _means(raw, PLACEHOLDERS[field]):
        raw = ""  # (a Welsh form's placeholder is known below, where nothing else matched)
    if kind == "date":
        if raw is None or (isinstance(raw, str) and not raw.strip()):
            return None
        day = None
        if isinstance(raw, dt.datetime):
            day = raw.date()
        elif isinstance(raw, dt.date):
            day = raw
        elif isinstance(raw, int | float) and not isinstance(raw, bool) and 1 <= raw < 110_000:
            # A spreadsheet date that lost its date format is a day count from 1899-12-30.
            day = dt.date(1899, 12, 30) + dt.timedelta(days=int(raw))
        if day is not None:
            # The model accepts these dates only: anything else would be saved and then
            # refused by validate from then on.
            if not EARLIEST <= day <= LATEST:
                raise FieldProblem(f"the target date {long_date(day)} is out of range: dates "
                                   f"must fall between {EARLIEST.year} and {LATEST.year}")
            return day
        try:
            return parse_date(str(raw))
        except ValueError as exc:
            if _welsh_placeholder(field, raw):
                return None
            what = "the date completed" if field == "completed_date" else "the target date"
            raise FieldProblem(f"{what} {exc}") from None
    text = "" if raw is None else str(raw)
    if kind == "status":
        key = " ".join(text.split()).casefold()
        if not key:
            return None
        if key in _STATUS_READ:
            return _STATUS_READ[key]
        for value, label in STATUS_LABELS.items():
            if _means(text, label, welsh=True):
                return value
        if _welsh_placeholder(field, raw):
            return None
        raise FieldProblem(f"the action status {text.strip()!r} is not on the list "
                           "(Action taken, Action proposed, No action)")
    if kind in ("state", "rag"):
        key = " ".join(text.split()).casefold()
        if not key:
            return None
        options = CHOICES[kind]
        for value, label in options.items():
            if key in (value.replace("_", " "), value, label.casefold()):
                return value
        for value, label in options.items():
            if _means(text, label, welsh=True):
                return value
        if _welsh_placeholder(field, raw):
            return None
        raise FieldProblem(f"the {BY_NAME[field].header.lower()} {text.strip()!r} is not on "
                           f"the list ({', '.join(options.values())})")
    if kind == "short":
        return " ".join(text.split())
    return markdown_from_lines(lines(text))


def canonical(field: str, value: Any) -> str:
    """The value reduced to what matters, so a form re-saved by Word or LibreOffice (line
    endings, spacing, blank paragraphs) counts as unchanged."""
    if value in (None, ""):
        return ""
    if isinstance(value, dt.date):
        return value.isoformat()
    if BY_NAME[field].kind == "text":
        return "\n".join(" ".join(line.split()) for line in lines(str(value)))
    return " ".join(str(value).split())


def fingerprint(field: str, value: Any) -> str:
    """The short fingerprint of a value (see canonical); the form carries it for each box."""
    digest = hashlib.sha256(f"{field}\n{canonical(field, value)}".encode()).hexdigest()
    return digest[:12]


# ---------------------------------------------------------------- Markdown as lines

_LIST_ITEM = re.compile(r"^(\s*)([-*+]|\d{1,3}[.)])\s+")


def lines(text: str) -> list[str]:
    """The non-blank lines of a text, each stripped at the right (a nested bullet keeps its
    indent); Word's and Excel's line separators count as new lines."""
    text = text.replace("\r\n", "\n").replace("\r", "\n").replace("\v", "\n")
    text = text.replace("\u2028", "\n").replace("\u2029", "\n").replace("\xa0", " ")
    return [line.rstrip() for line in text.split("\n") if line.strip()]


def markdown_from_lines(parts: list[str]) -> str:
    """Lines (paragraphs of a box, lines of a cell) back into Markdown: a blank line between
    paragraphs, none between items of the same list."""
    out: list[str] = []
    block = None  # the kind of list the last block is, if it is one
    for line in parts:
        kind = _list_kind(line)
        if out and block is not None and kind in (block, "nested"):
            out[-1] += "\n" + line
            continue
        out.append(line if kind is not None else line.strip())
        block = kind if kind != "nested" else None
    return "\n\n".join(out)


def _list_kind(line: str) -> str | None:
    """'bullet' or 'numbered' for a list item (an indented item belongs to the list above)."""
    match = _LIST_ITEM.match(line)
    if match is None:
        return None
    if match[1]:
        return "nested"
    return "bullet" if match[2] in "-*+" else "numbered"
