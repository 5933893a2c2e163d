"""`model.quick_init`: the faster __init__ of the frozen, slotted model classes makes the same
objects as dataclasses' own, refuses the classes it can't serve, and leaves them frozen."""

from __future__ import annotations

import pickle
from dataclasses import FrozenInstanceError, dataclass, field, fields, replace

import pytest

from compliance.model import Evidence, Finding, Location, Outcome, Resource, Status
from compliance.model.quick_init import quick_init


def _made(quick: bool):
    @dataclass(frozen=True, slots=True)
    class Sample:
        name: str
        count: int = 0
        tags: list[str] = field(default_factory=list)
        extra: dict[str, int] = field(default_factory=lambda: {"made": 1})

    return quick_init(Sample) if quick else Sample


def _fields(value) -> tuple:
    return tuple(getattr(value, f.name) for f in fields(value))


CALLS = [
    (("a",), {}),
    (("a", 2), {}),
    (("a", 2, ["t"]), {}),
    (("a", 2, ["t"], {"x": 2}), {}),
    ((), {"name": "a", "extra": {}}),
    (("a",), {"tags": ["u"], "count": 5}),
]


@pytest.mark.parametrize("args, kwargs", CALLS)
def test_the_same_fields_as_dataclasses_init(args, kwargs):
    plain, quick = _made(False), _made(True)
    assert quick.__init__ is not plain.__init__
    assert _fields(quick(*args, **kwargs)) == _fields(plain(*args, **kwargs))


@pytest.mark.parametrize("args, kwargs", [
    ((), {}), (("a", 1, [], {}, "too many"), {}), (("a",), {"name": "b"}), (("a",), {"n": 1})])
def test_the_same_calls_are_refused(args, kwargs):
    for made in (_made(False), _made(True)):
        with pytest.raises(TypeError):
            made(*args, **kwargs)


def test_factories_make_a_new_default_each_time_and_the_class_stays_frozen():
    quick = _made(True)
    first, second = quick("a"), quick("b")
    assert first.tags == [] and first.tags is not second.tags and first.extra is not second.extra
    with pytest.raises(FrozenInstanceError):
        first.count = 3
    changed = replace(first, count=3)
    assert _fields(changed) == ("a", 3, [], {"made": 1}) and first.count == 0
    assert hash(quick("a", 1, (), ())) == hash(quick("a", 1, (), ()))  # type: ignore[arg-type]


def test_classes_it_cannot_serve_are_refused():
    @dataclass(frozen=True, slots=True)
    class Checked:
        value: int

        def __post_init__(self) -> None:
            pass

    @dataclass(frozen=True, slots=True)
    class Derived:
        value: int
        twice: int = field(init=False, default=0)

    @dataclass(frozen=True, slots=True)
    class Named:
        value: int = field(kw_only=True)

    @dataclass(frozen=True)
    class Unslotted:
        value: int

    for cls in (Checked, Derived, Named, Unslotted):
        with pytest.raises(TypeError):
            quick_init(cls)


def test_the_model_classes_made_by_the_hundred_thousand_use_it():
    where = Location("main.tf", 1, 3)
    resource = Resource("terraform", "aws_s3_bucket", "b", "aws_s3_bucket.b", {"x": 1}, where)
    assert (resource.lines, resource.anchors, resource.scope, resource.derived) == \
        ({}, {}, "", frozenset())
    outcome = Outcome.failed(("x",), 1, "2")
    evidence = Evidence("x", 1, "2", 2)
    finding = Finding("c", "k", "t", "tls", "high", outcome.status, resource, evidence)
    assert (outcome.status, outcome.path, finding.waiver) == (Status.FAIL, ("x",), None)
    assert pickle.loads(pickle.dumps(finding)) == finding
    for cls in (Location, Resource, Outcome, Evidence, Finding):  # slots set directly
        assert any(name.startswith("_set_") for name in cls.__init__.__code__.co_names), cls
