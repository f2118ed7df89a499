"""Web pages: headings, paragraphs and list items from the page's main content.

Navigation, headers, footers, scripts and cookie banners are dropped. Pure: takes
the page's bytes.
"""

from __future__ import annotations

import re
from collections.abc import Iterator
from typing import Any

from .blocks import Block

SKIP = {"script", "style", "noscript", "nav", "header", "footer", "aside", "form", "template",
        "svg", "button", "select", "iframe", "head", "title", "meta", "link"}
HEADINGS = {"h1": 1, "h2": 2, "h3": 3, "h4": 4, "h5": 5, "h6": 6}
LISTS = {"ul", "ol"}
# Elements that start a new block of their own when they hold text.
BLOCKISH = {"p", "div", "section", "article", "main", "body", "blockquote", "figure",
            "figcaption", "dl", "dt", "dd", "details", "summary", "address", "pre", "table",
            "thead", "tbody", "tfoot", "tr", "td", "th", "caption", "li", "html", "center"}
NOISE_HINTS = ("cookie", "breadcrumb", "skip-link", "site-header", "site-footer", "share",
               "navigation", "menu", "banner")


def read_html(raw: bytes) -> list[Block]:
    from bs4 import BeautifulSoup

    soup = BeautifulSoup(raw, "lxml")
    for tag in soup.find_all(SKIP):
        tag.decompose()
    for tag in soup.find_all(None, {"role": ["navigation", "banner", "contentinfo", "search"]}):
        tag.decompose()
    for tag in soup.find_all(_is_noise):
        tag.decompose()
    for tag in soup.find_all(_is_hidden):
        tag.decompose()  # not shown on the page, so not part of the report as published
    root = soup.find("main") or soup.find(None, {"role": "main"}) or soup.body or soup
    return list(_walk(root, 0, 0))


# Real pages nest a few dozen elements; past this, what is inside is read as one paragraph
# (a page nested 20,000 deep would otherwise exhaust Python's recursion).
MAX_NESTING = 100


def _is_noise(tag: Any) -> bool:
    if tag.name in ("main", "body", "html", "article"):
        return False
    names = " ".join(tag.get("class") or []) + " " + (tag.get("id") or "")
    names = names.lower()
    return any(hint in names for hint in NOISE_HINTS)


_HIDDEN_STYLE = re.compile(r"(?:^|;)\s*(?:display\s*:\s*none|visibility\s*:\s*hidden)\b",
                           re.IGNORECASE)


def _is_hidden(tag: Any) -> bool:
    if tag.name in ("html", "body"):
        return False
    return tag.has_attr("hidden") or bool(_HIDDEN_STYLE.search(tag.get("style") or ""))


def _walk(node: Any, list_level: int, depth: int) -> Iterator[Block]:
    inline: list[str] = []

    def flush() -> Iterator[Block]:
        text = " ".join(inline).strip()
        inline.clear()
        if text:
            yield Block("paragraph", text)

    for child in node.children:
        name = getattr(child, "name", None)
        if name is None:
            if child.__class__.__name__ in ("Comment", "Doctype", "CData", "ProcessingInstruction"):
                continue
            inline.append(str(child))
            continue
        if name in HEADINGS:
            yield from flush()
            yield Block("heading", child.get_text(" "), HEADINGS[name])
        elif name in LISTS:
            yield from flush()
            for li in child.find_all("li", recursive=False):
                yield from _item(li, list_level + 1, depth + 1)
        elif name == "br":
            inline.append(" ")
        elif name == "p":
            yield from flush()
            yield Block("paragraph", child.get_text(" "))
        elif depth >= MAX_NESTING:
            yield from flush()
            yield Block("paragraph", " ".join(child.get_text(" ").split()))
        elif name in BLOCKISH or _has_block(child):
            yield from flush()
            yield from _walk(child, list_level, depth + 1)
        else:
            inline.append(child.get_text(" "))
    yield from flush()


def _item(li: Any, level: int, depth: int) -> Iterator[Block]:
    own: list[str] = []
    nested: list[Any] = []
    for child in li.children:
        name = getattr(child, "name", None)
        if name in LISTS or (name is not None and name != "p" and _has_block(child)):
            nested.append(child)
        elif name is None:
            own.append(str(child))
        else:
            own.append(child.get_text(" "))
    yield Block("item", " ".join(own), level)
    for child in nested:
        if child.name in LISTS:
            for sub in child.find_all("li", recursive=False):
                yield from _item(sub, level + 1, depth + 1)
        else:
            yield from _walk(child, level, depth + 1)


def _has_block(tag: Any) -> bool:
    return tag.find(list(HEADINGS) + ["p", "ul", "ol", "div", "table", "li"]) is not None
