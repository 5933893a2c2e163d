"""Examples shown at the end of each command's `--help`, kept as data in one place so that
every command has some and a test can check each one names options the command really has."""

from __future__ import annotations

import click

# command path (as typed after `compliance`) -> example command lines
EXAMPLES: dict[str, tuple[str, ...]] = {
    "init": (
        "compliance init --framework pci-dss --framework soc2",
    ),
    "scan": (
        "compliance scan                                  # the current folder, failing findings",
        "compliance scan infra/ --framework pci-dss --fail-on high",
        "compliance scan . -o report.json -o report.sarif -o report.html",
        "compliance scan . --check 'aws-*' --skip-check aws-s3-access-logging",
        "compliance scan . --baseline .compliance/baseline.json --format sarif -o new.sarif",
        "compliance scan . --workers 1 --time-budget 600  # a busy runner: one process, 10 min",
    ),
    "diff": (
        "compliance diff --base origin/main",
        "compliance diff --base origin/main --format markdown -o comment.md --fail-on-new high",
    ),
    "baseline": (
        "compliance baseline create . -o .compliance/baseline.json",
    ),
    "baseline create": (
        "compliance baseline create . -o .compliance/baseline.json",
    ),
    "evidence": (
        "compliance evidence . --framework soc2 -o pack.zip",
        "compliance evidence infra/ --framework pci-dss --framework iso27001 -o pack.zip",
    ),
    "verify": (
        "compliance verify pack.zip",
    ),
    "history": (
        "compliance history --branch main --since 30d",
        "compliance history --framework pci-dss --format json",
    ),
    "history import": (
        "compliance history import reports/*.json --branch main",
    ),
    "history prune": (
        "compliance history prune --keep-days 365",
    ),
    "trend": (
        "compliance trend --framework soc2",
        "compliance trend --framework pci-dss -o trend.html --fail-on-regression 2",
    ),
    "import": (
        "compliance import checkov checkov.json --framework hipaa",
    ),
    "import checkov": (
        "checkov -d . -o json > checkov.json && compliance import checkov checkov.json",
    ),
    "controls": (
        "compliance controls list --category authn",
        "compliance controls show aws-apigw-waf",
    ),
    "controls list": (
        "compliance controls list --category authn",
        "compliance controls list --format json",
    ),
    "controls show": (
        "compliance controls show aws-apigw-waf",
    ),
    "controls test": (
        "compliance controls test my-controls/",
    ),
    "frameworks": (
        "compliance frameworks list",
        "compliance frameworks show pci-dss",
    ),
    "frameworks list": (
        "compliance frameworks list",
    ),
    "frameworks show": (
        "compliance frameworks show soc2 --verbose",
    ),
}


def add_examples(command: click.Command, path: str) -> None:
    """Set the epilog of `command` (typed as `compliance PATH`) and of its subcommands to their
    examples; a command that has its own epilog keeps it."""
    lines = EXAMPLES.get(path)
    if lines and not command.epilog:
        command.epilog = "\b\nExamples:\n" + "\n".join(f"  {line}" for line in lines)
    if isinstance(command, click.Group):
        for name, subcommand in command.commands.items():
            add_examples(subcommand, f"{path} {name}")
