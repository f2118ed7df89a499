"""The quick reader: plain data from libyaml's events, the same as ruamel's safe loader gives."""

from __future__ import annotations

import datetime as dt

import pytest
from ruamel.yaml import YAML

from conftest import example_files
from responder.response import quickyaml

pytestmark = pytest.mark.skipif(quickyaml._load_tools() is None, reason="no libyaml here")

SAME = [
    "a: 1\nb: 'x'\nc: [1, 2]\nd: |\n  lit\ne: 2019-01-01\nf:\ng: true\nh: 1.5\n",
    "i: yes\nj: 0x1F\nk: ~\nl: [{x: 1}, 2]\nm: 2019-01-01 10:00\nn: 012\no: .inf\np: 1_000\n",
    "title: no\nother: off\nnull: Null\nTrue: False\n",
    "text: >\n  folded\n  lines\n\n  kept\nplain: multi\n  line\n",
    "- a\n- - b\n  - c\n- {d: [e, {f: g}]}\n",
    "just text",
    "key: \"quoted: 1\"\nnum: '1'\ndate: '2019-01-01'\n",
    "stamp: 2019-01-01T10:00:00Z\nneg: -5\nexp: 1e3\n",
]


@pytest.mark.parametrize("text", SAME)
def test_gives_what_ruamels_safe_loader_gives(text):
    assert quickyaml.load(text) == YAML(typ="safe", pure=True).load(text)


@pytest.mark.parametrize("path", example_files(), ids=lambda p: p.name)
def test_examples_read_the_same(path):
    text = path.read_text(encoding="utf-8")
    assert quickyaml.load(text) == YAML(typ="safe", pure=True).load(text)


@pytest.mark.parametrize("text", [
    "a: &x 1\nb: *x\n",  # anchors and aliases
    "a: !!str 1\n",  # explicit tags
    "a: 1\na: 2\n",  # duplicate keys
    "<<: {a: 1}\n",  # merge keys
    "? [a]\n: 1\n",  # complex keys
    "---\na: 1\n---\nb: 2\n",  # two documents
    "a: 2019-02-31\n",  # a date the constructor refuses
    "a: [1\n",  # broken
    "",  # nothing
    "[" * 70 + "]" * 70,  # absurd nesting
])
def test_anything_unusual_goes_to_the_careful_reader(text):
    assert quickyaml.load(text) is None


def test_wanted_keys_stop_before_the_rest_of_the_file():
    text = ("responder: 1\nreport:\n  published: 2019-09-27\nprocess: {signed_off: 2019-11-01}\n"
            "sections:\n  - title: [unclosed\n")
    head = quickyaml.load(text, wanted={"responder", "report", "process"})
    assert head == {"responder": 1, "report": {"published": dt.date(2019, 9, 27)},
                    "process": {"signed_off": dt.date(2019, 11, 1)}}
    assert quickyaml.load(text) is None  # the whole file does not parse


def test_wanted_keys_skip_others_but_still_refuse_aliases():
    assert quickyaml.load("body: &b {a: 1}\nreport: {x: 1}\n", wanted={"report"}) is None
    assert quickyaml.load("body: {a: [1, 2]}\nreport: {x: 1}\n", wanted={"report", "process"}) \
        == {"report": {"x": 1}}
