"""Evidence packs: `compliance evidence` and `compliance verify`."""

from __future__ import annotations

import importlib.util
import io
import json
import re
import shutil
import subprocess
import zipfile
from pathlib import Path

import pytest
from click.testing import CliRunner

from compliance.cli.main import main
from compliance.outputs.excerpts import mask_line
from compliance.outputs.pack import MANIFEST, SIGNATURE, parse_timestamp, sha256, write_zip
from compliance.outputs.verify import unsafe_name, verify_pack
from compliance.parse.gitinfo import git_info, strip_credentials

REPO = Path(__file__).resolve().parents[1]
EXAMPLES = REPO / "examples"
TIMESTAMP = "1700000000"
# secret values written in clear in examples/ (the database password's default, a Kong key)
SECRETS = ["orders-Passw0rd-2024", "acme-5f1c9e2b7a8d4c3e9f0a1b2c3d4e5f6a"]


def run(*args):
    return CliRunner().invoke(main, [str(a) for a in args], catch_exceptions=False)


def make_pack(out: Path, *extra, source: Path = EXAMPLES) -> Path:
    result = run("evidence", source, "--framework", "soc2", "--framework", "pci-dss", "-o", out,
                 "--timestamp", TIMESTAMP, "--no-cache", "-q", *extra)
    assert result.exit_code == 0, result.output
    return out


@pytest.fixture(scope="module")
def pack(tmp_path_factory) -> Path:
    return make_pack(tmp_path_factory.mktemp("pack") / "pack.zip")


def members_of(path: Path) -> dict[str, bytes]:
    with zipfile.ZipFile(path) as archive:
        return {info.filename: archive.read(info) for info in archive.infolist()}


def rezip(path: Path, members: dict[str, bytes], like: Path | None = None) -> Path:
    """A zip of `members`; with `like`, keeping that pack's zip comment (the manifest's
    SHA-256 as written), as an edit of one member in place would."""
    if like is None:
        path.write_bytes(write_zip(members, parse_timestamp(TIMESTAMP)))
    else:
        with zipfile.ZipFile(like) as original:
            comment = original.comment
        path.write_bytes(_plain_zip(members, comment))
    return path


def _plain_zip(members: dict[str, bytes], comment: bytes = b"") -> bytes:
    buffer = io.BytesIO()
    with zipfile.ZipFile(buffer, "w", zipfile.ZIP_DEFLATED) as archive:
        archive.comment = comment
        for name, data in members.items():
            archive.writestr(name, data)
    return buffer.getvalue()


# --- contents -------------------------------------------------------------------------------


def test_pack_members_and_manifest(pack):
    members = members_of(pack)
    assert list(members) == ["index.html", "report.json", "report.sarif",
                             "oscal/assessment-results.json", "manifest.json"]
    manifest = json.loads(members[MANIFEST])
    assert manifest["members"] == {n: sha256(d) for n, d in members.items() if n != MANIFEST}
    for relpath, digest in manifest["sources"].items():
        assert sha256((EXAMPLES / relpath).read_bytes()) == digest
    assert "terraform/variables.tf" in manifest["sources"]
    assert len(manifest["catalog"]["sha256"]) == 64 and manifest["tool"]["version"]
    assert [f["id"] for f in manifest["frameworks"]] == ["soc2", "pci-dss"]
    report = json.loads(members["report.json"])
    assert report["scan"]["started_at"].startswith("2023-11-14T22:13:20")
    assert json.loads(members["report.sarif"])["version"] == "2.1.0"


def test_index_is_for_auditors(pack):
    html = members_of(pack)["index.html"].decode()
    assert 'id="fw-soc2"' in html and 'id="fw-pci-dss"' in html
    for part in ("scope-commit", "scope-branch", "scope-remote", "scope-dirty", "scope-time",
                 "Control catalog", "Manual evidence needed", "Remediation: ", 'class="excerpt"',
                 'class="hit"', "Waivers"):
        assert part in html, part
    # the excerpt of an open API method points at its line
    assert "authorization = &#34;NONE&#34;" in html
    assert "<script" not in html


def test_no_secret_in_any_member(pack):
    for name, data in members_of(pack).items():
        for secret in SECRETS:
            assert secret.encode() not in data, (name, secret)
    assert "- key: ********" in members_of(pack)["index.html"].decode()


def test_mask_line():
    assert mask_line('  password = "hunter22"', set()) == "  password = ********"
    assert mask_line('  db_url: "postgres://u:pw1234@h/db"', set()).endswith("********")
    assert mask_line("  name: orders", set()) == "  name: orders"
    assert mask_line("x = abcdefgh", {"abcdefgh"}) == "x = ********"
    assert mask_line("          value: s3cr3t-value", set(), True).endswith("********")


def test_mask_line_remembers_a_line_per_set_of_known_secrets():
    """Lines masked against the scan's known secrets are remembered (excerpts overlap): the
    same answer as against a plain set, and never another set's answer for the same line."""
    from compliance.outputs.excerpts import KnownSecrets

    line = "  note = s3cr3t-value-42 # from the vault"
    known = KnownSecrets({"s3cr3t-value-42"})
    assert mask_line(line, known) == mask_line(line, {"s3cr3t-value-42"}) == (
        "  note = ******** # from the vault")
    assert mask_line(line, known) == "  note = ******** # from the vault"  # remembered
    assert mask_line(line, KnownSecrets()) == line  # no secret known in this scan: shown
    assert mask_line("  value: s3cr3t-value-42", KnownSecrets(), True).endswith("********")


def test_oscal_validates_with_trestle(pack):
    from trestle.oscal.assessment_results import AssessmentResults

    document = json.loads(members_of(pack)["oscal/assessment-results.json"])
    model = AssessmentResults.model_validate(document["assessment-results"])
    result = model.results[0]
    findings_in_report = json.loads(members_of(pack)["report.json"])["findings"]
    assert len(result.observations) == len(findings_in_report)
    subject = result.local_definitions.inventory_items[0]
    commit = json.loads(members_of(pack)[MANIFEST])["scope"]["commit"]
    assert any(p.name == "commit" and p.value == commit for p in subject.props or []) or not commit
    assert all(o.subjects[0].subject_uuid == subject.uuid for o in result.observations)
    targets = {f.target.target_id for f in result.findings}
    assert "soc2_CC6.1" in targets
    requirement_ids = {p.value for f in result.findings for p in f.props
                       if p.name == "requirement-id"}
    assert "10.2.1" in requirement_ids or any(r.startswith("10.") for r in requirement_ids)
    failing = [f for f in result.findings if f.target.status
               and f.target.status.state.value == "not-satisfied"]
    assert failing and all(f.related_observations for f in failing)


# --- reproducibility ------------------------------------------------------------------------


def test_same_tree_and_timestamp_give_identical_bytes(pack, tmp_path, monkeypatch):
    again = make_pack(tmp_path / "again.zip")
    assert again.read_bytes() == pack.read_bytes()
    monkeypatch.setenv("SOURCE_DATE_EPOCH", TIMESTAMP)
    result = run("evidence", EXAMPLES, "--framework", "soc2", "--framework", "pci-dss",
                 "-o", tmp_path / "env.zip", "--no-cache", "-q")
    assert result.exit_code == 0
    assert (tmp_path / "env.zip").read_bytes() == pack.read_bytes()
    with zipfile.ZipFile(pack) as archive:
        assert {i.date_time for i in archive.infolist()} == {(2023, 11, 14, 22, 13, 20)}
        assert {i.external_attr for i in archive.infolist()} == {0o100644 << 16}


def test_another_timestamp_gives_another_pack(pack, tmp_path):
    result = run("evidence", EXAMPLES, "--framework", "soc2", "--framework", "pci-dss",
                 "-o", tmp_path / "other.zip", "--timestamp", "2024-01-02T03:04:05Z", "-q")
    assert result.exit_code == 0
    assert (tmp_path / "other.zip").read_bytes() != pack.read_bytes()


def test_bad_timestamp_is_a_usage_error(tmp_path):
    result = run("evidence", EXAMPLES, "--framework", "soc2", "-o", tmp_path / "p.zip",
                 "--timestamp", "yesterday")
    assert result.exit_code == 2


# --- verify ---------------------------------------------------------------------------------


def test_verify_passes(pack):
    result = run("verify", pack, "--source", EXAMPLES)
    assert result.exit_code == 0, result.output
    assert "OK:" in result.output


@pytest.mark.parametrize("name", ["index.html", "report.json", "report.sarif",
                                  "oscal/assessment-results.json", MANIFEST])
def test_one_changed_byte_in_any_member_is_named(pack, tmp_path, name):
    members = members_of(pack)
    data = bytearray(members[name])
    position = len(data) // 2
    data[position] = ord("x") if data[position] != ord("x") else ord("y")
    members[name] = bytes(data)
    broken = rezip(tmp_path / "broken.zip", members, like=pack)
    result = run("verify", broken)
    assert result.exit_code == 1
    assert repr(name) in result.output


def test_changed_byte_in_the_zip_itself_fails(pack, tmp_path):
    data = bytearray(pack.read_bytes())
    data[200] ^= 0xFF  # inside the first member's compressed data
    (tmp_path / "raw.zip").write_bytes(bytes(data))
    result = run("verify", tmp_path / "raw.zip")
    assert result.exit_code == 1
    assert "index.html" in result.output


def test_added_and_missing_members_are_named(pack, tmp_path):
    members = members_of(pack)
    members["extra.txt"] = b"hello"
    result = run("verify", rezip(tmp_path / "added.zip", members, like=pack))
    assert result.exit_code == 1 and "added member 'extra.txt'" in result.output
    members = members_of(pack)
    del members["report.sarif"]
    result = run("verify", rezip(tmp_path / "missing.zip", members, like=pack))
    assert result.exit_code == 1 and "missing member 'report.sarif'" in result.output


def test_source_drift(pack, tmp_path):
    source = tmp_path / "src"
    shutil.copytree(EXAMPLES, source)
    assert run("verify", pack, "--source", source).exit_code == 0
    with (source / "terraform" / "api.tf").open("a") as handle:
        handle.write("\n# changed\n")
    (source / "gateway" / "kong.yaml").unlink()
    result = run("verify", pack, "--source", source)
    assert result.exit_code == 1
    assert "changed source file 'terraform/api.tf'" in result.output
    assert "missing source file 'gateway/kong.yaml'" in result.output


# --- signing --------------------------------------------------------------------------------


def _keypair(folder: Path, name: str) -> tuple[Path, Path]:
    from cryptography.hazmat.primitives import serialization
    from cryptography.hazmat.primitives.asymmetric.ed25519 import Ed25519PrivateKey

    key = Ed25519PrivateKey.generate()
    private = folder / f"{name}.pem"
    public = folder / f"{name}.pub"
    private.write_bytes(key.private_bytes(serialization.Encoding.PEM,
                                          serialization.PrivateFormat.PKCS8,
                                          serialization.NoEncryption()))
    public.write_bytes(key.public_key().public_bytes(serialization.Encoding.PEM,
                                                     serialization.PublicFormat.SubjectPublicKeyInfo))
    return private, public


def test_signed_pack(tmp_path):
    private, public = _keypair(tmp_path, "auditor")
    _, other = _keypair(tmp_path, "other")
    signed = make_pack(tmp_path / "signed.zip", "--sign-key", private)
    assert SIGNATURE in members_of(signed)
    assert make_pack(tmp_path / "signed2.zip", "--sign-key", private).read_bytes() \
        == signed.read_bytes()
    result = run("verify", signed, "--public-key", public)
    assert result.exit_code == 0 and "signature: valid" in result.output
    result = run("verify", signed, "--public-key", other)
    assert result.exit_code == 1 and "signature" in result.output
    assert run("verify", signed).exit_code == 0  # not checked without a key: said so
    # a manifest rewritten to match altered members no longer matches the signature
    members = members_of(signed)
    members["report.json"] = members["report.json"].replace(b'"fail"', b'"pass"')
    manifest = json.loads(members[MANIFEST])
    manifest["members"]["report.json"] = sha256(members["report.json"])
    members[MANIFEST] = (json.dumps(manifest, indent=2) + "\n").encode()
    result = run("verify", rezip(tmp_path / "forged.zip", members), "--public-key", public)
    assert result.exit_code == 1 and "signature" in result.output


def test_unsigned_pack_fails_with_a_public_key(pack, tmp_path):
    _, public = _keypair(tmp_path, "k")
    result = run("verify", pack, "--public-key", public)
    assert result.exit_code == 1 and "not signed" in result.output


# --- hostile zips ---------------------------------------------------------------------------


@pytest.mark.parametrize("name", ["../evil.txt", "/etc/evil", "a/../../evil", "a\\..\\evil",
                                  "C:/evil"])
def test_path_traversal_is_reported(pack, tmp_path, name):
    members = members_of(pack)
    members[name] = b"evil"
    hostile = tmp_path / "hostile.zip"
    hostile.write_bytes(_plain_zip(members))
    before = set(tmp_path.parent.rglob("*"))
    result = run("verify", hostile)
    assert result.exit_code == 1
    assert "unsafe member name" in result.output
    assert set(tmp_path.parent.rglob("*")) == before
    assert not Path("/etc/evil").exists()


def test_duplicate_names_are_reported(pack, tmp_path):
    buffer = io.BytesIO()
    with zipfile.ZipFile(buffer, "w") as archive:
        for name, data in members_of(pack).items():
            archive.writestr(name, data)
        with pytest.warns(UserWarning):
            archive.writestr("report.json", b"{}")
    (tmp_path / "dup.zip").write_bytes(buffer.getvalue())
    result = run("verify", tmp_path / "dup.zip")
    assert result.exit_code == 1 and "duplicate member 'report.json'" in result.output


def test_zip_bomb_is_reported(tmp_path):
    buffer = io.BytesIO()
    with zipfile.ZipFile(buffer, "w", zipfile.ZIP_DEFLATED) as archive:
        archive.writestr("manifest.json", b"{}")
        with archive.open("index.html", "w", force_zip64=True) as stream:
            chunk = b"\0" * (1024 * 1024)
            for _ in range(300):
                stream.write(chunk)
    bomb = tmp_path / "bomb.zip"
    bomb.write_bytes(buffer.getvalue())
    assert bomb.stat().st_size < 2 * 1024 * 1024
    outcome = verify_pack(bomb)
    assert not outcome.ok and "zip bomb" in " ".join(outcome.problems)


def test_not_a_zip(tmp_path):
    (tmp_path / "x.zip").write_bytes(b"not a zip")
    result = run("verify", tmp_path / "x.zip")
    assert result.exit_code == 2 and "is not a zip file" in result.output  # the wrong file


def test_bytes_around_the_zip_are_reported(pack, tmp_path):
    data = pack.read_bytes()
    for name, changed, words in (("prefix.zip", b"#!/bin/sh\nexit 0\n" + data, "before"),
                                 ("suffix.zip", data + b"trailing payload", "after")):
        (tmp_path / name).write_bytes(changed)
        result = run("verify", tmp_path / name)
        assert result.exit_code == 1, (name, result.output)
        assert f"bytes {words} the zip are not part of the pack" in result.output


@pytest.mark.parametrize("where", ["local", "central"])
def test_a_flipped_bit_in_a_header_field_is_reported(pack, tmp_path, where):
    data = bytearray(pack.read_bytes())
    signature = b"PK\x03\x04" if where == "local" else b"PK\x01\x02"
    # the high byte of the first header's modification time: the members still read fine
    offset = data.index(signature) + (11 if where == "local" else 13)
    data[offset] ^= 0x01
    (tmp_path / "flip.zip").write_bytes(bytes(data))
    result = run("verify", tmp_path / "flip.zip")
    assert result.exit_code == 1, result.output
    assert "headers or central directory differ" in result.output


def test_zips_verify_cannot_read_are_rejected_cleanly(pack, tmp_path):
    members = members_of(pack)
    cases = {}
    buffer = io.BytesIO()  # stored, not deflated: readable, but not the pack as written
    with zipfile.ZipFile(buffer, "w", zipfile.ZIP_STORED) as archive:
        for name, content in members.items():
            archive.writestr(name, content)
        archive.comment = zipfile.ZipFile(pack).comment
    cases["stored"] = buffer.getvalue()
    data = bytearray(pack.read_bytes())  # an unsupported compression method in every header
    for signature, offset in ((b"PK\x03\x04", 8), (b"PK\x01\x02", 10)):
        start = 0
        while (start := data.find(signature, start)) >= 0:
            data[start + offset] = 99
            start += 4
    cases["method"] = bytes(data)
    data = bytearray(pack.read_bytes())  # the encrypted flag set in every header
    for signature, offset in ((b"PK\x03\x04", 6), (b"PK\x01\x02", 8)):
        start = 0
        while (start := data.find(signature, start)) >= 0:
            data[start + offset] |= 0x01
            start += 4
    cases["encrypted"] = bytes(data)
    for name, content in cases.items():
        (tmp_path / f"{name}.zip").write_bytes(content)
        result = run("verify", tmp_path / f"{name}.zip")
        assert result.exit_code == 1, (name, result.output)
        assert "Traceback" not in result.output and "FAIL:" in result.output, name


def test_unsafe_name():
    assert unsafe_name("index.html") is None
    assert unsafe_name("oscal/assessment-results.json") is None
    for bad in ("", "../x", "/x", "a//b", "./x", "a\\b", "C:x", "a\0b"):
        assert unsafe_name(bad), bad


# --- git metadata ---------------------------------------------------------------------------


def test_strip_credentials():
    assert strip_credentials("https://user:tok@github.com/o/r.git") == "https://github.com/o/r.git"
    assert strip_credentials("https://github.com:8443/o/r") == "https://github.com:8443/o/r"
    assert strip_credentials("git@github.com:o/r.git") == "git@github.com:o/r.git"


def test_git_info_outside_a_repository(tmp_path):
    info = git_info(tmp_path)
    assert info.commit == "" and info.dirty is None


@pytest.mark.skipif(shutil.which("git") is None, reason="git is not installed")
def test_git_info_of_a_repository(tmp_path):
    def git(*args):
        subprocess.run(["git", "-C", str(tmp_path), *args], check=True, capture_output=True)

    git("init", "-q", "-b", "trunk")
    (tmp_path / "main.tf").write_text("# x\n")
    git("add", ".")
    git("-c", "user.name=t", "-c", "user.email=t@e", "commit", "-q", "-m", "x")
    git("remote", "add", "origin", "https://bot:secret-token@example.com/o/r.git")
    info = git_info(tmp_path, exclude=[tmp_path / "pack.zip"])
    assert len(info.commit) == 40 and info.branch == "trunk" and info.dirty is False
    assert info.remote == "https://example.com/o/r.git"
    (tmp_path / "pack.zip").write_bytes(b"x")  # the pack being written does not count
    assert git_info(tmp_path, exclude=[tmp_path / "pack.zip"]).dirty is False
    (tmp_path / "main.tf").write_text("# changed\n")
    assert git_info(tmp_path).dirty is True


@pytest.mark.skipif(shutil.which("git") is None, reason="git is not installed")
def test_git_info_before_the_first_commit_and_on_a_detached_head(tmp_path):
    def git(*args):
        subprocess.run(["git", "-C", str(tmp_path), *args], check=True, capture_output=True)

    git("init", "-q", "-b", "trunk")
    info = git_info(tmp_path, check_dirty=False)
    # a repository without a commit yet: its folder and branch, no commit
    assert (info.repository, info.commit, info.branch) == (tmp_path.name, "", "trunk")
    (tmp_path / "sub").mkdir()
    (tmp_path / "sub" / "main.tf").write_text("# x\n")
    git("add", ".")
    git("-c", "user.name=t", "-c", "user.email=t@e", "commit", "-q", "-m", "x")
    git("checkout", "-q", "--detach")
    info = git_info(tmp_path / "sub", check_dirty=False)  # asked from a folder inside
    assert info.repository == tmp_path.name and len(info.commit) == 40
    assert info.branch == "" and info.remote == "" and info.dirty is None


@pytest.mark.skipif(shutil.which("git") is None, reason="git is not installed")
def test_pack_names_the_repository_as_the_history_does_and_excerpts_are_single_spaced(tmp_path):
    repo = tmp_path / "checkout"
    shutil.copytree(EXAMPLES, repo)

    def git(*args):
        subprocess.run(["git", "-C", str(repo), *args], check=True, capture_output=True)

    git("init", "-q", "-b", "main")
    git("add", ".")
    git("-c", "user.name=t", "-c", "user.email=t@e", "commit", "-q", "-m", "x")
    git("remote", "add", "origin", "https://bot:secret-token@example.com/o/r.git")
    index = members_of(make_pack(tmp_path / "pack.zip", source=repo))["index.html"].decode()
    assert '<td id="scope-repository">https://example.com/o/r.git</td>' in index
    assert "secret-token" not in index
    excerpt = index.split('<pre class="excerpt"', 1)[1].split("</pre>", 1)[0]
    # one newline between lines: a block per line plus the newline showed an empty line
    body = excerpt.split(">", 1)[1]
    lines = body.split("\n")
    assert len(lines) > 1 and all(re.match(r"(<span class=\"hit\">)?\s*\d+  ", line)
                                  for line in lines), lines


# --- PDF ------------------------------------------------------------------------------------


def _weasyprint_works() -> bool:
    if importlib.util.find_spec("weasyprint") is None:
        return False
    try:
        import weasyprint  # noqa: F401  (needs Pango)
    except OSError:
        return False
    return True


def test_pdf(tmp_path):
    import os

    if not _weasyprint_works():
        if os.environ.get("CI"):
            pytest.fail("WeasyPrint is missing in CI: pip install '.[pdf]'")
        pytest.skip("WeasyPrint is not installed (pip install '.[pdf]')")
    small = EXAMPLES / "gateway"  # laying out the whole example's index takes minutes
    first = make_pack(tmp_path / "a.zip", "--pdf", source=small)
    pdf = members_of(first)["index.pdf"]
    assert pdf.startswith(b"%PDF-")
    # the same pack from another process, with another hash seed and another clock second
    # (fontTools stamps subset fonts with the time unless SOURCE_DATE_EPOCH pins it)
    import os
    import sys
    import time

    time.sleep(1.1)
    second = tmp_path / "b.zip"
    subprocess.run([sys.executable, "-m", "compliance", "evidence", str(small), "--framework",
                    "soc2", "--framework", "pci-dss", "-o", str(second), "--timestamp",
                    TIMESTAMP, "--no-cache", "-q", "--pdf"], check=True,
                   env={**os.environ, "PYTHONHASHSEED": "12345"})
    assert second.read_bytes() == first.read_bytes()
    assert run("verify", first).exit_code == 0


def test_requirements_list_the_controls_that_judged_something_first(pack):
    # SOC 2 CC6.1 listed 66 supporting controls (Azure, Google, Istio...) for an AWS and
    # Kubernetes tree, without saying which evaluated anything
    index = members_of(pack)["index.html"].decode()
    report = json.loads(members_of(pack)["report.json"])
    judged = {f["control"] for f in report["findings"]}
    failing = {f["control"] for f in report["findings"] if f["status"] == "fail"}
    blocks = index.split('<details class="requirement')[1:]
    folded = [b for b in blocks if "found nothing in scope</summary>" in b]
    assert folded
    ids = lambda text: set(re.findall(r"[a-z0-9]+(?:-[a-z0-9]+)+", re.sub(r"<[^>]+>", " ", text)))  # noqa: E731
    for block in folded:
        shown, idle = block.split('<details class="idle-controls">', 1)
        failing_line = shown.split('class="ctl-line failing-controls">', 1)[1].split("</p>")[0] \
            if "failing-controls" in shown else ""
        decided = shown.split('class="ctl-line decided-controls">', 1)[1].split("</p>")[0] \
            if "decided-controls" in shown else ""
        assert ids(failing_line) <= failing and ids(decided) <= judged - failing
        idle_ids = ids(idle.split('class="idle-list mono">', 1)[1].split("</p>", 1)[0])
        assert idle_ids and idle_ids.isdisjoint(judged)


def test_each_failing_finding_once_and_requirements_refer_to_it(pack):
    # a finding that supports eight requirements was printed eight times (the PDF of the
    # example ran to hundreds of pages); now once, numbered, and named by number
    index = members_of(pack)["index.html"].decode()
    report = json.loads(members_of(pack)["report.json"])
    failing = [f for f in report["findings"] if f["status"] == "fail"]
    numbers = re.findall(r'<article class="finding fail" id="(F\d+)">', index)
    assert numbers == [f"F{n}" for n in range(1, len(failing) + 1)]
    # every reference from a requirement lands on a finding of the control it names
    findings_html = index.split('<section id="findings">', 1)[1]
    for control, first in re.findall(r"([a-z0-9-]+)</?b?>? \(<a href=\"#(F\d+)\">", index):
        article = findings_html.split(f'id="{first}"', 1)[0]
        assert article.rsplit('<div class="control-group" id="control-', 1)[1] \
            .startswith(control + '"'), (control, first)


def test_severity_summary_counts_are_the_json_reports(pack):
    index = members_of(pack)["index.html"].decode()
    summary = json.loads(members_of(pack)["report.json"])["summary"]
    head = index.split('<section class="framework"', 1)[0]  # near the top, before frameworks
    cell = lambda key: int(re.search(rf'id="{key}">(\d+)<', head).group(1))  # noqa: E731
    for severity, count in summary["failing_by_severity"].items():
        assert cell(f"sev-{severity}-fail") == count, severity
    for status, count in summary["by_status"].items():
        assert cell(f"sev-all-{status}") == count, status
    assert sum(summary["failing_by_severity"].values()) == summary["by_status"]["fail"] > 0
    for part in ("scope-repository", "scope-commit", "scope-branch", "scope-time",
                 "scope-tool", "scope-catalog"):
        assert f'id="{part}"' in head, part


def test_finding_refs():
    from compliance.outputs.evidence import finding_refs

    assert finding_refs(["F3", "F4", "F5", "F9", "F10", "F12"]) == "F3\u2013F5, F9, F10, F12"
    assert finding_refs(["F2", "F2"]) == "F2"


def test_custom_properties_are_inlined():
    from compliance.outputs.evidence import inline_custom_properties, stylesheet

    css = (":root { --ink: #123; --line: #abc; }\n"
           "p { color: var(--ink); border: 1px solid var(--line); }")
    assert "p { color: #123; border: 1px solid #abc; }" in inline_custom_properties(css)
    assert "var(--" not in stylesheet()


def test_an_excerpt_past_the_end_of_the_file_is_empty_not_an_error():
    from compliance.outputs.excerpts import excerpt

    lines = ["resource \"x\" \"y\" {", "  a = 1", "}"]
    assert excerpt(lines, 10, 12, 11, set()).lines == []
    assert [n for n, _, _ in excerpt(lines, 1, 3, 2, set()).lines] == [1, 2, 3]

