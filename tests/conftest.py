import pytest

from compliance.catalog.controls import load_catalog


@pytest.fixture(scope="session")
def catalog():
    return load_catalog()
