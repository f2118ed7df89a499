"""The passages as a Word document for a translator, built and read back by the force's
return's own machinery (returns/word_form.py, returns/word.py).

Each passage is an entry: where it is as the heading, the English as the quotation, and one
box (a content control in a shaded cell) for the Welsh, filled with the out-of-date Welsh
when there is one. A box is named ``responder:<key>.<english fingerprint>:force``: the
return's text box, so Word and LibreOffice keep it as they keep the force's; the fingerprint
of the English as sent tells reading back whether the English has changed since, and the
box's own fingerprint (of the Welsh as sent) whether the file's Welsh has.
"""

from __future__ import annotations

import datetime as dt
from pathlib import Path

from ..returns import fields
from ..returns.form import Box, Entry, Form
from .sent import Returned, Sent

FIELD = "force"  # the return's free-text box: Markdown in, Markdown out


def english_print(english: str) -> str:
    return fields.fingerprint(FIELD, english)


def build(sent: list[Sent], *, mark: str, title: str, body: str, force: str, author: str,
          today: dt.date) -> bytes:
    from ..returns.word_form import build_form_docx, properties_for

    entries = []
    for item in sent:
        box = Box(f"{item.key}.{english_print(item.english)}", FIELD, "Cymraeg / Welsh",
                  "Type the Welsh of the passage above. Keep '- ' at the start of a list line "
                  "and ** around bold words." + (" The Welsh shown is out of date: correct it to "
                                                 "match the English." if item.state == "stale"
                                                 else ""),
                  item.welsh, fields.fingerprint(FIELD, item.welsh))
        entries.append(Entry(id="", kind=item.where, section="Passages to translate", grade="",
                             text=item.english, points=[], context="", withheld="", boxes=[box]))
    form = Form(mark=mark, title=f"Welsh translation: {title}", force=force, body=body,
                report=title, published="", due="",
                instructions=["Each passage below is in English, with a shaded box for its "
                              "Welsh. Type the Welsh in the box; leave a box empty to leave the "
                              "passage for later.",
                              "Send the document back as it is (.docx): responder finds each "
                              "box by the hidden name it carries."],
                entries=entries)
    return build_form_docx(form, properties_for(form, author, today))


def read(path: Path, data: bytes, englishes: dict[str, str]) -> tuple[str, list[Returned]]:
    """The mark and each box as returned. ``englishes``: the response's English now, by key:
    a box whose English fingerprint matches it was translated from that English."""
    from ..returns.word import read_form_docx

    form = read_form_docx(path, data)
    returned = []
    for box in form.boxes:
        key, _, printed = box.finding_id.rpartition(".")
        now = englishes.get(key, "")
        english = now if now and english_print(now) == printed else ""
        welsh = fields.read_value(FIELD, box.raw) or ""
        returned.append(Returned(key, english, "", welsh, box.where, sent_print=box.fingerprint))
    mark = f"{fields.FORM_MARK}|{fields.FORM_VERSION}|{form.identity}|{form.source_name}"
    return mark, returned
