"""Built-in functions and operators, evaluated statically with Terraform's semantics."""

from __future__ import annotations

import pytest

from compliance.model import Unknown
from compliance.parse.terraform_hcl import parse
from compliance.resolve.terraform.expressions import evaluate
from compliance.resolve.terraform.scope import Scope


def value(text: str, **names):
    result = parse(f"locals {{\n  x = {text}\n}}\n")
    assert result["errors"] == [], result["errors"]
    return evaluate(result["blocks"][0]["attrs"]["x"]["expr"], Scope(None, names))


UNKNOWN = Unknown("not known", ("aws_s3_bucket.b",))


@pytest.mark.parametrize("text, expected", [
    ('format("%s-%03d-%.2f-%t-%q", "a", 7, 1.5, true, "q")', 'a-007-1.50-true-"q"'),
    ('format("%v%%", 5)', "5%"),
    ('join("-", ["a", "b"], ["c"])', "a-b-c"),
    ('split(",", "a,b,,c")', ["a", "b", "", "c"]),
    ('lower("AbC")', "abc"),
    ('upper("abc")', "ABC"),
    ('title("hello big world")', "Hello Big World"),
    ('replace("a.b.c", ".", "/")', "a/b/c"),
    ('replace("api-v1-prod", "/v(\\\\d)/", "version$1")', "api-version1-prod"),
    ('substr("hello", 1, 3)', "ell"),
    ('substr("hello", -3, -1)', "llo"),
    ('trimspace("  x \\n")', "x"),
    ('trim("--x--", "-")', "x"),
    ('trimprefix("arn:aws", "arn:")', "aws"),
    ('trimsuffix("file.json", ".json")', "file"),
    ('startswith("https://x", "https://")', True),
    ('endswith("a.tf", ".json")', False),
    ('base64encode("hi")', "aGk="),
    ('base64decode("aGk=")', "hi"),
    ('jsondecode("{\\"a\\": [1, 2.5, true, null]}")', {"a": [1, 2.5, True, None]}),
    ('jsonencode({ b = 1, a = "<x>" })', '{"a":"\\u003cx\\u003e","b":1}'),
    ('yamldecode("a: 1\\nb: [x, y]\\n")', {"a": 1, "b": ["x", "y"]}),
    ('concat([1], [2, 3])', [1, 2, 3]),
    ('merge({ a = 1, b = 1 }, { b = 2 }, null)', {"a": 1, "b": 2}),
    ('lookup({ a = 1 }, "a", 0)', 1),
    ('lookup({ a = 1 }, "z", 0)', 0),
    ('element(["a", "b"], 3)', "b"),
    ('length("héllo")', 5),
    ('length({ a = 1 })', 1),
    ('keys({ b = 1, a = 2 })', ["a", "b"]),
    ('values({ b = 1, a = 2 })', [2, 1]),
    ('contains(["a", "b"], "b")', True),
    ('contains([1], "1")', False),
    ('coalesce("", null, "x")', "x"),
    ('tostring(5)', "5"),
    ('tonumber("1.5")', 1.5),
    ('tobool("true")', True),
    ('toset(["b", "a", "b"])', ["a", "b"]),
    ('tolist(["a"])', ["a"]),
    ('tomap({ a = 1 })', {"a": 1}),
    ('flatten([[1, [2]], 3])', [1, 2, 3]),
    ('distinct([1, 2, 1])', [1, 2]),
    ('compact(["a", "", null, "b"])', ["a", "b"]),
    ('min(3, 1, 2)', 1),
    ('max(3, 1, 2)', 3),
    ('abs(-4)', 4),
    ('ceil(1.2)', 2),
    ('floor(1.8)', 1),
    ('range(3)', [0, 1, 2]),
    ('zipmap(["a", "b"], [1, 2])', {"a": 1, "b": 2}),
    ('one([])', None),
    ('sum([1, 2.5])', 3.5),
    ('cidrsubnet("10.0.0.0/16", 8, 2)', "10.0.2.0/24"),
    ('cidrhost("10.0.1.0/24", 5)', "10.0.1.5"),
    ('cidrnetmask("10.0.0.0/12")', "255.240.0.0"),
    ('regex("v(\\\\d+)", "api-v12")', ["12"]),
    ('can(regex("^a", "abc"))', True),
    ('can(regex("^z", "abc"))', False),
    ('try({ a = 1 }.b, "fallback")', "fallback"),
    ('try(["x"][0], "fallback")', "x"),
    ('sha256("abc")', "ba7816bf8f01cfea414140de5dae2223b00361a396177a9cb410ff61f20015ad"),
    ('dirname("a/b/c.json")', "a/b"),
    ('basename("a/b/c.json")', "c.json"),
])
def test_functions(text, expected):
    assert value(text) == expected


@pytest.mark.parametrize("text, expected", [
    ("1 + 2 * 3", 7),
    ("7 / 2", 3.5),
    ("6 / 2", 3),
    ("-7 % 3", -1),
    ('"3" + 1', 4),
    ('1 == "1"', False),
    ("true == true", True),
    ("1 == 1.0", True),
    ('[1, "a"] == [1, "a"]', True),
    ("!(1 < 2) || 2 >= 2", True),
    ("5 > 3 && 3 > 5", False),
])
def test_operators(text, expected):
    result = value(text)
    assert result == expected and type(result) is type(expected)


def test_known_side_decides_logic_with_an_unknown_other_side():
    assert value("u || true", u=UNKNOWN) is True
    assert value("false && u", u=UNKNOWN) is False
    assert value("u && true", u=UNKNOWN) == UNKNOWN


def test_function_of_unknown_argument_is_unknown_with_refs():
    result = value('upper(u)', u=UNKNOWN)
    assert isinstance(result, Unknown) and result.refs == ("aws_s3_bucket.b",)
    result = value('jsonencode({ a = "x", b = u })', u=UNKNOWN)
    assert isinstance(result, Unknown) and result.refs == ("aws_s3_bucket.b",)


def test_structural_functions_keep_partially_known_values():
    assert value('length([u, "x"])', u=UNKNOWN) == 2
    assert value('merge({ a = u }, { b = 1 })', u=UNKNOWN) == {"a": UNKNOWN, "b": 1}
    assert value('keys({ a = u })', u=UNKNOWN) == ["a"]
    assert value('contains([u, "x"], "x")', u=UNKNOWN) is True
    assert isinstance(value('contains([u], "x")', u=UNKNOWN), Unknown)


def test_coalesce_and_try_with_unknowns():
    assert value('coalesce("x", u)', u=UNKNOWN) == "x"
    assert isinstance(value('coalesce(u, "x")', u=UNKNOWN), Unknown)
    assert value("try(u, 1)", u=UNKNOWN) == UNKNOWN  # whether u fails is not known
    assert isinstance(value("can(u)", u=UNKNOWN), Unknown)


def test_errors_are_unknown_not_exceptions():
    for text in ('element([], 0)', 'lookup({}, "a")', '1 / 0', '"a" + 1', 'range(100000)',
                 'jsondecode("{")', 'cidrsubnet("10.0.0.0/30", 8, 1)', 'tonumber("x")',
                 'upper()', '[1][5]', '{ a = 1 }.b', 'format("%d", "x")',
                 'yamldecode("a: [")', 'yamldecode("a: *nowhere")'):
        assert isinstance(value(text), Unknown), text
    assert "yamldecode(): while parsing" in value('yamldecode("a: [")').reason


def test_set_iteration_uses_items_as_keys():
    assert value('[for k, v in toset(["b", "a"]) : "${k}=${v}"]') == ["a=a", "b=b"]
    assert value('[for k, v in ["b", "a"] : "${k}=${v}"]') == ["0=b", "1=a"]


def test_for_object_grouping_and_duplicates():
    assert value('{ for s in ["a", "b", "a"] : s => 1... }') == {"a": [1, 1], "b": [1]}
    assert isinstance(value('{ for s in ["a", "a"] : s => 1 }'), Unknown)


def test_unknown_for_condition_makes_the_result_unknown():
    assert isinstance(value('[for s in ["a"] : s if u]', u=UNKNOWN), Unknown)


def test_regex_patterns_run_in_linear_time_as_terraform_runs_them():
    # exponential for a backtracking engine; RE2 (Terraform's syntax and engine) answers at once
    subject = "a" * 5000 + "!"
    assert value(f'regexall("(a|aa)*b", "{subject}")') == []
    assert isinstance(value(f'regex("^(a+)+$", "{subject}")'), Unknown)  # no match: an error
    assert value('regex("^([a-z]+)-([0-9]{2})$", "api-12")') == ["api", "12"]
    assert value('regex("\\\\pL+", "héllo1")') == "héllo"  # RE2 syntax Python lacks
    assert value('replace("a-b-c", "/-(\\\\w)/", "+$1")') == "a+b+c"
    result = value('regex("(?=a)", "a")')  # Perl lookahead: not RE2, as in Terraform
    assert isinstance(result, Unknown) and "pattern not understood" in result.reason


def test_huge_numbers_do_not_grow_without_bound():
    assert isinstance(value("1e300 * 1e300"), Unknown)
    assert isinstance(value("9223372036854775807 * 9223372036854775807"), float)
