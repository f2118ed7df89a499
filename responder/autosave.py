"""Save after every answer, and never over someone else's words.

Each save goes through the store's atomic write. When the file changed on disk
since this session last read or wrote it, the disk version is re-loaded and
merged field by field with this session's (see threeway.py). Changes to different
fields are simply combined; when both changed the same field, the file keeps
the other person's words and this session's whole version is written to a
conflict copy beside it ("name.conflict-2026-11-23-1012.yaml"). The caller
says so to the user.
"""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass, field
from pathlib import Path

from pydantic import ValidationError

from . import store
from .errors import ConflictError, InputError
from .model import Response
from .threeway import three_way


@dataclass
class SaveResult:
    written: bool = False
    merged: bool = False  # someone else's changes were merged in
    clashes: list[str] = field(default_factory=list)
    conflict_copy: Path | None = None


class Autosaver:
    """Owns the Document during an interview; ``response`` may be replaced by a merge."""

    def __init__(self, doc: store.Document):
        self.doc = doc
        self.base = store.to_plain(doc.response)

    @property
    def path(self) -> Path:
        return self.doc.path

    @property
    def response(self) -> Response:
        return self.doc.response

    def save(self, now: dt.datetime) -> SaveResult:
        for _ in range(3):  # someone may write again between our check and our write
            try:
                if self.doc.changed_on_disk():
                    return self._merge_and_save(now)
                written = self.doc.save(check_conflict=True)
            except ConflictError:
                continue
            self.base = self.doc.saved  # what save() just wrote, without dumping the model again
            return SaveResult(written=written)
        copy = write_conflict_copy(self.path, store.to_plain(self.doc.response), now)
        raise ConflictError(self.path, "keeps being changed on disk by someone else; not "
                                       f"overwritten; your answers are saved in {copy.name}")

    def refresh(self) -> bool:
        """Pick up someone else's saved change before showing the next screen.

        Only when this session has nothing unsaved; a file that does not read right now
        (half-way through a hand edit) is left for the next save to deal with.
        """
        if not self.doc.changed_on_disk() or store.to_plain(self.doc.response) != self.base:
            return False
        try:
            disk = store.load(self.path)
        except InputError:
            return False
        self.doc = disk
        self.base = store.to_plain(disk.response)
        return True

    def _merge_and_save(self, now: dt.datetime) -> SaveResult:
        ours = store.to_plain(self.doc.response)
        try:
            disk = store.load(self.path)
        except InputError as exc:
            # Half-way through someone's hand edit, or broken: keep ours aside, touch nothing.
            copy = write_conflict_copy(self.path, ours, now)
            raise InputError(
                self.path,
                f"was changed on disk and no longer reads as a response ({exc.message}); "
                f"your answers are saved in {copy.name}",
            ) from None
        theirs = store.to_plain(disk.response)
        result = three_way(self.base, theirs, ours)
        outcome = SaveResult(merged=True, clashes=result.clashes)
        try:
            merged = Response.model_validate(result.value)
        except ValidationError:
            merged = disk.response
            outcome.clashes = outcome.clashes or ["the file's structure"]
        if outcome.clashes:
            outcome.conflict_copy = write_conflict_copy(self.path, ours, now)
        disk.response = merged
        outcome.written = disk.save(check_conflict=True)  # raises if it changed yet again
        self.doc = disk
        self.base = store.to_plain(disk.response)
        return outcome


def conflict_copy_path(path: Path, now: dt.datetime) -> Path:
    stem = f"{path.stem}.conflict-{now:%Y-%m-%d-%H%M}"
    candidate, n = path.with_name(stem + path.suffix), 2
    while candidate.exists():
        candidate, n = path.with_name(f"{stem}-{n}{path.suffix}"), n + 1
    return candidate


def write_conflict_copy(path: Path, plain: object, now: dt.datetime) -> Path:
    copy = conflict_copy_path(path, now)
    store.write_new(copy, store.dump(store.build_tree(plain)))
    return copy
