"""Text from scanned files can't act in the places our output lands: a terminal (escape
sequences), a CI log (workflow commands), a spreadsheet (rows and formulas), a pull-request
comment (links, mentions). The repository is data from anyone who can open a pull request."""

from __future__ import annotations

import csv
import io
import json

from click.testing import CliRunner

from compliance.cli.main import main
from compliance.outputs import csv_report
from compliance.outputs.markdown import cell
from compliance.outputs.terminal import guard_commands, guard_log, visible

HOSTILE_NAME = "c\n::error file=x::Compliance passed\n\x1b]0;pwned\x07\x1b[2J\u202egnp.tf"


def test_visible_shows_control_and_format_characters():
    assert visible("a\x1b[2Jb") == "a\\x1b[2Jb"
    assert visible("x\u202ey") == "x\\u202ey"  # right-to-left override
    assert visible("zero\u200bwidth") == "zero\\u200bwidth"
    assert visible("line\nbreak") == "line\\x0abreak"
    assert visible("line\nbreak", keep_newlines=True) == "line\nbreak"
    assert visible("plain ascii, café") == "plain ascii, café"


def test_no_printed_line_is_a_ci_command():
    guarded = guard_log("ok\n::error::gate passed\n  ::stop-commands::x\n##vso[task.complete]\n")
    lines = guarded.splitlines()
    assert lines[1] == "\\x3a:error::gate passed"
    assert lines[2] == "  \\x3a:stop-commands::x"
    assert lines[3] == "\\x23#vso[task.complete]"
    for line in lines:
        assert not line.lstrip().startswith(("::", "##vso[", "##["))


def test_a_colour_code_does_not_hide_a_ci_command():
    styled = guard_commands("\x1b[1m::error::gate passed\x1b[0m\n  \x1b[2m\x1b[1m##vso[x]\n",
                            styled=True)
    assert styled == "\x1b[1m\\x3a:error::gate passed\x1b[0m\n  \x1b[2m\x1b[1m\\x23#vso[x]\n"
    assert guard_commands("::a\n") == guard_log("::a\n") == "\\x3a:a\n"


def test_a_hostile_file_name_reaches_the_terminal_inert(tmp_path):
    (tmp_path / HOSTILE_NAME).write_text('resource "aws_kms_key" "k" {\n'
                                         '  enable_key_rotation = false\n}\n')
    result = CliRunner().invoke(main, ["scan", str(tmp_path), "--no-cache", "--no-config"])
    assert result.exit_code == 1, result.output
    assert "\x1b" not in result.output and "\u202e" not in result.output
    for line in result.output.splitlines():
        assert not line.lstrip().startswith("::"), line
    # the name stays on one line: its line break is shown, so no line starts with `::`
    assert "c\\x0a::error file=x::Compliance passed" in " ".join(result.output.split())


def test_notices_on_stderr_are_inert(tmp_path):
    (tmp_path / "x\x1b[31m.tf").write_text('resource "a" "b" {\n  x = \n')
    result = CliRunner().invoke(main, ["scan", str(tmp_path), "--no-cache",
                                                       "--no-config"])
    assert result.exit_code == 3
    assert "notice: x\\x1b[31m.tf:" in result.stderr and "\x1b" not in result.stderr


def test_a_bare_carriage_return_cannot_start_a_csv_row():
    out = io.StringIO()
    writer = csv.writer(out, lineterminator="\n")
    writer.writerow([csv_report._cell("x\r=cmd|' /C calc'!A0"), csv_report._cell("\r=1+1")])
    rows = list(csv.reader(io.StringIO(out.getvalue())))
    assert len(rows) == 1  # one row, however a reader treats line breaks inside quotes
    assert rows[0][0] == "x\n=cmd|' /C calc'!A0"  # the formula is inside a text cell
    assert rows[0][1] == "'\n=1+1"  # starts with a line break: guarded like a formula


def test_prose_from_a_scanned_file_does_not_link_or_mention():
    text = cell("GPU [driver](https://evil.example) @someone #12 *urgent* `a[b](c)`")
    assert "\\[driver\\](https://evil.example)" in text
    assert "\\@someone" in text and "\\#12" in text and "\\*urgent\\*" in text
    assert "`a[b](c)`" in text  # code spans stay as written


def test_a_waiver_reason_in_the_markdown_report_is_escaped(tmp_path):
    (tmp_path / "main.tf").write_text(
        '# compliance:ignore=aws-kms-key-rotation see [this](https://evil.example) @admin\n'
        'resource "aws_kms_key" "k" {\n  enable_key_rotation = false\n}\n')
    result = CliRunner().invoke(main, ["scan", str(tmp_path), "--no-cache", "--no-config",
                                       "--format", "markdown"])
    assert "\\[this\\](https://evil.example) \\@admin" in result.output
    assert "[this](https://evil.example)" not in result.output


def test_machine_formats_stay_exact(tmp_path):
    """JSON escapes for itself: the name is reported exactly as it is."""
    (tmp_path / HOSTILE_NAME).write_text('resource "aws_kms_key" "k" {\n'
                                         '  enable_key_rotation = false\n}\n')
    result = CliRunner().invoke(main, ["scan", str(tmp_path), "--no-cache", "--no-config",
                                       "--format", "json"])
    files = {f["location"]["file"] for f in json.loads(result.output)["findings"]}
    assert files == {HOSTILE_NAME}
