"""The cache folder is kept within COMPLIANCE_CACHE_MAX_MB: the sealed entries written longest
ago go first, at most once an hour, and only the sealed entries."""

import os
import time
from pathlib import Path

import pytest

from compliance.parse import cache_pruning
from compliance.parse.cache_pruning import prune, prune_when_due
from compliance.pipeline.scan import ScanOptions, run_scan

EXAMPLES = Path(__file__).resolve().parents[1] / "examples"


def entry(cache: Path, folder: str, name: str, size: int, age_s: float,
          shard: str = "") -> Path:
    """A sealed entry; `shard`: in a subfolder, as versions before 2026-12 laid them out."""
    path = cache / folder / shard / f"{name}.sealed"
    path.parent.mkdir(parents=True, exist_ok=True)
    path.write_bytes(b"x" * size)
    when = time.time() - age_s
    os.utime(path, (when, when))
    return path


def test_the_oldest_entries_go_until_four_fifths_of_the_budget_are_left(tmp_path):
    old = entry(tmp_path, "parse", "aa01", 400, age_s=300)
    older = entry(tmp_path, "remembered", "bb01", 400, age_s=400)
    new = entry(tmp_path, "resolved", "cc01", 400, age_s=100, shard="cc")
    newest = entry(tmp_path, "parse", "dd01", 400, age_s=10)
    kept = [tmp_path / "compiled" / "catalog.json", tmp_path / "parse" / "aa" / "note.txt"]
    for path in kept:
        path.parent.mkdir(parents=True, exist_ok=True)
        path.write_bytes(b"y" * 5000)
    assert prune(tmp_path, 1400) == 800  # 1,600 bytes > 1,400: down to 1,120 at most
    assert not older.exists() and not old.exists()
    assert new.exists() and newest.exists() and all(path.exists() for path in kept)
    assert prune(tmp_path, 1400) == 0  # within the budget: nothing goes


def test_entries_in_the_shard_folders_of_an_older_layout_are_pruned_too(tmp_path):
    """An upgrade leaves entries in two-letter subfolders that no scan reads any more: they
    count against the budget and go first when they are the oldest."""
    legacy = entry(tmp_path, "parse", "aa01", 400, age_s=900, shard="aa")
    flat = entry(tmp_path, "parse", "aa02", 400, age_s=10)
    assert prune(tmp_path, 700) == 400
    assert not legacy.exists() and flat.exists()


def test_pruning_runs_at_most_hourly_and_can_be_turned_off(tmp_path, monkeypatch):
    monkeypatch.setenv("COMPLIANCE_CACHE_MAX_MB", str(1000 / 1024 / 1024))  # 1,000 bytes
    entry(tmp_path, "parse", "aa01", 800, age_s=60)
    entry(tmp_path, "parse", "aa02", 800, age_s=30)
    now = time.time()
    assert prune_when_due(tmp_path, now) == 800
    entry(tmp_path, "parse", "aa03", 800, age_s=0)
    assert prune_when_due(tmp_path, now + 60) == 0  # pruned a minute ago: not due
    assert prune_when_due(tmp_path, now + cache_pruning.EVERY_S + 1) == 800
    monkeypatch.setenv("COMPLIANCE_CACHE_MAX_MB", "0")
    entry(tmp_path, "parse", "aa04", 5000, age_s=0)
    assert prune_when_due(tmp_path, now + 10 * cache_pruning.EVERY_S) == 0
    monkeypatch.setenv("COMPLIANCE_CACHE_MAX_MB", "lots")
    assert cache_pruning.max_bytes() == cache_pruning.DEFAULT_MAX_MB * 1024 * 1024


def test_a_scan_over_the_budget_prunes_and_the_next_one_finds_the_same(catalog, tmp_path,
                                                                      monkeypatch):
    def findings():
        result = run_scan([EXAMPLES / "terraform"], catalog,
                          options=ScanOptions(cache_dir=tmp_path))
        return [(f.control, f.resource.address, f.status, f.evidence.line)
                for f in result.findings]

    cold = findings()
    sealed = lambda: list(tmp_path.rglob("*.sealed"))  # noqa: E731
    assert sealed()
    monkeypatch.setenv("COMPLIANCE_CACHE_MAX_MB", str(1 / 1024 / 1024))  # one byte
    (tmp_path / cache_pruning.STAMP).unlink()  # due now
    assert findings() == cold
    assert sealed() == [] and (tmp_path / cache_pruning.STAMP).exists()
    assert findings() == cold


@pytest.mark.parametrize("folder", cache_pruning.PRUNED_FOLDERS)
def test_the_pruned_folders_are_the_sealed_caches(folder):
    """Each pruned folder is one a SealedEntries cache writes (a renamed folder must not
    leave its entries unbounded)."""
    from compliance.evaluate.remembered import Remembered
    from compliance.parse.cache import ParseCache
    from compliance.pipeline.scan_memo import ScanMemo
    from compliance.resolve.terraform.resolved_cache import ResolvedCache

    made = {ParseCache(Path("/c")).directory.name, ResolvedCache(Path("/c")).directory.name,
            Remembered(Path("/c"), [], []).entries.directory.name,
            ScanMemo(Path("/c")).entries.directory.name}
    assert folder in made
