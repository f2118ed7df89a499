"""Reading a returned Word form (zipfile and lxml; the form is built in render/return_form.py).

A box is found by its content control's tag or title (``responder:<id>:<field>``) and,
where LibreOffice has dropped both, by the hidden marker in the label cell beside it,
which also carries the fingerprint of the answer the box was made with. The box's value
is everything in its table cell, paragraph by paragraph, so a control LibreOffice cut
to its first paragraph still reads whole. Deleted text (tracked changes) and hidden text
are not part of the answer.
"""

from __future__ import annotations

import io
import zipfile
from pathlib import Path
from typing import Any

from ..errors import InputError
from . import fields
from .returned import ReturnedBox, ReturnedForm

W = "http://schemas.openxmlformats.org/wordprocessingml/2006/main"
_W = f"{{{W}}}"
DC = "{http://purl.org/dc/elements/1.1/}"
MAX_PART = 64 * 1024 * 1024  # an unpacked document.xml; a real form is well under 5 MB


def read_form_docx(path: Path, data: bytes) -> ReturnedForm:
    document, core = _parts(path, data)
    hidden = [(run, _marker_text(run)) for run in document.iter(_W + "r") if _is_hidden(run)]
    mark = None
    if core is not None:
        for node in core.iter(DC + "identifier"):
            mark = fields.parse_form_mark(node.text or "")
    for _, text in hidden:
        mark = mark or fields.parse_form_mark(text)

    controls: dict[tuple[str, str], Any] = {}
    for sdt in document.iter(_W + "sdt"):
        _refuse_malformed(path, _control_tags(sdt))
        name = _control_name(sdt)
        if name is not None:
            cell = _ancestor(sdt, "tc")
            if cell is None:
                raise InputError(path, "the form's structure was changed: a box was moved out "
                                 "of its table", where=_where(*name))
            controls.setdefault(name, cell)
    markers: dict[tuple[str, str], tuple[str, Any]] = {}
    for run, text in hidden:
        name_text, _, fp = text.strip().rpartition(":")
        name = fields.parse_box_name(name_text)
        if name is None or not fp:
            if text.strip().startswith(f"{fields.PREFIX}:"):
                _refuse_malformed(path, [name_text or text.strip()])
            continue
        if name in markers:
            raise InputError(path, "the form's structure was changed: this box appears "
                             "twice (was part of the form copied?)", where=_where(*name))
        markers[name] = (fp, _ancestor(run, "tc"))

    if mark is None or not (controls or markers):
        raise InputError(path, "is not a responder form, or has lost its ids (no boxes "
                         "named responder:<id>:<field> and no hidden form mark)")
    form = ReturnedForm(path, identity=mark[0], source_name=mark[1])
    for name, (fp, label_cell) in markers.items():
        cell = controls.get(name)
        if cell is None and label_cell is not None:
            cell = label_cell.getnext()
            while cell is not None and cell.tag != _W + "tc":
                cell = cell.getnext()
        if cell is None:
            raise InputError(path, "the form's structure was changed: the box is missing",
                             where=_where(*name))
        try:
            text = _cell_text(cell)
        except _Unreadable as exc:
            raise InputError(path, f"this box cannot be read whole ({exc}); nothing was read: "
                             "retype the answer in the box", where=_where(*name)) from None
        form.boxes.append(ReturnedBox(name[0], name[1], fp, text, _where(*name)))
    for name in controls:
        if name not in markers:
            raise InputError(path, "the form's structure was changed: the box has lost the "
                             "hidden label beside it", where=_where(*name))
    return form


def _parts(path: Path, data: bytes) -> tuple[Any, Any]:
    from lxml import etree

    parser = etree.XMLParser(resolve_entities=False, no_network=True, huge_tree=False)
    try:
        with zipfile.ZipFile(io.BytesIO(data)) as archive:
            info = archive.getinfo("word/document.xml")
            if info.file_size > MAX_PART:
                raise InputError(path, "is too large to be a returned form")
            document = etree.fromstring(archive.read(info), parser)
            core = None
            if "docProps/core.xml" in archive.namelist():
                try:
                    core = etree.fromstring(archive.read("docProps/core.xml"), parser)
                except etree.XMLSyntaxError:
                    core = None
    except (zipfile.BadZipFile, KeyError, OSError):
        raise InputError(path, "is not a Word document (.docx) that can be read") from None
    except etree.XMLSyntaxError as exc:
        raise InputError(path, f"is a damaged Word document ({exc.msg})") from None
    return document, core


def _control_tags(sdt: Any) -> list[str]:
    props = sdt.find(_W + "sdtPr")
    if props is None:
        return []
    return [node.get(_W + "val", "") for tag in ("tag", "alias")
            if (node := props.find(_W + tag)) is not None]


def _refuse_malformed(path: Path, names: list[str]) -> None:
    """A box named as responder names them, but not a name it made (an edited tag): its
    answer would otherwise be dropped without a word."""
    for name in names:
        if name.strip().startswith(f"{fields.PREFIX}:") and fields.parse_box_name(name) is None:
            raise InputError(path, f"the form's structure was changed: a box is named "
                             f"{name.strip()!r}, which is no box responder made (restore its "
                             "name, or fill in a fresh form)")


def _control_name(sdt: Any) -> tuple[str, str] | None:
    props = sdt.find(_W + "sdtPr")
    if props is None:
        return None
    for tag in ("tag", "alias"):
        node = props.find(_W + tag)
        if node is not None:
            name = fields.parse_box_name(node.get(_W + "val", ""))
            if name is not None:
                return name
    return None


def _ancestor(node: Any, local: str) -> Any:
    node = node.getparent()
    while node is not None and node.tag != _W + local:
        node = node.getparent()
    return node


def _is_hidden(run: Any) -> bool:
    props = run.find(_W + "rPr")
    if props is None:
        return False
    vanish = props.find(_W + "vanish")
    return vanish is not None and vanish.get(_W + "val", "true") not in ("0", "false", "off")


class _Unreadable(Exception):
    """A box whose text is not all there as text: never read as empty (that deletes an answer)."""


def _run_text(run: Any) -> str:
    from lxml import etree

    out = []
    for node in run:
        if node.tag == _W + "t":
            if len(node):  # an entity reference (never resolved) or markup inside the text
                what = ("an entity reference" if any(child.tag is etree.Entity for child in node)
                        else "markup inside its text")
                raise _Unreadable(f"it holds {what}")
            out.append(node.text or "")
        elif node.tag == _W + "tab":
            out.append("\t")
        elif node.tag in (_W + "br", _W + "cr"):
            out.append("\n")
    return "".join(out)


def _marker_text(run: Any) -> str:
    """A hidden run's text; one that cannot be read whole is no marker."""
    try:
        return _run_text(run)
    except _Unreadable:
        return ""


def _cell_text(cell: Any) -> str:
    """The cell's answer: its paragraphs as lines, without hidden runs, deleted text or a
    control's placeholder."""
    placeholder = set()
    for sdt in cell.iter(_W + "sdt"):
        props = sdt.find(_W + "sdtPr")
        if props is not None and props.find(_W + "showingPlcHdr") is not None:
            placeholder.add(sdt)
    lines = []
    for paragraph in cell.iter(_W + "p"):
        parts = []
        for run in paragraph.iter(_W + "r"):
            if _is_hidden(run) or _inside(run, placeholder) or _deleted(run):
                continue
            parts.append(_run_text(run))
        lines.append("".join(parts))
    return "\n".join(lines)


def _inside(run: Any, containers: set[Any]) -> bool:
    if not containers:
        return False
    node = run.getparent()
    while node is not None:
        if node in containers:
            return True
        node = node.getparent()
    return False


def _deleted(run: Any) -> bool:
    parent = run.getparent()
    return parent is not None and parent.tag in (_W + "del", _W + "moveFrom")


def _where(finding_id: str, field: str) -> str:
    return f"{finding_id}, {fields.BY_NAME[field].header}"
