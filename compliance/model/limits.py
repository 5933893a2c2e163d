"""How big and how deep a value from a scanned file may be before it is left unknown.

A small hostile file can stand for a huge value (locals that double at each level, YAML
aliases) or a very deep one (brackets nested thousands of levels): every later step that walks
it (evaluation, pickling between processes, the JSON cache, reports) would pay for its size or
exhaust the stack. Values past these limits are reported as not read (a work limit) and are
unknown where they were used, never a guess.
"""

from __future__ import annotations

from typing import Any

# Nesting of a parse result (lists and dicts); well under Python's recursion limit, so that
# pickling and JSON encoding it are safe, and far over anything a real file needs.
MAX_RESULT_DEPTH = 600
# Nesting of one expression or value; a real Terraform value is rarely 20 deep.
MAX_VALUE_DEPTH = 200


def nesting_depth(value: Any, limit: int) -> int:
    """How deeply lists and dicts nest in `value` (a scalar is 0); counting stops just past
    `limit`. Iterative: it must work on exactly the values recursion can't."""
    deepest = 0
    stack = [(value, 1)]
    while stack:
        item, depth = stack.pop()
        if isinstance(item, dict):
            children: Any = item.values()
        elif isinstance(item, (list, tuple)):
            children = item
        else:
            continue
        deepest = max(deepest, depth)
        if deepest > limit:
            return deepest
        stack.extend((child, depth + 1) for child in children)
    return deepest
