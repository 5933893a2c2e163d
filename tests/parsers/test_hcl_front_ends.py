"""The two HCL front ends: tree-sitter (the default) must give python-hcl2's IR (the reference)
for every valid Terraform file the repository holds, and hand it the files it finds invalid."""

from __future__ import annotations

import importlib.util
import subprocess
import sys
from pathlib import Path

import pytest

from compliance.parse import hcl_lark, hcl_treesitter, terraform_hcl
from compliance.parse.cache import ParseCache

ROOT = Path(__file__).resolve().parents[2]
SPEC = importlib.util.spec_from_file_location("hcl_differential",
                                              ROOT / "benchmarks" / "hcl_differential.py")
differential = importlib.util.module_from_spec(SPEC)
SPEC.loader.exec_module(differential)

SAMPLE_ROOTS = [ROOT / "controls", ROOT / "examples", ROOT / "tests", ROOT / "docs"]


def samples() -> list[Path]:
    return list(differential.terraform_files(SAMPLE_ROOTS))


def test_every_terraform_sample_in_the_repository_reads_the_same():
    files = samples()
    assert len(files) > 500  # the control fixtures are there
    verdicts: dict[str, list[str]] = {}
    for path in files:
        verdict, reference, ours = differential.compare(path.read_text(encoding="utf-8-sig"))
        verdicts.setdefault(verdict, []).append(str(path.relative_to(ROOT)))
        if verdict == "mismatch":
            pytest.fail(f"{path}: {differential.first_difference(reference, ours)}")
    # no sample is valid for one front end and invalid for the other
    assert set(verdicts) == {"same"}, {k: v[:5] for k, v in verdicts.items() if k != "same"}


def test_the_generated_benchmark_corpus_reads_the_same(tmp_path):
    corpus = tmp_path / "corpus"
    subprocess.run([sys.executable, str(ROOT / "benchmarks" / "generate_corpus.py"),
                    "--files", "40", "--k8s", "0", "--out", str(corpus)],
                   check=True, capture_output=True)
    files = list(differential.terraform_files([corpus]))
    assert len(files) >= 40
    for path in files:
        verdict, reference, ours = differential.compare(path.read_text(encoding="utf-8"))
        assert verdict == "same", (path, differential.first_difference(reference, ours))


TERRAFORM_CONSTRUCTS = '''\
# comment
// another
/* block
   comment */
resource "aws_s3_bucket" "b" {
  bucket = "x-${var.y}-$${literal}-%%{d} \\u00e9 \\"q\\"" // trailing
  tags   = { a = 1, "b" = var.c, (local.k) = -2, in = 3, true = 4, for : 5 }
  list   = [for k, v in var.m : upper(v.x) if k != "a"]
  map    = { for k, v in var.m : k => v... }
  ids    = aws_instance.x[*].id
  legacy = aws_instance.x.*.tags["n"]
  first  = aws_instance.x[0].y.0
  call   = provider::aws::arn_parse("x")
  spread = concat(var.a, var.b...)
  math   = -(a + b * c - d) / 2 % 3 >= 1 && !e || f == null
  cond   = var.a ? "yes" : var.b ? 1.5e3 : (1.0e999)
  plain  = <<EOT
no interpolation here
EOT
  trim   = <<-EOT
    hello ${var.a}
      %{~ if var.b ~}
      yes ${join(",", [for s in var.c : "${s}!"])}
      %{~ else ~}
      no
      %{~ endif ~}
    %{ for k, v in var.m }${k}=${v} %{ endfor }
  EOT
  inline = "%{ if var.x }on%{ else }off%{ endif }"
  multi  = [
    1, # one
    2,
  ]

  dynamic "ingress" {
    for_each = var.rules
    content {
      port = ingress.value.port
    }
  }
  lifecycle { ignore_changes = [tags] }
}

module "m" {
  source = "./m"
}
'''


def test_tree_sitter_reads_every_terraform_construct_as_python_hcl2_does():
    verdict, reference, ours = differential.compare(TERRAFORM_CONSTRUCTS)
    assert verdict == "same", differential.first_difference(reference, ours)
    _attrs, blocks, errors = ours
    assert errors == []
    attrs = blocks[0]["attrs"]
    assert attrs["call"]["expr"] == ["call", "provider::aws::arn_parse", ["x"], False]
    assert attrs["ids"]["expr"] == ["ref", "aws_instance", ["x", ["splat", ["id"]]]]
    assert attrs["spread"]["expr"][3] is True
    assert (attrs["trim"]["line"], attrs["trim"]["end_line"]) == (20, 28)
    assert attrs["cond"]["expr"][3][3] == ["invalid", "number out of range"]
    assert [b["type"] for b in blocks[0]["blocks"]] == ["dynamic", "lifecycle"]


@pytest.mark.parametrize("text", [
    'resource "a" "b" {\n  x = \n}\n',               # missing value
    'resource "a" "b" {\n  x = 1\n',                  # missing brace
    'x = "unterminated\n',
    'x = <<EOT\nno end marker\n',
    'locals {\n  a = [1, 2\n}\n',
    # an empty interpolation or directive: no ERROR node in the grammar's tree, but not HCL
    'resource "a" "b" {\n  x = "${}"\n}\n',
    'x = "a-${}-b"\n',
    'x = "%{if}a%{endif}"\n',
])
def test_a_file_tree_sitter_finds_invalid_is_judged_by_python_hcl2(text):
    assert hcl_treesitter._read(text) is None
    assert hcl_treesitter.read(text) == hcl_lark.read(text)
    _attrs, blocks, errors = hcl_treesitter.read(text)
    assert blocks == [] and errors[0]["message"].startswith("syntax error")
    assert isinstance(errors[0]["line"], int)


@pytest.mark.parametrize("text", [
    'x = 1e5\n',  # tree-sitter-hcl wants a fraction before an exponent
    'x = "$$${var.a}"\n',  # `$` and an escaped `${`: the grammar reads `$$` and `${`
])
def test_a_valid_file_tree_sitter_can_not_read_is_read_by_python_hcl2(text):
    attrs, _blocks, errors = hcl_treesitter.read(text)
    assert errors == [] and "x" in attrs
    assert (attrs, errors) == (hcl_lark.read(text)[0], hcl_lark.read(text)[2])
    assert differential.compare(text)[0] in ("treesitter-only-error", "declined")


@pytest.mark.parametrize("text", [
    "x = a\n  + b\n",          # a line break before an operator ends the attribute
    "x\n  = 1\n",
    "a = 1 b = 2\n",
    'resource "a"\n  "b" {}\n',
    'resource "a${b}" "c" {}\n',
    'locals {\n  x = "a"\n  [*] y = 1\n}\n',
])
def test_line_breaks_tree_sitter_reads_as_spaces_are_judged_by_python_hcl2(text):
    # the grammar takes line breaks for spaces, so it reads these (invalid to Terraform) files
    # as something they are not: the reference decides (it rejects some, reads others)
    assert hcl_treesitter._read(text) is None
    assert hcl_treesitter.read(text) == hcl_lark.read(text)


def test_line_breaks_where_hcl_allows_them_stay_with_tree_sitter():
    text = ("x = a +\n  b\ny = a ? b\n  : c\nz = [\n  1,\n]\n"
            "block \"l\"\n{\n  w = f(\n    1)\n}\n")
    assert hcl_treesitter._read(text) is not None
    assert differential.compare(text)[0] == "same"


def test_an_item_too_deep_to_convert_is_left_out_and_its_lines_still_judged():
    nested = "".join(f"b{i} {{\n" for i in range(3000))
    closed = "}\n" * 3000
    text = f'a = 1\n{nested}x = 1\n{closed}resource "t" "n" {{\n  y = 2\n}}\n'
    attrs, blocks, errors = hcl_treesitter._read(text)
    assert list(attrs) == ["a"] and [block["type"] for block in blocks] == ["resource"]
    assert errors == [{"line": 2, "message": "expressions nest too deeply to read; skipped"}]
    # two items on one line deep inside it: the file is python-hcl2's to judge
    assert hcl_treesitter._read(f"a = 1\n{nested}x = 1 y = 2\n{closed}") is None


def test_nested_conditionals_nest_to_the_right():
    # tree-sitter-hcl nests them to the left; HCL (and python-hcl2) to the right
    text = "x = a ? 1 : b ? 2 : c ? 3 : 4\ny = (a ? 1 : 2) ? 3 : 4\n"
    assert differential.compare(text)[0] == "same"
    attrs = hcl_treesitter.read(text)[0]
    assert attrs["x"]["expr"] == ["cond", ["ref", "a", []], 1,
                                  ["cond", ["ref", "b", []], 2, ["cond", ["ref", "c", []], 3, 4]]]
    assert attrs["y"]["expr"][1][0] == "cond"


def test_strip_markers_in_an_interpolation_follow_terraform():
    # python-hcl2 rejects `${ x ~}`, which Terraform accepts: tree-sitter reads it (the
    # differential counts such files apart, as valid for one front end only)
    text = 'x = "a   ${~ var.v ~}   b"\n'
    assert differential.compare(text)[0] == "hcl2-only-error"
    attrs, _blocks, errors = hcl_treesitter.read(text)
    assert errors == []
    assert attrs["x"]["expr"] == ["tpl", ["a", ["ref", "var", ["v"]], "b"]]


def test_text_with_lone_surrogates_goes_to_python_hcl2():
    text = 'x = "a\udc80b"\n'
    assert hcl_treesitter._read(text) is None
    assert hcl_treesitter.read(text) == hcl_lark.read(text)


def test_the_environment_chooses_the_front_end(monkeypatch):
    monkeypatch.delenv("COMPLIANCE_HCL_PARSER", raising=False)
    assert terraform_hcl.front_end_name() == "tree-sitter"
    monkeypatch.setenv("COMPLIANCE_HCL_PARSER", "hcl2")
    assert terraform_hcl.front_end_name() == "hcl2"
    # python-hcl2 rejects what tree-sitter accepts: the result shows which one read it
    text = 'x = "${~ var.v}"\n'
    assert terraform_hcl.parse_vars(text)["errors"][0]["message"].startswith("syntax error")
    monkeypatch.setenv("COMPLIANCE_HCL_PARSER", "tree-sitter")
    assert terraform_hcl.parse_vars(text)["errors"] == []


def test_cache_entries_are_kept_apart_by_front_end(monkeypatch, tmp_path):
    cache = ParseCache(tmp_path)
    monkeypatch.setenv("COMPLIANCE_HCL_PARSER", "tree-sitter")
    cache.put("terraform", "0" * 64, {"resources": [], "errors": [], "blocks": []})
    cache.put("kubernetes", "0" * 64, {"resources": [], "errors": []})
    assert cache.get("terraform", "0" * 64) is not None
    monkeypatch.setenv("COMPLIANCE_HCL_PARSER", "hcl2")
    assert cache.get("terraform", "0" * 64) is None
    assert cache.get("kubernetes", "0" * 64) is not None  # other formats are not affected
