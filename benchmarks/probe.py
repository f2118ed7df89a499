"""Bad inputs, leaks, tampering and concurrent saves against the real command line (issue 23).

Every case runs ``python -m responder`` as a separate process in a scratch folder with a
cache of its own, and is judged only by what a user sees: the exit code, stderr, the
files left behind.

- **Bad inputs**: each should be refused in one line (exit 2, or 1 where the command
  found problems), no traceback, within the time limit, the response untouched.
  "accepted" is a bad input taken without a word (exit 0).
- **Leak surfaces**: every output a withheld passage could reach (calendar, public
  renders, the force's forms, the progress paper, the cache, the force's interview), and
  permissions (calendar and cache folder never more open than their source).
- **Cache integrity**: a kept entry edited by hand, a pickle planted where Jinja kept
  compiled templates; each must change nothing the command says, and run no code.
- **Concurrent cases**: pairs of ``record`` + ``record`` and ``record`` + ``track`` started
  together on one file; a pair is lost when either change is missing afterwards.

    python benchmarks/probe.py [--pairs 40] [--limit 20] [--responder /other/checkout]

Bounded: two to four minutes on two busy cores with the defaults (the version before
issue 23's fixes took longer: each hang waits out --limit).
"""

from __future__ import annotations

import argparse
import io
import os
import pickle
import shutil
import stat
import subprocess
import sys
import tempfile
import time
import zipfile
from collections import Counter
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
EXAMPLES = ROOT / "examples"
SMALL = "small-thornbury-child-protection-2024.yaml"
LETTER = "letter-northmoor-peel-2018-19.yaml"
TODAY = "2024-03-01"
OWNER = "Det Insp, Missing and Exploited Children Team"
SECRET = "Linfold Road"  # the example's withheld commissioner comment names this home
POSIX = os.name == "posix"


class Probe:
    def __init__(self, checkout: Path, limit: float):
        self.checkout = checkout
        self.limit = limit
        self.work = Path(tempfile.mkdtemp(prefix="responder-probe-"))
        self.home = self.work / "home"
        self.env = {**os.environ, "PYTHONPATH": str(checkout), "HOME": str(self.home),
                    "XDG_CACHE_HOME": str(self.home / ".cache"), "RESPONDER_CACHE": "",
                    "VISUAL": "", "EDITOR": ""}
        self.env.pop("RESPONDER_CACHE_DIR", None)
        self.verdicts: Counter[str] = Counter()
        self.bad: list[str] = []
        self.runs = 0
        self.n = 0

    # ------------------------------------------------------------ running

    def run(self, *args: object, cwd: Path | None = None, limit: float | None = None,
            env: dict | None = None, preexec=None) -> tuple[int | None, str, str]:
        self.runs += 1
        try:
            done = subprocess.run([sys.executable, "-m", "responder", *map(str, args)],
                                  cwd=cwd or self.work, env={**self.env, **(env or {})},
                                  capture_output=True, text=True, timeout=limit or self.limit,
                                  stdin=subprocess.DEVNULL, preexec_fn=preexec)
        except subprocess.TimeoutExpired:
            return None, "", ""
        return done.returncode, done.stdout, done.stderr

    def folder(self) -> Path:
        self.n += 1
        where = self.work / f"case{self.n}"
        where.mkdir()
        return where

    def copy(self, name: str, where: Path | None = None) -> Path:
        where = where or self.folder()
        target = where / name
        shutil.copyfile(EXAMPLES / name, target)
        return target

    # ------------------------------------------------------------ bad inputs

    def bad_input(self, name: str, *args: object, untouched: Path | None = None,
                  ok_codes: tuple[int, ...] = (2,), **options) -> None:
        before = untouched.read_bytes() if untouched is not None and untouched.exists() else None
        started = time.monotonic()
        code, _, err = self.run(*args, **options)
        took = time.monotonic() - started
        if code is None:
            verdict = "hangs"
        elif "Traceback" in err or code not in (0, 1, 2):
            verdict = "tracebacks"
        elif code == 0 and 2 in ok_codes and 0 not in ok_codes:
            verdict = "accepted"
        elif code not in ok_codes or len(err.strip().splitlines()) > max(1, err.count(": ")):
            verdict = "unclear"
        else:
            verdict = "clean"
        if before is not None and untouched.read_bytes() != before:
            verdict = "changed the input"
        if took > 10 and verdict == "clean":
            verdict = "slow (> 10 s)"
        self.verdicts[verdict] += 1
        if verdict != "clean":
            last = err.strip().splitlines()[-1][:110] if err.strip() else f"exit {code}"
            self.bad.append(f"  {verdict:18} {name}: {last}")

    def bad_inputs(self) -> None:
        # Deep nesting: the file itself, and a neighbour that holds up a folder.
        where = self.folder()
        deep = where / "deep.yaml"
        deep.write_text("responder: 1\nletter: " + "[" * 10_000 + "]" * 10_000 +
                        "\nreport:\n  title: x\n  published: 2024-01-05\n", encoding="utf-8")
        good = self.copy(SMALL, where)
        for command in ("validate", "deadline", "check", "status"):
            self.bad_input(f"{command} of a file nested 10,000 deep", command, deep,
                           "--today", TODAY)
        for command in ("deadline", "check"):
            self.bad_input(f"{command} of a good file beside it", command, good, "--today",
                           TODAY, ok_codes=(0, 1))
        where = self.folder()
        page = where / "deep.html"
        page.write_text("<html><body><main><h1>PEEL 2023</h1>" + "<div>" * 20_000 +
                        "<p>x</p>" + "</div>" * 20_000 + "</main></body></html>")
        self.bad_input("import of HTML nested 20,000 deep", "import", page, "-o",
                       where / "out.yaml", ok_codes=(0, 1, 2))
        # Files that are not responses.
        for label, data in (("an empty file", b""), ("binary bytes", bytes(range(256)) * 40),
                            ("a billion-laughs alias bomb",
                             b"responder: 1\na: &a [x, x, x, x, x, x, x, x, x]\n"
                             b"b: &b [*a, *a, *a, *a, *a, *a, *a, *a, *a]\n"
                             b"c: &c [*b, *b, *b, *b, *b, *b, *b, *b, *b]\n"),
                            ("a list at the top", b"- responder: 1\n"),
                            ("a 33 MB file", b"responder: 1\n#" + b"x" * (33 << 20)),
                            ("invalid UTF-16", b"\xff\xfe\x00\xd8")):
            path = self.folder() / "bad.yaml"
            path.write_bytes(data)
            for command in ("validate", "check", "deadline", "status", "render"):
                self.bad_input(f"{command} of {label}", command, path, untouched=path)
        # Configuration.
        self.bad_input("deadline --config /dev/zero", "deadline", "--config", "/dev/zero",
                       "--published", "2024-01-05")
        where = self.folder()
        self.bad_input("deadline --config FOLDER", "deadline", "--config", where,
                       "--published", "2024-01-05")
        self.bad_input("profile --show --config FOLDER", "profile", "--show", "--config", where)
        path = self.copy(SMALL)
        self.bad_input("validate --max-problems -1", "validate", path, "--max-problems", "-1")
        # Links that loop.
        if POSIX:
            loop = self.folder() / "loop.yaml"
            loop.symlink_to(loop)
            for args in (("check",), ("validate",), ("status",), ("deadline",), ("render",),
                         ("returns", "make", loop, "-o", loop.with_name("f.xlsx"))):
                command = args if args[0] != "returns" else args
                self.bad_input(f"{' '.join(map(str, args[:2]))} on a link that loops",
                               *command, *((loop,) if args[0] != "returns" else ()))
        # Outputs that are not regular files.
        if hasattr(os, "mkfifo"):
            where = self.folder()
            source = self.copy(SMALL, where)
            for args, suffix in ((("deadline", source, "--ics"), ".ics"),
                                 (("render", source, "-o"), ".docx"),
                                 (("render", source, "--format", "pdf", "-o"), ".pdf"),
                                 (("returns", "make", source, "-o"), ".xlsx")):
                fifo = where / f"pipe{suffix}"
                fifo.unlink(missing_ok=True)
                os.mkfifo(fifo)
                self.bad_input(f"{args[0]} onto a named pipe ({suffix})", *args, fifo,
                               "--today", TODAY)
                if not stat.S_ISFIFO(fifo.lstat().st_mode):  # worse than its verdict said
                    last = self.bad[-1].split()[0] if self.bad and suffix in self.bad[-1] \
                        else "clean"
                    self.verdicts[last] -= 1
                    self.verdicts["replaced a pipe"] += 1
                    if last != "clean":
                        self.bad.pop()
                    self.bad.append(f"  {'replaced a pipe':18} {args[0]} onto a named pipe "
                                    f"({suffix})")
        # Returned forms.
        self.returned_forms()
        # A read-only response.
        if POSIX:
            path = self.copy(SMALL)
            path.chmod(0o444)
            self.bad_input("record on a read-only response", "record", path, "draft-ready",
                           "10/02/2024", "--today", TODAY, untouched=path)
        # A form made under a file-size limit (POSIX).
        if POSIX:
            import resource
            import signal

            def small_files() -> None:
                signal.signal(signal.SIGXFSZ, signal.SIG_IGN)
                resource.setrlimit(resource.RLIMIT_FSIZE, (2048, 2048))

            for suffix in (".xlsx", ".docx"):
                path = self.copy(LETTER)
                self.bad_input(f"returns make {suffix} under a 2 KB file-size limit", "returns",
                               "make", path, "-o", path.with_name(f"form{suffix}"),
                               preexec=small_files)
        # Terminal escapes in the text, printed back.
        path = self.copy(SMALL)
        text = path.read_text(encoding="utf-8").replace(
            "title: 'National child protection", "title: \"\\e]2;owned\\a\\e[31mNational child "
            "protection").replace("Thornbury Constabulary'\n", "Thornbury Constabulary\"\n", 1)
        path.write_text(text, encoding="utf-8")
        for command in ("validate", "status", "deadline"):
            code, out, err = self.run(command, path, "--today", TODAY)
            self.runs += 0
            verdict = "clean" if "\x1b" not in out + err else "escapes printed raw"
            self.verdicts[verdict] += 1
            if verdict != "clean":
                self.bad.append(f"  {verdict:18} {command} of a title holding terminal escapes")

    def returned_forms(self) -> None:
        from openpyxl import load_workbook

        def form(suffix: str) -> tuple[Path, Path]:
            source = self.copy(LETTER)
            out = source.with_name(f"form{suffix}")
            code, _, err = self.run("returns", "make", source, "-o", out)
            assert code == 0, err
            return source, out

        def cell_edit(value: object, fmt: str | None = None, column: str = "Target date",
                      key: str = "s1.1-afi1"):
            source, out = form(".xlsx")
            book = load_workbook(out)
            sheet = book.active
            head = next(r for r in range(1, 20) if sheet.cell(r, 1).value == "id")
            columns = {sheet.cell(head, c).value: c for c in range(1, sheet.max_column + 1)}
            row = next(r for r in range(head + 1, sheet.max_row + 1)
                       if sheet.cell(r, 1).value == key)
            cell = sheet.cell(row, columns[column])
            cell.value = value
            if fmt:
                cell.number_format = fmt
            book.save(out)
            return source, out

        import datetime as dt

        for label, value, fmt, column, key in (
                ("a date of 9999-12-31", dt.datetime(9999, 12, 31), "d mmmm yyyy", "Target date",
                 "s1.1-afi1"),
                ("a negative date serial", -5, "d mmmm yyyy", "Target date", "s1.1-afi1"),
                ("a formula with no value", "=A1&\"x\"", None, "Force response", "s1.1-afi1"),
                ("an action status not on the list", "Maybe", None, "Action status",
                 "s1.2-coc1-rec3")):
            source, out = cell_edit(value, fmt, column, key)
            self.bad_input(f"returns read: {label}", "returns", "read", source, out,
                           untouched=source)
        # A workbook that unpacks to 100 MB.
        source, out = form(".xlsx")
        bomb = out.with_name("bomb.xlsx")
        with zipfile.ZipFile(out) as inside, zipfile.ZipFile(bomb, "w",
                                                             zipfile.ZIP_DEFLATED) as packed:
            for info in inside.infolist():
                data = inside.read(info)
                if info.filename == "xl/worksheets/sheet1.xml":
                    data = data.replace(b"<sheetData>", b"<sheetData>" + b" " * (100 << 20), 1)
                packed.writestr(info.filename, data)
        self.bad_input("returns read: a workbook unpacking to 100 MB", "returns", "read",
                       source, bomb, untouched=source)
        # Word boxes.
        source, out = form(".docx")
        with zipfile.ZipFile(out) as package:
            parts = {name: package.read(name) for name in package.namelist()}
        xml = parts["word/document.xml"]
        words = b"Since April 2019 all 27 neighbourhood teams"
        head, _, rest = xml.replace(words, b"&xxe; " + words).partition(b"?>")
        entity = head + b'?><!DOCTYPE w:document [<!ENTITY xxe "x">]>' + rest
        malformed = xml.replace(b"responder:s1.1-afi1:force", b"responder:s1.1-afi1:forse")
        for label, data in (("a box holding an entity reference", entity),
                            ("a box with a malformed name", malformed)):
            returned = out.with_name(f"returned-{len(label)}.docx")
            with zipfile.ZipFile(returned, "w", zipfile.ZIP_DEFLATED) as package:
                for name, part in parts.items():
                    package.writestr(name, data if name == "word/document.xml" else part)
            self.bad_input(f"returns read: {label}", "returns", "read", source, returned,
                           untouched=source)

    # ------------------------------------------------------------ leaks

    def leaks(self) -> list[str]:
        found: list[str] = []
        checked = 0

        def leak(what: str, bad: bool) -> None:
            nonlocal checked
            checked += 1
            if bad:
                found.append(f"  leak: {what}")

        where = self.folder()
        source = self.copy(SMALL, where)
        text = source.read_text(encoding="utf-8")
        anchor = "      - id: s2-afi1\n        kind: area_for_improvement\n"
        source.write_text(text.replace(anchor, anchor + "        withheld:\n          reason: "
                                       "personal_safety\n"), encoding="utf-8")
        source.chmod(0o600)
        ics = where / "dates.ics"
        self.run("deadline", source, "--ics", ics, "--actions", "--today", TODAY)
        calendar = ics.read_text(encoding="utf-8").replace("\r\n ", "") if ics.exists() else ""
        leak("calendar: a withheld finding's owner", OWNER.split(",")[0] in calendar)
        leak("calendar: a withheld finding's words", "shares information promptly" in calendar)
        if POSIX and ics.exists():
            leak("calendar: more open than its 0600 response",
                 stat.S_IMODE(ics.stat().st_mode) & 0o077 != 0)
        for fmt in ("html", "docx"):
            out = where / f"public.{fmt}"
            self.run("render", source, "--format", fmt, "-o", out, "--today", TODAY)
            data = out.read_bytes() if out.exists() else b""
            if fmt == "docx" and data:
                with zipfile.ZipFile(io.BytesIO(data)) as package:
                    data = b"".join(package.read(n) for n in package.namelist())
            leak(f"public {fmt}: withheld words", SECRET.encode() in data
                 or b"shares information promptly" in data)
            if POSIX and out.exists():
                leak(f"public {fmt}: more open than its 0600 response",
                     stat.S_IMODE(out.stat().st_mode) & 0o077 != 0)
        for suffix in (".xlsx", ".docx"):
            out = where / f"form{suffix}"
            self.run("returns", "make", source, "-o", out)
            with zipfile.ZipFile(out) as package:
                data = b"".join(package.read(n) for n in package.namelist())
            leak(f"force's form {suffix}: the commissioner's withheld comment",
                 SECRET.encode() in data)
        paper = where / "paper.html"
        self.run("progress", source, "-o", paper, "--today", TODAY)
        data = paper.read_text(encoding="utf-8") if paper.exists() else ""
        leak("progress paper: withheld words", SECRET in data or OWNER in data)
        cache = self.home / ".cache" / "responder"
        if POSIX and cache.exists():
            leak("cache folder: more open than 0700", stat.S_IMODE(cache.stat().st_mode) != 0o700)
        for command in ("status", "check", "validate"):
            self.run(command, where, "--today", TODAY)
        kept = b"".join(p.read_bytes() for p in cache.rglob("*") if p.is_file()) \
            if cache.exists() else b""
        leak("cache: withheld words", SECRET.encode() in kept)
        # The force's interview: the commissioner's withheld comment, marked?
        code = (
            "import io, sys, datetime as dt\n"
            "from prompt_toolkit.input import create_pipe_input\n"
            "from prompt_toolkit.output.plain_text import PlainTextOutput\n"
            "try:\n    from responder.drafting.interview import run_interview\n"
            "except ImportError:\n    from responder.interview import run_interview\n"
            "screen = io.StringIO()\n"
            "with create_pipe_input() as keys:\n"
            "    keys.send_text('b\\rb\\rb\\rb\\rb\\rq\\r'); keys.close()\n"
            "    run_interview(__import__('pathlib').Path(sys.argv[1]), today=dt.date(2024, 3, 1),"
            " input=keys, output=PlainTextOutput(screen), role='force')\n"
            "print(screen.getvalue())\n")
        interviewed = self.copy(SMALL)
        text = interviewed.read_text(encoding="utf-8")
        anchor = "    title: Initial response and investigation\n"
        interviewed.write_text(text.replace(anchor, anchor + "    commissioner:\n      text: "
                               "I met the family at home.\n      withheld:\n        reason: "
                               "personal_safety\n", 1), encoding="utf-8")
        done = subprocess.run([sys.executable, "-c", code, str(interviewed)], env=self.env,
                              cwd=self.work, capture_output=True, text=True, timeout=60)
        shown = " ".join(done.stdout.split())
        if "I met the family" in shown:
            before = shown[:shown.index("I met the family")]
            context = before[before.rfind("For context"):]
            leak("force interview: the commissioner's withheld comment unmarked",
                 "withheld" not in context.lower())
        else:
            found.append("  not checked: the force's interview did not run "
                         f"({(done.stderr.strip().splitlines() or ['?'])[-1][:80]})")
        return [f"leak surfaces: {checked} checked, {len(found)} leaking", *found]

    # ------------------------------------------------------------ cache integrity

    def cache_integrity(self) -> list[str]:
        import json

        from jinja2.bccache import bc_magic

        findings: list[str] = []
        cases = 0
        where = self.folder()
        cache = where / "cache"
        env = {"RESPONDER_CACHE": str(cache)}
        source = self.copy(SMALL, where)
        first = self.run("check", source, "--today", TODAY, env=env)
        kept = cache / "check.json"
        if kept.exists():
            data = json.loads(kept.read_text(encoding="utf-8"))
            for entry in data["entries"].values():
                value = entry[1]
                if isinstance(value, list) and len(value) == 2 and isinstance(value[1], dict):
                    value[1]["process"]["response_published"] = "2024-02-01"
                    value[1]["before"] = value[1]["after"] = []
            kept.write_text(json.dumps(data), encoding="utf-8")
        cases += 1
        if self.run("check", source, "--today", TODAY, env=env)[:2] != first[:2]:
            findings.append("  believed: an edited check.json changed what check says")
        first = self.run("status", "--json", source, "--today", TODAY, env=env)
        kept = cache / "status.json"
        if kept.exists():
            kept.write_text(kept.read_text(encoding="utf-8").replace(
                "National child protection", "Nothing to see"), encoding="utf-8")
        cases += 1
        if self.run("status", "--json", source, "--today", TODAY, env=env)[:2] != first[:2]:
            findings.append("  believed: an edited status.json changed the table")
        self.run("render", source, "-o", where / "one.docx", "--today", TODAY, env=env)
        from docx import Document

        doctored = Document()
        doctored.sections[0].header.paragraphs[0].text = "INJECTED HEADER"
        buffer = io.BytesIO()
        doctored.save(buffer)
        for path in cache.glob("house-*"):
            path.write_bytes(buffer.getvalue())
        self.run("render", source, "-o", where / "two.docx", "--today", TODAY, env=env)
        cases += 1
        with zipfile.ZipFile(where / "two.docx") as package:
            if any(b"INJECTED" in package.read(n) for n in package.namelist()):
                findings.append("  believed: a doctored house document reached a render")
        # A pickle where Jinja kept compiled templates, with the cache on and off.
        from hashlib import sha1

        marker = where / "code-ran"

        class Plant:
            def __reduce__(self):
                return (open, (str(marker), "w"))

        folder = self.home / ".cache" / "responder" / "templates"
        for setting in ("", "off"):
            folder.mkdir(parents=True, exist_ok=True)
            names = {p.name for p in folder.glob("*.cache")}
            names |= {f"responder-{sha1(t.encode()).hexdigest()}.cache"
                      for t in ("statement.html.j2", "letter.html.j2", "page.html.j2")}
            for name in names:  # planted afresh each time: a run rewrites what it read
                (folder / name).write_bytes(bc_magic + pickle.dumps(Plant()))
            cases += 1
            self.run("render", source, "--format", "html", "-o", where / "page.html",
                     "--today", TODAY, env={"RESPONDER_CACHE": setting})
            if marker.exists():
                findings.append(f"  ran code: a planted template cache (RESPONDER_CACHE="
                                f"{setting or 'default'})")
                marker.unlink()
        return [f"cache integrity: {cases} tamperings, {len(findings)} believed", *findings]

    # ------------------------------------------------------------ concurrency

    def concurrent(self, pairs: int) -> list[str]:
        try:
            from responder.response.reading import read  # type: ignore[import-not-found]
        except ImportError:  # a checkout from before the package layout (issue 22)
            from responder.store import read  # type: ignore[import-not-found,no-redef]

        lost = Counter()
        for kind in ("record+record", "record+track"):
            for _ in range(pairs):
                path = self.copy(SMALL)
                first = ["record", path, "draft-ready", "10/02/2024", "--today", TODAY]
                second = (["record", path, "signed-off", "12/02/2024", "--today", TODAY]
                          if kind == "record+record" else
                          ["track", path, "s1-rec1", "--update", "probe note", "--date",
                           "2024-02-20", "--today", TODAY])
                procs = [subprocess.Popen([sys.executable, "-m", "responder", *map(str, args)],
                                          cwd=self.work, env=self.env, stdout=subprocess.PIPE,
                                          stderr=subprocess.PIPE) for args in (first, second)]
                codes = [p.wait(timeout=60) for p in procs]
                self.runs += 2
                response = read(path)
                one = response.process.draft_ready is not None
                if kind == "record+record":
                    two = response.process.signed_off is not None
                else:
                    finding = next(f for _, f in response.walk_findings() if f.id == "s1-rec1")
                    two = any(u.text == "probe note" for u in (finding.tracking.updates or []))
                if codes == [0, 0] and not (one and two):
                    lost[kind] += 1
                elif codes != [0, 0] and not (one or two):
                    lost[f"{kind} (both refused)"] += 1
        total = sum(lost.values())
        return [f"concurrent cases: {2 * pairs} pairs, {total} lost"
                + (f" ({', '.join(f'{k} {v}' for k, v in lost.items())})" if lost else "")]


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    parser.add_argument("--pairs", type=int, default=20, help="pairs of each concurrent kind")
    parser.add_argument("--limit", type=float, default=15, help="seconds before a run hangs")
    parser.add_argument("--responder", type=Path, default=ROOT, help="the checkout to probe")
    parser.add_argument("--keep", action="store_true", help="keep the scratch folder")
    args = parser.parse_args()
    sys.path.insert(0, str(args.responder))
    probe = Probe(args.responder.resolve(), args.limit)
    started = time.monotonic()
    try:
        probe.bad_inputs()
        bad = sum(probe.verdicts.values())
        lines = [f"bad inputs: {bad} cases ({probe.runs} runs): "
                 + " / ".join(f"{probe.verdicts.get(v, 0)} {v}" for v in
                              ("clean", "tracebacks", "hangs"))
                 + "".join(f" / {n} {v}" for v, n in probe.verdicts.items()
                           if v not in ("clean", "tracebacks", "hangs")),
                 *probe.bad]
        lines += probe.leaks()
        lines += probe.cache_integrity()
        lines += probe.concurrent(args.pairs)
    finally:
        if not args.keep:
            for path in probe.work.rglob("*"):
                if not path.is_symlink():
                    try:
                        path.chmod(0o700 if path.is_dir() else 0o600)
                    except OSError:
                        pass
            shutil.rmtree(probe.work, ignore_errors=True)
    print("\n".join(lines))
    print(f"({probe.runs} runs in {time.monotonic() - started:.0f} s; {args.responder})")


if __name__ == "__main__":
    main()
