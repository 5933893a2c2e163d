"""The compiled catalog (compliance/catalog/compiled.py): a warm load reads no YAML, gives the
same catalog and frameworks as loading the files, follows every change to them, and ignores an
entry that was damaged or tampered with."""

from __future__ import annotations

import shutil
from datetime import date
from pathlib import Path

import pytest
import yaml

from compliance import data_dir
from compliance.catalog import compiled
from compliance.catalog.cache_folder import CacheFolder
from compliance.catalog.controls import CONTROL_FILE, TYPE_GROUPS_FILE, load_catalog
from compliance.catalog.frameworks import load_frameworks


@pytest.fixture
def cache(tmp_path, monkeypatch):
    """The compiled cache turned on in a folder of its own (off again after the test)."""
    monkeypatch.setattr(compiled, "_FOLDER", CacheFolder("compiled"))
    compiled.enable(tmp_path / "cache")
    return tmp_path / "cache" / "compiled"


@pytest.fixture
def catalog_copy(tmp_path) -> Path:
    """Every tenth shipped control file (without its samples) and the type groups, in a folder
    the test may edit."""
    source = data_dir("controls")
    target = tmp_path / "controls"
    for path in sorted(source.glob(f"*/*/{CONTROL_FILE}"))[::10]:
        destination = target / path.relative_to(source)
        destination.parent.mkdir(parents=True)
        shutil.copyfile(path, destination)
    shutil.copyfile(source / TYPE_GROUPS_FILE, target / TYPE_GROUPS_FILE)
    return target


def _no_yaml(monkeypatch):
    def refuse(*args, **kwargs):
        raise AssertionError("YAML was parsed on a warm load")

    monkeypatch.setattr(yaml, "load", refuse)


def _entries(cache: Path, kind: str) -> list[Path]:
    return sorted(cache.glob(f"{kind}-*.json"))


def test_a_warm_load_reads_no_yaml_and_gives_the_same_catalog(cache, monkeypatch):
    from_files = load_catalog()  # fills the cache
    assert len(_entries(cache, "catalog")) == 1
    frameworks_from_files = load_frameworks(catalog=from_files)
    assert len(_entries(cache, "frameworks")) == 1
    _no_yaml(monkeypatch)
    warm = load_catalog()
    assert warm.controls == from_files.controls
    assert warm.type_groups == from_files.type_groups
    assert warm.digest == from_files.digest
    assert load_frameworks(catalog=warm) == frameworks_from_files


def test_the_cache_changes_nothing(cache, monkeypatch):
    warm = (load_catalog(), load_catalog())[1]
    frameworks = load_frameworks(catalog=warm)
    # off: straight from the files
    monkeypatch.setattr(compiled, "_FOLDER", CacheFolder("compiled"))
    cold = load_catalog()
    assert warm.controls == cold.controls and warm.digest == cold.digest
    assert [c.folder for c in warm.controls] == [c.folder for c in cold.controls]
    assert frameworks == load_frameworks(catalog=cold)


def test_a_changed_control_file_is_read_again(cache, catalog_copy):
    first = load_catalog(catalog_copy)
    path = next(iter(sorted(catalog_copy.glob(f"*/*/{CONTROL_FILE}"))))
    text = path.read_text("utf-8")
    old_title = yaml.safe_load(text)["title"]
    path.write_text(text.replace(f"title: {old_title}", "title: A new title", 1), "utf-8")
    second = load_catalog(catalog_copy)
    changed = second.by_id[path.parent.name]
    assert changed.title == "A new title"
    assert first.by_id[path.parent.name].title == old_title
    assert second.digest != first.digest
    assert len(_entries(cache, "catalog")) == 2


def test_a_changed_type_group_is_read_again(cache, catalog_copy):
    before = load_catalog(catalog_copy)
    groups_file = catalog_copy / TYPE_GROUPS_FILE
    groups = yaml.safe_load(groups_file.read_text("utf-8"))
    used = {t[1:] for path in catalog_copy.glob(f"*/*/{CONTROL_FILE}")
            for check in yaml.safe_load(path.read_text("utf-8"))["checks"]
            for t in check["resource_types"] if t.startswith("@")}
    name = next(name for name in sorted(used) if len(groups[name]) > 1)
    dropped = groups[name].pop()
    groups_file.write_text(yaml.safe_dump(groups), "utf-8")
    after = load_catalog(catalog_copy)
    assert dropped in before.type_groups[name] and dropped not in after.type_groups[name]
    # the group's users see the new members, not the compiled old list
    assert any(dropped in k.resource_types for c in before.controls for k in c.checks)
    assert not any(dropped in k.resource_types for c in after.controls for k in c.checks)


def test_a_broken_control_is_reported_even_after_a_good_load(cache, catalog_copy):
    from compliance.catalog.controls import CatalogError

    load_catalog(catalog_copy)
    path = next(iter(sorted(catalog_copy.glob(f"*/*/{CONTROL_FILE}"))))
    path.write_text(path.read_text("utf-8").replace("severity:", "severity_typo:", 1), "utf-8")
    with pytest.raises(CatalogError, match="severity"):
        load_catalog(catalog_copy)


@pytest.mark.parametrize("damage", ["edit", "truncate", "garbage", "empty"])
def test_a_tampered_entry_is_ignored_and_rebuilt(cache, catalog_copy, damage):
    reference = load_catalog(catalog_copy)
    (entry,) = _entries(cache, "catalog")
    blob = entry.read_bytes()
    victim = reference.controls[0]
    if damage == "edit":  # valid JSON, same length: only the authentication tells
        tampered = blob.replace(f'"title":"{victim.title}"'.encode(),
                                f'"title":"{"X" * len(victim.title)}"'.encode(), 1)
        assert tampered != blob
    elif damage == "truncate":
        tampered = blob[: len(blob) // 2]
    elif damage == "garbage":
        tampered = b"\x00" * 32 + b"{}"
    else:
        tampered = b""
    entry.write_bytes(tampered)
    again = load_catalog(catalog_copy)
    assert again.controls == reference.controls
    assert entry.read_bytes() == blob  # rebuilt with the right content


def test_a_tampered_frameworks_entry_is_ignored(cache):
    catalog = load_catalog()
    reference = load_frameworks(catalog=catalog)
    (entry,) = _entries(cache, "frameworks")
    blob = entry.read_bytes()
    name = reference[0].name
    entry.write_bytes(blob.replace(f'"name":"{name}"'.encode(),
                                   f'"name":"{name[::-1]}"'.encode(), 1))
    assert load_frameworks(catalog=catalog) == reference


def test_an_entry_for_other_content_is_not_used(cache, catalog_copy):
    """An entry renamed to another key's file name fails its check: names are not trusted."""
    load_catalog(catalog_copy)
    (old,) = _entries(cache, "catalog")
    path = next(iter(sorted(catalog_copy.glob(f"*/*/{CONTROL_FILE}"))))
    text = path.read_text("utf-8")
    title = yaml.safe_load(text)["title"]
    path.write_text(text.replace(f"title: {title}", "title: A control renamed for a test", 1),
                    "utf-8")
    fresh = load_catalog(catalog_copy)
    new = next(p for p in _entries(cache, "catalog") if p != old)
    new.write_bytes(old.read_bytes())  # the old catalog under the new key's name
    assert load_catalog(catalog_copy).controls == fresh.controls


@pytest.mark.parametrize("value", [date(2024, 1, 1), float("nan"), {1: "a"}, {"a"}, (1, 2),
                                   2 ** 70])
def test_values_json_cannot_hold_are_not_cached(cache, value):
    """YAML can hold a date, a set or a number key where JSON has none: such a payload is not
    kept (it would come back as something else), and the files are read every time."""
    key = compiled.content_key("catalog", [b"test"])
    compiled.store("catalog", key, {"value": value})
    assert compiled.load("catalog", key) is None
    assert _entries(cache, "catalog") == []
    compiled.store("catalog", key, {"value": [1, 1.5, "x", None, True]})
    assert compiled.load("catalog", key) == {"value": [1, 1.5, "x", None, True]}


def test_only_the_newest_entries_are_kept(cache):
    for number in range(compiled.KEPT + 3):
        key = compiled.content_key("catalog", [str(number).encode()])
        compiled.store("catalog", key, {"n": number})
    assert len(_entries(cache, "catalog")) == compiled.KEPT
    newest = compiled.content_key("catalog", [str(compiled.KEPT + 2).encode()])
    assert compiled.load("catalog", newest) == {"n": compiled.KEPT + 2}
