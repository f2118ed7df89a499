"""Superseded links both ways: the later response's finding names what it supersedes.

``track FILE REF --superseded-by LATER#ID`` (and the walk) set ``superseded_by`` on the
earlier finding; this opens the later response beside it and adds ``supersedes`` to its
finding, so either file shows the link. The later file is found and checked before the
earlier one is saved, so a wrong name changes nothing.
"""

from __future__ import annotations

from pathlib import Path

from ..errors import InputError
from ..response import editing
from ..response.autosave import Autosaver
from ..response.model import Link
from . import register


def later_side(path: Path, link: Link, own_id: str) -> Autosaver | None:
    """The later response, open, its finding marked as superseding ``path``'s ``own_id``
    (unsaved: the caller saves it after its own file); None when it already says so."""
    other = path.parent / link.file
    if not other.is_file():
        raise InputError(path, f"--superseded-by names {link.file}, which is not a file "
                         f"beside {path.name}")
    if other.resolve() == path.resolve():
        raise InputError(path, "a finding cannot be superseded by one in its own response")
    saver = Autosaver(editing.load(other))
    try:
        entry = register.find(saver.response, link.id)
    except register.UnknownFinding as exc:
        raise InputError(other, str(exc)) from None
    if not register.add_supersedes(entry.finding, Link(file=path.name, id=own_id)):
        return None
    return saver
