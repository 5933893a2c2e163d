"""nesting_depth: how deep lists and dicts nest, counted without recursion and stopped just
past the limit; and the HCL results it need not measure."""

import random

import pytest

from compliance.model.limits import MAX_RESULT_DEPTH, nesting_depth
from compliance.parse import parse_source
from compliance.parse.terraform_hcl import FRONT_END_VARIABLE, depth_bound


def reference(value) -> int:
    if isinstance(value, dict):
        return 1 + max(map(reference, value.values()), default=0)
    if isinstance(value, (list, tuple)):
        return 1 + max(map(reference, value), default=0)
    return 0


def random_value(rng: random.Random, depth: int):
    if depth == 0 or rng.random() < 0.2:
        return rng.choice([1, "x", None, {}, [], ()])
    kind = rng.random()
    if kind < 0.4:
        return {str(n): random_value(rng, depth - 1) for n in range(rng.randint(0, 4))}
    if kind < 0.8:
        return [random_value(rng, depth - 1) for _ in range(rng.randint(0, 4))]
    return tuple(random_value(rng, depth - 1) for _ in range(rng.randint(0, 3)))


def test_the_depth_of_lists_maps_and_tuples_and_where_counting_stops():
    rng = random.Random(7)
    for _ in range(2000):
        value = random_value(rng, rng.randint(0, 10))
        for limit in (0, 2, 5, 600):
            assert nesting_depth(value, limit) == min(reference(value), limit + 1)
    assert nesting_depth("scalar", 5) == 0 and nesting_depth({}, 5) == 1


def test_a_value_deeper_than_recursion_allows():
    deep: list = []
    inner = deep
    for _ in range(100_000):
        inner.append({"next": []})
        inner = inner[0]["next"]
    assert nesting_depth(deep, 600) == 601


def _nested_blocks(blocks: int, value: str) -> str:
    return "a {\n" * blocks + f"x = {value}\n" + "}\n" * blocks


@pytest.mark.parametrize("text", [
    _nested_blocks(1, "[" * 100 + "]" * 100),  # the value at the most its limit lets it nest
    _nested_blocks(40, "[" * 100 + "]" * 100),
    _nested_blocks(60, '{ a = [{ b = { c = "${x}" } }] }'),
    _nested_blocks(2, "<<EOT\n{ ${jsonencode({a = [1]})} }\nEOT"),
    'dynamic "ingress" {\n  for_each = var.x\n  content {\n    y = [[1]]\n  }\n}\n',
])
@pytest.mark.parametrize("kind", ["terraform", "terraform-vars"])
def test_an_hcl_result_nests_within_the_depth_its_text_bounds(text, kind):
    """The HCL parse results are not measured when their text bounds their depth within the
    limit: the bound must hold for every front end's result."""
    for front_end in ("tree-sitter", "hcl2"):
        with pytest.MonkeyPatch.context() as patch:
            patch.setenv(FRONT_END_VARIABLE, front_end)
            result = parse_source(kind, text)
        assert nesting_depth(result, 10_000) <= depth_bound(text), front_end


def test_an_hcl_result_past_its_bound_is_measured():
    """299 nested blocks leave the result 603 deep, more than the cache and the workers' pipes
    take: the text's bound is over the limit, so the result is measured and not read."""
    text = _nested_blocks(299, "[]")
    assert depth_bound(text) > MAX_RESULT_DEPTH
    assert parse_source("terraform", text)["errors"] == [
        {"line": None, "message": "nesting too deep to parse"}]
