"""Running a renderer (helm, kustomize, kubectl) on a scanned folder.

A chart's templates and a kustomization's plugins are the repository's, so the renderer runs
as an untrusted program does (compliance.parse.pulumi.sandbox): an allow-listed environment
(none of the runner's cloud or cluster credentials), a time limit, its output capped, every
process it starts stopped at its end. It runs offline: its home, configuration and cache
folders are an empty temporary folder (no repositories, registry logins or kubeconfig of the
runner's), HTTP(S) goes to a proxy on a closed local port and git may use only local files, so
a chart or overlay that would fetch something fails with a message instead.
"""

from __future__ import annotations

import re
import shutil
import tempfile
from dataclasses import dataclass
from pathlib import Path

from compliance.model.masking import mask_in_text
from compliance.parse.discover import ALWAYS_SKIPPED_DIRS, walk_tree

MAX_RENDERED_BYTES = 32 * 1024 * 1024
_NOWHERE = "http://127.0.0.1:9"  # the discard port: nothing listens, connections are refused
_MESSAGE_CHARS = 600
# kubectl's log prefix: E1205 02:35:54.392438    7122 run.go:72] "command failed" err="..."
_KLOG = re.compile(r'^[EWI]\d{4} [\d:.]+\s+\d+ [\w.]+:\d+\] (?:"command failed" err=)?')


@dataclass(frozen=True)
class Rendered:
    text: str | None  # the renderer's output, None when it failed
    problem: str = ""  # why it failed: the renderer's own message, masked


def which(*names: str) -> str | None:
    """The first of `names` found on PATH, as a full path."""
    for name in names:
        found = shutil.which(name)
        if found:
            return found
    return None


def outside(folder: Path, root: Path) -> str | None:
    """The first path under `folder` (or `folder` itself) that is, or links to, something
    outside `root`, as a message; None when all lies inside. A renderer follows links and
    `..`: what it reads must stay inside the scanned folder, as the scan's own reading does."""
    if not folder.resolve().is_relative_to(root):
        return (f"it uses {folder}, outside the scanned folder (scan a folder that holds "
                "both)")
    for dirpath, dirnames, filenames in walk_tree(folder):
        dirnames[:] = [d for d in dirnames if d not in ALWAYS_SKIPPED_DIRS]
        for name in dirnames + filenames:
            path = Path(dirpath) / name
            if path.is_symlink() and not path.resolve().is_relative_to(root):
                return f"{path.relative_to(folder)} links outside the scanned folder"
    return None


def offline_env(home: Path) -> dict[str, str]:
    folders = {name: str(home / name.lower()) for name in (
        "XDG_CONFIG_HOME", "XDG_CACHE_HOME", "XDG_DATA_HOME",
        "HELM_CONFIG_HOME", "HELM_CACHE_HOME", "HELM_DATA_HOME")}
    return {"HOME": str(home), **folders, "KUBECONFIG": str(home / "kubeconfig"),
            "HTTP_PROXY": _NOWHERE, "HTTPS_PROXY": _NOWHERE, "http_proxy": _NOWHERE,
            "https_proxy": _NOWHERE, "NO_PROXY": "", "no_proxy": "",
            "GIT_ALLOW_PROTOCOL": "file", "GIT_TERMINAL_PROMPT": "0",
            "GIT_CONFIG_NOSYSTEM": "1", "HELM_NO_PLUGINS": "1"}


def tool_message(stderr: bytes) -> str:
    """The renderer's error message on one line: klog prefixes and `Error:` dropped,
    credentials masked, cut to a readable length."""
    lines = []
    for line in stderr.decode("utf-8", "replace").splitlines():
        line = _KLOG.sub("", line.strip()).removeprefix("Error: ").strip()
        if line and not line.startswith("Use --debug flag"):
            lines.append(line)
    text = mask_in_text(" ".join(lines)) or "no message"
    return text if len(text) <= _MESSAGE_CHARS else text[: _MESSAGE_CHARS - 1] + "…"


def render(command: list[str], cwd: Path, timeout: float,
           max_bytes: int = MAX_RENDERED_BYTES) -> Rendered:
    """Run a renderer and return what it printed, or why it failed."""
    # here, not at the top: its package loads the Pulumi and YAML readers, which a scan that
    # finds a chart but no helm to render it never needs
    from compliance.parse.pulumi.sandbox import run_contained

    name = Path(command[0]).name
    with tempfile.TemporaryDirectory(prefix="compliance-render-") as home:
        try:
            code, out, err = run_contained(command, cwd, timeout, env=offline_env(Path(home)),
                                           max_output=max_bytes)
        except OSError as exc:
            return Rendered(None, f"cannot run {name}: {exc.strerror or exc}")
    if len(out) > max_bytes:
        return Rendered(None, f"{name} printed more than {max_bytes:,} bytes (the limit); "
                              "not scanned")
    if code is None:
        return Rendered(None, f"{name} did not finish within {timeout:g} s; not scanned")
    if code != 0:
        return Rendered(None, f"{name} failed (exit {code}): {tool_message(err)}")
    return Rendered(out.decode("utf-8", "replace"))
