"""The interview's prompts and keys, built on questionary and prompt_toolkit: a menu
answered by a letter, a one-line answer, a multi-line box that gives back what it held when
stopped, yes/no that waits for Enter, "press any key", and a session on given input/output
(for tests and pipes). `track`'s walk uses the same ones, so the keys are the same."""

from __future__ import annotations

import contextlib
from collections.abc import Callable, Iterator
from typing import Any

import questionary
from prompt_toolkit.application import create_app_session

from ...screen import STYLE

# Where a step leaves the person: the walk through the findings (interview and track) moves by these.
BACK, NEXT, QUIT = "back", "next", "quit"



def _share_default_key_bindings() -> None:
    """Build prompt_toolkit's default key map once per process, not once per prompt.

    Every prompt is an Application, and each builds the whole default map (Emacs and Vi,
    thousands of bindings) afresh and starts it with an empty lookup cache: about a quarter
    of the interview's time between two answers. The map holds no state of its own (what a
    key does is decided against the prompt that is running, and Vi's registers live on the
    Application), so every prompt can share one."""
    from prompt_toolkit.application import application
    from prompt_toolkit.key_binding.defaults import load_key_bindings

    if getattr(application.load_key_bindings, "shared", False):
        return
    default_map = load_key_bindings()

    def shared() -> Any:
        return default_map

    shared.shared = True  # type: ignore[attr-defined]
    application.load_key_bindings = shared  # type: ignore[assignment]


_share_default_key_bindings()

TEXT_HELP = "\n  Enter starts a new line · Esc then Enter saves it"


def wait_for_key(message: str) -> None:
    """Any key continues (Enter too); Ctrl-C or Ctrl-D stops, as everywhere else."""
    from prompt_toolkit import PromptSession
    from prompt_toolkit.key_binding import KeyBindings
    from prompt_toolkit.keys import Keys

    bindings = KeyBindings()

    @bindings.add(Keys.Any)
    def _go_on(event: Any) -> None:
        event.app.exit(result="")

    @bindings.add("c-c")
    @bindings.add("c-d")
    def _stop(event: Any) -> None:
        event.app.exit(exception=KeyboardInterrupt, style="class:aborting")

    session: PromptSession[str] = PromptSession(
        [("class:question", f" {message} ")], key_bindings=bindings, style=STYLE)
    try:
        session.prompt()
    except EOFError:
        raise KeyboardInterrupt from None


def menu(message: str, options: list[tuple[str, str, str]], default: str) -> str:
    choices = [questionary.Choice(title, value=value, shortcut_key=key)
               for key, title, value in options]
    chosen = next((c for c in choices if c.value == default), choices[0])
    return str(ask(questionary.select(
        message, choices=choices, default=chosen, use_shortcuts=True, use_jk_keys=False,
        style=STYLE, instruction="(↑ ↓ or the letter, then Enter)",
    )))


def ask_text(message: str, *, default: str = "", multiline: bool = False,
             validate: Callable[[str], bool | str] | None = None) -> str:
    """A typed answer with the interview's keys (Esc then Enter saves a multi-line one)."""
    return str(ask(questionary.text(
        message, default=default, multiline=multiline, validate=validate, style=STYLE,
        instruction=TEXT_HELP + "\n>" if multiline else None)))


def ask(question: Any) -> Any:
    """Ask; Ctrl-C (and Ctrl-D) stop the interview, which saves and says so."""
    try:
        answer = question.unsafe_ask()
    except EOFError:
        raise KeyboardInterrupt from None
    if answer is None:
        raise KeyboardInterrupt
    return answer


def yes_no(message: str, default: bool = False) -> bool:
    """y or n, then Enter: so an Enter typed out of habit does not answer the next question."""
    return bool(ask(questionary.confirm(message, default=default, auto_enter=False, style=STYLE)))


# What the closing lines say of an answer interrupted mid-typing (docs/format.md).
UNFINISHED_NOTE = ("marked unfinished (unfinished: true); run the same command and it goes "
                   "back to it first.")


class StoppedTyping(KeyboardInterrupt):
    """Ctrl-C or Ctrl-D in a text box: stop, but with the text typed so far."""

    def __init__(self, text: str):
        super().__init__()
        self.text = text


def box(message: str, default: str = "", **options: Any) -> str:
    """A multi-line text box; stopping inside it raises StoppedTyping with what it held."""
    from prompt_toolkit.key_binding import KeyBindings

    bindings = KeyBindings()

    @bindings.add("c-d")  # the end-of-input key stops here too, even with text in the box
    def _stop(event: Any) -> None:
        event.app.exit(exception=EOFError, style="class:aborting")

    question = questionary.text(message, default=default, multiline=True, style=STYLE,
                                instruction=TEXT_HELP + "\n>", key_bindings=bindings, **options)
    try:
        answer = question.unsafe_ask()
    except (KeyboardInterrupt, EOFError):
        raise StoppedTyping(question.application.current_buffer.text) from None
    if answer is None:
        raise StoppedTyping("")
    return str(answer)




@contextlib.contextmanager
def _session(input: Any, output: Any) -> Iterator[None]:
    if input is None and output is None:
        yield
    else:
        with create_app_session(input=input, output=output):
            yield


def step_to(index: int, nav: str, notices: list[tuple[str, str]]) -> int:
    """The next place after ``nav`` (BACK or NEXT); going back from the first stays put."""
    if nav != BACK:
        return index + 1
    if index == 0:
        notices.append(("note", "That was the first one; nothing comes before it."))
        return 0
    return index - 1
