"""Printing the interview's screens: wrapped text, a few styles, fitting the terminal.

Colour only decorates (NO_COLOR turns it off, through prompt_toolkit); every line
reads the same without it. Output goes to the current prompt_toolkit session, so
tests can capture it.
"""

from __future__ import annotations

import re
import textwrap

from prompt_toolkit import print_formatted_text
from prompt_toolkit.application import get_app_or_none, get_app_session
from prompt_toolkit.formatted_text import FormattedText
from prompt_toolkit.styles import Style

STYLE = Style([
    ("qmark", "bold"),
    ("question", "bold"),
    ("answer", "bold"),
    ("pointer", "bold"),
    ("highlighted", "bold"),
    ("instruction", "italic"),
    ("rule", ""),
    ("crumb", "bold ansicyan"),
    ("heading", "bold"),
    ("label", "bold"),
    ("note", "italic"),
    ("saved", "ansigreen"),
    ("warning", "bold ansiyellow"),
])

MAX_WIDTH = 100
NUMBERED = re.compile(r"^\d{1,3}[.)] ")


def screen_width() -> int:
    try:
        columns = get_app_session().output.get_size().columns
    except Exception:  # noqa: BLE001 - some outputs cannot tell; 80 is the safe guess
        columns = 80
    return max(40, min(MAX_WIDTH, columns or 80))


def wrap(text: str, indent: str = "  ", width: int | None = None) -> list[str]:
    """Wrap Markdown-ish text for the screen, keeping paragraphs and bullets."""
    width = width or screen_width()
    lines: list[str] = []
    for raw in text.strip().splitlines():
        stripped = raw.strip()
        if not stripped:
            lines.append("")
            continue
        bullet = ""
        for mark in ("- ", "* ", "• "):
            if stripped.startswith(mark):
                bullet, stripped = "• ", stripped[len(mark):]
        number = NUMBERED.match(stripped)
        if number:
            bullet, stripped = number.group(0), stripped[number.end():]
        hang = indent + " " * len(bullet)
        lines.extend(textwrap.wrap(stripped, width=width - 1, initial_indent=indent + bullet,
                                   subsequent_indent=hang) or [indent])
    return lines


Line = list[tuple[str, str]]


def block(lines: list[str], style: str = "") -> list[Line]:
    return [[(style, line)] for line in lines]


def shorten(lines: list[str], room: int, where: str) -> list[str]:
    if len(lines) <= room:
        return lines
    return [*lines[:max(1, room - 1)], f"  … (shortened here; {where})"]


def screen_rows() -> int:
    try:
        rows = get_app_session().output.get_size().rows
    except Exception:  # noqa: BLE001 - some outputs cannot tell
        rows = 24
    return max(20, rows or 24)


def show(*parts: tuple[str, str] | str) -> None:
    """Print one line made of (style, text) parts; plain strings are unstyled."""
    fragments = [("", p) if isinstance(p, str) else (f"class:{p[0]}" if p[0] else "", p[1])
                 for p in parts]
    if get_app_or_none() is not None:  # a prompt is up: print above it, as prompt_toolkit does
        print_formatted_text(FormattedText(fragments), style=STYLE)
        return
    # What print_formatted_text does, with the styles merged once per process rather than on
    # every line: it builds prompt_toolkit's whole default style afresh on each call, a fifth
    # of the interview's time between two answers.
    from prompt_toolkit.renderer import print_formatted_text as render

    output = get_app_session().output
    render(output, [*fragments, ("", "\n")], _merged_style(),
           color_depth=output.get_default_color_depth())


_MERGED: list = []


def _merged_style():  # type: ignore[no-untyped-def]
    if not _MERGED:
        from prompt_toolkit.styles import default_ui_style, merge_styles

        _MERGED.append(merge_styles([default_ui_style(), STYLE]))
    return _MERGED[0]


def show_block(lines: list[str], style: str = "") -> None:
    for line in lines:
        show((style, line) if style else line)
