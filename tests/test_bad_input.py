"""Bad input never stops a scan: each problem is an error entry, and the other files are scanned."""

from __future__ import annotations

import os
from pathlib import Path

import pytest

from compliance.pipeline.scan import ScanOptions, run_scan

GOOD_TF = 'resource "aws_kms_key" "k" {\n  enable_key_rotation = true\n}\n'


def scan(root: Path, **options):
    from compliance.catalog.controls import load_catalog

    return run_scan([root], load_catalog(), options=ScanOptions(cache_dir=None, **options))


def scan_with(tmp_path: Path, name: str, content: bytes | str):
    (tmp_path / "good.tf").write_text(GOOD_TF)
    target = tmp_path / name
    target.write_bytes(content if isinstance(content, bytes) else content.encode())
    result = scan(tmp_path)
    assert any(r.address == "aws_kms_key.k" for r in result.resources), "the good file was lost"
    return [e for e in result.errors if e.file == name]


def test_invalid_hcl(tmp_path):
    errors = scan_with(tmp_path, "bad.tf", 'resource "aws_s3_bucket" "b" {\n  bucket = \n}\n')
    assert len(errors) == 1 and errors[0].line in (2, 3)


def test_invalid_yaml_manifest(tmp_path):
    errors = scan_with(tmp_path, "bad.yaml", "apiVersion: v1\nkind: Pod\nmetadata: [unclosed\n")
    assert len(errors) == 1 and errors[0].line is not None


def test_invalid_plan_json(tmp_path):
    errors = scan_with(tmp_path, "plan.json", '{"format_version": "1.2", "planned_values": {,}}')
    assert len(errors) == 1 and errors[0].line == 1


def test_binary_file(tmp_path):
    errors = scan_with(tmp_path, "blob.tf", b"\x00\x01\x02terraform\x00")
    assert [e.message for e in errors] == ["binary file; not scanned"]


def test_empty_terraform_files_are_valid(tmp_path):
    assert scan_with(tmp_path, "empty.tf", "  \n\n") == []
    assert scan_with(tmp_path, "outputs.tf", "") == []
    assert scan_with(tmp_path, "terraform.tfvars", "") == []


def test_file_over_the_size_cap(tmp_path):
    (tmp_path / "good.tf").write_text(GOOD_TF)
    (tmp_path / "big.tf").write_text(GOOD_TF.replace('"k"', '"big"') + "#" * 5000 + "\n")
    result = scan(tmp_path, max_file_size=1000)
    assert [e.file for e in result.errors] == ["big.tf"]
    assert "larger than the size cap" in result.errors[0].message
    assert {r.address for r in result.resources} == {"aws_kms_key.k"}


def test_yaml_alias_bomb(tmp_path):
    lines = ["apiVersion: v1", "kind: ConfigMap", "metadata: {name: bomb}", "data:",
             '  a0: &a0 ["lol","lol","lol","lol","lol","lol","lol","lol","lol"]']
    for i in range(1, 10):
        lines.append(f"  a{i}: &a{i} [{','.join(['*a' + str(i - 1)] * 9)}]")
    errors = scan_with(tmp_path, "bomb.yaml", "\n".join(lines) + "\n")
    assert len(errors) == 1 and "alias" in errors[0].message.lower()


def test_very_deep_nesting(tmp_path):
    errors = scan_with(tmp_path, "deep.yaml", "apiVersion: v1\nkind: ConfigMap\ndata: "
                       + "[" * 5000 + "]" * 5000 + "\n")
    assert len(errors) == 1 and "deep" in errors[0].message.lower()


def test_deeply_nested_hcl(tmp_path):
    errors = scan_with(tmp_path, "deep.tf", 'locals {\n  x = ' + "[" * 3000 + "]" * 3000 + "\n}\n")
    assert len(errors) == 1


@pytest.mark.allowed_skip("CI runs as root, who reads any file; "
                          "test_unreadable_file_even_as_root covers the error path")
@pytest.mark.skipif(os.geteuid() == 0, reason="root can read any file")
def test_unreadable_file(tmp_path):
    (tmp_path / "secret.tf").write_text(GOOD_TF)
    (tmp_path / "secret.tf").chmod(0)
    errors = scan_with(tmp_path, "other.tf", GOOD_TF.replace('"k"', '"o"'))
    assert errors == []


def test_unreadable_file_even_as_root(tmp_path, monkeypatch):
    """Simulate a read failure (root can read mode-000 files) to check the error path."""
    (tmp_path / "good.tf").write_text(GOOD_TF)
    (tmp_path / "locked.tf").write_text(GOOD_TF.replace('"k"', '"locked"'))
    import os

    real = os.open

    def open_file(path, *args, **kwargs):
        if str(path).endswith("locked.tf"):
            raise PermissionError(13, "Permission denied")
        return real(path, *args, **kwargs)

    monkeypatch.setattr(os, "open", open_file)
    result = scan(tmp_path)
    assert [(e.file, e.message) for e in result.errors] == [
        ("locked.tf", "cannot read file: Permission denied")]
    assert {r.address for r in result.resources} == {"aws_kms_key.k"}


def test_a_folder_that_cannot_be_listed_is_named_not_left_out_quietly(tmp_path, monkeypatch):
    """A folder the scan can't list (another user's, mode 700) held files whose findings
    would vanish without a word: it is named, and the scan says it read the tree incompletely
    (simulated: root lists any folder)."""
    import os

    (tmp_path / "good.tf").write_text(GOOD_TF)
    (tmp_path / "team" / "locked").mkdir(parents=True)
    (tmp_path / "team" / "locked" / "db.tf").write_text(GOOD_TF.replace('"k"', '"locked"'))
    real = os.scandir

    def scandir(path="."):
        if os.fspath(path).endswith("locked"):
            raise PermissionError(13, "Permission denied")
        return real(path)

    monkeypatch.setattr(os, "scandir", scandir)
    result = scan(tmp_path)
    assert [(e.file, e.message, e.unread) for e in result.errors] == [
        ("team/locked", "cannot read folder: Permission denied; the files in it are not "
                        "scanned", True)]
    assert {r.address for r in result.resources} == {"aws_kms_key.k"}


def test_a_fifo_or_device_named_like_an_input_is_reported_not_read(tmp_path):
    import os
    import threading

    (tmp_path / "good.tf").write_text(GOOD_TF)
    os.mkfifo(tmp_path / "pipe.tf")  # opening it for reading would block forever
    os.symlink("/dev/zero", tmp_path / "zero.yaml")  # a device: reads until memory runs out
    done: list = []
    scanner = threading.Thread(target=lambda: done.append(scan(tmp_path)), daemon=True)
    scanner.start()
    scanner.join(timeout=30)
    assert done, "the scan hung on a FIFO"
    (result,) = done
    errors = {e.file: e.message for e in result.errors}
    assert errors["pipe.tf"].startswith("not a regular file")
    assert errors["zero.yaml"].startswith("symbolic link to a file outside")
    assert all(e.unread for e in result.errors)
    assert {r.address for r in result.resources} == {"aws_kms_key.k"}


def test_symlink_loops_are_reported(tmp_path):
    import os

    (tmp_path / "good.tf").write_text(GOOD_TF)
    os.symlink(tmp_path / "b.tf", tmp_path / "a.tf")
    os.symlink(tmp_path / "a.tf", tmp_path / "b.tf")
    result = scan(tmp_path)
    assert sorted((e.file, e.message) for e in result.errors) == [
        ("a.tf", "broken or looping symbolic link; not read"),
        ("b.tf", "broken or looping symbolic link; not read")]


def test_helm_template_is_reported_not_parsed(tmp_path):
    template = ("apiVersion: apps/v1\nkind: Deployment\nmetadata:\n  name: {{ .Values.name }}\n"
                "spec:\n  replicas: {{ .Values.replicas }}\n")
    errors = scan_with(tmp_path, "deployment.yaml", template)
    assert len(errors) == 1 and "template" in errors[0].message


def test_placeholders_in_parseable_yaml_are_unknown(tmp_path):
    manifest = ("apiVersion: v1\nkind: Pod\nmetadata:\n  name: web\nspec:\n  containers:\n"
                "    - name: web\n      image: \"${IMAGE}\"\n")
    errors = scan_with(tmp_path, "pod.yaml", manifest)
    assert errors == []  # unknown where a control reads the image; not a notice


def test_non_utf8_text(tmp_path):
    errors = scan_with(tmp_path, "latin1.tf", 'locals {\n  x = "caf\xe9"\n}\n'.encode("latin-1"))
    assert len(errors) == 1 and "UTF-8" in errors[0].message


def test_unrelated_yaml_and_json_are_ignored_quietly(tmp_path):
    (tmp_path / "good.tf").write_text(GOOD_TF)
    (tmp_path / "docker-compose.yml").write_text("services:\n  web:\n    image: nginx\n")
    (tmp_path / "package.json").write_text('{"name": "x", "version": "1.0.0"}')
    (tmp_path / "broken.json").write_text('{"not": json')
    result = scan(tmp_path)
    assert result.errors == [] and result.files_scanned == 1


def test_large_unrelated_data_files_are_ignored_quietly(tmp_path):
    (tmp_path / "good.tf").write_text(GOOD_TF)
    (tmp_path / "dataset.json").write_text('{"rows": [' + ",".join(["1"] * 2000) + "]}")
    (tmp_path / "manifest.yaml").write_text("apiVersion: v1\nkind: ConfigMap\ndata:\n  x: '"
                                            + "y" * 5000 + "'\n")
    result = scan(tmp_path, max_file_size=1000)
    assert [e.file for e in result.errors] == ["manifest.yaml"]


def test_a_scan_path_that_is_not_utf8_is_a_usage_error(tmp_path):
    """Reports, fingerprints and caches name the scan root as text: a root whose name is other
    bytes than UTF-8 is refused with a clear message (it crashed the HTML report and the
    evidence pack), for every scanning command."""
    import os

    from click.testing import CliRunner

    from compliance.cli.main import main

    folder = tmp_path / os.fsdecode(b"r\xe9po")
    folder.mkdir()
    (folder / "main.tf").write_text(GOOD_TF)
    for command in (["scan"], ["evidence", "-o", str(tmp_path / "pack.zip")]):
        outcome = CliRunner().invoke(main, [*command, str(folder), "--no-cache"])
        assert outcome.exit_code == 2, outcome.output
        assert "r\\xe9po: the path is not valid UTF-8" in outcome.output
        assert "Traceback" not in outcome.output
