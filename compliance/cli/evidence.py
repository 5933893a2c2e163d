"""`compliance evidence` (write an evidence pack) and `compliance verify` (check one):
argument handling only; the work happens in compliance.outputs.pack and .verify."""

from __future__ import annotations

import sys
from dataclasses import replace
from pathlib import Path

import click

from compliance.cli import exit_codes
from compliance.cli.common import Progress, catalog_and_frameworks, fail_usage, print_notices
from compliance.cli.scan_options import ScanCommand, prepare_or_exit, scan_request_options
from compliance.processes.collector import collector_off


@click.command(cls=ScanCommand)
@click.argument("paths", nargs=-1, type=click.Path(exists=True, path_type=Path))
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
@scan_request_options
@click.option("-q", "--quiet", is_flag=True, help="No progress and no notices on stderr.")
def evidence(request, output, timestamp, sign_key, pdf, quiet):
    """Scan PATHS (default: .) and write an evidence pack for auditors: index.html (per
    framework: scope, requirements, findings with excerpts, waivers), report.json,
    report.sarif, an OSCAL assessment-results document and manifest.json (SHA-256 of every
    scanned file and member).

    The pack reports the frameworks chosen with --framework (repeatable), or every framework.
    The scan takes the same options as `compliance scan`, .compliance.yaml included.

    Exit status: 0 when the pack is written (failing findings are in it), 2 on a usage or
    configuration error. Check a pack with `compliance verify`.
    """
    from compliance.outputs.pack import PackError, build_pack, parse_timestamp, write_zip
    from compliance.outputs.pdf import LayoutAhead
    from compliance.parse.gitinfo import git_info
    from compliance.pipeline.request import run

    try:
        moment = parse_timestamp(timestamp)
    except PackError as exc:
        raise click.BadParameter(str(exc), param_hint="--timestamp") from None
    key = sign_key.read_bytes() if sign_key else None
    catalog, frameworks = catalog_and_frameworks(request.controls_dirs)
    # every framework unless some were chosen; waivers expire as of the pack's time
    request = replace(request, frameworks=request.frameworks or tuple(f.id for f in frameworks),
                      today=moment.date())
    prepared = prepare_or_exit(request, catalog, frameworks)
    # the PDF's helper imports WeasyPrint while the scan runs
    layout = LayoutAhead.start() if pdf else None
    try:
        progress = Progress(enabled=not quiet)
        try:
            result = run(prepared, progress)
        finally:
            progress.close()
        if not quiet:
            print_notices(result.errors)
        try:
            with collector_off():  # a report's objects are freed by reference counting
                pack = build_pack(result, catalog, git_info(request.root, exclude=[output]),
                                  moment, pdf=pdf, sign_key=key, layout=layout)
                data = write_zip(pack.members, moment)
        except PackError as exc:
            fail_usage(str(exc))
    finally:
        if layout is not None:
            layout.close()
    try:
        output.parent.mkdir(parents=True, exist_ok=True)
        output.write_bytes(data)
    except OSError as exc:
        fail_usage(f"cannot write {output}: {exc.strerror or exc}")
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
        fail_usage(str(exc))
    for note in outcome.notes:
        click.echo(f"note: {note}")
    for problem in outcome.problems:
        click.echo(f"FAIL: {problem}")
    if outcome.ok:
        sources = f", {outcome.checked_sources} source files" if source else ""
        click.echo(f"OK: {outcome.checked_members} members{sources} match the manifest")
        sys.exit(exit_codes.OK)
    sys.exit(exit_codes.FAILING)
