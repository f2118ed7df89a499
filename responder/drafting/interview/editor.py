"""Writing a comment in the person's own editor: which editor, and the draft file that
carries the text there and back (kept until its text is saved in the response)."""

from __future__ import annotations

import contextlib
import os
import shlex
import shutil
import subprocess
import sys
import tempfile
import time
from collections.abc import Callable
from pathlib import Path

from ...response import reading

# ---------------------------------------------------------------- editor


def editor_command() -> list[str] | None:
    """$VISUAL, then $EDITOR, then Notepad on Windows or nano/vi elsewhere."""
    for name in ("VISUAL", "EDITOR"):
        value = os.environ.get(name, "").strip()
        if value:
            if os.name != "nt":
                return shlex.split(value)
            # Windows paths keep their backslashes; quotes only group words with spaces.
            return [part[1:-1] if len(part) > 1 and part[0] == part[-1] == '"' else part
                    for part in shlex.split(value, posix=False)]
    if sys.platform == "win32":
        return ["notepad"]
    for candidate in ("nano", "vi"):
        if shutil.which(candidate):
            return [candidate]
    return None


EDITOR_DETACHED = 2.0  # seconds: an editor back this soon, file untouched, is still open


class Draft:
    """The temporary file a comment is written in with the person's own editor.

    It is removed only once its text is saved in the response; until then, whatever
    stops the interview says where it is, so text written in the editor is never lost.
    """

    def __init__(self, text: str, name: str):
        handle, temp = tempfile.mkstemp(prefix=f"responder-{name}-", suffix=".md", text=False)
        self.path = Path(temp)
        with os.fdopen(handle, "wb") as out:
            out.write((text + "\n" if text else "").encode("utf-8"))
        self.original = self.path.read_bytes()
        self.waited = False  # the editor returned at once and we waited for a key
        self.applied = False  # its text is in the response in memory (saved or to be saved)

    def edit(self, command: list[str], wait: Callable[[], None] | None = None) -> bool:
        """Open the editor; False if it could not be started.

        Some editors hand the file to a window already open and return at once (Notepad
        on Windows 11, VS Code without --wait); then ``wait`` asks the person to say when
        they have saved it.
        """
        before = self.path.stat().st_mtime_ns
        started = time.monotonic()
        try:
            subprocess.run([*command, str(self.path)], check=False)
        except OSError:
            return False
        quick = time.monotonic() - started < EDITOR_DETACHED
        if quick and wait is not None and self.path.stat().st_mtime_ns == before:
            self.waited = True
            wait()
        return True

    @property
    def changed(self) -> bool:
        with contextlib.suppress(OSError):
            return self.path.read_bytes() != self.original
        return False

    def text(self) -> str:
        """What the editor saved, in whatever encoding it saved it (reading.decode_typed);
        the text it started with if the file has gone (an editor that moved it away)."""
        try:
            raw = self.path.read_bytes()
        except OSError:
            raw = self.original
        return reading.decode_typed(raw).strip()

    def remove(self) -> None:
        with contextlib.suppress(OSError):
            self.path.unlink()
