"""A defect of ours met on one resource costs that resource's result, never the scan: the
finding is unknown and its file is named as not fully evaluated (so the gate does not open)."""

from __future__ import annotations

from compliance.evaluate.run import ScanContext, run_controls
from compliance.model import Check, Control, Location, Outcome, Resource, Status
from compliance.resolve import views


def resource(address: str, file: str) -> Resource:
    return Resource(platform="terraform", type="aws_thing", name=address.split(".")[-1],
                    address=address, attributes={"x": 1}, location=Location(file, 3, 5))


def control(python: str) -> Control:
    check = Check("c", "terraform", ("aws_thing",), {"python": python})
    return Control("ctl", "t", "authn", "high", "d", "r", "m", (check,))


def test_a_check_that_raises_is_unknown_for_that_resource_only():
    def check(resource, context):
        if resource.address == "aws_thing.bad":
            raise RecursionError("deep")
        return Outcome.passed(("x",), 1)

    context = ScanContext([resource("aws_thing.good", "a.tf"), resource("aws_thing.bad", "b.tf")],
                          {"boom": check})
    findings = {f.resource.address: f for f in run_controls([control("boom")], context)}
    assert findings["aws_thing.good"].status is Status.PASS
    assert findings["aws_thing.bad"].status is Status.UNKNOWN
    assert "internal error" in findings["aws_thing.bad"].evidence.observed
    assert [(e.file, e.line, e.unread) for e in context.errors] == [("b.tf", 3, True)]


def test_a_view_that_fails_on_one_file_keeps_the_others(monkeypatch):
    def view(resources):
        if any(r.location.file == "b.tf" for r in resources):
            raise TypeError("a string where a dict was expected")
        return [r.with_facts({"seen": True}, {}) for r in resources]

    monkeypatch.setattr(views, "VIEWS", (view,))
    out, errors = views.apply_views([resource("aws_thing.a", "a.tf"),
                                     resource("aws_thing.b", "b.tf")])
    by_address = {r.address: r for r in out}
    assert by_address["aws_thing.a"].attributes.get("seen") is True
    assert "seen" not in by_address["aws_thing.b"].attributes  # kept, without the view's facts
    assert [(e.file, e.unread) for e in errors] == [("b.tf", True)]
    assert "TypeError" in errors[0].message
