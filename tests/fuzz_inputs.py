"""Hostile variants of real input files, for the property-based tests (tests/test_fuzz.py) and
the longer fuzz run (benchmarks/fuzz.py).

The seeds are the catalog's own samples and the examples, grouped by the parser kind the scan
gives them; each strategy below turns one seed into a file an attacker could write: a value of
the wrong type anywhere in it, a cut, flipped bytes, or nesting far deeper than any real file.
"""

from __future__ import annotations

import json
import re
from functools import lru_cache
from pathlib import Path

import yaml
from hypothesis import strategies as st

from compliance.parse.discover import classify

ROOT = Path(__file__).resolve().parent.parent
SEED_FOLDERS = (ROOT / "examples", ROOT / "controls", ROOT / "tests" / "data" / "pulumi",
                ROOT / "tests" / "data" / "fuzz")
DATA_KINDS = ("kubernetes", "openapi", "kong", "pulumi-yaml", "pulumi-state", "terraform-plan",
              "cloudformation")


@lru_cache(maxsize=1)
def seeds() -> dict[str, list[Path]]:
    """Seed files by parser kind, in a stable order (Hypothesis shrinks towards the first)."""
    found: dict[str, list[Path]] = {}
    for folder in SEED_FOLDERS:
        for path in sorted(folder.rglob("*")):
            if not path.is_file() or path.stat().st_size > 64 * 1024:
                continue
            kind = classify(path.name, path.read_bytes())
            if kind is not None and kind != "pulumi-program":
                found.setdefault(kind, []).append(path)
    return found


# -- values of any type, including the ones no schema expects ---------------------------------

TEXTS = st.one_of(
    st.text(max_size=30),
    st.sampled_from(["", "*", "0.0.0.0/0", "{{ .Values.x }}", "${var.missing}", "http://",
                     "null", "true", "-1", "1e999", "\u202e", "\x1b[2J", "::error::x",
                     "[x](https://e.x) @someone", "=cmd|' /C calc'!A0", "(a+)+$", "\\"]),
)
SCALARS = st.one_of(st.none(), st.booleans(), st.integers(min_value=-2**70, max_value=2**70),
                    st.floats(allow_nan=True, allow_infinity=True), TEXTS)
ANY_VALUE = st.recursive(SCALARS, lambda inner: st.one_of(
    st.lists(inner, max_size=4), st.dictionaries(TEXTS, inner, max_size=4)), max_leaves=12)


def deep(depth: int, kind: str) -> object:
    value: object = "x"
    for level in range(depth):
        value = [value] if kind == "list" or level % 2 else {"k": value}
    return value


DEEP = st.builds(deep, st.integers(min_value=20, max_value=3000), st.sampled_from(["list", "map", "mixed"]))
HOSTILE_VALUE = st.one_of(ANY_VALUE, DEEP)


# -- data formats (YAML and JSON): replace one node anywhere -----------------------------------

def _paths(node: object, prefix: tuple = ()) -> list[tuple]:
    found = [prefix]
    if isinstance(node, dict):
        for key, value in node.items():
            found += _paths(value, prefix + (key,))
    elif isinstance(node, list):
        for index, value in enumerate(node):
            found += _paths(value, prefix + (index,))
    return found


def _replaced(node: object, path: tuple, value: object) -> object:
    if not path:
        return value
    head, rest = path[0], path[1:]
    if isinstance(node, dict):
        return {k: (_replaced(v, rest, value) if k == head else v) for k, v in node.items()}
    return [(_replaced(v, rest, value) if i == head else v) for i, v in enumerate(node)]


class _TemplateLoader(yaml.SafeLoader):
    """CloudFormation's short-form tags (`!Ref x`, `!GetAtt a.b`) read as the long form they
    stand for, so a template's structure can be mutated and written back as plain YAML."""


def _long_form(loader: yaml.SafeLoader, suffix: str, node: yaml.Node) -> dict[str, object]:
    if isinstance(node, yaml.ScalarNode):
        value: object = loader.construct_scalar(node)
    elif isinstance(node, yaml.SequenceNode):
        value = loader.construct_sequence(node, deep=True)
    else:
        value = loader.construct_mapping(node, deep=True)
    if suffix == "GetAtt" and isinstance(value, str):
        value = value.split(".", 1)
    return {"Ref" if suffix == "Ref" else f"Fn::{suffix}": value}


_TemplateLoader.add_multi_constructor("!", _long_form)


def _load_documents(path: Path) -> list[object]:
    text = path.read_text("utf-8-sig")
    if path.suffix == ".json":
        return [json.loads(text)]
    return [doc for doc in yaml.load_all(text, Loader=_TemplateLoader)]


def _dump(path: Path, documents: list[object]) -> str:
    if path.suffix == ".json":
        return json.dumps(documents[0], default=str)
    return yaml.safe_dump_all(documents, sort_keys=False, allow_unicode=True, width=1 << 20)


@st.composite
def wrong_type(draw: st.DrawFn, kind: str) -> tuple[str, str]:
    """(file name, text) of a seed of `kind` with one node, anywhere, replaced by a value of
    any type. Both the name and the content keep the file classified as the seed was."""
    path = draw(st.sampled_from(seeds()[kind]))
    if kind not in DATA_KINDS:
        return path.name, draw(_text_mutation(kind, path.read_text("utf-8-sig")))
    documents = _load_documents(path)
    index = draw(st.integers(min_value=0, max_value=len(documents) - 1))
    target = draw(st.sampled_from(_paths(documents[index])[1:] or [()]))
    documents[index] = _replaced(documents[index], target, draw(HOSTILE_VALUE))
    try:
        return path.name, _dump(path, documents)
    except (RecursionError, ValueError, OverflowError):  # too deep for the dumper itself
        return path.name, path.read_text("utf-8-sig")


# -- text formats (HCL, APIM XML): replace one value or insert one element ---------------------

HCL_EXPRESSIONS = st.one_of(
    TEXTS.map(json.dumps),
    st.integers().map(str),
    st.sampled_from([
        "null", "true", "[]", "{}", "[1, \"a\", null]", "{ a = 1, b = [2] }", "var.missing",
        "local.missing", "module.missing.out", "data.x.y.z", "aws_s3_bucket.b[*].id",
        "regex(\"(a+)+$\", \"aaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaa!\")",
        "regexall(\"(x*)*y\", \"xxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxx\")",
        "replace(\"aaaa\", \"/(a|aa)+$/\", \"b\")", "jsonencode({ a = [1, { b = null }] })",
        "jsondecode(\"{]\")", "yamldecode(\"a: [\")", "file(\"../../../../etc/passwd\")",
        "file(\"/dev/zero\")", "templatefile(\"missing.tpl\", {})", "base64decode(\"%%%\")",
        "cidrsubnet(\"10.0.0.0/8\", 99, 1)", "range(100000000)", "[for i in range(9999999) : i]",
        "{ for k, v in var.m : k => v }", "true ? 1 : \"a\"", "1 / 0", "-1 % 0",
        "merge(1, 2)", "lookup({}, \"a\")", "element([], 1)", "tolist(1)", "tomap(\"x\")",
        "format(\"%d\", \"x\")", "\"${\"", "<<EOT\nunterminated", "each.value", "count.index",
        "self.x", "try(var.a.b.c, null)", "can(regex(\"[\", \"x\"))", "sum([])",
        "setproduct(range(400), range(400), range(400))", "flatten([[[[[1]]]]])",
    ]),
    st.builds(lambda depth, bracket: bracket[0] * depth + "1" + bracket[1] * depth,
              st.integers(min_value=20, max_value=3000),
              st.sampled_from([("[", "]"), ("{ a = ", " }"), ("(", ")"), ("-", "")])),
)
_HCL_ASSIGNMENT = re.compile(r"^(\s*[A-Za-z_][\w-]*\s*=\s*)(.+)$", re.M)
_XML_TEXT = re.compile(r'(?<==")[^"]*(?=")|(?<=>)[^<>]+(?=<)')


@st.composite
def _text_mutation(draw: st.DrawFn, kind: str, text: str) -> str:
    if kind in ("terraform", "terraform-vars"):
        spots = list(_HCL_ASSIGNMENT.finditer(text))
        if not spots:
            return text + "\nx = " + draw(HCL_EXPRESSIONS) + "\n"
        spot = draw(st.sampled_from(spots))
        return text[:spot.start(2)] + draw(HCL_EXPRESSIONS) + text[spot.end(2):]
    spots = list(_XML_TEXT.finditer(text))  # APIM policy XML
    replacement = draw(st.one_of(
        TEXTS.map(lambda s: s.replace("<", "&lt;").replace('"', "&quot;")),
        st.sampled_from(["@(context.Request.Headers.GetValueOrDefault(\"x\",\"\"))",
                         "{{named-value}}", "&amp;", "&undefined;", "]]>", "<![CDATA[x"]),
        st.integers(min_value=1, max_value=2000).map(lambda n: "<a>" * n + "</a>" * n),
    ))
    if not spots:
        return text + replacement
    spot = draw(st.sampled_from(spots))
    return text[:spot.start()] + replacement + text[spot.end():]


# -- any format: cut, flipped bytes, deep nesting -----------------------------------------------

@st.composite
def truncated(draw: st.DrawFn, kind: str) -> tuple[str, bytes]:
    path = draw(st.sampled_from(seeds()[kind]))
    data = path.read_bytes()
    return path.name, data[:draw(st.integers(min_value=0, max_value=len(data)))]


@st.composite
def flipped(draw: st.DrawFn, kind: str) -> tuple[str, bytes]:
    path = draw(st.sampled_from(seeds()[kind]))
    data = bytearray(path.read_bytes())
    for _ in range(draw(st.integers(min_value=1, max_value=8))):
        if not data:
            break
        at = draw(st.integers(min_value=0, max_value=len(data) - 1))
        data[at] = draw(st.sampled_from([0x00, 0x0D, 0x0A, 0x22, 0x27, 0x7B, 0x7D, 0x5B, 0x5D,
                                         0x3C, 0x3E, 0x24, 0x23, 0x3A, 0x2D, 0x20, 0x09,
                                         0xFF, 0xC3, data[at] ^ 0x20]))
    return path.name, bytes(data)


@st.composite
def deeply_nested(draw: st.DrawFn, kind: str) -> tuple[str, str]:
    """A seed with a value nested hundreds to thousands of levels deep added or put in place
    of one of its values."""
    path = draw(st.sampled_from(seeds()[kind]))
    depth = draw(st.integers(min_value=100, max_value=5000))
    text = path.read_text("utf-8-sig")
    if kind in ("terraform", "terraform-vars"):
        spots = list(_HCL_ASSIGNMENT.finditer(text)) or [None]
        spot = draw(st.sampled_from(spots))
        value = "[" * depth + "1" + "]" * depth if draw(st.booleans()) else \
            "{ a = " * depth + "1" + " }" * depth
        if spot is None:
            return path.name, text + "\nx = " + value + "\n"
        return path.name, text[:spot.start(2)] + value + text[spot.end(2):]
    if kind == "apim":
        return path.name, text.replace(">", ">" + "<x>" * depth + "</x>" * depth, 1)
    if path.suffix == ".json":
        return path.name, text.rstrip()[:-1] + ', "deep": ' + "[" * depth + "]" * depth + "}"
    return path.name, text + "\n" + "deep: " + "[" * depth + "]" * depth + "\n"
