"""Update requests: a form per owner across the folder, filled as an owner would (Word,
Excel, LibreOffice), read back as appended updates; e-mail drafts; the calendar."""

from __future__ import annotations

import email
import email.policy
import shutil
import zipfile
from pathlib import Path

import pytest
from openpyxl import load_workbook
from test_returns import NEEDS_SOFFICE, fill_excel, fill_word, header, libreoffice

from responder.after import register, requests
from responder.response import editing, reading

EXAMPLES = Path(__file__).parent.parent / "examples"
LETTER = "letter-northmoor-peel-2018-19.yaml"
TODAY = "2024-03-14"
FORENSICS = "Head of Forensic Services"  # owns s1.2-coc1-rec3 in the letter, due 30 April 2020
REF = "s1.2-coc1-rec3"


@pytest.fixture
def folder(tmp_path: Path) -> Path:
    target = tmp_path / "register"
    shutil.copytree(EXAMPLES, target)
    (tmp_path / "responder.toml").write_text(
        '[owners]\n"Head of Forensic Services" = "forensics@northmoor.police.uk"\n',
        encoding="utf-8")
    return target


def make(cli, folder: Path, *extra: str) -> Path:
    out = folder.parent / "out"
    result = cli("track", "requests", folder, "-o", out, "--today", TODAY, "--no-ask",
                 "--profile", folder.parent / "responder.toml", *extra)
    assert result.code == 0, result.err
    return out


def form_of(out: Path, owner: str, suffix: str = "docx") -> Path:
    return next(out.glob(f"{owner} - update request *.{suffix}"))


def key(folder: Path, ref: str = REF) -> str:
    response = reading.read(folder / LETTER)
    return f"{requests.response_key(response)}.{ref}"


def tracking(folder: Path, ref: str = REF):
    return register.find(reading.read(folder / LETTER), ref).finding.tracking


def snapshot(folder: Path) -> dict[str, bytes]:
    return {p.name: p.read_bytes() for p in sorted(folder.iterdir()) if p.suffix == ".yaml"}


def test_one_form_and_one_draft_per_owner(cli, folder):
    out = make(cli, folder)
    owners = {register.find(r, e.id).tracking.owner for _, r in
              [(p, reading.read(p)) for p in folder.glob("*.yaml")]
              for e in register.open_entries(r) if e.tracking.owner}
    forms = sorted(out.glob("*.docx"))
    assert len(forms) == len(owners) == len(list(out.glob("*.eml")))
    message = email.message_from_bytes(
        form_of(out, FORENSICS, "eml").read_bytes(), policy=email.policy.default)
    assert message["X-Unsent"] == "1"
    assert message["To"] == "Head of Forensic Services <forensics@northmoor.police.uk>"
    assert message["Subject"] == ("Update needed by Thursday 28 March 2024: HMICFRS findings "
                                  "you own")
    body = message.get_body(("plain",)).get_content()
    assert "Dear Head of Forensic Services," in body and "Thursday 28 March 2024" in body
    attachment = next(message.iter_attachments())
    assert attachment.get_filename() == form_of(out, FORENSICS).name
    assert attachment.get_content() == form_of(out, FORENSICS).read_bytes()
    # The reply-by date goes into the calendar.
    ics = folder.parent / "cal.ics"
    assert cli("deadline", folder, "--ics", ics, "--actions", "--today", TODAY).code in (0, 1)
    text = ics.read_text(encoding="utf-8")
    assert "SUMMARY:Update due back: Head of Forensic Services" in text
    assert "DTSTART;VALUE=DATE:20240328" in text


def test_filters_owner_and_due_within(cli, folder):
    out = make(cli, folder, "--owner", "head of forensic  services")
    assert [p.name for p in out.glob("*.docx")] == [form_of(out, FORENSICS).name]
    result = cli("track", "requests", folder, "-o", folder.parent / "none", "--today", TODAY,
                 "--no-ask", "--owner", "Nobody")
    assert result.code == 2 and "no open findings owned by 'Nobody'" in result.err
    assert not (folder.parent / "none").exists()


def test_word_round_trip_appends_an_update(cli, folder):
    out = make(cli, folder)
    before = tracking(folder)
    k = key(folder)
    filled = fill_word(form_of(out, FORENSICS), {
        f"responder:{k}:update": "New laboratory contract signed.\nBacklog down to 41 days.",
        f"responder:{k}:status": "In progress", f"responder:{k}:rag": "Amber",
        f"responder:{k}:due": "30 September 2024",
        f"responder:{k}:due_reason": "The laboratory opens in the summer",
        f"responder:{k}:evidence": "Contract FS-2024-03, on the procurement drive"},
        folder.parent / "back.docx")
    result = cli("track", "read", folder, filled, "--today", TODAY)
    assert result.code == 0, result.err
    assert "1 update taken, 0 unchanged, 0 conflicts" in result.out
    after = tracking(folder)
    assert after.updates[:-1] == before.updates  # appended, nothing overwritten
    latest = after.updates[-1]
    assert latest.text == "New laboratory contract signed.\n\nBacklog down to 41 days."
    assert latest.by == FORENSICS and latest.evidence.startswith("Contract FS-2024-03")
    assert after.rag == "amber" and str(after.due) == "2024-09-30"
    assert [(str(m.was), m.reason) for m in after.due_changes] == [
        ("2020-04-30", "The laboratory opens in the summer")]
    # Read twice: nothing new.
    again = cli("track", "read", folder, filled, "--today", TODAY)
    assert "0 updates taken, 1 unchanged, 0 conflicts" in again.out
    assert tracking(folder) == after


def test_excel_round_trip(cli, folder):
    out = make(cli, folder, "--format", "xlsx")
    form = form_of(out, FORENSICS, "xlsx")
    sheet = load_workbook(form).active
    head, columns = header(sheet)
    assert sheet.protection.sheet is True
    assert sheet.cell(head + 1, columns["id"]).value == key(folder)
    assert sheet.cell(head + 1, columns["Update"]).protection.locked is False
    assert sheet.cell(head + 1, columns["What the inspectorate said"]).protection.locked is True
    k = key(folder)
    filled = fill_excel(form, {(k, "Update"): "Outsourcing contract let.",
                               (k, "Status"): "Complete",
                               (k, "Evidence"): "Contract register entry 114"},
                        folder.parent / "back.xlsx")
    result = cli("track", "read", folder, filled, "--today", TODAY)
    assert result.code == 0, result.err
    assert "1 update taken, 0 unchanged, 0 conflicts" in result.out
    after = tracking(folder)
    assert after.status == "complete" and after.updates[-1].status == "complete"
    assert after.updates[-1].evidence == "Contract register entry 114"


@NEEDS_SOFFICE
def test_a_word_request_resaved_by_libreoffice_still_reads(cli, folder, tmp_path):
    out = make(cli, folder)
    k = key(folder)
    filled = fill_word(form_of(out, FORENSICS), {f"responder:{k}:update": "Saved in Writer."},
                       tmp_path / "filled.docx")
    resaved = libreoffice(filled, "docx", tmp_path)
    result = cli("track", "read", folder, resaved, "--today", TODAY)
    assert result.code == 0, result.err
    assert "1 update taken" in result.out
    assert tracking(folder).updates[-1].text == "Saved in Writer."


def test_a_status_the_office_changed_meanwhile_is_a_conflict(cli, folder):
    out = make(cli, folder)
    k = key(folder)
    filled = fill_word(form_of(out, FORENSICS), {f"responder:{k}:status": "Complete",
                                                 f"responder:{k}:update": "All done."},
                       folder.parent / "back.docx")
    assert cli("track", folder / LETTER, REF, "--status", "no-further-action", "--update",
               "Moved to the national programme.", "--today", TODAY).code == 0
    result = cli("track", "read", folder, filled, "--today", TODAY)
    assert result.code == 0, result.err
    assert "1 update taken, 0 unchanged, 1 conflict" in result.out
    after = tracking(folder)
    assert after.status == "no_further_action"
    assert after.updates[-1].text.startswith("All done. Head of Forensic Services gave the status "
                                             "as Complete; the register already said No further")


def test_a_moved_date_without_its_reason_is_refused(cli, folder):
    out = make(cli, folder)
    k = key(folder)
    filled = fill_word(form_of(out, FORENSICS), {f"responder:{k}:due": "30 June 2024"},
                       folder.parent / "back.docx")
    before = snapshot(folder)
    result = cli("track", "read", folder, filled, "--today", TODAY)
    assert result.code == 2
    assert result.err.count("\n") == 1 and "'Why the date moved' is empty" in result.err
    assert snapshot(folder) == before


def test_a_bad_form_among_several_writes_nothing(cli, folder):
    out = make(cli, folder, "--format", "xlsx")
    k = key(folder)
    good = fill_excel(form_of(out, FORENSICS, "xlsx"), {(k, "Update"): "Fine."},
                      folder.parent / "good.xlsx")
    bad = fill_excel(form_of(out, FORENSICS, "xlsx"), {(k, "Status"): "Finished"},
                     folder.parent / "bad.xlsx")
    before = snapshot(folder)
    result = cli("track", "read", folder, good, bad, "--today", TODAY)
    assert result.code == 2 and result.err.count("\n") == 1
    assert "'Finished' is not on the list (Not started, In progress, Complete)" in result.err
    assert snapshot(folder) == before


def test_forms_go_to_the_right_reader(cli, folder):
    out = make(cli, folder)
    returned = cli("returns", "read", folder / LETTER, form_of(out, FORENSICS))
    assert returned.code == 2 and "is an update request for Head of Forensic Services" in returned.err
    force_form = folder.parent / "force.docx"
    assert cli("returns", "make", folder / LETTER, "-o", force_form, "--today", TODAY).code == 0
    read = cli("track", "read", folder, force_form, "--today", TODAY)
    assert read.code == 2 and "not an owner's update request" in read.err


def test_a_withheld_finding_goes_only_to_its_owner(cli, folder):
    doc = editing.load(folder / LETTER)
    finding = register.find(doc.response, REF).finding
    from responder.response.model import Withheld

    finding.withheld = Withheld(reason="personal_safety", note="names a witness")
    secret = finding.text
    doc.save()
    out = make(cli, folder)

    def words(path: Path) -> str:
        with zipfile.ZipFile(path) as archive:
            return archive.read("word/document.xml").decode("utf-8")

    own = words(form_of(out, FORENSICS))
    assert "RESTRICTED – NOT FOR PUBLICATION" in own and secret[:40] in own
    for other in out.glob("*.docx"):
        if other != form_of(out, FORENSICS):
            assert secret[:40] not in words(other)
    for draft in out.glob("*.eml"):
        message = email.message_from_bytes(draft.read_bytes(), policy=email.policy.default)
        assert secret[:40] not in message.get_body(("plain",)).get_content()
    assert email.message_from_bytes(form_of(out, FORENSICS, "eml").read_bytes())[
        "Subject"].startswith("RESTRICTED")
    ics = folder.parent / "cal.ics"
    cli("deadline", folder, "--ics", ics, "--actions", "--today", TODAY)
    assert secret[:40] not in ics.read_text(encoding="utf-8")


def test_owners_addresses_are_asked_once_and_kept_in_the_profile(tmp_path):
    import io

    from prompt_toolkit.input import create_pipe_input
    from prompt_toolkit.output.plain_text import PlainTextOutput

    from responder import config
    from responder.after import owners

    profile = tmp_path / "responder.toml"
    profile.write_text('# our office\n[office.body]\nname = "OPCC"\n', encoding="utf-8")
    with create_pipe_input() as keyboard:
        # The first address is mistyped and asked again; the second is skipped.
        keyboard.send_text("not an address\r\x15acc@northmoor.police.uk\r\r")
        keyboard.close()
        found = owners.ask_missing(["ACC Local Policing", "Head of Crime"], input=keyboard,
                                   output=PlainTextOutput(io.StringIO()))
    assert found == {"ACC Local Policing": "acc@northmoor.police.uk"}
    owners.add(profile, found)
    text = profile.read_text(encoding="utf-8")
    assert text.startswith("# our office\n[office.body]")
    settings, _ = config.load(profile)
    assert owners.addresses(settings, profile) == {"acc local policing": "acc@northmoor.police.uk"}
    profile.write_text(text + '"Head of Crime" = "nobody"\n', encoding="utf-8")
    with pytest.raises(Exception, match="'nobody' is not an e-mail address"):
        owners.addresses(config.load(profile)[0], profile)


def _body(message: bytes) -> tuple[str, str]:
    parsed = email.message_from_bytes(message, policy=email.policy.default)
    return parsed["Subject"], parsed.get_body(("plain",)).get_content().replace("\r\n", "\n")


def test_the_english_draft_reads_as_it_always_has():
    """The e-mail's words now come through the catalogue (for Welsh): English is unchanged,
    word for word, in each of its shapes."""
    import datetime as dt

    from responder.after.mail import draft

    common = dict(owner="Head of Crime", address=None, office="Office of the PCC",
                  sender=None, reply_by=dt.date(2024, 3, 28), form_name="f.docx", form=b"PK",
                  fmt="docx", now=dt.datetime(2024, 3, 1, 9))
    subject, body = _body(draft(findings=1, overdue=1, reports=1, **common))
    assert subject == "Update needed by Thursday 28 March 2024: HMICFRS findings you own"
    assert body == (
        "Dear Head of Crime,\n\nThe attached form lists the open finding you own on our "
        "register, from an HMICFRS inspection report. It is past its target date.\n\n"
        "Please give your update in the form and send it back by Thursday 28 March 2024: "
        "what has happened since the last update, the status and your RAG rating; a new "
        "target date only if it moves, with the reason; and, when the work is done, what "
        "shows it and where it is kept.\n\nNothing you leave blank changes the register.\n\n"
        "Thank you,\nOffice of the PCC\n")
    subject, body = _body(draft(findings=3, overdue=2, reports=2, restricted=True, **common))
    assert subject == ("RESTRICTED – Update needed by Thursday 28 March 2024: HMICFRS "
                       "findings you own")
    assert ("The attached form lists the 3 open findings you own on our register, from 2 "
            "HMICFRS inspection reports. 2 of them are past their target date.") in body
    assert "Please give your update on each one in the form" in body
    assert ("Some of these findings were kept out of the published response: keep the form "
            "to yourself and those working on them.") in body
    _, body = _body(draft(findings=2, overdue=1, reports=1, **common))
    assert ("the 2 open findings you own on our register, from an HMICFRS inspection report. "
            "One of them is past its target date.") in body


def test_a_welsh_request_comes_with_a_welsh_draft(cli, folder):
    out = make(cli, folder, "--lang", "cy")
    subject, body = _body(form_of(out, FORENSICS, "eml").read_bytes())
    assert subject == ("Angen diweddariad erbyn dydd Iau 28 Mawrth 2024: canfyddiadau AHGTEF "
                       "yr ydych yn gyfrifol amdanynt")
    assert body.startswith("Annwyl Head of Forensic Services,\n\nMae'r ffurflen amgaeedig "
                           "yn rhestru ")
    assert "Nid yw dim a adewch yn wag yn newid y gofrestr." in body and "\nDiolch,\n" in body
    assert "yn ôl erbyn dydd Iau 28 Mawrth 2024:" in body  # "dydd" small inside a sentence
    for english in ("Dear ", "The attached form", "Please give", "Thank you", "Thursday",
                    "target date"):
        assert english not in body, english


def test_an_excel_request_an_owner_typed_into_is_never_replaced(cli, folder):
    """The owner sends the workbook back under the name it was given, into the folder the
    requests went to; making the requests again that day replaced it, answers and all."""
    out = make(cli, folder, "--format", "xlsx")
    form = form_of(out, FORENSICS, "xlsx")
    untouched = {p.name: p.read_bytes() for p in out.glob("*.xlsx") if p != form}
    fill_excel(form, {(key(folder), "Update"): "New laboratory contract signed."})
    answered = form.read_bytes()
    result = cli("track", "requests", folder, "-o", out, "--today", TODAY, "--no-ask",
                 "--profile", folder.parent / "responder.toml", "--format", "xlsx")
    assert result.code == 2
    assert result.err.count("\n") == 1 and form.name in result.err
    assert "holds an owner's answers" in result.err and "track read" in result.err
    assert form.read_bytes() == answered
    # Untouched requests beside it are made again as before, once the answers are away.
    form.rename(folder.parent / "answered.xlsx")
    assert make(cli, folder, "--format", "xlsx") == out
    assert sorted(untouched) == sorted(p.name for p in out.glob("*.xlsx") if p.name != form.name)
    # A workbook that is not a request is never taken for one.
    form.write_bytes(b"not a workbook")
    result = cli("track", "requests", folder, "-o", out, "--today", TODAY, "--no-ask",
                 "--profile", folder.parent / "responder.toml", "--format", "xlsx")
    assert result.code == 2 and "is not an update request responder wrote" in result.err
    assert form.read_bytes() == b"not a workbook"
