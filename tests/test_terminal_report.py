"""The terminal report (`scan`, format table): most severe first, the terminal's width with
nothing cut, an excerpt of the deciding lines with secrets masked, colour only on a terminal,
and file contents inert with or without colour."""

from __future__ import annotations

import re
import sys

from click.testing import CliRunner

from compliance.cli import common
from compliance.cli.main import main

SECRET = "Zq8-planted-Secret-77"
DB = f'''resource "aws_db_instance" "orders" {{
  engine            = "postgres"
  username          = "orders"
  password          = "{SECRET}"
  storage_encrypted = false
  # [bold red]markup[/bold red] [link=https://evil.example]click[/link]
}}
'''
KMS = '''resource "aws_kms_key" "k" {
  enable_key_rotation = false
}
'''
SGR = re.compile(r"\x1b\[[0-9;]*m")


def scan(tmp_path, *args, color=False, width=80, env=None):
    """The report as `scan` prints it, on a terminal of `width` columns (colour or not)."""
    from compliance.cli import scan as scan_module

    original = scan_module.terminal_style
    scan_module.terminal_style = lambda no_color: (width, color and not no_color)
    try:
        # color: click passes colour codes on (as it does to a terminal)
        return CliRunner(env=env).invoke(main, ["scan", str(tmp_path), "--no-cache",
                                                "--no-config", *args], color=True)
    finally:
        scan_module.terminal_style = original


def test_a_secret_in_a_failing_block_is_masked_in_its_excerpt(tmp_path):
    (tmp_path / "main.tf").write_text(DB)
    for color in (False, True):
        result = scan(tmp_path, color=color)
        assert result.exit_code == 1, result.output
        assert SECRET not in result.output
        plain = SGR.sub("", result.output)
        # the storage_encrypted finding's excerpt shows the password line, masked
        block = plain.split("aws-rds-storage-encrypted", 1)[1].split("\n\n", 1)[0]
        assert '    4 |   password          = "********"' in block
        assert "  > 5 |   storage_encrypted = false" in block


def test_most_severe_first_then_file_and_line(tmp_path):
    (tmp_path / "a.tf").write_text(KMS)  # medium, in the first file
    (tmp_path / "b.tf").write_text(DB)  # high and medium
    lines = scan(tmp_path, width=100).output.splitlines()
    heads = [line.split()[:2] for line in lines
             if line.split() and line.split()[0] in ("CRITICAL", "HIGH", "MEDIUM", "LOW")]
    severities = [head[0] for head in heads]
    assert severities == sorted(severities, key=["CRITICAL", "HIGH", "MEDIUM", "LOW"].index)
    assert heads[0] == ["HIGH", "tf-resource-literal-secret"]  # b.tf:4
    assert heads[1] == ["HIGH", "aws-rds-storage-encrypted"]  # b.tf:5
    assert heads[2] == ["MEDIUM", "aws-kms-key-rotation"]  # a.tf before b.tf


def test_the_report_follows_the_width_and_wraps_instead_of_cutting(tmp_path):
    (tmp_path / "main.tf").write_text(DB)
    for width in (60, 80, 120):
        output = scan(tmp_path, width=width).output
        assert max(map(len, output.splitlines())) <= width
        flowing = " ".join(output.split())
        assert ("expected credentials come from a variable without default, a secret store or "
                "a generated value, not a literal string") in flowing
        assert "..." not in output


def test_colour_only_when_asked_and_never_in_a_file(tmp_path):
    (tmp_path / "main.tf").write_text(KMS)
    assert "\x1b[" in scan(tmp_path, color=True).output
    assert "\x1b" not in scan(tmp_path, color=False).output
    assert "\x1b" not in scan(tmp_path, "--no-color", color=True).output
    report = tmp_path / "out" / "report.txt"
    result = scan(tmp_path, "-o", str(report), color=True)
    assert result.exit_code == 1 and "\x1b" not in report.read_text()
    assert "aws-kms-key-rotation" in report.read_text()


def test_terminal_style_honours_no_color_term_and_columns(monkeypatch):
    class Terminal:
        def isatty(self):
            return True

        def write(self, text):
            pass

        def flush(self):
            pass

    monkeypatch.setattr(sys, "stdout", Terminal())
    monkeypatch.setenv("COLUMNS", "123")
    monkeypatch.delenv("NO_COLOR", raising=False)
    monkeypatch.setenv("TERM", "xterm-256color")
    assert common.terminal_style(no_color=False) == (123, True)
    assert common.terminal_style(no_color=True) == (123, False)
    monkeypatch.setenv("NO_COLOR", "1")
    assert common.terminal_style(no_color=False) == (123, False)
    monkeypatch.delenv("NO_COLOR")
    monkeypatch.setenv("TERM", "dumb")
    assert common.terminal_style(no_color=False)[1] is False


def test_markup_and_escapes_from_files_stay_inert_in_colour(tmp_path):
    name = "x\x1b]0;pwned\x07[red]y\n::error::gate passed.tf"
    (tmp_path / name).write_text(DB)
    output = scan(tmp_path, color=True).output
    plain = SGR.sub("", output)
    assert "\x1b" not in plain and "\x07" not in plain
    assert "[bold red]markup[/bold red] [link=https://evil.example]click[/link]" in " ".join(
        plain.split())
    assert "x\\x1b]0;pwned\\x07[red]y\\x0a::error::gate passed.tf" in plain
    for line in plain.splitlines():
        assert not line.lstrip().startswith("::"), line


def test_the_summary_counts_files_resources_and_findings(tmp_path):
    (tmp_path / "main.tf").write_text(KMS + 'resource "null_resource" "n" {}\n')
    plain = scan(tmp_path, width=100).output
    assert "files      1 scanned" in plain
    assert "resources  2, 1 of them no control applies to" in plain
    rows = {line.split()[0]: line.split()[1:] for line in plain.splitlines()
            if line.startswith("  ")
            and line.split()[0] in ("failing", "unknown", "passing")}
    assert rows["failing"] == ["0", "0", "1", "0", "1"]  # critical high medium low total


def test_framework_sections_follow_the_width_too(tmp_path):
    (tmp_path / "main.tf").write_text(DB)
    output = scan(tmp_path, "--framework", "pci-dss", width=60).output
    assert "PCI DSS" in output and "failing requirements" in output
    assert max(map(len, output.splitlines())) <= 60
