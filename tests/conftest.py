import os

import pytest

from compliance.catalog.controls import load_catalog

# Under CI (the CI environment variable set, as .ci/run does) a skipped test is a failure: a
# missing browser, PDF library or SDK must not turn into a quietly green run. A test that can
# never run in CI says why with @pytest.mark.allowed_skip("...").
IN_CI = bool(os.environ.get("CI"))


def pytest_configure(config):
    config.addinivalue_line("markers", "allowed_skip(reason): may skip under CI, for this reason")


@pytest.hookimpl(hookwrapper=True)
def pytest_runtest_makereport(item, call):
    outcome = yield
    report = outcome.get_result()
    if IN_CI and report.skipped and item.get_closest_marker("allowed_skip") is None:
        report.outcome = "failed"
        report.longrepr = f"skipped under CI: {report.longrepr}"


@pytest.hookimpl(hookwrapper=True)
def pytest_make_collect_report(collector):
    outcome = yield
    report = outcome.get_result()
    if IN_CI and report.skipped:  # a whole module skipped (pytest.importorskip, ...)
        report.outcome = "failed"
        report.longrepr = f"module skipped under CI: {report.longrepr}"


@pytest.fixture(scope="session")
def catalog():
    return load_catalog()


@pytest.fixture
def scan_files(tmp_path):
    """Writes {relative path: text} (dedented) under tmp_path, scans it with no controls and
    returns the resources; a scan error fails the test."""
    from textwrap import dedent

    from compliance.pipeline.scan import ScanOptions, run_scan

    def scan(files: dict[str, str], cache_dir=None, folder: str = "src"):
        root = tmp_path / folder
        for name, text in files.items():
            path = root / name
            path.parent.mkdir(parents=True, exist_ok=True)
            path.write_text(dedent(text))
        result = run_scan([root], None, controls=[], options=ScanOptions(cache_dir=cache_dir))
        assert not result.errors, [str(e) for e in result.errors]
        return result.resources

    return scan


@pytest.fixture
def process_pools(monkeypatch):
    """The sizes of every process pool the batch parser starts ({"max_workers": n}), with its
    size threshold lowered so that a test's few small texts are enough work for one."""
    from concurrent import futures

    from compliance.parse import batch

    pools = []

    class Pool(futures.ProcessPoolExecutor):
        def __init__(self, *args, **kwargs):
            pools.append({"max_workers": kwargs["max_workers"]})
            super().__init__(*args, **kwargs)

    # the batch parser imports the pool when it needs one (multiprocessing costs start-up)
    monkeypatch.setattr(futures, "ProcessPoolExecutor", Pool)
    monkeypatch.setattr(batch, "PARALLEL_MIN_BYTES", 1)
    return pools
