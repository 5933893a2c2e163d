"""From the parsed `.tf` / `.tfvars` files of a scan to Terraform resources."""

from __future__ import annotations

import hashlib
from dataclasses import astuple
from pathlib import Path
from typing import TYPE_CHECKING, Any, Callable, Mapping

import orjson

from compliance.model import Resource, ScanError
from compliance.parse.installed_modules import InstalledModule
from compliance.processes.forked import ForkedHelpers
from compliance.resolve.terraform.configuration import Configuration
from compliance.resolve.terraform.file_access import FileAccess
from compliance.resolve.terraform.origins import TextOrigin, TextOrigins
from compliance.resolve.terraform.resolved_cache import (
    Recorder,
    ResolvedCache,
    Unencodable,
    decode_resource,
    encode_resource,
    result_key,
    root_key,
)
from compliance.resolve.terraform.scope import CalledModule

if TYPE_CHECKING:
    from compliance.resolve.terraform.module_instance import ModuleInstance


def build_resources(files: list[tuple[str, dict[str, Any]]], root: Path,
                    extra_var_files: list[tuple[str, dict[str, Any]]],
                    text_origins: TextOrigins | None = None,
                    installed: dict[str, dict[str, InstalledModule]] | None = None,
                    downloaded: dict[tuple[str, str], InstalledModule] | None = None,
                    missing: set[tuple[str, ...]] | None = None,
                    downloads_on_disk: dict[str, Path] | None = None,
                    digests: dict[str, str] | None = None,
                    cache: ResolvedCache | None = None,
                    helpers: int = 0,
                    meanwhile: Callable[[], None] = lambda: None,
                    contents: Mapping[str, bytes] | None = None,
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
    `digests`: the content digest of every file of `files` and `cache`, when given, answer a
    root module whose inputs are unchanged from an earlier scan (see `resolved_cache`); with a
    cache, up to `helpers` forked processes resolve some of the root modules it does not
    answer (see `compliance.processes.forked`). `meanwhile` is called once, while they work
    (before this process takes its share), or first when there are none. `contents`: the
    bytes of the files, by relpath, where the lines of the policies they hold are found.
    """
    config = Configuration(files, root, extra_var_files, text_origins, installed, downloaded,
                           downloads_on_disk, digests, contents)
    resources: list[Resource] = []
    if cache is None or cache.directory is None:
        meanwhile()
        for directory in config.root_directories():
            _collect_root(config, directory, resources)
    else:
        _build_cached(config, cache, helpers, resources, meanwhile)
    if missing is not None:
        missing.update(config.missing)
    return resources, config.errors.entries() + config.unscanned_calls.entries()


def _root_instance(config: Configuration, directory: str) -> ModuleInstance:
    # the evaluator (module_instance.py and what it imports) is imported only for a root
    # module resolved now: a warm scan replays every unchanged one from the cache
    from compliance.resolve.terraform.module_instance import ModuleInstance

    return ModuleInstance.root(config, config.sources[directory])


def _collect_root(config: Configuration, directory: str, resources: list[Resource]) -> None:
    """A root module's resources, resolved now, with the IAM policies they hold read in (a
    policy reads documents of its own root module only: `embedded.policies`); then its
    instances let go of what they evaluated (ModuleInstance.release). Read here, the policies
    are read beside the other root modules (in the resolution's helpers) and kept with the
    root module in the cache, rather than all again, alone, after the build."""
    from compliance.resolve.embedded.policies import embed_policies

    root = _root_instance(config, directory)
    built: list[Resource] = []
    try:
        _collect(root, built)
    finally:
        root.release()
    resources.extend(embed_policies(built, config.root, workers=1, contents=config.contents))


def _collect(instance: ModuleInstance, resources: list[Resource]) -> None:
    from compliance.resolve.terraform.resources import module_resources

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


# fewer root modules to resolve than this are resolved without helpers: forking costs more
MIN_ROOTS_FOR_HELPERS = 4
# what replaying a root module a helper resolved costs this process, as a share of resolving
# it (measured on the corpus: 0.1 s for 60 root modules, 0.4 s of a helper's work)
REPLAY_SHARE = 0.25


def _build_cached(config: Configuration, cache: ResolvedCache, helpers: int,
                  resources: list[Resource], meanwhile: Callable[[], None]) -> None:
    """Every root module, in order: replayed from the cache when nothing it read changed;
    otherwise resolved, recording what it reads, and stored. Helpers resolve and store some
    of the root modules the cache did not answer while this process resolves the others; this
    process then replays theirs, as a warm scan would."""
    keys: dict[str, str] = {}
    found: dict[str, Cached | None] = {}
    for directory in config.root_directories():
        if config.module_digest(directory) is not None:
            keys[directory] = key = root_key(_root_inputs(config, directory))
            found[directory] = _cached(config, key, cache)
        else:
            found[directory] = None
    misses = [directory for directory in keys if found[directory] is None]
    place = {directory: index for index, directory in enumerate(misses)}
    forked = ForkedHelpers.start(
        len(misses), helpers, minimum=MIN_ROOTS_FOR_HELPERS, replay_share=REPLAY_SHARE,
        work=lambda index: _resolve_and_store(config, misses[index], keys[misses[index]],
                                              cache, []))
    theirs: dict[str, Cached | None] | None = None  # the helpers' root modules, read back
    try:
        meanwhile()  # the helpers take the root modules this process does not reach meanwhile
        for directory, cached in found.items():
            if directory not in keys:  # a module folder whose content is not known
                _collect_root(config, directory, resources)
                continue
            if cached is None and forked is not None and not forked.claim(place[directory]):
                if theirs is None:  # the rest of the misses are the helpers': each is read
                    # back (decoding is most of replaying it) as soon as it is stored
                    theirs = {misses[index]: _cached(config, keys[misses[index]], cache)
                              for index, _ in forked.as_finished(
                                  range(place[directory], len(misses)))}
                cached = theirs[directory]
            if cached is None:
                _resolve_and_store(config, directory, keys[directory], cache, resources)
                continue
            results, entry, replayed = cached
            _replay_events(config, entry["events"])
            resources.extend(replayed)
            cache.origins.note(replayed, results)
    finally:
        if forked is not None:
            forked.close()


# (key of the results entry, the entry, its resources decoded)
Cached = tuple[str, dict[str, Any], list[Resource]]


def _cached(config: Configuration, key: str, cache: ResolvedCache) -> Cached | None:
    """What the cache holds for a root module whose root key is `key`, when nothing its last
    resolution read has changed since.

    Two entries: under the root key, what the last resolution read (module folders, files);
    under a key that also digests what those hold now, its results. The results can only be
    found, and unsealed, by whoever has every file the resolution read."""
    read = cache.get(key)
    if read is None:
        return None
    try:
        seen = _seen_now(config, read)
        if seen is None:
            return None
        results = result_key(key, seen)
        entry = cache.get(results)
        if entry is None:
            return None
        return results, entry, [decode_resource(data) for data in entry["resources"]]
    except (KeyError, TypeError, ValueError):  # an entry of another layout: a miss
        return None


def _resolve_and_store(config: Configuration, directory: str, key: str, cache: ResolvedCache,
                       resources: list[Resource]) -> None:
    """Resolve a root module now, recording what it reads, and store its entries."""
    recorder = Recorder()
    config.recorder = recorder
    config.errors.events = config.unscanned_calls.events = config.text_origins.events = \
        recorder.events
    built: list[Resource] = []
    try:
        _collect_root(config, directory, built)
    finally:
        config.recorder = None
        config.errors.events = config.unscanned_calls.events = config.text_origins.events = None
    resources.extend(built)
    seen = recorder.seen()
    if seen is None:
        return  # a module folder whose content is not known can't be vouched for
    try:
        encoded = [encode_resource(resource) for resource in built]
    except Unencodable:
        return  # resolved again next time rather than stored inexactly
    results = result_key(key, seen)
    cache.put(key, recorder.read())
    cache.put(results, {"events": recorder.events, "resources": encoded})
    cache.origins.note(built, results)


def _root_inputs(config: Configuration, directory: str) -> dict[str, Any]:
    """What a root module's resolution starts from (the rest is recorded as it is read)."""
    digests = config.digests or {}
    return {  # not the scan root's location: the files read are checked where they are now
        "directory": directory,
        "module": config.module_digest(directory),
        "variable_files": [[relpath, digests.get(relpath)]
                           for relpath, _result in config.variable_files(directory)],
        "extra_var_files": [[name, hashlib.sha256(orjson.dumps(
            result, option=orjson.OPT_SORT_KEYS)).hexdigest()]
            for name, result in config.extra_var_files],
        "installed": sorted([key, *astuple(module)] for key, module
                            in config.installed.get(directory, {}).items()),
        "downloaded": sorted([*call, *astuple(module)] for call, module
                             in config.downloaded.items()),
        "downloads_on_disk": sorted([shown, str(path)] for shown, path
                                    in config.downloads_on_disk.items()),
    }


def _seen_now(config: Configuration, read: dict[str, Any]) -> list[Any] | None:
    """What the module folders and files an earlier resolution read hold now, in the form
    `Recorder.seen` gives (None: a folder whose content is not known)."""
    seen: list[Any] = []
    for directory in read["modules"]:
        digest = config.module_digest(directory) if directory in config.sources else None
        if directory in config.sources and digest is None:
            return None
        seen.append(["module", directory, digest])
    for directory in read["absent"]:
        seen.append(["absent", directory, config.describe_missing_module(directory)])
    for kind, working_dir, path in read["files"]:
        recorder = Recorder()
        files = FileAccess(config.root, config.root / working_dir, {}, None,
                           config.downloads_on_disk, recorder)
        files.read_bytes(path) if kind == "read" else files.exists(path)
        seen.append(["file", kind, working_dir, path, recorder.files[(kind, working_dir, path)]])
    return seen


def _replay_events(config: Configuration, events: list[list[Any]]) -> None:
    """Say to the scan what the root module's resolution said, in the same order."""
    for event in events:
        kind = event[0]
        if kind == "error":
            config.errors.add(*event[1:])
        elif kind == "unscanned":
            config.unscanned_calls.add(*event[1:])
        elif kind == "origin":
            config.text_origins.note(event[1], TextOrigin(event[2], event[3]))
        else:
            config.missing.add(tuple(event[1]))
