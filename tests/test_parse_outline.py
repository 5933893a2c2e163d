"""A Terraform file's parse-cache entry leads with its outline (parse errors and `module`
blocks): a warm scan reads the rest of a file only when its module is resolved, and the
resolved-module cache answers the unchanged root modules (parse/cache.py, ModuleSource)."""

from __future__ import annotations

from compliance.parse.cache import Outlined, ParseCache, blocks_of, module_blocks_of
from compliance.pipeline.scan import ScanOptions, run_scan

ROOT = '''\
module "api" {{
  source = "../modules/api"
  name   = "{name}"
}}
resource "aws_s3_bucket" "{name}" {{
  bucket = "{name}"
}}
'''
MODULE = '''\
variable "name" {}
resource "aws_api_gateway_rest_api" "this" {
  name = var.name
}
'''


def _tree(root):
    for name in ("a", "b"):
        (root / name).mkdir(parents=True)
        (root / name / "main.tf").write_text(ROOT.format(name=name))
    (root / "modules" / "api").mkdir(parents=True)
    (root / "modules" / "api" / "main.tf").write_text(MODULE)


def _summary(result):
    return sorted((f.control, f.resource.address, f.status.value, f.evidence.line)
                  for f in result.findings)


def test_only_the_files_of_changed_root_modules_are_read_whole(catalog, tmp_path, monkeypatch):
    tree, cache = tmp_path / "tree", tmp_path / "cache"
    _tree(tree)
    run_scan([tree], catalog, options=ScanOptions(cache_dir=cache))
    (tree / "a" / "main.tf").write_text(ROOT.format(name="a2"))
    read_whole = []
    real = Outlined.blocks

    def blocks(self):
        read_whole.append(sorted(b["labels"][-1] for b in self.modules) or ["(module)"])
        return real(self)

    monkeypatch.setattr(Outlined, "blocks", blocks)
    warm = run_scan([tree], catalog, options=ScanOptions(cache_dir=cache))
    # a/main.tf was parsed afresh; the module it calls came from the cache; b was not read
    assert read_whole == [["(module)"]]
    monkeypatch.undo()
    assert _summary(warm) == _summary(run_scan([tree], catalog))
    assert any(f.resource.address == "aws_s3_bucket.a2" for f in warm.findings)


def test_an_outlined_entry_gives_the_parse_result(tmp_path):
    cache = ParseCache(tmp_path)
    result = {"resources": [], "errors": [{"line": 3, "message": "x"}], "blocks": [
        {"type": "module", "labels": ["m"], "attrs": {}, "blocks": [], "line": 1},
        {"type": "resource", "labels": ["t", "n"], "attrs": {}, "blocks": [], "line": 2}]}
    cache.put("terraform", "d1", result)
    read = cache.get("terraform", "d1")
    assert isinstance(read, Outlined) and read["errors"] == result["errors"]
    assert module_blocks_of(read) == result["blocks"][:1]
    assert "blocks" not in read
    assert blocks_of(read) == result["blocks"] and read["blocks"] == result["blocks"]
    assert module_blocks_of(result) == result["blocks"][:1] and blocks_of(result) == \
        result["blocks"]
    cache.put("terraform-vars", "d1", {"resources": [], "errors": [], "vars": {}})
    assert not isinstance(cache.get("terraform-vars", "d1"), Outlined)


def test_an_entry_orjson_would_not_read_back_as_written_is_read_exactly(tmp_path):
    """orjson refuses NaN and Infinity and reads integers past 64 bits as floats: an entry that
    may hold them is written and read with the json module. (A Terraform file's result is
    written with orjson, which refuses the big integers: the HCL front ends read a number out
    of range as invalid, never as Infinity.)"""
    from compliance.parse import parse_source

    cache = ParseCache(tmp_path)
    cases = [("terraform", 2 ** 70), ("terraform", "id 12345678901234567890"),
             ("terraform-vars", -(2 ** 70)), ("openapi", float("inf")),
             ("kubernetes", float("-inf")), ("openapi", 2 ** 64 + 1)]
    for kind, number in cases:
        result = {"resources": [], "errors": [], "blocks": [
            {"type": "resource", "labels": ["t", "n"], "blocks": [], "line": 1,
             "attrs": {"x": {"line": 1, "end_line": 1, "expr": number}}}]}
        cache.put(kind, "d", result)
        read = cache.get(kind, "d")
        value = blocks_of(read)[0]["attrs"]["x"]["expr"]
        assert value == number and type(value) is type(number), (kind, number)
    parsed = parse_source("terraform", 'locals {\n  big = 1e999\n}\n')
    assert parsed["blocks"][0]["attrs"]["big"]["expr"] == ["invalid", "number out of range"]


def test_a_number_past_64_bits_is_the_same_in_a_warm_scan(catalog, tmp_path):
    (tmp_path / "t").mkdir()
    (tmp_path / "t" / "main.tf").write_text(
        'resource "aws_cloudwatch_log_group" "g" {\n  name              = "g"\n'
        '  retention_in_days = 99999999999999999999\n}\n')

    def observed():
        result = run_scan([tmp_path / "t"], catalog,
                          options=ScanOptions(cache_dir=tmp_path / "cache"))
        return {f.evidence.observed for f in result.findings
                if f.control == "aws-cloudwatch-log-retention"}

    assert observed() == {99999999999999999999}  # parsed
    assert observed() == {99999999999999999999}  # from the cache
