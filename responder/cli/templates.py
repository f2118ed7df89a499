"""responder templates export DIR: copy the bundled templates for an office to adapt."""

from __future__ import annotations

import argparse
from pathlib import Path

from ..errors import ExitCode, UsageError
from .common import say


def add_arguments(sub: argparse.ArgumentParser) -> None:
    actions = sub.add_subparsers(title="actions", metavar="ACTION", parser_class=type(sub))
    export = actions.add_parser(
        "export", help="copy the bundled templates into DIR",
        description="Copy the bundled templates (letter, appendix, statement, committee paper, "
        "web page) and the catalogues of their fixed wording (locale/responder.pot, and the Welsh in "
        "locale/cy.po) into DIR so the office can adapt their wording. Then give the folder to "
        "'responder render --templates DIR' or 'responder progress --templates DIR': a "
        "template in DIR is used before the bundled one of the same name. See docs/render.md.")
    export.add_argument("folder", metavar="DIR", help="the folder to copy them into")
    export.set_defaults(run=export_templates)


def run(args: argparse.Namespace) -> int:
    """No action named (``responder templates``): say which there are."""
    raise UsageError("templates: name an action: 'responder templates export DIR'")


def export_templates(args: argparse.Namespace) -> int:
    from ..render import export_templates

    copied = export_templates(Path(args.folder))
    folder = Path(args.folder)
    say(f"Copied {len(copied)} templates and catalogues to {args.folder}:",
        *(f"  {p.relative_to(folder).as_posix()}" for p in copied))
    say(f"Edit them, then render with --templates {args.folder}; a translator reviews the Welsh "
        "in locale/cy.po (docs/welsh.md names the phrases to confirm)")
    return ExitCode.OK
