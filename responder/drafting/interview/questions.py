"""The questions `responder new` and `responder profile` ask, before any response exists."""

from __future__ import annotations

from pathlib import Path
from typing import Any

import questionary

from ...dates import parse_date
from ...errors import ResponderError
from ...screen import STYLE, show
from .prompts import _session, ask


class Cancelled(ResponderError):
    exit_code = 130

    def __init__(self) -> None:
        super().__init__("cancelled; nothing was written")


def _valid_date(text: str) -> bool | str:
    if not text.strip():
        return True
    try:
        parse_date(text)
    except ValueError as exc:
        return f"{exc}, or leave it empty"
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
                "Date the report was published (e.g. 1 November 2025 or 01/11/2025; "
                "leave empty if not yet known):",
                validate=_valid_date, **io,
            )).strip()
            values["published"] = parse_date(answer) if answer else None
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


# ---------------------------------------------------------------- the office profile

# (table, key, question, default when the profile has none); address-like lists are typed
# on one line, separated by commas.
PROFILE_QUESTIONS: tuple[tuple[str, str, str, str], ...] = (
    ("body", "name", "Name of the office (e.g. Office of the Police and Crime Commissioner "
                     "for Wessex):", ""),
    ("body", "role", "The commissioner's role (e.g. Police and Crime Commissioner for Wessex):", ""),
    ("body", "short_role", "Short label for the commissioner's comments (e.g. PCC):", ""),
    ("body", "holder", "Who holds the office, as they sign letters (e.g. Jane Smith):", ""),
    ("body", "address", "The office's postal address, lines separated by commas:", ""),
    ("body", "website", "The office's website (where responses are published):", ""),
    ("body", "reference", "Your reference on these letters (optional, e.g. JS/HMICFRS):", ""),
    ("force", "name", "The police force (e.g. Wessex Police):", ""),
    ("force", "short_name", "Short label for the force's comments (e.g. WP):", ""),
    ("force", "chief", "The chief officer's name:", ""),
    ("force", "chief_role", "The chief officer's title:", "Chief Constable"),
    ("letter.to", "name", "Covering letters go to (name):",
     "The Rt Hon the Secretary of State for the Home Department"),
    ("letter.to", "role", "Their role:", "Home Secretary"),
    ("letter.to", "address", "Their address, lines separated by commas:",
     "Home Office, 2 Marsham Street, London, SW1P 4DF"),
    ("letter", "cc", "Copied to (several separated by semicolons):",
     "His Majesty's Chief Inspector of Constabulary"),
    ("letter", "sign_off", "Sign-off:", "Yours sincerely"),
    ("", "letterhead", "Your letterhead, a Word .docx or .dotx file (leave empty for "
                       "responder's plain style):", ""),
    ("committee", "name", "The committee your HMICFRS update paper goes to:",
     "Joint Audit Committee"),
    ("committee", "classification", "The paper's classification (e.g. OFFICIAL, or leave "
                                    "empty):", ""),
    ("committee", "contact", "The paper's contact officer (name):", ""),
    ("committee", "contact_role", "The contact officer's title:", ""),
    ("committee", "contact_email", "The contact officer's email (optional):", ""),
)
LIST_SEPARATORS = {"address": ",", "cc": ";"}


def _valid_letterhead(text: str) -> bool | str:
    name = text.strip().strip('"').strip("'")
    if not name:
        return True
    path = Path(name).expanduser()
    if path.suffix.lower() not in (".docx", ".dotx"):
        return "Give a Word document (.docx) or Word template (.dotx), or leave it empty"
    if not path.is_file():
        return "There is no such file; check the path, or leave it empty"
    return True


def ask_profile(current: dict[str, Any], *, input: Any = None, output: Any = None) -> dict[str, Any]:
    """Ask every profile question, offering what the profile holds (Enter keeps it).

    ``current`` and the result are plain nested data under [office]'s key names.
    Ctrl-C cancels and nothing is written.
    """
    answers: dict[str, Any] = {}
    with _session(input, output):
        show(("note", "Enter keeps what is shown; delete it to leave a line empty. "
                      "Ctrl-C stops without saving."))
        try:
            for table, key, question, fallback in PROFILE_QUESTIONS:
                holder = current
                for part in filter(None, table.split(".")):
                    holder = holder.get(part, {}) if isinstance(holder, dict) else {}
                value = holder.get(key) if isinstance(holder, dict) else None
                sep = LIST_SEPARATORS.get(key)
                shown = f"{sep} ".join(value) if sep and isinstance(value, list) else (value or "")
                if not shown and not current:
                    shown = fallback
                if table == "body" and key == "short_role" and not shown:
                    from ..newfile import _initials

                    shown = _initials(answers.get("body", {}).get("role")) or ""
                text = ask(questionary.text(
                    question, default=str(shown), style=STYLE,
                    validate=_required if (key == "name" and table == "body") else (
                        _valid_letterhead if key == "letterhead" else None),
                )).strip()
                if key == "letterhead":
                    text = text.strip('"').strip("'")
                out = answers
                for part in filter(None, table.split(".")):
                    out = out.setdefault(part, {})
                out[key] = [part.strip() for part in text.split(sep) if part.strip()] if sep \
                    else (text or None)
        except KeyboardInterrupt:
            raise Cancelled() from None
    return answers
