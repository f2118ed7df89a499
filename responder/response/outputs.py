"""Where commands write what they make (a document, a web page, a calendar).

Three rules, kept here so every command follows them the same way:

- **Never over a response, never over the input.** A target that is one of the
  command's own input files, or that already holds a response file (found by its
  content: a YAML file whose top has ``responder:``, whatever its name), is refused
  in one line before anything is written (`refuse_overwrite`).
- **Never more open than the source.** A render of a response is as sensitive as the
  response: the output's permissions are the source's, the umask's, or the old
  output's, whichever is strictest (`output_mode`). The owner always keeps read and
  write, so the document can be opened and edited.
- **Only to a regular file.** A named pipe, a device or a folder of the output's name is
  refused in one line, never replaced by a file (`refuse_special`, also in every
  atomic write).
- **A full disk or a read-only folder is one line** naming the file (`write_error`).
- **Never over someone's Word document.** An existing .docx is replaced only when responder
  wrote it and no one has saved it since (its core properties say so: responder sets the
  category and keywords, revision 1, and the same author, last-saved-by and dates; Word
  and LibreOffice change them when they save). A letter signed and edited in Word, or a
  document of the office's own, is refused in one line (`refuse_replacing_documents`).
"""

from __future__ import annotations

import contextlib
import os
import re
import stat
from collections.abc import Sequence
from pathlib import Path

from ..errors import InputError
from .files import resolved

# A response file's top-level version key, in the first lines of a YAML file.
_RESPONSE_TOP = re.compile(r"^responder[ \t]*:", re.MULTILINE)
_SNIFF_BYTES = 65536


def is_response_file(path: Path) -> bool:
    """True when ``path`` is an existing file that reads as a response (by content)."""
    try:
        if not path.is_file():
            return False
        with path.open("rb") as handle:
            head = handle.read(_SNIFF_BYTES)
    except OSError:
        return False
    for bom, codec in ((b"\xff\xfe", "utf-16-le"), (b"\xfe\xff", "utf-16-be")):
        if head.startswith(bom):
            return bool(_RESPONSE_TOP.search(head[len(bom):].decode(codec, "replace")))
    if b"\x00" in head:
        return False  # a Word document, an image: not YAML
    return bool(_RESPONSE_TOP.search(head.decode("utf-8-sig", "replace")))


def same_file(a: Path, b: Path) -> bool:
    """The same file on disk (through links, case-insensitive folders and ``..``)."""
    try:
        if a.exists() and b.exists():
            return a.samefile(b)
        return resolved(a) == resolved(b)
    except OSError:
        return False


def refuse_special(path: Path) -> None:
    """Outputs (and responses) are written only to regular files or new names: a pipe, a
    device or a folder of the name is refused in one line, never replaced by a file."""
    try:
        mode = Path(path).stat().st_mode  # through a link, as the write would go
    except (FileNotFoundError, NotADirectoryError):
        return
    except OSError:
        return  # unreadable: the write itself will say why
    if not stat.S_ISREG(mode):
        what = ("a folder" if stat.S_ISDIR(mode) else "a named pipe" if stat.S_ISFIFO(mode)
                else "a device" if stat.S_ISCHR(mode) or stat.S_ISBLK(mode) else "a socket"
                if stat.S_ISSOCK(mode) else "not a file")
        raise InputError(path, f"is not a regular file ({what}); nothing was written: "
                         "give a file name")


def refuse_overwrite(target: Path, inputs: Sequence[Path], what: str = "the output",
                     hint: str = "choose another name") -> None:
    """Raise one clear line if writing ``target`` would destroy an input or a response."""
    refuse_special(target)
    for source in inputs:
        if same_file(target, source):
            raise InputError(target, f"is the input file itself; {what} would overwrite it "
                             f"({hint})")
    if is_response_file(target):
        raise InputError(target, f"is a response file (it starts 'responder:'); {what} would "
                         f"overwrite it ({hint})")


def _umask() -> int:
    mask = os.umask(0o022)  # reading the umask means setting it; put it straight back
    os.umask(mask)
    return mask


def output_mode(sources: Sequence[Path], target: Path) -> int:
    """The permission bits for an output made from ``sources``: never more open than any
    source, the umask, or the output it replaces; the owner keeps read and write.

    The one place the rule lives (render's write_output applies it)."""
    mode = 0o666 & ~_umask()
    for path in (*sources, target):
        try:
            bits = stat.S_IMODE(path.stat().st_mode)
        except OSError:
            continue
        mode &= bits | 0o600  # others' access narrows; the owner's own stays
    return mode | 0o600


def prepare_mode(target: Path, mode: int) -> bool:
    """Give ``target`` its permissions *before* the content arrives, so a restricted
    document is never readable by others even for an instant: an existing file is
    narrowed, a new one is created empty with the mode (the atomic write keeps the
    mode of the file it replaces). Returns whether an empty file was created, for the
    caller to remove if the write then fails."""
    if target.exists():
        if stat.S_IMODE(target.stat().st_mode) != mode:
            # A colleague's earlier output on a shared drive cannot be chmod-ed by us; the
            # new file is ours once written, and settle_mode narrows it then.
            with contextlib.suppress(PermissionError):
                target.chmod(mode)
        return False
    handle = os.open(target, os.O_WRONLY | os.O_CREAT | os.O_EXCL, mode)
    os.close(handle)
    target.chmod(mode)  # the umask may have narrowed it further than asked; be exact
    return True


def settle_mode(target: Path, mode: int) -> None:
    """After the write: make sure the new file has ``mode`` (see prepare_mode)."""
    with contextlib.suppress(OSError):
        if stat.S_IMODE(target.stat().st_mode) != mode:
            target.chmod(mode)


def failure_reason(exc: OSError) -> str:
    """Why a write failed, in a few plain words: full disk, read-only drive, no permission."""
    import errno

    reason = {
        errno.ENOSPC: "the disk is full",
        errno.EROFS: "the drive is read-only",
        errno.EACCES: "permission denied (is it open in Word, or the folder read-only?)",
        errno.EPERM: "permission denied (is it open in Word, or the folder read-only?)",
    }.get(exc.errno or 0)
    if reason is None and getattr(errno, "EDQUOT", None) == exc.errno:
        reason = "the disk quota is used up"
    return reason or str(exc.strerror or exc)


def write_error(target: Path, exc: OSError) -> InputError:
    """A failed write as one line: full disk, read-only folder, no permission."""
    return InputError(target, f"cannot be written: {failure_reason(exc)}; nothing was written")


# What responder writes into every Word document's core properties (word_document.py).
RESPONDER_CATEGORY = "Response to an inspection report"
# The same in the Welsh document (templates/locale/cy.po): "Ymateb i adroddiad arolygu",
# keywords "AHGTEF; adran 55; ymateb".
RESPONDER_CATEGORIES = (RESPONDER_CATEGORY, "Ymateb i adroddiad arolygu")
_CORE = "docProps/core.xml"


def office_properties(path: Path) -> dict[str, str] | None:
    """The core properties of an Office document (.docx, .xlsx) by their local names
    ("creator", "revision", "lastModifiedBy", …); None when ``path`` is not one."""
    import zipfile
    from xml.etree import ElementTree

    try:
        with zipfile.ZipFile(path) as package:
            if _CORE not in package.namelist():
                return {}
            root = ElementTree.fromstring(package.read(_CORE))
    except (OSError, zipfile.BadZipFile, ElementTree.ParseError, KeyError, ValueError):
        return None
    return {element.tag.rsplit("}", 1)[-1]: (element.text or "").strip() for element in root}


def written_by_responder(properties: dict[str, str]) -> bool:
    keywords = properties.get("keywords", "").casefold()
    return properties.get("category") in RESPONDER_CATEGORIES or (
        ("hmicfrs" in keywords and "section 55" in keywords)
        or ("ahgtef" in keywords and "adran 55" in keywords))


def saved_since(properties: dict[str, str]) -> str | None:
    """How a responder document shows it was saved again since responder wrote it (None
    when it was not): Word and LibreOffice raise the revision, put the user's name in
    last-saved-by and the time in modified; responder writes revision 1, the author's name
    and the created time."""
    who = properties.get("lastModifiedBy", "")
    edited = (properties.get("revision", "1") not in ("", "1")
              or who != properties.get("creator", "")
              or properties.get("modified", "") != properties.get("created", ""))
    if not edited:
        return None
    when = properties.get("modified", "")[:10]
    parts = [f"by {who}" if who and who != properties.get("creator") else "",
             f"on {_long(when)}" if when else ""]
    return " ".join(part for part in parts if part) or \
        f"revision {properties.get('revision', '')}"


def _long(iso: str) -> str:
    import datetime as dt

    from ..dates import long_date

    try:
        return long_date(dt.date.fromisoformat(iso))
    except ValueError:
        return iso


# How responder's own web pages and PDFs are known: the page's generator (and, for pages
# written before it carried one, the first line of its stylesheet); the PDF's keywords,
# which LibreOffice carries over from the Word document's.
_PAGE_MARKS = (b'<meta name="generator" content="responder">',
               b"main { max-width: 44rem; margin: 0 auto; }")


def page_written_by_responder(path: Path) -> bool:
    try:
        with path.open("rb") as page:
            head = page.read(8192)
    except OSError:
        return False
    return any(mark in head for mark in _PAGE_MARKS)


def pdf_written_by_responder(path: Path) -> bool | None:
    """True for a PDF responder made, False for any other PDF, None when it is no PDF."""
    try:
        with path.open("rb") as file:
            if not file.read(5).startswith(b"%PDF"):
                return None
        import pypdfium2 as pdfium  # type: ignore[import-untyped]

        document = pdfium.PdfDocument(str(path))
        try:
            keywords = document.get_metadata_dict().get("Keywords", "")
        finally:
            document.close()
    except Exception:  # a damaged PDF is still someone's file: treat it as not ours
        return False
    words = keywords.casefold()
    return ("hmicfrs" in words and "55" in words and "response" in words) or (
        "ahgtef" in words and "55" in words and "ymateb" in words)


def refuse_replacing_documents(target: Path, what: str, hint: str) -> bool:
    """Raise one line if writing ``target`` would destroy a document responder did not
    write — an inspection report of the same name, say — or a Word document saved again
    since responder wrote it (edited, perhaps signed). Returns whether ``target`` exists
    (and may be replaced)."""
    if not target.is_file():
        return False
    suffix = target.suffix.lower()
    if suffix in (".html", ".htm"):
        if target.stat().st_size and not page_written_by_responder(target):
            raise InputError(target, f"exists and is not a page responder wrote; {what} "
                             f"would overwrite it ({hint})")
        return True
    if suffix == ".pdf":
        if target.stat().st_size and pdf_written_by_responder(target) is not True:
            raise InputError(target, f"exists and is not a PDF responder wrote (an inspection "
                             f"report, perhaps); {what} would overwrite it ({hint})")
        return True
    if suffix != ".docx":
        return True
    properties = office_properties(target)
    if properties is None:
        return True  # not a Word document at all (an empty or broken file): nothing to keep
    if not written_by_responder(properties):
        raise InputError(target, f"exists and was not written by responder; {what} would "
                         f"overwrite it ({hint})")
    saved = saved_since(properties)
    if saved:
        raise InputError(target, f"has been saved again since responder wrote it ({saved}); "
                         f"{what} would overwrite those changes ({hint})")
    return True
