"""Remembered outcomes: a warm scan replays what the checks said about an unchanged scope, and
gives exactly the findings a scan without a cache gives; a changed scope, a check that looks
across scopes and another selection of controls are evaluated again."""

from __future__ import annotations

import os
import sys
import time
from pathlib import Path

import pytest

from compliance import data_dir
from compliance.evaluate import checks as checks_module
from compliance.evaluate import remembered as remembered_module
from compliance.pipeline.scan import ScanOptions, run_scan
from compliance.processes.forked import wait_for_background
from tests.terraform.test_resolved_cache import exact

EXAMPLES = Path(__file__).resolve().parents[1] / "examples"


class Spy:
    """The `Remembered` of each scan, to count the scopes answered from the cache."""

    def __init__(self, monkeypatch):
        self.last = None
        spy = self

        class Watched(remembered_module.Remembered):
            def __init__(self, *args, **kwargs):
                super().__init__(*args, **kwargs)
                spy.last = self

        monkeypatch.setattr(remembered_module, "Remembered", Watched)

    @property
    def hits(self) -> int:
        return self.last.hits

    @property
    def scopes(self) -> int:
        return len({id(scope) for scope, _ in self.last._place.values()})


def report(paths, catalog, cache_dir, controls=None, workers=None):
    """Everything a scan says about its findings and errors, exactly (types included)."""
    result = run_scan(list(paths), catalog, controls=controls,
                      options=ScanOptions(cache_dir=cache_dir, workers=workers))
    findings = [(f.control, f.check, f.status, f.resource.scope, f.resource.address,
                 f.resource.location, exact(f.evidence)) for f in result.findings]
    return findings, [str(e) for e in result.errors]


SAMPLES = [EXAMPLES, data_dir("controls")]


@pytest.fixture(scope="module")
def samples_reference(catalog):
    """What a scan of every sample and example says without a cache (the reference the
    cached scans below must give)."""
    return report(SAMPLES, catalog, None)


def test_every_sample_is_replayed_exactly(catalog, samples_reference, tmp_path, monkeypatch):
    spy = Spy(monkeypatch)
    paths, reference = SAMPLES, samples_reference
    assert len(reference[0]) > 3000
    assert report(paths, catalog, tmp_path) == reference  # cold: evaluated, stored
    assert spy.hits == 0 and spy.scopes > 1000
    assert report(paths, catalog, tmp_path) == reference  # warm: replayed
    # every scope but those holding a value the cache can't encode exactly
    assert spy.hits > 0.95 * spy.scopes


ROLE = '''\
resource "aws_lambda_function" "{name}" {{
  function_name = "{name}"
  role          = "{role}"
}}
resource "aws_s3_bucket" "logs" {{
  bucket = "{name}-logs"
}}
'''


@pytest.fixture
def tree(tmp_path):
    root = tmp_path / "tree"
    for name, role in (("a", "arn:aws:iam::1:role/a"), ("b", "arn:aws:iam::1:role/b")):
        (root / name).mkdir(parents=True)
        (root / name / "main.tf").write_text(ROLE.format(name=name, role=role))
    return root


def test_a_changed_scope_alone_is_evaluated_again(tree, catalog, tmp_path, monkeypatch):
    spy = Spy(monkeypatch)
    cache = tmp_path / "cache"
    report([tree], catalog, cache)
    (tree / "a" / "main.tf").write_text(ROLE.format(name="a", role="*"))
    assert report([tree], catalog, cache) == report([tree], catalog, None)
    assert (spy.hits, spy.scopes) == (1, 2)


def test_a_check_across_scopes_is_evaluated_every_time(tree, catalog, tmp_path, monkeypatch):
    """aws-iam-role-per-workload fails a function whose role another one uses, in any root
    module: when b starts sharing a's role, a's finding changes though a did not."""
    spy = Spy(monkeypatch)
    cache = tmp_path / "cache"

    def role_per_workload(findings):
        return {address: status.value for control, _, status, _, address, *_ in findings
                if control == "aws-iam-role-per-workload"}

    before = report([tree], catalog, cache)[0]
    assert role_per_workload(before) == {"aws_lambda_function.a": "pass",
                                         "aws_lambda_function.b": "pass"}
    (tree / "b" / "main.tf").write_text(ROLE.format(name="b", role="arn:aws:iam::1:role/a"))
    after = report([tree], catalog, cache)
    assert spy.hits == 1  # a's scope replayed, but not that check
    assert role_per_workload(after[0]) == {"aws_lambda_function.a": "fail",
                                           "aws_lambda_function.b": "fail"}
    assert after == report([tree], catalog, None)


def test_another_selection_of_controls_is_not_answered_from_a_narrower_one(tree, catalog,
                                                                          tmp_path):
    cache = tmp_path / "cache"
    few = [catalog.by_id["aws-iam-role-per-workload"]]
    assert {f[0] for f in report([tree], catalog, cache, few)[0]} == {few[0].id}
    assert report([tree], catalog, cache) == report([tree], catalog, None)


def test_replayed_findings_keep_the_order_of_evaluated_ones(tmp_path, catalog):
    """Instances of one block share its lines, so their findings tie in the final sort and
    keep the order in which the checks visited them; a replay visits nothing, so it must put
    them back in that order. A selection naming a control twice is evaluated, not replayed."""
    root = tmp_path / "tree"
    (root / "a").mkdir(parents=True)
    (root / "a" / "main.tf").write_text(
        'resource "aws_s3_bucket" "logs" {\n  count  = 3\n  bucket = "logs-${count.index}"\n}\n'
        'resource "aws_api_gateway_method" "m" {\n  for_each = toset(["b", "a", "c"])\n'
        '  rest_api_id   = "x"\n  resource_id   = each.key\n  http_method   = "GET"\n'
        '  authorization = "NONE"\n}\n')
    cache = tmp_path / "cache"
    reference = report([root], catalog, None)
    addresses = [f[4] for f in reference[0]]
    assert addresses.index("aws_s3_bucket.logs[2]") > addresses.index("aws_s3_bucket.logs[0]")
    assert report([root], catalog, cache) == reference
    assert report([root], catalog, cache) == reference  # replayed
    twice = [catalog.by_id["aws-apigw-method-authorization"]] * 2
    assert report([root], catalog, cache, twice) == report([root], catalog, None, twice)
    assert report([root], catalog, cache, twice) == report([root], catalog, None, twice)


def test_what_a_failed_check_said_is_not_remembered(tree, catalog, tmp_path, monkeypatch):
    from compliance.evaluate import run as run_module

    cache = tmp_path / "cache"
    control = [catalog.by_id["aws-iam-role-per-workload"]]

    def broken(resource, context, **args):
        raise RuntimeError("a defect")

    # taken as a check of the scope's own, which raises: the scope is not stored
    monkeypatch.setattr(run_module, "stays_in_scope", lambda check: True)
    monkeypatch.setattr(checks_module, "CHECKS", dict(checks_module.CHECKS,
                                                      value_not_shared=broken))
    failed = report([tree], catalog, cache, control)
    assert {f[2].value for f in failed[0]} == {"unknown"} and failed[1]
    monkeypatch.undo()
    again = report([tree], catalog, cache, control)
    assert {f[2].value for f in again[0]} == {"pass"} and not again[1]


def test_the_check_list_of_other_scopes_names_real_checks():
    from compliance.evaluate.checks import CHECKS, READS_OTHER_SCOPES

    assert READS_OTHER_SCOPES <= set(CHECKS)


def test_each_scope_alone_gets_what_it_gets_in_the_whole_scan(catalog):
    """What remembering rests on: a check not named in READS_OTHER_SCOPES says the same of a
    resource whether the scan holds the other scopes or not (every sample, every example)."""
    from compliance.evaluate.checks import CHECKS
    from compliance.evaluate.remembered import stays_in_scope
    from compliance.evaluate.run import ScanContext, run_controls

    resources = run_scan([EXAMPLES, data_dir("controls")], catalog).resources
    local = [c for c in catalog.controls if all(stays_in_scope(k) for k in c.checks)]

    def said(findings):
        return sorted((f.control, f.check, f.resource.scope, f.resource.address,
                       f.resource.location.start_line, f.status.value, f.evidence.attribute,
                       repr(f.evidence.observed), f.evidence.line) for f in findings)

    whole = said(run_controls(local, ScanContext(resources, CHECKS)))
    by_scope: dict[str, list] = {}
    for resource in resources:
        by_scope.setdefault(resource.scope, []).append(resource)
    alone = said([finding for group in by_scope.values()
                  for finding in run_controls(local, ScanContext(group, CHECKS))])
    assert len(by_scope) > 1000 and len(whole) > 3000
    assert alone == whole


def test_a_control_whose_checks_changed_is_not_answered_from_its_old_entries(tree, catalog,
                                                                            tmp_path):
    """The key holds the controls' checks, not only their ids: a user's control edited between
    two scans (or a test's) is evaluated again."""
    import dataclasses

    from compliance.model import Check

    control = catalog.by_id["aws-iam-role-per-workload"]

    def named(bucket: str):
        check = Check("bucket", "terraform", ("aws_s3_bucket",),
                      {"path": "bucket", "equals": bucket})
        return [dataclasses.replace(control, checks=(check,))]

    def statuses(findings):
        return sorted((address, status.value) for _, _, status, _, address, *_ in findings)

    cache = tmp_path / "cache"
    first = report([tree], catalog, cache, named("a-logs"))[0]
    assert statuses(first) == [("aws_s3_bucket.logs", "fail"), ("aws_s3_bucket.logs", "pass")]
    second = report([tree], catalog, cache, named("b-logs"))[0]
    assert [f[3] for f in second if f[2].value == "pass"] == [
        f[3] for f in first if f[2].value == "fail"]  # the other root module passes now


def test_the_code_digest_covers_every_module_evaluating_imports():
    """An edited check in a development install must not be answered from entries made by the
    old code: every compliance module that evaluate/ imports is among the digested files."""
    import ast

    from compliance.evaluate.remembered import code_files

    package = Path(remembered_module.__file__).parents[1]
    digested = {path.resolve() for path in code_files()}
    imported = set()
    for source in (package / "evaluate").rglob("*.py"):
        for node in ast.walk(ast.parse(source.read_text())):
            if isinstance(node, ast.ImportFrom) and (node.module or "").startswith("compliance."):
                parts = node.module.split(".")[1:]
                module = package.joinpath(*parts)
                imported.add((module / "__init__.py") if module.is_dir()
                             else module.with_suffix(".py"))
    assert imported and {path.resolve() for path in imported} <= digested


# edits that keep a file readable and change what checks see (a flag, an open range, a
# wildcard, a protocol, a number)
EDITS = (("true", "false"), ("false", "true"), ("0.0.0.0/0", "10.0.0.0/8"),
         ("10.0.0.0/8", "0.0.0.0/0"), ('"*"', '"s3:GetObject"'), ("HTTPS", "HTTP"),
         ("HTTP", "HTTPS"), ("NONE", "AWS_IAM"), ("AWS_IAM", "NONE"), ("90", "1"), ("30", "0"))


def test_random_edits_never_leave_a_stale_outcome(catalog, tmp_path):
    """Edit the examples one value at a time, scanning after each edit with the cache and
    without: every outcome a changed scope (or a check across scopes) depends on is evaluated
    again, never replayed."""
    import random
    import shutil

    rng = random.Random(16)
    tree = tmp_path / "tree"
    shutil.copytree(EXAMPLES, tree)
    cache = tmp_path / "cache"
    report([tree], catalog, cache)
    files = sorted(p for p in tree.rglob("*") if p.suffix in (".tf", ".tfvars", ".yaml"))
    edited = 0
    while edited < 8:
        path = rng.choice(files)
        text = path.read_text()
        found = [(old, new) for old, new in EDITS if old in text]
        if not found:
            continue
        old, new = rng.choice(found)
        at = rng.choice([i for i in range(len(text)) if text.startswith(old, i)])
        path.write_text(text[:at] + new + text[at + len(old):])
        edited += 1
        assert report([tree], catalog, cache) == report([tree], catalog, None), (path, old)


def scopes_by_process(monkeypatch, record: Path, die_in_helpers: bool = False):
    """Record the pid of each helper that evaluates a scope (compliance/processes/forked.py);
    helpers are made slow, so that the main process waits for them, or with `die_in_helpers`,
    die on the first scope they take. Gives the count of scopes by pid."""
    from collections import Counter

    from compliance.evaluate import run as run_module

    evaluate = run_module._ScopesAhead._in_helper

    def recorded(ahead, index):
        if die_in_helpers:
            os._exit(1)
        time.sleep(0.002)
        key = evaluate(ahead, index)
        with open(record, "a") as out:
            out.write(f"{os.getpid()}\n")
        return key  # the scope's key, handed back

    monkeypatch.setattr(run_module._ScopesAhead, "_in_helper", recorded)
    return lambda: Counter(int(line) for line in record.read_text().split()) \
        if record.exists() else Counter()


@pytest.mark.skipif(not sys.platform.startswith("linux"), reason="helpers: Linux only")
def test_helpers_evaluate_scopes_the_main_process_then_replays_exactly(
        catalog, samples_reference, tmp_path, monkeypatch):
    spy = Spy(monkeypatch)
    paths, reference = SAMPLES, samples_reference
    by_process = scopes_by_process(monkeypatch, tmp_path / "pids")
    assert report(paths, catalog, tmp_path / "cache", workers=3) == reference
    helped = by_process()
    assert helped and os.getpid() not in helped
    recalled = spy.last.recalled  # the helpers' scopes, replayed from what they stored
    assert recalled == sum(helped.values()) < spy.scopes
    assert report(paths, catalog, tmp_path / "cache", workers=3) == reference  # warm
    assert spy.hits > 0.95 * spy.scopes


def test_largest_at_the_ends_puts_the_smallest_in_the_middle():
    from compliance.evaluate.run import largest_at_the_ends

    assert largest_at_the_ends([3, 9, 1, 7, 5, 2, 8, 4, 6], lambda n: n) == \
        [9, 7, 5, 3, 1, 2, 4, 6, 8]
    assert largest_at_the_ends([], lambda n: n) == []


def test_scopes_are_shared_out_largest_at_the_ends(catalog, tmp_path, monkeypatch):
    """The main process takes scopes from the front and a helper from the end: they meet on
    the smallest, so neither waits long for the other's last."""
    from compliance.evaluate import run as run_module

    shared: list[list[int]] = []

    def start(count, helpers, work, minimum, replay_share=0.0):
        ahead = getattr(work, "__self__", None)  # (the build's helpers start here too)
        if isinstance(ahead, run_module._ScopesAhead):
            shared.append([len(scope.resources) for scope in ahead.scopes])
        return None  # no helper: done here

    monkeypatch.setattr(run_module.ForkedHelpers, "start", start)
    report(SAMPLES, catalog, tmp_path / "cache", workers=3)
    sizes = shared[0]
    middle = sizes.index(min(sizes))
    assert len(sizes) > 10 and max(sizes) in (sizes[0], sizes[-1])
    assert sizes[:middle + 1] == sorted(sizes[:middle + 1], reverse=True)
    assert sizes[middle:] == sorted(sizes[middle:])


@pytest.mark.parametrize("workers", [1, 2])
def test_keys_are_worked_out_when_stored_while_the_cache_remembers_nothing(
        catalog, samples_reference, tmp_path, monkeypatch, workers):
    """The first scan into a cache digests no scope before evaluating: each key is worked
    out when the scope's outcomes are stored, by the process that evaluated it (a helper
    hands it back). A later scan digests every scope first, to look it up, and finds it."""
    spy = Spy(monkeypatch)
    at_start, starting = [], []
    original_init, original_digest = remembered_module.Remembered.__init__, \
        remembered_module._digest

    def digest(base, name, group, origins):
        if starting:
            at_start.append(name)
        return original_digest(base, name, group, origins)

    def init(self, *args, **kwargs):
        starting.append(True)
        try:
            original_init(self, *args, **kwargs)
        finally:
            starting.clear()

    # by the time the scopes are stored (in a helper of its own, for a large result), the
    # main process has worked out the keys of those it evaluated: a helper that digested
    # them would copy every page of their resources
    left_for_later = tmp_path / "left"
    original_store = remembered_module.Remembered.store

    def store(self):
        later = [s.name for s in self._scopes if s.storable and s.key == ""]
        left_for_later.write_text("\n".join(later))
        original_store(self)

    monkeypatch.setattr(remembered_module, "_digest", digest)
    monkeypatch.setattr(remembered_module.Remembered, "__init__", init)
    monkeypatch.setattr(remembered_module.Remembered, "store", store)
    assert report(SAMPLES, catalog, tmp_path / "cache", workers=workers) == samples_reference
    assert at_start == [] and spy.hits == 0
    wait_for_background()
    left = left_for_later.read_text().split()
    assert (left == []) if workers > 1 else len(left) > 500
    assert report(SAMPLES, catalog, tmp_path / "cache", workers=workers) == samples_reference
    assert len(at_start) == spy.scopes > 500
    assert spy.hits > 0.95 * spy.scopes


@pytest.mark.skipif(not sys.platform.startswith("linux"), reason="helpers: Linux only")
def test_scopes_a_helper_dropped_are_evaluated_by_the_main_process(
        catalog, samples_reference, tmp_path, monkeypatch):
    spy = Spy(monkeypatch)
    paths, reference = SAMPLES, samples_reference
    scopes_by_process(monkeypatch, tmp_path / "pids", die_in_helpers=True)
    assert report(paths, catalog, tmp_path / "cache", workers=2) == reference
    assert spy.last.recalled == 0  # nothing recalled: every scope evaluated here
    assert report(paths, catalog, tmp_path / "cache", workers=1) == reference
    assert spy.hits > 0.95 * spy.scopes  # and stored by it


@pytest.mark.skipif(not sys.platform.startswith("linux"), reason="helpers: Linux only")
def test_a_check_s_errors_are_listed_alike_with_and_without_helpers(catalog, tmp_path,
                                                                    monkeypatch):
    """Scopes evaluated scope by scope (helpers, or this process after the loop) say the same
    errors, in the same order, as the loop over every resource does."""
    from compliance.evaluate import run as run_module

    def broken(resource, context, **args):
        raise RuntimeError("a defect")

    monkeypatch.setattr(run_module, "stays_in_scope", lambda check: True)
    monkeypatch.setattr(checks_module, "CHECKS", dict(checks_module.CHECKS,
                                                      value_not_shared=broken))
    alone = report(SAMPLES, catalog, tmp_path / "one", workers=1)
    helped = report(SAMPLES, catalog, tmp_path / "two", workers=2)
    assert len([e for e in alone[1] if "a defect" in e or "internal error" in e]) > 1
    assert helped == alone
