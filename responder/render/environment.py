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


# How much work a template may do in one render: an office's template runs in Jinja's
# sandbox, which stops it reaching files or Python's insides but not from computing
# forever. Real templates stay far below these (the bundled ones use no range at all).
MAX_RANGE_ITEMS = 1_000_000  # every range() of one render, together
MAX_NUMBER = 10_000_000  # the largest number passed to a call or a filter
MAX_REPEAT = 1_000_000  # the longest text or list a repetition (*) may build
MAX_POWER_BITS = 4096  # 10**9 is fine; 10**10**10 is not
MAX_OUTPUT_CHARS = 128 * 1024 * 1024  # the whole page, several times the largest response
# Loops over the template's own text (each character of a long string, nested) cannot be
# counted one by one without slowing every render; a watchdog stops a template that is
# still running after this long (the bundled templates take well under a second).
MAX_SECONDS = 60.0


class TooMuchWork(Exception):
    """A template asked for more work than a letter could need."""


_SANDBOX: Any = None


def _sandbox_class() -> Any:
    """Jinja's SandboxedEnvironment with its work bounded (built once, on first use)."""
    global _SANDBOX
    if _SANDBOX is not None:
        return _SANDBOX
    import operator

    from jinja2.sandbox import SandboxedEnvironment

    class BoundedSandbox(SandboxedEnvironment):
        intercepted_binops = frozenset({"**", "*"})

        def __init__(self, *args: Any, **kwargs: Any) -> None:
            super().__init__(*args, **kwargs)
            self.range_used = 0
            self.globals["range"] = self.bounded_range

        def bounded_range(self, *args: int) -> range:
            items = range(*args)
            self.range_used += len(items)
            if self.range_used > MAX_RANGE_ITEMS:
                raise TooMuchWork(f"range() asked for {self.range_used:,} items in one render "
                                  f"(the limit is {MAX_RANGE_ITEMS:,})")
            return items

        def call_binop(self, context: Any, op: str, left: Any, right: Any) -> Any:
            if op == "**" and isinstance(left, int) and isinstance(right, int) and right > 0:
                if max(left.bit_length(), 1) * right > MAX_POWER_BITS:
                    raise TooMuchWork("a power (**) too large for a template")
            if op == "*":
                for seq, n in ((left, right), (right, left)):
                    if isinstance(seq, str | list | tuple) and isinstance(n, int) \
                            and len(seq) * n > MAX_REPEAT:
                        raise TooMuchWork("a repetition (text * number) too long for a template")
            return {"**": operator.pow, "*": operator.mul}[op](left, right)

        def call(__self, __context: Any, __obj: Any, *args: Any, **kwargs: Any) -> Any:  # noqa: N805
            _small_numbers(args, kwargs)
            return super().call(__context, __obj, *args, **kwargs)

    _SANDBOX = BoundedSandbox
    return BoundedSandbox


def _small_numbers(args: tuple[Any, ...], kwargs: dict[str, Any]) -> None:
    for value in (*args, *kwargs.values()):
        if isinstance(value, int) and not isinstance(value, bool) and abs(value) > MAX_NUMBER:
            raise TooMuchWork(f"the number {value:,} is too large for a template "
                              f"(the limit is {MAX_NUMBER:,})")


def _bounded_filter(func: Any) -> Any:
    """A filter that refuses huge numbers ("x"|center(10**9) would build a gigabyte)."""
    import functools

    @functools.wraps(func)
    def call(*args: Any, **kwargs: Any) -> Any:
        _small_numbers(args, kwargs)
        return func(*args, **kwargs)

    return call


def bundled_templates() -> Path:
    """The templates shipped with responder (in the wheel), or the checkout's templates/."""
    try:
        packaged = resources.files("responder") / "templates"
        if packaged.is_dir():
            return Path(str(packaged))
    except (ModuleNotFoundError, OSError, TypeError):
        pass
    return Path(__file__).resolve().parent.parent.parent / "templates"


def translations(lang: str, office_templates: Path | None = None) -> Any:
    """The fixed wording in ``lang`` (render/i18n.py), an office's catalogue over ours."""
    from .i18n import translations as load

    return load(lang, bundled_templates(), office_templates)


def make_environment(office_templates: Path | None = None, lang: str = "en") -> Any:
    """The sandboxed environment. Templates are compiled once per process and kept in
    memory only (``_COMPILED``): Jinja's bytecode cache reads its files with pickle, so a
    file planted in the cache folder would run as code (issue 23)."""
    from jinja2 import ChoiceLoader, FileSystemLoader, StrictUndefined, select_autoescape

    from .markdown import to_html

    global _COMPILED
    if _COMPILED is None:
        _COMPILED = _in_memory_cache()
    loaders = []
    if office_templates is not None:
        if not office_templates.is_dir():
            raise ResponderError(f"{display_path(office_templates)}: no such templates folder")
        loaders.append(FileSystemLoader(office_templates))
    loaders.append(FileSystemLoader(bundled_templates()))
    env = _sandbox_class()(
        loader=ChoiceLoader(loaders),
        undefined=StrictUndefined,
        autoescape=select_autoescape(default=True, default_for_string=True),
        trim_blocks=True,
        lstrip_blocks=True,
        keep_trailing_newline=False,
        bytecode_cache=_COMPILED,
    )
    from markupsafe import Markup

    env.filters["markdown"] = lambda text, lead="": Markup(to_html(text or "", lead))
    env.filters["in_words"] = (lambda number: in_words(number, lang)) if lang != "en" else in_words
    env.filters["possessive"] = (lambda name: possessive(name, lang)) if lang != "en" else possessive
    from .i18n import install

    install(env, translations(lang, office_templates))
    for name, func in list(env.filters.items()):
        env.filters[name] = _bounded_filter(func)
    return env


def _in_memory_cache() -> Any:
    from jinja2 import BytecodeCache

    class InMemory(BytecodeCache):
        """Compiled templates kept in this process's memory, never on disk, so a template is
        compiled once however many environments render it (a site of a hundred responses
        compiled them 772 times: 17 of its 21 seconds). Keyed by the template's file, its
        source's checksum and how the environment parses, so an edited template or another
        setting is compiled afresh."""

        def __init__(self) -> None:
            self.code: dict[tuple, Any] = {}

        def _key(self, bucket: Any) -> tuple:
            env = bucket.environment
            return (bucket.key, bucket.checksum, type(env), env.trim_blocks, env.lstrip_blocks,
                    tuple(sorted(env.extensions)))

        def load_bytecode(self, bucket: Any) -> None:
            code = self.code.get(self._key(bucket))
            if code is not None:
                bucket.code = code

        def dump_bytecode(self, bucket: Any) -> None:
            self.code[self._key(bucket)] = bucket.code

    return InMemory()


_COMPILED: Any = None  # the InMemory cache, made by the first environment


def possessive(name: str, lang: str = "en") -> str:
    """'the Chief Constable' -> "the Chief Constable's"; a name ending in s takes the
    apostrophe alone: "the Commissioner for the West Midlands'". Welsh marks the owner by
    order alone ("gwaith y Comisiynydd"), so there the name stays as it is."""
    name = str(name or "")
    if not name or lang != "en":
        return name
    return name + ("'" if name[-1] in "sS" else "'s")


_WORDS = ("no", "one", "two", "three", "four", "five", "six", "seven", "eight", "nine", "ten")


def in_words(number: int, lang: str = "en") -> str:
    """Numbers to ten in words, as house style writes them in running text: 7 -> 'seven'.
    In Welsh, figures: a number word there takes the gender of its noun and mutates it, so
    the catalogue's plural forms spell out the few that need it ("dau faes", "tri maes")."""
    if lang != "en":
        return f"{number:,}"
    return _WORDS[number] if 0 <= number < len(_WORDS) else f"{number:,}"


def render_template(env: Any, name: str, context: dict[str, Any]) -> str:
    """Render one template; any template fault becomes a TemplateProblem naming file and line."""
    from jinja2 import TemplateError, TemplateNotFound, TemplateSyntaxError

    try:
        template = env.get_template(name)
        pieces, size = [], 0
        with _Watchdog(MAX_SECONDS):
            for piece in template.generate(context):
                size += len(piece)
                if size > MAX_OUTPUT_CHARS:
                    raise TooMuchWork(f"the template wrote more than {MAX_OUTPUT_CHARS:,} "
                                      "characters")
                pieces.append(piece)
        return "".join(pieces)
    except TooMuchWork as exc:
        where = _template_frame(exc, env) or _template_frame(exc.__cause__, env) or name
        raise TemplateProblem(f"{where}: stopped: {exc}; a template for a letter never "
                              "needs this much work") from None
    except RecursionError:
        raise TemplateProblem(f"{name}: stopped: a macro calls itself without end") from None
    except (OverflowError, MemoryError) as exc:
        where = _template_frame(exc, env) or name
        raise TemplateProblem(f"{where}: stopped: the template asked for too much ({exc})") from None
    except TemplateNotFound as exc:
        raise TemplateProblem(f"template {exc.name!r} not found") from None
    except TemplateSyntaxError as exc:
        where = display_path(exc.filename) if exc.filename else (exc.name or name)
        raise TemplateProblem(f"{where}:{exc.lineno}: {exc.message}") from None
    except (TemplateError, TypeError, ValueError, AttributeError, KeyError) as exc:
        where = _template_frame(exc, env) or name
        message = getattr(exc, "message", None) or str(exc)
        raise TemplateProblem(f"{where}: {message}") from None


class _Watchdog:
    """Raises TooMuchWork in this thread if the block is still running after ``seconds``.

    CPython delivers an exception set from another thread (PyThreadState_SetAsyncExc) at
    the next bytecode, so it stops even a loop that calls nothing. Elsewhere (no
    pythonapi) the watchdog does nothing and the counted limits still apply."""

    def __init__(self, seconds: float):
        import threading

        self.seconds = seconds
        self.target = threading.get_ident()
        self.lock = threading.Lock()
        self.active = False
        self.fired = False
        self.timer: Any = None

    def _fire(self) -> None:
        import ctypes

        with self.lock:
            if self.active:
                self.fired = True
                ctypes.pythonapi.PyThreadState_SetAsyncExc(
                    ctypes.c_ulong(self.target), ctypes.py_object(_Overtime))

    def __enter__(self) -> _Watchdog:
        import threading

        try:
            import ctypes

            ctypes.pythonapi.PyThreadState_SetAsyncExc  # noqa: B018 - CPython only
        except (ImportError, AttributeError):
            return self
        self.active = True
        self.timer = threading.Timer(self.seconds, self._fire)
        self.timer.daemon = True
        self.timer.start()
        return self

    def __exit__(self, kind: Any, value: Any, tb: Any) -> bool:
        if self.timer is None:
            return False
        with self.lock:
            self.active = False
            fired = self.fired
        self.timer.cancel()
        if fired:
            import ctypes

            # Withdraw an exception set but not yet delivered, and say what happened.
            ctypes.pythonapi.PyThreadState_SetAsyncExc(ctypes.c_ulong(self.target), None)
            raise TooMuchWork(
                f"the template was still running after {self.seconds:g} seconds") from value
        return False


class _Overtime(Exception):
    """Raised into the rendering thread by the watchdog; turned into TooMuchWork."""


def _template_frame(exc: BaseException | None, env: Any) -> str | None:
    """'templates/letter.html.j2:12' from the innermost template frame of the traceback."""
    found = None
    if exc is None:
        return None
    for frame in traceback.extract_tb(exc.__traceback__):
        if frame.filename.endswith(TEMPLATE_SUFFIX):
            found = f"{display_path(frame.filename)}:{frame.lineno}"
    return found


def export_templates(destination: Path) -> list[Path]:
    """Copy the bundled templates into ``destination`` for an office to adapt."""
    import shutil

    from ..response.outputs import write_error

    bundled = bundled_templates()
    # The templates, and the catalogues of their fixed wording: responder.pot (every message)
    # and cy.po (the Welsh), for the office's translator to review; a locale/cy.po in the
    # office's folder is laid over the shipped one when rendering (render/i18n.py). The
    # website's pages (`responder site`) are in site/, found there in the office's folder too.
    sources = (sorted(bundled.glob(f"*{TEMPLATE_SUFFIX}"))
               + sorted((bundled / "site").glob(f"*{TEMPLATE_SUFFIX}"))
               + sorted((bundled / "locale").glob("*.po*")))
    for source in sources:
        target = destination / source.relative_to(bundled)
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
            target = destination / source.relative_to(bundled)
            target.parent.mkdir(exist_ok=True)
            copied.append(target)
            shutil.copyfile(source, target)
    except OSError as exc:
        # Half a set of templates is worse than none: take back what was copied.
        for done in copied:
            done.unlink(missing_ok=True)
        for folder in ("locale", "site"):
            with contextlib.suppress(OSError):
                (destination / folder).rmdir()
        if made:
            with contextlib.suppress(OSError):
                destination.rmdir()
        raise write_error(target, exc) from None
    return copied
