"""Text from scanned files made safe for a terminal and for CI logs.

File names, addresses and values come from the scanned repository, that is from anyone who can
open a pull request. Printed raw they could move the cursor, clear the screen or set a
window title (escape sequences), reorder what a reader sees (bidirectional overrides), or,
in a CI log, start a workflow command (`::error ...`, `::stop-commands::`, Azure's `##vso[`).
`visible` shows such characters as escapes; `guard_log` makes sure no printed line can be read
as a command.
"""

from __future__ import annotations

import re
import unicodedata

# a line a CI runner would read as a command: GitHub Actions (`::`, after any blanks) and
# Azure Pipelines (`##vso[`, `##[`)
_COMMAND = re.compile(r"^([ \t]*)(::|##vso\[|##\[)", re.M)
# the same after colour codes (Select Graphic Rendition: ESC [ ... m)
_STYLED_COMMAND = re.compile(r"^((?:[ \t]|\x1b\[[0-9;]*m)*)(::|##vso\[|##\[)", re.M)
# the colours of severities on a terminal (rich styles)
SEVERITY_STYLE = {"critical": "bold white on red", "high": "bold red", "medium": "yellow",
                  "low": "cyan"}
_UNSAFE_CATEGORIES = frozenset({"Cc", "Cf", "Zl", "Zp", "Co", "Cs"})


def _escape(char: str) -> str:
    code = ord(char)
    return f"\\x{code:02x}" if code < 0x100 else f"\\u{code:04x}" if code < 0x10000 \
        else f"\\U{code:08x}"


def visible(text: str, keep_newlines: bool = False) -> str:
    """`text` with control and format characters (escapes, bidirectional overrides, zero-width
    characters, line separators) written as `\\xNN` / `\\uNNNN`; newlines too unless kept."""
    if text.isascii() and text.isprintable():
        return text
    out = []
    for char in text:
        if char == "\n" and keep_newlines:
            out.append(char)
        elif unicodedata.category(char) in _UNSAFE_CATEGORIES:
            out.append(_escape(char))
        else:
            out.append(char)
    return "".join(out)


def _defuse(match: re.Match) -> str:
    lead, command = match.group(1), match.group(2)
    return lead + ("\\x3a" if command == "::" else "\\x23") + command[1:]


def guard_commands(text: str, styled: bool = False) -> str:
    """`text` with no line a CI runner would take for a command: a line starting with `::`
    starts with `\\x3a:` instead. `styled`: text whose escapes are our own colours (SGR
    sequences, all file contents already passed through `visible`); a colour code before
    the command does not hide it."""
    return (_STYLED_COMMAND if styled else _COMMAND).sub(_defuse, text)


def guard_log(text: str) -> str:
    """`text` (many lines) with every unsafe character shown and no line a CI runner would
    take for a command: a line starting with `::` starts with `\\x3a:` instead."""
    return guard_commands(visible(text, True))


def styled(lines: list, color: bool) -> str:
    """rich `Text` lines (file text already passed through `visible`, never markup) as one
    text: with their colours (ANSI) when `color`, else plain; guarded against CI commands."""
    if not color:
        return guard_commands("".join(line.plain + "\n" for line in lines))
    import io

    from rich.console import Console
    from rich.text import Text

    console = Console(file=io.StringIO(), width=max([80, *(line.cell_len for line in lines)]),
                      color_system="standard", force_terminal=True, force_jupyter=False,
                      force_interactive=False, highlight=False, markup=False, emoji=False,
                      legacy_windows=False, _environ={})
    console.print(Text("\n").join(lines), crop=False, no_wrap=True, overflow="ignore")
    return guard_commands(console.file.getvalue(), styled=True)  # type: ignore[attr-defined]
