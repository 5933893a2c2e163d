"""A pull request from someone we do not trust: whatever the scanned tree holds, `compliance
scan` run as CI runs it ends in time and memory, prints no traceback, reads and writes nothing
outside the tree, and never exits 0 when it could not read an input completely.

Each case writes a small hostile tree; the scan runs as its own process, as a CI job runs it,
and is measured from outside (wall time, peak memory of the process).
"""

from __future__ import annotations

import json
import os
import signal
import subprocess
import sys
import time
from dataclasses import dataclass
from pathlib import Path
from typing import Callable

import pytest

from compliance.parse.discover import walk_tree
from tests.deep_trees import make_nested, remove_nested

CANARY_OUTSIDE = "CANARY-OUTSIDE-7c1d9e"  # in a file beside the scanned tree: must never show
TIME_LIMIT_S = 60  # per scan; a bounded scan of these small trees takes a few seconds
MEMORY_LIMIT_MB = 1024

PUBLIC_DB = ('resource "aws_db_instance" "db" {\n  publicly_accessible = true\n'
             '  storage_encrypted   = true\n}\n')


@dataclass
class Run:
    code: int
    out: str
    err: str
    seconds: float
    peak_mb: float

    @property
    def report(self) -> dict:
        return json.loads(self.out)


def run_scan_process(jail: Path, *args: str) -> Run:
    """`compliance scan repo --format json` in a process of its own, killed at the limit."""
    env = {"PATH": os.environ.get("PATH", ""), "HOME": str(jail / "home"),
           "XDG_CACHE_HOME": str(jail / "cache"), "PYTHONHASHSEED": "0", "LANG": "C.UTF-8",
           "CI": "true", "GITHUB_ACTIONS": "true"}
    command = [sys.executable, "-m", "compliance.cli.main", "scan", str(jail / "repo"),
               "--format", "json", *args]
    started = time.monotonic()
    with open(jail / "out.json", "w+b") as out, open(jail / "err.txt", "w+b") as err:
        process = subprocess.Popen(command, stdout=out, stderr=err, env=env, cwd=jail / "repo",
                                   start_new_session=True)
        while True:
            pid, status, usage = os.wait4(process.pid, os.WNOHANG)
            if pid:
                break
            if time.monotonic() - started > TIME_LIMIT_S:
                os.killpg(process.pid, signal.SIGKILL)
                os.wait4(process.pid, 0)
                pytest.fail(f"the scan ran over {TIME_LIMIT_S} s")
            time.sleep(0.05)
        process.returncode = os.waitstatus_to_exitcode(status)
        out.seek(0)
        err.seek(0)
        return Run(process.returncode, out.read().decode("utf-8", "replace"),
                   err.read().decode("utf-8", "replace"), time.monotonic() - started,
                   usage.ru_maxrss / 1024)


def _snapshot(jail: Path) -> dict[str, float]:
    """Every path outside the scanned tree and the cache, with its modification time."""
    found = {}
    for folder, folders, files in walk_tree(jail):
        if folder == str(jail):
            folders[:] = [name for name in folders if name not in ("repo", "cache")]
            files = [name for name in files if name not in ("out.json", "err.txt")]
        for name in [*folders, *files]:
            path = Path(folder, name)
            found[str(path.relative_to(jail))] = path.lstat().st_mtime
    return found


@pytest.fixture
def jail(tmp_path):
    (tmp_path / "repo").mkdir()
    (tmp_path / "home").mkdir()
    (tmp_path / "outside").mkdir()
    (tmp_path / "outside" / "secret.txt").write_text(f"password = \"{CANARY_OUTSIDE}\"\n")
    (tmp_path / "outside" / "prod.tfvars").write_text(f'db_password = "{CANARY_OUTSIDE}"\n')
    yield tmp_path
    remove_nested(tmp_path / "repo")


# -- the cases: (name, build the tree, what a correct scan says) -------------------------------

def deep_value_beside_public_db(repo: Path) -> None:
    """A valid value nested hundreds of levels deep must not make the resource vanish."""
    for depth, form in ((300, "jsonencode({0})"), (600, "{0}"), (900, "tolist({0})")):
        value = form.format("[" * depth + "1" + "]" * depth)
        (repo / f"db{depth}.tf").write_text(PUBLIC_DB.replace('"db"', f'"db{depth}"').replace(
            "true\n}", f"true\n  tags = {{ deep = {value} }}\n}}", 1))


def padded_past_the_size_cap(repo: Path) -> None:
    (repo / "main.tf").write_text(PUBLIC_DB + "#" * (5 * 1024 * 1024 + 10) + "\n")


def one_bad_tfvars_value(repo: Path) -> None:
    (repo / "main.tf").write_text('variable "public" {\n  default = true\n}\n'
                                  + PUBLIC_DB.replace("= true\n  storage", "= var.public\n  storage"))
    (repo / "terraform.tfvars").write_text('public = true\nbroken = \n')


def fifo_and_device(repo: Path) -> None:
    (repo / "main.tf").write_text(PUBLIC_DB)
    os.mkfifo(repo / "x.tf")
    os.symlink("/dev/zero", repo / "zero.tf")
    os.symlink("/dev/urandom", repo / "random.yaml")


def fifos_where_files_are_read_by_name(repo: Path) -> None:
    """FIFOs a scan opens by a name another file gives, not by walking: a Terraform file(), a
    SAM DefinitionUri, the modules `terraform init` installed, a Kustomization. Each must be
    refused, not waited on. (helm and kubectl, which read a chart's or an overlay's files
    themselves, are bounded by the render time limit instead.)"""
    (repo / "main.tf").write_text(
        PUBLIC_DB + 'resource "aws_iam_policy" "p" {\n  name   = "p"\n'
        '  policy = file("${path.module}/policy.json")\n}\n'
        'module "vpc" {\n  source  = "terraform-aws-modules/vpc/aws"\n  version = "5.0.0"\n}\n')
    os.mkfifo(repo / "policy.json")
    (repo / ".terraform" / "modules").mkdir(parents=True)
    os.mkfifo(repo / ".terraform" / "modules" / "modules.json")
    (repo / "template.yaml").write_text(
        "AWSTemplateFormatVersion: '2010-09-09'\nTransform: AWS::Serverless-2016-10-31\n"
        "Resources:\n  Api:\n    Type: AWS::Serverless::Api\n    Properties:\n"
        "      StageName: prod\n      DefinitionUri: api.yaml\n")
    os.mkfifo(repo / "api.yaml")
    (repo / "overlay").mkdir()
    os.mkfifo(repo / "overlay" / "kustomization.yaml")


def folders_nested_past_the_recursion_limit(repo: Path) -> None:
    make_nested(repo, 1500, {"main.tf": PUBLIC_DB})  # 3,000 characters: under PATH_MAX


def symlinks_out_and_around(repo: Path) -> None:
    (repo / "main.tf").write_text(PUBLIC_DB)
    os.symlink("../outside/secret.txt", repo / "secret.tf")
    os.symlink("../outside", repo / "linked")
    os.symlink("loop-b", repo / "loop-a")
    os.symlink("loop-a", repo / "loop-b")
    (repo / "sub").mkdir()
    os.symlink("..", repo / "sub" / "up")


def config_reaching_outside(repo: Path) -> None:
    (repo / "main.tf").write_text(PUBLIC_DB)
    (repo / ".compliance.yaml").write_text(
        "db: postgresql://attacker@203.0.113.9/x\nrecord: true\n"
        "var_files: [../outside/prod.tfvars]\nwaivers: ../outside/waivers.yaml\n")


def config_turning_the_scan_off(repo: Path) -> None:
    (repo / "main.tf").write_text(PUBLIC_DB)
    (repo / ".compliance.yaml").write_text("skip_paths: ['*', '**']\nmax_file_size: 1\n")


def reads_files_outside(repo: Path) -> None:
    (repo / "main.tf").write_text(
        'resource "aws_ssm_parameter" "p" {\n  name  = "x"\n  type  = "String"\n'
        '  value = file("../outside/secret.txt")\n}\n'
        'resource "aws_api_gateway_rest_api" "a" {\n  name = "a"\n'
        '  body = templatefile("/etc/passwd", {})\n}\n'
        'locals {\n  p = file("${path.module}/../outside/secret.txt")\n}\n' + PUBLIC_DB)


def catastrophic_patterns(repo: Path) -> None:
    subject = "a" * 40000 + "!"
    (repo / "main.tf").write_text(
        f'locals {{\n  a = regexall("(a|aa)*b", "{subject}")\n'
        f'  b = replace("{subject}", "/(a+)+$/", "x")\n  c = can(regex("^(a*)*$", "{subject}"))\n}}\n'
        + PUBLIC_DB)
    (repo / "kong.yaml").write_text(
        '_format_version: "3.0"\nservices:\n- name: s\n  url: https://x\n  routes:\n'
        "  - name: r\n    paths: [/a]\n  plugins:\n  - name: cors\n    config:\n"
        "      origins: ['(a+)+b', '((a|a)*)*c']\n")


def values_that_double(repo: Path) -> None:
    lines = ['locals {', '  l0 = "aaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaa"']
    lines += [f'  l{i} = {{ a = local.l{i - 1}, b = [local.l{i - 1}] }}' for i in range(1, 64)]
    lines += [f'  m{i} = concat(local.m{i - 1}, local.m{i - 1})' if i else '  m0 = ["x"]'
              for i in range(0, 64)]
    (repo / "main.tf").write_text("\n".join(lines) + "\n}\n" + PUBLIC_DB.replace(
        "true\n}", "true\n  tags = local.l63\n  x = jsonencode(local.l63)\n"
        "  y = length(local.m63)\n}", 1))


def huge_counts(repo: Path) -> None:
    (repo / "main.tf").write_text(
        PUBLIC_DB.replace('"db" {', '"db" {\n  count = 1000000000', 1)
        + 'resource "aws_s3_bucket" "b" {\n  for_each = toset([for i in range(9999999) : tostring(i)])\n'
        '  bucket = each.key\n}\n'
        'locals {\n  big = setproduct(range(500), range(500), range(500))\n'
        '  s = join("", [for i in range(100000) : "aaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaa"])\n}\n')


def yaml_bombs(repo: Path) -> None:
    lines = ["openapi: 3.0.0", "info: {title: t, version: '1'}", "x-bomb:",
             "  a0: &a0 [a, a, a, a, a, a, a, a, a, a]"]
    lines += [f"  a{i}: &a{i} [{', '.join(['*a' + str(i - 1)] * 10)}]" for i in range(1, 12)]
    lines += ["paths:", "  /a:", "    get:", "      responses: {'200': {description: ok}}"]
    (repo / "api.yaml").write_text("\n".join(lines) + "\n")
    (repo / "main.tf").write_text(PUBLIC_DB)


def recursive_openapi_refs(repo: Path) -> None:
    schemas = {f"S{i}": {"type": "object", "properties": {
        "a": {"$ref": f"#/components/schemas/S{i + 1}"},
        "b": {"$ref": f"#/components/schemas/S{i + 1}"}}} for i in range(60)}
    schemas["S60"] = {"$ref": "#/components/schemas/S0"}
    document = {"openapi": "3.0.0", "info": {"title": "t", "version": "1"},
                "paths": {"/a": {"post": {"requestBody": {"content": {"application/json": {
                    "schema": {"$ref": "#/components/schemas/S0"}}}},
                    "responses": {"200": {"description": "ok"}}}}},
                "components": {"schemas": schemas}}
    (repo / "api.json").write_text(json.dumps(document))
    (repo / "main.tf").write_text(PUBLIC_DB)


def xml_entities(repo: Path) -> None:
    (repo / "policy.xml").write_text(
        '<?xml version="1.0"?>\n<!DOCTYPE p [<!ENTITY a "aaaaaaaaaa">'
        '<!ENTITY b "&a;&a;&a;&a;&a;&a;&a;&a;&a;&a;"><!ENTITY c "&b;&b;&b;&b;&b;&b;&b;&b;">'
        '<!ENTITY x SYSTEM "file:///etc/passwd">]>\n'
        "<policies><inbound>&c;&x;</inbound><backend/><outbound/><on-error/></policies>\n")
    (repo / "main.tf").write_text(PUBLIC_DB)


def wrong_types(repo: Path) -> None:
    (repo / "kong.yaml").write_text(
        '_format_version: "3.0"\nservices:\n- name: s\n  url: https://x\n  routes: "oops"\n'
        "  plugins:\n  - name: rate-limiting\n    config: 'a string'\n  - 7\n"
        "consumers: {a: 1}\nplugins: [[1]]\n")
    (repo / "api.yaml").write_text(
        "openapi: 3.0.0\ninfo: {title: t, version: '1'}\npaths:\n  /a:\n    post:\n"
        "      requestBody: {content: 'a string'}\n      security: 'x'\n"
        "      parameters: [1, {in: 7, name: [x]}]\n      responses: [1]\n"
        "components: {securitySchemes: [1], schemas: 'x'}\nsecurity: {a: 1}\n")
    (repo / "pod.yaml").write_text(
        "apiVersion: v1\nkind: Pod\nmetadata: {name: p, annotations: [1]}\n"
        "spec:\n  containers: {a: 1}\n  hostNetwork: 'yes'\n  securityContext: []\n")
    (repo / "deploy.yaml").write_text(
        "apiVersion: apps/v1\nkind: Deployment\nmetadata: {name: d}\nspec:\n  template: 7\n")
    (repo / "main.tf").write_text(PUBLIC_DB)


def hostile_names(repo: Path) -> None:
    (repo / "c\n::error file=x::Compliance passed\n\x1b]0;x\x07d.tf").write_text(PUBLIC_DB)
    (repo / "::stop-commands::t.tf").write_text(PUBLIC_DB.replace('"db"', '"db2"'))


def names_that_are_not_utf8(repo: Path) -> None:
    """Names of other bytes (an archive from a Latin-1 machine): every report, fingerprint
    and cache entry is text, so they are named as not read, not carried along."""
    (repo / "main.tf").write_text(PUBLIC_DB)
    (repo / os.fsdecode(b"caf\xe9.tf")).write_text(PUBLIC_DB.replace('"db"', '"db2"'))
    (repo / os.fsdecode(b"d\xfcr")).mkdir()
    (repo / os.fsdecode(b"d\xfcr") / "pod.tf").write_text(PUBLIC_DB.replace('"db"', '"db3"'))


def crlf_pulumi_yaml(repo: Path) -> None:
    (repo / "Pulumi.yaml").write_bytes(
        b"name: p\r\nruntime: yaml\r\nresources:\r\n  db:\r\n    type: aws:rds:Instance\r\n"
        b"    properties:\r\n      publiclyAccessible: true\r\n      storageEncrypted: true\r\n")


def many_small_files(repo: Path) -> None:
    for i in range(1500):
        (repo / f"m{i}.tf").write_text(PUBLIC_DB.replace('"db"', f'"db{i}"'))


def waivers_with_costly_globs(repo: Path) -> None:
    (repo / "main.tf").write_text(PUBLIC_DB.replace('"db"', '"' + "a" * 5000 + '"'))
    (repo / ".compliance").mkdir()
    (repo / ".compliance" / "waivers.yaml").write_text("".join(
        f"- control: aws-rds-not-public\n  resource: '{'*a' * 40}*b{i}'\n"
        "  reason: r\n  owner: o\n  expires: 2999-01-01\n" for i in range(200)))


def padded_xml_suppression(repo: Path) -> None:
    (repo / "policy.xml").write_text(
        "<policies><inbound><!-- compliance:ignore=x" + " " * 200000 + "y\n"
        "<rate-limit calls=\"5\" renewal-period=\"60\"/></inbound><backend/><outbound/>"
        "<on-error/></policies>\n")
    (repo / "main.tf").write_text(PUBLIC_DB)


@dataclass
class Case:
    build: Callable[[Path], None]
    codes: tuple[int, ...]  # 1: failing findings; 3: an input was not read completely
    public_dbs: int = 1  # aws-rds-not-public failures the report must still hold

    @property
    def name(self) -> str:
        return self.build.__name__


CASES = [
    Case(deep_value_beside_public_db, (1, 3), public_dbs=3),
    Case(padded_past_the_size_cap, (3,), public_dbs=0),
    Case(one_bad_tfvars_value, (3,), public_dbs=1),
    Case(fifo_and_device, (3,)),
    Case(fifos_where_files_are_read_by_name, (1, 3)),
    Case(folders_nested_past_the_recursion_limit, (1,)),
    Case(symlinks_out_and_around, (3,)),
    Case(config_reaching_outside, (2,), public_dbs=0),
    Case(config_turning_the_scan_off, (3,), public_dbs=0),
    Case(reads_files_outside, (1, 3)),
    Case(catastrophic_patterns, (1, 3)),
    Case(values_that_double, (3,)),
    Case(huge_counts, (1, 3)),
    Case(yaml_bombs, (3,)),
    Case(recursive_openapi_refs, (1, 3)),
    Case(xml_entities, (3,)),
    Case(wrong_types, (1, 3)),
    Case(hostile_names, (1,), public_dbs=2),
    Case(names_that_are_not_utf8, (3,)),
    Case(crlf_pulumi_yaml, (1,)),
    Case(many_small_files, (1,), public_dbs=1500),
    Case(waivers_with_costly_globs, (1,)),
    Case(padded_xml_suppression, (1, 3)),
]


def _settled(repo: Path) -> None:
    """Every entry of the tree dated a minute back (links themselves, not what they point
    at): the scan's memo then stores its result, signing every place it read, as it does for
    a tree not just written (one changed less than `SETTLE_S` before is not stored). A FIFO
    the scan refused to read hung that signing until the memo opened files as the scan does."""
    past = time.time() - 60
    for folder, folders, files in walk_tree(repo):  # (rglob recurses once per level)
        for name in [*folders, *files]:
            os.utime(os.path.join(folder, name), (past, past), follow_symlinks=False)
    os.utime(repo, (past, past))


@pytest.mark.parametrize("case", CASES, ids=lambda case: case.name)
def test_a_hostile_tree_is_scanned_within_bounds(case, jail):
    case.build(jail / "repo")
    _settled(jail / "repo")
    before = _snapshot(jail)
    run = run_scan_process(jail)
    assert "Traceback" not in run.err and "Traceback" not in run.out, run.err[-3000:]
    assert run.peak_mb < MEMORY_LIMIT_MB, f"peak memory {run.peak_mb:.0f} MB"
    assert _snapshot(jail) == before, "the scan created or changed files outside the tree"
    assert CANARY_OUTSIDE not in run.out + run.err, "a file outside the tree was read"
    assert run.code in case.codes, (run.code, run.err[-2000:])
    if run.code in (1, 3):
        report = run.report
        public = [f for f in report["findings"]
                  if f["control"] == "aws-rds-not-public" and f["status"] == "fail"]
        assert len(public) == case.public_dbs, [f["resource"] for f in public]
        if run.code == 3:  # what was not read is named, with its file
            assert any(e.get("unread") for e in report["errors"]), report["errors"]
    for stream in (run.out, run.err):
        assert "\x1b" not in stream and "\x07" not in stream
        for line in stream.splitlines():
            assert not line.lstrip().startswith("::"), line
    # again, with nothing changed: the memo's answer (or the same scan) says the same
    again = run_scan_process(jail)
    assert again.code == run.code, (again.code, again.err[-2000:])
    if run.code in (1, 3):
        assert _findings(again.report) == _findings(run.report)
        assert again.report["errors"] == run.report["errors"]


def _findings(report: dict) -> list:
    return [(f["control"], f["status"], f["location"], f["fingerprint"])
            for f in report["findings"]]
