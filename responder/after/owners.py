"""Owners and their e-mail addresses, kept once in the office profile (``[owners]``).

```toml
[owners]
"ACC Local Policing" = "acc.local@northmoor.police.uk"
"Head of Crime" = "head.of.crime@northmoor.police.uk"
```

An owner is matched however their name is spaced or capitalised (requests.owner_key).
``track requests`` asks at a terminal for an address it does not have yet and adds it
here, keeping the rest of the file and its comments.
"""

from __future__ import annotations

import re
from pathlib import Path
from typing import Any

from ..errors import InputError
from .requests import owner_key

TABLE = "owners"
_ADDRESS = re.compile(r"^[^@\s<>\"',;]+@[^@\s<>\"',;]+\.[^@\s<>\"',;]+$")


def is_address(text: str) -> bool:
    return bool(_ADDRESS.match(text.strip()))


def addresses(settings: dict[str, Any], source: Path | None) -> dict[str, str]:
    """owner_key -> address, from ``[owners]``; a value that is not an address is refused
    in one line naming it."""
    table = settings.get(TABLE) or {}
    if not isinstance(table, dict):
        raise InputError(source or Path("responder.toml"), "[owners] must be a table of "
                         "\"Owner name\" = \"address@example.org\" lines")
    found: dict[str, str] = {}
    for name, value in table.items():
        if not isinstance(value, str) or not is_address(value):
            raise InputError(source or Path("responder.toml"),
                             f"{value!r} is not an e-mail address", where=f"owners.{name}")
        found[owner_key(str(name))] = value.strip()
    return found


def add(path: Path, new: dict[str, str]) -> None:
    """Add ``owner = address`` lines to ``[owners]`` of ``path`` (created if need be)."""
    from ..drafting.profile import edit_settings

    def change(document: Any, tomlkit: Any) -> None:
        table = document.get(TABLE)
        if table is None:
            table = tomlkit.table()
            document[TABLE] = table
        for name, address in new.items():
            table[name] = address

    edit_settings(path, change)


def ask_missing(names: list[str], *, input: Any = None, output: Any = None) -> dict[str, str]:
    """At a terminal: the address of each owner in ``names`` (Enter alone skips one)."""
    from ..drafting.interview.prompts import _session, ask_text

    def valid(text: str) -> bool | str:
        return True if not text.strip() or is_address(text) else \
            "that is not an e-mail address (Enter alone to skip)"

    found: dict[str, str] = {}
    with _session(input, output):
        for name in names:
            typed = ask_text(f"E-mail address of {name} (kept in the office profile):",
                             validate=valid).strip()
            if typed:
                found[name] = typed
    return found
