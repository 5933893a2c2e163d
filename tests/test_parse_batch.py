"""parse_many in worker processes: a Terraform result crosses the pipe as the exact JSON its
worker wrote to the cache, and reads back as the same result a parse in this process gives."""

from __future__ import annotations

import pytest

from compliance.parse import batch, parse_source
from compliance.parse.cache import ParseCache, blocks_of
from compliance.parse.cache import _key as cache_key

TERRAFORM = '''\
resource "aws_s3_bucket" "b{n}" {{
  bucket = "b-{n}"
  tags   = {{ Name = "x", Big = 1.5e3, Neg = -0.0 }}
  rules  = [for r in var.rules : {{ id = r, on = true }}]
}}
'''
BIG = 'locals {\n  n = 123456789012345678901234567890\n}\n'  # past 64 bits: orjson refuses it
MANIFEST = "apiVersion: v1\nkind: ServiceAccount\nmetadata:\n  name: s\n"


def _same(a, b) -> bool:
    """Equal, with the same types all the way down (a tuple is not a list)."""
    if type(a) is not type(b):
        return False
    if isinstance(a, dict):
        return list(a) == list(b) and all(_same(a[k], b[k]) for k in a)
    if isinstance(a, list):
        return len(a) == len(b) and all(map(_same, a, b))
    return a == b


def test_results_from_workers_are_those_of_a_parse_here(tmp_path, monkeypatch):
    monkeypatch.setattr(batch, "PARALLEL_MIN_BYTES", 0)
    received = []
    original = batch._received
    monkeypatch.setattr(batch, "_received", lambda sent: received.append(type(sent)) or
                        original(sent))
    contents = [("terraform", TERRAFORM.format(n=n)) for n in range(20)]
    contents += [("terraform", BIG), ("kubernetes", MANIFEST)]
    keyed = [(batch.content_key(kind, text.encode()), text.encode()) for kind, text in contents]
    for cache in (ParseCache(tmp_path / "cache"), ParseCache(None)):
        received.clear()
        results = batch.parse_many(keyed, cache, workers=2)
        assert received.count(bytes) == 20  # the Terraform results orjson reads back exactly
        assert received.count(dict) == 2  # the number past 64 bits, and the manifest
        for (key, data), (kind, text) in zip(keyed, contents):
            assert _same(results[key], parse_source(kind, text)), text
    with batch.ParseBatch(ParseCache(None), workers=2) as parsing:
        for key, data in keyed:
            parsing.add(key, data)
        assert parsing.parsed() == results
        # what the workers sent is let go as it is read, not held to the end (memory)
        assert parsing._sent and not any(parsing._sent)
    cached = ParseCache(tmp_path / "cache")  # and what the workers wrote reads back as well
    for (key, _), (kind, text) in zip(keyed, contents):
        entry, expected = cached.get(*key), parse_source(kind, text)
        assert _same(entry["errors"], expected["errors"])
        if kind == "terraform":
            assert _same(blocks_of(entry), expected["blocks"])
        else:
            assert _same(entry, expected)


# made before the workers are forked: a worker must not walk it (see test below)
_INHERITED = [["made by the main process"]]


def test_a_worker_collects_what_it_makes_and_never_walks_what_it_was_forked_with(
        tmp_path, monkeypatch):
    """The collector walking the inherited objects would write to their headers and copy
    every page the worker shares with the main process."""
    import gc

    def report(kind, data):
        mine = [["made here"]]
        tracked = gc.get_objects()
        return {"resources": [], "errors": [], "enabled": gc.isenabled(),
                "inherited_walked": any(o is _INHERITED for o in tracked),
                "own_walked": any(o is mine for o in tracked)}

    monkeypatch.setattr(batch, "PARALLEL_MIN_BYTES", 0)
    monkeypatch.setattr(batch, "_parse_content", report)
    contents = [("kubernetes", MANIFEST + f"# {n}\n") for n in range(20)]
    keyed = [(batch.content_key(kind, text.encode()), text.encode()) for kind, text in contents]
    results = batch.parse_many(keyed, ParseCache(None), workers=2)
    assert {(r["enabled"], r["inherited_walked"], r["own_walked"])
            for r in results.values()} == {(True, False, True)}


def test_a_scan_parses_while_discovery_goes_on(tmp_path, monkeypatch):
    """The workers start once 16 files wait, long before the walk has found the last of 40;
    what they give is what one process gives."""
    from compliance.parse import discover as discover_module
    from compliance.pipeline.scan import ScanOptions, run_scan

    for n in range(40):
        (tmp_path / f"f{n:02}.tf").write_text(TERRAFORM.format(n=n))
    monkeypatch.setattr(batch, "PARALLEL_MIN_BYTES", 0)
    found = []
    original_read = discover_module.read_source
    monkeypatch.setattr(discover_module, "read_source", lambda *args: found.append(args[1]) or
                        original_read(*args))
    started_after = []
    original_start = batch.ParseBatch._start_workers
    monkeypatch.setattr(batch.ParseBatch, "_start_workers", lambda self: started_after.append(
        len(found)) or original_start(self))

    def summary(result):
        return sorted((r.address, r.location.file, r.location.start_line, repr(r.attributes))
                      for r in result.resources)

    parallel = run_scan([tmp_path], None, controls=[], options=ScanOptions(cache_dir=None))
    assert started_after == [16] and len(found) == 40
    alone = run_scan([tmp_path], None, controls=[],
                     options=ScanOptions(cache_dir=None, workers=1))
    assert started_after == [16]  # no workers for a scan told to use one process
    assert summary(parallel) == summary(alone) and len(summary(alone)) == 40


def test_entries_left_to_write_are_those_the_workers_would_have_written(tmp_path, monkeypatch):
    """With `leave_writes`, the workers write no entry of the kinds they send back as JSON;
    the batch makes each from what it received, byte for byte what a worker writes, except
    for a result cut short by a work limit, which is never cached."""
    monkeypatch.setattr(batch, "PARALLEL_MIN_BYTES", 0)
    cut_short = 'locals {\n  slow = 1\n}\n'
    parse_content = batch._parse_content
    monkeypatch.setattr(batch, "_parse_content", lambda kind, data: {
        "resources": [], "errors": [{"line": None, "limit": True, "message": "too slow"}]}
        if data == cut_short.encode() else parse_content(kind, data))
    contents = [("terraform", TERRAFORM.format(n=n)) for n in range(20)]
    contents += [("terraform", BIG), ("kubernetes", MANIFEST), ("terraform", cut_short)]
    keyed = [(batch.content_key(kind, text.encode()), text.encode()) for kind, text in contents]
    written, left = ParseCache(tmp_path / "written"), ParseCache(tmp_path / "left")
    batch.parse_many(keyed, written, workers=2)
    with batch.ParseBatch(left, workers=2, leave_writes=True) as parsing:
        for key, data in keyed:
            parsing.add(key, data)
        results = parsing.parsed()
    assert parsing._sent and results == batch.parse_many(keyed, ParseCache(None), 2)
    terraform = [key for key, _ in keyed[:21]]
    assert [(kind, digest) for kind, digest, _ in parsing.unwritten] == terraform
    manifest, slow = keyed[21][0], keyed[22][0]
    assert [left.get(*key) for key in terraform] == [None] * 21  # not written by the workers
    assert left.get(*manifest) == written.get(*manifest) is not None  # written by its worker
    for kind, digest, text in parsing.unwritten:
        left.put_text(kind, digest, text)
    for key in terraform:
        assert left.entries.unsealed(cache_key(*key)) == \
            written.entries.unsealed(cache_key(*key)) is not None
    assert left.get(*slow) is None and written.get(*slow) is None


@pytest.mark.parametrize("download_modules", [False, True], ids=["held", "downloading"])
def test_a_scan_leaves_its_parse_entries_to_a_helper(tmp_path, monkeypatch, download_modules):
    """A cold scan whose workers parsed its Terraform files has their entries written by a
    helper forked with the workers (before this process holds any of them: freeing them
    copies no page), handed each entry as it is made, told to write once the resources are
    built (while the resolution keeps both processors busy it waits), and reaped before the
    evaluation (where its copies of the pages the evaluation changes would cost memory): all
    there by then. With --download-modules (the build may wait on the network, and build
    again) the helper is forked once the resources are built, holding no old pages
    meanwhile."""
    import os

    from compliance.pipeline import scan as scan_module
    from compliance.pipeline.scan import ScanOptions, run_scan
    from compliance.processes.forked import background_pending, wait_for_background

    tree = tmp_path / "tree"
    tree.mkdir()
    for n in range(20):
        (tree / f"f{n:02}.tf").write_text(TERRAFORM.format(n=n))
    monkeypatch.setattr(batch, "PARALLEL_MIN_BYTES", 0)
    writer = tmp_path / "written-by"  # a line for each Terraform entry, by the process writing
    put_text = ParseCache.put_text

    def noted_put_text(self, kind, digest, text):
        if kind == "terraform":
            with open(writer, "a") as noted:
                noted.write(f"{os.getpid()}\n")
        put_text(self, kind, digest, text)

    monkeypatch.setattr(ParseCache, "put_text", noted_put_text)
    started_writers = []
    fed = batch.fed_in_background
    monkeypatch.setattr(batch, "fed_in_background", lambda *args: (
        started_writers.append(background_pending()), fed(*args))[1])
    evaluated_with_helper_pending = []
    # while the resources are built the helper is there, and has written nothing
    built_with = []
    build = scan_module._build_with_downloads
    monkeypatch.setattr(scan_module, "_build_with_downloads", lambda *args: (
        built_with.append((background_pending(), writer.exists())), build(*args))[1])
    from compliance.evaluate import run as run_module

    run_controls = run_module.run_controls
    monkeypatch.setattr(run_module, "run_controls", lambda *args: (
        evaluated_with_helper_pending.append(background_pending()), run_controls(*args))[1])
    wait_for_background()  # (what an earlier test's scan may have left)
    cache = ParseCache(tmp_path / "cache")
    run_scan([tree], None, controls=[], options=ScanOptions(
        cache_dir=tmp_path / "cache", workers=2, download_modules=download_modules))
    assert evaluated_with_helper_pending == [False]
    assert built_with == [(not download_modules, False)]
    # forked with the workers, when no other helper was pending (none held the entries)
    assert started_writers == ([] if download_modules else [False])
    pids = writer.read_text().split()
    assert len(pids) == 20 and len(set(pids)) == 1 and int(pids[0]) != os.getpid()
    for n in range(20):
        key = batch.content_key("terraform", TERRAFORM.format(n=n).encode())
        assert _same(blocks_of(cache.get(*key)),
                     parse_source("terraform", TERRAFORM.format(n=n))["blocks"])
