"""Turn pydantic's validation errors into lines a policy officer can act on.

``sections[2].findings[0].kind: 'opinion' is not one of area_for_improvement,
recommendation, cause_of_concern`` rather than pydantic's own wording, with the
line in the file when the parsed tree knows it.
"""

from __future__ import annotations

import difflib
import typing
from collections.abc import Sequence
from typing import Any

from pydantic import BaseModel, ValidationError

from .errors import Problem
from .model import Response


def format_loc(loc: Sequence[Any]) -> str:
    out = ""
    for part in loc:
        if isinstance(part, int):
            out += f"[{part}]"
        else:
            out += ("." if out else "") + str(part)
    return out


def problems_from(error: ValidationError, tree: Any = None) -> list[Problem]:
    problems = []
    for item in error.errors(include_url=False):
        loc = tuple(item["loc"])
        line, column = position(tree, loc)
        problems.append(Problem(_message(item, loc), format_loc(loc), line, column))
    return problems


def position(tree: Any, loc: Sequence[Any]) -> tuple[int | None, int | None]:
    """Line and column (1-based) of the deepest part of ``loc`` found in a ruamel tree."""
    line = column = None
    node = tree
    for part in loc:
        lc = getattr(node, "lc", None)
        if lc is None:
            break
        try:
            if isinstance(part, int):
                line, column = lc.item(part)
                node = node[part]
            elif part in node:
                line, column = lc.key(part)
                node = node[part]
            else:
                # A missing key: point at the mapping that should hold it.
                line, column = lc.line, lc.col
                break
        except (KeyError, IndexError, TypeError, AttributeError):
            break
    if line is None:
        return None, None
    return line + 1, column + 1


def _message(item: dict[str, Any], loc: tuple[Any, ...]) -> str:
    kind = item["type"]
    value = item.get("input")
    ctx = item.get("ctx") or {}
    if kind == "extra_forbidden":
        known = _known_keys(loc[:-1])
        key = loc[-1]
        hint = _did_you_mean(str(key), known)
        listed = ", ".join(known)
        return f"unknown key {key!r}{hint}" + (f" (expected one of: {listed})" if not hint else "")
    if kind == "missing":
        return f"{loc[-1]!r} is required" if loc else "a required key is missing"
    if kind == "literal_error":
        allowed = [a.strip().strip("'") for a in _split_expected(ctx.get("expected", ""))]
        hint = _did_you_mean(str(value), allowed)
        return f"{value!r} is not one of {', '.join(allowed)}{hint}"
    if kind.startswith("date_") or kind.startswith("datetime_"):
        return f"{_show(value)} is not a real date (write dates as YYYY-MM-DD, e.g. 2018-02-05)"
    if kind in ("string_type",):
        return f"expected text, got {_describe(value)}"
    if kind == "string_too_short":
        return "must not be empty"
    if kind == "string_too_long":
        return f"is too long (at most {ctx.get('max_length')} characters)"
    if kind == "string_pattern_mismatch":
        return f"{value!r} is not a valid id (use letters, digits, '.', '-' and '_', e.g. s1-afi2)"
    if kind in ("model_type", "dict_type", "model_attributes_type") and loc and loc[-1] == "withheld":
        return (f"expected the reason under it, got {_describe(value)}; write e.g. "
                "'withheld: {reason: personal_safety}', or remove the line to publish the passage")
    if kind in ("model_type", "dict_type", "model_attributes_type"):
        return f"expected key: value lines here, got {_describe(value)}"
    if kind in ("list_type", "tuple_type"):
        return f"expected a list (lines starting '- '), got {_describe(value)}"
    if kind == "value_error":
        return str(ctx.get("error", item["msg"]))
    return str(item["msg"])


def _split_expected(expected: str) -> list[str]:
    # pydantic writes "'a', 'b' or 'c'"
    expected = expected.replace(" or ", ", ")
    return [part for part in expected.split(", ") if part]


def _did_you_mean(word: str, choices: Sequence[str]) -> str:
    lowered = {c.lower(): c for c in choices}
    if word.lower() in lowered:
        return f" (did you mean {lowered[word.lower()]!r}?)"
    close = difflib.get_close_matches(word, list(choices), n=1, cutoff=0.6)
    return f" (did you mean {close[0]!r}?)" if close else ""


def _show(value: Any) -> str:
    return repr(str(value)) if value is not None else "an empty value"


def _describe(value: Any) -> str:
    if value is None:
        return "nothing"
    if isinstance(value, bool):
        return f"true/false ({value})"
    if isinstance(value, int | float):
        return f"a number ({value})"
    if isinstance(value, dict):
        return "key: value lines"
    if isinstance(value, list):
        return "a list"
    return repr(value)


def _known_keys(loc: tuple[Any, ...]) -> list[str]:
    """The keys allowed at ``loc``, found by walking the model classes."""
    model: Any = Response
    for part in loc:
        if isinstance(part, int):
            continue
        field = model.model_fields.get(part) if _is_model(model) else None
        if field is None:
            return []
        model = _model_in(field.annotation)
        if model is None:
            return []
    return list(model.model_fields) if _is_model(model) else []


def _is_model(obj: Any) -> bool:
    return isinstance(obj, type) and issubclass(obj, BaseModel)


def _model_in(annotation: Any) -> Any:
    if _is_model(annotation):
        return annotation
    for arg in typing.get_args(annotation):
        found = _model_in(arg)
        if found is not None:
            return found
    return None
