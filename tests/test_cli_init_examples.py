"""`compliance init` and the examples at the end of every command's --help."""

from __future__ import annotations

import shlex
from pathlib import Path

import click
import pytest
from click.testing import CliRunner
from test_cli import command_tree

from compliance.catalog.controls import load_catalog
from compliance.cli.examples import EXAMPLES
from compliance.cli.main import main
from compliance.config.project import load_config
from compliance.results.waivers import load_waivers


def _options(command: click.Command) -> set[str]:
    return {opt for param in command.params for opt in (*param.opts, *param.secondary_opts)}


@pytest.mark.parametrize("path,command", list(command_tree(main)))
def test_every_command_has_examples_that_it_accepts(path, command):
    assert path in EXAMPLES, f"`compliance {path}` has no examples in compliance/cli/examples.py"
    help_text = CliRunner().invoke(main, [*path.split(), "--help"]).output
    assert "Examples:" in help_text
    for line in EXAMPLES[path]:
        assert line in help_text
        words = shlex.split(line.split(" && ")[-1].split("#")[0])
        assert words[:1 + len(path.split())] == ["compliance", *path.split()], line
        target = _reached(words[1:])
        for word in words:
            if word.startswith("--"):
                assert word.split("=")[0] in _options(target), f"{line}: no option {word}"


def _reached(words: list[str]) -> click.Command:
    """The command a command line runs: `controls list ...` runs `list`, not `controls`."""
    command: click.Command = main
    for word in words:
        found = (command.get_command(click.Context(command), word)
                 if isinstance(command, click.Group) else None)
        if found is None:
            break
        command = found
    return command


def test_examples_name_real_controls():
    ids = {control.id for control in load_catalog().controls}
    named = {word for lines in EXAMPLES.values() for line in lines
             for word in shlex.split(line.split("#")[0])
             if word.startswith(("aws-", "k8s-")) and "*" not in word}
    assert named and named <= ids, named - ids


def test_init_writes_files_that_load(tmp_path):
    run = CliRunner().invoke(main, ["init", str(tmp_path), "--framework", "pci-dss",
                                    "--framework", "soc2", "--fail-on", "high"])
    assert run.exit_code == 0, run.output
    config = load_config(tmp_path / ".compliance.yaml")
    assert list(config.values["frameworks"]) == ["pci-dss", "soc2"]
    assert config.values["fail_on"] == "high"
    assert config.values["waivers"] == tmp_path / ".compliance" / "waivers.yaml"
    assert load_waivers(tmp_path / ".compliance" / "waivers.yaml", "w", ["x"]) == []
    assert f"wrote {tmp_path / '.compliance.yaml'}" in run.output


def test_init_then_scan_uses_the_config(tmp_path):
    (tmp_path / "main.tf").write_text('resource "aws_s3_bucket" "b" {\n  bucket = "b"\n}\n')
    assert CliRunner().invoke(main, ["init", str(tmp_path), "--fail-on", "none"]).exit_code == 0
    scan = CliRunner().invoke(main, ["scan", str(tmp_path), "--no-cache", "-q"])
    assert scan.exit_code == 0, scan.output  # fail_on: none from the starter file


def test_init_keeps_existing_files_unless_forced(tmp_path):
    config = tmp_path / ".compliance.yaml"
    config.write_text("fail_on: critical\n")
    run = CliRunner().invoke(main, ["init", str(tmp_path)])
    assert run.exit_code == 2 and "already exists" in run.output
    assert config.read_text() == "fail_on: critical\n"
    assert not (tmp_path / ".compliance" / "waivers.yaml").exists()
    forced = CliRunner().invoke(main, ["init", str(tmp_path), "--force"])
    assert forced.exit_code == 0 and "fail_on: low" in config.read_text()


def test_init_unknown_framework_is_a_usage_error(tmp_path):
    run = CliRunner().invoke(main, ["init", str(tmp_path), "--framework", "pci"])
    assert run.exit_code == 2 and "no framework 'pci'" in run.output
    assert not Path(tmp_path / ".compliance.yaml").exists()
