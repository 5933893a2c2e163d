#!/usr/bin/env python3
"""Write the controls of every requirement in frameworks/<id>.yaml from frameworks/themes.yaml.

themes.yaml records how each control was placed (its theme, and whether it is a full member or
a supporting one); the framework files are what the tool reads. tests/test_frameworks.py checks
that the two say the same; this script makes them so after controls are added to themes:

    python tools/frameworks/sync.py            # rewrite the framework files
    python tools/frameworks/sync.py --check    # exit 1 when a file would change

Only the `controls:` list of each requirement is rewritten (direct links first, then the
supporting ones, each in control-id order); titles, notes and comments stay as they are.
"""

from __future__ import annotations

import argparse
import re
import sys
from pathlib import Path

import yaml

FRAMEWORKS = Path(__file__).resolve().parents[2] / "frameworks"
_REQUIREMENT = re.compile(r'^  - id: "?([^"\n]+?)"?\s*$')
_CONTROLS = re.compile(r"^    controls:")
_LINK = re.compile(r"^      - ")


def links_by_framework(themes: dict) -> dict[str, dict[str, dict[str, str]]]:
    """framework -> requirement -> control -> strength, as themes.yaml derives them."""
    links: dict[str, dict[str, dict[str, str]]] = {}
    for theme in themes["themes"]:
        for framework, cell in theme["requirements"].items():
            for strength in ("direct", "supports"):
                for requirement in cell.get(strength, []):
                    target = links.setdefault(framework, {}).setdefault(requirement, {})
                    for control in theme.get("controls", []):
                        target[control] = strength
                    for control in theme.get("supporting_controls", []):
                        target[control] = "supports"
    return links


def _controls_lines(links: dict[str, str]) -> list[str]:
    if not links:
        return ["    controls: []\n"]
    ordered = sorted(links.items(), key=lambda item: (item[1] != "direct", item[0]))
    return ["    controls:\n"] + [f"      - {{control: {control}, strength: {strength}}}\n"
                                  for control, strength in ordered]


def rewrite(text: str, links: dict[str, dict[str, str]]) -> str:
    lines = text.splitlines(keepends=True)
    out: list[str] = []
    requirement = None
    index = 0
    while index < len(lines):
        line = lines[index]
        match = _REQUIREMENT.match(line)
        if match:
            requirement = match.group(1)
        if requirement is not None and _CONTROLS.match(line):
            out += _controls_lines(links.get(requirement, {}))
            index += 1
            while index < len(lines) and _LINK.match(lines[index]):
                index += 1
            continue
        out.append(line)
        index += 1
    return "".join(out)


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--check", action="store_true", help="exit 1 when a file would change")
    args = parser.parse_args(argv)
    themes = yaml.safe_load((FRAMEWORKS / "themes.yaml").read_text("utf-8"))
    derived = links_by_framework(themes)
    changed = []
    for path in sorted(FRAMEWORKS.glob("*.yaml")):
        if path.name == "themes.yaml":
            continue
        framework = yaml.safe_load(path.read_text("utf-8"))["id"]
        before = path.read_text("utf-8")
        after = rewrite(before, derived.get(framework, {}))
        if after != before:
            changed.append(path.name)
            if not args.check:
                path.write_text(after, "utf-8")
    if changed:
        print(("would change: " if args.check else "rewrote: ") + ", ".join(changed))
    return 1 if (changed and args.check) else 0


if __name__ == "__main__":
    sys.exit(main())
