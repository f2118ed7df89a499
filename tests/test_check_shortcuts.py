"""check's quick ways out give exactly the answers of the slow tests they stand in front of."""

from __future__ import annotations

import difflib
import random

from responder.compliance import check
from responder.response.model import Passage

BASE = ("The force has appointed a new lead for investigations and will review every "
        "allocation weekly; supervisors are being trained and the results are published.")


def _slow_copied(force: str, commissioner: str) -> bool:
    a, b = check._normal(force), check._normal(commissioner)
    if not a or not b:
        return False
    if a == b:
        return True
    matcher = difflib.SequenceMatcher(None, a, b, autojunk=False)
    return min(len(a), len(b)) > 80 and matcher.quick_ratio() > 0.95 and matcher.ratio() > 0.95


def _variants() -> list[str]:
    rng = random.Random(17)
    words = BASE.split()
    out = [BASE, BASE.upper(), BASE[:70], BASE + " " + BASE, "", "I agree."]
    for changes in (1, 2, 3, 5, 8, 20):
        for _ in range(6):
            edited = list(words)
            for _ in range(changes):
                edited[rng.randrange(len(edited))] = rng.choice(["and", "the", "board", "x"])
            out.append(" ".join(edited))
    return out


def test_draft_copy_shortcut_agrees_with_the_full_ratio():
    seen = set()
    for force in _variants()[:8]:
        for commissioner in _variants():
            expected = _slow_copied(force, commissioner)
            seen.add(expected)
            assert check._copied(Passage(text=force), Passage(text=commissioner)) == expected
    assert seen == {True, False}  # both answers were exercised


def test_placeholder_shortcut_agrees_with_the_pattern():
    texts = ["All done.", "Work is TBC.", "due [ insert date ]", "Lorem Ipsum dolor",
             "What??", "what ?? next", "XXXX", "tbcs are not placeholders", "to do list",
             "toDo", "an insertion", "FIXME later", "\u212a", "done", "??"]
    for text in texts:
        expected = check.PLACEHOLDER.search(text)
        got = check._placeholder(text)
        assert (got and got.group()) == (expected and expected.group()), text
