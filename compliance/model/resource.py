"""What the parsers and resolvers produce: resources with their attributes and lines, and the
files they came from."""

from __future__ import annotations

from dataclasses import dataclass, field, replace
from pathlib import Path as FilePath
from typing import Any

from compliance.model.quick_init import quick_init
from compliance.model.values import Path, path_prefixes, value_from_json, value_to_json

PLATFORMS = ("terraform", "kubernetes", "openapi", "kong", "apim", "pulumi", "cloudformation")
# platforms whose resources carry Terraform's types and attribute names (Pulumi's and
# CloudFormation's through their type tables): Terraform checks apply to them
TERRAFORM_SHAPED = frozenset({"terraform", "pulumi", "cloudformation"})



@quick_init
@dataclass(frozen=True, slots=True)
class Location:
    """Where a resource is written: a file and its first and last lines."""

    file: str  # relative to the scan root, forward slashes
    start_line: int
    end_line: int



@quick_init
@dataclass(frozen=True, slots=True)
class Resource:
    """One resource as a stage produced it. Frozen: a later stage that knows more (a scope, a
    derived attribute) makes a new one with `dataclasses.replace`, so nothing downstream can
    change what an earlier stage said."""

    platform: str
    type: str
    name: str
    address: str
    attributes: dict[str, Any]
    location: Location
    # display path -> 1-based line of that attribute, where the parser knows it
    lines: dict[str, int] = field(default_factory=dict)
    # named entry points into the attributes, e.g. "pod_spec" -> ["spec.template.spec"]
    anchors: dict[str, list[str]] = field(default_factory=dict)
    # where the address is unique: a Terraform root module's folder, or a manifest's file.
    # Two root modules may both declare `aws_s3_bucket.logs`; they are different buckets.
    scope: str = ""
    # the top-level attributes a resolver derived (an effective policy, a parsed document),
    # as opposed to those written in the file: checks about what was written skip them
    derived: frozenset[str] = frozenset()

    def with_facts(self, facts: dict[str, Any], lines: dict[str, int] | None = None,
                   anchors: dict[str, list[str]] | None = None) -> "Resource":
        """This resource with derived attributes added (their lines and anchors too)."""
        return replace(self, attributes={**self.attributes, **facts},
                       lines={**self.lines, **(lines or {})},
                       anchors={**self.anchors, **(anchors or {})},
                       derived=self.derived | frozenset(facts))

    def line_of(self, parts: Path) -> int | None:
        """Line of the attribute at `parts`, or of its nearest ancestor the parser located."""
        return self.line_of_prefixes(path_prefixes(parts)) if self.lines else None

    def line_of_prefixes(self, prefixes: tuple[str, ...]) -> int | None:
        """`line_of` for a path given as `path_prefixes(parts)` (a caller that also shows the
        path has them already)."""
        lines = self.lines
        if not lines:
            return None
        for text in reversed(prefixes):
            line = lines.get(text)
            if line is not None:
                return line
        return None



def resource_to_json(resource: Resource) -> dict[str, Any]:
    loc = resource.location
    return {
        "platform": resource.platform,
        "type": resource.type,
        "name": resource.name,
        "address": resource.address,
        "attributes": value_to_json(resource.attributes),
        "location": [loc.file, loc.start_line, loc.end_line],
        "lines": resource.lines,
        "anchors": resource.anchors,
        "scope": resource.scope,
        **({"derived": sorted(resource.derived)} if resource.derived else {}),
    }



def resource_from_json(data: dict[str, Any]) -> Resource:
    file, start, end = data["location"]
    return Resource(
        platform=data["platform"],
        type=data["type"],
        name=data["name"],
        address=data["address"],
        attributes=value_from_json(data["attributes"]),
        location=Location(file, start, end),
        lines=data.get("lines", {}),
        anchors=data.get("anchors", {}),
        scope=data.get("scope", ""),
        derived=frozenset(data.get("derived", ())),
    )


# where the files of modules --download-modules fetched are shown (relpaths of SourceFiles
# under it are in the cache folder, not in the scanned tree)
DOWNLOADED_PREFIX = ".compliance-downloads/"


@dataclass(frozen=True, slots=True)
class SourceFile:
    """One file a scan read: its path, its kind and its bytes."""

    path: FilePath  # absolute
    relpath: str  # relative to the scan root, forward slashes
    kind: str
    data: bytes
    digest: str  # sha256 of the content
