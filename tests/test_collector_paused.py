"""A scan runs with the cyclic garbage collector paused (pipeline/scan.py): that is only sound
while what a scan builds is freed by reference counting, so the resolver's module instances and
the evaluator must not be left in reference cycles once their work is done."""

from __future__ import annotations

import gc
from pathlib import Path

import compliance.pipeline.scan as scan_module
from compliance.evaluate.run import ScanContext
from compliance.pipeline.scan import ScanOptions, collect_if_piled_up, run_scan
from compliance.resolve.terraform.configuration import Configuration
from compliance.resolve.terraform.module_instance import ModuleInstance

EXAMPLES = Path(__file__).resolve().parent.parent / "examples"
# a root module calling a local module twice (count): callers and called instances refer to
# each other while they are evaluated
MODULE_CALLS = {
    "main.tf": 'module "api" {\n  count  = 2\n  source = "./modules/api"\n  name   = "a"\n}\n',
    "modules/api/main.tf": 'variable "name" {}\n'
                           'resource "aws_api_gateway_rest_api" "this" {\n'
                           '  name = var.name\n}\n',
}


def _garbage_after(scan) -> list[object]:
    """What only the cyclic collector could free once `scan()` has returned and its result is
    dropped."""
    gc.collect()
    enabled = gc.isenabled()
    gc.disable()
    gc.set_debug(gc.DEBUG_SAVEALL)
    try:
        scan()
        gc.collect()
        return list(gc.garbage)
    finally:
        gc.set_debug(0)
        gc.garbage.clear()
        if enabled:
            gc.enable()


def test_a_scan_leaves_no_resolver_or_evaluator_cycles(catalog, tmp_path):
    for name, text in MODULE_CALLS.items():
        (tmp_path / name).parent.mkdir(parents=True, exist_ok=True)
        (tmp_path / name).write_text(text)
    for paths, cache in (([tmp_path], None), ([EXAMPLES], tmp_path / "cache")):
        def scan():
            result = run_scan(paths, catalog, options=ScanOptions(cache_dir=cache))
            assert result.resources and (cache is None or result.findings)

        kinds = {type(item) for item in _garbage_after(scan)}
        assert not kinds & {ModuleInstance, Configuration, ScanContext}, kinds


def test_the_collector_is_paused_during_a_scan_and_enabled_again_after(catalog, tmp_path,
                                                                       monkeypatch):
    seen = []
    real = scan_module.discover

    def discover(*args, **kwargs):
        seen.append(gc.isenabled())
        return real(*args, **kwargs)

    monkeypatch.setattr(scan_module, "discover", discover)
    (tmp_path / "main.tf").write_text(MODULE_CALLS["modules/api/main.tf"])
    assert gc.isenabled()
    run_scan([tmp_path], catalog)
    assert seen == [False] and gc.isenabled()
    gc.disable()  # a caller's own choice is kept
    try:
        run_scan([tmp_path], catalog)
        assert not gc.isenabled()
    finally:
        gc.enable()


def test_garbage_piled_up_in_a_paused_scan_is_collected(monkeypatch):
    class Cycle:
        def __init__(self):
            self.me = self

    monkeypatch.setattr(scan_module, "PILED_UP", 1_000)
    gc.collect()
    gc.disable()
    try:
        for _ in range(5_000):
            Cycle()
        assert any(isinstance(item, Cycle) for item in gc.get_objects())
        collect_if_piled_up()
        assert not any(isinstance(item, Cycle) for item in gc.get_objects())
        for _ in range(100):
            Cycle()
        collect_if_piled_up()  # below the threshold: left for later
        assert any(isinstance(item, Cycle) for item in gc.get_objects())
    finally:
        gc.enable()
        gc.collect()


def test_what_a_scan_left_for_its_cache_writes_is_let_go_when_the_next_scan_starts(catalog,
                                                                                   tmp_path):
    """Freeing a large scan's outcomes took a tenth of a second before its report, so they
    are kept until the next scan starts (a command ends without freeing anything); never
    longer, or a process that scans again and again would keep every scan's."""
    import weakref

    from compliance.evaluate.remembered import Remembered

    def remembered_left() -> list[Remembered]:
        return [write.__self__ for writes in scan_module._left_for_later
                for _size, write in writes
                if isinstance(getattr(write, "__self__", None), Remembered)]

    run_scan([EXAMPLES], catalog, options=ScanOptions(cache_dir=tmp_path / "a"))
    first = remembered_left()
    assert len(first) == 1
    gone = weakref.ref(first[0])
    del first
    run_scan([EXAMPLES], catalog, options=ScanOptions(cache_dir=tmp_path / "b"))
    assert gone() is None
    assert len(remembered_left()) == 1
