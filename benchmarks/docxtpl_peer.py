"""The peer for benchmarks/render.py: the same response rendered with docxtpl.

docxtpl (python-docx + Jinja inside a Word template) is what an office would reach
for to fill a Word letter from data. This script does what `responder render` does
for a letter, the docxtpl way: read the YAML, walk the sections and findings, fill a
template with a heading per section, a paragraph per finding, and the force's and
the commissioner's comments paragraph by paragraph, and save the .docx.

    python benchmarks/docxtpl_peer.py TEMPLATE.docx RESPONSE.yaml OUT.docx
    python benchmarks/docxtpl_peer.py --make-template TEMPLATE.docx
"""

from __future__ import annotations

import sys
from pathlib import Path
from typing import Any

TEMPLATE_PARAGRAPHS = [
    ("Title", "{{ subject }}"),
    (None, "{{ salutation }},"),
    (None, "{{ opening }}"),
    (None, "{%p for para in body %}"),
    (None, "{{ para }}"),
    (None, "{%p endfor %}"),
    (None, "{{ sign_off }}"),
    ("Heading 1", "Appendix: the force's and the commissioner's comments"),
    (None, "{%p for section in sections %}"),
    ("Heading 2", "{{ section.title }}"),
    (None, "{%p for para in section.comments %}"),
    (None, "{{ para }}"),
    (None, "{%p endfor %}"),
    (None, "{%p for finding in section.findings %}"),
    ("Heading 3", "{{ finding.label }}"),
    (None, "{{ finding.text }}"),
    (None, "{%p for para in finding.force %}"),
    (None, "{{ para }}"),
    (None, "{%p endfor %}"),
    (None, "{%p for para in finding.commissioner %}"),
    (None, "{{ para }}"),
    (None, "{%p endfor %}"),
    (None, "{%p endfor %}"),
    (None, "{%p endfor %}"),
]


def make_template(path: str) -> None:
    import docx

    document = docx.Document()
    for style, text in TEMPLATE_PARAGRAPHS:
        document.add_paragraph(text, style=style)
    document.save(path)


def _paragraphs(text: Any) -> list[str]:
    return [p.strip() for p in str(text or "").split("\n\n") if p.strip()]


def _flatten(sections: list[dict], out: list[dict]) -> list[dict]:
    for section in sections:
        findings = []
        for finding in section.get("findings", []):
            for item in [finding, *finding.get("recommendations", [])]:
                findings.append({
                    "label": item.get("kind", "").replace("_", " ").capitalize(),
                    "text": item.get("text", ""),
                    "force": _paragraphs(item.get("force")),
                    "commissioner": _paragraphs(item.get("commissioner")),
                })
        out.append({"title": section.get("title", ""), "findings": findings,
                    "comments": _paragraphs(section.get("commissioner"))})
        _flatten(section.get("sections", []), out)
    return out


def render(template: str, source: str, target: str) -> None:
    from docxtpl import DocxTemplate
    from ruamel.yaml import YAML

    data = YAML(typ="safe").load(Path(source).read_text(encoding="utf-8"))
    letter = data.get("letter") or {}
    context = {
        "subject": letter.get("subject", data["report"]["title"]),
        "salutation": letter.get("salutation", "Dear Home Secretary"),
        "opening": letter.get("opening", ""),
        "body": _paragraphs(letter.get("body")),
        "sign_off": letter.get("sign_off", "Yours sincerely"),
        "sections": _flatten(data.get("sections", []), []),
    }
    document = DocxTemplate(template)
    document.render(context)
    document.save(target)


if __name__ == "__main__":
    if sys.argv[1] == "--make-template":
        make_template(sys.argv[2])
    else:
        render(*sys.argv[1:4])
