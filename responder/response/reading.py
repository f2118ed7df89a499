"""Read a response file: safe to read (binary, huge, aliased or absurdly nested files are
refused before anything is built), quick for a good file, exact about where a bad one is wrong."""

from __future__ import annotations

from collections.abc import Callable
from pathlib import Path
from typing import Any

from pydantic import ValidationError
from ruamel.yaml import YAML
from ruamel.yaml.error import MarkedYAMLError, YAMLError

from ..errors import InputError, ValidationFailed
from . import quickyaml
from .files import MAX_BYTES, read_bytes
from .model import FORMAT_VERSION, FROM_FILE, Response
from .roundtrip import MAX_DEPTH, make_yaml
from .validation import Blank, comment_only_values, date_problems, explain_syntax, problems_from

# Migrations from an older format version to the next: {old_version: function(tree) -> tree}.
# Each takes and returns the parsed tree, so comments survive a migration.
def _from_1(tree: Any) -> Any:
    """Format 1 to 2 (issue 27): the register gained states, a target date's trail, closure
    evidence and superseded links. Every value of format 1 means the same in format 2
    (open, in_progress, complete, closed and closed_on are kept as written), so the tree
    passes unchanged; only the version moves, and only when the file is next saved with a
    change."""
    return tree


MIGRATIONS: dict[int, Callable[[Any], Any]] = {1: _from_1}


def read_text(path: Path) -> str:
    """The file's text, or an InputError saying plainly why it cannot be read."""
    return decode(read_bytes(path, "a response file", MAX_BYTES), path)


def decode(raw: bytes, path: Path) -> str:
    from .file_kind import refuse_if_not_a_response

    refuse_if_not_a_response(raw, path)  # a report or a returns form: say which command takes it
    if raw.startswith((b"\xff\xfe", b"\xfe\xff")):
        raise InputError(path, "is saved as UTF-16 text; save it as UTF-8 and try again")
    if b"\x00" in raw[:8192]:
        raise InputError(path, "is a binary file, not a YAML response file")
    try:
        text = raw.decode("utf-8-sig")
    except UnicodeDecodeError as exc:
        line = raw[: exc.start].count(b"\n") + 1
        raise InputError(
            path,
            f"is not UTF-8 text (byte 0x{raw[exc.start]:02x}); save it as UTF-8 and try again",
            line=line,
        ) from None
    if not text.strip():
        raise InputError(path, "is empty")
    return text


_BOMS = ((b"\xef\xbb\xbf", "utf-8"), (b"\xff\xfe\x00\x00", "utf-32-le"),
         (b"\x00\x00\xfe\xff", "utf-32-be"), (b"\xff\xfe", "utf-16-le"), (b"\xfe\xff", "utf-16-be"))


def decode_typed(raw: bytes) -> str:
    """Text a person typed in an editor, whatever encoding the editor saved it in.

    Never fails and never drops a character: a byte-order mark says the encoding
    (UTF-8, UTF-16, UTF-32); UTF-16 without one shows itself by its zero bytes; then
    UTF-8; then Windows-1252, what Notepad and Word on Windows used for 8-bit text
    (the five bytes it leaves undefined are read as Latin-1).
    """
    for mark, encoding in _BOMS:
        if raw.startswith(mark):
            return raw[len(mark):].decode(encoding, errors="replace")
    sample = raw[:4096]
    if len(sample) >= 2 and sample.count(b"\x00") * 4 >= len(sample):
        odd_zeros = sample[1::2].count(0)
        return raw.decode("utf-16-le" if odd_zeros >= sample[0::2].count(0) else "utf-16-be",
                          errors="replace")
    try:
        return raw.decode("utf-8")
    except UnicodeDecodeError:
        return "".join(chr(b) if b in _CP1252_UNDEFINED else bytes([b]).decode("cp1252")
                       for b in raw)


_CP1252_UNDEFINED = {0x81, 0x8D, 0x8F, 0x90, 0x9D}


def parse(text: str, path: Path, yaml: YAML | None = None) -> Any:
    """Parse YAML into a round-trip tree (or with ``yaml``); syntax errors name line and column."""
    try:
        return (yaml or make_yaml()).load(text)
    except MarkedYAMLError as exc:
        mark = exc.problem_mark or exc.context_mark
        problem = exc.problem or exc.context or "invalid YAML"
        line = mark.line + 1 if mark is not None else None
        column = mark.column + 1 if mark is not None else None
        if "maximum depth" in str(problem):
            problem = f"is nested more than {MAX_DEPTH} levels deep"
        explained = explain_syntax(str(problem), text, line)
        if explained is not None:
            raise InputError(path, explained[0], line=explained[1]) from None
        raise InputError(path, f"not valid YAML: {problem}", line=line, column=column) from None
    except (YAMLError, ValueError, TypeError) as exc:
        raise InputError(path, f"not valid YAML: {exc}") from None
    except RecursionError:
        raise InputError(path, "is nested too deeply to be a response file") from None


def validate(tree: Any, path: Path) -> Response:
    """Check the tree against the format (migrating older versions first)."""
    if not isinstance(tree, dict):
        got = "a list" if isinstance(tree, list) else f"a single value ({str(tree)[:40]!r})"
        raise InputError(
            path, f"holds {got}, not a response (expected key: value lines starting 'responder: 1')"
        )
    version = tree.get("responder")
    if version is None:
        raise InputError(
            path, "has no 'responder: 1' line at the top — is this a responder response file?"
        )
    if not isinstance(version, int) or isinstance(version, bool) or version < 1:
        raise InputError(path, f"'responder: {version}' is not a format version this tool knows",
                         where="responder")
    if version > FORMAT_VERSION:
        raise InputError(
            path, f"was written by a newer version of responder (format {version}); "
            "upgrade responder to open it"
        )
    while version < FORMAT_VERSION:
        tree = MIGRATIONS[version](tree)
        version += 1
        tree["responder"] = version
    try:
        response = Response.model_validate(tree, context=FROM_FILE)
    except ValidationError as exc:
        raise ValidationFailed(path, problems_from(exc, tree)) from None
    impossible = date_problems(response, tree)
    if impossible:
        raise ValidationFailed(path, impossible)
    response.assign_ids()
    return response


def read(path: Path | str, raw: bytes | None = None) -> Response:
    """Load and validate a response for reading only (check, status, render, …).

    Reading-only needs none of the round-trip tree, so a good file is read straight
    from libyaml's events (see quickyaml), many times faster. Anything unusual on
    that path (an alias, deep nesting, any validation problem) goes through the careful
    round-trip parser instead, which then names the problem by line and column
    exactly as `load` would. Valid files give the same response either way.

    ``raw`` is the file's bytes when the caller has read them already (to hash them).
    """
    path = Path(path)
    return _read(read_text(path) if raw is None else decode(raw, path), path)


def read_noting_blanks(path: Path | str, raw: bytes | None = None) -> tuple[Response, list[Blank]]:
    """``read``, and every value in the file that is only a comment (for ``check``)."""
    path = Path(path)
    text = read_text(path) if raw is None else decode(raw, path)
    return _read(text, path), comment_only_values(text)


def _read(text: str, path: Path) -> Response:
    tree = quickyaml.load(text)
    if isinstance(tree, dict):
        try:
            return validate(tree, path)
        except InputError:
            pass  # the careful reader below names the problem with its line and column
    return validate(parse(text, path), path)
