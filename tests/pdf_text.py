"""Text as people copy it out of a PDF, made at test time from the fixtures' PDFs.

- ``pdfium``: PDFium's plain text (what Chrome's and Edge's PDF viewers copy with Ctrl+A):
  hard-wrapped lines, no blank lines, page headers and numbers in the text.
- ``poppler``: poppler's ``pdftotext`` in reading order (what Evince and Okular copy).
- ``layout``: ``pdftotext -layout``: leading spaces, blank lines, form feeds between pages.
- ``pdfminer``: pdfminer.six's ``extract_text`` (text boxes parted by blank lines).

Forms whose tool is not installed are skipped by the tests that ask for them.
"""

from __future__ import annotations

import shutil
import subprocess
from pathlib import Path

FORMS = ("pdfium", "poppler", "layout", "pdfminer")


def available(form: str) -> bool:
    if form in ("poppler", "layout"):
        return shutil.which("pdftotext") is not None
    if form == "pdfminer":
        try:
            import pdfminer  # noqa: F401
        except ImportError:
            return False
    return True


def pasted(pdf: Path, form: str) -> str:
    """The PDF's text as ``form`` extracts it."""
    if form == "pdfium":
        import pypdfium2 as pdfium

        document = pdfium.PdfDocument(pdf)
        try:
            pages = []
            for page in document:
                textpage = page.get_textpage()
                pages.append(textpage.get_text_range())
                textpage.close()
                page.close()
            return "\r\n".join(pages)
        finally:
            document.close()
    if form in ("poppler", "layout"):
        args = ["pdftotext", "-enc", "UTF-8", *(["-layout"] if form == "layout" else []),
                str(pdf), "-"]
        return subprocess.run(args, check=True, capture_output=True).stdout.decode("utf-8")
    if form == "pdfminer":
        from pdfminer.high_level import extract_text

        return extract_text(str(pdf))
    raise ValueError(form)


def page_texts(pdf: Path) -> list[str]:
    """Each page's text, by PDFium (a twentieth of the time pypdf's extraction takes on a
    fourteen-page letter, which several tests read)."""
    import pypdfium2 as pdfium

    document = pdfium.PdfDocument(pdf)
    try:
        return [page.get_textpage().get_text_range() for page in document]
    finally:
        document.close()
