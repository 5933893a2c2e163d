"""What every command shares: leaving with a usage error, progress on a terminal, writing an
output, and the notices printed beside a report."""

from __future__ import annotations

import sys
import time
from pathlib import Path
from typing import Iterable, Iterator, NoReturn

import click

from compliance.cli import exit_codes


def fail_usage(*lines: str) -> NoReturn:
    """Print each line as an error on stderr and exit 2."""
    for line in lines:
        click.echo(f"error: {line}", err=True)
    sys.exit(exit_codes.USAGE)


class Progress:
    """`parsing 120/1000 files` on stderr, only on a terminal and only once a scan is slow."""

    DELAY_S = 0.5

    def __init__(self, enabled: bool):
        self.enabled = enabled and sys.stderr.isatty()
        self.started = time.monotonic()
        self.shown = False

    def __call__(self, done: int, total: int) -> None:
        if not self.enabled or time.monotonic() - self.started < self.DELAY_S:
            return
        self.shown = True
        click.echo(f"\rparsing {done}/{total} files", nl=False, err=True)

    def close(self) -> None:
        if self.shown:
            click.echo("\r" + " " * 40 + "\r", nl=False, err=True)


_CHUNK = 1 << 20


def write_output(path: Path | None, text: str | Iterable[str], log_safe: bool = False,
                 say: str | None = None, styled: bool = False) -> None:
    """`text` (or its pieces, written as they come) to FILE (its folder made if missing), or
    to standard output when no file is given; exit 2 when it can't be written. `log_safe`
    text (a report for people) reaching standard output is guarded: no terminal escapes, no
    line a CI runner would take for a command. `styled`: coloured text its renderer guarded
    itself (its escapes are its own). `say`: what was written, told on stderr once the file
    is there."""
    if path is None:
        if log_safe and not styled:
            from compliance.outputs.terminal import guard_log

            text = guard_log(text if isinstance(text, str) else "".join(text))
        for chunk in _chunks(text):
            click.echo(chunk, nl=False)
        return
    try:
        path.parent.mkdir(parents=True, exist_ok=True)
        # (a name the file system gave as other bytes than UTF-8 shows as \udcNN: the write
        # must not fail on it)
        with path.open("w", encoding="utf-8", errors="backslashreplace") as stream:
            for chunk in _chunks(text):
                stream.write(chunk)
    except OSError as exc:
        fail_usage(f"cannot write {path}: {exc.strerror or exc}")
    if say:
        click.echo(f"wrote {path}: {say}", err=True)


def _chunks(text: str | Iterable[str]) -> Iterator[str]:
    """`text` by the megabyte or so: encoding a large report at once would hold a second copy
    of it, and writing each of its many small pieces apart costs a call each."""
    if isinstance(text, str):
        for start in range(0, len(text), _CHUNK):
            yield text[start:start + _CHUNK]
        return
    batch: list[str] = []
    size = 0
    for piece in text:
        batch.append(piece)
        size += len(piece)
        if size >= _CHUNK:
            yield "".join(batch)
            batch.clear()
            size = 0
    if batch:
        yield "".join(batch)


no_color_option = click.option(
    "--no-color", is_flag=True,
    help="No colour on a terminal (also: the NO_COLOR environment variable). Output to a file "
         "or a pipe is never coloured.")


def terminal_style(no_color: bool) -> tuple[int, bool]:
    """(width, colour) of a report printed on standard output: the terminal's width (COLUMNS,
    else the terminal's size, else 80), and colour only on a terminal, unless --no-color,
    NO_COLOR or TERM=dumb say otherwise."""
    import os

    from rich.console import Console

    stream = sys.stdout
    color = (not no_color and not os.environ.get("NO_COLOR")
             and os.environ.get("TERM") != "dumb" and stream.isatty())
    return Console(file=stream).width, bool(color)


allow_unread_option = click.option(
    "--allow-unread", is_flag=True,
    help="Do not exit 3 when an input could not be read completely (it is still reported); "
         "exit 0 or 1 on the findings alone.")


fail_on_unscanned_option = click.option(
    "--fail-on-unscanned", is_flag=True,
    help="Exit 3 when an input was recognized but left unscanned: a remote module not "
         "installed, a Helm chart or Kustomize overlay not rendered, a Pulumi program not run "
         "(they are always reported and counted; without this option they do not change the "
         "exit status).")


def exit_status(errors, failing: bool, allow_unread: bool,
                fail_on_unscanned: bool = False) -> int:
    """3 when an input could not be read completely (unless allowed), or when one was left
    unscanned and --fail-on-unscanned asks for it; else 1 when something fails, else 0: an
    incomplete scan never looks clean by accident."""
    from compliance.model import is_unreadable

    if not allow_unread and any(is_unreadable(error) for error in errors):
        return exit_codes.UNREAD
    if fail_on_unscanned and any(error.skipped for error in errors):
        return exit_codes.UNREAD
    return exit_codes.FAILING if failing else exit_codes.OK


def print_notices(errors, waivers=()) -> None:
    """The files that could not be read, and waivers worth a word, on stderr."""
    from compliance.outputs.terminal import visible
    from compliance.results.waivers import notice

    for error in errors:
        click.echo(f"notice: {visible(str(error))}", err=True)
    for line in filter(None, map(notice, waivers)):
        click.echo(f"notice: {visible(line)}", err=True)


def catalog_and_frameworks(controls_dirs=()):
    """The catalog (with users' controls from `controls_dirs`) and the framework files, or
    exit 2 naming the broken file and line."""
    from compliance.pipeline.request import RequestError, load_inputs

    try:
        return load_inputs(tuple(controls_dirs))
    except RequestError as exc:
        fail_usage(*exc.lines)


def catalog_or_exit(controls_dirs=()):
    """The control catalog (with users' controls from `controls_dirs`), or exit 2 naming the
    broken file and line."""
    from compliance.catalog.controls import CatalogError, load_catalog

    try:
        return load_catalog(extra_dirs=tuple(controls_dirs))
    except CatalogError as exc:
        fail_usage(f"control catalog: {exc}")
