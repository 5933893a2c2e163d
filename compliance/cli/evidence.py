"""`compliance evidence` (write an evidence pack) and `compliance verify` (check one):
argument handling only; the work happens in pack.py and verify.py."""

from __future__ import annotations

import sys
from pathlib import Path

import click

from compliance.cli import (
    EXIT_USAGE,
    Progress,
    _load_catalog_or_exit,
    _load_frameworks_or_exit,
    _load_waivers_or_exit,
)


@click.command()
@click.argument("paths", nargs=-1, required=True,
                type=click.Path(exists=True, path_type=Path))
@click.option("--framework", "frameworks", multiple=True, required=True, metavar="ID",
              help="A framework whose requirements the pack reports (repeatable).")
@click.option("-o", "--output", required=True,
              type=click.Path(dir_okay=False, writable=True, path_type=Path),
              help="Write the pack (a zip file) here.")
@click.option("--timestamp", metavar="TIME",
              help="The time of the scan: seconds since 1970 or ISO 8601 (default: "
                   "SOURCE_DATE_EPOCH, else now). The same tree, catalog and timestamp give a "
                   "byte-identical pack.")
@click.option("--sign-key", type=click.Path(exists=True, dir_okay=False, readable=True,
                                            path_type=Path),
              help="Sign the manifest with this Ed25519 private key (PEM, unencrypted).")
@click.option("--pdf", is_flag=True,
              help="Add index.pdf, the index as a PDF (needs: pip install 'compliance[pdf]').")
@click.option("--skip-path", "skip_paths", multiple=True, metavar="GLOB",
              help="Skip files and folders matching GLOB, relative to the scan root.")
@click.option("--var-file", "var_files", multiple=True,
              type=click.Path(exists=True, dir_okay=False, readable=True, path_type=Path),
              help="Terraform variables file applied after terraform.tfvars (repeatable).")
@click.option("--waivers", "waivers_file",
              type=click.Path(exists=True, dir_okay=False, readable=True, path_type=Path),
              help="Waivers file (default: .compliance/waivers.yaml at the scan root).")
@click.option("--no-cache", is_flag=True, help="Do not read or write the parse cache.")
@click.option("-q", "--quiet", is_flag=True, help="No progress and no notices on stderr.")
def evidence(paths, frameworks, output, timestamp, sign_key, pdf, skip_paths, var_files,
             waivers_file, no_cache, quiet):
    """Scan PATHS and write an evidence pack for auditors: index.html (per framework: scope,
    requirements, findings with excerpts, waivers), report.json, report.sarif, an OSCAL
    assessment-results document and manifest.json (SHA-256 of every scanned file and member).

    Exit status: 0 when the pack is written (failing findings are in it), 2 on a usage or
    configuration error. Check a pack with `compliance verify`.
    """
    from compliance.outputs.pack import PackError, build_pack, parse_timestamp, write_zip
    from compliance.parse.cache import default_cache_dir
    from compliance.parse.discover import common_root
    from compliance.parse.gitinfo import git_info
    from compliance.pipeline.scan import ScanOptions, run_scan
    from compliance.results.waivers import DEFAULT_WAIVERS_FILE

    try:
        moment = parse_timestamp(timestamp)
    except PackError as exc:
        raise click.BadParameter(str(exc), param_hint="--timestamp") from None
    key = sign_key.read_bytes() if sign_key else None
    catalog = _load_catalog_or_exit()
    all_frameworks = _load_frameworks_or_exit(catalog)
    framework_ids = tuple(dict.fromkeys(frameworks))
    known = [f.id for f in all_frameworks]
    for framework_id in framework_ids:
        if framework_id not in known:
            raise click.BadParameter(f"no framework {framework_id!r}; known: {', '.join(known)}",
                                     param_hint="--framework")
    used = set().union(*(f.control_ids for f in all_frameworks if f.id in framework_ids))
    root = common_root(list(paths))
    if waivers_file is None and (root / DEFAULT_WAIVERS_FILE).is_file():
        waivers_file = root / DEFAULT_WAIVERS_FILE
    options = ScanOptions(
        skip_patterns=tuple(skip_paths),
        var_files=tuple(var_files),
        cache_dir=None if no_cache else default_cache_dir(),
        waivers=_load_waivers_or_exit(waivers_file, paths, catalog),
        today=moment.date(),  # waivers expire as of the pack's time, not the machine's
    )
    progress = Progress(enabled=not quiet)
    try:
        result = run_scan(list(paths), catalog,
                          controls=[c for c in catalog.controls if c.id in used],
                          options=options, progress=progress, frameworks=all_frameworks,
                          framework_ids=framework_ids)
    finally:
        progress.close()
    if not quiet:
        for error in result.errors:
            click.echo(f"notice: {error}", err=True)
    try:
        pack = build_pack(result, catalog, git_info(root, exclude=[output]), moment, pdf=pdf,
                          sign_key=key)
        data = write_zip(pack.members, moment)
    except PackError as exc:
        click.echo(f"error: {exc}", err=True)
        sys.exit(EXIT_USAGE)
    try:
        output.write_bytes(data)
    except OSError as exc:
        click.echo(f"error: cannot write {output}: {exc.strerror or exc}", err=True)
        sys.exit(EXIT_USAGE)
    if not quiet:
        click.echo(f"wrote {output}: {len(pack.members)} members, "
                   f"{len(pack.manifest['sources'])} source files", err=True)


@click.command()
@click.argument("pack", type=click.Path(exists=True, dir_okay=False, readable=True,
                                        path_type=Path))
@click.option("--source", type=click.Path(exists=True, file_okay=False, path_type=Path),
              help="Also check that the files under this folder (the scan root) still match "
                   "what was scanned.")
@click.option("--public-key", type=click.Path(exists=True, dir_okay=False, readable=True,
                                              path_type=Path),
              help="Check the manifest's signature with this Ed25519 public key (PEM).")
def verify(pack, source, public_key):
    """Check an evidence pack: every member against the manifest (altered, added or missing
    members are named), with --source the scanned files, with --public-key the signature.
    Nothing is extracted to disk.

    Exit status: 0 when everything matches, 1 when something does not, 2 on a usage error.
    """
    from compliance.outputs.pack import PackError
    from compliance.outputs.verify import verify_pack

    try:
        outcome = verify_pack(pack, source=source,
                              public_key=public_key.read_bytes() if public_key else None)
    except PackError as exc:
        click.echo(f"error: {exc}", err=True)
        sys.exit(EXIT_USAGE)
    for note in outcome.notes:
        click.echo(f"note: {note}")
    for problem in outcome.problems:
        click.echo(f"FAIL: {problem}")
    if outcome.ok:
        sources = f", {outcome.checked_sources} source files" if source else ""
        click.echo(f"OK: {outcome.checked_members} members{sources} match the manifest")
        sys.exit(0)
    sys.exit(1)
