"""A file's bytes, read safely: one plain line for anything that is not a readable file.

Kept apart from ``store`` (which brings in the model and the YAML readers) so that a
command answering from what it kept (see cache) can read and hash a folder's files
without loading them.
"""

from __future__ import annotations

import errno
import stat
from pathlib import Path

from ..errors import InputError

MAX_BYTES = 8 * 1024 * 1024  # the largest real response is well under 1 MB


def read_response_bytes(path: Path) -> bytes:
    """A response file's bytes, with ``store.read``'s refusals (a folder, a pipe, too large)."""
    return read_bytes(path, "a response file", MAX_BYTES)


def read_bytes(path: Path, what: str, limit: int) -> bytes:
    """A file's bytes, refusing with one plain line anything that is not a readable regular
    file of at most ``limit`` bytes: folders, devices, pipes (reading one would hang or never
    end), links that loop, and files that grow past the limit while being read."""
    try:
        mode = path.stat().st_mode  # follows links, so a link to a response is fine
        if stat.S_ISDIR(mode):
            raise InputError(path, f"is a folder, not {what}")
        if not stat.S_ISREG(mode):
            kind = ("a pipe" if stat.S_ISFIFO(mode) else "a device" if stat.S_ISCHR(mode)
                    or stat.S_ISBLK(mode) else "a socket" if stat.S_ISSOCK(mode) else "special")
            raise InputError(path, f"is {kind}, not a file; give {what} saved on disk")
        size = path.stat().st_size
        if size > limit:
            raise InputError(path, _too_large(size, what, limit))
        with path.open("rb") as handle:
            data = handle.read(limit + 1)  # the size on disk can change, or lie (/proc)
        if len(data) > limit:
            raise InputError(path, _too_large(len(data), what, limit))
        return data
    except FileNotFoundError:
        if path.is_symlink():
            raise InputError(path, "is a link to a file that does not exist") from None
        raise InputError(path, "no such file") from None
    except PermissionError:
        raise InputError(path, "permission denied (is it open in another program?)") from None
    except OSError as exc:
        if exc.errno == errno.ELOOP:
            raise InputError(path, "is a link that leads back to itself (a symbolic link "
                             "loop); point it at the real file") from None
        raise InputError(path, f"cannot be read ({exc.strerror or exc})") from None
    except ValueError as exc:  # e.g. a NUL character in the name
        raise InputError(path, f"cannot be read ({exc})") from None


def _too_large(size: int, what: str, limit: int) -> str:
    return (f"is too large to be {what} ({size / 1048576:.1f} MB; "
            f"the limit is {limit // 1048576} MB)")
