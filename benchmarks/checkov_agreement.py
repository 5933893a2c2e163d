#!/usr/bin/env python3
"""How many of checkov's failures in our categories we fail too, on public repositories.

Runs checkov (from its own environment) and `compliance` on the same folders, keeps checkov's
failed checks whose category is one of ours (controls/checkov-mapping.yaml maps each check to
a control, and so a category, or to a category alone), and matches them with our failing
findings by (file, resource, category). Prints, per folder and platform, how many of checkov's
failures we also fail, and lists the others so they can be read one by one: a missing control,
a checkov false positive, or a deliberate difference.

    python benchmarks/checkov_agreement.py REPO [REPO ...] --checkov-bin PATH [--json OUT]

checkov cannot share our environment (see README, "Using checkov's findings"); give the binary
of its own (`.ci/run` installs one at $TMPDIR/compliance-checkov-venv). Repositories to try are
listed in docs/checkov-agreement.md with their commits and the latest figures; fetch them,
do not commit them.
"""

from __future__ import annotations

import argparse
import json
import os
import sys
from collections import defaultdict
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parents[1]))

from compliance.catalog.controls import load_catalog  # noqa: E402
from compliance.model import Status  # noqa: E402
from compliance.pipeline import checkov  # noqa: E402
from compliance.pipeline.scan import ScanOptions, run_scan  # noqa: E402

Key = tuple[str, str, str]  # (file, resource, category)


def k8s_resource(address: str, checkov_form: bool) -> str:
    """`Kind/namespace/name` for both tools, as `--with-checkov` merges them."""
    if checkov_form:
        address = checkov.kubernetes_address(address)
    return checkov.same_object(address)


def theirs(report, root: Path, categories: dict[str, str]) -> dict[Key, set[str]]:
    found: dict[Key, set[str]] = defaultdict(set)
    table = checkov.mapping()
    for check in checkov.failed_checks(report):
        entry = table.get(check["check_id"]) or {}
        category = categories.get(entry.get("control", ""), entry.get("category"))
        if entry.get("out_of_scope"):
            category = None
        if category is None:
            continue  # not one of our categories
        platform = "kubernetes" if check.get("check_type") == "kubernetes" else "terraform"
        resource = str(check.get("resource") or "")
        if platform == "kubernetes":
            resource = k8s_resource(resource, checkov_form=True)
        elif check.get("check_type") == "cloudformation":
            # by logical ID: a finding of ours may be on a resource split off this one
            resource = checkov.template_resource(checkov.cloudformation_address(resource))
        else:
            resource = checkov.terraform_address(check)
        file = checkov._relpath(check, root)
        if file.startswith(root.name + "/") and not (root / file).exists():
            file = file[len(root.name) + 1:]  # checkov names files from where it ran
        found[(file, resource, category)].add(check["check_id"])
    return found


def ours(root: Path, catalog) -> dict[Key, set[str]]:
    result = run_scan([root], catalog, options=ScanOptions(cache_dir=None))
    found: dict[Key, set[str]] = defaultdict(set)
    for finding in result.findings:
        if finding.status is not Status.FAIL:
            continue
        resource = finding.resource.address
        # a manifest's object (Terraform's kubernetes_* resources keep their Terraform address)
        if finding.resource.platform == "kubernetes" and "/" in resource:
            resource = k8s_resource(resource, checkov_form=False)
        elif finding.resource.platform == "cloudformation":
            resource = checkov.template_resource(resource)
        found[(finding.resource.location.file, resource, finding.category)].add(finding.control)
    return found


def _same_resource(key: Key) -> list[Key]:
    """The key, and the same with the resource's count index `[0]` added or dropped: checkov
    writes a resource with `count = 1` sometimes with its index, sometimes without
    (`module.eks.aws_eks_cluster.this` beside `module.disabled_eks.aws_eks_cluster.this[0]`)."""
    file, resource, category = key
    other = resource[:-3] if resource.endswith("[0]") else resource + "[0]"
    return [key, (file, other, category)]


def _some_instance(key: Key, our: dict[Key, set[str]]) -> bool:
    """checkov does not expand `for_each` (or a `count` above 1) inside modules: it writes one
    resource without an instance key (`module.api.aws_apigatewayv2_route.this`) that stands for
    all of them, the same resource as our findings on `...this["GET /orders"]`."""
    file, resource, category = key
    if resource.endswith("]"):
        return False
    return any(f == file and c == category and r.startswith(resource + "[")
               and r.rfind("[") == len(resource) for f, r, c in our)


def _workload_pod(key: Key, our: dict[Key, set[str]]) -> bool:
    """checkov's graph checks (CKV2_K8S_6) judge a Pod they make of each workload's template,
    named `Pod/<namespace>/<workload name>` or `<workload name>.<label>-<value>`: the same
    pods as our finding on the workload itself (same file and category)."""
    file, resource, category = key
    kind, _, rest = resource.partition("/")
    if kind != "Pod" or rest.count("/") != 1:
        return False
    namespace, name = rest.split("/")
    workload = name.partition(".")[0]
    return any(f == file and c == category and r.split("/")[1:] == [namespace, workload]
               for f, r, c in our if r.count("/") == 2)


def _platform(key: Key) -> str:
    file, resource, _ = key
    if file.endswith(".tf"):
        return "terraform"
    if resource.count("/") >= 1:
        return "kubernetes"
    return "cloudformation" if file.endswith((".yaml", ".yml", ".json", ".template")) \
        else "terraform"


def _sam_stage(key: Key, our: dict[Key, set[str]]) -> bool:
    """checkov judges a SAM API's stage settings (access logs, tracing) on the
    `AWS::Serverless::Api` itself; SAM creates a stage `<Api><StageName>Stage` (or
    `<Api>ApiGatewayDefaultStage`) from them, where our finding is. Both sides name template
    resources by logical ID."""
    file, name, category = key
    return _platform(key) == "cloudformation" and any(
        f == file and c == category and r != name and r.startswith(name) and r.endswith("Stage")
        for f, r, c in our)


def compare(root: Path, checkov_bin: str, catalog) -> dict:
    categories = {c.id: c.category for c in catalog.controls}
    report = checkov.run([root.resolve()], checkov_bin)
    their = theirs(report, root.resolve(), categories)
    our = ours(root.resolve(), catalog)
    by_platform: dict[str, dict] = defaultdict(lambda: {"checkov": 0, "also_ours": 0,
                                                        "missed": []})
    for key, checks in sorted(their.items()):
        platform = _platform(key)
        row = by_platform[platform]
        row["checkov"] += 1
        if any(same in our for same in _same_resource(key)) or _workload_pod(key, our) \
                or _some_instance(key, our) or _sam_stage(key, our):
            row["also_ours"] += 1
        else:
            row["missed"].append({"file": key[0], "resource": key[1], "category": key[2],
                                  "checkov": sorted(checks)})
    return {"folder": str(root), "platforms": dict(by_platform)}


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("folders", nargs="+", type=Path)
    parser.add_argument("--checkov-bin", default=os.environ.get("COMPLIANCE_CHECKOV_BIN",
                                                                "checkov"))
    parser.add_argument("--json", type=Path, help="also write the comparison as JSON")
    parser.add_argument("--list", action="store_true", help="list checkov's failures we miss")
    args = parser.parse_args(argv)
    catalog = load_catalog()
    results = [compare(folder, args.checkov_bin, catalog) for folder in args.folders]
    total = [0, 0]
    print("| folder | platform | checkov failures (our categories) | also ours | share |")
    print("|---|---|---:|---:|---:|")
    for result in results:
        for platform, row in sorted(result["platforms"].items()):
            share = 100.0 * row["also_ours"] / row["checkov"] if row["checkov"] else 100.0
            total[0] += row["checkov"]
            total[1] += row["also_ours"]
            print(f"| {Path(result['folder']).name} | {platform} | {row['checkov']} | "
                  f"{row['also_ours']} | {share:.0f}% |")
    if total[0]:
        print(f"| all | | {total[0]} | {total[1]} | {100.0 * total[1] / total[0]:.0f}% |")
    if args.list:
        for result in results:
            for platform, row in sorted(result["platforms"].items()):
                for miss in row["missed"]:
                    print(f"{Path(result['folder']).name}\t{platform}\t{miss['category']}\t"
                          f"{miss['file']}\t{miss['resource']}\t{','.join(miss['checkov'])}")
    if args.json:
        args.json.write_text(json.dumps(results, indent=2) + "\n")
    return 0


if __name__ == "__main__":
    sys.exit(main())
