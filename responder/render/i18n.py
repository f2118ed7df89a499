"""The fixed wording in Welsh or English: gettext catalogues, read with Babel.

Every fixed phrase of the letter, appendix and statement templates (Jinja's i18n extension,
``{% trans %}``) and of the drafted letter (render/letter.py, ``_()``) is a message of the
``responder`` domain. The English is the message itself; the Welsh comes from
``templates/locale/cy.po``, the catalogue shipped with responder, read at run time (Babel
compiles it in memory: no build step, no network). An office's translator may override any
message with a ``locale/cy.po`` in the office's templates folder (`render --templates DIR`;
`templates export` gives both the template catalogue ``responder.pot`` and ``cy.po``).

Dates and numbers come from Babel's Welsh locale: "27 Medi 2019".
"""

from __future__ import annotations

import datetime as dt
import functools
import gettext
from pathlib import Path
from typing import Any

from ..errors import InputError

DOMAIN = "responder"
# What a render's `lang` is called in the document: the page's lang attribute, Word's language.
TAGS = {"cy": "cy-GB", "en": "en-GB"}
NAMES = {"cy": "Cymraeg", "en": "English"}


def N_(message: str) -> str:  # noqa: N802 - gettext's name for "a message, translated later"
    """Marks a phrase kept in a table for the catalogue (pybabel's ``-k N_``); translated
    where it is shown."""
    return message


class English:
    """The messages as written (what gettext's NullTranslations does), for English renders."""

    lang = "en"

    def gettext(self, message: str) -> str:
        return message

    def ngettext(self, one: str, many: str, n: int) -> str:
        return one if n == 1 else many


def catalogue(folder: Path, lang: str) -> Path:
    """Where a language's catalogue sits in a templates folder."""
    return folder / "locale" / f"{lang}.po"


def translations(lang: str, bundled: Path, office_templates: Path | None = None) -> Any:
    """The messages in ``lang``, with a ``lang`` attribute: English is the messages
    themselves; Welsh is the catalogue shipped in ``bundled`` (the bundled templates folder)
    with the office's own catalogue (if any) laid over it."""
    if lang == "en":
        return English()
    shipped = _load(catalogue(bundled, lang), _stamp(catalogue(bundled, lang)))
    own = catalogue(office_templates, lang) if office_templates is not None else None
    if own is None or not own.is_file():
        shipped.lang = lang  # type: ignore[attr-defined]
        return shipped
    office = _load(own, _stamp(own))
    layered = gettext.GNUTranslations()  # a fresh layer: the cached catalogues stay apart
    layered._catalog = dict(shipped._catalog)  # type: ignore[attr-defined]
    layered._catalog.update(office._catalog)  # type: ignore[attr-defined]
    layered.plural = shipped.plural  # type: ignore[attr-defined]
    layered.lang = lang  # type: ignore[attr-defined]
    return layered


def _stamp(path: Path) -> float:
    try:
        return path.stat().st_mtime
    except OSError:
        raise InputError(path, "the Welsh catalogue is missing; reinstall responder") from None


@functools.lru_cache(maxsize=4)
def _load(path: Path, _mtime: float) -> gettext.GNUTranslations:
    """A .po file as translations (compiled in memory; fuzzy entries left out)."""
    from io import BytesIO

    from babel.messages.mofile import write_mo
    from babel.messages.pofile import read_po
    from babel.support import Translations

    try:
        with path.open("rb") as handle:
            parsed = read_po(handle, domain=DOMAIN, abort_invalid=True)
    except OSError as exc:
        raise InputError(path, f"cannot be read ({exc.strerror})") from None
    except Exception as exc:  # babel's PoFileError and friends: the file, in one line
        raise InputError(path, f"is not a valid gettext catalogue: {exc}") from None
    buffer = BytesIO()
    write_mo(buffer, parsed, use_fuzzy=False)
    buffer.seek(0)
    return Translations(buffer, domain=DOMAIN)


def long_date(day: dt.date | None, lang: str = "en") -> str:
    """5 February 2018; 27 Medi 2019."""
    if day is None:
        return ""
    if lang == "en":
        return f"{day.day} {day:%B %Y}"
    from babel.dates import format_date

    return format_date(day, "d MMMM y", locale=lang)


def weekday_date(day: dt.date, lang: str = "en") -> str:
    """Thursday 28 March 2024; dydd Iau 28 Mawrth 2024 (as it reads inside a sentence:
    Babel's Welsh gives "Dydd Iau", and Welsh writes "dydd" with a small letter there)."""
    if lang == "en":
        from ..dates import weekday_date as english

        return english(day)
    from babel.dates import format_date

    text = format_date(day, "EEEE d MMMM y", locale=lang)
    return text[:1].lower() + text[1:] if lang == "cy" else text


def number(value: int, lang: str = "en") -> str:
    """1,142 / 1,142 (Welsh groups thousands as English does)."""
    from babel.numbers import format_decimal

    return f"{value:,}" if lang == "en" else format_decimal(value, locale=lang)


def install(env: Any, tr: Any) -> None:
    """Jinja's i18n extension with these messages (old-style gettext, so a ``{% trans %}``
    block's text is exactly the template's: English renders unchanged)."""
    env.add_extension("jinja2.ext.i18n")
    env.install_gettext_translations(tr, newstyle=False)


def messages(bundled: Path, lang: str) -> dict[str, str]:
    """msgid -> msgstr of the shipped catalogue (for the tests)."""
    from babel.messages.pofile import read_po

    with catalogue(bundled, lang).open("rb") as handle:
        parsed = read_po(handle, domain=DOMAIN)
    return {str(m.id if isinstance(m.id, str) else m.id[0]): m.string
            for m in parsed if m.id}
