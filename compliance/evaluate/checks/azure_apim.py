"""Azure API Management: effective policies across scopes, policy XML held in Terraform, the
WAF in front of a gateway.

- `apim_effective_policy` (requirement: authentication | rate_limit | content_validation):
  a required policy runs on every request reaching an API or operation, through the
  effective inbound section (global > product > API > operation, `<base />` resolved; see
  `compliance.apim`). Applies to standalone `apim_policy` files of API or operation scope (or
  of unknown scope), `azurerm_api_management_api`, `azurerm_api_management_api_operation` and
  `azurerm_api_management_api_operation_policy`.
- `apim_subscription_or_authentication`: an API that needs no subscription key has a token
  or certificate validation in its effective inbound policy.
- `apim_policy_xml` (condition): a condition written for `apim_policy` resources, evaluated on
  the policy XML of a Terraform resource (`xml_content`, or the service's `policy` block).
- `apim_entry_policy_file`: for `where`: a standalone file that reaches requests on its own
  (not the global or a product policy of an APIOps layout) and whose text is not also the XML
  of a Terraform resource of the scan, which then speaks for it.
- `apim_policy_file`: for `where`: a standalone file not also held by a Terraform resource.
- `apim_ip_filters_restrict`: no `ip-filter` with `action="allow"` lets every IPv4 or every
  IPv6 address in.
- `apim_waf_in_front`: see `compliance.apim.waf`.

Evidence of a policy element held in Terraform points at the attribute holding the XML, or at
the element's own line when the XML is a heredoc in the resource (see `PolicyDoc.line`).
"""

from __future__ import annotations

from typing import Any

from compliance.evaluate.checks.apim_rules import REQUIREMENTS, allows_everyone
from compliance.evaluate.checks.apim_waf import TYPES as WAF_TYPES
from compliance.evaluate.checks.apim_waf import Resources, waf_in_front
from compliance.model import Outcome, Path, Resource, Status, Unknown, format_path
from compliance.resolve.apim import scan_model
from compliance.resolve.apim.documents import PolicyDoc, synthetic_resource
from compliance.resolve.apim.effective import Found, Verdict, effective, requirement


def apim_entry_policy_file(resource: Resource, context: Any) -> Outcome:
    model = scan_model(context)
    if resource.platform != "apim":
        return Outcome.passed()
    if model.embedded_elsewhere(resource):
        return Outcome.failed((), "held by a Terraform resource", "a standalone policy file")
    level = model.files.level(resource)
    if level in ("global", "product"):
        return Outcome.failed((), f"{level} policy", "an API, operation or unplaced policy")
    return Outcome.passed((), level)


def apim_policy_file(resource: Resource, context: Any) -> Outcome:
    if resource.platform == "apim" and scan_model(context).embedded_elsewhere(resource):
        return Outcome.failed((), "held by a Terraform resource", "a standalone policy file")
    return Outcome.passed()


def apim_effective_policy(resource: Resource, context: Any, requirement: str,
                          section: str = "inbound") -> Outcome:
    predicate = REQUIREMENTS[requirement]
    expected = f"every request passes {predicate.wording} in the effective {section} policy"
    model = scan_model(context)
    node = model.node(resource)
    if node is None:
        return Outcome.unknown((), "not an API Management scope", expected)
    verdict = requirement_verdict(node, section, predicate)
    return _verdict_outcome(resource, verdict, section, expected, model)


def requirement_verdict(node: Any, section: str, predicate: Any) -> Verdict:
    return requirement(effective(node, section), predicate)


def apim_subscription_or_authentication(resource: Resource, context: Any) -> Outcome:
    expected = ("subscription_required is true (the default), or every request passes a token "
                "or client certificate validation in the effective inbound policy")
    subscription = resource.attributes.get("subscription_required")
    if subscription is None or subscription is True or subscription == "true":  # true by default
        return Outcome.passed(("subscription_required",), True, expected)
    model = scan_model(context)
    predicate = REQUIREMENTS["authentication"]
    verdict = requirement_verdict(model.node(resource), "inbound", predicate)
    if verdict.status == "pass":
        return _verdict_outcome(resource, verdict, "inbound", expected, model)
    if isinstance(subscription, Unknown):
        return Outcome.unknown(("subscription_required",), subscription, expected)
    if verdict.status == "fail":
        return Outcome.failed(("subscription_required",),
                              f"false, and no token validation: {_describe_missing(verdict)}",
                              expected)
    return Outcome.unknown(("subscription_required",), verdict.found.reason, expected)


def apim_policy_xml(resource: Resource, context: Any, condition: dict[str, Any]) -> Outcome:
    document = scan_model(context).document(resource)
    if document is None:
        return Outcome.failed((), "no policy", "a policy document")
    if document.attributes is None:
        return Outcome.unknown(document.attr_path, document.unknown, "a readable policy document")
    synthetic = synthetic_resource(document)
    outcome = context.evaluator.evaluate(condition, synthetic)
    path = document.attr_path + outcome.path
    line = synthetic.line_of(outcome.path)
    if line is not None:
        resource.lines.setdefault(format_path(path), line)
    return Outcome(outcome.status, path, outcome.observed, outcome.expected)


def apim_ip_filters_restrict(resource: Resource, context: Any) -> Outcome:
    expected = "no ip-filter allows every IPv4 or every IPv6 address"
    document = scan_model(context).document(resource)
    if document is None or document.attributes is None:
        reason = document.unknown if document is not None else "no policy"
        return Outcome.unknown(document.attr_path if document else (), reason, expected)
    unknown: Outcome | None = None
    for index, entry in enumerate(document.attributes.get("ip_filters") or []):
        verdict, observed = allows_everyone(entry)
        path = _note(resource, document, ("ip_filters", index), entry["line"])
        if verdict is True:
            return Outcome.failed(path, observed, expected)
        if verdict is None and unknown is None:
            unknown = Outcome.unknown(path, observed, expected)
    return unknown or Outcome.passed((), None, expected)


def apim_waf_in_front(resource: Resource, context: Any) -> Outcome:
    expected = ("an Application Gateway or Front Door with a WAF in prevention mode routes to "
                "the API Management gateway")
    scoped = [r for r in context.index.of_types(WAF_TYPES) if r.scope == resource.scope]
    result = waf_in_front(resource, Resources(scoped))
    status = {"pass": Status.PASS, "fail": Status.FAIL}.get(result.status, Status.UNKNOWN)
    return Outcome(status, (), result.observed, expected)


# --- evidence -----------------------------------------------------------------------------


def _verdict_outcome(resource: Resource, verdict: Verdict, section: str, expected: str,
                     model: Any) -> Outcome:
    found = verdict.found
    if verdict.status == "pass":
        path = _element_path(resource, found, model)
        return Outcome.passed(path, _describe_found(resource, found), expected)
    if verdict.status == "unknown":
        if found.doc is None:  # a route that may or may not be taken
            path = _section_path(resource, section, model)
        else:
            path = _element_path(resource, found, model)
        return Outcome.unknown(path, found.reason or "not known", expected)
    if found.element is not None and found.doc is not None and found.doc.resource is resource:
        path = _element_path(resource, found, model)  # a policy of the kind that doesn't count
    else:
        path = _section_path(resource, section, model)
    return Outcome.failed(path, _describe_missing(verdict), expected)


def _describe_found(resource: Resource, found: Found) -> str:
    element = found.element or {}
    doc = found.doc
    if doc is None:
        return f"<{element.get('element', '?')}>"
    where = f"{doc.resource.location.file}:{doc.line(element.get('line'))}"
    owner = "" if doc.resource is resource or not doc.embedded else f" ({doc.resource.address})"
    return f"<{element.get('element', '?')}> at {where}{owner}"


def _describe_missing(verdict: Verdict) -> str:
    """Short, most telling first: the table report cuts long values."""
    scopes = " > ".join(verdict.route.scopes)
    inherited = f"inherited from: {scopes}" if scopes else "nothing inherited"
    found = verdict.found
    if found.element is not None and found.doc is not None:
        where = f"{found.doc.resource.location.file}:{found.doc.line(found.element['line'])}"
        return f"<{found.element['element']}> at {where} {found.reason}; {inherited}"
    return f"none in the effective policy ({inherited})"


def _element_path(resource: Resource, found: Found, model: Any) -> Path:
    """The path of the deciding element (or of the <base /> a gap comes from) when it is in
    the resource's own document; () when it is elsewhere."""
    doc = found.doc
    if doc is None or doc.resource is not resource or doc.attributes is None:
        return doc.attr_path if doc is not None and doc.resource is resource else ()
    target = found.element
    if target is None and found.line is not None:
        target = _find(doc, lambda e: e["element"] == "base" and e["line"] == found.line)
    if target is None:
        return _section_path(resource, "inbound", model)
    located = _locate(doc, target)
    if located is None:
        return doc.attr_path
    return _note(resource, doc, located, target["line"])


def _section_path(resource: Resource, section: str, model: Any) -> Path:
    """Where a missing policy would go: the section of the resource's own document."""
    document = model.document(resource)
    if document is None:
        return ()
    if document.attributes is None:
        return document.attr_path
    info = (document.attributes.get("sections") or {}).get(section) or {}
    if not info.get("present"):
        return document.attr_path
    return _note(resource, document, (section,), info.get("line"))


def _note(resource: Resource, doc: PolicyDoc, path: Path, xml_line: int | None) -> Path:
    """The resource path of a path inside its document, with its line recorded."""
    if not doc.embedded:
        return path
    full = doc.attr_path + path
    resource.lines.setdefault(format_path(full), doc.line(xml_line))
    return full


def _locate(doc: PolicyDoc, target: dict[str, Any]) -> Path | None:
    """The path of an element (by identity) within a document's sections."""
    for path, element in _elements(doc):
        if element is target:
            return path
    return None


def _find(doc: PolicyDoc, test: Any) -> dict[str, Any] | None:
    return next((element for _, element in _elements(doc) if test(element)), None)


def _elements(doc: PolicyDoc):
    attributes = doc.attributes or {}
    stack: list[tuple[Path, list[Any]]] = [((name,), attributes.get(name) or [])
                                           for name in ("on-error", "outbound", "backend", "inbound")]
    while stack:
        prefix, elements = stack.pop()
        for index, element in enumerate(elements):
            yield prefix + (index,), element
            if element.get("children"):
                stack.append((prefix + (index, "children"), element["children"]))


# the named checks of this module, as controls call them (`python: <name>`)
CHECKS = {
    "apim_entry_policy_file": apim_entry_policy_file,
    "apim_policy_file": apim_policy_file,
    "apim_effective_policy": apim_effective_policy,
    "apim_subscription_or_authentication": apim_subscription_or_authentication,
    "apim_policy_xml": apim_policy_xml,
    "apim_ip_filters_restrict": apim_ip_filters_restrict,
    "apim_waf_in_front": apim_waf_in_front,
}
