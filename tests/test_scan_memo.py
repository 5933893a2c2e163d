"""The whole-scan memo: a scan whose inputs are all as they were is replayed, and says exactly
what the scan said; any change to a place it read (a file's content, a folder's names, a path
that appeared), to its options, environment or date, gives a fresh scan; a scan that ran a
program, or read a file that was changing, is never replayed."""

from __future__ import annotations

import json
import os
import shutil
import subprocess
import time
from dataclasses import replace
from datetime import date
from pathlib import Path

import pytest
from click.testing import CliRunner

from compliance.catalog.cache_folder import CacheFolder
from compliance.cli.main import main
from compliance.outputs.formats import SCAN_FORMATS
from compliance.pipeline import scan as scan_module
from compliance.pipeline import scan_memo
from compliance.pipeline.scan import ScanOptions, run_scan
from tests.terraform.test_installed_modules import ROOT, _init, _lay_out
from tests.terraform.test_resolved_cache import exact

EXAMPLES = Path(__file__).resolve().parents[1] / "examples"
# what the formats that may be given a replayed result report
COUNTS_ONLY = [name for name, fmt in SCAN_FORMATS.items() if not fmt.shows_code]


def settled(root: Path) -> None:
    """Every file and folder under `root` last modified a minute ago (a scan remembers only
    what was not being changed while it read it)."""
    moment = time.time() - 60
    for path in [root, *root.rglob("*")]:
        os.utime(path, (moment, moment))


@pytest.fixture
def tree(tmp_path):
    root = tmp_path / "examples"
    shutil.copytree(EXAMPLES, root)
    settled(root)
    return root


class Scans:
    """Scans of one tree with the memo, counting the replays."""

    def __init__(self, catalog, cache: Path, monkeypatch):
        self.catalog, self.cache, self.replays = catalog, cache, 0
        original = scan_memo.ScanMemo.replay

        def counted(memo, key, *fixed):
            found = original(memo, key, *fixed)
            self.replays += found is not None
            return found

        monkeypatch.setattr(scan_memo.ScanMemo, "replay", counted)

    def run(self, root: Path, memo: bool = True, **options):
        return run_scan([root], self.catalog, framework_ids=("pci-dss", "soc2"),
                        options=ScanOptions(cache_dir=self.cache if memo else None, memo=memo,
                                            **options))


@pytest.fixture
def scans(catalog, tmp_path, monkeypatch):
    return Scans(catalog, tmp_path / "cache", monkeypatch)


def said(result):
    """Everything a scan said that a replay keeps, exactly (types included)."""
    return ([(f.control, f.check, f.title, f.category, f.severity, f.status, f.resource.platform,
              f.resource.type, f.resource.name, f.resource.scope, f.resource.address,
              f.resource.location, exact(f.evidence), f.waiver, f.fingerprint)
             for f in result.findings],
            result.errors, result.waivers, result.files_scanned, len(result.resources),
            len(result.sources), str(result.root))


def test_an_unchanged_tree_is_replayed_and_reported_alike(tree, scans):
    fresh = scans.run(tree)
    assert scans.replays == 0 and len(fresh.findings) > 100
    replayed = scans.run(tree)
    assert scans.replays == 1
    assert said(replayed) == said(fresh)
    # every format that may be given a replay writes the same report (times aside)
    same_times = replace(replayed, started_at=fresh.started_at, duration_s=fresh.duration_s,
                         revision=fresh.revision)
    for name in COUNTS_ONLY:
        assert SCAN_FORMATS[name](same_times) == SCAN_FORMATS[name](fresh), name
    assert replayed.started_at > fresh.started_at
    # it holds no resources or file contents, and says so to a caller that asks
    with pytest.raises(RuntimeError, match="keeps no resources"):
        list(replayed.resources)


def test_waivers_are_replayed_with_what_they_did(tree, scans):
    (tree / "terraform" / "waived.tf").write_text(
        '# compliance:ignore=aws-apigw-method-authorization a public health check\n'
        'resource "aws_api_gateway_method" "health" {\n  rest_api_id = "a"\n'
        '  resource_id = "b"\n  http_method = "GET"\n  authorization = "NONE"\n}\n')
    settled(tree)
    fresh = scans.run(tree)
    assert any(f.waiver for f in fresh.findings)
    replayed = scans.run(tree)
    assert scans.replays == 1 and said(replayed) == said(fresh)


def _edit(path: Path) -> None:
    path.write_text(path.read_text().replace('authorization = "NONE"',
                                             'authorization = "AWS_IAM"', 1))


def _add(path: Path) -> None:
    (path.parent / "added.tf").write_text(
        'resource "aws_s3_bucket" "added" {\n  bucket = "added"\n}\n')


def _remove(path: Path) -> None:
    path.unlink()


@pytest.mark.parametrize("change", [_edit, _add, _remove], ids=["edit", "add", "remove"])
def test_a_changed_file_or_folder_is_scanned_again(tree, scans, change):
    target = next(p for p in sorted(tree.rglob("*.tf"))
                  if 'authorization = "NONE"' in p.read_text())
    before = scans.run(tree)
    change(target)
    settled(tree)
    after = scans.run(tree)
    assert scans.replays == 0
    assert said(after) == said(scans.run(tree, memo=False))
    assert said(after) != said(before)
    assert said(scans.run(tree)) == said(after) and scans.replays == 1


def test_a_path_that_appears_where_the_scan_only_looked_is_noticed(tmp_path, scans):
    # the scan asks whether .terraform/modules/modules.json exists; it lists no folder that
    # would show it appearing
    root = tmp_path / "infra"
    _lay_out(root, {"main.tf": ROOT})
    (root / ".terraform" / "modules").mkdir(parents=True)
    settled(root)
    before = scans.run(root)
    assert "module" in {e.skipped for e in before.errors}
    assert said(scans.run(root)) == said(before) and scans.replays == 1
    _init(root, {"open": "registry.terraform.io/acme/api/aws",
                 "closed": "registry.terraform.io/acme/api/aws"})
    settled(root)
    after = scans.run(root)
    assert scans.replays == 1  # not replayed
    assert "module" not in {e.skipped for e in after.errors}
    assert any("module.open.module.method" in f.resource.address for f in after.findings)


def test_options_environment_date_and_controls_are_part_of_the_key(tree, catalog, monkeypatch):
    options = ScanOptions(memo=True)
    today = date(2026, 12, 5)

    def key(**changes):
        return scan_memo.memo_key([tree], catalog, changes.get("controls", catalog.controls),
                                  changes.get("options", options), changes.get("today", today))

    first = key()
    assert first == key()
    assert key(today=date(2026, 12, 6)) != first
    assert key(options=replace(options, skip_patterns=("k8s/**",))) != first
    assert key(controls=catalog.controls[:10]) != first
    monkeypatch.setenv("LC_ALL", "C.UTF-8")  # how Python reads text
    assert key() != first
    monkeypatch.delenv("LC_ALL")
    monkeypatch.setenv("CI_JOB_ID", "4711")  # a variable no scan reads: replayed all the same
    assert key() == first


def test_a_variable_the_scan_read_is_a_place(tree, scans, monkeypatch):
    from compliance.parse.terraform_hcl import FRONT_END_VARIABLE

    monkeypatch.setenv(FRONT_END_VARIABLE, "tree-sitter")
    fresh = scans.run(tree)
    assert said(scans.run(tree)) == said(fresh) and scans.replays == 1
    monkeypatch.setenv(FRONT_END_VARIABLE, "hcl2")  # the other parser: scanned again
    assert said(scans.run(tree)) == said(fresh) and scans.replays == 1
    with scan_memo.recording(None) as reads:
        os.environ.get("COMPLIANCE_SOMETHING")
        assert "HOME" in os.environ
    assert ["env", "COMPLIANCE_SOMETHING"] in reads.places()
    assert ["env", "HOME"] in reads.places()


def test_a_scan_that_ran_a_program_is_not_remembered(tree, scans, monkeypatch):
    original = scan_module._scan

    def running(*args, **kwargs):
        subprocess.run(["true"], check=True)  # as a Helm rendering or a git fetch would
        return original(*args, **kwargs)

    monkeypatch.setattr(scan_module, "_scan", running)
    scans.run(tree)
    scans.run(tree)
    assert scans.replays == 0


def test_a_compiled_catalog_kept_elsewhere_and_just_written_is_no_changing_input(
        tree, scans, tmp_path, monkeypatch):
    """The framework files compiled during the scan into another cache folder (a command run
    before in the same process left it configured) are the tool's own data, not a file that
    was changing while the scan read it: the scan is remembered."""
    from compliance.catalog import compiled
    from compliance.catalog import frameworks as frameworks_module

    elsewhere = CacheFolder("compiled")
    elsewhere.keep(tmp_path / "elsewhere" / "compiled")
    monkeypatch.setattr(compiled, "_FOLDER", elsewhere)
    monkeypatch.setattr(frameworks_module, "_DEFAULT", None)  # loaded (and compiled) anew
    fresh = scans.run(tree)
    assert list((tmp_path / "elsewhere" / "compiled").glob("frameworks-*.json"))
    replayed = scans.run(tree)
    assert scans.replays == 1 and said(replayed) == said(fresh)


def test_a_file_changing_while_it_was_read_is_not_remembered(tree, scans, monkeypatch):
    # "just now" made half a minute (settled() is a minute ago): the first scan, cold and on
    # a busy machine, may take longer than the second the tool allows
    monkeypatch.setattr(scan_memo, "SETTLE_S", 30.0)
    target = next(tree.rglob("*.tf"))
    os.utime(target)  # modified just now: maybe while the scan read it
    scans.run(tree)
    scans.run(tree)
    assert scans.replays == 0
    settled(tree)
    scans.run(tree)
    scans.run(tree)
    assert scans.replays == 1


@pytest.mark.parametrize("damaged", ["places", "result"])
def test_a_damaged_entry_is_a_fresh_scan(tree, scans, damaged):
    fresh = scans.run(tree)
    # the places' entry is the small one; the result's holds every finding
    places, result = sorted((scans.cache / "memo").rglob("*.sealed"),
                            key=lambda entry: entry.stat().st_size)
    entry = places if damaged == "places" else result
    data = entry.read_bytes()  # its last byte changed (writing b"x" changed nothing for 1 in 256)
    entry.write_bytes(data[:-1] + bytes([data[-1] ^ 0xFF]))
    assert said(scans.run(tree)) == said(fresh) and scans.replays == 0
    assert said(scans.run(tree)) == said(fresh) and scans.replays == 1  # stored anew


def test_a_scan_with_a_change_reads_the_places_not_the_stored_result(tree, scans,
                                                                      monkeypatch):
    scans.run(tree)
    unsealed: list[tuple[str, bytes]] = []  # the memo entries read: (key, text)
    original = scan_memo.SealedEntries.unsealed

    def noting(entries, key):
        text = original(entries, key)
        if entries.directory.name == "memo":
            unsealed.append((key, text or b""))
        return text

    monkeypatch.setattr(scan_memo.SealedEntries, "unsealed", noting)
    _edit(next(p for p in sorted(tree.rglob("*.tf")) if 'authorization = "NONE"' in p.read_text()))
    settled(tree)
    scans.run(tree)
    assert scans.replays == 0 and len(unsealed) == 1
    assert b'"findings"' not in unsealed[0][1]  # the places alone
    unsealed.clear()
    scans.run(tree)  # nothing changed since: the places, then the result
    assert scans.replays == 1 and [b'"findings"' in text for _, text in unsealed] == [False, True]


def test_recording_notes_every_kind_of_place(tmp_path):
    (tmp_path / "folder").mkdir()
    (tmp_path / "read.txt").write_text("x")
    (tmp_path / "link").symlink_to(tmp_path / "read.txt")
    cache = tmp_path / "cache"
    cache.mkdir()
    (cache / "entry").write_text("y")
    with scan_memo.recording(cache) as reads:
        (tmp_path / "read.txt").read_text()
        (tmp_path / "written.txt").write_text("z")  # written, not read
        os.listdir(tmp_path / "folder")
        (tmp_path / "missing").exists()
        os.readlink(tmp_path / "link")
        (cache / "entry").read_text()  # the cache: made from what was read
    assert reads.places() == sorted([
        ["file", str(tmp_path / "read.txt")], ["listing", str(tmp_path / "folder")],
        ["stat", str(tmp_path / "missing")], ["link", str(tmp_path / "link")]])
    assert reads.unrepeatable == ""
    with scan_memo.recording(None) as reads:
        subprocess.run(["true"], check=True)
    assert reads.unrepeatable == "subprocess.Popen"
    # outside a recording nothing is noted, and os.stat is itself again
    assert os.stat is scan_memo.os.stat and os.stat.__module__ in ("os", "posix", None)


def test_the_import_system_looking_for_a_module_is_not_a_place(tmp_path, monkeypatch):
    # a module imported for the first time during a scan: Python lists the folders of
    # sys.path (the working folder among them, with `python -m`) and reads the source; the
    # key holds the code, and those folders change with every report written there
    (tmp_path / "memo_probe_module.py").write_text("VALUE = 1\n")
    monkeypatch.syspath_prepend(str(tmp_path))
    with scan_memo.recording(None) as reads:
        import memo_probe_module  # noqa: F401
        (tmp_path / "memo_probe_module.py").read_text()  # and read as an input: noted
    assert reads.places() == [["file", str(tmp_path / "memo_probe_module.py")]]


def test_signatures_change_with_what_a_scan_could_see(tmp_path):
    folder = tmp_path / "folder"
    folder.mkdir()
    (folder / "a.tf").write_text("a")
    sign = scan_memo.signature
    listing, content, probe = (sign("listing", str(folder)), sign("file", str(folder / "a.tf")),
                               sign("stat", str(folder / "a.tf")))
    (folder / "a.tf").write_text("b")  # same size, other content: the listing can't tell
    assert sign("file", str(folder / "a.tf")) != content
    (folder / "a.tf").write_text("bb")
    assert sign("listing", str(folder)) != listing and sign("stat", str(folder / "a.tf")) != probe
    (folder / "b").mkdir()
    assert sign("listing", str(folder)) != listing
    assert sign("file", str(tmp_path / "none")).startswith("error:")
    assert sign("stat", str(tmp_path / "none")) != sign("stat", str(folder))


def test_a_file_is_signed_as_the_scan_reads_it(tmp_path):
    """A FIFO or a link to a device, which a scan opens without blocking and refuses, is signed
    by its kind, never read (it hung the memo, or filled the memory); a regular file by its
    content, read a piece at a time, whatever its size, to the hash it always had."""
    import hashlib

    os.mkfifo(tmp_path / "x.tf")
    os.symlink("/dev/zero", tmp_path / "zero.tf")
    assert scan_memo.signature("file", str(tmp_path / "x.tf")) == f"special:{0o010000}"
    assert scan_memo.signature("file", str(tmp_path / "zero.tf")) == f"special:{0o020000}"
    data = os.urandom(3 * (1 << 20) + 5)
    (tmp_path / "big.tf").write_bytes(data)
    assert scan_memo.signature("file", str(tmp_path / "big.tf")) == \
        hashlib.blake2b(data, digest_size=16).hexdigest()


def test_the_scan_command_replays_only_for_reports_without_excerpts(tree, tmp_path):
    cache = tmp_path / "cli-cache"
    runner = CliRunner()

    def scan(*args):
        outcome = runner.invoke(main, ["scan", str(tree), "--cache-dir", str(cache), "--quiet",
                                      *args])
        assert outcome.exit_code in (0, 1), outcome.output
        return outcome

    scan("--format", "table")
    assert not (cache / "memo").exists()  # the table shows excerpts: never replayed
    reports = []
    for number in (1, 2):
        scan("--format", "json", "-o", str(tmp_path / f"{number}.json"))
        report = json.loads((tmp_path / f"{number}.json").read_text())
        del report["scan"]["started_at"], report["scan"]["duration_s"]
        reports.append(report)
    assert len(list((cache / "memo").rglob("*.sealed"))) == 2  # the places, the result
    assert reports[0] == reports[1] and reports[0]["findings"]
    # without --quiet, a replay says so
    told = runner.invoke(main, ["scan", str(tree), "--cache-dir", str(cache), "--format",
                                "json", "-o", str(tmp_path / "3.json")])
    assert "is reported again (from the cache)" in told.stderr


@pytest.fixture
def stores_in_a_helper(tmp_path, monkeypatch):
    """Every scan's cache entries written by a helper, which notes its pid and is slow to
    store the memo: a scan that did not wait for it would find no entry. `fail`: the helper's
    memo store raises instead."""
    monkeypatch.setattr(scan_module, "MIN_FINDINGS_IN_BACKGROUND", 1)
    noted = tmp_path / "stored-by"
    original = scan_memo.ScanMemo.store
    outcome = {"fail": False}

    def slow_store(memo, *args):
        noted.write_text(str(os.getpid()))
        time.sleep(0.5)
        if outcome["fail"]:
            raise RuntimeError("a helper's defect")
        return original(memo, *args)

    monkeypatch.setattr(scan_memo.ScanMemo, "store", slow_store)
    return noted, outcome


def test_a_large_result_is_stored_by_a_helper_and_the_next_scan_waits_for_it(
        tree, scans, stores_in_a_helper):
    noted, _ = stores_in_a_helper
    fresh = scans.run(tree, workers=2)
    replayed = scans.run(tree, workers=2)
    assert int(noted.read_text()) != os.getpid()
    assert scans.replays == 1 and said(replayed) == said(fresh)
    with pytest.raises(ChildProcessError):  # reaped
        os.waitpid(-1, os.WNOHANG)


def test_a_replayed_scan_does_not_wait_for_the_helper_of_the_scan_before(
        tree, scans, stores_in_a_helper, tmp_path):
    """As the base of a diff, replayed while the head's helper still writes: the replay reads
    nothing that helper writes, so it does not wait for it (it is reaped later)."""
    from compliance.processes.forked import background_pending, wait_for_background

    fresh = scans.run(tree, workers=2)
    wait_for_background()
    other = tmp_path / "other"
    shutil.copytree(tree / "terraform", other)
    settled(other)
    scans.run(other, workers=2)
    assert background_pending()  # its helper is still storing (slowly)
    replayed = scans.run(tree, workers=2)
    assert background_pending()  # not waited for
    assert scans.replays == 1 and said(replayed) == said(fresh)
    wait_for_background()


def test_a_helper_that_fails_to_store_costs_only_the_replay(tree, scans, stores_in_a_helper):
    _, outcome = stores_in_a_helper
    outcome["fail"] = True
    fresh = scans.run(tree, workers=2)
    again = scans.run(tree, workers=2)
    assert scans.replays == 0 and said(again) == said(fresh)


def test_one_worker_stores_in_the_scan_s_own_process(tree, scans, stores_in_a_helper):
    noted, _ = stores_in_a_helper
    scans.run(tree, workers=1)
    assert int(noted.read_text()) == os.getpid()


def test_after_a_helper_wrote_the_caches_the_next_scan_replays_every_part(
        tree, scans, monkeypatch, tmp_path):
    """Without the memo, the next scan waits for the (slow) helper of the one before, then
    finds every root module and every scope's outcomes it wrote, and says the same."""
    from compliance.evaluate import remembered as remembered_module
    from compliance.processes.forked import wait_for_background
    from compliance.resolve.terraform import build as build_module

    monkeypatch.setattr(scan_module, "MIN_FINDINGS_IN_BACKGROUND", 1)
    noted = tmp_path / "stored-by"
    store = remembered_module.Remembered.store

    def noting_store(remembered):
        with noted.open("a") as note:
            note.write(f"{os.getpid()} {remembered.unstored()}\n")
        time.sleep(0.5)
        store(remembered)

    monkeypatch.setattr(remembered_module.Remembered, "store", noting_store)
    options = ScanOptions(cache_dir=scans.cache, memo=False, workers=2)
    fresh = run_scan([tree], scans.catalog, options=options)
    resolved, made = [], []
    collect_root = build_module._collect_root
    monkeypatch.setattr(build_module, "_collect_root",
                        lambda *args: (resolved.append(args[1]), collect_root(*args)))
    init = remembered_module.Remembered.__init__
    monkeypatch.setattr(remembered_module.Remembered, "__init__",
                        lambda self, *args: (made.append(self), init(self, *args))[-1])
    again = run_scan([tree], scans.catalog, options=options)
    assert said(again) == said(fresh)
    assert resolved == []  # every root module from the resolved-module cache
    assert made[0].hits == len(made[0]._scopes) > 0  # every scope's outcomes remembered
    wait_for_background()
    (first, to_write), (second, none) = [map(int, line.split())
                                         for line in noted.read_text().splitlines()]
    assert first != os.getpid() and to_write > 0  # written by a helper
    assert (second, none) == (os.getpid(), 0)  # nothing left to write: no helper for it
