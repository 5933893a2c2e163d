"""`compliance controls list` and `controls show`: the catalog as text or JSON."""

from __future__ import annotations

import json
import textwrap

from compliance.evaluate.conditions import describe
from compliance.model import Control

WIDTH = 100


def render_list(controls: list[Control], output_format: str) -> str:
    if output_format == "json":
        rows = [{"id": c.id, "title": c.title, "category": c.category, "severity": c.severity,
                 "platforms": list(c.platforms)} for c in controls]
        return json.dumps(rows, indent=2) + "\n"
    # Grouped by category; the title wraps in what the other columns leave of WIDTH.
    id_width = max([len("id")] + [len(c.id) for c in controls])
    platform_width = max([len("platforms")] + [len(",".join(c.platforms)) for c in controls])
    indent = 2 + id_width + 2 + 8 + 2 + platform_width + 2
    title_width = max(24, WIDTH - indent)
    lines = []
    for category in sorted({c.category for c in controls}):
        lines.append(category)
        for control in (c for c in controls if c.category == category):
            title = textwrap.wrap(control.title, title_width) or [""]
            lines.append(f"  {control.id:<{id_width}}  {control.severity:<8}  "
                         f"{','.join(control.platforms):<{platform_width}}  {title[0]}")
            lines += [" " * indent + more for more in title[1:]]
    lines.append(f"\n{len(controls)} controls")
    return "\n".join(lines) + "\n"


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
    source = f"{control.origin}/{control.source}" if control.origin else f"controls/{control.source}"
    parts.append(f"\nsource: {source}")
    return "\n".join(parts) + "\n"
