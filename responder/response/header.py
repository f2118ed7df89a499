"""Read just the head of a response file: its version, ``report`` and ``process``.

``responder deadline`` needs only the publication date and the process dates,
which sit near the top of every file, and a calendar script must not lose a
deadline because someone left a YAML mistake in a comment further down. So we
read only as far as ``responder``, ``report`` and ``process`` and stop there.
(Speed is the other reason: libyaml's events are read only until the three keys
are in, see quickyaml.) Everything else about reading stays as in ``store``: the same
size, binary and encoding checks, aliases refused, nesting limited, and errors
that name the file, line and field. The rest of the file is not checked here;
``responder validate`` and ``responder check`` do that.

A file of an older or newer format version goes through ``reading.read`` instead,
so migrations and version messages live in one place.
"""

from __future__ import annotations

from pathlib import Path
from typing import Any

from pydantic import BaseModel, ConfigDict, Field, ValidationError
from ruamel.yaml import YAML
from ruamel.yaml.error import YAMLError
from ruamel.yaml.events import (
    MappingEndEvent,
    MappingStartEvent,
    SequenceEndEvent,
    SequenceStartEvent,
    StreamEndEvent,
)
from ruamel.yaml.nodes import MappingNode, ScalarNode

from ..errors import ValidationFailed
from . import quickyaml, reading, roundtrip
from .model import FORMAT_VERSION, Process, Report
from .validation import date_problems, problems_from

WANTED = frozenset({"responder", "force", "report", "process"})
# The versions whose head (report, process, force) reads as the current one does: format 2
# changed only the register.
HEAD_VERSIONS = frozenset({1, 2})


class Header(BaseModel):
    """The parts of a response that say when things are due and what has been done."""

    model_config = ConfigDict(extra="ignore")

    responder: int = FORMAT_VERSION
    report: Report
    process: Process = Field(default_factory=Process)
    force: Any = None  # as written; its name tells two copies of one response apart
    report_line: int | None = None  # where ``report:`` is, to point at a missing date


class _HeadComposer(roundtrip._Composer):
    """Composes only the top-level keys in WANTED, and stops once it has them all."""

    def get_single_node(self) -> Any:
        self.parser.get_event()  # stream start
        if self.parser.check_event(StreamEndEvent):
            return None
        self.anchors = {}
        self.parser.get_event()  # document start
        return self.compose_node(None, None)

    def compose_mapping_node(self, anchor: Any) -> Any:
        if self.depth != 1:  # only the top-level mapping is cut short
            return super().compose_mapping_node(anchor)
        start = self.parser.get_event()
        tag = self.resolver.resolve(MappingNode, None, start.implicit)
        node = MappingNode(tag, [], start.start_mark, start.end_mark,
                           flow_style=start.flow_style, comment=start.comment, anchor=anchor)
        found: set[str] = set()
        while found != WANTED and not self.parser.check_event(MappingEndEvent):
            key = self.compose_node(node, None)
            name = key.value if isinstance(key, ScalarNode) else None
            if name in WANTED and name not in found:
                node.value.append((key, self.compose_node(node, key)))
                found.add(name)
            else:
                self._skip_node()
        return node

    def _skip_node(self) -> None:
        """Consume one node's events without building anything (aliases included)."""
        depth = 0
        while True:
            event = self.parser.get_event()
            if isinstance(event, MappingStartEvent | SequenceStartEvent):
                depth += 1
            elif isinstance(event, MappingEndEvent | SequenceEndEvent):
                depth -= 1
            if depth == 0:
                return


def _round_trip_yaml() -> Any:
    yaml = roundtrip.make_yaml()
    yaml.Composer = _HeadComposer
    return yaml


def _safe_yaml() -> Any:
    # Plain dicts, no comment tracking: about half the time of the round-trip loader.
    yaml = YAML(typ="safe", pure=True)
    yaml.Composer = _HeadComposer
    yaml.max_depth = roundtrip.MAX_DEPTH
    return yaml


def parse_head(text: str, path: Path) -> Any:
    """The top-level WANTED keys of ``text`` as a round-trip tree (so lines are known)."""
    return reading.parse(text, path, _round_trip_yaml())


def read_header(path: Path | str, raw: bytes | None = None) -> Header:
    """The version, report and process of a response file, checked as ``reading.read`` would.

    The quick safe loader reads good files; anything it stumbles on is read again
    with the round-trip loader, which knows lines and columns, to say where.
    """
    path = Path(path)
    text = reading.read_text(path) if raw is None else reading.decode(raw, path)
    tree = quickyaml.load(text, wanted=WANTED)  # libyaml's events, stopping after the head
    if tree is None:  # something unusual: the pure-Python readers say what and where
        try:
            tree = _safe_yaml().load(text)
        except (YAMLError, ValueError, TypeError, RecursionError):
            tree = parse_head(text, path)  # raises with the line; a tree if the loaders differ
    version = tree.get("responder") if isinstance(tree, dict) else None
    if isinstance(version, bool) or version not in HEAD_VERSIONS:
        # Not a current response: the full reader gives the right message, or migrates it.
        response = reading.read(path, raw)
        return Header(report=response.report, process=response.process,
                      force=response.force.model_dump())
    try:
        header = Header.model_validate(tree)
    except ValidationError:
        located = parse_head(text, path)
        try:
            header = Header.model_validate(located)
        except ValidationError as exc:
            raise ValidationFailed(path, problems_from(exc, located)) from None
    if date_problems(header):
        # A date no response can have (out of range, or before the report): name its line.
        raise ValidationFailed(path, date_problems(header, parse_head(text, path)))
    if header.report.published is None:
        # No deadline without it: find the line of ``report:`` so the message can point there.
        located = parse_head(text, path)
        lc = getattr(located, "lc", None)
        if lc is not None and "report" in located:
            header.report_line = lc.key("report")[0] + 1
    return header
