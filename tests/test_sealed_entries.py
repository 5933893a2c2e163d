"""Sealed cache entries are written in place (no temporary file and rename): a damaged or
half-written entry is a miss, and a symlink planted at an entry's name is never written
through."""

import os
import sys

import pytest

from compliance.parse.cache import SealedEntries


@pytest.fixture
def entries(tmp_path):
    return SealedEntries(tmp_path / "cache", "name:", "key:")


def test_an_entry_reads_back_in_a_folder_made_for_it(entries):
    entries.put("k", b'{"a": [1, 2]}')
    assert entries.get("k") == {"a": [1, 2]}
    assert entries.get("other") is None
    if os.name == "posix":
        assert entries.path("k").stat().st_mode & 0o777 == 0o600


def test_a_half_written_entry_is_a_miss_and_is_written_again(entries):
    entries.put("k", b'{"value": "' + b"x" * 5000 + b'"}')
    path = entries.path("k")
    whole = path.read_bytes()
    path.write_bytes(whole[: len(whole) // 2])  # a crash, or a concurrent scan mid-write
    assert entries.get("k") is None
    entries.put("k", b'{"value": "again"}')
    assert entries.get("k") == {"value": "again"}


@pytest.mark.skipif(sys.platform == "win32", reason="symlinks need privileges on Windows")
def test_a_symlink_at_an_entry_name_is_not_written_through(entries, tmp_path):
    victim = tmp_path / "victim.txt"
    victim.write_text("keep me")
    path = entries.path("k")
    path.parent.mkdir(parents=True)
    path.symlink_to(victim)
    entries.put("k", b'{"a": 1}')
    assert victim.read_text() == "keep me"
    assert entries.get("k") is None
