"""PDF for the website: the rendered Word document, converted by LibreOffice.

Offices publish their response as a PDF. Rather than a second layout engine, the Word
document responder already builds (real styles, headings, table header rows, title and
language) is exported by LibreOffice in headless mode as a *tagged* PDF (PDF/UA): the
structure tree keeps the headings, lists and tables for screen readers, and the title and
language (en-GB) carry over from the document's properties.

LibreOffice is found on PATH or in its usual install folders on Windows and macOS. Each
conversion runs with a fresh, temporary user profile, so a LibreOffice window the user has
open (which locks the default profile) can neither block it nor be disturbed, and it is
stopped after ``TIMEOUT`` seconds. Without LibreOffice the caller says how to get a PDF.
"""

from __future__ import annotations

import contextlib
import os
import shutil
import signal
import subprocess
import sys
import tempfile
from pathlib import Path

from ..errors import ResponderError
from ..response.outputs import failure_reason

TIMEOUT = 120  # seconds; a first start of LibreOffice on a slow laptop takes ~20

# Export options (LibreOffice 7.4+ reads them as JSON): a tagged PDF that meets PDF/UA,
# which also sets the viewer to show the document title rather than the file name.
EXPORT = ('pdf:writer_pdf_Export:{"UseTaggedPDF":{"type":"boolean","value":"true"},'
          '"PDFUACompliance":{"type":"boolean","value":"true"}}')

NO_LIBREOFFICE = (
    "a PDF needs LibreOffice, which is not installed here: install it from "
    "libreoffice.org (free), or render to Word (--format docx) and use Save As › PDF in Word"
)


class PdfProblem(ResponderError):
    """The conversion could not be done (no LibreOffice, a hang, a failure)."""


def find_soffice() -> Path | None:
    """LibreOffice's command: on PATH, else where its installers put it."""
    for name in ("soffice", "libreoffice"):
        found = shutil.which(name)
        if found:
            return Path(found)
    candidates: list[Path] = []
    if sys.platform == "win32":
        for base in (os.environ.get("ProgramFiles"), os.environ.get("ProgramFiles(x86)"),
                     os.environ.get("LOCALAPPDATA")):
            if base:
                candidates.append(Path(base) / "LibreOffice" / "program" / "soffice.exe")
                candidates.append(Path(base) / "Programs" / "LibreOffice" / "program" / "soffice.exe")
    elif sys.platform == "darwin":
        candidates += [Path("/Applications/LibreOffice.app/Contents/MacOS/soffice"),
                       Path.home() / "Applications/LibreOffice.app/Contents/MacOS/soffice"]
    else:
        candidates += [Path("/usr/lib/libreoffice/program/soffice"),
                       Path("/opt/libreoffice/program/soffice"),
                       Path("/snap/bin/libreoffice")]
    return next((path for path in candidates if path.is_file()), None)


def docx_to_pdf(docx: bytes, *, soffice: Path | None = None, timeout: float = TIMEOUT) -> bytes:
    """The PDF of a Word document, as bytes. Raises PdfProblem with one readable line."""
    return docxs_to_pdfs([docx], soffice=soffice, timeout=timeout)[0]


# Documents per LibreOffice before a second one is worth its start (a second or two).
PER_PROCESS = 12
MOST_PROCESSES = 4


def docxs_to_pdfs(documents: list[bytes], *, soffice: Path | None = None,
                  timeout: float | None = None) -> list[bytes]:
    """The PDFs of several Word documents, in order. Each start of LibreOffice costs a
    second or two and a document after that about a tenth, so a few documents (a Welsh and
    an English version) share one start; many (the website's hundred responses) are shared
    among one LibreOffice per core, each with a profile of its own, working side by side.
    Raises PdfProblem with one readable line."""
    if not documents:
        return []
    soffice = soffice or find_soffice()
    if soffice is None:
        raise PdfProblem(NO_LIBREOFFICE)
    processes = max(1, min(os.cpu_count() or 1, MOST_PROCESSES, len(documents) // PER_PROCESS))
    if processes == 1:
        return _convert(documents, soffice, timeout)
    from concurrent.futures import ThreadPoolExecutor

    size = -(-len(documents) // processes)
    batches = [documents[start:start + size] for start in range(0, len(documents), size)]
    with ThreadPoolExecutor(len(batches)) as pool:
        running = [pool.submit(_convert, batch, soffice, timeout) for batch in batches]
        made: list[bytes] = []
        for each in running:  # in order; the first problem is the one reported
            made += each.result()
    return made


def _convert(documents: list[bytes], soffice: Path, timeout: float | None) -> list[bytes]:
    """The PDFs of ``documents`` from one start of LibreOffice."""
    single = len(documents) == 1
    try:
        with tempfile.TemporaryDirectory(prefix="responder-pdf-") as folder:
            work = Path(folder)
            sources = []
            for number, docx in enumerate(documents, 1):
                source = work / ("response.docx" if single else f"response-{number}.docx")
                source.write_bytes(docx)
                sources.append(source)
            command = [
                str(soffice), f"-env:UserInstallation={(work / 'profile').as_uri()}",
                "--headless", "--norestore", "--nologo", "--nodefault", "--nolockcheck",
                "--convert-to", EXPORT, "--outdir", str(work / "out"), *map(str, sources),
            ]
            try:
                _run(command, timeout if timeout is not None
                     else TIMEOUT + 5 * (len(documents) - 1))
                made = []
                for source in sources:
                    result = work / "out" / f"{source.stem}.pdf"
                    if not result.is_file() or result.stat().st_size == 0:
                        raise PdfProblem(
                            "LibreOffice did not produce a PDF (the Word document may be "
                            "damaged); open the .docx in Word and save it as PDF" if single
                            else "LibreOffice did not produce every PDF (a Word document may "
                            "be damaged); try again, or save the Word documents as PDF")
                    made.append(result.read_bytes())
            except PdfProblem:
                _refuse_full(work)  # a full temporary drive is the likelier reason: say so
                raise
            return made
    except OSError as exc:  # the temporary folder could not be made or written
        raise PdfProblem(f"the PDF could not be made in the temporary folder "
                         f"({tempfile.gettempdir()}): {failure_reason(exc)}; free some space "
                         "or set TMP (TMPDIR) to another drive") from None


# LibreOffice needs room for its profile (about 10 MB) and the PDF beside the document.
ROOM_NEEDED = 64 * 1024 * 1024


def _refuse_full(work: Path) -> None:
    try:
        free = shutil.disk_usage(work).free
    except OSError:
        return
    if free < ROOM_NEEDED:
        raise PdfProblem(f"the PDF could not be made: the disk is full where the temporary "
                         f"folder is ({tempfile.gettempdir()}, {free // 1024} KB free); free "
                         "some space or set TMP (TMPDIR) to another drive") from None


def _run(command: list[str], timeout: float) -> None:
    # A process group of its own, so a hang can be stopped whole: soffice starts a child
    # (soffice.bin) that would otherwise outlive a kill of the launcher.
    group = ({"creationflags": subprocess.CREATE_NEW_PROCESS_GROUP} if sys.platform == "win32"
             else {"start_new_session": True})
    try:
        child = subprocess.Popen(command, stdin=subprocess.DEVNULL, stdout=subprocess.PIPE,
                                 stderr=subprocess.PIPE, **group)  # type: ignore[call-overload]
    except OSError as exc:
        raise PdfProblem(f"could not start LibreOffice ({command[0]}): {exc.strerror or exc}") \
            from None
    try:
        _, err = child.communicate(timeout=timeout)
    except subprocess.TimeoutExpired:
        _stop(child)
        raise PdfProblem(f"LibreOffice did not finish the PDF within {timeout:g} seconds and "
                         "was stopped; try again, or save the Word document as PDF") from None
    if child.returncode != 0:
        detail = err.decode("utf-8", "replace").strip().splitlines()
        raise PdfProblem(f"LibreOffice could not convert the document (exit {child.returncode}"
                         + (f": {detail[-1]}" if detail else "") + ")")


def _stop(child: subprocess.Popen) -> None:
    killpg = getattr(os, "killpg", None)
    with contextlib.suppress(OSError):
        if killpg is not None:
            killpg(child.pid, signal.SIGKILL)
        else:
            child.kill()
    with contextlib.suppress(subprocess.TimeoutExpired):
        child.communicate(timeout=10)
