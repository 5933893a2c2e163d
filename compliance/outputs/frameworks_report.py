"""Frameworks as text or JSON: `frameworks list`, `frameworks show`, the requirements a control
supports (`controls show`), and the per-framework section of the scan's table report.

Everything fits in 100 columns. The wording is careful on purpose: a control *supports* a
requirement; a requirement without an automated control needs manual evidence; nothing here
says that a system meets a framework.
"""

from __future__ import annotations

import json
import textwrap
from typing import Iterable

from compliance.model import (
    SEVERITIES,
    Finding,
    Framework,
    FrameworkResult,
    RequirementRef,
    RequirementResult,
)

WIDTH = 100
FINDINGS_PER_REQUIREMENT = 3  # in the table; the JSON report lists them all


def _wrap(text: str, indent: str, first: str | None = None, width: int = WIDTH) -> list[str]:
    return textwrap.wrap(text, width, initial_indent=indent if first is None else first,
                         subsequent_indent=indent, break_on_hyphens=False,
                         break_long_words=False) or [(first or indent).rstrip()]


# --- frameworks list -----------------------------------------------------------------------


def render_list(frameworks: list[Framework], output_format: str) -> str:
    if output_format == "json":
        rows = [{"id": f.id, "name": f.name, "edition": f.edition,
                 "requirements": len(f.requirements), "automated": f.automated,
                 "manual": len(f.requirements) - f.automated} for f in frameworks]
        return json.dumps(rows, indent=2) + "\n"
    headers = ["id", "name", "edition", "requirements", "automated"]
    rows = [[f.id, f.name, f.edition, str(len(f.requirements)), str(f.automated)]
            for f in frameworks]
    widths = [max(len(row[i]) for row in [headers, *rows]) for i in range(len(headers))]

    def line(cells: list[str]) -> str:
        return "  ".join(cell.ljust(w) if i < 3 else cell.rjust(w)
                         for i, (cell, w) in enumerate(zip(cells, widths)))

    table = "\n".join([line(headers), line(["-" * w for w in widths]), *map(line, rows)])
    notes = ("automated: requirements that at least one control supports; the others need "
             "manual evidence. Mappings are interpretations: see `compliance frameworks show "
             "ID`.")
    return table + "\n\n" + "\n".join(_wrap(notes, "")) + "\n"


# --- frameworks show -----------------------------------------------------------------------


def framework_to_dict(framework: Framework) -> dict:
    return {
        "id": framework.id,
        "name": framework.name,
        "edition": framework.edition,
        "source": framework.source,
        "disclaimer": framework.disclaimer,
        "notes": framework.notes,
        "requirements": [{
            "id": r.id,
            "title": r.title,
            "notes": r.notes,
            "manual": r.manual,
            "controls": [{"control": link.control, "strength": link.strength}
                         for link in r.controls],
        } for r in framework.requirements],
    }


def render_framework(framework: Framework, output_format: str = "table",
                     verbose: bool = False) -> str:
    """A framework's requirements: by default each with how many controls support it;
    `verbose` adds the framework's notes and sources and lists every control."""
    if output_format == "json":
        return json.dumps(framework_to_dict(framework), indent=2) + "\n"
    manual = len(framework.requirements) - framework.automated
    out = [f"{framework.name} ({framework.id})"]
    if framework.edition not in framework.name:  # "PCI DSS v4.0.1" says its edition already
        out.append(f"edition: {framework.edition}")
    out += [f"{len(framework.requirements)} requirements: {framework.automated} supported by "
           f"automated controls, {manual} need manual evidence",
           ""]
    out += _wrap(framework.disclaimer, "")
    if verbose:
        if framework.notes:
            out += [""] + _wrap(framework.notes, "")
        out += [""] + _wrap(framework.source, "  ", first="source: ")
    out += ["", "direct: the requirement's own wording covers the control; supports: the control "
                "contributes to it.", ""]
    id_width = max(len(r.id) for r in framework.requirements)
    indent = " " * (id_width + 2)
    for requirement in framework.requirements:
        out += _wrap(requirement.title, indent, first=f"{requirement.id:<{id_width}}  ")
        if verbose and requirement.notes:
            out += _wrap(f"note: {requirement.notes}", indent + "      ", first=indent)
        if requirement.manual:
            out.append(f"{indent}manual evidence needed: no automated control")
        elif verbose:
            out += [f"{indent}{link.strength:<8}  {link.control}" for link in requirement.controls]
        else:
            direct = sum(link.strength == "direct" for link in requirement.controls)
            out.append(f"{indent}{len(requirement.controls)} controls ({direct} direct)")
    if not verbose:
        out += [""] + _wrap(f"`compliance frameworks show {framework.id} --verbose` lists the "
                            "controls of each requirement, the notes and the sources.", "")
    return "\n".join(out) + "\n"


# --- controls show -------------------------------------------------------------------------


def render_control_requirements(refs: Iterable[RequirementRef]) -> str:
    """The requirements one control supports, grouped by framework."""
    refs = list(refs)
    if not refs:
        return ("Framework requirements\n  none: no framework file maps this control\n")
    out = ["Framework requirements it supports (direct: the requirement's own wording covers "
           "it)"]
    by_framework: dict[str, list[RequirementRef]] = {}
    for ref in refs:
        by_framework.setdefault(ref.framework_name, []).append(ref)
    for name, group in by_framework.items():
        out.append(f"  {name}")
        id_width = max(len(r.requirement) for r in group)
        indent = " " * (4 + id_width + 2 + 8 + 2)
        for ref in group:
            out += _wrap(ref.title, indent,
                         first=f"    {ref.requirement:<{id_width}}  {ref.strength:<8}  ")
    return "\n".join(out) + "\n"


# --- the scan's per-framework section ------------------------------------------------------


def _percent(value: float | None) -> str:
    return "n/a" if value is None else f"{value:g}%"


def _finding_line(finding: Finding, indent: str, width: int = WIDTH) -> list[str]:
    line = finding.evidence.line or finding.resource.location.start_line
    text = (f"{finding.severity.upper():<8}  {finding.control}  "
            f"{finding.resource.location.file}:{line}  {finding.resource.address}")
    return _wrap(text, indent + "    ", first=indent, width=width)


def _id_list(label: str, requirements: list[RequirementResult], indent: str,
             width: int = WIDTH) -> list[str]:
    if not requirements:
        return [f"{indent}{label}: none"]
    return _wrap(", ".join(r.id for r in requirements), indent + "  ",
                 first=f"{indent}{label} ({len(requirements)}): ", width=width)


def render_section(result: FrameworkResult, width: int = WIDTH) -> list[str]:
    """The lines of one framework's section in the table report, `width` columns wide."""
    cov = result.coverage
    edition = "" if result.edition in result.name else f" ({result.edition})"
    out = [f"{result.name}: requirements the scanned controls support{edition}"]
    out += _wrap(f"{cov['requirements']} requirements: {cov['automated']} with automated "
                 f"controls ({_percent(cov['percent_automated'])}), {cov['manual']} need manual "
                 f"evidence", "    ", first="  ", width=width)
    evaluated = cov["failing"] + cov["passing"]
    out += _wrap(f"automated: {cov['failing']} failing, {cov['passing']} passing, "
                 f"{cov['not_evaluated']} not evaluated; passing among evaluated: "
                 f"{_percent(cov['percent_passing_of_evaluated'])} ({cov['passing']} of "
                 f"{evaluated})", "    ", first="  ", width=width)
    failing = result.by_status("failing")
    if failing:
        out += ["", "  failing requirements"]
        id_width = max(len(r.id) for r in failing)
        indent = " " * (4 + id_width + 2)
        for requirement in failing:
            out += _wrap(requirement.title, indent,
                         first=f"    {requirement.id:<{id_width}}  ", width=width)
            ordered = sorted(requirement.findings,
                             key=lambda f: (-SEVERITIES.index(f.severity),
                                            f.resource.location.file,
                                            f.resource.location.start_line, f.control))
            for finding in ordered[:FINDINGS_PER_REQUIREMENT]:
                out += _finding_line(finding, indent, width)
            more = len(ordered) - FINDINGS_PER_REQUIREMENT
            if more > 0:
                out.append(f"{indent}... and {more} more failing finding{'s' * (more > 1)}")
    out.append("")
    out += _id_list("passing", result.by_status("passing"), "  ", width)
    out += _id_list("not evaluated", result.by_status("not-evaluated"), "  ", width)
    manual = result.by_status("manual")
    out += _wrap(f"manual evidence needed: {len(manual)} requirements without an automated "
                 f"control (compliance frameworks show {result.id})", "    ", first="  ",
                 width=width)
    out += [""] + _wrap(result.disclaimer, "  ", width=width)
    return out


STATUS_NOTE = ("passing: its controls found resources in scope and every finding passed "
               "(waived ones aside); not evaluated: nothing in scope, only waived findings, or "
               "a deciding value that can't be known from the files, so nothing is claimed.")


def render_sections(results: list[FrameworkResult], width: int = WIDTH) -> list[str]:
    out: list[str] = []
    for result in results:
        out += [""] + render_section(result, width)
    if results:
        out += [""] + _wrap(STATUS_NOTE, "", width=width)
    return out
