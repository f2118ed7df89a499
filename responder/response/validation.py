"""Turn what is wrong in a hand-edited file into lines a policy officer can act on.

``sections[2].findings[0].kind: 'opinion' is not one of area_for_improvement,
recommendation, cause_of_concern`` rather than pydantic's own wording, with the
line in the file when the parsed tree knows it. Also here, because they are the
mistakes people make typing into a file by hand:

- YAML syntax errors explained (``explain_syntax``): an unquoted colon, a leading
  bracket or quote mark — "put the text in quotes", with an example to copy;
- dates no response can have (``date_problems``): outside ``dates.EARLIEST`` ..
  ``dates.LATEST``, or a response published (or copies sent) before the report was;
- values that are only a comment (``comment_only_values``): ``commissioner: # to do``
  is an empty value to YAML; ``check`` warns about each one.
"""

from __future__ import annotations

import datetime as dt
import difflib
import functools
import re
import typing
from collections.abc import Iterator, Sequence
from dataclasses import dataclass
from typing import Any

from pydantic import BaseModel, ValidationError

from ..dates import EARLIEST, LATEST, long_date, parse_date
from ..errors import Problem
from .model import Passage, Response


def format_loc(loc: Sequence[Any]) -> str:
    out = ""
    for part in loc:
        if isinstance(part, int):
            out += f"[{part}]"
        else:
            out += ("." if out else "") + str(part)
    return out


_TWICE = re.compile(r"^the id '(?P<id>[^']*)' is used twice")


def problems_from(error: ValidationError, tree: Any = None) -> list[Problem]:
    problems = []
    for item in error.errors(include_url=False):
        loc = tuple(item["loc"])
        message = _message(item, loc)
        twice = _TWICE.match(message) if loc == ("sections",) else None
        if twice is not None:
            problems.append(_duplicate_id(twice["id"], tree, message))
            continue
        line, column = position(tree, loc)
        problems.append(Problem(message, format_loc(loc), line, column))
    return problems


def _duplicate_id(ref: str, tree: Any, message: str) -> Problem:
    """An id used twice, named where it is used the second time (not at ``sections:``)."""
    places = sorted(((position(tree, loc), loc) for loc in _id_locs(tree, ref)),
                    key=lambda place: place[0][0] or 0)
    if len(places) < 2 or places[0][0][0] is None:  # no line numbers: a plain tree
        return Problem(message, "sections", *position(tree, ("sections",)))
    (first, _), _ = places[0]
    (line, column), loc = places[1]
    return Problem(f"the id {ref!r} is used twice (first on line {first}); ids must be "
                   "unique — change this one", format_loc(loc), line, column)


def _id_locs(tree: Any, ref: str) -> Iterator[tuple[Any, ...]]:
    """Where ``id: ref`` is written in the tree, for every section and finding."""
    def visit(node: Any, loc: tuple[Any, ...]) -> Iterator[tuple[Any, ...]]:
        if isinstance(node, dict):
            if str(node.get("id")) == ref and ("title" in node or "kind" in node
                                               or "text" in node):
                yield (*loc, "id")
            for key in ("sections", "findings", "recommendations"):
                yield from visit(node.get(key), (*loc, key))
        elif isinstance(node, list):
            for index, item in enumerate(node):
                yield from visit(item, (*loc, index))

    if isinstance(tree, dict):
        yield from visit(tree.get("sections"), ("sections",))


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
        return _bad_date(value)
    if kind in ("string_type",):
        return _text_expected(value, loc)
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
        if _model_at(loc) is Passage and isinstance(value, int | float | bool):
            return _text_expected(value, loc)  # a comment (``commissioner: 2017``) is text
        return f"expected key: value lines here, got {_describe(value)}"
    if kind in ("list_type", "tuple_type"):
        return f"expected a list (lines starting '- '), got {_describe(value)}"
    if kind == "value_error":
        return str(ctx.get("error", item["msg"]))
    return str(item["msg"])


def _bad_date(value: Any) -> str:
    """A date the file cannot hold; typed the way people write dates, say the ISO form."""
    if value is not None and not isinstance(value, dt.date):
        try:
            day = parse_date(str(value))
        except ValueError:
            pass
        else:
            if not re.match(r"^\s*\d{4}-", str(value)):
                return (f"{_show(value)}: dates in the file are written year first; "
                        f"write {day.isoformat()} for {long_date(day)}")
    return f"{_show(value)} is not a real date (write dates as YYYY-MM-DD, e.g. 2018-02-05)"


def _text_expected(value: Any, loc: tuple[Any, ...]) -> str:
    """A number or true/false where text belongs: YAML read it as a number; quotes keep it text."""
    shown = str(value).lower() if isinstance(value, bool) else str(value)
    key = f"{loc[-1]}: " if loc and isinstance(loc[-1], str) else "- "
    return (f"expected text, got {_describe(value)}; to write it as text, put it in "
            f"quotes: {key}\"{shown}\"")


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
    model = _model_at(loc)
    return list(model.model_fields) if _is_model(model) else []


def _model_at(loc: Sequence[Any]) -> Any:
    """The model class a value at ``loc`` should be (None when not a model)."""
    model: Any = Response
    for part in loc:
        if isinstance(part, int):
            continue
        field = model.model_fields.get(part) if _is_model(model) else None
        if field is None:
            return None
        model = _model_in(field.annotation)
        if model is None:
            return None
    return model


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


# ---------------------------------------------------------------- dates no response can have


def date_problems(model: BaseModel, tree: Any = None) -> list[Problem]:
    """Dates that cannot be right, in a Response (or anything with ``report`` and
    ``process``): out of the range dates.EARLIEST..LATEST, or the response published or
    its copies sent before the report itself was published. ``check`` warns about the
    dates that are merely out of order."""
    problems = []
    for loc, day in _dates(model, ()):
        if not EARLIEST <= day <= LATEST:
            line, column = position(tree, loc)
            problems.append(Problem(
                f"{day.isoformat()} is out of range: dates must fall between "
                f"{EARLIEST.year} and {LATEST.year} (a typing slip?)",
                format_loc(loc), line, column))
    if problems:
        return problems
    report, process = getattr(model, "report", None), getattr(model, "process", None)
    published = getattr(report, "published", None)
    if published is None or process is None:
        return problems
    after_report = (
        (("process", "response_published"), process.response_published,
         "the response cannot be published before the report it answers"),
        (("process", "copies_sent", "inspectorate"), process.copies_sent.inspectorate,
         "copies of the response cannot be sent before the report is published"),
        (("process", "copies_sent", "home_secretary"), process.copies_sent.home_secretary,
         "copies of the response cannot be sent before the report is published"),
    )
    for loc, day, why in after_report:
        if day is not None and day < published:
            line, column = position(tree, loc)
            problems.append(Problem(
                f"{long_date(day)} is before report.published ({long_date(published)}): "
                f"{why}; correct whichever date is wrong", format_loc(loc), line, column))
    return problems


def _dates(value: Any, loc: tuple[Any, ...]) -> Iterator[tuple[tuple[Any, ...], dt.date]]:
    if isinstance(value, dt.date):
        yield loc, value
    elif isinstance(value, BaseModel):
        for name in _fields_with_dates(type(value)):
            item = getattr(value, name)
            if item is not None and not isinstance(item, str | int):
                yield from _dates(item, (*loc, name))
    elif isinstance(value, list):
        for index, item in enumerate(value):
            yield from _dates(item, (*loc, index))


@functools.cache
def _fields_with_dates(model: type[BaseModel]) -> tuple[str, ...]:
    """The fields of ``model`` that can hold a date, directly or further down: a response
    has thousands of text fields, and walking them all is most of what _dates costs."""
    return tuple(name for name, info in model.model_fields.items()
                 if _may_hold_date(info.annotation, (model,)))


_NO_DATES = (str, int, float, bool, type(None))


def _may_hold_date(annotation: Any, seen: tuple[type, ...]) -> bool:
    if isinstance(annotation, type) and issubclass(annotation, BaseModel):
        if annotation in seen:
            return True  # a model inside itself (a finding's recommendations): keep walking
        return any(_may_hold_date(info.annotation, (*seen, annotation))
                   for info in annotation.model_fields.values())
    if typing.get_origin(annotation) is typing.Literal:
        return False
    if isinstance(annotation, type) and issubclass(annotation, _NO_DATES):
        return False
    args = typing.get_args(annotation)
    if not args:
        return True  # an annotation not understood here: walk it, as before
    if typing.get_origin(annotation) is typing.Annotated:
        args = args[:1]
    return any(_may_hold_date(arg, seen) for arg in args)


# ---------------------------------------------------------------- YAML mistakes in plain words

# ``  - commissioner: Our view: we agree`` -> indent, key, value
_KEY_VALUE = re.compile(r"^(?P<indent>\s*(?:-\s+)?)(?P<key>[A-Za-z_][\w-]*):[ \t]+(?P<value>\S.*?)\s*$")
_SYNTAX = (
    "mapping values are not allowed", "expected <block end>", "cannot start any token",
    "sequence entries are not allowed", "while scanning a quoted scalar",
    "while parsing a flow", "expected ',' or ']'", "expected ',' or '}'",
    "did not find expected", "could not find expected",
)


def explain_syntax(problem: str, text: str, line: int | None) -> tuple[str, int | None] | None:
    """A YAML syntax error on a ``key: text`` line, in plain words with an example to copy:
    (message, line), or None when it is some other mistake."""
    if line is None:
        return None
    lines = text.splitlines()
    if "'\\t'" in problem or "\t" in problem:
        return _tab(lines, line)
    if not any(marker in problem for marker in _SYNTAX):
        return None
    if "could not find expected ':'" in problem:
        # A paragraph pasted with a line break: its second line is no key, nor indented.
        for number in (line - 1, line):
            if 1 <= number <= len(lines) and _is_stray(lines[number - 1]):
                return ("this line is not a 'key: value' line; if it continues the text "
                        "above it, join it to that line (a paragraph stays on one line), "
                        "or indent it further than that text's key", number)
    # The error is often found on the line after the one at fault (an unclosed quote or
    # bracket runs on): look at the marked line and the key: value line above it.
    for number in (line, line - 1):
        if not 1 <= number <= len(lines):
            continue
        match = _KEY_VALUE.match(lines[number - 1])
        if match is None:
            continue
        value = match["value"]
        why = _why_quotes(value)
        if why is None:
            continue
        key = match["key"]
        if key in _STRUCTURE_KEYS or (key == "force" and not match["indent"]):
            return (f"{key}: {why}; {key} holds indented key: value lines or a list, "
                    "not text on its own line (see docs/format.md)", number)
        if key in _date_keys():
            return f"{key}: {why}; write the date as YYYY-MM-DD, e.g. {key}: 2025-11-01", number
        return (f"{key}: {why}; put the whole text in quotes, e.g. "
                f"{key}: {_quoted_example(value)}", number)
    return None


def _tab(lines: list[str], line: int) -> tuple[str, int]:
    """A Tab where YAML wants spaces (Notepad's Tab key): the words, not the parser's."""
    text = lines[line - 1] if 1 <= line <= len(lines) else ""
    indent = text[: len(text) - len(text.lstrip(" \t"))]
    if "\t" in indent or "\t" not in text:
        return (f"line {line} is indented with a Tab; YAML needs spaces — replace the Tab "
                "with spaces, lining up with the line above", line)
    return (f"line {line} has a Tab where YAML needs a space (column {text.index(chr(9)) + 1}); "
            "replace the Tab with a space", line)


# Keys that hold key: value lines or a list, never text of their own.
_STRUCTURE_KEYS = frozenset({
    "body", "report", "process", "letter", "commentary", "sections", "findings",
    "recommendations", "copies_sent", "withheld", "tracking", "updates", "action", "to",
    "address", "points", "cc",
})


@functools.cache
def _date_keys() -> frozenset[str]:
    """Every key that holds a date, anywhere in the format."""
    keys: set[str] = set()
    todo: list[Any] = [Response]
    seen: set[Any] = set()
    while todo:
        model = todo.pop()
        if model in seen:
            continue
        seen.add(model)
        for name, field in model.model_fields.items():
            if dt.date in typing.get_args(field.annotation) or field.annotation is dt.date:
                keys.add(name)
            inner = _model_in(field.annotation)
            if inner is not None:
                todo.append(inner)
    return frozenset(keys)


def _is_stray(text: str) -> bool:
    stripped = text.strip()
    return bool(stripped) and not stripped.startswith(("#", "-")) and \
        _KEY_VALUE.match(text) is None and not re.match(r"^\s*[\w-]+:\s*(#.*)?$", text)


def _why_quotes(value: str) -> str | None:
    first = value[0]
    if first in "[{":
        closing = "]" if first == "[" else "}"
        what = "list" if first == "[" else "set of key: value pairs"
        if closing not in value:
            return f"{first!r} starts a {what} that is never closed with {closing!r}"
        return f"text starting with {first!r} is read as a {what} up to the {closing!r}"
    if first in "\"'":
        if len(value) > 1 and value.endswith(first):
            return None  # a quoted value: the mistake is elsewhere
        return f"text starting with a quote mark ({first}) must end with the same quote mark"
    if value.startswith("- ") or value == "-":
        return "text starting with '- ' is read as a list"
    if first in "@`%!&*|>":
        return f"text cannot start with {first!r} unless it is in quotes"
    if re.search(r":(\s|$)", value):
        return "the text holds a colon followed by a space (': '), which reads as a new key"
    if " #" in value:
        return "' #' starts a comment, so the text after it would be lost"
    return None


def _quoted_example(value: str, width: int = 60) -> str:
    shown = value if len(value) <= width else value[: width - 1].rstrip() + "…"
    if '"' not in shown:
        return f'"{shown}"'
    if "'" not in shown:
        return f"'{shown}'"
    return '"' + shown.replace("\\", "\\\\").replace('"', '\\"') + '"'


# ---------------------------------------------------------------- values that are only a comment


@dataclass(frozen=True)
class Blank:
    """A value a hand edit left different from what was typed, because of a ``#``:

    - ``key: # to do`` — the value is only a comment, so it is empty (``cut`` is None);
    - ``commissioner: Agreed — see #3 for detail`` — a plain text stops before `` #``, and
      the rest is a comment, not part of the text (``cut`` is the text that was kept).
    """

    loc: tuple[Any, ...]
    line: int  # 1-based
    comment: str
    cut: str | None = None

    @property
    def where(self) -> str:
        return format_loc(self.loc)


_COMMENT_ONLY = re.compile(r"^[ \t]*(?:-[ \t]+)?[A-Za-z_][\w-]*:[ \t]+#(?P<comment>.*)$", re.MULTILINE)
# Prose keys only: a comment after a date or a status is how people annotate files.
_TEXT_THEN_COMMENT = re.compile(
    r"^[ \t]*(?:-[ \t]+)?(?:force|commissioner|text|explanation|summary|note|subject|opening|"
    r"body|closing|title):[ \t]+(?P<text>[^\s\"'|>#].*?)[ \t]+#(?P<comment>.*)$", re.MULTILINE)


def comment_only_values(text: str, tree: Any = None) -> list[Blank]:
    """Every key whose value is only a comment (``commissioner: # to do``), and every text
    cut short by `` #`` (a comment), in file order.

    A quick scan of the text finds candidates; only when there are some is the text
    parsed (or ``tree``, a round-trip tree, used) to keep those that really are so —
    a ``report:  # from the cover`` above its own lines is not empty.
    """
    if " #" not in text and "\t#" not in text:
        return []  # both patterns need a comment after white space: most files have none

    def line_of(match: re.Match[str]) -> int:
        return text.count("\n", 0, match.start()) + 1

    empty = {line_of(match): match["comment"].strip() for match in _COMMENT_ONLY.finditer(text)}
    cut = {line_of(match): (match["text"].strip(), match["comment"].strip())
           for match in _TEXT_THEN_COMMENT.finditer(text)}
    if not empty and not cut:
        return []
    if tree is None:
        from .roundtrip import make_yaml

        try:
            tree = make_yaml().load(text)
        except Exception:  # a file that does not parse has louder problems to report
            return []
    found = []
    for loc, line, value in _keys(tree, ()):
        # A bare ``withheld:`` marks a passage withheld whatever follows it: not a blank.
        if value is None and line in empty and loc[-1] != "withheld":
            found.append(Blank(loc, line, empty[line]))
        elif isinstance(value, str) and line in cut and value.strip() == cut[line][0]:
            found.append(Blank(loc, line, cut[line][1], cut=value.strip()))
    return sorted(found, key=lambda blank: blank.line)


def _keys(node: Any, loc: tuple[Any, ...]) -> Iterator[tuple[tuple[Any, ...], int, Any]]:
    """(loc, line, value) of every key whose value is empty or text, in a round-trip tree."""
    lc = getattr(node, "lc", None)
    if isinstance(node, dict):
        for key, value in node.items():
            if (value is None or isinstance(value, str)) and lc is not None:
                yield (*loc, key), lc.key(key)[0] + 1, value
            else:
                yield from _keys(value, (*loc, key))
    elif isinstance(node, list):
        for index, value in enumerate(node):
            yield from _keys(value, (*loc, index))
