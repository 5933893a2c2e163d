"""Start-up imports nothing a command does not use (issue 16): `--version` none of the
commands, and a warm JSON scan of Terraform no schema validator, template engine, database
layer, terminal renderer or HCL parser. Behaviour, not timing: which modules are loaded."""

from __future__ import annotations

import json
import os
import subprocess
import sys
import time
from pathlib import Path

# what a module list is taken with: the command run in-process, then sys.modules printed
_PROBE = """
import sys
from compliance.cli.main import main
try:
    main(sys.argv[1:], prog_name="compliance")
except SystemExit:
    pass
print("MODULES " + " ".join(sorted(sys.modules)), file=sys.stderr)
"""

HEAVY_FOR_A_SCAN = ("jsonschema", "referencing", "jinja2", "sqlalchemy", "alembic", "psycopg",
                    "rich", "matplotlib", "weasyprint", "trestle", "tabulate", "hcl2", "lark",
                    "tree_sitter", "tree_sitter_hcl", "cfnlint", "multiprocessing",
                    "concurrent.futures")

# what a scan of Terraform alone has no use for (views run only on resources they read, the
# readers of embedded documents only on resources holding one, the renderers only on charts
# and overlays)
OTHER_PLATFORMS = ("compliance.resolve.kong", "compliance.resolve.apim",
                   "compliance.resolve.openapi", "compliance.resolve.kubernetes",
                   "compliance.parse.kong", "compliance.parse.openapi",
                   "compliance.parse.yaml_nodes", "compliance.resolve.cloudformation",
                   "compliance.resolve.embedded.openapi", "compliance.resolve.embedded.apim",
                   "compliance.parse.render.rendering", "compliance.parse.render.kustomize")
# what a warm scan has no use for: the catalog's checks (the compiled catalog is adopted),
# the Terraform evaluator (unchanged root modules are replayed), the cache's writer
NOT_WHEN_WARM = ("compliance.catalog.semantics", "compliance.resolve.terraform.module_instance",
                 "compliance.resolve.terraform.resources", "tempfile")
# what a scan its memo answers has no use for besides: the resolver's build, the readers of
# embedded documents and the evaluator (nothing is built or judged: the result is replayed)
NOT_WHEN_REPLAYED = ("compliance.resolve.terraform.build",
                     "compliance.resolve.terraform.configuration",
                     "compliance.resolve.embedded.policies", "compliance.resolve.embedded.lines",
                     "compliance.evaluate.checks", "compliance.evaluate.remembered",
                     "compliance.evaluate.run", "compliance.evaluate.evaluator")


def _modules(args: list[str], cache: Path, cwd: Path) -> set[str]:
    env = {**os.environ, "COMPLIANCE_CACHE_DIR": str(cache)}
    done = subprocess.run([sys.executable, "-c", _PROBE, *args], cwd=cwd, env=env,
                          capture_output=True, text=True, timeout=300)
    line = next(line for line in done.stderr.splitlines() if line.startswith("MODULES "))
    return set(line.split()[1:])


def _loaded(modules: set[str], names: tuple[str, ...]) -> list[str]:
    return sorted(m for m in modules for name in names if m == name or m.startswith(name + "."))


def test_version_imports_no_command(tmp_path):
    modules = _modules(["--version"], tmp_path / "cache", tmp_path)
    assert not _loaded(modules, ("compliance.cli.scan", "compliance.pipeline",
                                 "compliance.catalog", "compliance.model", "yaml", "re2",
                                 *HEAVY_FOR_A_SCAN))


def _terraform(folder: Path) -> None:
    (folder / "main.tf").write_text('resource "aws_api_gateway_method" "m" {\n'
                                    '  authorization = "NONE"\n}\n')


def test_a_warm_json_scan_of_terraform_imports_nothing_it_does_not_use(tmp_path):
    _terraform(tmp_path)
    args = ["scan", ".", "--format", "json", "-o", "report.json", "--fail-on", "none"]
    cold = _modules(args, tmp_path / "cache", tmp_path)  # fills the parse cache and catalog
    # the probe sees what the scan loads: parsing needs the parser (tree-sitter by default)
    assert "tree_sitter_hcl" in cold
    warm = _modules(args, tmp_path / "cache", tmp_path)
    assert not _loaded(warm, HEAVY_FOR_A_SCAN)
    # nor the views, parsers and readers of inputs it does not hold
    assert not _loaded(warm, OTHER_PLATFORMS)
    assert not _loaded(warm, NOT_WHEN_WARM)
    assert "compliance.resolve.terraform.module_instance" in cold  # it was resolved then
    # a changed file is parsed and resolved again, still without the YAML reader (the
    # compiled catalog is adopted; Terraform's YAML functions load it when they are called)
    with open(tmp_path / "main.tf", "a") as tf:
        tf.write('resource "aws_api_gateway_rest_api" "r" {\n  name = lower("API")\n}\n')
    changed = _modules(args, tmp_path / "cache", tmp_path)
    assert "compliance.resolve.terraform.functions" in changed
    assert not _loaded(changed, ("yaml", "compliance.parse.pulumi"))
    report = json.loads((tmp_path / "report.json").read_text())
    assert any(f["status"] == "fail" for f in report["findings"])  # it did scan


def test_a_scan_its_memo_answers_imports_no_stage_it_skips(tmp_path):
    """Nothing read has changed (the report is written outside the scanned folder): the result
    is replayed, and the resolver's build and the embedded documents' readers stay unloaded."""
    tree = tmp_path / "tree"
    tree.mkdir()
    _terraform(tree)
    written = time.time() - 600  # a file changed moments before a scan is never replayed
    for path in (tree / "main.tf", tree):
        os.utime(path, (written, written))
    args = ["scan", str(tree), "--format", "json", "-o", str(tmp_path / "report.json"),
            "--fail-on", "none"]
    cold = _modules(args, tmp_path / "cache", tmp_path)
    assert _loaded(cold, NOT_WHEN_REPLAYED)  # a scan builds
    replayed = _modules(args, tmp_path / "cache", tmp_path)
    assert not _loaded(replayed, NOT_WHEN_REPLAYED + NOT_WHEN_WARM + HEAVY_FOR_A_SCAN)
    assert "compliance.pipeline.scan_memo" in replayed
    report = json.loads((tmp_path / "report.json").read_text())
    assert any(f["status"] == "fail" for f in report["findings"])


def test_the_terminal_report_loads_its_renderer_and_no_template_engine(tmp_path):
    _terraform(tmp_path)
    args = ["scan", ".", "-o", "report.txt", "--fail-on", "none"]
    _modules(args, tmp_path / "cache", tmp_path)
    warm = _modules(args, tmp_path / "cache", tmp_path)
    assert "rich" in warm  # where it prints
    assert not _loaded(warm, tuple(m for m in HEAVY_FOR_A_SCAN
                                   if m not in ("rich", "tabulate")))
    assert "aws_api_gateway_method.m" in (tmp_path / "report.txt").read_text()


def test_the_installed_command_exits_as_the_interpreter_would(tmp_path):
    """`run` skips the interpreter's teardown only when nothing is left for it to do: the exit
    status and the report are those of an ordinary exit, and a registered exit handler (here
    one that prints) makes it exit as usual."""
    _terraform(tmp_path)
    env = {**os.environ, "COMPLIANCE_CACHE_DIR": str(tmp_path / "cache")}

    def scan(prelude: str, report: str) -> subprocess.CompletedProcess:
        code = f"{prelude}\nfrom compliance.cli.main import run\nrun()"
        return subprocess.run([sys.executable, "-c", code, "scan", ".", "--format", "json",
                               "-o", report, "--fail-on", "low"], cwd=tmp_path, env=env,
                              capture_output=True, text=True, timeout=300)

    fast = scan("", "fast.json")
    usual = scan("import atexit\natexit.register(print, 'exit handler ran')", "usual.json")
    assert fast.returncode == usual.returncode == 1  # a failing finding at --fail-on low
    assert "exit handler ran" in usual.stdout and "exit handler ran" not in fast.stdout
    assert fast.stderr.replace("fast.json", "usual.json") == usual.stderr
    reports = [json.loads((tmp_path / name).read_text()) for name in ("fast.json", "usual.json")]
    assert reports[0]["findings"] == reports[1]["findings"]
    assert any(f["status"] == "fail" for f in reports[0]["findings"])


def test_a_scan_given_its_cache_folder_never_looks_for_the_users(tmp_path):
    """The compiled catalog goes to the user cache folder, found (with platformdirs) only when
    first used: a scan given --cache-dir keeps it there and never imports platformdirs."""
    _terraform(tmp_path)
    env = {k: v for k, v in os.environ.items() if k != "COMPLIANCE_CACHE_DIR"}
    env["XDG_CACHE_HOME"] = str(tmp_path / "xdg")

    def modules(*extra: str) -> set[str]:
        done = subprocess.run([sys.executable, "-c", _PROBE, "scan", ".", "--format", "json",
                               "-o", "report.json", "--fail-on", "none", *extra],
                              cwd=tmp_path, env=env, capture_output=True, text=True,
                              timeout=300)
        line = next(line for line in done.stderr.splitlines() if line.startswith("MODULES "))
        return set(line.split()[1:])

    given = modules("--cache-dir", str(tmp_path / "given"))
    assert "platformdirs" not in given
    assert list((tmp_path / "given" / "compiled").glob("catalog-*.json"))
    assert not (tmp_path / "xdg").exists()
    assert "platformdirs" in modules()  # the user's folder: found when first used
    assert list((tmp_path / "xdg" / "compliance" / "compiled").glob("catalog-*.json"))
