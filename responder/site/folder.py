"""The site's folder: written only when empty or holding only what responder wrote there.

The same rule render's outputs follow (responder/outputs.py: never over a response,
never over someone's document), for a folder of files: CSV and JSON cannot say who
wrote them, so the folder keeps a list, ``.responder-site.json``, of every file the
last run wrote and a digest of its content.

| what DIR holds                                   | what happens                            |
|--------------------------------------------------|-----------------------------------------|
| nothing, or DIR does not exist                   | written                                 |
| only files the list names, as responder wrote    | replaced; files the new site no longer  |
| them                                             | has (a response removed) are deleted    |
| any other file (a response, the web team's logo) | refused in one line, nothing written    |
| a listed file changed since (edited by hand)     | refused in one line, nothing written    |

Every file is replaced in one step (atomic_write) with permissions never more open than
the responses it came from (outputs.output_mode). While a run is writing, the list names
both the old and the new content of each file, so a run stopped half way (a full disk)
leaves a folder the next run accepts and completes.
"""

from __future__ import annotations

import contextlib
import json
import os
from collections.abc import Sequence
from dataclasses import dataclass, field
from pathlib import Path

from ..errors import InputError
from . import digest

LIST = ".responder-site.json"
HINT = "give an empty folder or a new one with -o"


@dataclass
class Previous:
    """What the folder holds from responder's last run there."""

    folder: Path
    files: dict[str, list[str]] = field(default_factory=dict)  # path -> acceptable digests
    pdf_from: dict[str, str] = field(default_factory=dict)

    def kept_pdf(self, name: str, docx_digest: str) -> bytes | None:
        """The PDF written last time from the same Word document, if still as written."""
        if self.pdf_from.get(name) != docx_digest:
            return None
        try:
            content = (self.folder / name).read_bytes()
        except OSError:
            return None
        return content if digest(content) in self.files.get(name, []) else None

    def kept_docx(self, name: str, docx_digest: str) -> bytes | None:
        """The Word document written last time, if its content is ``docx_digest``'s."""
        import zipfile

        from . import document_digest

        try:
            content = (self.folder / name).read_bytes()
            same = document_digest(content) == docx_digest
        except (OSError, ValueError, zipfile.BadZipFile):  # gone, or no longer a Word document
            return None
        return content if same and digest(content) in self.files.get(name, []) else None


def _listed(folder: Path) -> list[str]:
    found = []
    for root, folders, names in os.walk(folder):
        folders.sort()
        for name in sorted(names):
            found.append((Path(root) / name).relative_to(folder).as_posix())
    return found


def examine(folder: Path) -> Previous:
    """Check ``folder`` may be written; what responder wrote there before. Raises
    InputError naming the first file that is not responder's."""
    if folder.exists() and not folder.is_dir():
        raise InputError(folder, f"is a file, not a folder; the website is a folder of pages "
                         f"({HINT})")
    if not folder.exists():
        return Previous(folder)
    previous = Previous(folder)
    record = folder / LIST
    if record.is_file():
        try:
            kept = json.loads(record.read_text(encoding="utf-8"))
            if kept.get("generator") != "responder":
                raise ValueError
            previous.files = {str(k): [str(d) for d in v] for k, v in kept["files"].items()}
            previous.pdf_from = {str(k): str(v) for k, v in kept.get("pdf_from", {}).items()}
        except (OSError, ValueError, KeyError, TypeError, AttributeError):
            raise InputError(record, f"is not the list responder keeps of the website's files; "
                             f"the folder may hold files of someone else's ({HINT})") from None
    present = [name for name in _listed(folder) if name != LIST]
    foreign = [name for name in present if name not in previous.files]
    if foreign:
        more = len(foreign) - 1
        others = f" (nor {'is' if more == 1 else 'are'} {more} other file{'s' * (more != 1)} " \
            "there)" if more else ""
        raise InputError(folder / foreign[0], f"is not a file responder wrote for the website"
                         f"{others}; the website is written only into a folder of its own, so "
                         f"nothing is overwritten ({HINT})")
    for name in present:
        try:
            content = (folder / name).read_bytes()
        except OSError as exc:
            raise InputError(folder / name, f"cannot be read ({exc.strerror or exc})") from None
        if digest(content) not in previous.files[name]:
            raise InputError(folder / name, "has been changed since responder wrote it; writing "
                             "the website again would lose that change (move the file away, "
                             f"or {HINT})")
    return previous


def write(folder: Path, files: dict[str, bytes], pdf_from: dict[str, str],
          previous: Previous, sources: Sequence[Path]) -> list[str]:
    """Write the site into ``folder`` (examined beforehand); returns the stale files
    removed. Any failure is one line naming the file."""
    from ..response.outputs import failure_reason, output_mode
    from ..response.writing import write_with_mode

    new = {name: digest(content) for name, content in files.items()}
    during = {name: sorted({*previous.files.get(name, []), *([new[name]] if name in new else [])})
              for name in {*previous.files, *new}}
    target = folder / LIST
    try:
        folder.mkdir(parents=True, exist_ok=True)
        _save_list(folder, during, pdf_from)
        modes: dict[Path, int] = {}
        for name, content in files.items():
            target = folder / name
            if not target.parent.is_dir():
                target.parent.mkdir(parents=True, exist_ok=True)
            if previous.files.get(name) == [new[name]] and target.is_file():
                continue  # the very bytes are there already
            write_with_mode(target, content,
                            modes.setdefault(target.parent, output_mode(sources, target)))
        removed = []
        for name in sorted(set(previous.files) - set(files)):
            target = folder / name
            if target.is_file():
                target.unlink()
                removed.append(name)
            with contextlib.suppress(OSError):  # a folder left empty (never one with files)
                target.parent.rmdir() if target.parent != folder else None
        target = folder / LIST
        _save_list(folder, {name: [value] for name, value in new.items()}, pdf_from)
    except OSError as exc:
        if not previous.files and not any((folder / name).exists() for name in files):
            raise InputError(target, f"cannot be written: {failure_reason(exc)}; nothing was "
                             "written") from None
        raise InputError(target, f"cannot be written: {failure_reason(exc)}; the website is "
                         "left part old, part new: run the command again once that is put "
                         "right") from None
    return removed


def _save_list(folder: Path, files: dict[str, list[str]], pdf_from: dict[str, str]) -> None:
    from ..response.writing import atomic_write

    text = json.dumps({"generator": "responder", "about": "the files responder site wrote "
                       "here, so a re-run replaces them and nothing else",
                       "files": dict(sorted(files.items())), "pdf_from": pdf_from},
                      indent=1, sort_keys=False)
    atomic_write(folder / LIST, (text + "\n").encode("utf-8"))
