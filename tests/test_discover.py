from __future__ import annotations

import os
from pathlib import Path

from compliance.parse.discover import (
    KUBERNETES,
    TERRAFORM,
    TERRAFORM_PLAN,
    TERRAFORM_VARS,
    classify,
    discover,
)


def touch(path: Path, text: str = "x = 1\n") -> None:
    path.parent.mkdir(parents=True, exist_ok=True)
    path.write_text(text)


def test_classifies_by_extension_and_content():
    assert classify("main.tf", b"") == TERRAFORM
    assert classify("prod.tfvars", b"") == TERRAFORM_VARS
    assert classify("terraform.tfvars.json", b'{"a": 1}') == TERRAFORM_VARS
    assert classify("a.yaml", b"apiVersion: v1\nkind: Service\n") == KUBERNETES
    assert classify("a.yml", b"---\n# c\nkind: Service\napiVersion: v1\n") == KUBERNETES
    assert classify("list.yaml", b"items:\n- apiVersion: v1\n  kind: Pod\n") == KUBERNETES
    assert classify("compose.yaml", b"services:\n  web: {}\n") is None
    assert classify("m.json", b'{"apiVersion": "v1", "kind": "Pod"}') == KUBERNETES
    assert classify("plan.json", b'{"format_version":"1.2","planned_values":{}}') == TERRAFORM_PLAN
    assert classify("package.json", b'{"name": "x"}') is None
    assert classify("main.tf.json", b"{}") == "terraform-json"
    assert classify("README.md", b"apiVersion: v1\nkind: Pod") is None


def test_skips_tool_folders_and_globs(tmp_path):
    for rel in ["main.tf", ".terraform/modules/x/main.tf", ".git/x.tf", "node_modules/p/a.tf",
                "vendor/lib/a.tf", "env/prod/main.tf", "tests/fixtures/bad.tf", "a/b/skip.tf"]:
        touch(tmp_path / rel)
    found = discover([tmp_path], skip_patterns=("vendor", "tests/*", "*skip.tf"))
    assert [f.relpath for f in found.files] == ["env/prod/main.tf", "main.tf"]


def test_symlinks_out_of_the_root_are_not_followed(tmp_path):
    outside = tmp_path / "outside"
    root = tmp_path / "root"
    touch(outside / "secret.tf")
    touch(root / "main.tf")
    os.symlink(outside / "secret.tf", root / "link.tf")
    os.symlink(outside, root / "linkdir")
    touch(root / "inner" / "real.tf")
    os.symlink(root / "inner" / "real.tf", root / "inside-link.tf")
    found = discover([root])
    assert [f.relpath for f in found.files] == ["inner/real.tf", "inside-link.tf", "main.tf"]
    # the link out is reported, not silently dropped: what it holds was not read
    assert [(e.file, e.unread) for e in found.errors] == [("link.tf", True)]


def test_paths_are_relative_to_the_common_root_with_forward_slashes(tmp_path):
    touch(tmp_path / "a" / "x.tf")
    touch(tmp_path / "b" / "y.tf")
    found = discover([tmp_path / "a", tmp_path / "b" / "y.tf"])
    assert found.root == tmp_path.resolve()
    assert [f.relpath for f in found.files] == ["a/x.tf", "b/y.tf"]


def test_same_content_has_same_digest(tmp_path):
    touch(tmp_path / "a.tf", "x = 1\n")
    touch(tmp_path / "b.tf", "x = 1\n")
    a, b = discover([tmp_path]).files
    assert a.digest == b.digest


def test_the_tools_own_cache_inside_the_tree_is_not_walked(tmp_path):
    """A CI job may keep the cache inside the repository: its entries (binary compiled-catalog
    files named .json, downloaded modules) are not the user's configuration."""
    touch(tmp_path / "main.tf")
    cache = tmp_path / ".cache" / "compliance"
    (cache / "compiled").mkdir(parents=True)
    (cache / "compiled" / "catalog-0a.json").write_bytes(b"\x00\x17tag" + b'{"a": 1}')
    touch(cache / "modules" / "vpc" / "main.tf")
    found = discover([tmp_path], own_dirs=(cache,))
    assert [f.relpath for f in found.files] == ["main.tf"] and found.errors == []
    unguarded = discover([tmp_path])  # what a scan read before
    assert any("binary" in e.message for e in unguarded.errors)


def test_a_scan_with_its_cache_in_the_tree_reads_it_as_a_cache_only(tmp_path, catalog):
    from compliance.pipeline.scan import ScanOptions, run_scan

    touch(tmp_path / "main.tf", 'resource "aws_api_gateway_method" "m" {\n'
                                '  authorization = "NONE"\n}\n')
    cache = tmp_path / ".compliance-cache"
    touch(cache / "modules" / "vpc" / "main.tf", 'resource "aws_api_gateway_method" "n" {}\n')
    chart = cache / "modules" / "vpc" / "chart"  # rendered with helm, or named as not rendered
    touch(chart / "Chart.yaml", "apiVersion: v2\nname: vendored\nversion: 0.1.0\n")
    touch(chart / "templates" / "pod.yaml", "apiVersion: v1\nkind: Pod\nmetadata:\n"
                                            "  name: p\nspec:\n  containers: []\n")
    for _ in range(2):  # the second scan meets the entries the first wrote
        result = run_scan([tmp_path], catalog, options=ScanOptions(cache_dir=cache, memo=False))
        assert result.errors == [] and result.files_scanned == 1
        assert {r.location.file for r in result.resources} == {"main.tf"}
    assert list(cache.rglob("*.sealed"))


def test_charts_and_programs_in_the_scans_own_cache_are_not_looked_for(tmp_path):
    from compliance.parse.discover import find_named

    touch(tmp_path / "chart" / "Chart.yaml", "name: mine\n")
    cache = tmp_path / ".cache"
    touch(cache / "modules" / "vendored" / "chart" / "Chart.yaml", "name: theirs\n")
    assert find_named([tmp_path], tmp_path, ("Chart.yaml",), own_dirs=(cache,)) == [
        tmp_path / "chart" / "Chart.yaml"]
    assert len(find_named([tmp_path], tmp_path, ("Chart.yaml",))) == 2


def test_discovery_notes_the_files_find_named_would_find_in_the_same_walk(tmp_path):
    """The scan takes its charts and overlays from discovery's own walk (`noted`): the same
    files, in the same order, as a walk of their own (`find_named`) gives, whatever is
    skipped, the scan's own folders, or a path given twice or as a file."""
    from compliance.parse.discover import find_named
    from compliance.parse.render import RENDERED_FROM

    for name in ("b/Chart.yaml", "a/overlay/kustomization.yaml", "a/Chart.yaml",
                 "a/base/Kustomization", "skipped/Chart.yaml", "node_modules/x/Chart.yaml",
                 ".cache/charts/Chart.yaml", "a/templates/deploy.yaml", "main.tf"):
        touch(tmp_path / name, "name: x\n")
    cache = tmp_path / ".cache"
    for paths in ([tmp_path], [tmp_path / "b", tmp_path / "a", tmp_path / "a" / "overlay"],
                  [tmp_path / "b" / "Chart.yaml", tmp_path / "a"]):
        noted = discover(paths, ("skipped",), own_dirs=(cache,), noted=RENDERED_FROM).named
        walked = find_named(paths, discover(paths).root, RENDERED_FROM, ("skipped",), (cache,))
        assert noted == walked
    assert [p.relative_to(tmp_path).as_posix() for p in discover(
        [tmp_path], ("skipped",), own_dirs=(cache,), noted=RENDERED_FROM).named] == [
        "a/Chart.yaml", "a/base/Kustomization", "a/overlay/kustomization.yaml", "b/Chart.yaml"]
    assert discover([tmp_path]).named == []  # nothing noted unless asked


def test_a_file_read_by_name_is_read_only_when_regular(tmp_path):
    """Every reader of a file another file names (Terraform's file(), a SAM DefinitionUri, a
    Kustomization, a Helm template) reads it this way: a FIFO is refused at once rather
    than waited on, a link to a device is refused rather than read for ever, and a file over
    the cap is refused, or its head given when the reader wants one."""
    import pytest

    from compliance.parse.regular_files import NotRegular, TooLarge, read_regular

    os.mkfifo(tmp_path / "pipe.json")
    os.symlink("/dev/zero", tmp_path / "zero.yaml")
    (tmp_path / "big.json").write_bytes(b"x" * 100)
    for name in ("pipe.json", "zero.yaml"):
        with pytest.raises(NotRegular) as refused:
            read_regular(tmp_path / name)
        assert str(refused.value) == "not a regular file (a pipe, socket or device)"
    with pytest.raises(TooLarge) as large:
        read_regular(tmp_path / "big.json", 99)
    assert large.value.size == 100 and str(large.value) == "larger than 99 bytes"
    assert read_regular(tmp_path / "big.json", 99, head=True) == b"x" * 99
    assert read_regular(tmp_path / "big.json", 100) == b"x" * 100
    with pytest.raises(FileNotFoundError):
        read_regular(tmp_path / "missing.json")


def test_a_small_file_costs_its_size_to_read_not_the_cap(tmp_path):
    """Discovery reads every file of the tree under a 5 MiB cap: a read of the cap allocated
    5 MiB for each small file (0.03 s of a scan of the benchmark corpus)."""
    import tracemalloc

    from compliance.parse.regular_files import read_regular

    (tmp_path / "main.tf").write_bytes(b"x" * 4000)
    tracemalloc.start()
    try:
        assert read_regular(tmp_path / "main.tf", 5 * 1024 * 1024) == b"x" * 4000
        _current, peak = tracemalloc.get_traced_memory()
    finally:
        tracemalloc.stop()
    assert peak < 64 * 1024


def test_a_file_holding_more_than_its_size_says_is_read_to_the_cap(tmp_path, monkeypatch):
    """A file that grew after its size was taken (or one whose size the system can't tell,
    as /proc's): what it holds is read, still no further than the cap."""
    import pytest

    from compliance.parse import regular_files
    from compliance.parse.regular_files import TooLarge, read_regular

    real_fstat = os.fstat

    def no_size(fd):  # a regular file that says it is empty
        found = real_fstat(fd)
        return os.stat_result((found.st_mode, *found[1:6], 0, *found[7:]))

    monkeypatch.setattr(regular_files.os, "fstat", no_size)
    (tmp_path / "grown.tf").write_bytes(b"y" * 300)
    assert read_regular(tmp_path / "grown.tf") == b"y" * 300
    assert read_regular(tmp_path / "grown.tf", 300) == b"y" * 300
    assert read_regular(tmp_path / "grown.tf", 299, head=True) == b"y" * 299
    with pytest.raises(TooLarge) as large:
        read_regular(tmp_path / "grown.tf", 299)
    assert large.value.size == 300


def test_the_tree_is_walked_as_os_walk_walks_it_and_at_any_depth(tmp_path, request):
    """`walk_tree` gives what os.walk(followlinks=False) gives, in its order, pruning as the
    caller prunes; and it walks a tree nested deeper than the recursion limit, where 3.11's
    os.walk raised RecursionError out of the scan."""
    import sys

    from compliance.parse.discover import walk_tree
    from tests.deep_trees import make_nested, remove_nested

    for name in ("b/x.tf", "a/c/y.tf", "a/c/d/z.tf", "a/skip/w.tf", "top.tf", "e/f/g/h.yaml"):
        touch(tmp_path / name)
    os.symlink(tmp_path / "a", tmp_path / "link-to-a")  # listed as a folder, not entered
    (tmp_path / "locked").mkdir(mode=0)  # unreadable (unless root): listed, left out

    def walked(walk):
        found = []
        for folder, folders, files in walk(tmp_path):
            folders[:] = sorted(f for f in folders if f != "skip")
            found.append((folder, list(folders), sorted(files)))
        return found

    assert walked(walk_tree) == walked(lambda top: os.walk(top, followlinks=False))
    deep = tmp_path / "deep"
    deep.mkdir()
    make_nested(deep, sys.getrecursionlimit() + 200, {"main.tf": "x = 1\n"})
    request.addfinalizer(lambda: remove_nested(deep))
    assert [files for _, _, files in walk_tree(deep) if files] == [["main.tf"]]
    assert len(discover([deep]).files) == 1


def test_a_name_that_is_not_utf8_is_named_as_not_read(tmp_path):
    """A file or folder whose name is other bytes than UTF-8 can't be held by a report, a
    fingerprint or a cache entry (it crashed every machine-readable report): it is named, with
    those bytes written as \\xNN, and not read; a file that is no input is passed over."""
    touch(tmp_path / "main.tf")
    touch(tmp_path / os.fsdecode(b"caf\xe9.tf"))
    touch(tmp_path / os.fsdecode(b"photo\xe9.jpg"))
    touch(tmp_path / os.fsdecode(b"d\xfcr") / "inner.tf")
    found = discover([tmp_path])
    assert [f.relpath for f in found.files] == ["main.tf"]
    assert [(e.file, e.message) for e in found.errors] == [
        ("d\\xfcr", "the folder's name is not valid UTF-8; the files in it are not scanned"),
        ("caf\\xe9.tf", "the file's name is not valid UTF-8; not read")]
