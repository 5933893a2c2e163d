"""Expressions of the parser's IR written back as short HCL text.

Used for variable type constraints (`list(string)`) and to name references in the reasons of
unknown values (`aws_s3_bucket.b.arn`). Not a full printer: rare constructs show as `...`.
"""

from __future__ import annotations

import json
from typing import Any


def expression_text(expr: Any) -> str:
    if type(expr) is not list:
        return json.dumps(expr, ensure_ascii=False)
    kind = expr[0]
    if kind == "ref":
        return reference_text(expr[1], expr[2])
    if kind == "call":
        args = ", ".join(expression_text(arg) for arg in expr[2])
        return f"{expr[1]}({args}{'...' if expr[3] else ''})"
    if kind == "tuple":
        return "[" + ", ".join(expression_text(item) for item in expr[1]) + "]"
    if kind == "object":
        items = ", ".join(f"{key if type(key) is str else '(' + expression_text(key) + ')'}"
                          f" = {expression_text(value)}" for key, value, _line in expr[1])
        return "{" + items + "}"
    if kind == "trav":
        return "(" + expression_text(expr[1]) + ")" + steps_text(expr[2])
    if kind == "op":
        return f"{expression_text(expr[2])} {expr[1]} {expression_text(expr[3])}"
    return "..."


def reference_text(name: str, steps: list[Any]) -> str:
    return name + steps_text(steps)


def steps_text(steps: list[Any]) -> str:
    out = []
    for step in steps:
        if type(step) is str:
            out.append("." + step)
        elif step[0] == "index":
            key = step[1]
            out.append(f"[{json.dumps(key)}]" if type(key) in (int, str) else "[...]")
        else:
            out.append("[*]" + steps_text(step[1]))
    return "".join(out)
