"""The `compliance` command: the group and its subcommands, each in a module of its own."""

from __future__ import annotations

import os
import sys
from importlib import import_module
from typing import NoReturn

import click

from compliance import __version__

# Each command's module, imported only when that command runs (or --help lists them): start-up
# time is a tracked target, and `--version` needs none of them.
COMMANDS = {"scan": "scan", "controls": "catalog", "frameworks": "catalog", "diff": "diff",
            "baseline": "diff", "evidence": "evidence", "verify": "evidence",
            "history": "history", "trend": "history", "import": "importing", "init": "init"}
_ATTRIBUTES = {"import": "import_group"}


class _Group(click.Group):
    def list_commands(self, ctx: click.Context) -> list[str]:
        return sorted(COMMANDS)

    def get_command(self, ctx: click.Context | None, cmd_name: str) -> click.Command | None:
        if cmd_name not in COMMANDS:
            return None
        from compliance.cli.examples import add_examples

        module = import_module(f"compliance.cli.{COMMANDS[cmd_name]}")
        command = getattr(module, _ATTRIBUTES.get(cmd_name, cmd_name))
        add_examples(command, cmd_name)
        return command

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
    # unchanged ones need not be read as YAML at all (the folder found when first used: a
    # command given --cache-dir moves them there before)
    schema_memo.enable(default_cache_dir)
    compiled.enable(default_cache_dir)


def run() -> NoReturn:
    """The `compliance` command as installed (and `python -m compliance`): `main`, then an
    exit that skips the interpreter's teardown.

    Freeing a scan's objects and ~250 modules one by one at exit takes 20-30 ms on a small
    repository and 0.1-0.3 s after a scan of the benchmark corpus. Every file the commands
    write is closed when they return and the output streams are flushed here, so what is left
    of an exit is the exit handlers (logging's flush and multiprocessing's clean-up, which a
    scan that parsed in worker processes has imported), run here as the interpreter would run
    them, and that freeing. The interpreter exits as usual when another thread runs, or when a
    profiler or tracer (coverage) waits to write its data."""
    try:
        main()
    except SystemExit as done:
        _exit(done.code)
    raise AssertionError("click's standalone main always exits")  # pragma: no cover


def _exit(code: object) -> NoReturn:
    import atexit
    import threading

    run_handlers = getattr(atexit, "_run_exitfuncs", None)  # CPython's, as at a normal exit
    if not isinstance(code, (int, type(None))) or run_handlers is None \
            or threading.active_count() > 1 \
            or sys.getprofile() is not None or sys.gettrace() is not None:
        sys.exit(code)
    try:
        run_handlers()  # a handler that raises is reported and the others run, as usual
        for stream in (sys.stdout, sys.stderr):
            if stream is not None:
                stream.flush()
    except Exception:  # noqa: BLE001 - the interpreter reports it (a closed pipe: status 120)
        sys.exit(code)
    os._exit(code or 0)


if __name__ == "__main__":  # pragma: no cover
    run()
