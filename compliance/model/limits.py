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
    `limit`. Iterative, level by level: it must work on exactly the values recursion can't,
    and it runs on every parse result, so each item costs one isinstance in a comprehension."""
    depth = 0
    level = [value]
    while True:
        containers = [item for item in level if isinstance(item, _CONTAINERS)]
        if not containers:
            return depth
        depth += 1
        if depth > limit:
            return depth
        level = []
        for container in containers:
            level.extend(container.values() if isinstance(container, dict) else container)


_CONTAINERS = (dict, list, tuple)
