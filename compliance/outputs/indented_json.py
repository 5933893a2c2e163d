"""JSON indented by two spaces, as json.dumps(data, indent=2) lays it out, encoded by orjson.

Python's json module falls back to its pure-Python encoder whenever it indents: the SARIF
report of the 1,000-file benchmark corpus (27 MB) took 0.73 s to encode, and orjson takes
0.07 s. For what the outputs hold (strings, integers, booleans, None, lists, tuples and maps
with string keys, other objects written as `default` makes them) the text is the same, byte
for byte (tests/test_indented_json.py). Two differences, both in values JSON can't or needn't
spell one way: a float's exponent is written without a plus sign or leading zero (1e-07
becomes 1e-7: the same number), and NaN or an infinity becomes null (json writes NaN, which
JSON parsers refuse). What orjson refuses (an integer beyond 64 bits, a string holding a lone
surrogate) is left to json.dumps, as is every error.
"""

from __future__ import annotations

import json
import re
from typing import Any, Callable

import orjson

# datetimes and dataclasses to `default`, as json.dumps hands them (orjson has its own form)
_OPTIONS = (orjson.OPT_INDENT_2 | orjson.OPT_NON_STR_KEYS | orjson.OPT_PASSTHROUGH_DATETIME
            | orjson.OPT_PASSTHROUGH_DATACLASS)
# what json's ensure_ascii escapes that orjson writes as it is: beyond ASCII, and DEL
_NOT_ASCII = re.compile(r"[^\x00-\x7e]")


def indented_json(data: Any, ensure_ascii: bool = True,
                  default: Callable[[Any], Any] | None = None) -> str:
    """json.dumps(data, indent=2, ensure_ascii=ensure_ascii, default=default), faster."""
    try:
        text = orjson.dumps(data, default=default, option=_OPTIONS).decode()
    except (TypeError, orjson.JSONEncodeError):
        return json.dumps(data, indent=2, ensure_ascii=ensure_ascii, default=default)
    # outside strings JSON is ASCII: each such character is in a string, escaped as json does
    return _NOT_ASCII.sub(_escaped, text) if ensure_ascii else text


def _escaped(match: re.Match[str]) -> str:
    code = ord(match.group())
    if code < 0x10000:
        return f"\\u{code:04x}"
    code -= 0x10000  # beyond the basic plane: a surrogate pair, as json writes it
    return f"\\u{0xd800 | (code >> 10):04x}\\u{0xdc00 | (code & 0x3ff):04x}"
