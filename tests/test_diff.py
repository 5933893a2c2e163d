"""Pull-request mode: `compliance diff`, baselines, the PR comment, annotations, GitLab code
quality, and the CI integration files. Every test builds a real git repository in tmp_path."""

from __future__ import annotations

import json
import os
import re
import subprocess
import sys
import tempfile
from pathlib import Path

import pytest
import yaml
from click.testing import CliRunner

from compliance.catalog.frameworks import load_frameworks
from compliance.cli.main import main
from compliance.outputs import annotations, codequality, pr_comment
from compliance.pipeline.diff import run_diff
from compliance.pipeline.request import ScanRequest, prepare
from compliance.results.diff import classify, value_fingerprint

ROOT = Path(__file__).resolve().parent.parent
GIT_ENV = {"GIT_AUTHOR_NAME": "t", "GIT_AUTHOR_EMAIL": "t@example.com",
           "GIT_COMMITTER_NAME": "t", "GIT_COMMITTER_EMAIL": "t@example.com",
           "GIT_CONFIG_NOSYSTEM": "1", "HOME": ""}

CONTROL = "aws-apigw-method-authorization"


def method(name: str, authorization: str = "NONE", http_method: str = "GET") -> str:
    return (f'resource "aws_api_gateway_method" "{name}" {{\n'
            f'  rest_api_id   = "api"\n  resource_id   = "res"\n'
            f'  http_method   = "{http_method}"\n  authorization = "{authorization}"\n}}\n')


DEPLOYMENT = """\
apiVersion: apps/v1
kind: Deployment
metadata:
  name: web
  namespace: shop
spec:
  selector: {matchLabels: {app: web}}
  template:
    metadata: {labels: {app: web}}
    spec:
      containers:
        - name: web
          image: nginx:1.25
          securityContext:
            privileged: true
"""


def git(repo: Path, *args: str) -> str:
    env = {**os.environ, **GIT_ENV, "HOME": str(repo.parent)}
    return subprocess.run(["git", *args], cwd=repo, env=env, check=True, capture_output=True,
                          text=True).stdout


def make_repo(tmp_path: Path, files: dict[str, str]) -> Path:
    repo = tmp_path / "repo"
    repo.mkdir(parents=True)
    git(repo, "init", "-q", "-b", "main")
    write(repo, files)
    commit(repo, "base")
    return repo


def write(repo: Path, files: dict[str, str]) -> None:
    for name, text in files.items():
        path = repo / name
        path.parent.mkdir(parents=True, exist_ok=True)
        path.write_text(text)


def commit(repo: Path, message: str) -> str:
    git(repo, "add", "-A")
    git(repo, "commit", "-q", "-m", message)
    return git(repo, "rev-parse", "HEAD").strip()


def diff(repo: Path, catalog, tmp_path: Path, base="main", head=None, path=None, cached=True):
    """Each side is scanned whole; with a cache each is remembered (the base by its commit)."""
    request = ScanRequest(paths=(path or repo,), cache_dir=tmp_path / "cache" if cached else None)
    return run_diff(path or repo, base, head,
                    prepare(request, catalog, load_frameworks(catalog=catalog)))


def keys(findings):
    return sorted((f.control, f.resource.address) for f in findings)


def cli(*args):
    return CliRunner().invoke(main, [str(a) for a in args])


@pytest.fixture
def repo(tmp_path):
    return make_repo(tmp_path, {
        "infra/api.tf": method("list_orders") + "\n" + method("get_order", "AWS_IAM"),
        "k8s/web.yaml": DEPLOYMENT,
    })


# --- classification ------------------------------------------------------------------------


@pytest.mark.parametrize("cached", [True, False], ids=["remembered", "uncached"])
def test_new_fixed_and_unchanged(repo, catalog, tmp_path, cached):
    write(repo, {"infra/api.tf": method("list_orders", "AWS_IAM") + "\n"
                 + method("get_order", "AWS_IAM") + "\n" + method("delete_order")})
    result = diff(repo, catalog, tmp_path, cached=cached)
    assert keys(result.new) == [(CONTROL, "aws_api_gateway_method.delete_order")]
    assert keys(result.fixed) == [(CONTROL, "aws_api_gateway_method.list_orders")]
    assert ("k8s-privileged-container", "Deployment/shop/web") in keys(result.unchanged)
    assert result.changed_files == ["infra/api.tf"]
    assert result.base.sha and result.head.sha is None
    # coverage before and after, per framework
    assert result.coverage and all(d.before and d.after for d in result.coverage)


def test_json_lists_one_finding_per_line_and_says_what_json_dumps_would(repo, catalog,
                                                                           tmp_path):
    from compliance.outputs.diff_report import render_json
    from compliance.outputs.json_report import finding_to_dict

    write(repo, {"infra/api.tf": method("list_orders", "AWS_IAM") + "\n"
                 + method("get_order", "AWS_IAM") + "\n" + method("delete_order")})
    result = diff(repo, catalog, tmp_path)
    text = render_json(result)
    data = json.loads(text)
    assert list(data) == ["schema_version", "tool", "base", "head", "path_prefix",
                          "changed_files", "summary", "new", "fixed", "unchanged", "coverage"]
    requirements = result.head.result.requirements
    for name in ("new", "fixed", "unchanged"):
        findings = getattr(result, name)
        expected = [finding_to_dict(f, requirements) for f in findings]
        for entry, finding in zip(expected, findings):
            entry["location"]["repository_file"] = result.repo_path(finding)
        assert data[name] == json.loads(json.dumps(expected, default=str))
    # each finding on a line of its own, the rest indented
    lines = text.splitlines()
    assert sum(line.startswith('    {"control": ') for line in lines) == \
        len(result.new) + len(result.fixed) + len(result.unchanged)
    assert '  "summary": {' in lines and text.endswith("\n}\n")


@pytest.mark.parametrize("cached", [True, False], ids=["remembered", "uncached"])
def test_moved_and_reformatted_block_is_unchanged(repo, catalog, tmp_path, cached):
    moved = ("# reordered and reformatted\n\n\n" + method("get_order", "AWS_IAM") + "\n\n"
             + method("list_orders").replace("  authorization = ", "  authorization=")
             .replace("  rest_api_id   =", "  rest_api_id =") + "\n")
    write(repo, {"infra/api.tf": moved, "k8s/web.yaml": "# a comment\n" + DEPLOYMENT})
    result = diff(repo, catalog, tmp_path, cached=cached)
    assert result.new == [] and result.fixed == []
    assert (CONTROL, "aws_api_gateway_method.list_orders") in keys(result.unchanged)


@pytest.mark.parametrize("cached", [True, False], ids=["remembered", "uncached"])
def test_renamed_resource_is_new_and_fixed(repo, catalog, tmp_path, cached):
    write(repo, {"infra/api.tf": method("list_all_orders") + "\n" + method("get_order", "AWS_IAM")})
    result = diff(repo, catalog, tmp_path, cached=cached)
    assert keys(result.new) == [(CONTROL, "aws_api_gateway_method.list_all_orders")]
    assert keys(result.fixed) == [(CONTROL, "aws_api_gateway_method.list_orders")]


@pytest.mark.parametrize("cached", [True, False], ids=["remembered", "uncached"])
def test_head_ref_and_subfolder_path(repo, catalog, tmp_path, cached):
    base = git(repo, "rev-parse", "HEAD").strip()
    write(repo, {"infra/more.tf": method("admin")})
    head = commit(repo, "more")
    result = diff(repo, catalog, tmp_path, base=base, head=head, path=repo / "infra", cached=cached)
    assert keys(result.new) == [(CONTROL, "aws_api_gateway_method.admin")]
    assert result.prefix == "infra/"
    assert result.repo_path(result.new[0]) == "infra/more.tf"
    assert result.changed_files == ["infra/more.tf"]
    # a path that does not exist at the base: everything in it is new
    write(repo, {"new/api.tf": method("fresh")})
    commit(repo, "new folder")
    result = diff(repo, catalog, tmp_path, base=base, head="HEAD", path=repo / "new", cached=cached)
    assert keys(result.new) == [(CONTROL, "aws_api_gateway_method.fresh")]


@pytest.mark.parametrize("cached", [True, False], ids=["remembered", "uncached"])
def test_checkout_is_untouched(repo, catalog, tmp_path, monkeypatch, cached):
    write(repo, {"infra/api.tf": method("changed"), "untracked.tf": method("loose")})
    (repo / "staged.tf").write_text(method("staged"))
    git(repo, "add", "staged.tf")
    status, stash, worktrees = (git(repo, "status", "--porcelain"), git(repo, "stash", "list"),
                                git(repo, "worktree", "list", "--porcelain"))
    temp = tmp_path / "tmp"
    temp.mkdir()
    monkeypatch.setattr(tempfile, "tempdir", str(temp))
    result = diff(repo, catalog, tmp_path, base="HEAD", cached=cached)
    assert (CONTROL, "aws_api_gateway_method.staged") in keys(result.new)
    assert (CONTROL, "aws_api_gateway_method.loose") in keys(result.new)
    assert git(repo, "status", "--porcelain") == status
    assert git(repo, "stash", "list") == stash
    assert git(repo, "worktree", "list", "--porcelain") == worktrees
    assert list(temp.iterdir()) == []  # the base tree was removed


def classified(result):
    return [keys(getattr(result, name)) for name in ("new", "fixed", "unchanged")]


def test_a_second_diff_against_the_same_base_reads_nothing_of_it(repo, catalog, tmp_path,
                                                                  monkeypatch):
    from compliance.pipeline import git_trees

    archived = []
    original = git_trees._archive_into
    monkeypatch.setattr(git_trees, "_archive_into",
                        lambda root, sha, *rest: archived.append(sha) or original(root, sha,
                                                                                  *rest))
    write(repo, {"infra/api.tf": method("list_orders", "AWS_IAM")})
    first = diff(repo, catalog, tmp_path)
    assert len(archived) == 1  # the base, once
    write(repo, {"infra/more.tf": method("admin")})  # another change, the same base
    second = diff(repo, catalog, tmp_path)
    assert len(archived) == 1  # its scan was remembered by its commit
    assert classified(second) == classified(diff(repo, catalog, tmp_path, cached=False))
    assert keys(second.new) == keys(first.new) + [(CONTROL, "aws_api_gateway_method.admin")]
    # a scan remembered as a commit's names no folder of another run
    assert {f.resource.location.file for f in second.fixed} <= {"infra/api.tf"}


def _sides(result):
    """What a diff says, down to each finding's evidence and place, and each side's counts."""
    return (classified(result), [(f, f.resource.location) for f in
                                 result.fixed + result.new + result.unchanged],
            [(d.id, d.before, d.after) for d in result.coverage],
            [(s.sha, s.result.files_scanned, len(s.result.resources), s.result.errors,
              s.result.findings) for s in (result.base, result.head)])


@pytest.mark.skipif(not sys.platform.startswith("linux"), reason="helpers fork on Linux only")
def test_a_remembered_base_is_replayed_by_a_helper_while_the_head_is_scanned(
        repo, catalog, tmp_path, monkeypatch):
    from compliance.pipeline import diff as diff_module

    received = []
    original = diff_module._received
    monkeypatch.setattr(diff_module, "_received",
                        lambda *args: received.append(original(*args)) or received[-1])
    write(repo, {"infra/api.tf": method("list_orders", "AWS_IAM") + "\n" + method("x")})
    diff(repo, catalog, tmp_path)
    assert received == [None]  # nothing remembered yet: the helper left the base to this one
    write(repo, {"infra/more.tf": method("admin")})  # another change, the same base
    ahead = diff(repo, catalog, tmp_path)
    assert received[-1] is not None and ahead.base.result.replayed  # the helper's replay
    assert ahead.fixed and ahead.new  # (something to compare)
    monkeypatch.setattr(diff_module, "helper_count", lambda workers: 0)
    here = diff(repo, catalog, tmp_path)  # the same memo, replayed in this process
    assert len(received) == 2
    assert _sides(ahead) == _sides(here)
    assert classified(ahead) == classified(diff(repo, catalog, tmp_path, cached=False))


def test_a_working_tree_head_is_not_remembered_and_a_commit_is(repo, catalog, tmp_path):
    from compliance.processes.forked import wait_for_background

    memo = tmp_path / "cache" / "memo"
    write(repo, {"infra/api.tf": method("list_orders", "AWS_IAM")})
    diff(repo, catalog, tmp_path)
    wait_for_background()
    assert len(list(memo.iterdir())) == 2  # the base's places and result only
    commit(repo, "change")
    result = diff(repo, catalog, tmp_path, base="main", head="HEAD")
    wait_for_background()
    assert len(list(memo.iterdir())) == 4  # the head commit's too (the base was replayed)
    assert result.base.result.replayed and not result.head.result.replayed
    again = diff(repo, catalog, tmp_path, base="main", head="HEAD")
    assert again.head.result.replayed and classified(again) == classified(result)


@pytest.mark.parametrize("cached", [True, False], ids=["remembered", "uncached"])
def test_the_base_keeps_what_the_diff_compares(repo, catalog, tmp_path, cached):
    write(repo, {"infra/api.tf": method("list_orders", "AWS_IAM")})
    result = diff(repo, catalog, tmp_path, cached=cached)
    base, head = result.base.result, result.head.result
    assert base.findings and {f.status.value for f in base.findings} == {"fail"}
    assert {f.status.value for f in head.findings} > {"fail"}  # the head's, whole
    assert (len(base.resources), len(head.resources)) == (3, 2)  # counted, not kept
    with pytest.raises(RuntimeError, match="a diff keeps no resources of its base"):
        base.resources[0]
    assert [f.id for f in base.frameworks] == [f.id for f in head.frameworks]
    assert all(f.coverage and not f.requirements for f in base.frameworks)
    assert all(f.requirements for f in head.frameworks)


@pytest.mark.parametrize("cached", [True, False], ids=["remembered", "uncached"])
def test_each_side_is_judged_by_its_own_waivers_file(repo, catalog, tmp_path, cached):
    waiver = (f'- control: {CONTROL}\n  resource: "aws_api_gateway_method.list_orders"\n'
              "  reason: a public listing\n  owner: shop\n")
    write(repo, {".compliance/waivers.yaml": waiver})
    commit(repo, "waived")
    (repo / ".compliance" / "waivers.yaml").unlink()  # the head drops the waiver
    result = diff(repo, catalog, tmp_path, base="HEAD", cached=cached)
    assert keys(result.new) == [(CONTROL, "aws_api_gateway_method.list_orders")]
    # and a later diff against that base (remembered) still judges it by its own
    if cached:
        again = diff(repo, catalog, tmp_path, base="HEAD", cached=cached)
        assert classified(again) == classified(result)


def test_unchanged_files_hit_the_parse_cache(repo, catalog, tmp_path, monkeypatch):
    from compliance.parse import batch as scan_module

    diff(repo, catalog, tmp_path)  # fills the cache
    write(repo, {"infra/api.tf": method("list_orders", "AWS_IAM")})
    parsed = []
    original = scan_module._parse_one
    monkeypatch.setattr(scan_module, "_parse_one", lambda job: parsed.append(job[0]) or
                        original(job))
    diff(repo, catalog, tmp_path)
    assert parsed == ["terraform"]  # only the changed file's new content


# --- CLI -----------------------------------------------------------------------------------


def test_fail_on_new_exit_codes(repo, tmp_path):
    cache = tmp_path / "cache"
    # nothing changed: failing findings exist, but none is new
    assert cli("diff", repo, "--base", "main", "--cache-dir", cache).exit_code == 0
    write(repo, {"infra/extra.tf": method("extra")})  # a new high finding
    result = cli("diff", repo, "--base", "main", "--cache-dir", cache)
    assert result.exit_code == 1, result.output
    assert "1 new" in result.output and "infra/extra.tf" in result.output
    assert cli("diff", repo, "--base", "main", "--cache-dir", cache,
               "--fail-on-new", "critical").exit_code == 0
    assert cli("diff", repo, "--base", "main", "--cache-dir", cache,
               "--fail-on-new", "none").exit_code == 0
    assert cli("diff", repo, "--base", "no-such-ref", "--cache-dir", cache).exit_code == 2



def test_diff_text_is_coloured_only_on_a_terminal_that_wants_it(repo, tmp_path, monkeypatch):
    from compliance.cli import diff as diff_module

    write(repo, {"infra/extra.tf": method("extra")})
    args = [str(a) for a in ("diff", repo, "--base", "main", "--cache-dir", tmp_path / "cache")]
    # a terminal: colour (click passes it on with color=True, as it does to a terminal)
    monkeypatch.setattr(diff_module, "terminal_style", lambda no_color: (80, not no_color))
    coloured = CliRunner().invoke(main, args, color=True).output
    assert "\x1b[" in coloured and "infra/extra.tf" in coloured
    plain = re.sub(r"\x1b\[[0-9;]*m", "", coloured)
    assert plain == CliRunner().invoke(main, [*args, "--no-color"], color=True).output
    monkeypatch.setattr(diff_module, "terminal_style", lambda no_color: (80, False))
    assert CliRunner().invoke(main, args, color=True).output == plain
    outside = tmp_path / "not-a-repo"
    outside.mkdir()
    bad = cli("diff", outside, "--base", "main", "--no-cache")
    assert bad.exit_code == 2 and "error: git" in bad.output


def test_cli_writes_every_format(repo, tmp_path):
    write(repo, {"infra/extra.tf": method("extra")})
    out = tmp_path / "out"
    out.mkdir()
    result = cli("diff", repo, "--base", "main", "--cache-dir", tmp_path / "cache",
                 "--format", "github", "--markdown", out / "c.md", "--json", out / "d.json",
                 "--sarif", out / "s.sarif", "--gitlab", out / "gl.json",
                 "--link-base", "https://github.com/o/r/blob/abc")
    assert result.exit_code == 1
    assert result.stdout.startswith("::error file=infra/extra.tf,line=")
    assert "wrote " + str(out / "c.md") + ": the markdown report" in result.stderr
    comment = (out / "c.md").read_text()
    assert comment.startswith(pr_comment.MARKER)
    assert "(https://github.com/o/r/blob/abc/infra/extra.tf#L" in comment
    data = json.loads((out / "d.json").read_text())
    assert data["summary"]["new"] == 1 and data["new"][0]["location"]["repository_file"] == \
        "infra/extra.tf"
    assert json.loads((out / "s.sarif").read_text())["version"] == "2.1.0"
    assert {i["check_name"] for i in json.loads((out / "gl.json").read_text())} >= {CONTROL}


# --- baselines -----------------------------------------------------------------------------


def test_baseline_hides_known_findings_and_follows_moves(repo, tmp_path):
    cache = tmp_path / "cache"
    base_file = tmp_path / "baseline.json"
    created = cli("baseline", "create", repo, "-o", base_file, "--cache-dir", cache)
    assert created.exit_code == 0, created.output
    entries = json.loads(base_file.read_text())["findings"]
    assert any(e["control"] == CONTROL for e in entries)

    def reported():
        result = cli("scan", repo, "--baseline", base_file, "--format", "json", "--cache-dir",
                     cache, "--no-config", "-q")
        return {(f["control"], f["resource"]["address"]) for f in
                json.loads(result.output)["findings"] if f["status"] == "fail"}, result.exit_code

    assert reported() == (set(), 0)
    # moved and reformatted: still baselined
    write(repo, {"infra/api.tf": "\n\n" + method("get_order", "AWS_IAM") + "\n"
                 + method("list_orders").replace("   =", " =")})
    assert reported() == (set(), 0)
    # the offending value changed (still failing): new
    write(repo, {"infra/api.tf": method("list_orders", "none") + method("get_order", "AWS_IAM")})
    assert reported() == ({(CONTROL, "aws_api_gateway_method.list_orders")}, 1)
    # renamed: new
    write(repo, {"infra/api.tf": method("orders", "NONE") + method("get_order", "AWS_IAM")})
    assert reported() == ({(CONTROL, "aws_api_gateway_method.orders")}, 1)


def test_every_format_says_what_the_baseline_hid(repo, tmp_path):
    # a baseline used to print "0 failing" with no word of the findings it hid
    base_file = tmp_path / "baseline.json"
    cli("baseline", "create", repo, "-o", base_file, "--no-cache", "--no-config")
    hidden = len(json.loads(base_file.read_text())["findings"])
    assert hidden > 0

    def scan(fmt):
        result = cli("scan", repo, "--baseline", base_file, "--format", fmt, "--no-cache",
                     "--no-config", "-q")
        assert result.exit_code == 0, result.output
        return result.output

    report = json.loads(scan("json"))
    assert report["summary"]["baselined"] == len(report["baselined"]) == hidden
    assert {f["status"] for f in report["baselined"]} == {"fail"}
    assert not [f for f in report["findings"] if f["status"] == "fail"]
    assert f"{hidden} in the baseline" in scan("table")
    assert f"{hidden} failing findings are in the baseline" in scan("markdown")
    assert f"{hidden} failing findings are in the baseline" in scan("html")
    assert json.loads(scan("sarif"))["runs"][0]["properties"]["baselined"] == hidden
    assert scan("csv").count(",baselined,") == hidden
    assert f'name="in the baseline" tests="{hidden}"' in scan("junit")


def test_value_fingerprint_tracks_the_value_and_fingerprint_does_not(repo, catalog, tmp_path):
    write(repo, {"infra/api.tf": method("list_orders", "none") + method("get_order", "AWS_IAM")})
    result = diff(repo, catalog, tmp_path)
    [before] = [f for f in result.base.result.findings
                if f.control == CONTROL and f.status.value == "fail"]
    [after] = [f for f in result.head.result.findings
               if f.control == CONTROL and f.status.value == "fail"]
    assert before.fingerprint == after.fingerprint  # the diff follows the finding
    assert value_fingerprint(before) != value_fingerprint(after)  # a baseline does not


def test_bad_baseline_is_a_usage_error(repo, tmp_path):
    bad = tmp_path / "bad.json"
    bad.write_text("{}")
    result = cli("scan", repo, "--baseline", bad, "--no-cache", "--no-config")
    assert result.exit_code == 2 and "not a compliance baseline" in result.output


# --- PR comment ----------------------------------------------------------------------------


def test_comment_rendering(repo, catalog, tmp_path):
    write(repo, {"infra/api.tf": method("list_orders", "AWS_IAM") + method("get_order", "AWS_IAM")
                 + method("pipe|name")})
    result = diff(repo, catalog, tmp_path)
    text = pr_comment.render(result, link_base="https://example.test/blob/sha")
    assert text.startswith(pr_comment.MARKER + "\n")
    assert "1 new failing finding (1 high)" in text
    assert "### New failing findings" in text and "### Fixed" in text
    assert "[`infra/api.tf:" in text and "](https://example.test/blob/sha/infra/api.tf#L" in text
    assert "pipe\\|name" in text  # table cells stay cells
    assert "<details>" in text and "unchanged failing finding" in text
    assert "### Framework coverage (before → after)" in text
    assert "Truncated" not in text
    clean = diff(make_repo(tmp_path / "clean", {"a.tf": method("x", "AWS_IAM")}), catalog, tmp_path)
    assert "No new failing findings" in pr_comment.render(clean)


def test_comment_is_truncated_under_the_github_limit(tmp_path, catalog):
    repo = make_repo(tmp_path, {"api.tf": method("keep", "AWS_IAM")})
    write(repo, {"api.tf": "".join(method(f"operation_{i:04d}_" + "x" * 40) for i in range(700))})
    result = diff(repo, catalog, tmp_path)
    assert len(result.new) == 700
    full = pr_comment.render(result, limit=10**9)
    assert len(full) > pr_comment.GITHUB_LIMIT
    text = pr_comment.render(result)
    assert len(text) <= pr_comment.GITHUB_LIMIT
    assert "**Truncated:**" in text
    shown = text.count("| high |")
    assert 0 < shown < 700
    assert f"{700 - shown} new finding(s) are not listed here" in text
    assert "700 new failing findings (700 high)" in text


# --- annotations and GitLab ----------------------------------------------------------------


def test_annotation_escaping():
    assert annotations.escape_data("100%\r\nnext") == "100%25%0D%0Anext"
    assert annotations.escape_property("a:b,c%\n") == "a%3Ab%2Cc%25%0A"


def test_annotations_and_gitlab_shape(repo, catalog, tmp_path):
    write(repo, {"infra/extra.tf": method("extra")})
    result = diff(repo, catalog, tmp_path)
    lines = annotations.render(result.new, result.repo_path).splitlines()
    assert len(lines) == 1
    command, message = lines[0].split("::", 2)[1:]
    level, props = command.split(" ", 1)
    assert level == "error"  # high
    fields = dict(p.split("=", 1) for p in props.split(","))
    assert fields["file"] == "infra/extra.tf" and fields["line"].isdigit()
    assert fields["title"].startswith(f"{CONTROL} (high)%3A ")
    assert "aws_api_gateway_method.extra" in message and "\n" not in message

    report = json.loads(codequality.render(result.new + result.unchanged, result.repo_path))
    assert isinstance(report, list) and len(report) == 1 + len(result.unchanged)
    for issue in report:
        assert set(issue) == {"description", "check_name", "fingerprint", "severity", "location"}
        assert issue["severity"] in {"info", "minor", "major", "critical", "blocker"}
        assert isinstance(issue["location"]["lines"]["begin"], int)
    assert len({i["fingerprint"] for i in report}) == len(report)
    assert report[0]["location"]["path"] == "infra/extra.tf"


def test_an_unread_input_of_the_head_is_in_every_diff_format(repo, catalog, tmp_path):
    from compliance.outputs import diff_report

    write(repo, {"infra/broken.tf": 'resource "x" "y" {\n  a = \n'})
    result = diff(repo, catalog, tmp_path)
    warning = annotations.render(result.new, result.repo_path, result.head.result.errors,
                                 result.prefix).splitlines()[-1]
    assert warning.startswith("::warning file=infra/broken.tf,") and "line=" in warning
    quality = json.loads(codequality.render([], result.repo_path, result.head.result.errors,
                                            result.prefix))
    assert [(i["check_name"], i["location"]["path"]) for i in quality] == [
        ("compliance-input-not-read", "infra/broken.tf")]
    assert "not read completely (1)" in diff_report.render_text(result)
    assert "infra/broken.tf" in diff_report.render_text(result)
    comment = pr_comment.render(result)
    assert "**Incomplete:** 1 input of the head could not be read completely" in comment
    assert "infra/broken.tf:2" in comment
    # the CLI fails closed, and --allow-unread lets the new findings decide
    assert cli("diff", repo, "--base", "main", "--no-cache").exit_code == 3
    assert cli("diff", repo, "--base", "main", "--no-cache", "--allow-unread").exit_code == 0


def test_classify_by_fingerprint_only_counts_failing(repo, catalog, tmp_path):
    result = diff(repo, catalog, tmp_path)
    new, fixed, unchanged = classify(result.base.result, result.head.result)
    assert new == fixed == [] and all(f.status.value == "fail" for f in unchanged)


# --- integration files ---------------------------------------------------------------------


def test_action_yml():
    action = yaml.safe_load((ROOT / "action.yml").read_text())
    assert action["runs"]["using"] == "composite"
    assert {"path", "base", "fail-on-new", "framework", "comment", "sarif"} <= set(action["inputs"])
    for step in action["runs"]["steps"]:
        if "run" in step:
            assert step["shell"] == "bash"
    scripts = "\n".join(s.get("run", "") for s in action["runs"]["steps"])
    assert "compliance diff" in scripts and "compliance scan" in scripts
    assert "gh api" in scripts and pr_comment.MARKER in scripts
    assert any("upload-sarif" in s.get("uses", "") for s in action["runs"]["steps"])


def test_pre_commit_hooks():
    hooks = yaml.safe_load((ROOT / ".pre-commit-hooks.yaml").read_text())
    assert [h["id"] for h in hooks] == ["compliance", "compliance-baseline"]
    for hook in hooks:
        assert {"id", "name", "entry", "language"} <= set(hook)
        assert hook["entry"].startswith("compliance scan")


def test_gitlab_template():
    template = yaml.safe_load((ROOT / "templates/gitlab/compliance.gitlab-ci.yml").read_text())
    job = template["compliance"]
    assert job["artifacts"]["reports"]["codequality"] == "gl-code-quality-report.json"
    assert {"COMPLIANCE_PATH", "COMPLIANCE_FAIL_ON_NEW"} <= set(template["variables"])
    assert "compliance diff" in "\n".join(job["script"])


def test_readme_shows_each_integration():
    readme = (ROOT / "README.md").read_text()
    for needle in ("uses: compliance-dev/compliance@", "repo: https://github.com/compliance-dev/compliance",
                   "templates/gitlab/compliance.gitlab-ci.yml", "compliance diff --base",
                   "compliance baseline create"):
        assert needle in readme, needle


# --- the base scan reads only the root modules a change can affect --------------------------

MODULE_CALL = 'module "api" {\n  source = "../../modules/api"\n  auth   = "%s"\n}\n'
MODULE = ('variable "auth" {}\n' + method("shared").replace('"NONE"', "var.auth")
          .replace('authorization = "var.auth"', "authorization = var.auth"))


@pytest.mark.parametrize("cached", [True, False], ids=["remembered", "uncached"])
def test_module_change_reaches_its_callers_and_other_roots_stay(tmp_path, catalog, cached):
    repo = make_repo(tmp_path, {"modules/api/main.tf": MODULE,
                                "live/a/main.tf": MODULE_CALL % "NONE",
                                "live/b/main.tf": MODULE_CALL % "AWS_IAM",
                                "live/c/api.tf": method("c_only")})
    # a change in one root module: the others are not compared again, and stay unchanged
    write(repo, {"live/b/main.tf": MODULE_CALL % "NONE"})
    result = diff(repo, catalog, tmp_path, cached=cached)
    assert [(f.resource.scope, f.resource.address) for f in result.new] == \
        [("live/b", "module.api.aws_api_gateway_method.shared")]
    assert result.fixed == []
    assert {f.resource.scope for f in result.unchanged} >= {"live/a", "live/c"}
    # a change in the module: both callers are compared
    write(repo, {"live/b/main.tf": MODULE_CALL % "AWS_IAM",
                 "modules/api/main.tf": MODULE.replace("http_method   = \"GET\"",
                                                       "http_method   = \"HEAD\"")})
    result = diff(repo, catalog, tmp_path, cached=cached)
    assert result.new == [] and result.fixed == []
    # a deleted file: the whole base is scanned, the deleted finding is fixed
    (repo / "live/c/api.tf").unlink()
    result = diff(repo, catalog, tmp_path, cached=cached)
    assert keys(result.fixed) == [(CONTROL, "aws_api_gateway_method.c_only")]


@pytest.mark.parametrize("cached", [True, False], ids=["remembered", "uncached"])
def test_unchanged_root_modules_with_embedded_documents_and_local_modules_stay_unchanged(
        tmp_path, catalog, cached):
    """Root modules the change does not touch stay unchanged: the documents they embed and the
    local modules they call must not turn up on their own as 'fixed'."""
    api = ('resource "aws_api_gateway_rest_api" "catalog" {\n  name = "c"\n'
           '  body = templatefile("${path.module}/openapi.yaml", { uri = "arn:x" })\n}\n'
           'module "api" {\n  source = "../../modules/api"\n  auth   = "NONE"\n}\n')
    document = ("openapi: 3.0.3\ninfo: {title: c, version: '1'}\npaths:\n  /open:\n    get:\n"
                "      security: []\n      x-amazon-apigateway-integration: {type: aws_proxy,"
                " httpMethod: POST, uri: '${uri}'}\n      responses: {'200': {description: ok}}\n")
    repo = make_repo(tmp_path, {"live/a/main.tf": api, "live/a/openapi.yaml": document,
                                "modules/api/main.tf": MODULE, "live/b/api.tf": method("b")})
    write(repo, {"live/b/api.tf": method("b") + method("b2")})
    result = diff(repo, catalog, tmp_path, cached=cached)
    assert keys(result.new) == [(CONTROL, "aws_api_gateway_method.b2")]
    assert result.fixed == []
    unchanged = {f.resource.address for f in result.unchanged}
    assert {"aws_api_gateway_rest_api.catalog:GET /open",
            "module.api.aws_api_gateway_method.shared"} <= unchanged


LAMBDA = ('resource "aws_lambda_function" "fn" {\n  function_name = "%s"\n'
          '  role          = "arn:aws:iam::123456789012:role/shared"\n'
          '  handler       = "index.handler"\n  runtime       = "python3.12"\n'
          '  filename      = "fn.zip"\n}\n')


@pytest.mark.parametrize("cached", [True, False], ids=["remembered", "uncached"])
def test_a_finding_that_compares_across_root_modules_is_unchanged_when_neither_changed(
        tmp_path, catalog, cached):
    """aws-iam-role-per-workload compares every function's role with every other's, across
    root modules: a change elsewhere in one of them leaves both findings as they were. (A base
    scan without the root modules the change could not reach judged the changed one's
    function alone, found its role unshared, and reported the head's finding as new.)"""
    repo = make_repo(tmp_path, {"live/a/main.tf": LAMBDA % "a", "live/b/main.tf": LAMBDA % "b"})
    shared = [("aws-iam-role-per-workload", "aws_lambda_function.fn")] * 2
    write(repo, {"live/a/main.tf": LAMBDA % "a"
                 + 'resource "aws_s3_bucket" "extra" {\n  bucket = "extra"\n}\n'})
    result = diff(repo, catalog, tmp_path, cached=cached)
    assert [key for key in keys(result.unchanged) if key[0] == shared[0][0]] == shared
    assert all(f.control != shared[0][0] for f in result.new + result.fixed)
    # the role made the function's own: the finding in the other root module is fixed too
    write(repo, {"live/a/main.tf": LAMBDA.replace("role/shared", "role/a") % "a"})
    result = diff(repo, catalog, tmp_path, cached=cached)
    assert [(f.control, f.resource.scope) for f in result.fixed
            if f.control == shared[0][0]] == [(shared[0][0], "live/a"), (shared[0][0], "live/b")]


PUBLIC_DB = ('resource "aws_db_instance" "%s" {\n  publicly_accessible = true\n'
             '  storage_encrypted   = true\n}\n')


def _with_submodule(tmp_path: Path) -> tuple[Path, Path]:
    """A repository whose `modules/db` is a submodule holding a public database."""
    library = make_repo(tmp_path / "library", {"db.tf": PUBLIC_DB % "one"})
    repo = make_repo(tmp_path, {"main.tf": method("list_orders", "AWS_IAM")})
    git(repo, "-c", "protocol.file.allow=always", "submodule", "add", "-q", str(library),
        "modules/db")
    commit(repo, "the database module")
    return repo, repo / "modules" / "db"


@pytest.mark.parametrize("cached", [True, False], ids=["remembered", "uncached"])
def test_a_submodule_is_compared_at_the_commit_each_side_names(tmp_path, catalog, cached):
    """A commit holds a submodule as a gitlink only: a base without its files made every
    finding in them new, and a pull request that touched nothing there failed its gate."""
    repo, clone = _with_submodule(tmp_path)
    write(repo, {"main.tf": method("list_orders", "AWS_IAM") + "\n# a comment\n"})
    result = diff(repo, catalog, tmp_path, cached=cached)
    assert result.new == [] and result.fixed == []
    assert ("aws-rds-not-public", "aws_db_instance.one") in keys(result.unchanged)
    # the pointer moved to a commit with a second database: only that one is new
    write(clone, {"db.tf": PUBLIC_DB % "one" + PUBLIC_DB % "two"})
    commit(clone, "a second database")
    commit(repo, "the module with two databases")
    result = diff(repo, catalog, tmp_path, base="main~1", head="main", cached=cached)
    assert {key for key in keys(result.new) if key[0] == "aws-rds-not-public"} == {
        ("aws-rds-not-public", "aws_db_instance.two")}
    assert result.fixed == []
    assert not any(e.file.startswith("modules") for e in result.head.result.errors)


def test_a_submodule_commit_this_clone_lacks_is_named_not_compared_quietly(tmp_path, catalog):
    """A base whose submodule commit is not in the clone (a pointer moved to a commit never
    fetched here) has no files there: the diff says so, as an input it could not read."""
    repo, clone = _with_submodule(tmp_path)
    # the clone's only commit replaced by another: the base's gitlink names one it lacks
    write(clone, {"db.tf": PUBLIC_DB % "one"})
    git(clone, "checkout", "-q", "--orphan", "fresh")
    commit(clone, "rewritten")
    git(clone, "branch", "-D", "main")
    git(clone, "remote", "remove", "origin")
    git(clone, "reflog", "expire", "--expire=now", "--all")
    git(clone, "gc", "-q", "--prune=now")
    result = diff(repo, catalog, tmp_path, cached=False)
    notices = [e for e in result.head.result.errors if e.file == "modules/db"]
    assert len(notices) == 1 and notices[0].unread
    assert "the base's commit" in notices[0].message and "show as new" in notices[0].message
    outcome = cli("diff", repo, "--base", "main", "--no-cache")
    assert outcome.exit_code == 3 and "git submodule modules/db" in outcome.output


@pytest.mark.parametrize("cached", [True, False], ids=["remembered", "uncached"])
def test_files_marked_export_ignore_are_in_the_base(tmp_path, catalog, cached):
    """`git archive` leaves out what `.gitattributes` marks export-ignore (and rewrites
    export-subst files): the base's extraction did, and every finding in those files was new."""
    repo = make_repo(tmp_path, {
        ".gitattributes": "legacy/** export-ignore\n*.tf export-subst\n",
        "legacy/db.tf": PUBLIC_DB % "old", "main.tf": method("list_orders", "AWS_IAM"),
        "tagged.tf": PUBLIC_DB.replace("true\n}", 'true\n  tags = { v = "$Format:%%H$" }\n}')
                     % "tagged"})
    write(repo, {"main.tf": method("list_orders", "AWS_IAM") + "\n# a comment\n"})
    result = diff(repo, catalog, tmp_path, cached=cached)
    assert result.new == [] and result.fixed == []
    assert {("aws-rds-not-public", "aws_db_instance.old"),
            ("aws-rds-not-public", "aws_db_instance.tagged")} <= set(keys(result.unchanged))


@pytest.mark.parametrize("cached", [True, False], ids=["remembered", "uncached"])
def test_a_sparse_checkout_is_compared_with_a_base_as_sparse(tmp_path, catalog, cached):
    """A working tree from a sparse checkout (actions/checkout's `sparse-checkout`) lacks the
    folders outside its cone: a whole base made every finding there look fixed."""
    repo = make_repo(tmp_path, {"team-a/db.tf": PUBLIC_DB % "a", "team-b/db.tf": PUBLIC_DB % "b"})
    git(repo, "sparse-checkout", "set", "team-a")
    assert not (repo / "team-b").exists()
    write(repo, {"team-a/db.tf": PUBLIC_DB % "a" + "\n# a comment\n"})
    result = diff(repo, catalog, tmp_path, cached=cached)
    assert result.new == [] and result.fixed == []
    assert ("aws-rds-not-public", "aws_db_instance.a") in keys(result.unchanged)
    # back to the whole tree: team-b is compared again, with a base that has it
    git(repo, "sparse-checkout", "disable")
    result = diff(repo, catalog, tmp_path, cached=cached)
    assert result.fixed == [] and ("aws-rds-not-public", "aws_db_instance.b") in keys(
        result.unchanged)


@pytest.mark.parametrize("cached", [True, False], ids=["remembered", "uncached"])
def test_files_git_ignores_serve_both_sides(tmp_path, catalog, cached):
    """A `*.auto.tfvars` a CI step generates (or a developer keeps), or a folder of generated
    configuration, is ignored by git: the working tree's environment, not the change. A base
    without it judged `var.public` unknown and the generated module absent, and their
    findings looked new."""
    repo = make_repo(tmp_path, {
        ".gitignore": "*.auto.tfvars\ngenerated/\n",
        "main.tf": 'variable "public" {}\n' + (PUBLIC_DB % "db").replace(
            "publicly_accessible = true", "publicly_accessible = var.public")})
    write(repo, {"ci.auto.tfvars": "public = true\n", "generated/extra.tf": PUBLIC_DB % "extra",
                 "main.tf": (repo / "main.tf").read_text() + "# a comment\n"})
    result = diff(repo, catalog, tmp_path, cached=cached)
    assert result.new == [] and result.fixed == []
    assert {("aws-rds-not-public", "aws_db_instance.db"),
            ("aws-rds-not-public", "aws_db_instance.extra")} <= set(keys(result.unchanged))
    # a change to the committed file is still new
    write(repo, {"main.tf": (repo / "main.tf").read_text().replace(
        "storage_encrypted   = true", "storage_encrypted   = false")})
    result = diff(repo, catalog, tmp_path, cached=cached)
    assert [key for key in keys(result.new) if key[1] == "aws_db_instance.db"] == [
        ("aws-rds-storage-encrypted", "aws_db_instance.db")]


def test_changed_files_are_named_as_they_are(tmp_path, catalog):
    """git quotes a name that is not plain ASCII unless told not to: the report listed
    `"caf\\303\\251.tf"` for café.tf."""
    repo = make_repo(tmp_path, {"café.tf": method("list_orders", "AWS_IAM"), "a b.tf": "x = 1\n"})
    write(repo, {"café.tf": method("list_orders"), "a b.tf": "x = 2\n", "neu ü.tf": "y = 1\n"})
    result = diff(repo, catalog, tmp_path)
    assert result.changed_files == ["a b.tf", "café.tf", "neu ü.tf"]
    assert [f.resource.location.file for f in result.new] == ["café.tf"]


def test_the_scans_own_cache_in_the_repository_is_not_carried_into_the_base(tmp_path, catalog):
    """A CI job may keep the cache in the repository, ignored by git: it holds downloaded
    modules' .tf files. Carried into the base as ignored files, they were read there as the
    base's own, and all their findings showed as fixed."""
    repo = make_repo(tmp_path, {".gitignore": ".cache/\n",
                                "main.tf": method("list_orders", "AWS_IAM")})
    write(repo, {".cache/modules/pkg/main.tf": PUBLIC_DB % "downloaded",
                 "main.tf": method("list_orders", "AWS_IAM") + "\n# a comment\n"})
    request = ScanRequest(paths=(repo,), cache_dir=repo / ".cache")
    result = run_diff(repo, "main", None, prepare(request, catalog,
                                                  load_frameworks(catalog=catalog)))
    assert result.new == [] and result.fixed == []
    assert not any(f.resource.location.file.startswith(".cache")
                   for f in result.unchanged + result.base.result.findings)
