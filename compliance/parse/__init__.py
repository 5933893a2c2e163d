"""One module per input format; each turns one file's text into a JSON-able parse result.

Every parser has the signature `parse(text: str) -> dict` and returns
`{"resources": [resource_to_json(...)], "errors": [{"line": int | None, "message": str}]}`,
plus format-specific keys (Terraform keeps its unresolved blocks under "blocks", because
variables, locals and modules are resolved across files later). The result must be plain JSON:
it is cached on disk by content hash and crosses process boundaries. It is also independent of
the file's name, so equal contents are parsed once: resources carry an empty location file,
which the scan fills in.

A parser raises nothing for bad input: it reports it in "errors" and keeps what it could read.
"""

from __future__ import annotations

from importlib import import_module
from types import ModuleType
from typing import Any, Callable

from compliance.model.limits import MAX_RESULT_DEPTH, nesting_depth

_MODULES = {
    "terraform": "terraform_hcl",
    "terraform-vars": "terraform_hcl",
    "terraform-json": "terraform_json",
    "terraform-plan": "terraform_plan",
    "kubernetes": "kubernetes",
    "openapi": "openapi",
    "kong": "kong",
    "apim": "apim",
    "iam-policy": "iam_policy",  # policy JSON held in other documents (resolve/embedded)
    "pulumi-yaml": "pulumi.program_yaml",
    "pulumi-state": "pulumi.state",
    "cloudformation": "cloudformation",  # resolved across the template in resolve/
}

# Bumped when a parser's output changes shape, so stale cache entries are never read.
PARSER_FORMAT = 8  # 2: Unknowns carry their kind; 3: Kong facts only, its view in resolve;
#                   4: APIM elements keep their expressions; 5: notices that lose nothing;
#                   6: Kong certificates, keys, vaults and partials; 7: no placeholder notices,
#                   decK files without _format_version, .tf.json, .tfvars.json lines;
#                   8: a Terraform file's cache entry leads with its outline (parse/cache.py)


def _module_of(kind: str) -> ModuleType:
    return import_module(f"{__name__}.{_MODULES[kind]}")


def parser_for(kind: str) -> Callable[[str], dict[str, Any]]:
    module = _module_of(kind)
    return module.parse_vars if kind == "terraform-vars" else module.parse


def _may_nest_too_deeply(kind: str, text: str) -> bool:
    """Whether a result of `kind` parsed from `text` is to be measured: a format that knows
    how deep its results nest from the text alone (`depth_bound`) spares the walk."""
    bound = getattr(_module_of(kind), "depth_bound", None)
    known = bound(text) if bound is not None else None
    return known is None or known > MAX_RESULT_DEPTH


def parse_source(kind: str, text: str) -> dict[str, Any]:
    """Parse one file; an unexpected parser failure becomes an error entry, not a traceback."""
    try:
        result = parser_for(kind)(text)
        # what can't be pickled to the main process or written to the cache is not read
        if _may_nest_too_deeply(kind, text) and \
                nesting_depth(result, MAX_RESULT_DEPTH) > MAX_RESULT_DEPTH:
            raise RecursionError
        return result
    except RecursionError:
        return {"resources": [], "errors": [{"line": None, "message": "nesting too deep to parse"}]}
    except Exception as exc:  # noqa: BLE001 - a parser bug must not end the scan
        return {"resources": [], "errors": [{"line": None,
                                             "message": f"internal parser error: {type(exc).__name__}: {exc}"}]}
