"""An office's settings: ``responder.toml`` in the working folder, else in the user's config folder.

The file is TOML, one table per feature (``[deadline]`` for now). Reading it is
the only I/O here; what the values mean is up to each feature's own module.
"""

from __future__ import annotations

import re
import sys
from pathlib import Path
from typing import Any

from .errors import InputError

FILE_NAME = "responder.toml"
APP_NAME = "responder"

if sys.version_info >= (3, 11):
    import tomllib
else:  # pragma: no cover - Python 3.10
    import tomli as tomllib


def user_config_file() -> Path:
    """Where a user's own responder.toml lives (e.g. %LOCALAPPDATA%\\responder on Windows)."""
    from platformdirs import user_config_path

    return user_config_path(APP_NAME, appauthor=False) / FILE_NAME


def find(cwd: Path | None = None) -> Path | None:
    """The responder.toml that applies: the working folder's, else the user's, else none."""
    local = (cwd or Path.cwd()) / FILE_NAME
    if local.is_file():
        return local
    user = user_config_file()
    return user if user.is_file() else None


_WHERE = re.compile(r"\s*\(at line (\d+), column (\d+)\)\s*$")


MAX_BYTES = 1024 * 1024  # a settings file is a few KB


def read(path: Path) -> dict[str, Any]:
    """The settings in ``path``; a TOML mistake is an InputError naming its line."""
    try:
        if path.is_dir():
            raise InputError(path, "is a folder, not a settings file (give responder.toml)")
        if path.exists() and not path.is_file():
            raise InputError(path, "is not a file (a device or a pipe); give responder.toml")
        with path.open("rb") as handle:
            raw = handle.read(MAX_BYTES + 1)  # /dev/zero and its kind never end
    except FileNotFoundError:
        raise InputError(path, "no such file") from None
    except OSError as exc:
        raise InputError(path, f"cannot be read ({exc.strerror or exc})") from None
    if len(raw) > MAX_BYTES:
        raise InputError(path, f"is larger than {MAX_BYTES // 1024} KB, far more than any "
                         "settings file; is it the right file?")
    try:
        return tomllib.loads(raw.decode("utf-8-sig"))
    except UnicodeDecodeError:
        raise InputError(path, "is not UTF-8 text; save it as UTF-8 and try again") from None
    except tomllib.TOMLDecodeError as exc:
        message = str(exc)
        found = _WHERE.search(message)
        line = column = None
        if found:
            line, column = int(found.group(1)), int(found.group(2))
            message = message[: found.start()]
        raise InputError(path, f"not valid TOML: {message}", line=line, column=column) from None


def load(explicit: Path | None = None, cwd: Path | None = None) -> tuple[dict[str, Any], Path | None]:
    """The settings and the file they came from (``explicit`` if given, else found)."""
    path = explicit if explicit is not None else find(cwd)
    if path is None:
        return {}, None
    return read(path), path
