"""A resource meets only the checks of its types (compliance/evaluate/run.py, through
`ResourceIndex.of_types`), and that changes no result: on the examples and on every control's
samples, the findings are those of offering every resource to every check and keeping the
ones whose type a check names (exactly, or by glob)."""

from __future__ import annotations

from fnmatch import fnmatchcase
from pathlib import Path

from compliance import data_dir
from compliance.evaluate.checks import CHECKS
from compliance.evaluate.run import ScanContext, run_controls
from compliance.pipeline.scan import ScanOptions, run_scan
from compliance.resolve.graph import ResourceIndex

EXAMPLES = Path(__file__).resolve().parent.parent / "examples"


class _EveryResource(ResourceIndex):
    """The reference: no grouping by type, every resource tested against every pattern."""

    def of_types(self, patterns):
        return [r for r in self.resources if any(fnmatchcase(r.type, p) for p in patterns)]


def _key(finding):
    e = finding.evidence
    return (finding.control, finding.check, finding.resource.location.file,
            finding.resource.address, finding.status.value, e.attribute, repr(e.observed),
            e.expected, e.line)


def test_indexed_checks_find_what_every_check_on_every_resource_finds(catalog, tmp_path):
    result = run_scan([EXAMPLES, data_dir("controls")], catalog,
                      options=ScanOptions(cache_dir=tmp_path / "cache"))
    resources = result.resources
    assert len({r.type for r in resources}) > 200  # the samples reach most of the catalog
    indexed = run_controls(catalog.controls, ScanContext(resources, CHECKS))
    reference_context = ScanContext(resources, CHECKS)
    reference_context.index = _EveryResource(resources)
    reference = run_controls(catalog.controls, reference_context)
    assert len(indexed) > 5_000
    assert sorted(map(_key, indexed)) == sorted(map(_key, reference))


def test_globs_match_as_fnmatch_does():
    from compliance.resolve.graph import matches_glob

    names = ["aws_lb", "aws_lb_listener", "aws_alb", "apps/v1/Deployment", "v1/Deployment",
             "Deployment", "a", "aa", "aba", "", "provider", "kubernetes_manifest", "x*y"]
    patterns = ["aws_lb*", "*/Deployment", "*_*", "a*a", "*", "aws_?b*", "x[ab]*", "*lb",
                "a*", "x*y", "kubernetes_*"]
    for pattern in patterns:
        for name in names:
            assert matches_glob(name, pattern) == fnmatchcase(name, pattern), (name, pattern)


def test_graph_edges_stay_in_their_scope_and_are_walked_only_for_the_scopes_asked_about():
    from compliance.model import Location, Resource, Unknown
    from compliance.resolve.graph import Graph

    def resource(scope, address, attributes):
        type_, name = address.split(".")
        return Resource("terraform", type_, name, address, attributes,
                        Location(f"{scope}/main.tf", 1, 2), scope=scope)

    def stage_in(scope):
        return resource(scope, "aws_api_gateway_stage.s", {
            "rest_api_id": Unknown("not known", ("aws_api_gateway_rest_api.api",))})

    apis = {scope: resource(scope, "aws_api_gateway_rest_api.api", {}) for scope in "ab"}
    stages = {scope: stage_in(scope) for scope in "ab"}
    graph = Graph(ResourceIndex([apis["a"], stages["a"], apis["b"], stages["b"]]))
    assert graph.referrers(apis["a"]) == [(stages["a"], ("rest_api_id",))]
    assert graph.references(stages["a"]) == [(apis["a"], ("rest_api_id",))]
    assert list(graph._referrers) == [("a", "aws_api_gateway_rest_api.api")]  # b not walked
    assert graph.references(stages["b"]) == [(apis["b"], ("rest_api_id",))]
    assert graph.referrers(apis["b"]) == [(stages["b"], ("rest_api_id",))]
    assert graph.referrers(apis["a"]) == [(stages["a"], ("rest_api_id",))]  # walked once
