"""Azure network rules that need port arithmetic or a join between blocks of one resource.

`azure_nsg_ports_open_to_internet`: an NSG rule opens a port to the internet when it allows
inbound traffic (`access = "Allow"`, `direction = "Inbound"`) over TCP or any protocol
(`Tcp`, `*`), from a source that stands for every address (`*`, `Internet`, `Any`,
`0.0.0.0`, `0.0.0.0/0`, `::/0`; in `source_address_prefix` or `source_address_prefixes`), to
one of the ports (`destination_port_range` or `destination_port_ranges`: a port, a range
`"1000-2000"` or `*`). Rules are the `security_rule` blocks of `azurerm_network_security_group`
or an `azurerm_network_security_rule`. An unresolved value that could open a checked port makes
the result unknown; a rule open to the internet on a checked port fails whatever else is
unknown.

`azure_appgw_http_listeners_redirect`: an Application Gateway's plain-HTTP listener
(`http_listener` with `protocol = "Http"`) is acceptable only when every request routing rule
bound to it (`request_routing_rule.http_listener_name`) redirects, through its
`redirect_configuration_name` (or, for path-based rules, the default and every path rule of its
`url_path_map`), either to an HTTPS listener of the gateway (`target_listener_name`) or to an
`https://` `target_url`. A listener no rule uses serves nothing and is not judged. Matching
listeners, rules, path maps and redirect configurations by name is the join the condition
language cannot express.
"""

from __future__ import annotations

import re
from typing import Any, Iterator

from compliance.model import Outcome, Path, Resource, Unknown

INTERNET = {"*", "internet", "any", "0.0.0.0", "0.0.0.0/0", "::/0"}
OPEN_PROTOCOLS = {"tcp", "*"}
_RANGE = re.compile(r"^\s*(\d+)\s*-\s*(\d+)\s*$")


def _items(value: Any) -> list[Any]:
    if value is None:
        return []
    return value if isinstance(value, list) else [value]


def _lower(value: Any) -> Any:
    return value.strip().lower() if isinstance(value, str) else value


def _rules(resource: Resource) -> Iterator[tuple[Path, Any]]:
    if resource.type == "azurerm_network_security_rule":
        yield (), resource.attributes
        return
    rules = resource.attributes.get("security_rule")
    if isinstance(rules, Unknown):
        yield ("security_rule",), rules
        return
    for index, rule in enumerate(_items(rules)):
        yield ("security_rule", index), rule


def _tri(value: Any, accepted: set[str]) -> bool | None:
    """Whether a single string value is one of `accepted` (None: unknown)."""
    if isinstance(value, Unknown):
        return None
    return _lower(value) in accepted


def _from_internet(rule: dict, path: Path) -> tuple[bool | None, Path, Any]:
    undecided: tuple[Path, Any] | None = None
    for key in ("source_address_prefix", "source_address_prefixes"):
        value = rule.get(key)
        if isinstance(value, Unknown):
            undecided = undecided or (path + (key,), value)
            continue
        for item in _items(value):
            if isinstance(item, Unknown):
                undecided = undecided or (path + (key,), item)
            elif _lower(item) in INTERNET:
                return True, path + (key,), item
    return (None, *undecided) if undecided else (False, path, None)


def _hit_ports(rule: dict, ports: list[int]) -> tuple[bool | None, list[int]]:
    undecided = False
    hit: set[int] = set()
    for key in ("destination_port_range", "destination_port_ranges"):
        value = rule.get(key)
        if isinstance(value, Unknown):
            undecided = True
            continue
        for item in _items(value):
            if isinstance(item, Unknown):
                undecided = True
                continue
            text = str(item).strip()
            if text == "*":
                hit.update(ports)
                continue
            match = _RANGE.match(text)
            if match:
                low, high = int(match.group(1)), int(match.group(2))
            elif text.isdigit():
                low = high = int(text)
            else:
                undecided = True
                continue
            hit.update(port for port in ports if low <= port <= high)
    if hit:
        return True, sorted(hit)
    return (None if undecided else False), []


def azure_nsg_ports_open_to_internet(resource: Resource, context: Any,
                                     ports: list[int]) -> Outcome:
    """Fails on an inbound allow rule from the internet that reaches one of `ports`."""
    names = ", ".join(str(p) for p in ports)
    expected = (f"no inbound Allow rule from the internet (*, Internet, 0.0.0.0/0) to TCP "
                f"ports {names}")
    unknown: Outcome | None = None
    for path, rule in _rules(resource):
        if isinstance(rule, Unknown):
            unknown = unknown or Outcome.unknown(path, rule, expected)
            continue
        if not isinstance(rule, dict):
            continue
        verdicts = [_tri(rule.get("access"), {"allow"}),
                    _tri(rule.get("direction"), {"inbound"}),
                    _tri(rule.get("protocol"), OPEN_PROTOCOLS)]
        if False in verdicts:
            continue
        source, source_path, prefix = _from_internet(rule, path)
        if source is False:
            continue
        reaches, hit = _hit_ports(rule, ports)
        if reaches is False:
            continue
        if source and reaches and None not in verdicts:
            observed = {"source": prefix, "protocol": rule.get("protocol"),
                        "ports": rule.get("destination_port_range")
                        or rule.get("destination_port_ranges"), "admin_or_database_ports": hit}
            return Outcome.failed(source_path, observed, expected)
        if unknown is None:
            undecided = next((v for v in (rule.get("access"), rule.get("direction"),
                                          rule.get("protocol"), prefix)
                              if isinstance(v, Unknown)), prefix)
            unknown = Outcome.unknown(source_path, undecided, expected)
    return unknown or Outcome.passed((), None, expected)


def _named(blocks: Any, name: Any) -> list[tuple[int, dict]]:
    return [(index, block) for index, block in enumerate(_items(blocks))
            if isinstance(block, dict) and block.get("name") == name]


def _redirects_to_https(attributes: dict, name: Any) -> bool | None:
    """Whether the redirect configuration `name` sends requests to HTTPS (None: unknown)."""
    if name is None:
        return False
    if isinstance(name, Unknown):
        return None
    found = _named(attributes.get("redirect_configuration"), name)
    if not found:
        return None  # named but not in the resource as written: can't tell
    _, redirect = found[0]
    url = redirect.get("target_url")
    if isinstance(url, str) and url.strip().lower().startswith("https://"):
        return True
    target = redirect.get("target_listener_name")
    if isinstance(target, Unknown) or isinstance(url, Unknown):
        return None
    if target is None:
        return False
    listeners = _named(attributes.get("http_listener"), target)
    if not listeners:
        return None
    protocol = listeners[0][1].get("protocol")
    if isinstance(protocol, Unknown):
        return None
    return _lower(protocol) == "https"


def _rule_redirects(attributes: dict, rule: dict) -> bool | None:
    path_map_name = rule.get("url_path_map_name")
    if path_map_name is None:
        return _redirects_to_https(attributes, rule.get("redirect_configuration_name"))
    if isinstance(path_map_name, Unknown):
        return None
    maps = _named(attributes.get("url_path_map"), path_map_name)
    if not maps:
        return None
    path_map = maps[0][1]
    default = path_map.get("default_redirect_configuration_name")
    verdicts = [_redirects_to_https(attributes, default)]
    verdicts += [_redirects_to_https(attributes, path_rule.get("redirect_configuration_name"))
                 for path_rule in _items(path_map.get("path_rule")) if isinstance(path_rule, dict)]
    if False in verdicts:
        return False
    return None if None in verdicts else True


def azure_appgw_http_listeners_redirect(resource: Resource, context: Any) -> Outcome:
    """Fails on a plain-HTTP listener whose traffic a routing rule forwards to a back end."""
    expected = ("every Http listener's routing rules redirect to an HTTPS listener or an "
                "https:// URL")
    attributes = resource.attributes
    listeners = attributes.get("http_listener")
    if isinstance(listeners, Unknown):
        return Outcome.unknown(("http_listener",), listeners, expected)
    rules = attributes.get("request_routing_rule")
    unknown: Outcome | None = None
    for index, listener in enumerate(_items(listeners)):
        if not isinstance(listener, dict):
            continue
        protocol = listener.get("protocol")
        path: Path = ("http_listener", index, "protocol")
        if isinstance(protocol, Unknown):
            unknown = unknown or Outcome.unknown(path, protocol, expected)
            continue
        if _lower(protocol) != "http":
            continue
        name = listener.get("name")
        bound = [rule for rule in _items(rules) if isinstance(rule, dict)
                 and (rule.get("http_listener_name") == name
                      or isinstance(rule.get("http_listener_name"), Unknown))]
        for rule in bound:
            verdict = _rule_redirects(attributes, rule)
            sure = rule.get("http_listener_name") == name
            if verdict is False and sure:
                observed = {"listener": name, "protocol": protocol, "rule": rule.get("name")}
                return Outcome.failed(path, observed, expected)
            if verdict is not True and unknown is None:
                unknown = Outcome.unknown(path, f"rule {rule.get('name')!r} of listener {name!r}",
                                          expected)
    return unknown or Outcome.passed((), None, expected)


# the named checks of this module, as controls call them (`python: <name>`)
CHECKS = {
    "azure_nsg_ports_open_to_internet": azure_nsg_ports_open_to_internet,
    "azure_appgw_http_listeners_redirect": azure_appgw_http_listeners_redirect,
}
