"""The Welsh beside each part of a response file: the ``cy:`` blocks, as pydantic models.

An office that publishes in Welsh and English (``languages: [cy, en]``) keeps the Welsh of each
passage next to its English, as docs/format.md (Welsh and English) sets out; the parts of the
file (model.py) hold these blocks under ``cy``. Pure: no I/O.
"""

from __future__ import annotations

from typing import Annotated

from pydantic import BaseModel, ConfigDict, Field, StringConstraints

# As model.Strict and model.Text (model.py imports this module, so they are not imported
# from there): unknown keys are errors; surrounding white space is noise from pasting.
Text = Annotated[str, StringConstraints(strip_whitespace=True)]


class Strict(BaseModel):
    model_config = ConfigDict(extra="forbid", validate_assignment=True, str_strip_whitespace=True)


class Translation(Strict):
    """The Welsh of one passage the office publishes, and the English it translated.

    ``en`` is the English exactly as it stood when it was translated: when the English
    changes afterwards, the two no longer match and the Welsh is out of date (`check
    --final` refuses it, `translate make` hands it back to the translator with the old and
    the new English). Written in the file as ``{text: …, en: …}``.
    """

    text: Text = ""
    en: Text = ""

    def is_current(self, english: str) -> bool:
        return bool(self.text.strip()) and same_words(self.en) == same_words(english)

    def __bool__(self) -> bool:
        return bool(self.text.strip())


def same_words(text: str) -> str:
    """Text compared for staleness: a re-wrapped line or trailing space is no change."""
    return " ".join((text or "").split())


class BodyCy(Strict):
    """The body's names in Welsh (from the office profile's ``[office.body.cy]``)."""

    name: Text | None = None
    role: Text | None = None
    short_role: Text | None = None
    address: list[Text] = Field(default_factory=list)
    website: Text | None = None


class ForceCy(Strict):
    """The force's names in Welsh: ``Heddlu Dyfed-Powys``, ``Prif Gwnstabl``."""

    name: Text | None = None
    short_name: Text | None = None
    chief_role: Text | None = None


class ReportCy(Strict):
    """The report as the inspectorate published it in Welsh."""

    title: Text | None = None
    url: Text | None = None


class LetterCy(Strict):
    """The covering letter's Welsh: what the office wrote, each with the English it translated.
    Left empty, the salutation and sign-off come from the Welsh catalogue."""

    to: Text | None = None  # the addressee's name in Welsh ("Yr Ysgrifennydd Cartref")
    address: list[Text] = Field(default_factory=list)  # the addressee's address in Welsh
    salutation: Text | None = None
    subject: Translation | None = None
    opening: Translation | None = None
    body: Translation | None = None
    closing: Translation | None = None
    sign_off: Text | None = None
    cc: list[Text] = Field(default_factory=list)


class ProcessCy(Strict):
    """The Welsh of the office's reason for a late response (``process.late_reason``), which
    the letter or statement states after saying the response is late."""

    late_reason: Translation | None = None


class CommentaryCy(Strict):
    force: Translation | None = None
    commissioner: Translation | None = None


class SectionCy(Strict):
    """A section's Welsh: its title and summary as the inspectorate wrote them, and the Welsh
    of the comments on it."""

    title: Text | None = None
    summary: Text | None = None
    force: Translation | None = None
    commissioner: Translation | None = None


class FindingCy(Strict):
    """A finding's Welsh: the inspectorate's words (`import --merge` of the Welsh edition) and
    the Welsh of the office's action and both voices' comments."""

    text: Text | None = None
    points: list[Text] = Field(default_factory=list)
    action: Translation | None = None
    force: Translation | None = None
    commissioner: Translation | None = None
