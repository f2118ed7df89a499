"""``track requests`` and ``track read``: the owners' forms and drafts written, and read back.

Making: a form (.docx or .xlsx) and an e-mail draft (.eml) per owner in the output folder,
and the folder's ledger of requests (``update-requests.json`` beside the responses) that
``deadline --ics --actions`` turns into each request's reply-by date. Every form is built
before the first file is written, so a problem stops the run with nothing written.

Reading: every returned form is read and every answer checked before any response is
saved; each response changed is saved once, through the autosaver's three-way merge (a
colleague's change made meanwhile is kept), under the interview's lock when it is free.
"""

from __future__ import annotations

import datetime as dt
import json
import re
from collections.abc import Sequence
from dataclasses import dataclass, field
from pathlib import Path

from ..errors import InputError
from ..response.model import Response
from . import requests

LEDGER = "update-requests.json"
LEDGER_MARK = "responder-update-requests"


@dataclass
class Made:
    owner: str
    form: Path
    draft: Path
    address: str | None
    findings: int
    overdue: int
    withheld: int


@dataclass
class MadeRequests:
    made: list[Made] = field(default_factory=list)
    no_owner: list[tuple[Path, str]] = field(default_factory=list)
    ledger: Path | None = None


def file_stem(owner: str, today: dt.date) -> str:
    """A file name any system accepts: 'ACC Local Policing - update request 2026-03-14'."""
    name = re.sub(r"[<>:\"/\\|?*\x00-\x1f]+", "-", owner).strip(" -.") or "owner"
    return f"{name[:60]} - update request {today.isoformat()}"


def make_requests(results: Sequence[tuple[Path, Response]], out: Path, *, fmt: str,
                  today: dt.date, reply_by: dt.date, office: str, addresses: dict[str, str],
                  due_within: int | None = None, owner: str | None = None,
                  ledger_folder: Path | None = None, lang: str = "en") -> MadeRequests:
    from ..render.environment import translations
    from ..response.outputs import (
        output_mode,
        refuse_overwrite,
        refuse_replacing_documents,
        write_error,
    )
    from ..response.writing import write_with_mode
    from ..returns.request_form import build_request_docx, build_request_xlsx
    from .mail import draft

    gathered = requests.gather(results, today, due_within=due_within, owner=owner)
    result = MadeRequests(no_owner=gathered.no_owner)
    inputs = [path for path, _ in results]
    planned: list[tuple[Made, bytes, bytes, list[Path]]] = []
    now = dt.datetime.combine(today, dt.datetime.now().time())
    for name, items in gathered.owners.items():
        form = requests.request_form(name, items, office=office, reply_by=reply_by, fmt=fmt,
                                     today=today, tr=translations(lang))
        build = build_request_docx if fmt == "docx" else build_request_xlsx
        data = build(form, office, today)
        stem = file_stem(name, today)
        target = out / f"{stem}.{fmt}"
        if target.exists():  # a new file in the output folder cannot be an input
            refuse_overwrite(target, inputs, "the request")
        if fmt == "docx":
            refuse_replacing_documents(target, "the request",
                                       "an owner may have filled it in: move it away first")
        elif target.exists():
            refuse_replacing_workbook(target, data)
        address = addresses.get(requests.owner_key(name))
        overdue = sum(1 for e in form.entries if e.overdue)
        message = draft(owner=name, address=address, office=office, sender=None,
                        reply_by=reply_by, findings=len(items), overdue=overdue,
                        reports=len({id(i.response) for i in items}), form_name=target.name,
                        form=data, fmt=fmt, now=now, restricted=form.restricted,
                        tr=translations(lang))
        made = Made(name, target, out / f"{stem}.eml", address, len(items), overdue,
                    sum(1 for e in form.entries if e.withheld))
        planned.append((made, data, message, sorted({i.file for i in items})))
    out.mkdir(parents=True, exist_ok=True)
    for made, data, message, sources in planned:
        for target, content in ((made.form, data), (made.draft, message)):
            # Never more open than the responses it comes from (a withheld finding is in it).
            try:
                write_with_mode(target, content, output_mode(sources, target))
            except OSError as exc:
                raise write_error(target, exc) from None
        result.made.append(made)
    if ledger_folder is not None and result.made:
        result.ledger = write_ledger(ledger_folder, result.made, today, reply_by)
    return result


def write_ledger(folder: Path, made: list[Made], today: dt.date, reply_by: dt.date) -> Path:
    """Note each request in the folder's ledger (one entry per owner: the latest request)."""
    from ..response.writing import atomic_write

    path = folder / LEDGER
    entries = {requests.owner_key(e["owner"]): e for e in read_ledger(path)}
    for each in made:
        entries[requests.owner_key(each.owner)] = {
            "owner": each.owner, "made": today.isoformat(), "reply_by": reply_by.isoformat(),
            "findings": each.findings, "form": each.form.name}
    data = {"responder": LEDGER_MARK, "requests": sorted(entries.values(),
                                                          key=lambda e: e["owner"].casefold())}
    atomic_write(path, (json.dumps(data, indent=2, ensure_ascii=False) + "\n").encode("utf-8"))
    return path


def read_ledger(path: Path) -> list[dict]:
    """The requests noted in a ledger (none when there is none, or it is not one)."""
    try:
        data = json.loads(path.read_text(encoding="utf-8"))
    except (OSError, ValueError):
        return []
    if not isinstance(data, dict) or data.get("responder") != LEDGER_MARK:
        return []
    found = []
    for entry in data.get("requests") or []:
        try:
            dt.date.fromisoformat(entry["reply_by"])
            found.append({"owner": str(entry["owner"]), "made": str(entry["made"]),
                          "reply_by": entry["reply_by"], "findings": int(entry["findings"]),
                          "form": str(entry.get("form", ""))})
        except (KeyError, TypeError, ValueError):
            continue
    return found


# ---------------------------------------------------------------- reading back


def load_answers(paths: Sequence[Path]) -> list[tuple[str, requests.Answer]]:
    """Every returned request's answers, read and checked (InputError on the first bad one)."""
    from ..returns import fields
    from ..returns.reading import load_returned

    found: list[tuple[str, requests.Answer]] = []
    for path in paths:
        form = load_returned(path)
        if not form.identity.startswith(fields.REQUEST_MARK):
            raise InputError(path, "is the force's return for one response, not an owner's "
                             "update request; read it with: responder returns read RESPONSE "
                             f"{path.name}")
        owner = form.source_name
        by_key: dict[str, requests.Answer] = {}
        for box in form.boxes:
            if box.field not in requests.BOXES:
                raise InputError(path, "the form's structure was changed (a box that no "
                                 "update request has)", where=box.where)
            try:
                value = fields.read_value(box.field, box.raw)
            except fields.FieldProblem as exc:
                raise InputError(path, str(exc), where=box.where) from None
            answer = by_key.setdefault(box.finding_id, requests.Answer(
                box.finding_id, box.where.split(",")[0], {}, {}))
            answer.made[box.field] = box.fingerprint
            answer.value[box.field] = value
        for answer in by_key.values():
            answer.where = f"{path.name}: {answer.where}"
            found.append((owner, answer))
    return found


@dataclass
class ReadResult:
    back: requests.ReadBack
    saved: list[Path] = field(default_factory=list)
    conflict_copies: list[Path] = field(default_factory=list)
    locked: list[str] = field(default_factory=list)


def read_requests(results: Sequence[tuple[Path, Response]], returned: Sequence[Path], *,
                  today: dt.date, now: dt.datetime, dry_run: bool = False) -> ReadResult:
    from ..response import editing
    from ..response.autosave import Autosaver
    from ..response.locking import LockedError, acquire

    answers = load_answers(returned)
    by_key = {requests.response_key(response): (path, response) for path, response in results}
    # First on the responses as read (cheap): what would change, and every answer checked.
    try:
        back = requests.apply_answers(answers, by_key, today)
    except requests.BadAnswer as exc:
        where, _, what = exc.where.partition(": ")
        raise InputError(Path(where), str(exc), where=what or None) from None
    # Then again on those that change, open for editing: only they are loaded and saved.
    changed = {taken.file for taken in back.taken}
    savers: dict[str, Autosaver] = {}
    for key, (path, _) in by_key.items():
        if path in changed and not dry_run:
            savers[key] = Autosaver(editing.load(path))
    if savers:
        mine = [(owner, answer) for owner, answer in answers
                if answer.key.partition(".")[0] in savers]
        try:
            requests.apply_answers(mine, {key: (saver.path, saver.response)
                                          for key, saver in savers.items()}, today)
        except requests.BadAnswer as exc:  # the file changed since it was read: say so
            where, _, what = exc.where.partition(": ")
            raise InputError(Path(where), str(exc), where=what or None) from None
    result = ReadResult(back)
    if dry_run:
        return result
    for saver in savers.values():
        try:
            lock = acquire(saver.path, now)
        except LockedError as exc:
            lock = None
            if not exc.stale:
                result.locked.append(saver.path.name)
        try:
            saved = saver.save(now)
        finally:
            if lock is not None:
                lock.release()
        result.saved.append(saver.path)
        if saved.conflict_copy is not None:
            result.conflict_copies.append(saved.conflict_copy)
    return result


def refuse_replacing_workbook(target: Path, fresh: bytes) -> None:
    """Raise one line unless ``target`` is a request workbook nobody has typed into.

    Excel and LibreOffice leave no reliable trace in a workbook's properties when they save
    it, so the boxes themselves are compared: a box open to typing (an unlocked cell) that
    holds anything the request made now would not hold is an owner's answer, kept."""
    import io

    from openpyxl import load_workbook

    from ..errors import InputError
    from ..response.outputs import office_properties

    properties = office_properties(target)
    if properties is None or not properties.get("identifier", "").startswith("responder-form|"):
        raise InputError(target, "exists and is not an update request responder wrote; the "
                         "request would overwrite it (move it away first)")
    try:
        old = load_workbook(target)
        new = load_workbook(io.BytesIO(fresh))
    except Exception:  # noqa: BLE001 - openpyxl raises many kinds for a damaged workbook
        raise InputError(target, "exists and cannot be read as a workbook; the request would "
                         "overwrite it (move it away first)") from None
    for sheet in old.worksheets:
        made = new[sheet.title] if sheet.title in new.sheetnames else None
        for row in sheet.iter_rows():
            for cell in row:
                if cell.protection.locked or cell.value in (None, ""):
                    continue
                if made is None or made[cell.coordinate].value != cell.value:
                    raise InputError(target, f"holds an owner's answers (cell {cell.coordinate}); "
                                     "the request would overwrite them: read it with 'responder "
                                     "track read', or move it away first")

