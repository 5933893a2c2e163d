"""`compliance controls list` and `controls show`: the catalog as text or JSON."""

from __future__ import annotations

import json
import textwrap

from tabulate import tabulate

from ..catalog import Control
from ..engine import describe


def render_list(controls: list[Control], output_format: str) -> str:
    if output_format == "json":
        rows = [{"id": c.id, "title": c.title, "category": c.category, "severity": c.severity,
                 "platforms": list(c.platforms)} for c in controls]
        return json.dumps(rows, indent=2) + "\n"
    rows = [[c.id, c.severity, c.category, ",".join(c.platforms), c.title] for c in controls]
    table = tabulate(rows, headers=["id", "severity", "category", "platforms", "title"],
                     tablefmt="simple", maxcolwidths=[34, 8, 14, 10, 30])
    return f"{table}\n\n{len(controls)} controls\n"


def _paragraph(title: str, text: str) -> str:
    body = "\n".join(textwrap.fill(p, width=96, initial_indent="  ", subsequent_indent="  ")
                     for p in text.split("\n\n"))
    return f"{title}\n{body}\n"


def render_control(control: Control) -> str:
    parts = [
        f"{control.id}: {control.title}",
        f"category: {control.category}    severity: {control.severity}    "
        f"platforms: {', '.join(control.platforms)}",
        "",
        _paragraph("What it checks", control.description),
        _paragraph("Why it matters", control.rationale),
        _paragraph("How to fix it", control.remediation),
        "Checks",
    ]
    for check in control.checks:
        parts.append(f"  {check.id} ({check.platform}): {', '.join(check.resource_types)}")
        parts.append(textwrap.fill(f"passes when: {describe(check.condition)}", width=96,
                                   initial_indent="    ", subsequent_indent="      "))
    if control.references:
        parts += ["", "References"] + [f"  {r}" for r in control.references]
    parts.append(f"\nsource: controls/{control.source}")
    return "\n".join(parts) + "\n"
