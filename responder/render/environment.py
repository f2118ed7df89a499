"""The Jinja environment: built once, sandboxed, strict, an office's templates first.

Templates produce the small HTML vocabulary the Word builder reads (see
docs/render.md). Autoescaping is on, so text from the response file can never
become markup; only the ``markdown`` filter produces markup, from Markdown with
raw HTML switched off.
"""

from __future__ import annotations

import contextlib
import traceback
from importlib import resources
from pathlib import Path
from typing import Any

from ..errors import ResponderError, display_path

TEMPLATE_SUFFIX = ".html.j2"
SHAPES = ("letter", "statement")


class TemplateProblem(ResponderError):
    """A template that cannot be compiled or rendered: names the template and the line."""


def bundled_templates() -> Path:
    """The templates shipped with responder (in the wheel), or the checkout's templates/."""
    try:
        packaged = resources.files("responder") / "templates"
        if packaged.is_dir():
            return Path(str(packaged))
    except (ModuleNotFoundError, OSError, TypeError):
        pass
    return Path(__file__).resolve().parent.parent.parent / "templates"


def make_environment(office_templates: Path | None = None) -> Any:
    from jinja2 import ChoiceLoader, FileSystemLoader, StrictUndefined, select_autoescape
    from jinja2.sandbox import SandboxedEnvironment

    from .markdown import to_html

    loaders = []
    if office_templates is not None:
        if not office_templates.is_dir():
            raise ResponderError(f"{display_path(office_templates)}: no such templates folder")
        loaders.append(FileSystemLoader(office_templates))
    loaders.append(FileSystemLoader(bundled_templates()))
    env = SandboxedEnvironment(
        loader=ChoiceLoader(loaders),
        bytecode_cache=_bytecode_cache(),
        undefined=StrictUndefined,
        autoescape=select_autoescape(default=True, default_for_string=True),
        trim_blocks=True,
        lstrip_blocks=True,
        keep_trailing_newline=False,
    )
    from markupsafe import Markup

    env.filters["markdown"] = lambda text, lead="": Markup(to_html(text or "", lead))
    env.filters["in_words"] = in_words
    return env


_WORDS = ("no", "one", "two", "three", "four", "five", "six", "seven", "eight", "nine", "ten")


def in_words(number: int) -> str:
    """Numbers to ten in words, as house style writes them in running text: 7 -> 'seven'."""
    return _WORDS[number] if 0 <= number < len(_WORDS) else f"{number:,}"


def cache_folder() -> Path | None:
    """Where compiled templates are kept between runs (RESPONDER_CACHE_DIR=off disables it)."""
    import os

    chosen = os.environ.get("RESPONDER_CACHE_DIR")
    if chosen:
        return None if chosen.lower() in ("off", "0", "none") else Path(chosen)
    try:
        from platformdirs import user_cache_path
    except ImportError:
        return None
    return user_cache_path("responder", appauthor=False) / "templates"


def _bytecode_cache() -> Any:
    """Compiling the templates costs about 25 ms a run; Jinja's own cache, keyed by each
    template's path and source checksum, saves that. A cache that cannot be written is
    simply not used."""
    from jinja2 import FileSystemBytecodeCache

    class QuietCache(FileSystemBytecodeCache):
        def load_bytecode(self, bucket: Any) -> None:
            try:
                super().load_bytecode(bucket)
            except Exception:
                bucket.reset()

        def dump_bytecode(self, bucket: Any) -> None:
            try:
                super().dump_bytecode(bucket)
            except OSError:
                pass

    folder = cache_folder()
    if folder is None:
        return None
    try:
        folder.mkdir(parents=True, exist_ok=True)
    except OSError:
        return None
    return QuietCache(str(folder), "responder-%s.cache")


def render_template(env: Any, name: str, context: dict[str, Any]) -> str:
    """Render one template; any template fault becomes a TemplateProblem naming file and line."""
    from jinja2 import TemplateError, TemplateNotFound, TemplateSyntaxError

    try:
        return str(env.get_template(name).render(context))
    except TemplateNotFound as exc:
        raise TemplateProblem(f"template {exc.name!r} not found") from None
    except TemplateSyntaxError as exc:
        where = display_path(exc.filename) if exc.filename else (exc.name or name)
        raise TemplateProblem(f"{where}:{exc.lineno}: {exc.message}") from None
    except (TemplateError, TypeError, ValueError, AttributeError, KeyError) as exc:
        where = _template_frame(exc, env) or name
        message = getattr(exc, "message", None) or str(exc)
        raise TemplateProblem(f"{where}: {message}") from None


def _template_frame(exc: BaseException, env: Any) -> str | None:
    """'templates/letter.html.j2:12' from the innermost template frame of the traceback."""
    found = None
    for frame in traceback.extract_tb(exc.__traceback__):
        if frame.filename.endswith(TEMPLATE_SUFFIX):
            found = f"{display_path(frame.filename)}:{frame.lineno}"
    return found


def export_templates(destination: Path) -> list[Path]:
    """Copy the bundled templates into ``destination`` for an office to adapt."""
    import shutil

    from ..outputs import write_error

    sources = sorted(bundled_templates().glob(f"*{TEMPLATE_SUFFIX}"))
    for source in sources:
        target = destination / source.name
        if target.exists():
            raise ResponderError(
                f"{display_path(target)} already exists; export into an empty folder "
                "so an office's changes are never overwritten"
            )
    copied: list[Path] = []
    made = not destination.exists()
    target = destination
    try:
        destination.mkdir(parents=True, exist_ok=True)
        for source in sources:
            target = destination / source.name
            copied.append(target)
            shutil.copyfile(source, target)
    except OSError as exc:
        # Half a set of templates is worse than none: take back what was copied.
        for done in copied:
            done.unlink(missing_ok=True)
        if made:
            with contextlib.suppress(OSError):
                destination.rmdir()
        raise write_error(target, exc) from None
    return copied
