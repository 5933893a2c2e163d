"""The cyclic collector paused while reports are made (compliance/processes/collector.py): a
report's objects are freed by reference counting, and the collector's passes over them cost a
fifth to a quarter of the time. Afterwards it is as it was."""

from __future__ import annotations

import gc

import pytest
from click.testing import CliRunner
from test_diff import commit, make_repo, method, write

from compliance.cli.main import main
from compliance.processes.collector import collector_off


def test_the_collector_is_paused_inside_and_as_it_was_after():
    assert gc.isenabled()
    with collector_off():
        assert not gc.isenabled()
        with collector_off():  # nested: the outer pause stands
            assert not gc.isenabled()
        assert not gc.isenabled()
    assert gc.isenabled()
    with pytest.raises(ValueError), collector_off():
        raise ValueError("a report that failed")
    assert gc.isenabled()
    gc.disable()  # a caller's own pause is not undone
    try:
        with collector_off():
            pass
        assert not gc.isenabled()
    finally:
        gc.enable()


def test_what_was_made_while_paused_is_old_once_the_collector_resumes():
    """Or the first young collection would walk all of it (0.34 s after the example's PDF)."""
    with collector_off():
        made = [[number] for number in range(1000)]
    assert not any(item is made for item in gc.get_objects(generation=0))
    assert any(item is made for item in gc.get_objects(generation=2))


def _noting_collector(monkeypatch, module, name, seen):
    """`module.name` wrapped to note whether the collector runs when it is called."""
    original = getattr(module, name)
    monkeypatch.setattr(module, name, lambda *args, **kwargs: (
        seen.append(gc.isenabled()), original(*args, **kwargs))[1])


def test_scan_and_evidence_write_their_reports_with_the_collector_paused(tmp_path,
                                                                           monkeypatch):
    from compliance.cli import scan
    from compliance.outputs import pack

    tree = tmp_path / "tree"
    tree.mkdir()
    (tree / "api.tf").write_text(method("list_orders"))
    seen: list[bool] = []
    _noting_collector(monkeypatch, scan, "write_output", seen)
    _noting_collector(monkeypatch, pack, "build_pack", seen)
    for args in (["scan", str(tree), "-o", str(tmp_path / "r.json"), "-o",
                  str(tmp_path / "r.sarif")],
                 ["evidence", str(tree), "-q", "-o", str(tmp_path / "pack.zip")]):
        result = CliRunner().invoke(main, [*args, "--no-cache"])
        assert result.exit_code in (0, 1), result.output
        assert gc.isenabled()
    assert seen == [False, False, False]  # two reports of the scan, the pack


def test_diff_writes_its_reports_with_the_collector_paused(tmp_path, monkeypatch):
    from compliance.cli import diff

    repo = make_repo(tmp_path, {"api.tf": method("list_orders", "AWS_IAM")})
    write(repo, {"api.tf": method("list_orders")})
    commit(repo, "open the method")
    seen: list[bool] = []
    _noting_collector(monkeypatch, diff, "write_output", seen)
    result = CliRunner().invoke(main, ["diff", str(repo), "--base", "HEAD~1", "--json",
                                       str(tmp_path / "d.json"), "--no-cache"])
    assert result.exit_code in (0, 1), result.output
    assert seen == [False, False] and gc.isenabled()
