"""responder profile: the office's details that every response shares ([office] in responder.toml)."""

from __future__ import annotations

import argparse
from pathlib import Path

from ..errors import ExitCode, NeedsTerminal
from .common import is_terminal, say


def add_arguments(sub: argparse.ArgumentParser) -> None:
    sub.description = (
        "Create or update the office profile by answering a few questions (Enter keeps what "
        "is there). It lives in [office] of responder.toml: the one in this folder, else the "
        "one in your user config folder; `new`, `import` and `render` fill from it.")
    sub.add_argument("--show", action="store_true", help="print the profile and where it is kept")
    sub.add_argument("--user", action="store_true",
                     help="write the profile in your user config folder, for every folder")
    sub.add_argument("--config", metavar="FILE", help="the responder.toml to read and write")


def run(args: argparse.Namespace) -> int:
    from ..drafting import profile
    from ..errors import display_path

    explicit = Path(args.config) if args.config else None
    if args.show:
        shown = profile.load(explicit) if explicit is None or explicit.is_file() else \
            profile.Profile(profile.Office(), None)
        say(*profile.show_lines(shown))
        return ExitCode.OK
    path = profile.target(explicit, args.user)
    current = profile.load(path) if path.is_file() else profile.Profile(profile.Office(), None)
    if not is_terminal():
        raise NeedsTerminal(f"profile: asking needs a terminal; edit [office] in {display_path(path)} "
                            "by hand (see docs/format.md), or use --show")
    from ..drafting.interview.questions import ask_profile

    if current.source is None:
        say(f"No office profile yet: your answers make one in {display_path(path)}.", "")
    else:
        say(*profile.show_lines(current), "")
    answers = ask_profile(profile.plain(current.office))
    office = profile.Office.model_validate(answers)
    profile.write(path, office)
    say(f"Saved the office profile in {display_path(path)}. "
        "`responder new` and `responder import` now fill from it, and `responder progress` "
        "takes the committee from it.")
    return ExitCode.OK
