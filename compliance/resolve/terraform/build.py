"""From the parsed `.tf` / `.tfvars` files of a scan to Terraform resources."""

from __future__ import annotations

from pathlib import Path
from typing import Any

from compliance.model import Resource, ScanError
from compliance.parse.installed_modules import InstalledModule
from compliance.resolve.terraform.configuration import Configuration
from compliance.resolve.terraform.module_instance import ModuleInstance
from compliance.resolve.terraform.origins import TextOrigins
from compliance.resolve.terraform.resources import module_resources
from compliance.resolve.terraform.scope import CalledModule


def build_resources(files: list[tuple[str, dict[str, Any]]], root: Path,
                    extra_var_files: list[tuple[str, dict[str, Any]]],
                    text_origins: TextOrigins | None = None,
                    installed: dict[str, dict[str, InstalledModule]] | None = None,
                    downloaded: dict[tuple[str, str], InstalledModule] | None = None,
                    missing: set[tuple[str, ...]] | None = None,
                    downloads_on_disk: dict[str, Path] | None = None,
                    ) -> tuple[list[Resource], list[ScanError]]:
    """Resolve every module of the scan and return its resources and the problems found.

    `files`: (relpath, parse result) of every `.tf` and `.tfvars` file, relpaths relative to
    `root` with forward slashes. `extra_var_files`: (display name, `parse_vars` result) of the
    `--var-file` files, in order. Every directory of `.tf` files is a module; the ones no other
    scanned module calls through a local source are root modules, and the ones called are
    evaluated once per call (and per count/for_each instance) with that call's arguments.
    `text_origins`, when given, collects where document texts read by `file()` and
    `templatefile()` came from (see `origins`). `installed`: the remote modules installed for
    each root module folder, by dotted module path (`parse.installed_modules`); their files are
    among `files`, and are read only as the modules their calls name. `downloaded`: what
    --download-modules got, by (source, version) of the call; `missing`, when given, receives
    what calls reached and no module read (see `Configuration.missing`), for a downloader to
    fetch before building again; `downloads_on_disk`: where each downloaded package shown
    under .compliance-downloads/ is, for `file()` and `templatefile()` inside it.
    """
    config = Configuration(files, root, extra_var_files, text_origins, installed, downloaded,
                           downloads_on_disk)
    resources: list[Resource] = []
    for directory in config.root_directories():
        _collect(ModuleInstance.root(config, config.sources[directory]), resources)
    if missing is not None:
        missing.update(config.missing)
    return resources, config.errors.entries() + config.unscanned_calls.entries()


def _collect(instance: ModuleInstance, resources: list[Resource]) -> None:
    resources.extend(module_resources(instance))
    for name in instance.source.module_calls:
        try:
            called = instance.called_module(name)
        except RecursionError:
            call = instance.source.module_calls[name]
            instance.config.errors.add(call.file, call.node["line"],
                                       f"module.{name}: expressions nest too deeply to evaluate")
            continue
        if isinstance(called, CalledModule):
            for child in called.instances.values():
                _collect(child, resources)
