"""JSON lists are printed an item at a time, as the very text json.dumps would give."""

from __future__ import annotations

import json

import pytest

from responder.cli.common import say_json_list


@pytest.mark.parametrize("items", [
    [], [{"a": 1}], [{"a": [1, {"b": "é\nx"}], "c": {}}, {"d": []}, 3, "x", None],
])
def test_same_text_as_json_dumps(items, capsys):
    say_json_list(iter(items))
    assert capsys.readouterr().out == json.dumps(items, indent=2, ensure_ascii=False) + "\n"
