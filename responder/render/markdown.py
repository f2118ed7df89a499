"""Comment text (Markdown) to the small HTML vocabulary the builder understands.

markdown-it-py with raw HTML off: anything that looks like markup in a comment
arrives as escaped text, so nothing typed can inject elements into the Word or
web output. Rules that would produce elements outside the vocabulary are
switched off (code blocks and rules have no place in a letter), and a Markdown
heading becomes a bold paragraph so that a comment cannot break the document's
own heading order.

What a comment may hold beyond paragraphs and lists:

- a table (GitHub's pipe tables, markdown-it's ``table`` rule): a real table, its
  first row a header row (``<th scope="col">``);
- an image reference ``![alt](url)``: its alt text, as words (a render never uses
  the network, and an image in a statutory response would need its own alt text);
- a quotation (``> ``): ``<blockquote class="quotation">``, which Word and the web
  page style apart from the inspectorate's own words (``class="finding"``).
"""

from __future__ import annotations

import re
from functools import lru_cache
from typing import Any

# Off: raw HTML, code, rules and link reference definitions, which would swallow lines
# such as "[1]: ..." typed as text.
_DISABLED = ["html_block", "html_inline", "code", "fence", "hr", "reference"]


@lru_cache(maxsize=1)
def _parser() -> Any:
    from markdown_it import MarkdownIt

    md = MarkdownIt("commonmark", {"html": False, "linkify": False, "typographer": False})
    md.disable(_DISABLED)
    md.enable("table")
    md.add_render_rule("heading_open", _heading_open)
    md.add_render_rule("heading_close", _heading_close)
    md.add_render_rule("code_inline", _code_inline)
    md.add_render_rule("image", _image)
    md.add_render_rule("blockquote_open", _blockquote_open)
    md.add_render_rule("th_open", _th_open)
    return md


def _image(self: Any, tokens: Any, idx: int, options: Any, env: Any) -> str:
    from markdown_it.common.utils import escapeHtml

    return escapeHtml(self.renderInlineAsText(tokens[idx].children or [], options, env))


def _blockquote_open(self: Any, tokens: Any, idx: int, options: Any, env: Any) -> str:
    return '<blockquote class="quotation">\n'


def _th_open(self: Any, tokens: Any, idx: int, options: Any, env: Any) -> str:
    tokens[idx].attrSet("scope", "col")  # a comment's table has one header row, at the top
    return str(self.renderToken(tokens, idx, options, env))


def _heading_open(self: Any, tokens: Any, idx: int, options: Any, env: Any) -> str:
    return "<p><strong>"


def _heading_close(self: Any, tokens: Any, idx: int, options: Any, env: Any) -> str:
    return "</strong></p>\n"


def _code_inline(self: Any, tokens: Any, idx: int, options: Any, env: Any) -> str:
    from markdown_it.common.utils import escapeHtml

    return escapeHtml(tokens[idx].content)


# Most comments are plain paragraphs. When a text holds nothing Markdown could read as
# markup (no special character, no line that could open a list, quotation or heading,
# no indented line, no hard break), its HTML is known without parsing; anything else goes
# to markdown-it. tests/test_render_markdown.py checks the two agree.
# Three simple scans are faster than one alternation tried at every character.
_SPECIAL = (
    re.compile(r"[\\`*_\[\]<>&!#|~\x00]"),  # inline markup and entities
    re.compile(r"[^\S \n]"),  # tabs and other white space: indented code, hard breaks
    re.compile(r"^(?:[-+>= ]|\d{1,9}[.)])| \n", re.M),  # lines that open blocks; trailing space
)
_BLANK_LINES = re.compile(r"\n(?:[ \t]*\n)+")


def _plain(text: str) -> str | None:
    if any(pattern.search(text) for pattern in _SPECIAL):
        return None
    return "".join(f"<p>{block.replace(chr(34), '&quot;')}</p>\n"
                   for block in _BLANK_LINES.split(text.strip("\n")))


def to_html(text: str, lead: str = "") -> str:
    """Markdown to HTML; ``lead`` (plain text) opens the first paragraph in bold."""
    if not text or not text.strip():
        if lead:
            return f"<p><strong>{_escape(lead)}</strong></p>\n"
        return ""
    html = _plain(text)
    if html is None:
        html = _parser().render(text)
    if lead:
        opening = f"<p><strong>{_escape(lead)}</strong> "
        html = opening + html[3:] if html.startswith("<p>") else opening.rstrip() + "</p>\n" + html
    return html


def _escape(text: str) -> str:
    from markupsafe import escape

    return str(escape(text))
