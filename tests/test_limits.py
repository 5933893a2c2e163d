"""nesting_depth: how deep lists and dicts nest, counted without recursion and stopped just
past the limit."""

import random

from compliance.model.limits import nesting_depth


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
