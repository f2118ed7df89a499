"""The lock file that keeps two interviews off the same response."""

from __future__ import annotations

import datetime as dt
import json
import os
import socket
import subprocess
import sys
from pathlib import Path

import pytest

from responder.response.locking import LockedError, acquire, lock_path, pid_alive, read_info

NOW = dt.datetime(2026, 11, 23, 10, 12)


@pytest.fixture
def path(tmp_path: Path) -> Path:
    target = tmp_path / "r.yaml"
    target.write_text("responder: 1\n")
    return target


def test_the_lock_says_who_where_and_since_when(path):
    lock = acquire(path, NOW)
    data = json.loads(lock_path(path).read_text())
    assert data == {"user": lock.info.user, "host": socket.gethostname(), "pid": os.getpid(),
                    "started": "2026-11-23T10:12:00"}
    with pytest.raises(LockedError) as caught:
        acquire(path, NOW)
    assert f"by {lock.info.user} on {socket.gethostname()} (process {os.getpid()}) " \
           "since 23 November 2026 at 10:12; try again when they have finished" in str(caught.value)
    assert not caught.value.stale
    lock.release()
    assert not lock_path(path).exists()


def test_a_live_lock_is_never_taken_over(path):
    lock = acquire(path, NOW)
    with pytest.raises(LockedError):
        acquire(path, NOW, take_over=True)
    assert read_info(lock_path(path)) == lock.info


def dead_pid() -> int:
    child = subprocess.Popen([sys.executable, "-c", "pass"])
    child.wait()
    return child.pid


def test_a_dead_process_on_this_computer_makes_the_lock_stale(path):
    pid = dead_pid()
    assert not pid_alive(pid)
    lock_path(path).write_text(json.dumps({"user": "sam", "host": socket.gethostname(),
                                           "pid": pid, "started": "2026-11-23T09:00:00"}))
    with pytest.raises(LockedError, match=f"looks abandoned \\(process {pid} on this computer "
                                          "has ended\\)"):
        acquire(path, dt.datetime.now())
    lock = acquire(path, dt.datetime.now(), take_over=True)
    assert read_info(lock_path(path)).pid == os.getpid()
    lock.release()


def test_a_lock_from_another_computer_is_stale_only_after_a_day(path):
    lock_path(path).write_text(json.dumps({"user": "sam", "host": "another-pc", "pid": 1,
                                           "started": "2026-11-23T09:00:00"}))
    with pytest.raises(LockedError) as caught:
        acquire(path, dt.datetime.now())
    assert not caught.value.stale and "sam on another-pc" in str(caught.value)
    long_ago = dt.datetime.now().timestamp() - 2 * 86400
    os.utime(lock_path(path), (long_ago, long_ago))
    with pytest.raises(LockedError, match="looks abandoned \\(no activity since"):
        acquire(path, dt.datetime.now())


def test_release_leaves_a_lock_that_someone_else_took_over(path):
    mine = acquire(path, NOW)
    lock_path(path).write_text(json.dumps({"user": "sam", "host": "pc", "pid": 2,
                                           "started": "2026-11-23T11:00:00"}))
    mine.release()
    assert lock_path(path).exists()


def test_only_one_of_two_processes_racing_gets_the_lock(path):
    code = (
        "import sys, datetime as dt, time; from pathlib import Path\n"
        "from responder.response.locking import acquire, LockedError\n"
        "time.sleep(max(0, float(sys.argv[2]) - time.time()))\n"
        "try:\n"
        "    acquire(Path(sys.argv[1]), dt.datetime.now()); print('got it')\n"
        "except LockedError as e:\n"
        "    print('refused')\n"
    )
    import time

    start = str(time.time() + 1.0)
    env = dict(os.environ, PYTHONPATH=str(Path(__file__).resolve().parent.parent))
    racers = [subprocess.Popen([sys.executable, "-c", code, str(path), start], env=env,
                               stdout=subprocess.PIPE, text=True) for _ in range(2)]
    outcomes = sorted(p.communicate(timeout=30)[0].strip() for p in racers)
    assert outcomes == ["got it", "refused"]


def test_a_lock_that_cannot_be_written_is_one_clear_error(tmp_path):
    from responder.errors import InputError

    path = tmp_path / "gone" / "r.yaml"  # e.g. a shared drive that has disconnected
    with pytest.raises(InputError, match="cannot be locked for the interview: cannot create "
                                         "r.yaml.lock beside it"):
        acquire(path, NOW)


def test_a_lock_that_could_not_be_finished_is_not_left_behind(path, monkeypatch):
    from responder.errors import InputError

    def full_disk(fd):
        raise OSError(28, "No space left on device")

    monkeypatch.setattr(os, "fsync", full_disk)
    with pytest.raises(InputError, match="cannot be locked.*No space left on device"):
        acquire(path, NOW)
    assert not lock_path(path).exists()


def test_an_empty_lock_left_by_a_full_disk_is_stale_within_seconds(path):
    lock_path(path).write_bytes(b"")
    written = dt.datetime.fromtimestamp(lock_path(path).stat().st_mtime)
    with pytest.raises(LockedError) as refused:
        acquire(path, written + dt.timedelta(seconds=1))  # maybe someone writing it right now
    assert not refused.value.stale
    with pytest.raises(LockedError) as stale:
        acquire(path, written + dt.timedelta(seconds=10))
    assert stale.value.stale and "the lock file is empty or unreadable" in str(stale.value)
    lock = acquire(path, written + dt.timedelta(seconds=10), take_over=True)
    assert read_info(lock.path) == lock.info
