"""Framework files (frameworks/<id>.yaml): requirements and the controls that support them.

A framework file lists requirements (id, a short title in our own words, notes) and, for each,
the controls that support it with the strength of the claim: `direct` when the requirement's own
wording covers the control, `supports` otherwise. The files are the source of truth; nothing is
derived at run time. (frameworks/themes.yaml records how each control was placed and is read by
the tests only.)

After a scan, `evaluate_frameworks` turns findings into a status per requirement:

* failing        at least one finding of its controls fails (a waived finding does not count);
* passing        no finding fails, none is unknown, and at least one passes: every resource in
                 scope that its controls looked at was decided, and all of them passed;
* not-evaluated  it has automated controls, but they decided nothing: no resource in scope, only
                 waived findings, or some finding's deciding value is unknown (known only at
                 apply time), which never counts as passing;
* manual         no control supports it: it needs manual evidence, and is never passed.

None of this says a system meets a requirement: a control *supports* a requirement.
"""

from __future__ import annotations

from pathlib import Path
from typing import TYPE_CHECKING

from compliance import data_dir
from compliance.catalog.controls import CatalogError, SchemaCheck, _load_yaml
from compliance.model import ControlLink, Framework, Requirement

if TYPE_CHECKING:
    from compliance.model import Catalog

# Not a framework: the record of which control theme each control was placed in.
THEMES_FILE = "themes.yaml"


# --- the framework files -------------------------------------------------------------------


# --- what other modules use ----------------------------------------------------------------


# --- loading -------------------------------------------------------------------------------


def _build(data: dict, label: str, control_ids: set[str]) -> Framework:
    requirements = []
    seen: dict[str, int] = {}
    for index, raw in enumerate(data["requirements"]):
        where = f"{label}: requirements[{index}]"
        if raw["id"] in seen:
            raise CatalogError(f"{where}.id: duplicate requirement {raw['id']!r} (also "
                               f"requirements[{seen[raw['id']]}])")
        seen[raw["id"]] = index
        links = []
        linked: set[str] = set()
        for position, link in enumerate(raw.get("controls", [])):
            if link["control"] not in control_ids:
                raise CatalogError(f"{where}.controls[{position}].control: no control "
                                   f"{link['control']!r} in the catalog")
            if link["control"] in linked:
                raise CatalogError(f"{where}.controls[{position}].control: {link['control']!r} "
                                   f"is listed twice")
            linked.add(link["control"])
            links.append(ControlLink(link["control"], link["strength"]))
        requirements.append(Requirement(id=raw["id"], title=raw["title"].strip(),
                                        notes=raw.get("notes", "").strip(),
                                        controls=tuple(links)))
    return Framework(id=data["id"], name=data["name"], edition=data["edition"],
                     source=data["source"].strip(), disclaimer=data["disclaimer"].strip(),
                     requirements=tuple(requirements), notes=data.get("notes", "").strip(),
                     file=label)


def load_frameworks(directory: Path | None = None, catalog: Catalog | None = None) -> list[Framework]:
    """Load and validate every frameworks/<id>.yaml, in file-name order.

    Control ids are checked against `catalog` (the shipped catalog when None). A broken file
    raises CatalogError naming the file and the field.
    """
    if catalog is None:
        from compliance.catalog.controls import load_catalog

        catalog = load_catalog()
    directory = directory or data_dir("frameworks")
    if not directory.is_dir():
        raise CatalogError(f"framework files not found at {directory}")
    schema = SchemaCheck("framework.schema.json")
    control_ids = set(catalog.by_id)
    frameworks = []
    for path in sorted(directory.glob("*.yaml")):
        if path.name == THEMES_FILE:
            continue
        label = path.name
        data, raw = _load_yaml(path, label)
        schema.check(data, raw, label)
        if data["id"] != path.stem:
            raise CatalogError(f"{label}: id: {data['id']!r} does not match the file name")
        frameworks.append(_build(data, label, control_ids))
    return frameworks


_DEFAULT: list[Framework] | None = None


def default_frameworks() -> list[Framework]:
    """The shipped framework files, validated against the shipped catalog; loaded once."""
    global _DEFAULT
    if _DEFAULT is None:
        _DEFAULT = load_frameworks()
    return _DEFAULT


# --- mapping and evaluation ----------------------------------------------------------------


