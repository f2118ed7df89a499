"""A lock while a response is open for interview, so two people do not answer over each other.

The lock is a small JSON file beside the response ("name.yaml.lock") saying who
holds it, on which computer, in which process and since when. It is created
with O_EXCL, which is atomic on local disks and on Windows and Samba shares, so
of two people starting at once exactly one wins. It works across computers on a
shared drive, where operating-system locks are unreliable, and it tells the
second person whom to ask.

A lock is stale when its process has ended on this computer, or when it has not
been touched for a day (each autosave touches it); a stale lock may be taken
over, after asking.
"""

from __future__ import annotations

import contextlib
import datetime as dt
import getpass
import json
import os
import socket
import sys
from dataclasses import asdict, dataclass
from pathlib import Path

from ..errors import InputError, ResponderError, display_path

STALE_AFTER = dt.timedelta(days=1)
# A lock file with no readable content yet is someone else in the middle of writing it,
# which takes milliseconds even on a slow share; one still empty after this many seconds
# was left behind (a full disk, a crash between creating and writing it).
UNREADABLE_GRACE = 5.0


@dataclass(frozen=True)
class LockInfo:
    user: str
    host: str
    pid: int
    started: str  # ISO date and time, local

    @property
    def since(self) -> dt.datetime | None:
        try:
            return dt.datetime.fromisoformat(self.started)
        except ValueError:
            return None

    def describe(self) -> str:
        since = self.since
        when = f"{since.day} {since:%B %Y} at {since:%H:%M}" if since else "an unknown time"
        return f"{self.user} on {self.host} (process {self.pid}) since {when}"


class LockedError(ResponderError):
    """Someone else has the file open for interview."""

    def __init__(self, path: Path, info: LockInfo | None, stale_reason: str | None):
        self.path = path
        self.info = info
        self.stale_reason = stale_reason  # None when the holder looks alive
        who = info.describe() if info else "someone (the lock file is being written)"
        message = f"{display_path(path)} is open for interview by {who}"
        if stale_reason:
            message += f"; that session looks abandoned ({stale_reason})"
        else:
            message += "; try again when they have finished"
        super().__init__(message)

    @property
    def stale(self) -> bool:
        return self.stale_reason is not None


def lock_path(path: Path) -> Path:
    return path.with_name(path.name + ".lock")


def me(now: dt.datetime) -> LockInfo:
    try:
        user = getpass.getuser()
    except Exception:  # noqa: BLE001 - no user name is not a reason to refuse to work
        user = "unknown user"
    return LockInfo(user, socket.gethostname(), os.getpid(), now.isoformat(timespec="seconds"))


@dataclass
class Lock:
    path: Path  # the lock file
    info: LockInfo

    def touch(self) -> None:
        """Show the lock is in use (a day without a touch makes it stale)."""
        with contextlib.suppress(OSError):
            os.utime(self.path)

    def release(self) -> None:
        """Remove the lock, but only while it is still ours."""
        if read_info(self.path) == self.info:
            with contextlib.suppress(FileNotFoundError):
                self.path.unlink()


def read_info(path: Path) -> LockInfo | None:
    try:
        data = json.loads(path.read_text(encoding="utf-8"))
        return LockInfo(str(data["user"]), str(data["host"]), int(data["pid"]),
                        str(data["started"]))
    except (OSError, ValueError, KeyError, TypeError):
        return None


def acquire(path: Path, now: dt.datetime, *, take_over: bool = False) -> Lock:
    """Lock ``path`` for this process, or raise LockedError saying who has it.

    With ``take_over``, a stale lock is replaced; a live one never is.
    """
    target = lock_path(path)
    info = me(now)
    for _ in range(2):
        try:
            _create(target, info)
            return Lock(target, info)
        except FileExistsError:
            pass
        except OSError as exc:
            raise InputError(path, f"cannot be locked for the interview: cannot create "
                             f"{target.name} beside it ({exc.strerror or exc})") from None
        holder = read_info(target)
        reason = stale_reason(target, holder, now)
        if not (take_over and reason):
            raise LockedError(path, holder, reason)
        with contextlib.suppress(FileNotFoundError):
            target.unlink()
    raise LockedError(path, read_info(target), None)  # someone else took it over first


def _create(target: Path, info: LockInfo) -> None:
    flags = os.O_WRONLY | os.O_CREAT | os.O_EXCL | getattr(os, "O_BINARY", 0)
    fd = os.open(target, flags, 0o644)
    try:
        with os.fdopen(fd, "wb") as handle:
            handle.write(json.dumps(asdict(info), indent=2).encode("utf-8") + b"\n")
            handle.flush()
            os.fsync(handle.fileno())
    except BaseException:
        # A lock we could not finish writing (a full disk) must not block the next person.
        with contextlib.suppress(OSError):
            target.unlink()
        raise


def stale_reason(target: Path, holder: LockInfo | None, now: dt.datetime) -> str | None:
    try:
        touched = dt.datetime.fromtimestamp(target.stat().st_mtime)
    except FileNotFoundError:
        return "the lock has gone"
    if now - touched > STALE_AFTER:
        return f"no activity since {touched.day} {touched:%B %Y} at {touched:%H:%M}"
    if holder is None:
        if (now - touched).total_seconds() > UNREADABLE_GRACE:
            return "the lock file is empty or unreadable"
        return None
    if holder.host == socket.gethostname() and not pid_alive(holder.pid):
        return f"process {holder.pid} on this computer has ended"
    return None


def pid_alive(pid: int) -> bool:
    if pid <= 0:
        return False
    if sys.platform == "win32":
        return _windows_pid_alive(pid)
    try:
        os.kill(pid, 0)  # signal 0 only asks whether the process exists (POSIX)
    except ProcessLookupError:
        return False
    except PermissionError:
        return True
    except OSError:
        return False
    return True


def _windows_pid_alive(pid: int) -> bool:  # pragma: no cover - exercised on Windows only
    # os.kill(pid, 0) would *terminate* the process on Windows; ask the kernel instead.
    import ctypes

    kernel32 = ctypes.WinDLL("kernel32", use_last_error=True)  # type: ignore[attr-defined]
    process_query_limited_information = 0x1000
    still_active = 259
    access_denied = 5
    handle = kernel32.OpenProcess(process_query_limited_information, False, pid)
    if not handle:
        # Another user's process cannot be opened, but it exists.
        return ctypes.get_last_error() == access_denied  # type: ignore[attr-defined]
    try:
        code = ctypes.c_ulong()
        if not kernel32.GetExitCodeProcess(handle, ctypes.byref(code)):
            return True
        return code.value == still_active
    finally:
        kernel32.CloseHandle(handle)
