"""--download-modules against a module registry this test serves on 127.0.0.1 and git
repositories it makes: version constraints as Terraform resolves them, the download redirect,
private registries' tokens, the cache, the limits and hostile archives. Nothing leaves the
machine."""

from __future__ import annotations

import io
import json
import socket
import subprocess
import tarfile
import threading
import time
import zipfile
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer
from pathlib import Path

import pytest

from compliance.pipeline.modules.fetch import FetchError, getter_source, unpack
from compliance.pipeline.modules.registry import registry_token
from compliance.pipeline.scan import ScanOptions, run_scan
from compliance.resolve.terraform.versions import ConstraintError, newest_matching
from tests.terraform.test_installed_modules import API_PACKAGE

VERSIONS = ["0.9.0", "1.0.0", "1.2.0", "1.2.5", "1.3.0-beta1", "2.0.0"]


# --- version constraints ------------------------------------------------------------------


@pytest.mark.parametrize("constraint, chosen", [
    ("", "2.0.0"),  # no constraint: the newest release, never a pre-release
    ("1.2.0", "1.2.0"),
    ("= 1.2.0", "1.2.0"),
    ("~> 1.0", "1.2.5"),  # ~> X.Y: X fixed
    ("~> 1.2.0", "1.2.5"),  # ~> X.Y.Z: X.Y fixed
    ("~> 1.2, != 1.2.5", "1.2.0"),
    (">= 1.0, < 2.0", "1.2.5"),
    ("> 2.0.0", None),
    ("<= 1.0.0", "1.0.0"),
    ("~> 1.3", None),  # 1.3.0-beta1 is a pre-release: only an exact constraint takes it
    ("1.3.0-beta1", "1.3.0-beta1"),
    ("~> 0.9", "0.9.0"),
    ("v1.2.0", "1.2.0"),
])
def test_constraints_choose_the_newest_matching_version(constraint, chosen):
    assert newest_matching(VERSIONS, constraint) == chosen


def test_prereleases_order_before_their_release_and_by_part():
    assert newest_matching(["1.0.0-beta2", "1.0.0-beta10", "1.0.0-alpha"], "1.0.0-beta10") \
        == "1.0.0-beta10"
    assert newest_matching(["1.0.0-rc1", "1.0.0"], ">= 0.1") == "1.0.0"
    assert newest_matching(["not-a-version", "1.0.0"], "") == "1.0.0"


@pytest.mark.parametrize("bad", ["~>", ">= one", "1.0,,2.0", "=> 1.0"])
def test_unreadable_constraints_are_errors(bad):
    with pytest.raises(ConstraintError):
        newest_matching(VERSIONS, bad)


# --- sources and tokens -------------------------------------------------------------------


def test_getter_sources_as_go_getter_reads_them():
    git = getter_source("git::https://example.test/net.git//modules/vpc?ref=v1.2&depth=1")
    assert (git.kind, git.url, git.ref, git.subdir) == ("git", "https://example.test/net.git",
                                                        "v1.2", "modules/vpc")
    hub = getter_source("github.com/acme/net//sub?ref=main")
    assert (hub.kind, hub.url, hub.ref, hub.subdir) == ("git", "https://github.com/acme/net.git",
                                                        "main", "sub")
    archive = getter_source("https://example.test/m.zip//inner")
    assert (archive.kind, archive.url, archive.subdir) == ("http", "https://example.test/m.zip",
                                                           "inner")
    with pytest.raises(FetchError, match="s3 sources are not downloaded"):
        getter_source("s3::https://s3.amazonaws.com/bucket/m.zip")


def test_tokens_are_read_as_terraform_names_them(monkeypatch):
    monkeypatch.setenv("TF_TOKEN_app_terraform_io", "t1")
    monkeypatch.setenv("TF_TOKEN_my__registry_example_com", "t2")
    assert registry_token("app.terraform.io") == ("app.terraform.io", "t1")
    assert registry_token("my-registry.example.com") == ("my-registry.example.com", "t2")
    assert registry_token("other.example.com") is None


# --- hostile archives ---------------------------------------------------------------------


def _tar(members: dict[str, bytes], links: dict[str, str] = {}) -> bytes:
    out = io.BytesIO()
    with tarfile.open(fileobj=out, mode="w:gz") as archive:
        for name, data in members.items():
            info = tarfile.TarInfo(name)
            info.size = len(data)
            archive.addfile(info, io.BytesIO(data))
        for name, target in links.items():
            info = tarfile.TarInfo(name)
            info.type = tarfile.SYMTYPE
            info.linkname = target
            archive.addfile(info)
    return out.getvalue()


@pytest.mark.parametrize("name", ["../evil.tf", "/etc/evil.tf", "a/../../evil.tf"])
def test_archive_members_outside_the_folder_are_refused(tmp_path, name):
    with pytest.raises(FetchError, match="outside the module folder"):
        unpack(_tar({name: b"x"}), "tar.gz", tmp_path / "out", 1000)
    assert not (tmp_path / "evil.tf").exists()


def test_links_are_not_unpacked_and_sizes_are_capped(tmp_path):
    unpack(_tar({"main.tf": b"ok"}, {"secret.tf": "/etc/passwd", "up": ".."}), "tar.gz",
           tmp_path / "out", 1000)
    assert sorted(p.name for p in (tmp_path / "out").iterdir()) == ["main.tf"]
    zipped = io.BytesIO()
    with zipfile.ZipFile(zipped, "w", zipfile.ZIP_DEFLATED) as archive:
        archive.writestr("big.tf", b"#" * 5000)
    with pytest.raises(FetchError, match="size limit"):
        unpack(zipped.getvalue(), "zip", tmp_path / "zip", 1000)


# --- a registry on 127.0.0.1 --------------------------------------------------------------


ROOT = '''\
module "open" {
  source        = "{host}/acme/api/aws"
  version       = "~> 1.0"
  name          = "open"
  authorization = "NONE"
}
'''


class Registry:
    """A module registry: discovery, versions, downloads that redirect to archives, and a
    private namespace that wants a token. Records every request."""

    def __init__(self, packages: dict[str, bytes]):
        self.packages = packages  # "namespace/version" -> tar.gz
        self.requests: list[tuple[str, str]] = []  # (path, Authorization header)
        registry = self

        class Handler(BaseHTTPRequestHandler):
            def log_message(self, *args):
                pass

            def do_GET(self):
                registry.requests.append((self.path, self.headers.get("Authorization", "")))
                try:
                    registry.answer(self)
                except (BrokenPipeError, ConnectionResetError):
                    pass  # the client gave up (the time-limit test)

        self.server = ThreadingHTTPServer(("127.0.0.1", 0), Handler)
        self.host = f"127.0.0.1:{self.server.server_address[1]}"
        self.thread = threading.Thread(target=self.server.serve_forever, daemon=True)

    def answer(self, request: BaseHTTPRequestHandler) -> None:
        parts = request.path.strip("/").split("/")
        if request.path == "/.well-known/terraform.json":
            return self._send(request, 200, json.dumps({"modules.v1": "/v1/modules/"}).encode())
        if parts[:2] == ["v1", "modules"] and len(parts) >= 6:
            namespace = parts[2]
            if namespace == "private" \
                    and request.headers.get("Authorization") != "Bearer s3cret":
                return self._send(request, 401, b"{}")
            if parts[5] == "versions":
                versions = [{"version": v} for v in VERSIONS]
                return self._send(request, 200, json.dumps(
                    {"modules": [{"versions": versions}]}).encode())
            if len(parts) == 7 and parts[6] == "download":
                if namespace == "slow":
                    time.sleep(3)
                if namespace == "zipped":  # a zip of the package inside a folder, elsewhere
                    port = self.server.server_address[1]
                    return self._send(request, 204, b"", {"X-Terraform-Get": (
                        f"http://localhost:{port}/archives/zipped/{parts[5]}//pkg?archive=zip")})
                return self._send(request, 204, b"", {
                    "X-Terraform-Get": f"/archives/{namespace}/{parts[5]}.tar.gz"})
        if parts[0] == "archives":
            key = f"{parts[1]}/{parts[2].split('?')[0].removesuffix('.tar.gz')}"
            if key in self.packages:
                return self._send(request, 200, self.packages[key])
        self._send(request, 404, b"not found")

    @staticmethod
    def _send(request, status: int, body: bytes, headers: dict[str, str] = {}) -> None:
        request.send_response(status)
        for name, value in headers.items():
            request.send_header(name, value)
        request.send_header("Content-Length", str(len(body)))
        request.end_headers()
        request.wfile.write(body)


def _package(files: dict[str, str]) -> bytes:
    return _tar({name: text.encode() for name, text in files.items()})


@pytest.fixture
def registry(monkeypatch):
    monkeypatch.setenv("COMPLIANCE_ALLOW_LOOPBACK_HTTP", "1")
    zipped = io.BytesIO()
    with zipfile.ZipFile(zipped, "w") as archive:
        for name, text in API_PACKAGE.items():
            archive.writestr(f"pkg/{name}", text)
    served = Registry({"acme/1.2.5": _package(API_PACKAGE),
                       "private/1.2.5": _package(API_PACKAGE),
                       "zipped/1.2.5": zipped.getvalue()})
    served.thread.start()
    yield served
    served.server.shutdown()
    served.server.server_close()


def _root_module(tmp_path: Path, text: str) -> Path:
    root = tmp_path / "infra"
    root.mkdir()
    (root / "main.tf").write_text(text)
    return root


def _scan(root: Path, catalog, cache: Path | None, **options):
    control = catalog.by_id["aws-apigw-method-authorization"]
    return run_scan([root], catalog, controls=[control], options=ScanOptions(
        cache_dir=cache, download_modules=True, **options))


def _failing(result) -> set[tuple[str, str, int]]:
    return {(f.resource.address, f.resource.location.file, f.evidence.line)
            for f in result.findings if f.status.value == "fail"}


def test_a_registry_module_is_downloaded_scanned_and_then_read_from_the_cache(
        tmp_path, catalog, registry):
    root = _root_module(tmp_path, ROOT.replace("{host}", registry.host))
    result = _scan(root, catalog, tmp_path / "cache")
    assert [str(e) for e in result.errors] == []
    folder = f".compliance-downloads/{registry.host}/acme/api/aws/1.2.5"  # ~> 1.0: 1.2.5
    assert _failing(result) == {("module.open.module.method.aws_api_gateway_method.get",
                                 f"{folder}/modules/method/main.tf", 8)}
    assert [path for path, _auth in registry.requests] == [
        "/.well-known/terraform.json", "/v1/modules/acme/api/aws/versions",
        "/v1/modules/acme/api/aws/1.2.5/download", "/archives/acme/1.2.5.tar.gz"]
    assert f"{folder}/main.tf" in {s.relpath for s in result.sources}
    registry.requests.clear()
    again = _scan(root, catalog, tmp_path / "cache")
    assert registry.requests == []  # the version chosen and the package: both cached
    assert _failing(again) == _failing(result)


def test_a_private_registry_gets_the_token_terraform_would_send(tmp_path, catalog, registry,
                                                                monkeypatch):
    root = _root_module(tmp_path, ROOT.replace("{host}/acme", registry.host + "/private"))
    refused = _scan(root, catalog, None)
    (notice,) = [e for e in refused.errors if e.skipped == "module"]
    assert "could not download it" in notice.message and "401" in notice.message
    monkeypatch.setenv("TF_TOKEN_127_0_0_1", "s3cret")
    registry.requests.clear()
    result = _scan(root, catalog, None)
    assert [str(e) for e in result.errors] == []
    assert len(_failing(result)) == 1
    assert {auth for path, auth in registry.requests} == {"Bearer s3cret"}


def test_over_the_size_limit_or_no_answer_is_a_notice_and_the_scan_goes_on(
        tmp_path, catalog, registry):
    with socket.socket() as probe:  # a port nothing listens on
        probe.bind(("127.0.0.1", 0))
        silent = f"127.0.0.1:{probe.getsockname()[1]}"
    root = tmp_path / "infra"
    root.mkdir()
    local_method = API_PACKAGE["modules/method/main.tf"].replace("var.authorization", '"NONE"')
    (root / "main.tf").write_text(
        ROOT.replace("{host}", registry.host)
        + ROOT.replace("{host}", silent).replace('"open"', '"gone"')
        + local_method.replace("variable", "# variable").replace("var.rest_api_id", '"x"'))
    small = _scan(root, catalog, None, download_max_bytes=200)
    notices = sorted(e.message for e in small.errors if e.skipped == "module")
    assert len(notices) == 2
    assert "module.gone" in notices[0] and "did not answer" in notices[0]
    assert "module.open" in notices[1] and "larger than the size limit" in notices[1]
    # the rest of the scan went on: the root's own method is judged
    assert _failing(small) == {("aws_api_gateway_method.get", "main.tf", 20)}


def test_a_location_on_another_host_with_a_subdir_gets_no_token(tmp_path, catalog, registry,
                                                                monkeypatch):
    monkeypatch.setenv("TF_TOKEN_127_0_0_1", "s3cret")
    root = _root_module(tmp_path, ROOT.replace("{host}/acme", registry.host + "/zipped"))
    result = _scan(root, catalog, None)
    assert [str(e) for e in result.errors] == []
    folder = f".compliance-downloads/{registry.host}/zipped/api/aws/1.2.5/pkg"
    assert _failing(result) == {("module.open.module.method.aws_api_gateway_method.get",
                                 f"{folder}/modules/method/main.tf", 8)}
    sent = dict(registry.requests)
    assert sent["/v1/modules/zipped/api/aws/versions"] == "Bearer s3cret"
    assert sent["/archives/zipped/1.2.5?archive=zip"] == ""  # localhost is another host


def test_a_registry_that_hangs_is_cut_at_the_time_limit(tmp_path, catalog, registry):
    root = _root_module(tmp_path, ROOT.replace("{host}/acme", registry.host + "/slow"))
    started = time.monotonic()
    result = _scan(root, catalog, None, download_timeout_s=1.0)
    assert time.monotonic() - started < 30
    (notice,) = [e for e in result.errors if e.skipped == "module"]
    assert "module.open" in notice.message and (
        "time limit" in notice.message or "timed out" in notice.message), notice.message


# --- git ----------------------------------------------------------------------------------


def _git_repository(folder: Path, files: dict[str, str], tag: str) -> Path:
    for name, text in files.items():
        (folder / name).parent.mkdir(parents=True, exist_ok=True)
        (folder / name).write_text(text)
    env = ["-c", "user.name=t", "-c", "user.email=t@example.test"]
    for command in (["init", "-q", "-b", "main"], ["add", "."], [*env, "commit", "-qm", "m"],
                    ["tag", tag]):
        subprocess.run(["git", "-C", str(folder), *command], check=True, capture_output=True)
    return folder


def test_git_sources_with_ref_and_subdir_from_a_local_repository(tmp_path, catalog):
    repository = _git_repository(tmp_path / "repo", API_PACKAGE, "v1.2.5")
    (repository / "main.tf").write_text("# changed after the tag\n")  # not what v1.2.5 holds
    root = _root_module(
        tmp_path,
        f'module "open" {{\n  source = "git::file://{repository}?ref=v1.2.5"\n'
        '  name = "open"\n  authorization = "NONE"\n}\n'
        f'module "method" {{\n  source = "git::file://{repository}//modules/method?ref=v1.2.5"'
        '\n  rest_api_id = "x"\n  authorization = "NONE"\n}\n')
    result = _scan(root, catalog, tmp_path / "cache")
    assert [str(e) for e in result.errors] == []
    folder = f".compliance-downloads/git/local{repository}@v1.2.5"
    assert _failing(result) == {
        ("module.open.module.method.aws_api_gateway_method.get",
         f"{folder}/modules/method/main.tf", 8),
        ("module.method.aws_api_gateway_method.get", f"{folder}/modules/method/main.tf", 8)}


def test_a_git_ref_that_does_not_exist_is_a_notice(tmp_path, catalog):
    repository = _git_repository(tmp_path / "repo", API_PACKAGE, "v1")
    root = _root_module(
        tmp_path, f'module "open" {{\n  source = "git::file://{repository}?ref=v9"\n}}\n')
    result = _scan(root, catalog, None)
    (notice,) = [e for e in result.errors if e.skipped == "module"]
    assert "has no ref 'v9'" in notice.message


def test_files_a_downloaded_module_reads_come_from_its_package(tmp_path, catalog):
    method = API_PACKAGE["modules/method/main.tf"].replace(
        "var.authorization", 'trimspace(file("${path.module}/authorization.txt"))')
    repository = _git_repository(tmp_path / "repo", {
        "main.tf": method.replace('variable "authorization" {}\n', ""),
        "authorization.txt": "NONE\n"}, "v1")
    root = _root_module(
        tmp_path, f'module "m" {{\n  source = "git::file://{repository}?ref=v1"\n'
        '  rest_api_id = "x"\n}\n')
    result = _scan(root, catalog, None)
    assert [str(e) for e in result.errors] == []
    (finding,) = result.findings
    assert finding.status.value == "fail" and finding.evidence.observed == "NONE"


def test_a_policy_in_a_downloaded_module_is_placed_at_its_statements(tmp_path):
    """A downloaded module's files are in the cache folder, not under the scanned root: their
    heredocs' lines come from what the scan read (the policy was placed at its attribute)."""
    repository = _git_repository(tmp_path / "repo", {"main.tf": (
        'resource "aws_iam_policy" "reader" {\n'
        '  name   = "reader"\n'
        '  policy = <<EOT\n'
        '{\n'
        '  "Statement": [\n'
        '    {"Effect": "Allow", "Action": "s3:GetObject", "Resource": "*"}\n'
        '  ]\n'
        '}\n'
        'EOT\n'
        '}\n')}, "v1")
    root = _root_module(
        tmp_path, f'module "m" {{\n  source = "git::file://{repository}?ref=v1"\n}}\n')
    result = run_scan([root], None, controls=[], options=ScanOptions(download_modules=True))
    assert [str(e) for e in result.errors] == []
    (policy,) = [r for r in result.resources if r.address == "module.m.aws_iam_policy.reader"]
    assert policy.location.file.startswith(".compliance-downloads/")
    assert policy.lines["iam_policy"] == 3
    assert policy.lines["iam_policy.statements[0]"] == 6


def test_a_git_ref_may_be_a_commit_id(tmp_path, catalog):
    repository = _git_repository(tmp_path / "repo", API_PACKAGE, "v1")
    commit = subprocess.run(["git", "-C", str(repository), "rev-parse", "HEAD"], check=True,
                            capture_output=True, text=True).stdout.strip()
    (repository / "modules/method/main.tf").write_text("# no method any more\n")
    subprocess.run(["git", "-C", str(repository), "-c", "user.name=t", "-c",
                    "user.email=t@example.test", "commit", "-qam", "later"], check=True)
    root = _root_module(
        tmp_path,
        f'module "open" {{\n  source = "git::file://{repository}?ref={commit}"\n'
        '  name = "open"\n  authorization = "NONE"\n}\n')
    result = _scan(root, catalog, None)
    assert [str(e) for e in result.errors] == []
    assert len(_failing(result)) == 1  # the method as it was at that commit
