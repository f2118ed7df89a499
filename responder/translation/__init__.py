"""The Welsh translation round trip: the passages to translate out, the Welsh back in.

- ``sent``: what is handed to a translator (each public passage without current Welsh: its
  key, where it is, the English, the Welsh it had when sent and the English that Welsh was
  of), and the identity that ties a returned file to its response.
- ``xliff``: XLIFF 2.0 for translation tools, checked against the standard's structure
  (``xliff-core-2.0.xsd``, with lxml) as it is written and as it is read back.
- ``excel``: a workbook for a translator without such a tool (openpyxl, built the way the
  force's return is: a protected sheet, only the Welsh column open, a hidden key column).
- ``word``: a Word document, built and read back by the force's return's own machinery.
- ``reading``: the Welsh brought back, three-way safe as the force's return is: a passage
  whose Welsh someone changed in the file since it was sent is never overwritten.

Which passages, and what "out of date" means, is response/welsh.py's, once for everyone.
"""

from __future__ import annotations

from pathlib import Path

from ..errors import UsageError

FORMATS = {".xlf": "xliff", ".xliff": "xliff", ".xlsx": "xlsx", ".docx": "docx"}


def file_format(target: Path, command: str) -> str:
    """'xliff' or 'xlsx' from a file's name; a UsageError naming the choices otherwise."""
    fmt = FORMATS.get(target.suffix.lower())
    if fmt is None:
        raise UsageError(f"translate {command}: cannot tell the format from {str(target)!r}; "
                         "name it .xlf (XLIFF 2.0, for translation tools), .xlsx (Excel) or .docx (Word)")
    return fmt
