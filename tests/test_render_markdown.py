"""The Markdown filter: raw HTML off, and the plain-text fast path agrees with markdown-it."""

from __future__ import annotations

import random

import pytest

from conftest import example_files
from responder.render import markdown


def full(text: str) -> str:
    return markdown._parser().render(text)


def comments_in_examples() -> list[str]:
    from responder.response.reading import read

    texts = []
    for source in example_files():
        response = read(source)
        for _, section in response.walk_sections():
            texts += [c.text for c in (section.force, section.commissioner) if c]
            texts.append(section.summary or "")
            for finding in section.findings:
                for item in finding.walk():
                    texts += [c.text for c in (item.force, item.commissioner) if c]
                    texts.append(item.action.explanation if item.action else "")
    return [t for t in texts if t]


TRICKY = [
    "plain words", "two\nlines", "para one\n\npara two", "para one\n\n\n\npara two",
    'she said "yes"', "it's fine", "1990 was a year", "1990. The year", "3) third",
    "- bullet", "+ plus", "> quote", "Heading\n===", "Text\n---", "a  b", "trailing \nspace",
    "   indented", "\tTab", "non\u00a0breaking", "\u00a0lead", "end\u00a0", "x\r\ny",
    "a & b", "<b>x</b>", "**bold**", "_it_", "[link](http://x)", "`code`", "# head",
    "back\\slash", "pipe | table", "tilde ~~", "bang!", "emoji 🙂 ŵ ŷ مرحبا", "a\n \nb",
    "a\n\t\nb", "100% sure", "e-mail a-b", "x = y", "(a) first", "a.\nb.", "2024-01-01 date",
]


@pytest.mark.parametrize("text", TRICKY)
def test_fast_path_agrees_on_tricky_texts(text):
    plain = markdown._plain(text)
    if plain is not None:
        assert plain == full(text)


def test_fast_path_agrees_on_examples_and_random_texts():
    rng = random.Random(5)
    alphabet = list("abc XYZ.,;:'\"-+=>\n\n\t\u00a01234567890()%/?") + ["  ", "\n\n", "\n \n"]
    texts = comments_in_examples()
    texts += ["".join(rng.choice(alphabet) for _ in range(rng.randint(1, 40))).strip()
              for _ in range(3000)]
    used = 0
    for text in texts:
        if not text:
            continue
        plain = markdown._plain(text)
        if plain is not None:
            used += 1
            assert plain == full(text), repr(text)
    assert used > 100  # the fast path is actually exercised


def test_raw_html_and_images_stay_text():
    html = markdown.to_html('<img src="http://x/y.png"> ![alt](http://x/y.png) <b>b</b>')
    assert "<img" not in html and "<b>" not in html
    assert "&lt;img" in html


def test_unsafe_links_are_not_links():
    html = markdown.to_html("[click](javascript:alert(1))")
    assert "href" not in html


def test_lead_opens_the_first_paragraph():
    lead = markdown.to_html("Done.", "Action taken:")
    assert lead == "<p><strong>Action taken:</strong> Done.</p>\n"
    assert markdown.to_html("- a", "Action:").startswith("<p><strong>Action:</strong></p>\n<ul>")
    assert markdown.to_html("", "Action:") == "<p><strong>Action:</strong></p>\n"
