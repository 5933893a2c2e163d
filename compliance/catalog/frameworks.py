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

from dataclasses import replace
from pathlib import Path
from typing import TYPE_CHECKING

from compliance import data_dir
from compliance.catalog import compiled
from compliance.catalog.controls import CatalogError, SchemaCheck, load_yaml, located, read_bytes
from compliance.model import ControlLink, Framework, Requirement

if TYPE_CHECKING:
    from compliance.model import Catalog

# Not a framework: the record of which control theme each control was placed in.
THEMES_FILE = "themes.yaml"


def _build(data: dict, label: str, raw_bytes: bytes, control_ids: set[str]) -> Framework:
    requirements = []
    seen: dict[str, int] = {}
    for index, raw in enumerate(data["requirements"]):
        at = ("requirements", index)
        if raw["id"] in seen:
            raise located(label, raw_bytes, (*at, "id"), f"duplicate requirement {raw['id']!r} "
                                                         f"(also requirements[{seen[raw['id']]}])")
        seen[raw["id"]] = index
        links = []
        linked: set[str] = set()
        for position, link in enumerate(raw.get("controls", [])):
            where = (*at, "controls", position, "control")
            if link["control"] not in control_ids:
                raise located(label, raw_bytes, where,
                              f"no control {link['control']!r} in the catalog")
            if link["control"] in linked:
                raise located(label, raw_bytes, where, f"{link['control']!r} is listed twice")
            linked.add(link["control"])
            links.append(ControlLink(link["control"], link["strength"]))
        requirements.append(Requirement(id=raw["id"], title=raw["title"].strip(),
                                        notes=raw.get("notes", "").strip(),
                                        controls=tuple(links)))
    return Framework(id=data["id"], name=data["name"], edition=data["edition"],
                     source=data["source"].strip(), disclaimer=data["disclaimer"].strip(),
                     requirements=tuple(requirements), notes=data.get("notes", "").strip(),
                     file=label)


def _with_user_mappings(frameworks: list[Framework], catalog: Catalog) -> list[Framework]:
    """The frameworks with the requirements users' controls declare they support (`supports`
    in their control.yaml). A requirement must exist: an ID is never invented."""
    added: dict[tuple[str, str], list[ControlLink]] = {}
    by_id = {f.id: f for f in frameworks}
    for control in catalog.controls:
        for link in control.supports:
            where = f"{control.origin}/{control.source}: supports.{link.framework}"
            framework = by_id.get(link.framework)
            if framework is None:
                raise CatalogError(f"{where}: no framework {link.framework!r}; known: "
                                   f"{', '.join(by_id)}")
            if link.requirement not in framework.by_id:
                raise CatalogError(f"{where}: {framework.name} has no requirement "
                                   f"{link.requirement!r}")
            links = added.setdefault((link.framework, link.requirement), [])
            if any(existing.control == control.id for existing in links):
                raise CatalogError(f"{where}: requirement {link.requirement!r} is listed twice")
            links.append(ControlLink(control.id, link.strength))
    if not added:
        return frameworks
    return [replace(f, requirements=tuple(
        replace(r, controls=r.controls + tuple(added.get((f.id, r.id), ())))
        for r in f.requirements)) for f in frameworks]


def load_frameworks(directory: Path | None = None,
                    catalog: Catalog | None = None) -> list[Framework]:
    """Load and validate every frameworks/<id>.yaml, in file-name order, with the requirements
    users' controls declare they support.

    Control ids are checked against `catalog` (the shipped catalog when None). A broken file
    raises CatalogError naming the file, line and field.
    """
    if catalog is None:
        from compliance.catalog.controls import load_catalog

        catalog = load_catalog()
    directory = directory or data_dir("frameworks")
    if not directory.is_dir():
        raise CatalogError(f"framework files not found at {directory}")
    schema = SchemaCheck("framework.schema.json")
    control_ids = {c.id for c in catalog.controls if not c.origin}
    paths = [path for path in sorted(directory.glob("*.yaml")) if path.name != THEMES_FILE]
    raws = [read_bytes(path, path.name) for path in paths]
    key = compiled.content_key("frameworks", [
        schema.text.encode(), "\0".join(sorted(control_ids)).encode(),
        *(part for path, raw in zip(paths, raws) for part in (path.name.encode(), raw))]) \
        if compiled.enabled() else b""
    payload = compiled.load("frameworks", key) if key else None
    if payload is not None:
        return _with_user_mappings(compiled.frameworks_from_json(payload), catalog)
    frameworks = []
    for path, raw in zip(paths, raws):
        label = path.name
        data, raw = load_yaml(path, label, raw)
        schema.check(data, raw, label)
        if data["id"] != path.stem:
            raise located(label, raw, ("id",), f"{data['id']!r} does not match the file name")
        frameworks.append(_build(data, label, raw, control_ids))
    if key:
        compiled.store("frameworks", key, compiled.frameworks_to_json(frameworks))
    return _with_user_mappings(frameworks, catalog)


_DEFAULT: list[Framework] | None = None


def default_frameworks() -> list[Framework]:
    """The shipped framework files, validated against the shipped catalog; loaded once."""
    global _DEFAULT
    if _DEFAULT is None:
        _DEFAULT = load_frameworks()
    return _DEFAULT
