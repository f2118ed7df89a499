"""Save after every answer, and never over someone else's words.

Each save goes through the store's atomic write. When the file changed on disk
since this session last read or wrote it, the disk version is re-loaded and
merged field by field with this session's (see threeway.py). Changes to different
fields are simply combined; when both changed the same field, the file keeps
the other person's words and this session's whole version is written to a
conflict copy beside it ("name.conflict-2026-11-23-1012.yaml"). When someone saves
a stale copy that takes away an answer this session had already saved (an editor
buffer opened earlier), the file keeps the answer and *their* version goes to a
conflict copy. The caller says so to the user.

The file is checked once more at the moment of the swap (writing.write_file's
``expect``): a change that lands between the check and the write is merged too.

A save that cannot be written at all (a full disk, a read-only share) raises
writing.SaveError and leaves the answers in memory; the interview offers to try
again, and ``write_recovery`` puts them in the user's data folder as a last resort.
"""

from __future__ import annotations

import contextlib
import datetime as dt
import itertools
import time
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from pydantic import ValidationError

from ..errors import ConflictError, InputError
from . import editing, roundtrip, writing
from .model import Response
from .threeway import Where, changed_places, place, three_way, value_at

# A file that does not read while someone's editor is writing it in place is usually
# whole again within milliseconds: look again a few times before giving up.
UNREADABLE_RETRIES = 5
UNREADABLE_PAUSE = 0.05
# A file that changes again between our merge and our swap is merged again, for up to
# this many seconds (at least three tries); then the save is left for the person to retry.
KEEP_TRYING_FOR = 2.0


@dataclass
class SaveResult:
    written: bool = False
    merged: bool = False  # someone else's changes were merged in
    clashes: list[str] = field(default_factory=list)
    conflict_copy: Path | None = None  # our version, when the file keeps theirs
    kept: list[str] = field(default_factory=list)  # our saved answers their stale copy took away
    their_copy: Path | None = None  # their version, when the file keeps ours


class Autosaver:
    """Owns the Document during an interview; ``response`` may be replaced by a merge."""

    def __init__(self, doc: editing.Document):
        self.doc = doc
        self.base = roundtrip.to_plain(doc.response)
        # Every place this session has written, with the value it held before (threeway.py).
        self.written: dict[Where, Any] = {}

    @property
    def path(self) -> Path:
        return self.doc.path

    @property
    def response(self) -> Response:
        return self.doc.response

    @property
    def unsaved(self) -> bool:
        """Answers given in this session that are not in the file yet."""
        return roundtrip.to_plain(self.doc.response) != self.base

    def save(self, now: dt.datetime) -> SaveResult:
        ours = roundtrip.to_plain(self.doc.response)
        for where, before in changed_places(self.base, ours).items():
            self.written.setdefault(where, before)
        started = time.monotonic()
        for attempt in itertools.count():  # someone may write between our check and our write
            if attempt >= 3 and time.monotonic() - started > KEEP_TRYING_FOR:
                break
            try:
                if self.doc.changed_on_disk():
                    return self._merge_and_save(now)
                written = self.doc.save(check_conflict=True, plain=ours)
            except ConflictError:
                continue
            self.base = self.doc.saved  # what save() just wrote, without dumping the model again
            return SaveResult(written=written)
        copy = write_conflict_copy(self.path, roundtrip.to_plain(self.doc.response), now)
        raise ConflictError(self.path, "keeps being changed on disk by someone else; not "
                                       f"overwritten; your answers are saved in {copy.name}")

    def refresh(self, now: dt.datetime | None = None) -> SaveResult | None:
        """Pick up someone else's saved change before showing the next screen.

        Only when this session has nothing unsaved; a file that does not read right now
        (half-way through a hand edit) is left for the next save to deal with. When their
        change took away an answer this session saved, it is merged and saved at once
        (the answer kept, their version in a conflict copy) and the result returned.
        None when nothing changed.
        """
        if not self.doc.changed_on_disk() or self.unsaved:
            return None
        try:
            disk = editing.load(self.path)
        except InputError:
            return None
        theirs = roundtrip.to_plain(disk.response)
        if self.written:
            check = three_way(self.base, theirs, self.base, self.written)
            if check.kept or check.clashes:
                return self.save(now or dt.datetime.now())
        self.doc = disk
        self.base = theirs
        return SaveResult(merged=True)

    def _load_disk(self, now: dt.datetime, ours: Any) -> editing.Document:
        for attempt in range(UNREADABLE_RETRIES + 1):
            try:
                return editing.load(self.path)
            except InputError as exc:
                if attempt < UNREADABLE_RETRIES:
                    time.sleep(UNREADABLE_PAUSE)
                    continue
                # Half-way through someone's hand edit, or broken: keep ours aside, touch nothing.
                copy = write_conflict_copy(self.path, ours, now)
                raise InputError(
                    self.path,
                    f"was changed on disk and no longer reads as a response ({exc.message}); "
                    f"your answers are saved in {copy.name}",
                    line=exc.problem.line,  # where the hand edit went wrong, as validate says
                ) from None
        raise AssertionError("unreachable")

    def _merge_and_save(self, now: dt.datetime) -> SaveResult:
        ours = roundtrip.to_plain(self.doc.response)
        disk = self._load_disk(now, ours)
        theirs = roundtrip.to_plain(disk.response)
        result = three_way(self.base, theirs, ours, self.written)
        outcome = SaveResult(merged=True, clashes=result.clashes, kept=result.kept)
        try:
            merged = Response.model_validate(result.value)
        except ValidationError:
            merged = disk.response
            outcome.clashes = outcome.clashes or ["the file's structure"]
            outcome.kept = []
        copies = []
        if outcome.clashes:
            outcome.conflict_copy = write_conflict_copy(self.path, ours, now)
            copies.append(outcome.conflict_copy)
        if outcome.kept:
            outcome.their_copy = write_conflict_copy(self.path, theirs, now)
            copies.append(outcome.their_copy)
        disk.response = merged
        try:
            outcome.written = disk.save(check_conflict=True)  # raises if it changed yet again
        except ConflictError:
            for copy in copies:  # the next attempt merges afresh and writes its own
                with contextlib.suppress(OSError):
                    copy.unlink()
            raise
        self.doc = disk
        self.base = roundtrip.to_plain(disk.response)
        self._forget_lost_places(self.base, ours)
        return outcome

    def _forget_lost_places(self, now_in_file: Any, mine: Any) -> None:
        """Places where the file no longer holds this session's value are no longer ours
        to defend (their words won a clash; ours are in a conflict copy)."""
        self.written = {place: before for place, before in self.written.items()
                        if value_at(now_in_file, place) == value_at(mine, place)}

    def unsaved_text(self) -> list[str]:
        """The answers not in the file yet, as lines to print when nothing else can keep them."""
        lines = []
        for where in changed_places(self.base, roundtrip.to_plain(self.doc.response)):
            value = value_at(roundtrip.to_plain(self.doc.response), where)
            if isinstance(value, str) and value.strip():
                lines.append(f"  {place(where)}:")
                lines += [f"    {line}" for line in value.splitlines()]
        return lines

    def write_recovery(self, now: dt.datetime) -> Path:
        """This session's whole version in the user's data folder, when the file cannot be
        written: the last resort before quitting, so no answer is lost."""
        from platformdirs import user_data_path

        folder = user_data_path("responder", appauthor=False) / "recovered"
        try:
            folder.mkdir(parents=True, exist_ok=True)
        except OSError as exc:
            raise writing.SaveError(folder, f"cannot be created ({exc.strerror or exc})") from None
        stem = f"{self.path.stem}.recovered-{now:%Y-%m-%d-%H%M}"
        target, n = folder / f"{stem}{self.path.suffix}", 2
        while target.exists():
            target, n = folder / f"{stem}-{n}{self.path.suffix}", n + 1
        plain = roundtrip.to_plain(self.doc.response)
        writing.write_new(target, roundtrip.dump(roundtrip.build_tree(plain)), like=self.path)
        return target


def conflict_copy_path(path: Path, now: dt.datetime) -> Path:
    stem = f"{path.stem}.conflict-{now:%Y-%m-%d-%H%M}"
    candidate, n = path.with_name(stem + path.suffix), 2
    while candidate.exists():
        candidate, n = path.with_name(f"{stem}-{n}{path.suffix}"), n + 1
    return candidate


def write_conflict_copy(path: Path, plain: object, now: dt.datetime) -> Path:
    """Beside the response, never more open than it (it holds the same words)."""
    copy = conflict_copy_path(path, now)
    writing.write_new(copy, roundtrip.dump(roundtrip.build_tree(plain)), like=path)
    return copy
