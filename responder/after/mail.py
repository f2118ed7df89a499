"""An owner's update request as an e-mail draft (.eml), with the form attached.

Written with the standard library's ``email`` package and marked ``X-Unsent: 1``, so
Outlook opens it as a draft ready to send (Thunderbird: File › Open › Saved Message, then
Edit as New). Nothing is sent: responder never uses the network. The message says what is
due and by when, never a finding's words: those are in the attachment only, so a withheld
finding reaches its owner and nobody else.
"""

from __future__ import annotations

import datetime as dt
from email.message import EmailMessage
from email.policy import SMTP
from email.utils import format_datetime, formataddr
from typing import Any

TYPES = {"docx": ("application", "vnd.openxmlformats-officedocument.wordprocessingml.document"),
         "xlsx": ("application", "vnd.openxmlformats-officedocument.spreadsheetml.sheet")}


def draft(*, owner: str, address: str | None, office: str, sender: str | None,
          reply_by: dt.date, findings: int, overdue: int, reports: int, form_name: str,
          form: bytes, fmt: str, now: dt.datetime, restricted: bool = False,
          tr: Any = None) -> bytes:
    """The .eml bytes of the request to ``owner``, in the language of ``tr`` (the form's:
    the catalogue's messages, English when None)."""
    from ..render.i18n import English, weekday_date

    tr = tr or English()
    _, ngettext = tr.gettext, tr.ngettext
    by = weekday_date(reply_by, tr.lang)
    message = EmailMessage()
    if address:
        message["To"] = formataddr((owner, address))
    if sender:
        message["From"] = formataddr((office, sender))
    subject = _("Update needed by %(date)s: HMICFRS findings you own") % {"date": by}
    if restricted:
        subject = _("RESTRICTED – %(subject)s") % {"subject": subject}
    message["Subject"] = subject
    message["Date"] = format_datetime(now.astimezone())
    message["X-Unsent"] = "1"  # Outlook: open as a draft to send, not as a received message
    if findings == 1:
        listed = _("the open finding you own on our register, from an HMICFRS inspection "
                   "report.")
        if overdue:
            listed += " " + _("It is past its target date.")
    else:
        source = ngettext("an HMICFRS inspection report", "%(count)s HMICFRS inspection reports",
                          reports) % {"count": reports}
        listed = ngettext("the open finding you own on our register, from %(source)s.",
                          "the %(count)s open findings you own on our register, from "
                          "%(source)s.", findings) % {"count": findings, "source": source}
        if overdue:
            listed += " " + ngettext("One of them is past its target date.",
                                     "%(count)s of them are past their target date.",
                                     overdue) % {"count": overdue}
    ask = (_("Please give your update in the form and send it back by %(date)s: what has "
             "happened since the last update, the status and your RAG rating; a new target "
             "date only if it moves, with the reason; and, when the work is done, what shows "
             "it and where it is kept.") if findings == 1 else
           _("Please give your update on each one in the form and send it back by %(date)s: "
             "what has happened since the last update, the status and your RAG rating; a new "
             "target date only if it moves, with the reason; and, when the work is done, what "
             "shows it and where it is kept.")) % {"date": by}
    lines = [
        _("Dear %(owner)s,") % {"owner": owner},
        "",
        _("The attached form lists %(findings)s") % {"findings": listed},
        "",
        ask,
        "",
        _("Nothing you leave blank changes the register."),
    ]
    if restricted:
        lines += ["", _("Some of these findings were kept out of the published response: keep "
                        "the form to yourself and those working on them.")]
    lines += ["", _("Thank you,"), office]
    message.set_content("\n".join(lines) + "\n")
    maintype, subtype = TYPES[fmt]
    message.add_attachment(form, maintype=maintype, subtype=subtype, filename=form_name)
    return message.as_bytes(policy=SMTP)
