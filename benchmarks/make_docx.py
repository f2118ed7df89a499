"""Write a report's blocks as a Word document (and, with LibreOffice, a PDF).

Used to make the PDF fixtures under tests/fixtures/import and the long PDF the
import benchmark reads. Run from the repository root:

    python benchmarks/make_docx.py tests/fixtures/import/peel-2021-22-wessex.txt out.docx [--pdf]
        [--html out.html]
"""

from __future__ import annotations

import argparse
import shutil
import subprocess
import sys
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent.parent))

from responder.importing import read_blocks  # noqa: E402
from responder.importing.blocks import Block  # noqa: E402


def write_docx(blocks: list[Block], target: Path, title: str = "", repeat: int = 1,
               inline_bullets: bool = False) -> None:
    import docx
    from docx.shared import Pt

    document = docx.Document()
    if title:
        document.core_properties.title = title
        header = document.sections[0].header.paragraphs[0]
        header.text = f"{title} – HMICFRS"
        footer = document.sections[0].footer.paragraphs[0]
        _page_number(footer)
    document.styles["Normal"].font.size = Pt(11)
    # Paragraph spacing as in the inspectorate's own documents.
    document.styles["Normal"].paragraph_format.space_after = Pt(8)
    for copy in range(repeat):
        for block in blocks:
            if block.kind == "heading":
                if block.level == 1:
                    if copy:
                        continue
                    document.add_paragraph(block.text, style="Title")
                else:
                    document.add_heading(block.text, level=min(block.level - 1, 9))
            elif block.kind == "item" and inline_bullets:
                document.add_paragraph(f"\u2022 {block.text}")  # the glyph in the text itself
            elif block.kind == "item":
                style = "List Bullet" if block.level <= 1 else f"List Bullet {min(block.level, 3)}"
                document.add_paragraph(block.text, style=style)
            else:
                document.add_paragraph(block.text)
    document.save(target)


def _page_number(paragraph) -> None:  # type: ignore[no-untyped-def]
    from docx.oxml import OxmlElement
    from docx.oxml.ns import qn

    run = paragraph.add_run()
    for kind, text in (("begin", None), (None, "PAGE"), ("end", None)):
        if kind:
            element = OxmlElement("w:fldChar")
            element.set(qn("w:fldCharType"), kind)
        else:
            element = OxmlElement("w:instrText")
            element.text = text
        run._r.append(element)


def write_html(blocks: list[Block], target: Path, title: str = "") -> None:
    """The report as the inspectorate's web page has it: site header, navigation, main, footer."""
    from html import escape

    out = ["<!DOCTYPE html>", '<html lang="en-GB"><head><meta charset="utf-8">',
           f"<title>{escape(title)} - HMICFRS</title></head><body>",
           '<header class="site-header"><a href="/">HMICFRS</a></header>',
           '<nav><ul><li><a href="/">Home</a></li><li><a href="/publications">Publications'
           "</a></li></ul></nav>", "<main>"]
    depth = 0  # open list levels; an open level has an open <li>
    for block in blocks:
        level = block.level if block.kind == "item" else 0
        while depth > level:
            out.append("</li></ul>")
            depth -= 1
        if block.kind == "item":
            if depth == level:
                out.append("</li>")
            while depth < level:
                out.append("<ul>")
                depth += 1
            out.append(f"<li>{escape(block.text)}")
        elif block.kind == "heading":
            out.append(f"<h{min(block.level, 6)}>{escape(block.text)}</h{min(block.level, 6)}>")
        else:
            out.append(f"<p>{escape(block.text)}</p>")
    out += ["</li></ul>" * depth, "</main>",
            '<footer class="site-footer"><p>© HMICFRS</p></footer></body></html>']
    target.write_text("\n".join(out), encoding="utf-8")


def to_pdf(source: Path, folder: Path) -> Path:
    soffice = shutil.which("soffice") or shutil.which("libreoffice")
    if soffice is None:
        raise FileNotFoundError("LibreOffice (soffice) is not installed")
    subprocess.run([soffice, "--headless", "--convert-to", "pdf", "--outdir", str(folder),
                    str(source)], check=True, capture_output=True, timeout=600)
    return folder / (source.stem + ".pdf")


def main() -> None:
    parser = argparse.ArgumentParser()
    parser.add_argument("report", type=Path)
    parser.add_argument("target", type=Path)
    parser.add_argument("--pdf", action="store_true")
    parser.add_argument("--html", type=Path, help="also write the report as a web page here")
    parser.add_argument("--repeat", type=int, default=1)
    parser.add_argument("--inline-bullets", action="store_true",
                        help="write bullets as a glyph in the text, not as a list style")
    args = parser.parse_args()
    _, blocks = read_blocks(args.report)
    title = next((b.text for b in blocks if b.kind == "heading" and b.level == 1), "")
    write_docx(blocks, args.target, title, args.repeat, args.inline_bullets)
    if args.html:
        write_html(blocks, args.html, title)
    if args.pdf:
        print(to_pdf(args.target, args.target.parent))


if __name__ == "__main__":
    main()
