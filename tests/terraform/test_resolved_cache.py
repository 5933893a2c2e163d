"""The cache of resolved root modules: a warm build gives exactly what a cold one gives, and a
change to anything a root module's resolution read makes it resolve that root again."""

from __future__ import annotations

import dataclasses
import os
import sys
import time
from collections import Counter
from pathlib import Path

import pytest

from compliance import data_dir
from compliance.model import PartialText, Unknown
from compliance.parse.cache import ParseCache
from compliance.parse.discover import TERRAFORM, TERRAFORM_JSON, TERRAFORM_VARS, discover
from compliance.pipeline.scan import _installed_modules, _parse_all, _read_var_files
from compliance.resolve.terraform import build as build_module
from compliance.resolve.terraform.build import build_resources
from compliance.resolve.terraform.origins import TextOrigins
from compliance.resolve.terraform.resolved_cache import ResolvedCache, decode, encode
from compliance.resolve.terraform.values import EvaluationError, SetValue

EXAMPLES = Path(__file__).resolve().parents[2] / "examples"
TERRAFORM_KINDS = (TERRAFORM, TERRAFORM_JSON, TERRAFORM_VARS)


def exact(value):
    """Every field of a value, with its type: Unknown's equality ignores `partial` and `kind`,
    and a tuple equals no list, so comparing these says the values are the same, not alike."""
    if isinstance(value, Unknown):
        return (type(value).__name__,
                *[exact(getattr(value, f.name)) for f in dataclasses.fields(value)])
    if dataclasses.is_dataclass(value) and not isinstance(value, type):
        return (type(value).__name__,
                *[exact(getattr(value, f.name)) for f in dataclasses.fields(value)])
    if isinstance(value, dict):
        return ("dict", [(exact(k), exact(v)) for k, v in value.items()])
    if isinstance(value, (list, tuple, frozenset)):
        items = sorted(value) if isinstance(value, frozenset) else value
        return (type(value).__name__, [exact(item) for item in items])
    return (type(value).__name__, value)


class Build:
    """The Terraform resolution of a folder of inputs, as a scan does it, and a count of the
    root modules it resolved (rather than answered from the cache)."""

    def __init__(self, paths: list[Path], monkeypatch, var_files: tuple[Path, ...] = (),
                 helpers: int = 0):
        self.paths = paths
        self.var_files = var_files
        self.helpers = helpers
        self.resolved: list[str] = []
        collect = build_module._collect

        def counting(instance, resources):
            if instance.address == "":
                self.resolved.append(instance.source.directory)
            collect(instance, resources)

        monkeypatch.setattr(build_module, "_collect", counting)

    def __call__(self, cache_dir: Path | None):
        self.resolved.clear()
        discovery = discover(self.paths)
        installed = _installed_modules(discovery, _options())
        parse_cache = ParseCache(cache_dir)
        files = [f for f in discovery.files if f.kind in TERRAFORM_KINDS]
        parsed = _parse_all(files, parse_cache, 1, lambda done, total: None, None)
        origins = TextOrigins()
        missing: set[tuple[str, ...]] = set()
        resources, errors = build_resources(
            [(f.relpath, parsed[f.relpath]) for f in files], discovery.root,
            _read_var_files(self.var_files), origins, installed.by_root, None, missing, None,
            {f.relpath: f.digest for f in files},
            ResolvedCache(cache_dir) if cache_dir else None, self.helpers)
        return exact((resources, errors, origins._by_text, sorted(missing)))


def _options():
    from compliance.pipeline.scan import ScanOptions

    return ScanOptions()


def test_every_sample_resolves_warm_exactly_as_cold(tmp_path, monkeypatch):
    build = Build([EXAMPLES, data_dir("controls")], monkeypatch)
    reference = build(None)
    roots = len(build.resolved)
    assert roots > 300  # every control's samples and the examples
    assert build(tmp_path) == reference
    assert len(build.resolved) == roots
    assert build(tmp_path) == reference
    assert build.resolved == []  # every root module answered from the cache


def resolving_processes(monkeypatch, record: Path, die_in_helpers: bool = False):
    """Record the pid of the process that resolves each root module into `record`; helpers
    are made slow, or with `die_in_helpers`, die on the first root module they take."""
    resolve = build_module._resolve_and_store
    main = os.getpid()

    def recorded(config, directory, key, cache, resources):
        if os.getpid() != main:
            if die_in_helpers:
                os._exit(1)
            time.sleep(0.01)  # slower than the main process: it must wait for their items
        with open(record, "a") as out:
            out.write(f"{os.getpid()}\n")
        resolve(config, directory, key, cache, resources)

    monkeypatch.setattr(build_module, "_resolve_and_store", recorded)
    return lambda: Counter(int(line) for line in record.read_text().split())


@pytest.mark.skipif(not sys.platform.startswith("linux"), reason="helpers: Linux only")
def test_helpers_resolve_what_the_main_process_then_replays_exactly(tmp_path, monkeypatch):
    build = Build([EXAMPLES, data_dir("controls")], monkeypatch, helpers=2)
    reference = build(None)
    roots = len(build.resolved)
    by_process = resolving_processes(monkeypatch, tmp_path / "pids")
    assert build(tmp_path / "cache") == reference
    resolved = by_process()
    assert sum(resolved.values()) == roots  # each root module resolved once
    helped = sum(count for pid, count in resolved.items() if pid != os.getpid())
    assert 0 < helped < roots
    assert build(tmp_path / "cache") == reference  # and warm, as ever
    assert sum(by_process().values()) == roots


@pytest.mark.skipif(not sys.platform.startswith("linux"), reason="helpers: Linux only")
def test_root_modules_a_helper_dropped_are_resolved_by_the_main_process(tmp_path,
                                                                         monkeypatch):
    build = Build([EXAMPLES, data_dir("controls")], monkeypatch, helpers=1)
    reference = build(None)
    roots = len(build.resolved)
    by_process = resolving_processes(monkeypatch, tmp_path / "pids", die_in_helpers=True)
    assert build(tmp_path / "cache") == reference
    assert by_process() == {os.getpid(): roots}


MODULE = '''\
variable "name" {}
variable "tags" {
  type = map(string)
}
resource "aws_s3_bucket" "b" {
  bucket = "${var.name}-bucket"
  policy = file("${path.module}/policy.json")
  tags   = var.tags
  acl    = fileexists("${path.module}/private") ? "private" : "public-read"
  arn    = aws_kms_key.k.arn
}
resource "aws_kms_key" "k" {}
output "bucket" {
  value = aws_s3_bucket.b.bucket
}
'''

ROOT = '''\
variable "env" {}
module "store" {
  source = "./modules/store"
  name   = var.env
  tags   = { team = "api", set = join(",", toset(["a", "b"])) }
}
resource "aws_sqs_queue" "q" {
  name = module.store.bucket
}
'''


def _write(root: Path, files: dict[str, str]) -> None:
    for relpath, text in files.items():
        path = root / relpath
        path.parent.mkdir(parents=True, exist_ok=True)
        path.write_text(text)


@pytest.fixture
def tree(tmp_path):
    root = tmp_path / "tree"
    _write(root, {
        "app/main.tf": ROOT,
        "app/terraform.tfvars": 'env = "prod"\n',
        "app/modules/store/main.tf": MODULE,
        "app/modules/store/policy.json": '{"Version": "2012-10-17"}\n',
        "other/main.tf": 'resource "aws_sqs_queue" "other" {\n  name = "other"\n}\n',
    })
    return root


@pytest.mark.parametrize("change", [
    pytest.param({"app/modules/store/main.tf": MODULE.replace("-bucket", "-store")},
                 id="a called module's file"),
    pytest.param({"app/modules/store/extra.tf": 'resource "aws_sns_topic" "t" {}\n'},
                 id="a file added to a called module"),
    pytest.param({"app/terraform.tfvars": 'env = "dev"\n'}, id="a tfvars value"),
    pytest.param({"app/dev.auto.tfvars": 'env = "dev"\n'}, id="an auto.tfvars file"),
    pytest.param({"app/main.tf": ROOT.replace('team = "api"', 'team = "web"')},
                 id="a module argument"),
    pytest.param({"app/modules/store/policy.json": '{"Version": "2008-10-17"}\n'},
                 id="a file() target"),
    pytest.param({"app/modules/store/private": ""}, id="a fileexists() target appearing"),
])
def test_a_change_to_what_a_root_module_read_resolves_it_again(tree, tmp_path, monkeypatch,
                                                                change):
    build = Build([tree], monkeypatch)
    cache = tmp_path / "cache"
    before = build(cache)
    assert sorted(build.resolved) == ["app", "other"]
    assert build(cache) == before and build.resolved == []
    _write(tree, change)
    after = build(cache)
    assert build.resolved == ["app"]  # the other root module is replayed
    assert after != before
    assert after == build(None)  # and the result is what an uncached build gives
    assert build(cache) == after and build.resolved == []


def test_a_module_folder_that_appears_is_read(tree, tmp_path, monkeypatch):
    _write(tree, {"app/main.tf": ROOT + 'module "late" {\n  source = "./modules/late"\n}\n'})
    build = Build([tree], monkeypatch)
    cache = tmp_path / "cache"
    before = build(cache)
    _write(tree, {"app/modules/late/main.tf": 'resource "aws_sns_topic" "late" {}\n'})
    after = build(cache)
    assert build.resolved == ["app"] and after != before and after == build(None)


def test_the_same_tree_elsewhere_is_answered(tree, tmp_path, monkeypatch):
    """A diff's base revision is extracted into a new temporary folder on every run."""
    import shutil

    cache = tmp_path / "cache"
    before = Build([tree], monkeypatch)(cache)
    moved = tmp_path / "elsewhere" / "tree"
    shutil.copytree(tree, moved)
    build = Build([moved], monkeypatch)
    assert build(cache) == before and build.resolved == []
    (moved / "app/modules/store/policy.json").write_text("{}\n")
    assert build(cache) == build(None) != before


def test_a_var_file_is_part_of_the_key(tree, tmp_path, monkeypatch):
    var_file = tmp_path / "prod.tfvars"
    var_file.write_text('env = "staging"\n')
    build = Build([tree], monkeypatch, var_files=(var_file,))
    cache = tmp_path / "cache"
    before = build(cache)
    assert build(cache) == before and build.resolved == []
    var_file.write_text('env = "qa"\n')
    after = build(cache)
    assert sorted(build.resolved) == ["app", "other"] and after != before
    assert after == build(None)


def test_a_damaged_entry_is_resolved_again(tree, tmp_path, monkeypatch):
    build = Build([tree], monkeypatch)
    cache = tmp_path / "cache"
    before = build(cache)
    for entry in (cache / "resolved").rglob("*.sealed"):
        data = entry.read_bytes()  # its last byte changed, whatever it was
        entry.write_bytes(data[:-1] + bytes([data[-1] ^ 0xFF]))
    assert build(cache) == before
    assert sorted(build.resolved) == ["app", "other"]


def test_the_cache_holds_no_secret_in_clear(tree, tmp_path, monkeypatch):
    _write(tree, {"other/main.tf": 'resource "aws_db_instance" "db" {\n'
                                   '  password = "hunter2-very-secret"\n}\n'})
    cache = tmp_path / "cache"
    Build([tree], monkeypatch)(cache)
    entries = list((cache / "resolved").rglob("*.sealed"))
    assert len(entries) == 4  # two root modules: what each read, and its results
    assert not any(b"hunter2" in entry.read_bytes() for entry in entries)


@pytest.mark.parametrize("value", [
    {"a": [1, 2.5, True, None, "x"]},
    {"\x00u": "a map whose key looks like the encoding's"},
    {1: "a key that is not a string"},
    ("a", "tuple"),
    SetValue(["b", "a"]),
    Unknown("why", ("aws_x.y",), {"k": Unknown("inner")}),
    EvaluationError("no file"),
    Unknown("template", partial=PartialText("t", text="a ${x}", base64=True,
                                            pieces=("a ", None))),
    [Unknown("partial", partial={"Statement": [{"Effect": "Allow", "x": (1,)}]})],
])
def test_values_decode_to_exactly_what_was_encoded(value):
    import orjson

    assert exact(decode(orjson.loads(orjson.dumps(encode(value))))) == exact(value)


def test_a_warm_scan_reports_what_a_cold_one_does(catalog, tmp_path):
    """End to end: documents embedded through file() (their origins replayed), views, findings
    with their lines and evidence, errors."""
    from compliance.pipeline.scan import ScanOptions, run_scan

    def report(cache_dir):
        result = run_scan([EXAMPLES / "terraform"], catalog,
                          options=ScanOptions(cache_dir=cache_dir))
        findings = [(f.control, f.resource.location, f.resource.address, f.status,
                     f.evidence.attribute, repr(f.evidence.observed), f.evidence.line)
                    for f in result.findings]
        return findings, result.errors, exact(result.resources)

    cold = report(None)
    assert len(cold[0]) > 100
    assert report(tmp_path) == cold
    assert list((tmp_path / "resolved").rglob("*.sealed"))
    assert report(tmp_path) == cold


@pytest.mark.parametrize("value", [float("nan"), {"a": [float("inf")]}, {1.5: "x"}.keys()])
def test_a_value_json_cannot_hold_exactly_is_refused(value):
    from compliance.resolve.terraform.resolved_cache import Unencodable

    with pytest.raises(Unencodable):
        encode(value)


def test_results_unseal_only_with_every_file_read(tree, tmp_path, monkeypatch):
    """Like the parse cache: a cache copied off a CI runner shows nothing to whoever lacks the
    files the values came from. The root module's own files (a public repository) open only
    the list of what was read; the values a file() target held need that file too."""
    from cryptography.exceptions import InvalidTag

    _write(tree, {"app/modules/store/policy.json": '{"token": "s3cr3t-from-a-file"}\n'})
    keys = {"root": [], "result": []}
    for name, kind in (("root_key", "root"), ("result_key", "result")):
        original = getattr(build_module, name)

        def capture(*args, original=original, kind=kind):
            keys[kind].append(original(*args))
            return keys[kind][-1]

        monkeypatch.setattr(build_module, name, capture)
    cache = tmp_path / "cache"
    Build([tree], monkeypatch)(cache)

    def opened(key_kind):
        texts = []
        for entry in (cache / "resolved").rglob("*.sealed"):
            for key in keys[key_kind]:
                try:
                    texts.append(ResolvedCache(None).entries.cipher(key).decrypt(
                        bytes(12), entry.read_bytes(), None))
                except InvalidTag:
                    pass
        return texts

    with_root_keys, with_result_keys = opened("root"), opened("result")
    assert len(with_root_keys) == 2 and len(with_result_keys) == 2
    assert not any(b"s3cr3t" in text for text in with_root_keys)
    assert any(b"s3cr3t" in text for text in with_result_keys)


@pytest.mark.skipif(not sys.platform.startswith("linux"), reason="helpers: Linux only")
def test_meanwhile_runs_once_while_the_helpers_resolve(tmp_path, monkeypatch):
    """The scan builds CloudFormation in `meanwhile`: after the helpers are forked (they
    resolve while it runs, and take more of the root modules), before this process's share;
    first when there is no cache (and so no helper)."""
    record = tmp_path / "pids"
    by_process = resolving_processes(monkeypatch, record)
    seen: list[int] = []

    def meanwhile():
        time.sleep(0.5)  # the helpers go on meanwhile
        seen.append(sum(by_process().values()) if record.exists() else 0)

    def build(cache_dir, helpers):
        discovery = discover([EXAMPLES, data_dir("controls")])
        files = [f for f in discovery.files if f.kind in TERRAFORM_KINDS]
        parsed = _parse_all(files, ParseCache(cache_dir), 1, lambda done, total: None, None)
        return build_resources(
            [(f.relpath, parsed[f.relpath]) for f in files], discovery.root, [], TextOrigins(),
            None, None, None, None, {f.relpath: f.digest for f in files},
            ResolvedCache(cache_dir) if cache_dir else None, helpers, meanwhile=meanwhile)

    build(None, 0)
    assert seen == [0]  # no cache: first, before any root module
    record.unlink(missing_ok=True)
    build(tmp_path / "cache", 2)
    resolved = by_process()
    assert len(seen) == 2 and 0 < seen[1] < sum(resolved.values())
    assert all(pid != os.getpid() for pid in list(resolved)[:1])  # the helpers' came first


def test_origins_taken_after_keep_the_first_origin_of_a_text():
    from compliance.resolve.terraform.origins import TextOrigin

    terraform, templates = TextOrigins(), TextOrigins()
    terraform.note("openapi: 3.0.0\n", TextOrigin("tf/api.yaml", template=True))
    templates.note("openapi: 3.0.0\n", TextOrigin("sam/api.yaml", template=False))
    templates.note("other\n", TextOrigin("sam/other.yaml", template=False))
    terraform.take(templates)
    assert terraform.find("openapi: 3.0.0\n").file == "tf/api.yaml"
    assert terraform.find("other\n").file == "sam/other.yaml"


def test_an_entry_depends_on_the_code_of_the_policies_its_resources_hold(monkeypatch):
    """Root modules are kept with their IAM policies read in (build._collect_root): a
    development install that edits the policy reader must not be answered from entries it
    made before."""
    from compliance.resolve.terraform import resolved_cache

    digested = []
    monkeypatch.setattr(resolved_cache, "files_digest", lambda paths: (
        digested.extend(Path(p).name for p in paths), "digest")[1])
    resolved_cache._code_digest.cache_clear()
    try:
        resolved_cache._code_digest()
    finally:
        resolved_cache._code_digest.cache_clear()
    assert {"policies.py", "lines.py", "iam_policy.py", "build.py", "resource.py"} \
        <= set(digested)


def test_a_scan_builds_the_other_files_resources_while_the_helpers_resolve(tmp_path,
                                                                            monkeypatch):
    """The resources of the files read alone (an OpenAPI document, a manifest) are made in
    `meanwhile`, as CloudFormation is, not before the helpers are forked; and they keep
    their place, first, before Terraform's."""
    import compliance.resolve.terraform as terraform_package
    from compliance.pipeline import scan as scan_module
    from compliance.pipeline.scan import _build_resources

    (tmp_path / "main.tf").write_text('resource "aws_s3_bucket" "b" {\n  bucket = "b"\n}\n')
    (tmp_path / "sa.yaml").write_text(
        "apiVersion: v1\nkind: ServiceAccount\nmetadata:\n  name: s\n")
    discovery = discover([tmp_path])
    parsed = _parse_all(discovery.files, ParseCache(None), 1, lambda done, total: None, None)
    made: list[str] = []
    original = scan_module.resource_from_json
    monkeypatch.setattr(scan_module, "resource_from_json",
                        lambda data: made.append(data["type"]) or original(data))
    real_build = terraform_package.build_resources
    before_meanwhile: list[list[str]] = []

    def build(*args, meanwhile, **kwargs):
        before_meanwhile.append(list(made))
        return real_build(*args, meanwhile=meanwhile, **kwargs)

    monkeypatch.setattr(terraform_package, "build_resources", build)
    resources, _errors = _build_resources(discovery.files, parsed, discovery.root, [])
    assert before_meanwhile == [[]]  # none made before the build could fork its helpers
    assert made == ["v1/ServiceAccount"]
    assert [r.type for r in resources] == ["v1/ServiceAccount", "aws_s3_bucket"]
