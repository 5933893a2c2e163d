#!/usr/bin/env python3
"""How many controls each cloud platform has in each category, and which categories a platform
leaves out on purpose (controls/coverage-exceptions.yaml, with the reason).

    python tools/catalog/coverage.py            # the table, as docs/catalog-coverage.md shows it

A control counts for a platform when one of its checks reads that platform's resources:
Terraform `aws_*` (AWS), `azurerm_*` (Azure), `google_*` (Google Cloud), and the Kubernetes
platform (manifests, and Terraform's kubernetes_* resources through the same controls).
"""

from __future__ import annotations

import sys
from collections import Counter, defaultdict
from pathlib import Path

import yaml

sys.path.insert(0, str(Path(__file__).resolve().parents[2]))

from compliance import data_dir  # noqa: E402
from compliance.catalog.controls import load_catalog  # noqa: E402

PLATFORMS = {"aws": "AWS", "azure": "Azure", "gcp": "Google Cloud", "kubernetes": "Kubernetes"}
_PREFIXES = {"aws_": "aws", "azurerm_": "azure", "google_": "gcp"}
MINIMUM = 3


def platforms_of(control) -> set[str]:
    found = set()
    for check in control.checks:
        if check.platform == "kubernetes":
            found.add("kubernetes")
        elif check.platform in ("terraform", "pulumi"):
            for resource_type in check.resource_types:
                bare = resource_type.removeprefix("data.")
                found.update(p for prefix, p in _PREFIXES.items() if bare.startswith(prefix))
    return found


def counts(catalog) -> dict[str, Counter]:
    table: dict[str, Counter] = defaultdict(Counter)
    for control in catalog.controls:
        for platform in platforms_of(control):
            table[platform][control.category] += 1
    return table


def exceptions() -> dict[str, dict[str, str]]:
    """platform -> category -> why no control of that platform belongs there."""
    path = data_dir("controls") / "coverage-exceptions.yaml"
    return yaml.safe_load(path.read_text("utf-8"))["exceptions"]


def markdown(catalog) -> str:
    table, left_out = counts(catalog), exceptions()
    categories = sorted({c.category for c in catalog.controls})
    lines = ["| category | " + " | ".join(PLATFORMS.values()) + " |",
             "|---|" + "---:|" * len(PLATFORMS)]
    for category in categories:
        cells = []
        for platform in PLATFORMS:
            count = table[platform][category]
            cells.append(f"{count} (n/a)" if category in left_out.get(platform, {})
                         else str(count))
        lines.append(f"| {category} | " + " | ".join(cells) + " |")
    lines.append("| **all** | " + " | ".join(str(sum(table[p].values())) for p in PLATFORMS)
                 + " |")
    return "\n".join(lines) + "\n"


if __name__ == "__main__":
    print(f"{len(load_catalog().controls)} controls\n")
    print(markdown(load_catalog()))
