"""The writing of a render: possessives, tables, images and quotations typed in comments
(issue 11, item 14), and a template's work bounded (issue 12, item 13)."""

from __future__ import annotations

import re
from pathlib import Path

import pytest
from docx import Document
from docx.shared import Pt

TODAY = "2023-05-10"

RESPONSE = """\
responder: 1
body:
  name: Office of the Police and Crime Commissioner for the West Midlands
  role: Police and Crime Commissioner for the West Midlands
  short_role: PCC
  website: https://www.westmidlands-pcc.example
force:
  name: West Midlands Police
  short_name: WMP
  chief_role: Chief Constable
report:
  title: PEEL 2023
  published: 2023-05-04
letter:
  to: {name: Home Secretary, role: Home Secretary}
  body: We welcome the report.
sections:
  - id: s1
    title: Answering calls
    findings:
      - id: s1-afi1
        kind: area_for_improvement
        text: The force should answer emergency calls faster.
        force: |
          Our figures:

          | Month | Calls answered in 10 seconds |
          |---|--:|
          | May | 91% |
          | June | 94% |

          The trend is shown in ![a chart of calls answered by month](https://x.example/c.png).
        commissioner: |
          I have asked the force for a plan. As one caller told us:

          > I waited a long time before anyone answered.

          I will review progress in March.
"""


@pytest.fixture
def response(tmp_path: Path) -> Path:
    path = tmp_path / "r.yaml"
    path.write_text(RESPONSE, encoding="utf-8")
    return path


def render(cli, source: Path, out: Path, *extra: str) -> None:
    result = cli("render", source, "-o", out, "--today", TODAY, *extra)
    assert result.code == 0, result.err


def test_possessive_of_a_name_ending_in_s(cli, response, tmp_path):
    render(cli, response, tmp_path / "letter.docx")
    render(cli, response, tmp_path / "statement.html", "--shape", "statement")
    text = " ".join(p.text for p in Document(str(tmp_path / "letter.docx")).paragraphs)
    assert "the Police and Crime Commissioner for the West Midlands' comments" in text
    assert "the Chief Constable's response" in text
    assert "West Midlands's" not in text
    page = (tmp_path / "statement.html").read_text(encoding="utf-8")
    assert "More about the Police and Crime Commissioner for the West Midlands&#39; work" in page


def test_possessive_filter():
    from responder.render.environment import possessive

    assert possessive("the force") == "the force's"
    assert possessive("the West Midlands") == "the West Midlands'"
    assert possessive("HOMES") == "HOMES'"
    assert possessive("") == ""


def test_a_markdown_table_in_a_comment_is_a_word_table(cli, response, tmp_path):
    out = tmp_path / "letter.docx"
    render(cli, response, out)
    doc = Document(str(out))
    tables = [t for t in doc.tables if t.cell(0, 0).text == "Month"]
    assert len(tables) == 1
    table = tables[0]
    assert [[c.text for c in row.cells] for row in table.rows] == [
        ["Month", "Calls answered in 10 seconds"], ["May", "91%"], ["June", "94%"]]
    header = table.rows[0]._tr
    assert header.find(".//{*}tblHeader") is not None, "the header row repeats on each page"
    right = table.cell(1, 1).paragraphs[0].paragraph_format.alignment
    assert right is not None and int(right) == 2  # the column's alignment (--:) is kept
    assert "|" not in " ".join(p.text for p in doc.paragraphs)


def test_a_markdown_table_in_a_comment_is_an_html_table(cli, response, tmp_path):
    out = tmp_path / "letter.html"
    render(cli, response, out)
    page = out.read_text(encoding="utf-8")
    table = re.search(r"<table>.*?Calls answered.*?</table>", page, re.S)
    assert table is not None
    assert '<th scope="col">Month</th>' in table.group(0)
    assert "<td>June</td>" in table.group(0)


@pytest.mark.parametrize("fmt", ["docx", "html"])
def test_an_image_reference_renders_as_its_alt_text(cli, response, tmp_path, fmt):
    out = tmp_path / f"letter.{fmt}"
    render(cli, response, out)
    if fmt == "docx":
        text = " ".join(p.text for p in Document(str(out)).paragraphs)
    else:
        text = out.read_text(encoding="utf-8")
    assert "The trend is shown in a chart of calls answered by month." in text
    assert "!" not in text.split("The trend is shown in")[1][:60]
    assert "x.example/c.png" not in text and "<img" not in text


def test_a_quotation_in_a_comment_is_styled_apart_from_the_inspectorate(cli, response, tmp_path):
    out = tmp_path / "letter.docx"
    render(cli, response, out)
    styles = {p.text: p.style.name for p in Document(str(out)).paragraphs if p.text}
    assert styles["The force should answer emergency calls faster."] == "Quote"
    assert styles["I waited a long time before anyone answered."] == "Comment Quote"
    quoted = [p for p in Document(str(out)).paragraphs
              if p.text == "I waited a long time before anyone answered."][0]
    assert not any(run.italic for run in quoted.runs), "italics are the inspectorate's"
    html = tmp_path / "letter.html"
    render(cli, response, html)
    page = html.read_text(encoding="utf-8")
    assert '<blockquote class="finding">' in page
    assert '<blockquote class="quotation">\n<p>I waited a long time' in page
    assert "blockquote.quotation { font-style: normal;" in page


def test_a_letterhead_with_its_own_comment_quote_style_keeps_it(cli, response, tmp_path):
    base = tmp_path / "letterhead.docx"
    doc = Document()
    doc.styles.add_style("Comment Quote", 1).font.size = Pt(11)  # the office's own design
    doc.save(str(base))
    out = tmp_path / "letter.docx"
    render(cli, response, out, "--letterhead", str(base))
    styles = [s for s in Document(str(out)).styles if s.name == "Comment Quote"]
    assert len(styles) == 1 and styles[0].font.size == Pt(11)


# ---------------------------------------------------------------- a template's work bounded


@pytest.mark.parametrize(("template", "says"), [
    ("{% for i in range(10**9) %}x{% endfor %}", "too large for a template"),
    ("{% for i in range(100000) %}{% for j in range(100000) %}{% endfor %}{% endfor %}",
     "range() asked for"),
    ("{{ 2**100000 }}", "a power (**) too large"),
    ('{{ "x" * 10**8 }}', "a repetition (text * number) too long"),
    ('{{ "x" * 9000000 }}', "a repetition (text * number) too long"),
    ('{{ "x"|center(10**9) }}', "too large for a template"),
    ('{{ "x".ljust(900000000) }}', "too large for a template"),
    ("{% macro f(n) %}{{ f(n + 1) }}{% endmacro %}{{ f(1) }}", "calls itself without end"),
])
def test_an_office_template_cannot_run_away(cli, response, tmp_path, template, says):
    folder = tmp_path / "office"
    folder.mkdir()
    (folder / "statement.html.j2").write_text(template, encoding="utf-8")
    out = tmp_path / "s.html"
    result = cli("render", response, "--shape", "statement", "--templates", folder, "-o", out,
                 "--today", TODAY)
    assert result.code == 2
    assert result.err.count("\n") == 1, result.err
    assert "statement.html.j2" in result.err and "stopped:" in result.err and says in result.err
    assert not out.exists()


def test_a_template_still_running_is_stopped(cli, response, tmp_path, monkeypatch):
    """Nested loops over a long text call nothing the counters see: the watchdog stops them."""
    import responder.render.environment as environment

    monkeypatch.setattr(environment, "MAX_SECONDS", 0.5)
    folder = tmp_path / "office"
    folder.mkdir()
    (folder / "statement.html.j2").write_text(
        '{% set s = "abcdefghij" * 100000 %}{% for a in s %}{% for b in s %}{% endfor %}'
        "{% endfor %}", encoding="utf-8")
    result = cli("render", response, "--shape", "statement", "--templates", folder, "-o",
                 tmp_path / "s.html", "--today", TODAY)
    assert result.code == 2
    assert "stopped: the template was still running after 0.5 seconds" in result.err


def test_ordinary_template_arithmetic_still_works(cli, response, tmp_path):
    folder = tmp_path / "office"
    folder.mkdir()
    (folder / "statement.html.j2").write_text(
        "<p>{{ 10**9 }} {{ '-' * 20 }} {% for i in range(3) %}{{ i }}{% endfor %} "
        "{{ 'x'|center(9) }}</p>", encoding="utf-8")
    out = tmp_path / "s.html"
    render(cli, response, out, "--shape", "statement", "--templates", str(folder))
    assert "1000000000 -------------------- 012" in out.read_text(encoding="utf-8")
