"""Remote modules as `terraform init` leaves them under .terraform/modules: scanned with the
arguments of their calls, findings in their own files with module addresses, never scanned a
second time as roots of their own."""

from __future__ import annotations

import json
from pathlib import Path

from compliance.pipeline.scan import ScanOptions, run_scan

# a registry package: its root module calls one of its own submodules, which makes the method
API_PACKAGE = {
    "main.tf": '''\
variable "name" {}
variable "authorization" {
  default = "AWS_IAM"
}

resource "aws_api_gateway_rest_api" "this" {
  name = var.name
}

module "method" {
  source        = "./modules/method"
  rest_api_id   = aws_api_gateway_rest_api.this.id
  authorization = var.authorization
}
''',
    "modules/method/main.tf": '''\
variable "rest_api_id" {}
variable "authorization" {}

resource "aws_api_gateway_method" "get" {
  rest_api_id   = var.rest_api_id
  resource_id   = "abc"
  http_method   = "GET"
  authorization = var.authorization
}
''',
    # what a package ships beside its modules; not part of the configuration
    "examples/complete/main.tf": '''\
resource "aws_api_gateway_method" "example" {
  rest_api_id   = "x"
  resource_id   = "y"
  http_method   = "GET"
  authorization = "NONE"
}
''',
}

ROOT = '''\
module "open" {
  source        = "acme/api/aws"
  version       = "~> 1.0"
  name          = "open"
  authorization = "NONE"
}

module "closed" {
  source = "acme/api/aws"
  version = "1.2.0"
  name   = "closed"
}
'''


def _lay_out(root: Path, files: dict[str, str]) -> None:
    for relpath, text in files.items():
        path = root / relpath
        path.parent.mkdir(parents=True, exist_ok=True)
        path.write_text(text)


def _init(root: Path, calls: dict[str, str]) -> None:
    """What `terraform init` leaves: each call's package under .terraform/modules/<call>, and
    modules.json naming every module of the configuration, nested ones too."""
    entries = [{"Key": "", "Source": "", "Dir": "."}]
    for key, source in calls.items():
        folder = f".terraform/modules/{key}"
        _lay_out(root / folder, API_PACKAGE)
        entries.append({"Key": key, "Source": source, "Version": "1.2.0", "Dir": folder})
        entries.append({"Key": f"{key}.method", "Source": "./modules/method",
                        "Dir": f"{folder}/modules/method"})
    manifest = root / ".terraform/modules/modules.json"
    manifest.write_text(json.dumps({"Modules": entries}))


def _scan(root: Path, catalog):
    control = catalog.by_id["aws-apigw-method-authorization"]
    return run_scan([root], catalog, controls=[control], options=ScanOptions())


def test_installed_registry_module_is_scanned_with_the_arguments_of_its_call(tmp_path, catalog):
    root = tmp_path / "infra"
    _lay_out(root, {"main.tf": ROOT})
    _init(root, {"open": "registry.terraform.io/acme/api/aws",
                 "closed": "registry.terraform.io/acme/api/aws"})
    result = _scan(root, catalog)
    assert [str(e) for e in result.errors] == []
    verdicts = {(f.resource.address, f.status.value, f.resource.location.file,
                 f.evidence.line) for f in result.findings}
    method = ".terraform/modules/{}/modules/method/main.tf"
    assert verdicts == {
        ("module.open.module.method.aws_api_gateway_method.get", "fail",
         method.format("open"), 8),
        ("module.closed.module.method.aws_api_gateway_method.get", "pass",
         method.format("closed"), 8),
    }
    # the package's examples are not part of the configuration; nothing is scanned twice
    addresses = [r.address for r in result.resources if r.type == "aws_api_gateway_method"]
    assert sorted(addresses) == ["module.closed.module.method.aws_api_gateway_method.get",
                                 "module.open.module.method.aws_api_gateway_method.get"]
    # the module's files are among the files read (for excerpts and evidence hashes)
    assert ".terraform/modules/open/main.tf" in {s.relpath for s in result.sources}


def test_a_root_module_in_a_subfolder_reads_its_own_manifest(tmp_path, catalog):
    _lay_out(tmp_path / "envs/prod", {"main.tf": ROOT})
    _init(tmp_path / "envs/prod", {"open": "acme/api/aws", "closed": "acme/api/aws"})
    result = _scan(tmp_path, catalog)
    failing = {(f.resource.address, f.resource.location.file) for f in result.findings
               if f.status.value == "fail"}
    assert failing == {("module.open.module.method.aws_api_gateway_method.get",
                        "envs/prod/.terraform/modules/open/modules/method/main.tf")}


def test_a_call_that_init_did_not_install_is_a_notice_not_silence(tmp_path, catalog):
    root = tmp_path / "infra"
    _lay_out(root, {"main.tf": ROOT})
    _init(root, {"open": "registry.terraform.io/acme/api/aws"})  # "closed" added since init
    result = _scan(root, catalog)
    notices = [e for e in result.errors if e.skipped]
    assert [(e.file, e.line, e.skipped) for e in notices] == [("main.tf", 9, "module")]
    assert notices[0].message.startswith("module.closed (acme/api/aws version '1.2.0') is not "
                                         "scanned: not installed: run `terraform init`")
    assert {f.resource.address for f in result.findings} == {
        "module.open.module.method.aws_api_gateway_method.get"}


def test_a_module_installed_from_another_source_is_not_read_as_this_one(tmp_path, catalog):
    root = tmp_path / "infra"
    _lay_out(root, {"main.tf": ROOT})
    _init(root, {"open": "registry.terraform.io/other/api/aws",
                 "closed": "registry.terraform.io/acme/api/aws"})
    result = _scan(root, catalog)
    notices = [str(e) for e in result.errors if e.skipped == "module"]
    assert len(notices) == 1 and "module.open" in notices[0] \
        and "holds registry.terraform.io/other/api/aws" in notices[0]
    assert {f.resource.address for f in result.findings} == {
        "module.closed.module.method.aws_api_gateway_method.get"}


def test_a_module_installed_at_a_version_the_call_no_longer_allows_is_not_read(tmp_path,
                                                                               catalog):
    root = tmp_path / "infra"
    _lay_out(root, {"main.tf": ROOT.replace('"~> 1.0"', '">= 2.0"')})
    _init(root, {"open": "acme/api/aws", "closed": "acme/api/aws"})  # both at 1.2.0
    result = _scan(root, catalog)
    (notice,) = [e for e in result.errors if e.skipped == "module"]
    assert "module.open " in notice.message and "holds version 1.2.0" in notice.message
    assert {f.resource.address for f in result.findings} == {
        "module.closed.module.method.aws_api_gateway_method.get"}


def test_a_broken_manifest_is_reported_and_the_calls_are_named(tmp_path, catalog):
    root = tmp_path / "infra"
    _lay_out(root, {"main.tf": ROOT, ".terraform/modules/modules.json": "{not json"})
    result = _scan(root, catalog)
    broken = [e for e in result.errors if not e.skipped]
    assert [e.file for e in broken] == [".terraform/modules/modules.json"]
    assert sorted(e.line for e in result.errors if e.skipped == "module") == [2, 9]


def test_a_manifest_entry_pointing_outside_the_install_folder_is_not_followed(tmp_path, catalog):
    root = tmp_path / "infra"
    _lay_out(root, {"main.tf": ROOT})
    _init(root, {"open": "acme/api/aws", "closed": "acme/api/aws"})
    manifest = root / ".terraform/modules/modules.json"
    document = json.loads(manifest.read_text())
    for entry in document["Modules"]:
        if entry["Key"] == "open":
            entry["Dir"] = "../../elsewhere"
    manifest.write_text(json.dumps(document))
    result = _scan(root, catalog)
    assert not any("elsewhere" in s.relpath for s in result.sources)
    assert any(e.skipped == "module" and "module.open " in e.message for e in result.errors)


def test_a_diff_reads_the_installed_modules_on_both_sides(tmp_path, catalog):
    """git holds no .terraform/: the base is read with the working tree's installed modules,
    so that their findings are unchanged, not new."""
    import subprocess

    from compliance.catalog.frameworks import load_frameworks
    from compliance.pipeline.diff import run_diff
    from compliance.pipeline.request import ScanRequest, prepare

    root = tmp_path / "repo"
    _lay_out(root, {"main.tf": ROOT, ".gitignore": ".terraform/\n"})
    for command in (["init", "-q", "-b", "main"], ["add", "."],
                    ["-c", "user.name=t", "-c", "user.email=t@example.test", "commit", "-qm",
                     "m"]):
        subprocess.run(["git", "-C", str(root), *command], check=True, capture_output=True)
    _init(root, {"open": "acme/api/aws", "closed": "acme/api/aws"})
    request = ScanRequest(paths=(root,), cache_dir=tmp_path / "cache",
                          checks=("aws-apigw-method-authorization",))
    prepared = prepare(request, catalog, load_frameworks(catalog=catalog))
    unchanged = run_diff(root, "main", None, prepared)
    assert unchanged.new == [] and unchanged.fixed == []
    assert [f.resource.address for f in unchanged.unchanged] == [
        "module.open.module.method.aws_api_gateway_method.get"]
    (root / "main.tf").write_text(ROOT.replace('name   = "closed"',
                                               'name   = "closed"\n  authorization = "NONE"'))
    changed = run_diff(root, "main", None, prepared)
    assert [f.resource.address for f in changed.new] == [
        "module.closed.module.method.aws_api_gateway_method.get"]
