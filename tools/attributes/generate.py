"""Writes the per-type attribute lists the catalog checks controls' paths against
(attributes/*.json.gz, attributes/sources.json). Run it again when a provider or Kubernetes
version moves; nothing at run time imports it.

Inputs (none of them is committed; each is named, with its version, in sources.json):

- Terraform: per-resource JSON files of `terraform providers schema -json` for hashicorp/aws,
  azurerm and google, as the public repository vadirajks/terraform-provider-schema-exporter
  keeps them under output/<provider>_schema_json/ (aws 6.19.0, azurerm 4.51.0, google 7.9.0).
  Its JSON files of 4 MiB and more may be missing from a snapshot; for those the generator
  reads the same schema from the .tf rendering beside them (output/<provider>_schema_tf/).
- Kubernetes built-in kinds: the models of the `kubernetes` Python client (each model's
  attribute_map and openapi_types). Each client version runs in its own scratch virtualenv,
  never a project dependency; several versions are merged, the newest winning, so kinds the
  API server has since removed (extensions/v1beta1/Ingress, ...) still have a list.
- Kubernetes custom resources: the CRDs' openAPIV3Schema from istio/api
  (kubernetes/customresourcedefinitions.gen.yaml), kubernetes-sigs/gateway-api
  (config/crd/experimental/, a superset of standard) and argoproj/argo-rollouts
  (manifests/crds/rollout-crd.yaml).

Repositories are read from git directories (a bare clone is enough) at HEAD or a commit.
To rerun, from the top of the repository:

    for v in 37.0.2 21.7.0 11.0.0; do
        python3 -m venv /tmp/k8s-$v && /tmp/k8s-$v/bin/pip install -q kubernetes==$v
    done
    python3 tools/attributes/generate.py \\
        --terraform-exporter PATH/terraform-provider-schema-exporter.git \\
        --kubernetes-python /tmp/k8s-37.0.2/bin/python /tmp/k8s-21.7.0/bin/python \\
                            /tmp/k8s-11.0.0/bin/python \\
        --istio PATH/istio-api.git --gateway-api PATH/gateway-api.git \\
        --argo-rollouts PATH/argo-rollouts.git

Output format (read by compliance/catalog/attributes.py): each file is gzipped JSON
`{"types": {TYPE: TREE}, "defs": {NAME: TREE}}`. A TREE is 0 (a value: string, number, bool,
or a list of them), 1 (anything: dynamic values, free-form objects), a mapping of attribute
names to TREEs ("*" for a map's free keys), or a string naming an entry of "defs" (shared
Kubernetes models such as V1PodSpec). Lists are transparent: a list of objects is the
object's TREE, as Terraform keeps nested blocks in lists. Only names and shapes are carried:
no descriptions or other text.
"""

from __future__ import annotations

import argparse
import ast
import gzip
import hashlib
import json
import re
import subprocess
import sys
from pathlib import Path
from typing import Any, Iterator

import yaml

ROOT = Path(__file__).resolve().parents[2]
OUT = ROOT / "attributes"
VALUE, ANY = 0, 1
PROVIDERS = ("aws", "azurerm", "google")
EXPORTER_ROOT = "output/{provider}_schema_{form}/provider_schemas/registry_terraform_io_hashicorp_{provider}"
ISTIO_CRDS = "kubernetes/customresourcedefinitions.gen.yaml"
GATEWAY_API_CRDS = "config/crd/experimental/"
ROLLOUT_CRDS = ("manifests/crds/rollout-crd.yaml",)

# Terraform's own blocks, from the language (not from a provider): a variable's default and
# an output's value hold any value.
TERRAFORM_LANGUAGE = {
    "variable": {"type": VALUE, "default": ANY, "description": VALUE, "sensitive": VALUE,
                 "nullable": VALUE, "ephemeral": VALUE,
                 "validation": {"condition": VALUE, "error_message": VALUE}},
    "output": {"value": ANY, "description": VALUE, "sensitive": VALUE, "ephemeral": VALUE,
               "precondition": {"condition": VALUE, "error_message": VALUE}},
}
PROVIDER_META = {"alias": VALUE, "version": VALUE}


# --- reading git directories ---------------------------------------------------------------


class GitTree:
    """The files of one commit of a git directory."""

    def __init__(self, git_dir: Path, commit: str = "HEAD"):
        self.git_dir = git_dir
        self.commit = self._git("rev-parse", commit).strip()
        listing = self._git("ls-tree", "-r", "-l", self.commit)
        self.sizes: dict[str, str] = {}
        for line in listing.splitlines():
            meta, path = line.split("\t", 1)
            self.sizes[path] = meta.split()[3]

    def _git(self, *args: str) -> str:
        return subprocess.run(["git", f"--git-dir={self.git_dir}", *args], check=True,
                              capture_output=True, text=True).stdout

    def has(self, path: str) -> bool:
        """Whether the file is there with its content (a snapshot may list a file it lacks)."""
        return self.sizes.get(path, "BAD") not in ("BAD", "-")

    def files(self, prefix: str) -> list[str]:
        return sorted(p for p in self.sizes if p.startswith(prefix))

    def read(self, path: str) -> bytes:
        return subprocess.run(["git", f"--git-dir={self.git_dir}", "show",
                               f"{self.commit}:{path}"], check=True, capture_output=True).stdout


# --- Terraform -----------------------------------------------------------------------------


def cty_tree(type_: Any) -> Any:
    """The tree of a value of a cty type (as `terraform providers schema -json` writes it)."""
    if type_ == "dynamic" or type_ == "any":
        return ANY
    if isinstance(type_, str):
        return VALUE
    kind = type_[0]
    if kind in ("list", "set"):
        return cty_tree(type_[1])
    if kind == "map":
        return {"*": cty_tree(type_[1])}
    if kind == "object":
        return {name: cty_tree(t) for name, t in type_[1].items()} or ANY
    return ANY  # tuple: items of different shapes


def block_tree(block: dict[str, Any]) -> dict[str, Any]:
    tree: dict[str, Any] = {}
    for name, attribute in block.get("attributes", {}).items():
        if "nested_type" in attribute:
            nested = attribute["nested_type"]
            inner = block_tree(nested) or ANY
            tree[name] = {"*": inner} if nested.get("nesting_mode") == "map" else inner
        else:
            tree[name] = cty_tree(attribute.get("type", "dynamic"))
    for name, nested in block.get("block_types", {}).items():
        inner = block_tree(nested.get("block", {})) or VALUE
        tree[name] = {"*": inner} if nested.get("nesting_mode") == "map" else inner
    return tree


_TF_ATTRIBUTE = re.compile(r"^\s*(\w+) = (.+) \((?:Required|Optional|Computed|, )*\)$")
_TF_BLOCK = re.compile(r'^\s*(\w+) block "(\w+)" \((?:Required|Optional)\) \{$')


def rendered_block_tree(text: str) -> dict[str, Any]:
    """The tree of a schema from the exporter's .tf rendering, for the files whose JSON form a
    snapshot lacks. The rendering writes attribute types as Python literals and nested
    attribute types as `any`, which is read as anything."""
    stack: list[dict[str, Any]] = [{}]
    for line in text.splitlines()[1:]:
        if match := _TF_BLOCK.match(line):
            child: dict[str, Any] = {}
            stack[-1][match.group(1)] = {"*": child} if match.group(2) == "map" else child
            stack.append(child)
        elif match := _TF_ATTRIBUTE.match(line):
            type_text = match.group(2)
            type_ = type_text if re.fullmatch(r"\w+", type_text) else ast.literal_eval(type_text)
            stack[-1][match.group(1)] = cty_tree(type_)
        elif line.strip() == "}" and len(stack) > 1:
            stack.pop()
    return _empty_blocks_as_values(stack[0])


def _empty_blocks_as_values(tree: dict[str, Any]) -> dict[str, Any]:
    return {k: (_empty_blocks_as_values(v) or VALUE) if isinstance(v, dict) else v
            for k, v in tree.items()}


def terraform_provider(exporter: GitTree, provider: str) -> tuple[dict[str, Any], dict]:
    """(types, source facts) of one provider: resources by type, data sources as data.<type>."""
    json_root = EXPORTER_ROOT.format(provider=provider, form="json")
    tf_root = EXPORTER_ROOT.format(provider=provider, form="tf")
    types: dict[str, Any] = {}
    rendered = []
    for section, prefix in (("resource_schemas", ""), ("data_source_schemas", "data.")):
        for path in exporter.files(f"{json_root}/{section}/"):
            name = Path(path).stem
            if exporter.has(path):
                tree = block_tree(json.loads(exporter.read(path))["block"])
            else:
                tree = rendered_block_tree(
                    exporter.read(f"{tf_root}/{section}/{name}.tf").decode())
                rendered.append(prefix + name)
            types[prefix + name] = tree
    config = json.loads(exporter.read(f"{json_root}/provider/block.json"))
    version = _lock_version(exporter, provider)
    facts = {"provider": f"hashicorp/{provider}", "version": version,
             "read_from_tf_rendering": sorted(rendered)}
    return types, {"config": block_tree(config), "facts": facts}


def _lock_version(exporter: GitTree, provider: str) -> str:
    lock = exporter.read(".terraform.lock.hcl").decode()
    match = re.search(rf'provider "registry.terraform.io/hashicorp/{provider}" \{{\s*'
                      rf'version\s*=\s*"([^"]+)"', lock)
    return match.group(1) if match else "unknown"


def merge_trees(left: Any, right: Any) -> Any:
    """A tree accepting every path either accepts."""
    if left == ANY or right == ANY:
        return ANY
    if not isinstance(left, dict):
        return right
    if not isinstance(right, dict):
        return left
    merged = dict(left)
    for key, value in right.items():
        merged[key] = merge_trees(merged[key], value) if key in merged else value
    return merged


# --- Kubernetes built-in kinds -------------------------------------------------------------

# Run inside a virtualenv holding the `kubernetes` client; prints its kinds and models.
# A kind is a model with a `kind` field that an API group's `read_<kind>` method returns
# (the group/version comes from the API class's resource paths).
K8S_DUMP = r'''
import inspect, json, re, sys
import kubernetes
import kubernetes.client as client
import kubernetes.client.models as models


def members(module):
    names = getattr(module, "__all__", None) or dir(module)
    return {n: getattr(module, n) for n in names if not n.startswith("_")}


classes = {n: c for n, c in members(models).items()
           if isinstance(c, type) and hasattr(c, "openapi_types")}
kinds = {}
for name, api in members(client).items():
    if not (isinstance(api, type) and name.endswith("Api")):
        continue
    source = inspect.getsource(inspect.getmodule(api))
    match = re.search(r"'/apis/([^/']+)/([^/']+)/", source)
    group, version = match.groups() if match else ("", "v1")
    if not match and "'/api/v1/" not in source:
        continue
    api_version = f"{group}/{version}" if group else version
    for method in dir(api):
        read = re.fullmatch(r"read_(?:namespaced_)?(\w+)", method)
        if not read or method.endswith("_with_http_info"):
            continue
        flat = read.group(1).replace("_", "").lower()
        wanted = {(p + version + flat).lower() for p in ("", group.split(".")[0] or "core")}
        for class_name, cls in classes.items():
            if class_name.lower() in wanted and "kind" in cls.attribute_map:
                kinds[f"{api_version}/{class_name[-len(flat):]}"] = class_name
json.dump({"version": kubernetes.__version__, "kinds": kinds,
           "models": {n: {c.attribute_map[k]: t for k, t in c.openapi_types.items()}
                      for n, c in classes.items()}}, sys.stdout)
'''

_PRIMITIVES = {"str", "int", "bool", "float", "datetime", "date", "bytes"}


def client_type_tree(text: str, models: dict[str, Any]) -> Any:
    """A field type of the client's models: str, List[V1Container], Dict[str, str], V1PodSpec,
    object (dict(str, str), list[...] in older clients)."""
    text = text.strip()
    if text in _PRIMITIVES:
        return VALUE
    if text == "object":
        return ANY
    if match := re.fullmatch(r"(?:List|list)\[(.+)\]", text):
        return client_type_tree(match.group(1), models)
    if match := re.fullmatch(r"(?:Dict\[|dict\()str, (.+)[\])]", text):
        return {"*": client_type_tree(match.group(1), models)}
    if text in models:
        return text
    raise ValueError(f"unknown client type {text!r}")


def kubernetes_builtin(pythons: list[str]) -> tuple[dict, dict, list[str]]:
    """(types, defs, client versions); the first interpreter's client wins where they agree."""
    types: dict[str, Any] = {}
    defs: dict[str, Any] = {}
    versions = []
    for python in pythons:
        dump = json.loads(subprocess.run([python, "-c", K8S_DUMP], check=True,
                                         capture_output=True, text=True).stdout)
        versions.append(dump["version"])
        for name, fields in dump["models"].items():
            if name not in defs:
                defs[name] = {field: client_type_tree(t, dump["models"])
                              for field, t in fields.items()} or ANY
        for kind, name in dump["kinds"].items():
            types.setdefault(kind, name)
    return types, defs, versions


# --- Kubernetes custom resources -----------------------------------------------------------


def openapi_tree(schema: dict[str, Any]) -> Any:
    """The tree of an OpenAPI v3 schema of a CRD version."""
    if schema.get("x-kubernetes-int-or-string"):
        return VALUE
    if schema.get("type") == "array" or "items" in schema:
        return openapi_tree(schema.get("items", {})) if schema.get("items") else VALUE
    properties = dict(schema.get("properties", {}))
    for alternative in ("oneOf", "anyOf", "allOf"):
        for option in schema.get(alternative, []):
            properties.update(option.get("properties", {}))
    tree: dict[str, Any] = {name: openapi_tree(sub) for name, sub in properties.items()}
    extra = schema.get("additionalProperties")
    if isinstance(extra, dict):
        tree["*"] = openapi_tree(extra)
    elif extra is True or schema.get("x-kubernetes-preserve-unknown-fields"):
        if not tree:
            return ANY
        tree["*"] = ANY
    if tree:
        return tree
    return ANY if schema.get("type") == "object" else VALUE


def crd_types(text: bytes) -> Iterator[tuple[str, Any]]:
    for document in yaml.safe_load_all(text):
        if not isinstance(document, dict) or document.get("kind") != "CustomResourceDefinition":
            continue
        spec = document["spec"]
        for version in spec.get("versions", []):
            schema = (version.get("schema") or {}).get("openAPIV3Schema")
            if not schema:
                continue
            tree = openapi_tree(schema)
            if isinstance(tree, dict):
                tree["metadata"] = "V1ObjectMeta"  # CRDs leave metadata to the API server
            yield f"{spec['group']}/{version['name']}/{spec['names']['kind']}", tree


# --- output --------------------------------------------------------------------------------


def write(name: str, content: dict[str, Any]) -> dict[str, Any]:
    data = json.dumps(content, sort_keys=True, separators=(",", ":")).encode()
    path = OUT / name
    with path.open("wb") as raw, gzip.GzipFile(fileobj=raw, mode="wb", mtime=0,
                                               filename="") as zipped:
        zipped.write(data)
    return {"sha256": hashlib.sha256(path.read_bytes()).hexdigest(),
            "types": len(content["types"])}


def main(argv: list[str] | None = None) -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--terraform-exporter", type=Path, required=True)
    parser.add_argument("--kubernetes-python", nargs="+", required=True,
                        help="interpreters with the kubernetes client, newest first")
    parser.add_argument("--istio", type=Path, required=True)
    parser.add_argument("--gateway-api", type=Path, required=True)
    parser.add_argument("--argo-rollouts", type=Path, required=True)
    args = parser.parse_args(argv)
    OUT.mkdir(exist_ok=True)
    files: dict[str, Any] = {}
    sources: dict[str, Any] = {}

    exporter = GitTree(args.terraform_exporter)
    provider_config: Any = dict(PROVIDER_META)
    terraform_facts = []
    for provider in PROVIDERS:
        types, extra = terraform_provider(exporter, provider)
        files[f"terraform-{provider}.json.gz"] = write(f"terraform-{provider}.json.gz",
                                                       {"types": types, "defs": {}})
        provider_config = merge_trees(provider_config, extra["config"])
        terraform_facts.append(extra["facts"])
    files["terraform.json.gz"] = write("terraform.json.gz", {
        "types": {**TERRAFORM_LANGUAGE, "provider": provider_config}, "defs": {}})
    sources["terraform"] = {"repository": "vadirajks/terraform-provider-schema-exporter",
                            "commit": exporter.commit, "providers": terraform_facts}

    types, defs, versions = kubernetes_builtin(args.kubernetes_python)
    custom = []
    for label, git_dir, paths in (
            ("istio/api", args.istio, lambda tree: [ISTIO_CRDS]),
            ("kubernetes-sigs/gateway-api", args.gateway_api,
             lambda tree: [p for p in tree.files(GATEWAY_API_CRDS) if p.endswith(".yaml")]),
            ("argoproj/argo-rollouts", args.argo_rollouts, lambda tree: list(ROLLOUT_CRDS))):
        tree = GitTree(git_dir)
        found = []
        for path in paths(tree):
            for kind, kind_tree in crd_types(tree.read(path)):
                types[kind] = kind_tree
                found.append(kind)
        custom.append({"repository": label, "commit": tree.commit, "files": paths(tree),
                       "types": sorted(found)})
    files["kubernetes.json.gz"] = write("kubernetes.json.gz", {"types": types, "defs": defs})
    sources["kubernetes"] = {"python_client_versions": versions, "custom_resources": custom}

    manifest = {"files": files, "sources": sources}
    (OUT / "sources.json").write_text(json.dumps(manifest, indent=1, sort_keys=True) + "\n")
    for name, facts in files.items():
        print(f"{name}: {facts['types']} types, {(OUT / name).stat().st_size} bytes",
              file=sys.stderr)


if __name__ == "__main__":
    main()
