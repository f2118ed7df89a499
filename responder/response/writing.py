"""Write files safely: to a temporary file in the same folder, flushed, then swapped in one step,
so a crash or a full disk leaves the old file whole; never over a change made meanwhile."""

from __future__ import annotations

import contextlib
import errno
import os
import secrets
import stat
from pathlib import Path

from ..errors import ConflictError, InputError


class SaveError(InputError):
    """A file could not be written (full disk, read-only folder, …): one plain line."""

    def __init__(self, path: Path, message: str, *, reason: str = "", full: bool = False):
        super().__init__(path, message)
        self.reason = reason or message  # "the disk is full", for a sentence of one's own
        self.full = full  # the disk (or the user's quota) is full


_FULL = {getattr(errno, name) for name in ("ENOSPC", "EDQUOT") if hasattr(errno, name)}


def _save_error(path: Path, exc: OSError, *, new: bool) -> SaveError:
    """One line for a failed write: "cannot be saved: …" for a response replaced, and, as
    outputs.write_error words it, "cannot be written: …; nothing was written" for a new file."""
    from .outputs import failure_reason

    if isinstance(exc, PermissionError):
        reason = ("permission denied (is the file or its folder read-only, or is it open in "
                  "another program?)")
    elif isinstance(exc, FileNotFoundError):
        reason = "the folder does not exist"
    else:
        reason = failure_reason(exc)
    message = (f"cannot be written: {reason}; nothing was written" if new
               else f"cannot be saved: {reason}")
    return SaveError(path, message, reason=reason, full=exc.errno in _FULL)


def write_target(path: Path) -> Path:
    """Where writing ``path`` really goes: through a link to the file it points at."""
    path = Path(path)
    if path.is_symlink():
        return Path(os.path.realpath(path))
    return path


def is_read_only(path: Path) -> bool:
    """True when nobody may write ``path`` (chmod 444, or the Windows read-only flag).

    Checked from the mode as well as os.access, because an administrator (root) may
    write anything, and a file its owner marked read-only should still be left alone.
    """
    try:
        mode = path.stat().st_mode
    except OSError:
        return False
    return not (mode & 0o222) or not os.access(path, os.W_OK)


def atomic_write(path: Path, data: bytes, *, like: Path | None = None,
                 expect: bytes | None = None, overwrite: bool = True,
                 mode: int | None = None) -> Path:
    """Put ``data`` in ``path`` in one step; returns the file really written (a link's target).

    - A file replaced keeps its permissions (never more open than ``like``'s, when given).
    - A new file gets the umask's permissions, or ``like``'s when those are stricter, so a
      copy of a restricted response is never more open than the response.
    - ``expect``: the bytes the file must still hold at the moment of the swap; if someone
      changed it meanwhile, nothing is replaced and ConflictError is raised.
    - ``overwrite=False``: the file must not exist yet (InputError if it does).
    - ``mode``: the new file's permission bits exactly (outputs.output_mode).
    - Only a regular file or a new name is written (outputs.refuse_special).
    Any failure leaves the original file untouched and no temporary file behind; OSError
    is raised as it comes (write_file words it).
    """
    from .outputs import refuse_special

    target = write_target(Path(path))
    refuse_special(target)
    folder = target.parent if str(target.parent) else Path()
    if not overwrite and (target.exists() or target.is_symlink()):
        raise InputError(path, "already exists; choose another name or delete it first")
    fd, tmp = _create_temporary(folder, target.name)
    try:
        with os.fdopen(fd, "wb") as handle:
            handle.write(data)
            handle.flush()
            os.fsync(handle.fileno())
        if mode is not None:
            tmp.chmod(mode)
        else:
            _set_mode(tmp, target, like)
        if expect is not None and _current_bytes(target) != expect:
            raise ConflictError(Path(path), "changed on disk since it was opened; not overwritten")
        if not overwrite and target.exists():
            raise InputError(path, "already exists; choose another name or delete it first")
        tmp.replace(target)
    except BaseException:
        tmp.unlink(missing_ok=True)
        raise
    return target


def _create_temporary(folder: Path, name: str) -> tuple[int, Path]:
    # Created with 0o666 so the system applies the umask, which _set_mode then reads back.
    flags = os.O_WRONLY | os.O_CREAT | os.O_EXCL | getattr(os, "O_BINARY", 0)
    for _ in range(100):
        tmp = folder / f".{name}.{secrets.token_hex(4)}.tmp"
        try:
            return os.open(tmp, flags, 0o666), tmp
        except FileExistsError:
            continue
    raise FileExistsError(f"no free temporary name in {folder}")


def _set_mode(tmp: Path, target: Path, like: Path | None) -> None:
    try:
        mode = stat.S_IMODE(target.stat().st_mode)  # a file replaced keeps its permissions
    except FileNotFoundError:
        mode = stat.S_IMODE(tmp.stat().st_mode)  # a new file: the umask's
    if like is not None:
        with contextlib.suppress(OSError):
            # Others' access narrows to the source's; the owner keeps read and write, so the
            # copy can be opened, edited and replaced (the rule outputs.output_mode follows).
            mode &= stat.S_IMODE(Path(like).stat().st_mode) | 0o600
    tmp.chmod(mode)


def _current_bytes(path: Path) -> bytes | None:
    try:
        return path.read_bytes()
    except FileNotFoundError:
        return None


def write_file(path: Path, data: bytes, *, like: Path | None = None,
               expect: bytes | None = None) -> Path:
    """atomic_write, with a failure as one SaveError line ("cannot be saved: the disk is full")."""
    try:
        return atomic_write(path, data, like=like, expect=expect)
    except OSError as exc:
        raise _save_error(Path(path), exc, new=False) from None


def write_new(path: Path, data: bytes, *, like: Path | None = None) -> Path:
    """Write a file that must not exist yet (never overwrite someone's response).

    With ``like`` (the response a conflict copy or recovery file is taken from), the new
    file is never more open than that file. A failure is one SaveError line.
    """
    try:
        return atomic_write(path, data, like=like, overwrite=False)
    except OSError as exc:
        raise _save_error(Path(path), exc, new=True) from None


def write_output(path: Path, data: bytes, *, like: Path | None = None) -> Path:
    """Write a command's output (a document, a calendar): replaced in one step, never more
    open than ``like``, the response it was made from; a failure is one SaveError line."""
    try:
        return atomic_write(path, data, like=like)
    except OSError as exc:
        raise _save_error(Path(path), exc, new=True) from None


def write_with_mode(target: Path, data: bytes, mode: int) -> None:
    """Write an output whole with ``mode`` from its first byte (outputs.prepare_mode), never
    more open than what it came from; a new file that could not be written is taken away.
    Raises OSError for the caller to say in one line."""
    from .outputs import prepare_mode, settle_mode

    created = prepare_mode(target, mode)
    try:
        atomic_write(target, data)
    except OSError:
        if created:
            target.unlink(missing_ok=True)
        raise
    settle_mode(target, mode)
