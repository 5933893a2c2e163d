"""The shipped files' schema passes ship with the package (controls/shipped-validated.txt):
a first run validates none of them, and the list must match the files."""

import importlib.util
import shutil
from pathlib import Path

from compliance import data_dir
from compliance.catalog import controls as controls_module
from compliance.catalog import schema_memo
from compliance.catalog.cache_folder import CacheFolder
from compliance.catalog.controls import CONTROL_FILE, TYPE_GROUPS_FILE, load_catalog
from compliance.catalog.frameworks import load_frameworks

REPO = Path(__file__).resolve().parents[1]


def _tool():
    spec = importlib.util.spec_from_file_location(
        "shipped_memo", REPO / "tools" / "catalog" / "shipped_memo.py")
    module = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(module)
    return module


def test_the_shipped_list_matches_the_shipped_files(tmp_path, monkeypatch):
    from compliance.catalog import compiled

    # as a command leaves them in this process: the compiled catalog and the memo turned on
    # (and filled), which the list must see through
    monkeypatch.setattr(compiled, "_FOLDER", CacheFolder("compiled"))
    compiled.enable(tmp_path)
    schema_memo.enable(tmp_path)
    try:
        load_catalog()
        shipped = (data_dir("controls") / schema_memo.SHIPPED).read_text("utf-8")
        written = _tool().text()
        assert compiled.enabled() and schema_memo._FOLDER.path() == tmp_path / "validated"
    finally:
        schema_memo.enable(None)
    assert shipped == written, (
        "controls/shipped-validated.txt is out of date: run "
        "`python tools/catalog/shipped_memo.py` after editing a control, a framework file, a "
        "schema or the attribute lists")


def validations(monkeypatch) -> list[str]:
    seen: list[str] = []
    real = controls_module.SchemaCheck.validate

    def counting(self, data, raw, label):
        seen.append(label)
        return real(self, data, raw, label)

    monkeypatch.setattr(controls_module.SchemaCheck, "validate", counting)
    return seen


def test_a_first_run_validates_no_shipped_file(tmp_path, monkeypatch):
    seen = validations(monkeypatch)
    schema_memo.enable(tmp_path / "empty-cache")
    try:
        catalog = load_catalog()
        load_frameworks(catalog=catalog)
    finally:
        schema_memo.enable(None)
    assert len(catalog.controls) > 500 and seen == []


def test_a_file_unlike_the_shipped_one_is_validated(tmp_path, monkeypatch):
    source = data_dir("controls")
    target = tmp_path / "controls"
    for path in sorted(source.glob(f"*/*/{CONTROL_FILE}"))[:3]:
        destination = target / path.relative_to(source)
        destination.parent.mkdir(parents=True)
        shutil.copyfile(path, destination)
    shutil.copyfile(source / TYPE_GROUPS_FILE, target / TYPE_GROUPS_FILE)
    changed = sorted(target.glob(f"*/*/{CONTROL_FILE}"))[0]
    changed.write_text(changed.read_text() + "\n# one more line\n")
    seen = validations(monkeypatch)
    schema_memo.enable(tmp_path / "empty-cache")
    try:
        load_catalog(target)
    finally:
        schema_memo.enable(None)
    assert len(seen) == 1 and seen[0].endswith(str(changed.relative_to(target)))
