"""Bringing returned forms into the response, without losing anyone's words.

For each box (matched by finding id, never by position), three values meet: the answer
the form was made with (its fingerprint), what the force returned, and what the
response holds now.

| the force's box        | the response now           | outcome                                   |
|------------------------|----------------------------|-------------------------------------------|
| as made                | anything                   | unchanged                                 |
| changed                | as the form was made       | taken                                     |
| changed                | already the force's answer | unchanged (a return read twice)           |
| changed                | changed by the office too  | conflict: the response keeps the office's |
|                        |                            | text; a conflict copy gets the force's    |

Everything is read and checked before anything is written: a bad form is one line
and exit 2 with nothing changed. The response is saved the way the interview saves
(autosave.py): it may be open in an interview at this moment, so the save merges
with whatever was saved meanwhile and never overwrites it; a conflict copy is named
as the interview names its own.
"""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass, field
from pathlib import Path

from ..errors import InputError, display_path
from ..response import editing, files, reading, roundtrip
from ..response.autosave import Autosaver, SaveResult, write_conflict_copy
from ..response.locking import Lock, LockedError, acquire
from ..response.model import Response
from . import fields
from .returned import ReturnedBox, ReturnedForm

MAX_BYTES = 32 * 1024 * 1024
SUFFIXES = {".docx": "docx", ".xlsx": "xlsx"}


@dataclass
class Change:
    finding_id: str
    field: str
    value: object

    @property
    def label(self) -> str:
        header = fields.BY_NAME[self.field].header
        if self.finding_id == fields.RESPONSE_KEY:
            return header[0].lower() + header[1:]
        return f"{self.finding_id} {header[0].lower() + header[1:]}"


@dataclass
class FormOutcome:
    path: Path
    taken: list[Change] = field(default_factory=list)
    unchanged: int = 0
    conflicts: list[Change] = field(default_factory=list)
    unmatched: list[str] = field(default_factory=list)  # 's9-afi3 (row 12)'


@dataclass
class ReadOutcome:
    path: Path
    forms: list[FormOutcome]
    dry_run: bool
    written: bool = False
    conflict_copy: Path | None = None
    conflict_copy_existed: bool = False  # the same conflicts were written by an earlier read
    save: SaveResult | None = None
    locked_by: str | None = None  # someone had the response open for interview

    @property
    def new_conflicts(self) -> bool:
        return any(f.conflicts for f in self.forms) and not self.conflict_copy_existed

    @property
    def clashed(self) -> bool:
        """Someone changed the same answers while this read was saving."""
        return self.save is not None and bool(self.save.clashes)

    @property
    def unmatched(self) -> bool:
        return any(f.unmatched for f in self.forms)


def load_returned(path: Path) -> ReturnedForm:
    """Read one returned form (.docx or .xlsx) from its file."""
    kind = SUFFIXES.get(path.suffix.lower())
    if kind is None:
        if path.suffix.lower() in (".doc", ".xls", ".odt", ".ods"):
            raise InputError(path, f"is a {path.suffix} file; save it as .docx (Word) or .xlsx "
                             "(Excel) and read that")
        raise InputError(path, "is not a returned form: give the .docx or .xlsx file the "
                         "force sent back")
    data = files.read_bytes(path, "a returned form", MAX_BYTES)
    if kind == "docx":
        from .word import read_form_docx

        return read_form_docx(path, data)
    from .excel import read_form_xlsx

    return read_form_xlsx(path, data)


def read_returns(path: Path, returned: list[Path], *, dry_run: bool,
                 now: dt.datetime) -> ReadOutcome:
    doc = editing.load(path)
    forms = [load_returned(p) for p in returned]
    saver = Autosaver(doc)  # its base is the response as loaded, for a three-way save
    response = doc.response
    for form in forms:
        _check_identity(form, response, path)
    findings = fields.targets(response)
    # Every value is read (and refused) before any is applied.
    values = [[_value(form, box) for box in form.boxes] for form in forms]

    outcome = ReadOutcome(path, [], dry_run)
    force_version = roundtrip.to_plain(response)  # the force's answers, conflicts included
    pending: list[tuple[fields.Target, str, object]] = []
    for form, form_values in zip(forms, values, strict=True):
        result = FormOutcome(form.path)
        outcome.forms.append(result)
        for key, where in form.unmatched:
            result.unmatched.append(f"{key} ({where})")
        for box, value in zip(form.boxes, form_values, strict=True):
            finding = findings.get(box.finding_id)
            if finding is None or box.field not in fields.fields_of(finding):
                result.unmatched.append(f"{box.finding_id} ({box.where})")
                continue
            returned = fields.fingerprint(box.field, value)
            if returned == box.fingerprint:
                result.unchanged += 1
                continue
            now_held = fields.current(finding, box.field)
            if fields.fingerprint(box.field, now_held) == box.fingerprint:
                fields.put(finding, box.field, value)
                result.taken.append(Change(box.finding_id, box.field, value))
            elif fields.canonical(box.field, now_held) == fields.canonical(box.field, value):
                result.unchanged += 1
            else:
                result.conflicts.append(Change(box.finding_id, box.field, value))
                pending.append((finding, box.field, value))
        result.unmatched = list(dict.fromkeys(result.unmatched))

    if pending:
        outcome.conflict_copy = _earlier_copy(path, pending)
        outcome.conflict_copy_existed = outcome.conflict_copy is not None
        force_version = _with_force_answers(response, pending)
    if dry_run:
        return outcome

    lock = _lock(path, now, outcome)
    try:
        if pending and outcome.conflict_copy is None:
            outcome.conflict_copy = write_conflict_copy(path, force_version, now)
        outcome.save = saver.save(now)
        outcome.written = outcome.save.written
    finally:
        if lock is not None:
            lock.release()
    return outcome


def answers_not_read(path: Path, form_path: Path) -> list[str] | None:
    """What ``returns read path form_path`` would still take from an existing file, read
    as a dry run: the labels of answers it would take or set aside as conflicts (empty:
    nothing new). None when the file is not a responder form at all. A form made from
    another response raises InputError: its answers belong elsewhere."""
    try:
        form = load_returned(form_path)
    except InputError:
        return None
    doc = editing.load(path)
    _check_identity(form, doc.response, path)
    try:
        outcome = read_returns(path, [form_path], dry_run=True, now=dt.datetime.now())
    except InputError as exc:  # an answer typed so that it cannot be read: still an answer
        return [exc.problem.where or str(exc)]
    return [change.label for each in outcome.forms for change in (*each.taken, *each.conflicts)]


def _check_identity(form: ReturnedForm, response: Response, path: Path) -> None:
    if form.identity.startswith(fields.REQUEST_MARK):
        raise InputError(form.path, f"is an update request for {form.source_name}, not the "
                         f"force's return; read it with: responder track read FOLDER "
                         f"{form.path.name}")
    if form.identity != fields.identity(response):
        made = f" (it was made from {form.source_name})" if form.source_name else ""
        raise InputError(form.path, f"is a form for another response{made}, not for "
                         f"{display_path(path)}: its force or report title differ")


def _value(form: ReturnedForm, box: ReturnedBox) -> object:
    try:
        return fields.read_value(box.field, box.raw)
    except fields.FieldProblem as exc:
        raise InputError(form.path, str(exc), where=box.where) from None


def _with_force_answers(response: Response,
                        pending: list[tuple[fields.Target, str, object]]) -> object:
    """The whole response as it will be saved, with the force's answer in each conflict."""
    copy = response.model_copy(deep=True)
    held = fields.targets(copy)
    for target, name, value in pending:
        fields.put(held[fields.key_of(target)], name, value)
    return roundtrip.to_plain(copy)


def _earlier_copy(path: Path, pending: list[tuple[fields.Target, str, object]]) -> Path | None:
    """A conflict copy an earlier read of the same return already wrote, if there is one:
    reading a return twice must not write a second."""
    for candidate in sorted(path.parent.glob(f"{path.stem}.conflict-*{path.suffix}")):
        try:
            earlier = reading.read(candidate)
        except InputError:
            continue
        held = fields.targets(earlier)
        if all(fields.key_of(target) in held and fields.canonical(
                name, fields.current(held[fields.key_of(target)], name))
               == fields.canonical(name, value) for target, name, value in pending):
            return candidate
    return None


def _lock(path: Path, now: dt.datetime, outcome: ReadOutcome) -> Lock | None:
    """Hold the interview's lock while writing; if an interview has the file open, save
    anyway through the autosaver's merge (the interview merges our answers in on its next
    save, as it does with any change on disk) and say so."""
    try:
        return acquire(path, now)
    except LockedError as exc:
        if not exc.stale:  # an abandoned lock is nobody's; its session's saves are done
            outcome.locked_by = exc.info.describe() if exc.info else "someone"
        return None
