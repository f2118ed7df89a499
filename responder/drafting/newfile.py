"""Start a new response: the few facts needed, from flags or prompts, into a valid file."""

from __future__ import annotations

import datetime as dt
from pathlib import Path
from typing import Any, Literal

from pydantic import BaseModel, ConfigDict, ValidationError

from ..errors import InputError, UsageError
from ..response.model import Addressee, Body, Force, Letter, Report, Response
from ..response.roundtrip import build_tree, dump, to_plain
from ..response.validation import problems_from
from ..response.writing import write_new
from .profile import HOME_OFFICE, Office, complete

REQUIRED = ("body", "force", "title")



class NewResponse(BaseModel):
    """The answers `responder new` needs; every route (flags, prompts) is validated here."""

    model_config = ConfigDict(extra="forbid", str_strip_whitespace=True)

    body: str
    holder: str | None = None
    role: str | None = None
    short_role: str | None = None
    force: str
    force_short: str | None = None
    chief: str | None = None
    title: str
    published: dt.date | None = None
    kind: Literal["peel", "thematic", "joint", "other"] | None = None
    grades: Literal["peel-2014", "peel-2021", "none"] | None = None
    shape: Literal["letter", "statement"] | None = None

    @staticmethod
    def missing(values: dict[str, Any]) -> list[str]:
        return [name for name in REQUIRED if not (values.get(name) or "").strip()]

    def to_response(self) -> Response:
        kind = self.kind or ("peel" if "peel" in self.title.lower() else "other")
        grades = self.grades or ("peel-2021" if kind == "peel" else "none")
        letter = None
        if self.shape == "letter":
            letter = Letter(
                to=Addressee(name="Home Secretary", role="Home Secretary", address=HOME_OFFICE),
                salutation="Dear Home Secretary",
                sign_off="Yours sincerely",
                cc=["His Majesty's Chief Inspector of Constabulary"],
            )
        return Response(
            body=Body(name=self.body, holder=self.holder, role=self.role,
                      short_role=self.short_role or _initials(self.role or _office(self.body))),
            force=Force(name=self.force, short_name=self.force_short or _initials(self.force),
                        chief=self.chief, chief_role="Chief Constable"),
            report=Report(title=self.title, published=self.published, kind=kind, grades=grades),
            letter=letter,
        )


def answers_from(values: dict[str, Any]) -> NewResponse:
    """Validate the answers, whichever route they came by."""
    try:
        return NewResponse.model_validate({k: v for k, v in values.items() if v not in (None, "")})
    except ValidationError as exc:
        problem = problems_from(exc)[0]
        raise UsageError(f"new: {problem.where}: {problem.message}") from None


def _office(body: str) -> str:
    """'Office of the Police and Crime Commissioner for Wessex' -> 'Police and Crime Commissioner…'."""
    for prefix in ("office of the ", "office of "):
        if body.lower().startswith(prefix):
            return body[len(prefix):]
    return body


def _initials(name: str | None) -> str | None:
    if not name:
        return None
    # "Police and Crime Commissioner for Wessex" -> "PCC": the place is not part of the label.
    name = name.split(" for ")[0]
    small = {"and", "of", "the", "&"}
    letters = "".join(word[0] for word in name.replace("-", " ").split() if word.lower() not in small)
    return letters.upper() or None


def create(path: Path, answers: NewResponse, *, office: Office | None = None,
           used: list[str] | None = None) -> Response:
    """Write the new response; ``office`` fills what the answers leave (keys named in ``used``)."""
    if path.suffix.lower() not in (".yaml", ".yml"):
        raise InputError(path, "a response file's name should end in .yaml")
    response = answers.to_response()
    if office is not None:
        for key in complete(response, office):
            if used is not None and key not in used:
                used.append(key)
    try:
        Response.model_validate(response.model_dump())
    except ValidationError as exc:  # pragma: no cover - the fields above are validated already
        raise InputError(path, problems_from(exc)[0].message) from None
    write_new(path, dump(build_tree(to_plain(response))))
    return response
