import pytest

from compliance.catalog.controls import load_catalog


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
