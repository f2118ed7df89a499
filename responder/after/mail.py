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
from email.utils import formataddr, format_datetime

from ..dates import weekday_date

TYPES = {"docx": ("application", "vnd.openxmlformats-officedocument.wordprocessingml.document"),
         "xlsx": ("application", "vnd.openxmlformats-officedocument.spreadsheetml.sheet")}


def draft(*, owner: str, address: str | None, office: str, sender: str | None,
          reply_by: dt.date, findings: int, overdue: int, reports: int, form_name: str,
          form: bytes, fmt: str, now: dt.datetime, restricted: bool = False) -> bytes:
    """The .eml bytes of the request to ``owner``."""
    message = EmailMessage()
    if address:
        message["To"] = formataddr((owner, address))
    if sender:
        message["From"] = formataddr((office, sender))
    subject = f"Update needed by {weekday_date(reply_by)}: HMICFRS findings you own"
    if restricted:
        subject = f"RESTRICTED – {subject}"
    message["Subject"] = subject
    message["Date"] = format_datetime(now.astimezone())
    message["X-Unsent"] = "1"  # Outlook: open as a draft to send, not as a received message
    if findings == 1:
        listed = ("the open finding you own on our register, from an HMICFRS inspection report."
                  + (" It is past its target date." if overdue else ""))
    else:
        source = ("an HMICFRS inspection report" if reports == 1
                  else f"{reports} HMICFRS inspection reports")
        listed = f"the {findings} open findings you own on our register, from {source}."
        if overdue:
            listed += (f" {'One' if overdue == 1 else overdue} of them "
                       f"{'is' if overdue == 1 else 'are'} past {'its' if overdue == 1 else 'their'}"
                       " target date.")
    lines = [
        f"Dear {owner},",
        "",
        f"The attached form lists {listed}",
        "",
        f"Please give your update {'on each one ' if findings != 1 else ''}in the form and send it back by "
        f"{weekday_date(reply_by)}: what has happened since the last update, the status and "
        "your RAG rating; a new target date only if it moves, with the reason; and, when the "
        "work is done, what shows it and where it is kept.",
        "",
        "Nothing you leave blank changes the register.",
    ]
    if restricted:
        lines += ["", "Some of these findings were kept out of the published response: keep the "
                      "form to yourself and those working on them."]
    lines += ["", "Thank you,", office]
    message.set_content("\n".join(lines) + "\n")
    maintype, subtype = TYPES[fmt]
    message.add_attachment(form, maintype=maintype, subtype=subtype, filename=form_name)
    return message.as_bytes(policy=SMTP)
