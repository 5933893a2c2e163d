"""The child process of `--pulumi-run`: run one Pulumi Python program under the SDK's mocks.

    python -m compliance.parse.pulumi.runner PROGRAM_DIR MAIN

runs MAIN (the program's `__main__.py`, or its `main:` file or folder, relative to PROGRAM_DIR)
offline, in preview mode, with `pulumi.runtime.Mocks` standing in for the engine and the
providers, and prints one JSON object on stdout:

    {"resources": [{"type", "name", "custom", "inputs", "dependencies", "file", "line"}, ...]}

or, when the program fails, `{"error": message, "file", "line"}` (and exits 1). `file` is
relative to PROGRAM_DIR: the first frame of the resource's constructor call (or of the
exception) inside the program's folder. Secrets in inputs are replaced by SECRET_MARKER, values
known only after deployment by UNKNOWN_VALUE; `dependencies` maps an input to the
`[type token, name]` of the resources its value came from.

This runs the program's code. The parent (compliance/pulumi/run.py) starts it in a separate
process, with a time limit and without cloud or Pulumi credentials in its environment.

It uses the SDK's internal `run_pulumi_func` / `wait_for_rpcs` / `_sync_await` to wait for
the program's outstanding work: the SDK version is pinned (pyproject.toml, `test` extra).
"""

from __future__ import annotations

import json
import os
import sys
import traceback
from pathlib import Path
from typing import Any

SIG_KEY = "4dabf18193072939515e22adb298388d"
SECRET_SIG = "1b47061264138c4ac30d75fd1eb44270"
# what a secret becomes (the parent turns it into Unknown): never the value, never a mask that
# could pass for a literal
SECRET_MARKER = {SIG_KEY: "compliance:redacted-secret"}
UNKNOWN_VALUE = "04da6b54-80e4-46f7-96ec-b56ff0331ba9"


def _redact(value: Any) -> Any:
    if isinstance(value, dict):
        if value.get(SIG_KEY) == SECRET_SIG:
            return dict(SECRET_MARKER)
        return {str(k): _redact(v) for k, v in value.items()}
    if isinstance(value, (list, tuple)):
        return [_redact(v) for v in value]
    if value is None or isinstance(value, (bool, int, float, str)):
        return value
    if type(value).__name__ == "Unknown":  # pulumi.output.UNKNOWN: known after deployment
        return UNKNOWN_VALUE
    # resource references, assets, archives: nothing a control reads
    urn = getattr(value, "urn", None)
    if isinstance(urn, str):
        return urn
    return {SIG_KEY: "compliance:unsupported-value"}


class _Frames:
    """Where each resource was constructed: the innermost frame inside the program's folder
    (not in an installed package)."""

    def __init__(self, program_dir: Path):
        self.program_dir = program_dir
        self.excluded = tuple({str(Path(p).resolve()) for p in
                               (sys.prefix, sys.base_prefix, sys.exec_prefix)})
        self.by_resource: dict[tuple[str, str], tuple[str, int]] = {}

    def locate(self, frames) -> tuple[str | None, int | None]:
        for filename, lineno in frames:
            try:
                path = Path(filename).resolve()
            except (OSError, ValueError):
                continue
            text = str(path)
            if "site-packages" in path.parts or text.startswith(self.excluded):
                continue
            if path.is_relative_to(self.program_dir):
                return path.relative_to(self.program_dir).as_posix(), lineno
        return None, None

    def install(self) -> None:
        import pulumi.resource

        original = pulumi.resource.Resource.__init__
        frames = self

        def __init__(self, t, name, *args, **kwargs):  # noqa: N807
            stack = []
            frame = sys._getframe(1)
            while frame is not None:
                stack.append((frame.f_code.co_filename, frame.f_lineno))
                frame = frame.f_back
            where = frames.locate(stack)
            if where[0] is not None:
                frames.by_resource.setdefault((t, name), where)
            original(self, t, name, *args, **kwargs)

        pulumi.resource.Resource.__init__ = __init__


def _split_urn(urn: str) -> list[str]:
    """[type token, name] of `urn:pulumi:stack::project::parent$type::name`."""
    head, _, name = urn.rpartition("::")
    return [head.rpartition("::")[2].rpartition("$")[2], name]


def _main(argv: list[str]) -> int:
    if len(argv) != 2:
        print("usage: python -m compliance.parse.pulumi.runner PROGRAM_DIR MAIN", file=sys.stderr)
        return 2
    program_dir = Path(argv[0]).resolve()
    main = (program_dir / argv[1]).resolve()
    # the program's own prints go to stderr; stdout carries only our JSON
    out = os.fdopen(os.dup(1), "w", encoding="utf-8")
    os.dup2(2, 1)
    sys.stdout = sys.stderr

    import runpy

    import pulumi
    import pulumi.runtime
    import pulumi.runtime.mocks
    from pulumi.runtime.stack import run_pulumi_func
    from pulumi.runtime.sync_await import _sync_await

    frames = _Frames(program_dir)
    frames.install()
    recorded: list[dict[str, Any]] = []
    dependencies: dict[tuple[str, str], dict[str, list[list[str]]]] = {}

    class Monitor(pulumi.runtime.mocks.MockMonitor):
        def RegisterResource(self, request):  # noqa: N802
            deps = {}
            for key, urns in request.propertyDependencies.items():
                if urns.urns:
                    deps[key] = [_split_urn(u) for u in urns.urns]
            dependencies[(request.type, request.name)] = deps
            return super().RegisterResource(request)

    class Mocks(pulumi.runtime.Mocks):
        def new_resource(self, args: pulumi.runtime.MockResourceArgs):
            recorded.append({"type": args.typ, "name": args.name, "custom": bool(args.custom),
                             "inputs": args.inputs})
            # no id in preview: ids are known after deployment; outputs echo the inputs
            return None, dict(args.inputs)

        def call(self, args: pulumi.runtime.MockCallArgs):
            return {}

    project = program_dir.name
    try:
        import yaml

        spec = yaml.safe_load((program_dir / "Pulumi.yaml").read_text("utf-8"))
        if isinstance(spec, dict) and isinstance(spec.get("name"), str):
            project = spec["name"]
    except Exception:  # noqa: BLE001 the parent has read it already; a name is enough
        pass
    mocks = Mocks()
    pulumi.runtime.set_mocks(mocks, project=project, stack="compliance", preview=True,
                             monitor=Monitor(mocks))
    os.chdir(program_dir)
    sys.path.insert(0, str(main if main.is_dir() else main.parent))
    sys.argv = [str(main)]
    try:
        _sync_await(run_pulumi_func(lambda: runpy.run_path(str(main), run_name="__main__")))
    except BaseException as exc:  # noqa: BLE001 reported to the parent
        tb = traceback.extract_tb(exc.__traceback__)
        file, line = frames.locate([(f.filename, f.lineno) for f in reversed(tb)])
        message = "".join(traceback.format_exception_only(type(exc), exc)).strip()
        json.dump({"error": message[-2000:], "file": file, "line": line}, out)
        out.flush()
        return 1
    resources = []
    for item in recorded:
        file, line = frames.by_resource.get((item["type"], item["name"]), (None, None))
        resources.append({**item, "inputs": _redact(item["inputs"]), "file": file, "line": line,
                          "dependencies": dependencies.get((item["type"], item["name"]), {})})
    json.dump({"resources": resources}, out)
    out.flush()
    return 0


if __name__ == "__main__":
    sys.exit(_main(sys.argv[1:]))
