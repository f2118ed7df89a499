"""What the folder commands learnt from each response file, kept between runs.

`status`, `validate`, `deadline` and `check` over an office's folder read every file,
every time; most files have not changed since the last run. So each command keeps, for
each file, what it worked out from it, and the next run reads that instead of reading
and checking the file again.

A file's entry is found by a hash of its bytes (BLAKE2b), never by its modification
time: a file edited in any way, by any program, on any drive, is read afresh. Every
entry also belongs to the code that made it — responder's own files and the libraries
that read and check a response — so an upgrade starts afresh. What depends on the day
(days left, overdue, the deadline checks) is never kept: it is worked out on every run
from the dates that are kept.

Only what a command shows anyway is kept: titles, dates, counts, and `check`'s
messages (which name a withheld finding by its id and kind alone). Never a comment, an
action or a withheld word. The files live in the user's own cache folder
(``platformdirs.user_cache_path``), readable by the user alone: one JSON file per command.
``RESPONDER_CACHE=off`` turns this off; ``RESPONDER_CACHE=FOLDER`` keeps them there.

A cache that cannot be read or written is passed over without a word: no command ever
fails, or says something different, because of it.

A cache may make a command faster, never change what it says: every entry (and the house
document render keeps) carries an HMAC-SHA256 under a key of the user's own, made at
random and kept beside the entries readable by the user alone (``key``). An entry that
does not verify — edited by hand, by another program, or by another user who could write
the folder — is dropped and worked out afresh. A key that others can read or that is not
the user's own is replaced, so everything kept under it is dropped.
"""

from __future__ import annotations

import datetime as dt
import hashlib
import hmac
import json
import os
import secrets
import stat
import sys
import tempfile
from pathlib import Path
from typing import Any

FORMAT = 3  # 3: every entry carries its HMAC
KEEP_DAYS = 60  # an entry not used for this long is dropped
MAX_ENTRIES = 10_000  # per command: an office's folders many times over
# Whose code decides what a file gives: responder's own, and the libraries that read,
# validate and check a response.
LIBRARIES = ("pydantic", "pydantic_core", "ruamel.yaml", "rapidfuzz", "snowballstemmer",
             "holidays", "docx")


def folder() -> Path | None:
    """Where the cache files are kept; None when ``RESPONDER_CACHE=off``."""
    setting = os.environ.get("RESPONDER_CACHE", "").strip()
    if setting.lower() in ("off", "0", "no", "false"):
        return None
    if setting:
        return Path(setting).expanduser()
    from platformdirs import user_cache_path

    return user_cache_path("responder", appauthor=False)


def digest(raw: bytes) -> str:
    return hashlib.blake2b(raw, digest_size=16).hexdigest()


KEY_NAME = "key"
KEY_BYTES = 32
_keys: dict[Path, bytes | None] = {}


def _ours(path: Path) -> bool:
    """The file belongs to this user (on Windows the user's profile folder sees to it)."""
    return os.name == "nt" or not hasattr(os, "getuid") or path.stat().st_uid == os.getuid()


def _private(path: Path) -> bool:
    """The key file is the user's alone."""
    return os.name == "nt" or (_ours(path) and stat.S_IMODE(path.stat().st_mode) & 0o077 == 0)


def key(where: Path | None = None) -> bytes | None:
    """The user's key for the cache folder ``where``, made on first use; None when it
    cannot be read or made (the cache is then not used at all)."""
    where = where if where is not None else folder()
    if where is None:
        return None
    if where in _keys:
        return _keys[where]
    path = where / KEY_NAME
    found: bytes | None = None
    try:
        if path.is_file() and not _ours(path):
            _keys[where] = None  # another user's cache folder: not ours to use or change
            return None
        if path.is_file() and not _private(path):
            path.unlink()  # others could read it: nothing kept under it holds any more
        if not path.exists():
            where.mkdir(parents=True, exist_ok=True, mode=0o700)
            try:
                handle = os.open(path, os.O_WRONLY | os.O_CREAT | os.O_EXCL | getattr(
                    os, "O_BINARY", 0), 0o600)
            except FileExistsError:
                pass  # another run made it just now: use theirs
            else:
                with os.fdopen(handle, "wb") as out:
                    out.write(secrets.token_bytes(KEY_BYTES))
        raw = path.read_bytes()
        if len(raw) == KEY_BYTES and _private(path):
            found = raw
    except OSError:
        found = None
    _keys[where] = found
    return found


def seal(secret: bytes, *parts: Any) -> str:
    """The HMAC of ``parts`` (JSON values, or bytes) under ``secret``."""
    mac = hmac.new(secret, digestmod=hashlib.sha256)
    for part in parts:
        data = part if isinstance(part, bytes) else json.dumps(
            part, ensure_ascii=False, sort_keys=True, separators=(",", ":")).encode()
        mac.update(len(data).to_bytes(8, "big"))  # so no two lists of parts run together
        mac.update(data)
    return mac.hexdigest()


def verified(secret: bytes, tag: Any, *parts: Any) -> bool:
    return isinstance(tag, str) and hmac.compare_digest(tag, seal(secret, *parts))


def write_sealed(path: Path, data: bytes) -> None:
    """Write ``data`` with its HMAC in front (see read_sealed); nothing without a key."""
    secret = key(path.parent)
    if secret is None:
        return
    write_private(path, seal(secret, path.name, data).encode() + b"\n" + data)


def read_sealed(path: Path) -> bytes | None:
    """What write_sealed kept at ``path``, or None when it is missing or does not verify."""
    secret = key(path.parent)
    if secret is None:
        return None
    try:
        blob = path.read_bytes()
    except OSError:
        return None
    tag, _, data = blob.partition(b"\n")
    return data if verified(secret, tag.decode("ascii", "replace"), path.name, data) else None


_code: str | None = None


def code_fingerprint() -> str:
    """Changes whenever responder or a library that decides what a file gives changes."""
    global _code
    if _code is None:
        here = Path(__file__).parent
        parts = [f"{FORMAT} {sys.version}"]
        for path in sorted(here.rglob("*")):
            if path.suffix in (".py", ".toml", ".json", ".txt"):
                info = path.stat()
                parts.append(f"{path.relative_to(here)} {info.st_size} {info.st_mtime_ns}")
        for name in LIBRARIES:  # found on sys.path, not imported: that is what costs
            relative = Path(*name.split("."), "__init__.py")
            for entry in sys.path:
                candidate = Path(entry or ".") / relative
                if candidate.is_file():
                    info = candidate.stat()
                    parts.append(f"{name} {candidate} {info.st_size} {info.st_mtime_ns}")
                    break
        _code = digest("\n".join(parts).encode())
    return _code


class Cache:
    """One command's entries: ``get`` and ``put`` by key, ``save`` once at the end.

    Used as a context manager, it saves on a clean exit. With no cache folder (turned
    off) or an unreadable file it simply starts empty."""

    def __init__(self, name: str):
        self.day = dt.date.today().toordinal()  # the real day, not --today: entries age by it
        self.name = name
        where = folder()
        self.secret = key(where) if where is not None else None
        self.path = where / f"{name}.json" if self.secret is not None else None  # type: ignore[operator]
        # key -> [day last used, value, file or None, HMAC of the command, key, value, file]
        self.entries: dict[str, list[Any]] = {}
        self.used: set[str] = set()  # the keys used this run
        self.files: set[str] = set()  # and the files they belong to
        self.changed = False
        if self.path is not None:
            self._load()

    def _load(self) -> None:
        assert self.path is not None
        try:
            data = json.loads(self.path.read_bytes())
        except (OSError, ValueError):
            return
        if isinstance(data, dict) and data.get("format") == FORMAT \
                and data.get("code") == code_fingerprint() and isinstance(data.get("entries"), dict):
            self.entries = data["entries"]  # each verified when it is asked for

    def _holds(self, key: str, entry: Any) -> bool:
        """An entry as this user's responder wrote it (its HMAC verifies)."""
        assert self.secret is not None
        return isinstance(entry, list) and len(entry) == 4 and verified(
            self.secret, entry[3], self.name, key, entry[1], entry[2])

    def get(self, key: str, of: str | None = None) -> Any:
        """The value kept under ``key`` (None if there is none). ``of`` is the file it was
        worked out from: see ``save``."""
        entry = self.entries.get(key)
        if entry is None:
            return None
        if not self._holds(key, entry):
            del self.entries[key]  # edited since this user's responder wrote it: work it out again
            self.changed = True
            return None
        self._use(key, of)
        if entry[0] != self.day:
            entry[0] = self.day
            self.changed = True
        return entry[1]

    def put(self, key: str, value: Any, of: str | None = None) -> None:
        if self.path is None or self.secret is None:
            return
        # Sealed as it will be read back: through JSON (tuples become lists, and so on).
        value = json.loads(json.dumps(value, ensure_ascii=False))
        self.entries[key] = [self.day, value, of, seal(self.secret, self.name, key, value, of)]
        self._use(key, of)
        self.changed = True

    def _use(self, key: str, of: str | None) -> None:
        self.used.add(key)
        if of is not None:
            self.files.add(of)

    def save(self) -> None:
        """Write the entries back, leaving out what will not be asked for again: an entry for
        a file whose other entry was used this run (the file has changed since: its old
        content is gone), one unused for KEEP_DAYS, and the oldest past MAX_ENTRIES."""
        if self.path is None or not self.changed:
            return
        oldest = self.day - KEEP_DAYS
        kept = sorted(((key, entry) for key, entry in self.entries.items()
                       if isinstance(entry, list) and len(entry) == 4 and entry[0] >= oldest
                       and (key in self.used or entry[2] is None or entry[2] not in self.files)),
                      key=lambda item: item[1][0], reverse=True)[:MAX_ENTRIES]
        data = {"format": FORMAT, "code": code_fingerprint(), "entries": dict(kept)}
        try:
            write_private(self.path, json.dumps(data, ensure_ascii=False,
                                                 separators=(",", ":")).encode())
        except (OSError, ValueError):
            return  # a cache that cannot be written is no reason to fail the command
        self.changed = False

    def __enter__(self) -> Cache:
        return self

    def __exit__(self, kind: Any, *_: Any) -> None:
        if kind is None:
            self.save()


def write_private(path: Path, data: bytes) -> None:
    """Write ``data`` to ``path`` whole (a temporary file, then a rename), readable by
    the user alone: the cache folder is the user's, and so is every file in it."""
    path.parent.mkdir(parents=True, exist_ok=True, mode=0o700)
    handle, temporary = tempfile.mkstemp(prefix=f".{path.stem}-", suffix=".tmp", dir=path.parent)
    try:
        with os.fdopen(handle, "wb") as out:  # mkstemp makes it 0o600
            out.write(data)
        Path(temporary).replace(path)
    except BaseException:
        Path(temporary).unlink(missing_ok=True)
        raise
