"""Identities without audit events (compliance/model/identity.py): the same guarantee as id()
for live objects, no `builtins.id` event for the scan memo's hook to hear, and no id() left in
the package to raise one."""

from __future__ import annotations

import ast
import subprocess
import sys
import textwrap
from pathlib import Path

from compliance.model.identity import identity

PACKAGE = Path(__file__).resolve().parents[1] / "compliance"


def test_live_objects_have_distinct_stable_identities():
    objects = [object(), [], {}, "text", 7, (), _Unhashable(), _ByValue(1), _ByValue(1)]
    numbers = [identity(o) for o in objects]
    assert len(set(numbers)) == len(objects)
    assert numbers == [identity(o) for o in objects]


def test_objects_hashed_by_value_or_unhashable_still_have_one():
    # equal by value, two objects: two identities (a dict keyed by them would merge them)
    twin = _ByValue(1), _ByValue(1)
    assert twin[0] == twin[1] and hash(twin[0]) == hash(twin[1])
    assert identity(twin[0]) != identity(twin[1])
    assert isinstance(identity(_Unhashable()), int)


def test_no_audit_event_is_raised_where_id_raises_one():
    heard = subprocess.run([sys.executable, "-c", textwrap.dedent("""
        import sys
        events = []
        sys.addaudithook(lambda event, args: events.append(event))
        from compliance.model.identity import identity
        marker = len(events)
        identity(object())
        quiet = events[marker:].count("builtins.id")
        id(object())
        print(quiet, events[marker:].count("builtins.id"))
    """)], capture_output=True, text=True, check=True).stdout.split()
    assert heard == ["0", "1"]


def _id_calls(source: str) -> list[int]:
    """Lines where the builtin id is called or handed on (`map(id, ...)`): any read of the
    name (a variable or parameter named id is read as one too: name it otherwise); a field,
    keyword or attribute named id is not one."""
    return sorted(node.lineno for node in ast.walk(ast.parse(source))
                  if isinstance(node, ast.Name) and node.id == "id"
                  and isinstance(node.ctx, ast.Load))


def test_the_package_calls_identity_not_id():
    found = {str(path.relative_to(PACKAGE)): lines for path in sorted(PACKAGE.rglob("*.py"))
             if (lines := _id_calls(path.read_text("utf-8")))}
    assert found == {}


def test_the_search_finds_an_id_call():
    assert _id_calls("x = 1\nkey = {id(x): x}\nname.id(x)\nids = set(map(id, [x]))\n"
                     "def f(id): return {'id': id}\nrecord = dict(id=x)\n") == [2, 4, 5]


class _Unhashable:
    __hash__ = None


class _ByValue:
    def __init__(self, value):
        self.value = value

    def __eq__(self, other):
        return isinstance(other, _ByValue) and other.value == self.value

    def __hash__(self):
        return hash(self.value)
