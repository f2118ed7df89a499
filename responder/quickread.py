"""Read a response for output only, quickly, with the same result as store.read.

store.read builds ruamel's round-trip tree (comments, positions) so that a
problem can be named by line and column and a saved file keeps its layout. A
render needs none of that for a good file, and on a 100,000-word response the
round-trip parser alone takes most of a second. So: parse with libyaml (the C
parser ruamel ships as ruamel.yaml.clibz) into plain data, refusing aliases and
deep nesting as store does, and validate with the same model. Anything at all
that goes wrong on that path falls back to store.read, which then reports the
problem exactly as every other command does. A value that the C loader would
resolve differently (YAML 1.1's ``yes`` or ``1:20``) is not a string, so the
model rejects it and the fallback decides.
"""

from __future__ import annotations

from pathlib import Path
from typing import Any

from .model import Response


def read(path: Path | str) -> Response:
    """The validated response in ``path``; errors exactly as store.read raises them."""
    from . import store
    from .errors import ResponderError

    path = Path(path)
    text = store.read_text(path)
    tree = _quick_parse(text, store.MAX_DEPTH)
    if tree is not None and isinstance(tree, dict):
        try:
            return store.validate(tree, path)
        except ResponderError:
            pass  # let the full reader name the problem with its line and column
    return store.validate(store.parse(text, path), path)


def _quick_parse(text: str, max_depth: int) -> Any:
    """Plain data from libyaml, or None when the C parser is missing or the text is unusual."""
    try:
        from ruamel.yaml.cyaml import CParser, CSafeLoader
        from ruamel.yaml.events import (
            AliasEvent,
            CollectionEndEvent,
            CollectionStartEvent,
        )
    except ImportError:
        return None
    try:
        # One pass over the events first: an alias, an anchor or absurd nesting sends the
        # file down the careful path (the C composer would follow them).
        parser = CParser(text)
        depth = 0
        while parser.check_event():
            event = parser.get_event()
            if isinstance(event, AliasEvent) or getattr(event, "anchor", None):
                return None
            if isinstance(event, CollectionStartEvent):
                depth += 1
                if depth > max_depth:
                    return None
            elif isinstance(event, CollectionEndEvent):
                depth -= 1
        loader = CSafeLoader(text)
        try:
            return loader.get_single_data()
        finally:
            loader.dispose()
    except Exception:  # any oddity at all: the careful reader decides and explains
        return None
