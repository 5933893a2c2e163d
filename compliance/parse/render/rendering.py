"""Rendering the Helm charts and Kustomize overlays `render_inputs` found (see the package
doc), and placing what they render at the files a user edits."""

from __future__ import annotations

import json
from dataclasses import replace
from pathlib import Path
from typing import Any

from compliance.model import Location, Resource, ScanError, resource_from_json
from compliance.model.values import parse_path, value_to_json
from compliance.parse.regular_files import read_regular
from compliance.parse.render import helm, kustomize
from compliance.parse.render.locate import (
    origin_lines,
    origin_object,
    pick_document,
    template_documents,
    template_lines,
)
from compliance.parse.render.options import ParseTexts, Renderings, RenderOptions

_TEMPLATE_MAX_BYTES = 1024 * 1024
_ADDED_ANNOTATIONS = (kustomize.ORIGIN_ANNOTATION, "alpha.config.kubernetes.io/transformations")


class _Scan:
    """What rendering needs to know of the scan: its root and files, and a parser."""

    def __init__(self, root: Path, raw: dict[str, dict[str, Any]], parse_texts: ParseTexts):
        self.root = root
        self.raw = raw  # parse result of each scanned file, by relpath
        self.parse_texts = parse_texts
        self._objects: dict[str, list[Resource]] = {}

    def rel(self, path: Path) -> str | None:
        try:
            return path.resolve().relative_to(self.root).as_posix() or "."
        except ValueError:
            return None

    def objects_of(self, relpath: str) -> list[Resource]:
        """The objects a scanned manifest holds, as it is written."""
        if relpath not in self._objects:
            result = self.raw.get(relpath)
            self._objects[relpath] = [resource_from_json(r) for r in result["resources"]] \
                if result else []
        return self._objects[relpath]


def render_named(named: list[Path], root: Path, raw: dict[str, dict[str, Any]],
                 parse_texts: ParseTexts, options: RenderOptions) -> Renderings:
    """The renderings of the charts (`Chart.yaml`) and overlays (kustomization files) among
    `named`."""
    scan = _Scan(root.resolve(), raw, parse_texts)
    out = Renderings()
    _render_charts(helm.find_charts([f for f in named if f.name == helm.CHART_FILE]), scan,
                   options, out)
    found = kustomize.find_kustomizations([f for f in named if f.name != helm.CHART_FILE])
    # a patch is part of an object, never one of its own, rendered or not
    out.covered.update(r for k in found.values() for r in map(scan.rel, k.patches) if r)
    _render_overlays(kustomize.top_level(found), found, scan, options, out)
    return out



OVERLAY = "Kustomize overlay"


def _not_rendered(file: str, what: str, why: str, skipped: str = "") -> ScanError:
    """A chart or overlay not rendered: `skipped` when no tool was there to do it (a choice
    of the runner's), an error when rendering failed."""
    return ScanError(file, None, f"{what} not rendered: {why}", skipped=skipped)


# --- Helm -----------------------------------------------------------------------------------

def _render_charts(charts: list[Path], scan: _Scan, options: RenderOptions,
                   out: Renderings) -> None:
    if not charts:
        return
    from compliance.parse.render.tool import outside, render, which  # starts processes

    tool = which("helm")
    for chart in charts:
        chart_rel = scan.rel(chart) or chart.as_posix()
        out.covered.update(r for r in scan.raw if helm.rendered_by_chart(chart_rel, r))
        chart_file = f"{chart_rel}/{helm.CHART_FILE}".removeprefix("./")
        if tool is None:
            out.errors.append(_not_rendered(chart_file, "Helm chart", "helm is not on PATH, so "
                                            "its templates are not scanned (install helm, or "
                                            "scan the output of `helm template`)", "chart"))
            continue
        escape = outside(chart, scan.root)
        if escape:
            out.errors.append(_not_rendered(chart_file, "Helm chart", escape))
            continue
        values = helm.values_for(chart, options.helm_values, charts)
        missing = [v for v in values if not v.is_file()]
        if missing:
            out.errors.append(_not_rendered(chart_file, "Helm chart",
                                            f"values file {missing[0]} not found"))
            continue
        rendered = render(helm.command(tool, chart, values), chart, options.timeout)
        if rendered.text is None:
            out.errors.append(_not_rendered(chart_file, "Helm chart", rendered.problem))
            continue
        _read_chart_output(rendered.text, chart, chart_rel, chart_file, scan, out)


def _read_chart_output(text: str, chart: Path, chart_rel: str, chart_file: str, scan: _Scan,
                       out: Renderings) -> None:
    groups = helm.split_by_source(text)
    results = scan.parse_texts(list(groups.values()))
    for (source, _), result in zip(groups.items(), results):
        template = helm.template_file(chart, source) if source else None
        template_rel = scan.rel(template) if template else None
        documents = template_documents(_read_text(template)) if template else []
        where = template_rel or chart_file
        objects = [resource_from_json(data) for data in result["resources"]]
        kinds = [resource.type.rpartition("/")[2] for resource in objects]
        pairs = []
        for index, (resource, kind) in enumerate(zip(objects, kinds)):
            document = pick_document(documents, kind, resource.name,
                                     kinds[:index].count(kind), kinds.count(kind))
            if template_rel is None or document is None:
                located = replace(resource, location=Location(where, 1, 1), lines={})
            else:
                located = replace(resource, location=Location(template_rel, document.start,
                                                              document.end),
                                  lines=template_lines(document, resource.lines))
            pairs.append((resource, located))
            out.resources.append(replace(located, scope=chart_rel))
        out.errors += [_relocated(error, pairs, where, "helm") for error in result["errors"]]


def _relocated(error: dict[str, Any], pairs: list[tuple[Resource, Resource]], fallback: str,
               tool: str) -> ScanError:
    """A problem found in the rendered text, at the file and line its object was placed at
    (the line of the attribute it was found in, else the object's first line)."""
    line, where, at = error.get("line"), fallback, None
    for rendered, located in pairs:
        if line is not None and rendered.location.start_line <= line <= rendered.location.end_line:
            where = located.location.file
            at = next((located.line_of(parse_path(path)) for path, number in
                       rendered.lines.items() if number == line), None) \
                or located.location.start_line
            break
    return ScanError(where, at, f"as rendered by {tool}: {error['message']}",
                     error.get("unread", True))


def _read_text(path: Path) -> str:
    try:
        return read_regular(path, _TEMPLATE_MAX_BYTES, head=True).decode("utf-8", "replace")
    except OSError:
        return ""


# --- Kustomize ------------------------------------------------------------------------------

def _render_overlays(overlays: list[kustomize.Kustomization],
                     found: dict[Path, kustomize.Kustomization], scan: _Scan,
                     options: RenderOptions, out: Renderings) -> None:
    if not overlays:
        return
    from compliance.parse.render.tool import outside, render, which  # starts processes

    tool = which("kustomize", "kubectl")
    seen: set[tuple[str, str, str]] = set()
    for overlay in overlays:
        overlay_file = scan.rel(overlay.file) or overlay.file.as_posix()
        overlay_rel = scan.rel(overlay.folder) or overlay.folder.as_posix()
        files, remote, folders = kustomize.closure(overlay, found)
        problem = overlay.problem or next(
            (p for p in (outside(f, scan.root) for f in [*folders, *files]) if p), None)
        if problem:
            out.errors.append(_not_rendered(overlay_file, OVERLAY, problem))
            continue
        if remote:
            out.errors.append(_not_rendered(overlay_file, OVERLAY, f"it uses the remote base "
                                            f"{remote[0]} (the scan runs offline); its local "
                                            "files are scanned as written", "overlay"))
            continue
        if tool is None:
            out.errors.append(_not_rendered(overlay_file, OVERLAY, "neither kustomize nor "
                                            "kubectl is on PATH; its files are scanned as "
                                            "written, without the overlay's changes", "overlay"))
            continue
        with kustomize.temporary_folder() as folder:
            wrapper = Path(folder)
            kustomize.wrapper(overlay.folder, wrapper)
            rendered = render(kustomize.command(tool, wrapper), overlay.folder, options.timeout)
        if rendered.text is None and "buildMetadata" in rendered.problem:
            # a kustomize older than origin annotations (v4.3): objects are then found by
            # kind and name among the files the overlay uses
            rendered = render(kustomize.command(tool, overlay.folder), overlay.folder,
                              options.timeout)
        if rendered.text is None:
            out.errors.append(_not_rendered(overlay_file, OVERLAY, rendered.problem))
            continue
        used = sorted(r for r in map(scan.rel, files) if r)
        out.covered.update(used)
        [result] = scan.parse_texts([rendered.text])
        pairs = []
        for data in result["resources"]:
            rendered_object = resource_from_json(data)
            resource = _from_origin(rendered_object, wrapper, overlay_file, scan, used)
            pairs.append((rendered_object, resource))
            key = (resource.location.file, resource.address,
                   json.dumps(value_to_json(resource.attributes), sort_keys=True, default=str))
            if key not in seen:
                seen.add(key)
                prefix = "" if overlay_rel == "." else f"{overlay_rel}:"
                out.resources.append(replace(resource, scope=overlay_rel,
                                             address=f"{prefix}{resource.address}"))
        out.errors += [_relocated(error, pairs, overlay_file, "kustomize")
                       for error in result["errors"]]


def _without_added_annotations(resource: Resource) -> tuple[Resource, Any]:
    """The object as the overlay makes it, without the origin annotations the wrapper asked
    for; and the origin annotation's text."""
    attributes = dict(resource.attributes)
    metadata = dict(attributes.get("metadata") or {})
    annotations = dict(metadata.get("annotations") or {})
    origin = annotations.get(kustomize.ORIGIN_ANNOTATION)
    for name in _ADDED_ANNOTATIONS:
        annotations.pop(name, None)
    if annotations:
        metadata["annotations"] = annotations
    else:
        metadata.pop("annotations", None)
    attributes["metadata"] = metadata
    prefixes = tuple(f'metadata.annotations["{name}"]' for name in _ADDED_ANNOTATIONS)
    lines = {p: n for p, n in resource.lines.items()
             if not p.startswith(prefixes) and (annotations or p != "metadata.annotations")}
    return replace(resource, attributes=attributes, lines=lines), origin


def _from_origin(resource: Resource, wrapper: Path, overlay_file: str, scan: _Scan,
                 used: list[str]) -> Resource:
    """The rendered object placed at the file it came from: the one its origin annotation
    names; without one (an older kustomize), the first of the files the overlay uses that
    holds an object of its kind and name; a generated object at its kustomization."""
    resource, annotation = _without_added_annotations(resource)
    path, generated_by = kustomize.origin_of(annotation, wrapper)
    origin_rel = scan.rel(path) if path else None
    kind = resource.type.rpartition("/")[2]
    if origin_rel is None and generated_by is None and annotation is None:
        origin_rel = next((rel for rel in used if any(
            r.name == resource.name and r.type.rpartition("/")[2] == kind
            for r in scan.objects_of(rel))), None)
    if origin_rel is not None:
        origin = origin_object(scan.objects_of(origin_rel), kind, resource.name)
        if origin is not None:
            return replace(resource, location=Location(
                origin_rel, origin.location.start_line, origin.location.end_line),
                lines=origin_lines(origin, resource))
        return replace(resource, location=Location(origin_rel, 1, 1), lines={})
    generator_rel = scan.rel(generated_by) if generated_by else None
    return replace(resource, location=Location(generator_rel or overlay_file, 1, 1), lines={})
