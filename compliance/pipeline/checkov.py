"""checkov's findings, mapped onto our controls, categories and framework requirements.

checkov runs as a separate program (it cannot share our environment: its pins conflict with
ours), on the same paths; its `-o json` report is read and each failed check becomes a finding:

* a check mapped to one of our controls (controls/checkov-mapping.yaml) takes the control's id,
  title, category and severity, so it counts toward the control's framework requirements;
  where our own finding already fails the same control on the same resource, the two become one
  finding whose `check` names both (`rest-method, checkov:CKV_AWS_59`);
* a check mapped to a category alone keeps checkov's id and name, under that category;
* any other check keeps checkov's id and name with category `unmapped`.
"""

from __future__ import annotations

import json
import os
import re
import shutil
import subprocess
from dataclasses import replace
from functools import lru_cache
from pathlib import Path
from typing import Any, Iterable

import yaml

from compliance import data_dir
from compliance.model import Catalog, Evidence, Finding, Location, Resource, ScanError, Status

UNMAPPED = "unmapped"
DEFAULT_TIMEOUT_S = 1800
_PLATFORMS = {"terraform": "terraform", "terraform_plan": "terraform", "kubernetes": "kubernetes",
              "helm": "kubernetes", "kustomize": "kubernetes", "cloudformation": "cloudformation"}
# SAM types checkov names -> the CloudFormation type their main resource becomes (resolve/
# cloudformation/sam.py), so both tools name a resource alike
_SAM_TYPES = {"AWS::Serverless::Function": "AWS::Lambda::Function",
              "AWS::Serverless::Api": "AWS::ApiGateway::RestApi",
              "AWS::Serverless::HttpApi": "AWS::ApiGatewayV2::Api",
              "AWS::Serverless::SimpleTable": "AWS::DynamoDB::Table",
              "AWS::Serverless::StateMachine": "AWS::StepFunctions::StateMachine"}


class CheckovError(Exception):
    pass


class MappingError(Exception):
    """A checkov mapping file is broken: a check mapped twice, or an entry of no known form."""


@lru_cache(maxsize=1)
def mapping() -> dict[str, dict[str, str]]:
    """checkov check id -> {control: id} or {category: ...} or {out_of_scope: why}, from
    controls/checkov-mapping.yaml and every file of controls/checkov/ (one per platform or
    provider, so the mapping of each can grow on its own)."""
    folder = data_dir("controls")
    files = [folder / "checkov-mapping.yaml", *sorted((folder / "checkov").glob("*.yaml"))]
    table: dict[str, dict[str, str]] = {}
    seen: dict[str, str] = {}
    for path in files:
        if not path.is_file():
            continue
        with path.open(encoding="utf-8") as stream:
            checks = (yaml.safe_load(stream) or {}).get("checks") or {}
        for check_id, entry in checks.items():
            if check_id in seen:
                raise MappingError(f"{path.name}: {check_id} is also mapped in {seen[check_id]}")
            seen[check_id] = path.name
            table[check_id] = entry
    return table


def failed_checks(report: Any) -> list[dict[str, Any]]:
    """Every failed check of a checkov JSON report (one framework: an object; several: a
    list of them), with its `check_type`."""
    reports = report if isinstance(report, list) else [report]
    out = []
    for item in reports:
        if not isinstance(item, dict):
            continue
        results = item.get("results") or {}
        for check in results.get("failed_checks") or []:
            if isinstance(check, dict) and check.get("check_id"):
                out.append({**check, "check_type": item.get("check_type", "")})
    return out


def _relpath(check: dict[str, Any], root: Path | None) -> str:
    absolute = check.get("file_abs_path")
    if absolute and root is not None:
        try:
            return Path(absolute).resolve().relative_to(root.resolve()).as_posix()
        except ValueError:
            pass
    return str(check.get("file_path") or "").lstrip("/")


def to_findings(report: Any, catalog: Catalog, root: Path | None = None) -> list[Finding]:
    table = mapping()
    findings = []
    for check in failed_checks(report):
        check_id = check["check_id"]
        lines = check.get("file_line_range") or [0, 0]
        start, end = (int(lines[0] or 0), int(lines[-1] or 0)) if lines else (0, 0)
        address = str(check.get("resource") or "")
        rtype, _, name = address.partition(".")
        platform = _PLATFORMS.get(check.get("check_type", ""), "terraform")
        if platform == "kubernetes":
            address = kubernetes_address(address)
        elif platform == "terraform":
            address = terraform_address(check)
        elif platform == "cloudformation":
            address = cloudformation_address(address)
            rtype, _, name = address.partition(".")
        resource = Resource(platform=platform,
                            type=rtype, name=name or address, address=address, attributes={},
                            location=Location(_relpath(check, root), start, end),
                            scope=_relpath(check, root))
        name_ = check.get("check_name") or check_id
        evidence = Evidence("", None, f"checkov {check_id}: {name_}", start or None)
        entry = table.get(check_id) or {}
        if entry.get("out_of_scope"):
            continue  # outside API security, by decision (the entry says why)
        control = catalog.by_id.get(entry.get("control", "")) if entry.get("control") else None
        if control is not None:
            findings.append(Finding(control.id, f"checkov:{check_id}", control.title,
                                    control.category, control.severity, Status.FAIL, resource,
                                    evidence))
        else:
            category = entry.get("category") or UNMAPPED
            severity = str(check.get("severity") or "").lower()
            if severity not in ("low", "medium", "high", "critical"):
                severity = "medium" if category != UNMAPPED else "low"
            findings.append(Finding(check_id, f"checkov:{check_id}", name_, category, severity,
                                    Status.FAIL, resource, evidence))
    return findings


_MODULES = re.compile(r"((?:module\.[^.\[]+(?:\[[^\]]*\])?\.)*)(.*)", re.S)


def terraform_address(check: dict[str, Any]) -> str:
    """Our address of a Terraform resource checkov failed: checkov names a data source without
    `data.` (`module.eks.aws_iam_policy_document.x` is ours
    `module.eks.data.aws_iam_policy_document.x`); its check class says which it is."""
    address = str(check.get("resource") or "")
    if ".checks.data." not in str(check.get("check_class") or ""):
        return address
    modules, rest = _MODULES.fullmatch(address).groups()
    return address if rest.startswith("data.") else f"{modules}data.{rest}"


def cloudformation_address(checkov_resource: str) -> str:
    """Ours for a CloudFormation resource checkov failed: `AWS::S3::Bucket.Logs` is
    `aws_s3_bucket.Logs`, through the same table our resources are mapped with."""
    from compliance.resolve.cloudformation.shape import terraform_type

    cfn_type, _, name = checkov_resource.partition(".")
    return f"{terraform_type(_SAM_TYPES.get(cfn_type, cfn_type))}.{name}"


def kubernetes_address(checkov_resource: str) -> str:
    """checkov's `Kind.namespace.name` as we write it, `Kind/namespace/name` (a kind and a
    namespace hold no dot; a name may)."""
    kind, _, rest = checkov_resource.partition(".")
    namespace, _, name = rest.partition(".")
    return f"{kind}/{namespace}/{name}" if name else checkov_resource


def same_object(address: str) -> str:
    """A Kubernetes address in one form for both tools: checkov puts an object without a
    namespace (cluster-scoped, or none written) in `default`; we leave the namespace out."""
    parts = address.split("/")
    return f"{parts[0]}/default/{parts[1]}" if len(parts) == 2 else address


def template_resource(address: str) -> str:
    """The template resource a CloudFormation address stands for: a resource split off a
    property of its parent (`aws_s3_bucket_acl.Site_access_control`) is the parent's, `Site`,
    which is where checkov reports it (logical IDs are alphanumeric: `_` starts the property)."""
    return address.partition(".")[2].partition("_")[0]


def _key(finding: Finding) -> tuple[str, str, str]:
    address = finding.resource.address
    if finding.resource.platform == "kubernetes":
        address = same_object(address)
    elif finding.resource.platform == "cloudformation":
        address = template_resource(address)
    return finding.control, finding.resource.location.file, address


def merge(ours: list[Finding], theirs: Iterable[Finding]) -> list[Finding]:
    """Ours plus checkov's; a checkov finding on the same resource (file and address) and
    control as one of ours is folded into ours, whose `check` then names both."""
    merged = list(ours)
    index = {_key(f): i for i, f in enumerate(merged) if f.status in (Status.FAIL, Status.WAIVED)}
    seen: set[tuple[str, str]] = set()
    for finding in theirs:
        key = _key(finding)
        if (finding.check, key) in seen:
            continue
        seen.add((finding.check, key))
        at = index.get(key)
        if at is not None:
            mine = merged[at]
            if finding.check not in mine.check.split(", "):
                merged[at] = replace(mine, check=f"{mine.check}, {finding.check}")
        else:
            merged.append(finding)
            index[key] = len(merged) - 1
    return merged


def apply(result, report: Any, frameworks=None, framework_ids: tuple[str, ...] = ()):
    """The scan result with checkov's findings merged in and the frameworks re-evaluated."""
    from compliance.catalog.frameworks import default_frameworks
    from compliance.results.frameworks import evaluate_frameworks

    catalog_like = _CatalogView(result.controls)
    findings = merge(result.findings, to_findings(report, catalog_like, result.root))
    result.findings = findings
    if frameworks is None:
        frameworks = default_frameworks()
    result.frameworks = evaluate_frameworks(frameworks, framework_ids, findings, result.controls)
    return result


class _CatalogView:
    """The controls of a scan, looked up by id (only these map checkov's findings)."""

    def __init__(self, controls):
        self.by_id = {c.id: c for c in controls}


def scrubbed_env() -> dict[str, str]:
    env = dict(os.environ)
    env.setdefault("BC_SKIP_MAPPING", "TRUE")  # no download of checkov's guidelines
    return env


def missing(checkov_bin: str) -> str | None:
    """Why `checkov_bin` can't be run (not found, not executable), or None. Asked before a
    scan: a user who asked for checkov's findings gets a usage error, not a scan without them."""
    found = shutil.which(checkov_bin)
    if found is None:
        return (f"checkov not found ({checkov_bin}): --with-checkov runs checkov from an "
                "environment of its own; install it there (pipx install checkov) and give its "
                "path with --checkov-bin if it is not on PATH")
    return None


def run(paths: list[Path], checkov_bin: str = "checkov",
        timeout_s: int = DEFAULT_TIMEOUT_S) -> Any:
    """Run checkov on `paths` (folders with -d, files with -f) and return its JSON report."""
    command = [checkov_bin, "-o", "json", "--quiet", "--compact",
               "--framework", "terraform", "kubernetes", "cloudformation", "--skip-download"]
    for path in paths:
        command += ["-d" if path.is_dir() else "-f", str(path)]
    try:
        completed = subprocess.run(command, capture_output=True, text=True, timeout=timeout_s,
                                   env=scrubbed_env(), stdin=subprocess.DEVNULL)
    except FileNotFoundError:
        raise CheckovError(f"checkov not found ({checkov_bin}); install it beside us "
                           "(pipx install checkov) or give --checkov-bin") from None
    except subprocess.TimeoutExpired:
        raise CheckovError(f"checkov took longer than {timeout_s} s; stopped") from None
    if completed.returncode not in (0, 1):
        raise CheckovError(f"checkov failed (exit {completed.returncode}): "
                           f"{completed.stderr.strip().splitlines()[-1:] or ''}")
    text = completed.stdout.strip()
    if not text:
        return []
    try:
        return json.loads(text)
    except json.JSONDecodeError:
        raise CheckovError("checkov's output is not JSON") from None


def load_report(path: Path) -> Any:
    try:
        return json.loads(path.read_text("utf-8"))
    except (OSError, UnicodeDecodeError, json.JSONDecodeError) as exc:
        raise CheckovError(f"{path}: not a checkov JSON report ({exc})") from None


def error_entry(exc: CheckovError) -> ScanError:
    return ScanError("checkov", None, str(exc))
