"""`compliance init`: a starter configuration file and waivers file for a repository.

The files are written from text (not dumped from data) so that every option a team is likely to
want is there as a comment to uncomment, next to the flag it replaces.
"""

from __future__ import annotations

from pathlib import Path

import click

from compliance.cli.common import fail_usage
from compliance.config.project import CONFIG_FILE
from compliance.model import SEVERITIES
from compliance.results.waivers import DEFAULT_WAIVERS_FILE

_CONFIG = """\
# compliance: defaults for `compliance scan`, `evidence`, `diff` and `baseline create`.
# An option given on the command line wins over this file. Every key is described in the
# README ("Configuration file"); a wrong key or value is an error naming this file and line.
{frameworks_line}
fail_on: {fail_on}                 # --fail-on: the lowest severity that fails the scan
waivers: {waivers}  # --waivers: accepted findings, with owner and expiry
# skip_paths: [vendor, "test/*"]   # --skip-path: folders or globs not scanned
# var_files: [env/prod.tfvars]     # --var-file: Terraform variable values, in order
# checks: ['aws-*', 'k8s-*']       # --check: only these controls (ids or globs)
# skip_checks: [k8s-image-tag-pinned]  # --skip-check
# format: table                    # --format
# max_file_size: 10M               # --max-file-size
"""

_WAIVERS = """\
# Accepted findings: each needs a reason and an owner; an expired waiver stops applying.
# See the README ("Suppressions and waivers"). Example:
#
# - control: aws-apigw-waf
#   resource: "aws_api_gateway_stage.*"   # glob on the resource address
#   file: "legacy/*"                      # optional glob on the file, relative to the scan root
#   reason: internal API behind the VPN; WAF planned for next quarter
#   owner: platform-team
#   expires: 2027-09-30                   # optional, YYYY-MM-DD: the last day it applies
[]
"""


def _known_frameworks(ids: tuple[str, ...]) -> None:
    from compliance.catalog.frameworks import load_frameworks

    known = sorted(f.id for f in load_frameworks())
    for framework in ids:
        if framework not in known:
            raise click.BadParameter(f"no framework {framework!r}; known: {', '.join(known)}",
                                     param_hint="--framework")


@click.command()
@click.argument("path", required=False, default=".",
                type=click.Path(exists=True, file_okay=False, path_type=Path))
@click.option("--framework", "frameworks", multiple=True, metavar="ID",
              help="A framework to report on by default (repeatable): gdpr, hipaa, iso27001, "
                   "pci-dss, soc2.")
@click.option("--fail-on", type=click.Choice([*SEVERITIES, "none"]), default="low",
              show_default=True,
              help="The lowest severity of a failing finding that fails the scan (none: never).")
@click.option("--force", is_flag=True, help="Overwrite files that already exist.")
def init(path: Path, frameworks: tuple[str, ...], fail_on: str, force: bool) -> None:
    """Write a starter .compliance.yaml and .compliance/waivers.yaml in PATH (default: the
    current folder). Existing files are left alone unless --force."""
    _known_frameworks(frameworks)
    config = path / CONFIG_FILE
    waivers = path / DEFAULT_WAIVERS_FILE
    existing = [f for f in (config, waivers) if f.exists()]
    if existing and not force:
        fail_usage(*(f"{f} already exists; --force overwrites it" for f in existing))
    frameworks_line = (f"frameworks: [{', '.join(frameworks)}]   # --framework"
                       if frameworks else
                       "# frameworks: [pci-dss, soc2]    # --framework: requirements to report on")
    waivers.parent.mkdir(parents=True, exist_ok=True)
    config.write_text(_CONFIG.format(frameworks_line=frameworks_line, fail_on=fail_on,
                                     waivers=DEFAULT_WAIVERS_FILE), encoding="utf-8")
    waivers.write_text(_WAIVERS, encoding="utf-8")
    for written in (config, waivers):
        click.echo(f"wrote {written}", err=True)
    click.echo("next: compliance scan " + ("" if path == Path(".") else str(path)), err=True)
