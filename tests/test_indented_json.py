"""Indented JSON by orjson (compliance/outputs/indented_json.py): the text json.dumps(indent=2)
writes, byte for byte, for what the outputs hold; the two documented differences; what orjson
refuses goes to json.dumps; and the SARIF, OSCAL and Code Quality reports of the examples are
the bytes json.dumps gives."""

from __future__ import annotations

import json
from dataclasses import dataclass
from datetime import datetime, timezone
from pathlib import Path

import pytest

from compliance.outputs.indented_json import indented_json

EXAMPLES = Path(__file__).resolve().parents[1] / "examples"


@dataclass
class _Point:
    x: int


class _Opaque:
    def __str__(self):
        return "opaque thing"


ALL_KINDS = {
    "text": "plain", "accents": "café, naïve, Größe", "cjk": "設定", "astral": "emoji 🔒 𝄞",
    "controls": "".join(chr(c) for c in range(32)) + "\x7f", "quotes": 'a "b" \\ c / d',
    "separators": "\u2028\u2029",
    "numbers": [0, -1, 2 ** 63 - 1, -(2 ** 63), 1.5, 0.1, 100.0],
    "flags": [True, False, None], "empty": [[], {}, "", ()], "tuple": (1, "two"),
    "nested": {"a": [{"b": [1, {"c": []}]}, {}]}, 1: "an integer key", True: "a boolean key",
    None: "a null key", "when": datetime(2026, 12, 6, 11, 45, tzinfo=timezone.utc),
    "dataclass": _Point(3), "object": _Opaque(),
}


@pytest.mark.parametrize("ensure_ascii", [True, False])
def test_the_same_text_as_json_dumps(ensure_ascii):
    expected = json.dumps(ALL_KINDS, indent=2, ensure_ascii=ensure_ascii, default=str)
    assert indented_json(ALL_KINDS, ensure_ascii=ensure_ascii, default=str) == expected


def test_ascii_escapes_are_jsons_own():
    assert indented_json(["é", "𝄞", "\u2028"]) == (
        '[\n  "\\u00e9",\n  "\\ud834\\udd1e",\n  "\\u2028"\n]')


def test_documented_differences_are_the_same_values():
    data = {"small": 1e-07, "large": 1e22, "nan": float("nan"), "inf": float("inf")}
    text = indented_json(data)
    assert text != json.dumps(data, indent=2)  # the differences are real, hence documented
    assert json.loads(text) == {"small": 1e-07, "large": 1e22, "nan": None, "inf": None}


@pytest.mark.parametrize("data", [{"big": 2 ** 64}, {"surrogate": "\ud800 alone"}])
def test_what_orjson_refuses_is_written_by_json(data):
    assert indented_json(data) == json.dumps(data, indent=2)


def test_an_unencodable_value_raises_as_json_does():
    with pytest.raises(TypeError):
        indented_json({"object": _Opaque()})


@pytest.fixture(scope="module")
def examples_result(catalog):
    from compliance.catalog.frameworks import load_frameworks
    from compliance.pipeline.scan import ScanOptions, run_scan

    frameworks = load_frameworks()
    return run_scan([EXAMPLES], catalog, options=ScanOptions(cache_dir=None),
                    frameworks=frameworks, framework_ids=tuple(f.id for f in frameworks))


def test_the_reports_of_the_examples_are_the_bytes_json_writes(examples_result):
    from compliance.outputs import codequality, oscal, sarif

    moment = datetime(2026, 12, 6, tzinfo=timezone.utc)
    assert len(examples_result.findings) > 100
    assert sarif.render(examples_result) == json.dumps(
        sarif.to_dict(examples_result), indent=2, ensure_ascii=False, default=str) + "\n"
    scope = {"repository": "examples", "commit": None, "branch": None}
    assert oscal.render(examples_result, scope, moment) == json.dumps(
        oscal.build(examples_result, scope, moment).oscal_dict(), indent=2,
        ensure_ascii=False) + "\n"
    failing = [f for f in examples_result.findings if f.status.value == "fail"]
    assert codequality.render(failing) == json.dumps(
        [codequality.issue(f, f.resource.location.file) for f in failing], indent=2) + "\n"
