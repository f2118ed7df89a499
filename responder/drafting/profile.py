"""The office profile: what every response of one office shares, in ``[office]`` of responder.toml.

The keys are the response file's own (``[office.body]`` has ``name``, ``holder``, ``role``…),
so nobody learns two vocabularies. ``new`` and ``import`` fill a response from it (flags
win), ``render`` takes its letterhead, and ``responder profile`` writes it — through
tomlkit, so the rest of responder.toml and its comments stay as they were.

A mistake (bad TOML, an unknown key, a value of the wrong type) is one InputError naming
the file, the line and the key.
"""

from __future__ import annotations

import difflib
import re
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from pydantic import BaseModel, ConfigDict, Field, ValidationError

from .. import config
from ..errors import InputError
from ..response.model import Addressee, BodyCy, ForceCy, Language, Response, Text

# Where a section 55 letter goes by default: the Home Secretary (s55(6) sends copies there).
HOME_OFFICE = ["Home Office", "2 Marsham Street", "London", "SW1P 4DF"]


class _Part(BaseModel):
    model_config = ConfigDict(extra="forbid", str_strip_whitespace=True, validate_assignment=True)


class OfficeBody(_Part):
    name: Text | None = None
    holder: Text | None = None
    role: Text | None = None
    short_role: Text | None = None
    address: list[Text] = Field(default_factory=list)
    reference: Text | None = None
    website: Text | None = None
    cy: BodyCy | None = None  # the office's names in Welsh ([office.body.cy])


class OfficeForce(_Part):
    name: Text | None = None
    short_name: Text | None = None
    chief: Text | None = None
    chief_role: Text | None = None
    cy: ForceCy | None = None


class OfficeAddressee(_Part):
    name: Text | None = None
    role: Text | None = None
    address: list[Text] = Field(default_factory=list)


class OfficeLetter(_Part):
    to: OfficeAddressee = Field(default_factory=OfficeAddressee)
    cc: list[Text] = Field(default_factory=list)
    sign_off: Text | None = None


class OfficeCommitteeCy(_Part):
    """The committee's words in Welsh, for the Welsh paper ([office.committee.cy])."""

    name: Text | None = None
    classification: Text | None = None
    contact_role: Text | None = None


class OfficeCommittee(_Part):
    """The meeting the committee paper goes to (`responder progress`)."""

    name: Text | None = None
    classification: Text | None = None
    contact: Text | None = None
    contact_role: Text | None = None
    contact_email: Text | None = None
    cy: OfficeCommitteeCy | None = None


class Office(_Part):
    letterhead: Text | None = None
    # ["cy", "en"]: the office publishes in Welsh and English (the Welsh Language Standards);
    # every response it starts or imports records it. Absent: English only.
    languages: list[Language] = Field(default_factory=list)
    body: OfficeBody = Field(default_factory=OfficeBody)
    force: OfficeForce = Field(default_factory=OfficeForce)
    letter: OfficeLetter = Field(default_factory=OfficeLetter)
    committee: OfficeCommittee = Field(default_factory=OfficeCommittee)

    def is_empty(self) -> bool:
        return not plain(self)


@dataclass
class Profile:
    office: Office
    source: Path | None  # the responder.toml it came from; None when there is none

    def letterhead(self) -> Path | None:
        """The letterhead's path; a relative one is read from responder.toml's folder."""
        if not self.office.letterhead:
            return None
        path = Path(self.office.letterhead).expanduser()
        if not path.is_absolute() and self.source is not None:
            path = self.source.parent / path
        return path


# ---------------------------------------------------------------- reading


def load(explicit: Path | None = None, cwd: Path | None = None) -> Profile:
    """The office profile that applies (empty when there is no responder.toml or no [office])."""
    settings, source = config.load(explicit, cwd)
    return from_settings(settings, source)


def from_settings(settings: dict[str, Any], source: Path | None) -> Profile:
    data = settings.get("office")
    if data is None:
        return Profile(Office(), source)
    if not isinstance(data, dict):
        raise InputError(source, "must be a table ([office])", where="office",
                         line=_line(source, ("office",)))
    _unknown_keys(data, Office, ("office",), source)
    try:
        return Profile(Office.model_validate(data), source)
    except ValidationError as exc:
        from ..response.validation import problems_from

        problem = problems_from(exc)[0]
        loc = ("office", *problem.where.replace("[", ".").replace("]", "").split("."))
        loc = tuple(part for part in loc if part and not part.isdigit())
        raise InputError(source, problem.message, where="office." + problem.where,
                         line=_line(source, loc)) from None


def _unknown_keys(data: dict[str, Any], model: type[BaseModel], where: tuple[str, ...],
                  source: Path | None) -> None:
    fields = model.model_fields
    for key, value in data.items():
        if key not in fields:
            near = difflib.get_close_matches(key, list(fields), n=1, cutoff=0.6)
            hint = f" (did you mean '{near[0]}'?)" if near else \
                f" (expected one of: {', '.join(fields)})"
            raise InputError(source, f"unknown key '{key}'{hint}", where=".".join((*where, key)),
                             line=_line(source, (*where, key)))
        inner = _model_of(fields[key].annotation)
        if inner is not None and isinstance(value, dict):
            _unknown_keys(value, inner, (*where, key), source)


def _model_of(annotation: Any) -> type[BaseModel] | None:
    if isinstance(annotation, type) and issubclass(annotation, BaseModel):
        return annotation
    return None


_HEADER = re.compile(r"^\s*\[\s*([^\]]+?)\s*\]\s*(?:#.*)?$")
_KEY = re.compile(r"""^\s*(?:"([^"]+)"|'([^']+)'|([A-Za-z0-9_-]+))\s*=""")


def _line(source: Path | None, loc: tuple[str, ...]) -> int | None:
    """The line in responder.toml where the key at ``loc`` is written (or its table starts)."""
    if source is None:
        return None
    try:
        lines = source.read_text(encoding="utf-8-sig").splitlines()
    except (OSError, UnicodeDecodeError):
        return None
    table: tuple[str, ...] = ()
    best: int | None = None
    for number, text in enumerate(lines, 1):
        header = _HEADER.match(text)
        if header and not text.strip().startswith("[["):
            table = tuple(part.strip().strip('"\'') for part in header.group(1).split("."))
            if table == loc or (best is None and loc[: len(table)] == table and table):
                best = number
            continue
        key = _KEY.match(text)
        if key:
            name = next(group for group in key.groups() if group)
            dotted = (*table, *(part.strip() for part in name.split(".")))
            if dotted == loc:
                return number
            if best is None and loc[: len(dotted)] == dotted:
                best = number
    return best


# ---------------------------------------------------------------- filling a response


@dataclass
class Filled:
    """Which fields of a new response came from the profile (for the one line that says so)."""

    fields: list[str] = field(default_factory=list)


# Profile key -> the `new` answer it gives (answers are what flags and prompts fill).
NEW_ANSWERS = {
    ("body", "name"): "body", ("body", "holder"): "holder", ("body", "role"): "role",
    ("body", "short_role"): "short_role", ("force", "name"): "force",
    ("force", "short_name"): "force_short", ("force", "chief"): "chief",
}


def answers_for_new(office: Office, values: dict[str, Any]) -> tuple[dict[str, Any], list[str]]:
    """``values`` (from flags) with the gaps filled from the profile; the keys it filled."""
    values = dict(values)
    used = []
    for (part, key), answer in NEW_ANSWERS.items():
        given = getattr(getattr(office, part), key)
        if given and not values.get(answer):
            values[answer] = given
            used.append(f"{part}.{key}")
    return values, used


def complete(response: Response, office: Office, *, replace_body: bool = False,
             force_matches: bool = True) -> list[str]:
    """Fill ``response`` from the profile where it has nothing (or only a default); the keys
    filled. ``replace_body``: the response's body is a guess (an import) and the profile
    knows better. ``force_matches``: the profile's force is the response's (so its chief
    and short name apply)."""
    used: list[str] = []

    def put(target: Any, key: str, value: Any, label: str, *, override: bool = False) -> None:
        if value in (None, "", []):
            return
        current = getattr(target, key)
        if current in (None, "", []) or (override and current != value):
            setattr(target, key, value)
            used.append(label)

    if office.languages and office.languages != ["en"]:
        put(response, "languages", list(office.languages), "languages")
    body = office.body
    for key in ("name", "holder", "role", "short_role", "address", "reference", "website", "cy"):
        put(response.body, key, getattr(body, key), f"body.{key}",
            override=replace_body and key == "name")
    if force_matches:
        for key in ("name", "short_name", "chief", "chief_role", "cy"):
            put(response.force, key, getattr(office.force, key), f"force.{key}",
                override=key == "chief_role")
    letter = response.letter
    if letter is not None:
        to = office.letter.to
        if to.name:
            addressee = Addressee(name=to.name, role=to.role, address=list(to.address))
            if addressee != letter.to:
                letter.to = addressee
                used.append("letter.to")
                if (to.role or "").lower() != "home secretary":
                    letter.salutation = None  # "Dear {name}", worked out when rendered
        put(letter, "cc", list(office.letter.cc), "letter.cc", override=True)
        put(letter, "sign_off", office.letter.sign_off, "letter.sign_off", override=True)
    return used


def fill_imported(response: Response, shape: str | None, warnings: list[str]) -> str | None:
    """Fill a freshly imported response from the profile that applies: the office's details
    (its name beats the importer's guess), the force's when the report is about the
    profile's force, and a covering letter when ``shape`` asks for one or, without a
    shape, when the profile says whom letters go to. Edits ``warnings`` to match; returns
    the line that says what came from the profile, or None."""
    from ..response.model import Letter

    found = load()
    office = found.office
    if shape is None:
        shape = "letter" if office.letter.to.name else "statement"
    if shape == "letter" and response.letter is None:
        response.letter = Letter(
            to=Addressee(name="Home Secretary", role="Home Secretary", address=HOME_OFFICE),
            salutation="Dear Home Secretary", sign_off="Yours sincerely",
            cc=["His Majesty's Chief Inspector of Constabulary"])
    if office.is_empty():
        return None
    unnamed = response.force.name.startswith("(")
    ours = office.force.name
    matches = bool(ours) and (unnamed or _same_force(response.force.name, ours))
    if unnamed and ours:
        response.force.name = ours
    used = complete(response, office, replace_body=bool(office.body.name), force_matches=matches)
    if "body.name" in used or (office.body.name and response.body.name == office.body.name):
        warnings[:] = [w for w in warnings if not w.startswith("body.name")]
    if unnamed and ours:
        warnings[:] = [w for w in warnings if not w.startswith("no force named")]
    elif ours and not matches:
        warnings.append(f"the report is about {response.force.name}, but the office profile's "
                        f"force is {ours}; the profile's force details were not used")
    return describe_use(used, found.source) if used else None


def _same_force(a: str, b: str) -> bool:
    def norm(name: str) -> str:
        return " ".join(re.sub(r"[^a-z0-9 ]", " ", name.lower()).split())

    return norm(a) == norm(b)


def describe_use(used: list[str], source: Path | None) -> str:
    """'From the office profile (responder.toml): body.name, body.holder, …'."""
    from ..errors import display_path

    where = display_path(source) if source else "responder.toml"
    return f"From the office profile ({where}): {', '.join(used)}."


# ---------------------------------------------------------------- showing and writing


def plain(office: Office) -> dict[str, Any]:
    """The profile as nested plain data, empty values left out (the order of the TOML)."""
    def prune(value: Any) -> Any:
        if isinstance(value, dict):
            out = {k: prune(v) for k, v in value.items()}
            return {k: v for k, v in out.items() if v not in (None, "", [], {})}
        return value

    return prune(office.model_dump())  # type: ignore[no-any-return]


def show_lines(profile: Profile) -> list[str]:
    """The profile as 'key  value' lines for people, by table."""
    from ..errors import display_path

    if profile.source is None:
        return ["No office profile yet: run `responder profile` to create one "
                f"(it is kept in {config.FILE_NAME})."]
    data = plain(profile.office)
    head = f"Office profile in {display_path(profile.source)}"
    if not data:
        return [f"{head}: [office] is empty; run `responder profile` to fill it in."]
    lines = [head + ":"]

    def walk(value: Any, prefix: str) -> None:
        for key, item in value.items():
            name = f"{prefix}{key}"
            if isinstance(item, dict):
                walk(item, name + ".")
            elif isinstance(item, list):
                lines.append(f"  {name:<22} {'; '.join(item)}")
            else:
                lines.append(f"  {name:<22} {item}")

    walk(data, "")
    return lines


def write(path: Path, office: Office) -> None:
    """Write ``office`` as ``[office]`` of ``path``, keeping the rest of the file and its comments."""
    data = plain(office)

    def change(document: Any, tomlkit: Any) -> None:
        existing = document.get("office")
        if existing is None:
            existing = tomlkit.table()
            document["office"] = existing
        _update(existing, data, tomlkit)

    edit_settings(path, change)


def edit_settings(path: Path, change: Any) -> None:
    """Change a settings file through ``change(document, tomlkit)`` and save it whole, keeping
    every other table, its comments and its line ends; one plain line when it cannot be read,
    parsed or written. ``[office]`` (here) and ``[owners]`` (after/owners.py) both go this way."""
    import tomlkit
    from tomlkit.exceptions import TOMLKitError

    from ..response.writing import atomic_write

    text = ""
    if path.is_file():
        try:
            text = path.read_bytes().decode("utf-8-sig")
        except (OSError, UnicodeDecodeError) as exc:
            raise InputError(path, f"cannot be read ({exc})") from None
    try:
        document = tomlkit.parse(text)
    except TOMLKitError as exc:
        raise InputError(path, f"not valid TOML: {exc}") from None
    change(document, tomlkit)
    newline = "\r\n" if "\r\n" in text else "\n"
    out = tomlkit.dumps(document)
    if newline != "\n":
        out = out.replace("\r\n", "\n").replace("\n", newline)
    try:
        path.parent.mkdir(parents=True, exist_ok=True)
        atomic_write(path, out.encode("utf-8"))
    except PermissionError:
        raise InputError(path, "cannot be written: permission denied") from None
    except OSError as exc:
        raise InputError(path, f"cannot be written ({exc.strerror or exc})") from None


# The order keys are written in when a table is new (the order of docs/format.md).
_ORDER = ("letterhead", "name", "holder", "role", "short_role", "address", "reference", "website",
          "short_name", "chief", "chief_role", "sign_off", "cc", "classification", "contact",
          "contact_role", "contact_email", "body", "force", "letter", "to", "committee")


def _update(table: Any, data: dict[str, Any], tomlkit: Any) -> None:
    """Make ``table`` hold ``data``: change what differs, add what is new, drop what was
    cleared; untouched keys keep their comments and layout."""
    for key in list(table.keys()):
        if key not in data and key in _ORDER:
            del table[key]
    for key in sorted(data, key=lambda k: (isinstance(data[k], dict), _ORDER.index(k)
                                           if k in _ORDER else 99)):
        value = data[key]
        if isinstance(value, dict):
            if key not in table or not isinstance(table[key], dict):
                table[key] = tomlkit.table()
            _update(table[key], value, tomlkit)
        elif key not in table or _unwrap(table[key]) != value:
            table[key] = value


def _unwrap(item: Any) -> Any:
    return item.unwrap() if hasattr(item, "unwrap") else item


def target(explicit: Path | None, user: bool, cwd: Path | None = None) -> Path:
    """Which responder.toml `responder profile` writes: the one named, the user's with
    ``user``, else the one that applies now, else a new one in the working folder."""
    if explicit is not None:
        return explicit
    if user:
        return config.user_config_file()
    return config.find(cwd) or (cwd or Path.cwd()) / config.FILE_NAME
