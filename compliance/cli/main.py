"""The `compliance` command: the group and its subcommands, each in a module of its own."""

from __future__ import annotations

import click

from compliance import __version__
from compliance.cli.catalog import controls, frameworks
from compliance.cli.diff import baseline, diff
from compliance.cli.evidence import evidence, verify
from compliance.cli.history import history, trend
from compliance.cli.importing import import_group
from compliance.cli.scan import scan


class _Group(click.Group):
    def invoke(self, ctx: click.Context):
        """A scan stopped by its time or memory budget: its result is incomplete (exit 3)."""
        from compliance.cli.exit_codes import UNREAD
        from compliance.pipeline.scan import ScanOverBudget

        try:
            return super().invoke(ctx)
        except ScanOverBudget as exc:
            click.echo(f"error: {exc}; nothing is reported for this scan", err=True)
            ctx.exit(UNREAD)


@click.group(cls=_Group,
             context_settings={"help_option_names": ["-h", "--help"], "max_content_width": 100})
@click.version_option(__version__, "--version", prog_name="compliance")
def main() -> None:
    """Check infrastructure code (Terraform, Kubernetes, Pulumi) and API gateway configurations
    (OpenAPI, Kong, Azure API Management) against API-security controls, mapped to GDPR, HIPAA,
    PCI DSS, SOC 2 and ISO/IEC 27001 requirements.

    \b
    Typical use:
      compliance scan .                       scan a repository, print failing findings
      compliance scan . --framework pci-dss --format html -o report.html
      compliance diff --base origin/main      what a pull request changes
      compliance evidence . --framework soc2 -o pack.zip
      compliance controls list --category authn
    """
    from compliance.catalog import compiled, schema_memo
    from compliance.parse.cache import default_cache_dir

    # the catalog and framework files that passed their schema need not be checked again, and
    # unchanged ones need not be read as YAML at all
    schema_memo.enable(default_cache_dir())
    compiled.enable(default_cache_dir())


for command in (scan, controls, frameworks, diff, baseline, evidence, verify, history, trend,
                import_group):
    main.add_command(command)

if __name__ == "__main__":  # pragma: no cover
    main()
