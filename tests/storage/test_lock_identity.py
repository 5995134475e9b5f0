"""Who has a document open is known by the document, not the path it was reached by; a lock
nobody holds any more — dead, reused pid, empty, garbage, half-written and old — is taken over,
and a half-written one that is still being written is not (issue 13)."""

from __future__ import annotations

import json
import os
import socket
import subprocess
import sys
import time

import pytest

from kpidesk.storage.document import open_document
from kpidesk.storage.errors import DocumentInUse
from kpidesk.storage.lock import HALF_WRITTEN_GRACE, lock_path


def test_a_symlink_to_an_open_document_is_refused(demo_path, tmp_path):
    link = tmp_path / "shortcut.kpidesk"
    link.symlink_to(demo_path)
    with open_document(demo_path):
        with pytest.raises(DocumentInUse):
            open_document(link)


def test_a_hard_link_to_an_open_document_is_refused(demo_path, tmp_path):
    other = tmp_path / "elsewhere"
    other.mkdir()
    os.link(demo_path, other / "copy-named.kpidesk")
    with open_document(demo_path):
        with pytest.raises(DocumentInUse):
            open_document(other / "copy-named.kpidesk")
    with open_document(other / "copy-named.kpidesk"):  # closed: free again, by either name
        pass


def test_the_same_file_by_its_sqlite_url_is_refused(demo_path):
    with open_document(demo_path):
        with pytest.raises(DocumentInUse):
            open_document(f"sqlite:///{demo_path}")


@pytest.mark.parametrize("content", ["", "{", "not json at all", "[1, 2]", '{"pid": 12}'])
def test_an_old_unreadable_lock_is_taken_over(demo_path, content):
    lock = lock_path(demo_path)
    lock.write_text(content)
    old = time.time() - HALF_WRITTEN_GRACE - 60
    os.utime(lock, (old, old))
    with open_document(demo_path):
        pass
    assert not lock.exists()


def test_a_lock_being_written_right_now_is_respected(demo_path):
    lock_path(demo_path).write_text("")  # fresh: another kpidesk is writing it this instant
    with pytest.raises(DocumentInUse) as refused:
        open_document(demo_path)
    assert "being opened by another kpidesk right now" in str(refused.value)


@pytest.mark.skipif(not os.path.exists("/proc/self/stat"), reason="process start times: Linux")
def test_a_lock_whose_pid_now_belongs_to_another_program_is_taken_over(demo_path):
    # A live process (this test's) that did not write the lock: its start time differs.
    holder = {"host": socket.gethostname(), "user": "x", "pid": os.getpid(), "started": "1"}
    lock_path(demo_path).write_text(json.dumps(holder))
    with open_document(demo_path):
        pass


def test_a_live_kpidesk_elsewhere_on_this_machine_is_respected(demo_path):
    holder = subprocess.Popen(
        [
            sys.executable,
            "-c",
            "import sys, time; from kpidesk.storage.document import open_document; "
            f"d = open_document({str(demo_path)!r}); print('open', flush=True); "
            "sys.stdin.readline(); d.close()",
        ],
        stdin=subprocess.PIPE,
        stdout=subprocess.PIPE,
        text=True,
    )
    try:
        assert holder.stdout.readline().strip() == "open"
        with pytest.raises(DocumentInUse):
            open_document(demo_path)
    finally:
        holder.communicate("\n", timeout=30)
    with open_document(demo_path):
        pass
