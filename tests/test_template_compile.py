"""Templates are compiled once per process, in memory only, however many renders use them,
and an office's edited template is compiled afresh."""

from __future__ import annotations

import jinja2

from responder.render.environment import make_environment


def counting(monkeypatch) -> list[str]:
    parsed: list[str] = []
    real = jinja2.Environment._parse

    def parse(self, source, name, filename):
        parsed.append(name)
        return real(self, source, name, filename)

    monkeypatch.setattr(jinja2.Environment, "_parse", parse)
    return parsed


def test_a_second_environment_reuses_the_compiled_template(monkeypatch, tmp_path):
    office = tmp_path / "office"
    office.mkdir()
    (office / "note.html.j2").write_text("<p>{{ 2 + 2 }}</p>", encoding="utf-8")
    parsed = counting(monkeypatch)
    first = make_environment(office).get_template("note.html.j2").render()
    second = make_environment(office).get_template("note.html.j2").render()
    assert first == second == "<p>4</p>"
    assert parsed.count("note.html.j2") == 1


def test_an_edited_template_is_compiled_again(monkeypatch, tmp_path):
    office = tmp_path / "office"
    office.mkdir()
    template = office / "note.html.j2"
    template.write_text("<p>first</p>", encoding="utf-8")
    parsed = counting(monkeypatch)
    assert make_environment(office).get_template("note.html.j2").render() == "<p>first</p>"
    template.write_text("<p>second</p>", encoding="utf-8")
    assert make_environment(office).get_template("note.html.j2").render() == "<p>second</p>"
    assert parsed.count("note.html.j2") == 2


def test_nothing_compiled_is_written_to_disk(monkeypatch, tmp_path):
    monkeypatch.setenv("RESPONDER_CACHE", str(tmp_path / "cache"))
    make_environment().get_template("statement.html.j2")
    assert not (tmp_path / "cache").exists() or not any(
        path.suffix in (".cache", ".pyc") for path in (tmp_path / "cache").rglob("*"))
