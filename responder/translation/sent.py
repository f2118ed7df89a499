"""What goes to the translator, and what comes back, whatever the file's format.

Each passage sent carries what reading it back needs to be safe: its key (where it goes),
the English as sent (what the Welsh will say it translated) and the Welsh the file held
when it was sent (so a Welsh changed in the file meanwhile is seen, and kept). A file made
from one response is refused for another (the force and report title, as a returned form).
Pure: no I/O.
"""

from __future__ import annotations

from dataclasses import dataclass

from ..response.model import Response
from ..response.welsh import units
from ..response.welsh_blocks import same_words
from ..returns.fields import fingerprint, form_mark, identity, parse_form_mark

__all__ = ["Returned", "Sent", "form_mark", "identity", "parse_form_mark", "to_send"]


@dataclass
class Sent:
    """One passage handed to the translator."""

    key: str
    where: str
    english: str  # the English now: the translator's source
    welsh: str  # the Welsh the file held (out of date), or ''
    was: str  # the English that Welsh translated, when it is out of date, or ''
    state: str  # "missing" or "stale"


@dataclass
class Returned:
    """One passage as it came back."""

    key: str
    english: str  # the English as sent
    welsh_sent: str  # the Welsh as sent
    welsh: str  # the Welsh the translator returned ('' when left empty)
    where: str  # for messages: 'row 7', 'unit findings.s1-afi1.force'
    sent_print: str = ""  # the fingerprint of the Welsh as sent, where only that travelled

    def sent_is(self, text: str) -> bool:
        """``text`` is the Welsh as it was sent."""
        if self.sent_print:
            return fingerprint("force", text) == self.sent_print
        return same_words(text) == same_words(self.welsh_sent)


def to_send(response: Response, *, everything: bool = False) -> list[Sent]:
    """The public passages without current Welsh (or every one, ``everything``), in order."""
    found = []
    for unit in units(response):
        state = unit.state
        if state == "current" and not everything:
            continue
        stale = state == "stale"
        found.append(Sent(unit.key, unit.where, unit.english,
                          unit.welsh.text if unit.welsh and (stale or everything) else "",
                          unit.welsh.en if unit.welsh and stale else "", state))
    return found
