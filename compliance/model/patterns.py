"""Regular expressions over text from scanned files, in time linear in the text.

A scanned repository may hold a pattern (Terraform's `regex()`, a Kong cors origin) and the text
it runs on; Python's backtracking engine takes exponential time on `(a+)+$`. RE2 cannot: it is
what Terraform's own regex functions use (Go's regexp has RE2's syntax and guarantees), so
evaluating them with it is also the faithful choice.

The catalog's own patterns (`matches:` in a condition) are written by us and by users' controls
and may use Python's lookaheads; they run with Python's engine on texts up to
`PYTHON_MATCH_MAX_CHARS`, and with RE2 whenever RE2 accepts them.
"""

from __future__ import annotations

import re
from functools import lru_cache
from typing import Any

import re2

# A backtracking match of a catalog pattern over a text this long is too slow to risk; a
# longer text gives an unknown result instead of a guess.
PYTHON_MATCH_MAX_CHARS = 10_000
_OPTIONS = re2.Options()
_OPTIONS.log_errors = False  # a bad pattern is our error to report, not a line on stderr
_OPTIONS.max_mem = 32 << 20  # the compiled program's memory: a huge pattern fails, cleanly


_SURROGATE = re.compile("[\ud800-\udfff]")


class PatternError(ValueError):
    """A pattern RE2 does not accept (bad syntax, or Perl features such as lookaround)."""


def _valid(text: str) -> str:
    """`text` as UTF-8 can carry it: a lone surrogate (a `\\ud800` escape in a file, an
    undecodable byte in a file name) becomes U+FFFD, as Go would have it; offsets are kept."""
    try:
        text.encode("utf-8")
    except UnicodeEncodeError:
        return _SURROGATE.sub("\ufffd", text)
    return text


class LinearPattern:
    """An RE2 pattern with the methods of Python's, total over any str (match objects look
    like Python's: group, groups, groupdict, span, `.re.groupindex`)."""

    def __init__(self, compiled: Any):
        self._compiled = compiled
        self.groups = compiled.groups
        self.groupindex = compiled.groupindex

    def search(self, text: str) -> Any:
        return self._compiled.search(_valid(text))

    def match(self, text: str) -> Any:
        return self._compiled.match(_valid(text))

    def fullmatch(self, text: str) -> Any:
        return self._compiled.fullmatch(_valid(text))

    def finditer(self, text: str) -> Any:
        return self._compiled.finditer(_valid(text))

    def sub(self, replacement: Any, text: str) -> str:
        return self._compiled.sub(replacement, _valid(text))


@lru_cache(maxsize=4096)
def linear(pattern: str, ignore_case: bool = False) -> LinearPattern:
    """`pattern` compiled by RE2, or PatternError."""
    try:
        return LinearPattern(re2.compile(f"(?i){pattern}" if ignore_case else pattern,
                                         _OPTIONS))
    except re2.error as exc:
        message = exc.args[0] if exc.args else "bad pattern"
        if isinstance(message, bytes):
            message = message.decode("utf-8", "replace")
        raise PatternError(str(message)) from None
    except (TypeError, UnicodeError) as exc:  # lone surrogates, NUL handling, ...
        raise PatternError(str(exc)) from None


@lru_cache(maxsize=1024)
def _python(pattern: str, ignore_case: bool) -> re.Pattern[str]:
    return re.compile(pattern, re.IGNORECASE if ignore_case else 0)


def search(pattern: str, text: str, ignore_case: bool = False) -> bool | None:
    """Whether a catalog pattern occurs in `text`; None when it can't be told in bounded
    time (a pattern only Python's engine reads, over a very long text)."""
    try:
        return linear(pattern, ignore_case).search(text) is not None
    except PatternError:
        pass
    if len(text) > PYTHON_MATCH_MAX_CHARS:
        return None
    return _python(pattern, ignore_case).search(text) is not None
