"""Findings raised before: a new report's finding that repeats an earlier one in other words.

The inspectorate rarely repeats itself word for word: "The force should improve the
supervision of investigations" comes back three years later as "The force should make
sure investigations are properly supervised". So both texts are reduced to what they
are about — lower case, the inspectorate's stock phrases and small words dropped
("the force should", "ensure that", "within six months"), each word stemmed (Snowball:
supervision, supervised → supervis) — and compared with rapidfuzz's token-set and
token-sort ratios, which ignore word order and tolerate extra words on one side.

Only earlier reports on the same force count (a folder or an archive may hold several
forces' responses), and only reports published before this one. The threshold and the
measured precision and recall are in benchmarks/recurring.py.

Pure: takes responses, returns matches; reading the folder and the archive is
``earlier_responses``, and ``EarlierHash`` (what `check` keeps a file's problems by)
reads the same files' heads: the two here that touch the disk.
"""

from __future__ import annotations

import datetime as dt
import re
from collections.abc import Callable, Iterable
from dataclasses import dataclass
from functools import cache, lru_cache
from pathlib import Path
from typing import Any

from ..response.model import PLACEHOLDER_NAMES, Finding, Response, comment_text

THRESHOLD = 64.0  # see benchmarks/recurring.py: precision and recall measured at this value
MIN_WORDS = 2  # fewer meaningful words than this cannot be judged

# The inspectorate's stock phrases, which every finding shares and which say nothing about
# its subject. Removed before the small words, so "make sure" goes as a phrase.
_STOCK = re.compile(
    r"\b(?:the )?(?:force|constabulary|police service|chief constable)s? should\b"
    r"|\bwe recommend that\b|\bto address this (?:cause of )?concern\b"
    r"|\bwithin (?:\w+ )?(?:months?|weeks?|days?)\b|\bby \d{1,2} \w+ \d{4}\b"
    r"|\bin particular\b|\bmake sure\b|\bensure that\b|\bso that\b|\bas a result\b"
    r"|\bhmicfrs\b|\bhmic\b|\binspectorate\b"
    # National bodies and their instruments: shared by unrelated national recommendations.
    r"|\b(?:the )?college of policing\b|\b(?:the )?home office\b"
    r"|\bnational police chiefs'? council\b|\bnpcc\b|\bauthorised professional practice\b"
    r"|\bto include guidance on\b"
)
_STOP = frozenset("""
a about above after all also an and any are as at be been being better both but by can could
do does each effective effectively either ensure ensures ensuring for from further has have
how if improve improved improvement improves improving in into is it its itself make makes
making more most much new not of on or other our out own should so some such than that the
their them then there these they this those through to understand understands up use uses
using was way ways we well what when where whether which while who will with within would
force forces police constabulary officers staff workforce
""".split())
_WORD = re.compile(r"[a-z0-9]+")


@cache  # a folder's findings are compared with each other: keep every one
def about(text: str) -> str:
    """What a finding is about, as sorted stems: the text the matcher compares."""
    lowered = _STOCK.sub(" ", " ".join(text.lower().replace("’", "'").split()))
    words = [w for w in _WORD.findall(lowered) if w not in _STOP and len(w) > 1]
    return " ".join(_stemmer().stemWords(words)) if words else ""


@lru_cache(maxsize=1)
def _stemmer():  # type: ignore[no-untyped-def]
    import snowballstemmer  # type: ignore[import-untyped]

    return snowballstemmer.stemmer("english")


def similarity(a: str, b: str) -> float:
    """0–100: how far two findings are about the same thing."""
    from rapidfuzz import fuzz

    left, right = about(a), about(b)
    if len(left.split()) < MIN_WORDS or len(right.split()) < MIN_WORDS:
        return 0.0
    # token_set alone calls a short text 100 against any longer one containing it;
    # averaging with token_sort keeps that generosity for rewording but not for subsets.
    return (fuzz.token_set_ratio(left, right) + fuzz.token_sort_ratio(left, right)) / 2


def wording(finding: Finding) -> str:
    """The words compared: the finding and its sub-points (a finding that ends "…so that
    it:" says what it is about in its points)."""
    return " ".join([finding.text, *finding.points])


@dataclass(frozen=True)
class RaisedBefore:
    """One finding that repeats an earlier one."""

    ref: str  # this finding's id
    earlier_file: str
    earlier_title: str
    earlier_published: dt.date | None
    earlier_ref: str
    earlier_text: str
    said: str  # what the office (or, failing that, the force) said then
    latest: str  # the earlier register's latest update, if any
    score: float

    @property
    def where(self) -> str:
        """'PEEL 2018/19 – Northmoor Police (27 September 2019), s1.2-afi1'."""
        from ..dates import long_date

        when = f" ({long_date(self.earlier_published)})" if self.earlier_published else ""
        return f"{self.earlier_title}{when}, {self.earlier_ref}"


def same_force(a: Response, b: Response) -> bool:
    """Both answer reports on one named force. A placeholder such as "(force not named in
    the report)" — what import writes for a national report — names no force, so two
    national reports are never "the same force"."""
    key = _force_key(a)
    return key is not None and key == _force_key(b)


def _force_key(response: Response) -> str | None:
    return force_key(response.force.name)


def force_key(name: str) -> str | None:
    """A force's name as compared ("same_force"); None for a placeholder."""
    if name in PLACEHOLDER_NAMES:
        return None
    return " ".join(name.casefold().split())


# Each earlier response's findings, reduced once (a folder's `check` compares every file with
# every other). Keyed by id() and checked by identity, so a response freed and another made
# at the same address is not mistaken for it; cleared when large.
_ENTRIES: dict[int, tuple[Response, str | None, list[tuple[str, Finding]]]] = {}


def _entries(response: Response) -> tuple[str | None, list[tuple[str, Finding]]]:
    got = _ENTRIES.get(id(response))
    if got is None or got[0] is not response:
        if len(_ENTRIES) > 4096:
            _ENTRIES.clear()
        got = (response, _force_key(response),
               [(about(wording(f)), f) for _, f in response.walk_findings()
                if not f.recommendations])
        _ENTRIES[id(response)] = got
    return got[1], got[2]


def is_earlier(candidate: Response, response: Response) -> bool:
    mine, theirs = response.report.published, candidate.report.published
    if theirs is None:
        return False
    return mine is None or theirs < mine


def find(
    response: Response,
    earlier: Iterable[tuple[Path | str, Response]],
    threshold: float = THRESHOLD,
) -> dict[str, RaisedBefore]:
    """For each finding of ``response`` that repeats an earlier finding of the same force,
    the best such earlier finding (by finding id)."""
    from rapidfuzz import fuzz, process

    force = _force_key(response)
    if force is None:
        return {}
    mine = [f for _, f in response.walk_findings() if not f.recommendations and f.id]
    if not mine:
        return {}
    left = [about(wording(f)) for f in mine]
    # One entry per distinct wording: a folder often holds the same finding many times (a
    # report re-issued, a copy kept), and each distinct text need be scored only once. The
    # first finding with a wording stands for it, as the first best match always has.
    pool: list[tuple[str, Response, Finding]] = []
    first: dict[str, int] = {}
    for path, other in earlier:
        if other is response or not is_earlier(other, response):
            continue
        other_force, entries = _entries(other)
        if other_force != force:
            continue
        for text, f in entries:
            if text not in first:
                first[text] = len(pool)
                pool.append((str(path), other, f))
    if not pool:
        return {}
    texts = list(first)
    # The compiled matcher screens every earlier finding by token-set ratio, then the exact
    # score is worked out for the few that pass (token_sort never exceeds token_set, so the
    # mean of the two never passes where token_set alone did not).
    found: dict[str, RaisedBefore] = {}
    for i, finding in enumerate(mine):
        best: tuple[float, int] | None = None
        if len(left[i].split()) < MIN_WORDS:
            continue
        for text, _, _ in process.extract(left[i], texts, scorer=fuzz.token_set_ratio,
                                          score_cutoff=threshold, limit=None):
            j = first[text]
            score = similarity(wording(finding), wording(pool[j][2]))
            if score >= threshold and (best is None or score > best[0]
                                       or (score == best[0] and j < best[1])):
                best = (score, j)
        if best is None:
            continue
        path, other, old = pool[best[1]]
        latest = old.tracking.latest() if old.tracking else None
        found[finding.id or ""] = RaisedBefore(
            ref=finding.id or "", earlier_file=path, earlier_title=other.report.title,
            earlier_published=other.report.published, earlier_ref=old.id or "",
            earlier_text=old.text,
            said=comment_text(old.commissioner) or comment_text(old.force)
            if old.withheld is None else "",
            latest=latest.text if latest else "", score=round(best[0], 1),
        )
    return found


# ---------------------------------------------------------------- the disk


def earlier_responses(path: Path, archive: Path | None = None,
                      known: dict[Path, Response] | None = None,
                      listings: dict | None = None,
                      read: Callable[[Path], Response] | None = None) -> list[tuple[Path, Response]]:
    """The other responses in ``path``'s folder and in the archive folder (a file that does
    not read is skipped: it is not the one being worked on). ``known`` caches responses
    already read, by resolved path, and ``listings`` the folders listed, across the calls
    of one command (`check` over a folder asks for the same folder once for every file);
    ``read`` reads one (default ``store.read``)."""
    from ..errors import InputError

    if read is None:
        from ..response.reading import read as read_response

        read = read_response

    known = {} if known is None else known
    skip = {path.resolve()}
    folders = [path.parent] + ([archive] if archive is not None else [])
    found: list[tuple[Path, Response]] = []
    for folder in folders:
        where = (folder.resolve(), folder == archive)
        if listings is None or where not in listings:
            listed = listing(*where)
            if listings is None:
                listings = {}
            listings[where] = listed
        for candidate, key in listings[where]:
            if key in skip:
                continue
            skip.add(key)
            if key not in known:
                try:
                    known[key] = read(candidate)
                except InputError:
                    continue
            found.append((candidate, known[key]))
    return found


def listing(folder: Path, recursive: bool) -> tuple[tuple[Path, Path], ...]:
    """The response files in a folder, each with its resolved path."""
    if not folder.is_dir():
        return ()
    found = []
    for candidate in sorted(folder.rglob("*") if recursive else folder.iterdir()):
        if candidate.suffix.lower() not in (".yaml", ".yml") or not candidate.is_file() \
                or candidate.name.startswith(".") or ".conflict-" in candidate.name:
            continue
        found.append((candidate, candidate.resolve()))
    return tuple(found)


class EarlierHash:
    """What a file's findings raised before (RECURRING) depend on, as one hash: the readable
    responses on the same force published before it, in its folder and the archive, by
    resolved path and content (as ``recurring.find`` picks them from what
    ``recurring.earlier_responses`` lists). A file's problems are kept until it, or one
    of those, changes: editing this year's response leaves last year's checks kept."""

    def __init__(self, archive: Path | None, listings: dict, cache: Any):
        self.archive, self.listings, self.cache = archive, listings, cache
        self.groups: dict[tuple[Path, ...], dict[str, tuple[list[str], list[str]]]] = {}
        self.heads: dict[Path, tuple[str | None, str | None] | None] = {}
        self.contents: dict[Path, str] = {}  # the hash of each file's bytes, as read for its head

    def of(self, path: Path) -> str:
        from bisect import bisect_left

        folders = tuple([path.parent] + ([self.archive] if self.archive is not None else []))
        if folders not in self.groups:
            self.groups[folders] = self._group(folders)
        own = self.head(path.resolve())
        force, published = own if own is not None else (None, None)
        if force is None:  # unreadable, or no named force: nothing compared
            return ""
        dates, prefixes = self.groups[folders].get(force, ([], [""]))
        return prefixes[bisect_left(dates, published) if published else len(dates)]

    def head(self, resolved: Path) -> tuple[str | None, str | None] | None:
        """(force as compared, publication date) of a response, kept by its content;
        None when it cannot be read (``earlier_responses`` passes such a file over)."""
        from ..cache import digest
        from ..errors import InputError
        from ..response.files import read_response_bytes

        if resolved not in self.heads:
            try:
                raw = read_response_bytes(resolved)
            except InputError:
                self.heads[resolved] = None
                return None
            self.contents[resolved] = digest(raw)
            key = f"head\0{self.contents[resolved]}"
            found = self.cache.get(key, f"head {resolved}")
            if found is None:
                found = _head(resolved, raw)
                self.cache.put(key, found, f"head {resolved}")
            self.heads[resolved] = tuple(found) if found else None  # type: ignore[assignment]
        return self.heads[resolved]

    def _group(self, folders: tuple[Path, ...]) -> dict[str, tuple[list[str], list[str]]]:
        """For each force, its responses' publication dates in order, and a running hash
        of them (the hash of the first k stands for "the k published first")."""
        from ..cache import digest
        by_force: dict[str, list[tuple[str, str, str]]] = {}
        seen: set[Path] = set()
        for folder in folders:
            where = (folder.resolve(), folder == self.archive)
            if where not in self.listings:
                self.listings[where] = listing(*where)
            for _, resolved in self.listings[where]:
                if resolved in seen:
                    continue
                seen.add(resolved)
                head = self.head(resolved)
                if head is not None and head[0] is not None and head[1] is not None:
                    by_force.setdefault(head[0], []).append(
                        (head[1], str(resolved), self.contents[resolved]))
        groups = {}
        for force, entries in by_force.items():
            entries.sort()
            prefixes = [""]
            for _, resolved, content in entries:
                prefixes.append(digest(f"{prefixes[-1]}\n{resolved}\0{content}".encode()))
            groups[force] = ([published for published, _, _ in entries], prefixes)
        return groups


def _head(path: Path, raw: bytes) -> list[str | None] | None:
    from ..errors import InputError
    from ..response.header import read_header

    try:
        header = read_header(path, raw)
    except InputError:
        return None
    name = header.force.get("name") if isinstance(header.force, dict) else None
    published = header.report.published
    return [force_key(str(name)) if name else None, published.isoformat() if published else None]


def for_file(path: Path, known: dict[Path, Response] | None = None,
             cwd: Path | None = None, listings: dict | None = None) -> list[tuple[Path, Response]]:
    """The earlier responses to compare ``path`` with: its folder, and the archive named in
    responder.toml."""
    from .. import config

    settings, source = config.load(cwd=cwd)
    return earlier_responses(path, archive_folder(settings, source), known, listings)


def archive_folder(settings: dict, source: Path | None) -> Path | None:
    """``[register] archive = "FOLDER"`` from responder.toml, relative to that file."""
    from ..errors import InputError

    register = settings.get("register", {})
    if not isinstance(register, dict) or "archive" not in register:
        return None
    value = register["archive"]
    if not isinstance(value, str) or not value.strip():
        raise InputError(source, "[register] archive should be a folder's path, in quotes",
                         where="register.archive")
    folder = Path(value).expanduser()
    if not folder.is_absolute() and source is not None:
        folder = source.parent / folder
    if not folder.is_dir():
        raise InputError(source, f"[register] archive: no such folder {value!r}",
                         where="register.archive")
    return folder
