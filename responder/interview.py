"""Questions asked at the terminal (questionary). The only module that imports it."""

from __future__ import annotations

import datetime as dt
from typing import Any

import questionary

from .errors import ResponderError


class Cancelled(ResponderError):
    exit_code = 130

    def __init__(self) -> None:
        super().__init__("cancelled; nothing was written")


def _valid_date(text: str) -> bool | str:
    if not text.strip():
        return True
    try:
        dt.date.fromisoformat(text.strip())
    except ValueError:
        return "Write the date as YYYY-MM-DD, e.g. 2025-11-01, or leave it empty"
    return True


def _required(text: str) -> bool | str:
    return True if text.strip() else "This one is needed"


def ask_new_response(values: dict[str, Any], *, input: Any = None, output: Any = None) -> dict[str, Any]:
    """Ask for what the flags did not give; Ctrl-C cancels without writing anything."""
    values = dict(values)
    io = {"input": input, "output": output} if input is not None else {}

    def ask(question: Any) -> Any:
        answer = question.unsafe_ask()
        return answer

    def text(key: str, message: str, *, required: bool = False, default: str = "") -> None:
        if values.get(key):
            return
        values[key] = ask(questionary.text(
            message, default=default, validate=_required if required else None, **io
        )).strip() or None

    try:
        text("body", "Local policing body (e.g. Office of the PCC for Wessex):",
             required=True)
        text("holder", "Name of the commissioner (or mayor, or chair):")
        text("role", "Their role (e.g. Police and Crime Commissioner for Wessex):")
        text("force", "Police force (e.g. Wessex Police):", required=True)
        text("title", "Title of the inspection report:", required=True)
        if not values.get("published"):
            answer = ask(questionary.text(
                "Date the report was published (YYYY-MM-DD; leave empty if not yet known):",
                validate=_valid_date, **io,
            )).strip()
            values["published"] = dt.date.fromisoformat(answer) if answer else None
        if not values.get("shape"):
            values["shape"] = ask(questionary.select(
                "What will you publish?",
                choices=[
                    questionary.Choice("A covering letter to the Home Secretary, with an appendix",
                                       value="letter"),
                    questionary.Choice("A published statement", value="statement"),
                ], **io,
            ))
    except KeyboardInterrupt:
        raise Cancelled() from None
    return values
