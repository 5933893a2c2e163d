"""Security group and network ACL rules that open ports to, or send traffic to, the whole
internet.

An ingress rule is open to the internet when one of its sources is `0.0.0.0/0` or `::/0`,
and it reaches a port when its protocol is TCP (`tcp`, `6`) and the port lies in
`from_port`..`to_port`, or its protocol is all traffic (`-1`, `all`), which covers every
port. UDP, ICMP and other protocols are not looked at: the ports checked are TCP services.

Rule shapes:

- `aws_security_group` and `aws_default_security_group`: `ingress` blocks with `protocol`,
  `from_port`, `to_port`, `cidr_blocks`, `ipv6_cidr_blocks`;
- `aws_security_group_rule` with `type = "ingress"`: the same arguments at the top level;
- `aws_vpc_security_group_ingress_rule`: `ip_protocol`, `from_port`, `to_port`, `cidr_ipv4`,
  `cidr_ipv6`.

An unresolved source, protocol or port that could open a checked port makes the result
unknown; a rule that is open to the world on a checked port fails whatever else is unknown.

Egress (`security_group_egress_open`): the same shapes with `egress` blocks,
`aws_security_group_rule` with `type = "egress"` and `aws_vpc_security_group_egress_rule`; a
rule is unrestricted when its destination is `0.0.0.0/0` or `::/0` and it allows all traffic
(`-1`), or every port (0 to 65535) of TCP or UDP.

Network ACLs (`network_acl_ports_open`) are stateless and ordered: for a packet, the rule with
the lowest number that matches it decides. An ingress rule admits the internet to a port when
its action is `allow`, its `cidr_block` is `0.0.0.0/0` (or `ipv6_cidr_block` is `::/0`) and it
reaches the port as above, unless a rule with a lower number denies that same port to the
whole of the same address family. Shapes: `ingress` blocks of `aws_network_acl` and
`aws_default_network_acl` (`rule_no`, `action`, `protocol`, `from_port`, `to_port`,
`cidr_block`, `ipv6_cidr_block`), and `aws_network_acl_rule` with `egress` false (`rule_number`,
`rule_action`, the same others), which is judged alone: a deny rule of the same ACL in another
resource is not looked for.
"""

from __future__ import annotations

from typing import Any, Callable, Iterable, Iterator

from compliance.model import Outcome, Path, Resource, Unknown, configured_text

WORLD = ("0.0.0.0/0", "::/0")
ALL_PROTOCOLS = ("-1", "all")
TCP = ("tcp", "6")


def _items(value: Any) -> list[Any]:
    if value is None:
        return []
    return value if isinstance(value, list) else [value]


def _open_to_world(sources: Iterable[tuple[Path, Any]]) -> tuple[bool | None, Path | None, Any]:
    """(verdict, path of the deciding source attribute, the open CIDR or the Unknown)."""
    undecided: tuple[Path, Unknown] | None = None
    for path, value in sources:
        for item in _items(value):
            item = configured_text(item) or item  # another resource's cidr_block, as set
            if isinstance(item, Unknown):
                undecided = undecided or (path, item)
            elif isinstance(item, str) and item.strip() in WORLD:
                return True, path, item.strip()
    return (None, *undecided) if undecided else (False, None, None)


def _port(value: Any) -> int | None | Unknown:
    if isinstance(value, Unknown) or value is None:
        return value
    try:
        return int(value)
    except (TypeError, ValueError):
        return Unknown(f"port {value!r} is not a number")


def _reaches(protocol: Any, from_port: Any, to_port: Any,
             ports: list[int]) -> tuple[bool | None, list[int]]:
    """Whether the rule reaches one of `ports`; the ports it reaches when it does."""
    if isinstance(protocol, Unknown):
        return None, []
    protocol = str(protocol).strip().lower() if protocol is not None else "tcp"
    if protocol in ALL_PROTOCOLS:
        return True, list(ports)
    if protocol not in TCP:
        return False, []
    low, high = _port(from_port), _port(to_port)
    if isinstance(low, Unknown) or isinstance(high, Unknown):
        return None, []
    if low is None and high is None:
        return False, []
    low = high if low is None else low
    high = low if high is None else high
    if low < 0 and high < 0:  # -1 with a TCP protocol is not a valid range; treat as all
        return True, list(ports)
    hit = [port for port in ports if low <= port <= high]
    return bool(hit), hit


def _rules(resource: Resource, direction: str = "ingress"
           ) -> Iterator[tuple[Path, Any, Any, Any, list[tuple[Path, Any]]]]:
    """(rule path, protocol, from_port, to_port, [(source path, source value)]) per rule of
    `direction` (ingress or egress: for egress the "sources" are the destinations)."""
    attributes = resource.attributes
    if resource.type in ("aws_vpc_security_group_ingress_rule",
                         "aws_vpc_security_group_egress_rule"):
        yield ((), attributes.get("ip_protocol"), attributes.get("from_port"),
               attributes.get("to_port"),
               [(("cidr_ipv4",), attributes.get("cidr_ipv4")),
                (("cidr_ipv6",), attributes.get("cidr_ipv6"))])
    elif resource.type == "aws_security_group_rule":
        yield ((), attributes.get("protocol"), attributes.get("from_port"),
               attributes.get("to_port"),
               [(("cidr_blocks",), attributes.get("cidr_blocks")),
                (("ipv6_cidr_blocks",), attributes.get("ipv6_cidr_blocks"))])
    else:
        blocks = attributes.get(direction)
        if isinstance(blocks, Unknown):
            yield ((direction,), Unknown(blocks.reason, blocks.refs), None, None,
                   [((direction,), blocks)])
            return
        for index, rule in enumerate(_items(blocks)):
            path: Path = (direction, index)
            if isinstance(rule, Unknown):
                yield path, rule, None, None, [(path, rule)]
                continue
            if not isinstance(rule, dict):
                continue
            yield (path, rule.get("protocol"), rule.get("from_port"), rule.get("to_port"),
                   [(path + ("cidr_blocks",), rule.get("cidr_blocks")),
                    (path + ("ipv6_cidr_blocks",), rule.get("ipv6_cidr_blocks"))])


Reach = Callable[[Any, Any, Any], tuple[bool | None, dict[str, Any]]]


def _first_open_rule(resource: Resource, direction: str, reach: Reach, peer: str,
                     expected: str) -> Outcome:
    """Fails on the first rule of `direction` open to 0.0.0.0/0 or ::/0 that `reach` (protocol,
    from_port, to_port -> verdict, what the evidence adds) says is too wide; unknown when an
    unresolved value could make one so."""
    unknown: Outcome | None = None
    for rule_path, protocol, from_port, to_port, peers in _rules(resource, direction):
        world, peer_path, cidr = _open_to_world(peers)
        if world is False:
            continue
        verdict, extra = reach(protocol, from_port, to_port)
        if verdict is False:
            continue
        if world and verdict:
            observed = {peer: cidr, "protocol": protocol, "from_port": from_port,
                        "to_port": to_port, **extra}
            return Outcome.failed(peer_path or rule_path, observed, expected)
        if unknown is None:
            undecided = cidr if world is None else next(
                (v for v in (protocol, from_port, to_port) if isinstance(v, Unknown)), None)
            unknown = Outcome.unknown(peer_path or rule_path, undecided, expected)
    return unknown or Outcome.passed((), None, expected)


def security_group_admin_ports_open(resource: Resource, context: Any, ports: list[int]) -> Outcome:
    """Fails on an ingress rule from 0.0.0.0/0 or ::/0 that reaches one of `ports`."""
    names = ", ".join(str(p) for p in ports)

    def reach(protocol: Any, from_port: Any, to_port: Any) -> tuple[bool | None, dict[str, Any]]:
        reaches, hit = _reaches(protocol, from_port, to_port, ports)
        return reaches, {"admin_ports": hit}

    return _first_open_rule(resource, "ingress", reach, "source",
                            f"no ingress from 0.0.0.0/0 or ::/0 to TCP ports {names}")


EGRESS_EXPECTED = ("no egress rule to 0.0.0.0/0 or ::/0 for all traffic or every TCP or UDP "
                   "port")
_EVERY_PORT = (0, 65535)


def _every_port(protocol: Any, from_port: Any, to_port: Any) -> tuple[bool | None, dict[str, Any]]:
    """Whether the rule allows all traffic, or every port of TCP or UDP."""
    if isinstance(protocol, Unknown):
        return None, {}
    protocol = str(protocol).strip().lower() if protocol is not None else "tcp"
    if protocol in ALL_PROTOCOLS:
        return True, {}
    if protocol not in TCP + ("udp", "17"):
        return False, {}
    low, high = _port(from_port), _port(to_port)
    if isinstance(low, Unknown) or isinstance(high, Unknown):
        return None, {}
    if low is None or high is None:
        return False, {}
    return (low <= _EVERY_PORT[0] and high >= _EVERY_PORT[1]) or (low < 0 and high < 0), {}


def security_group_egress_open(resource: Resource, context: Any) -> Outcome:
    """Fails on an egress rule to 0.0.0.0/0 or ::/0 for all traffic or every TCP/UDP port."""
    return _first_open_rule(resource, "egress", _every_port, "destination", EGRESS_EXPECTED)


# --- network ACLs ------------------------------------------------------------------------------

_FAMILIES = (("cidr_block", "0.0.0.0/0"), ("ipv6_cidr_block", "::/0"))


def _acl_rules(resource: Resource) -> Iterator[tuple[Path, Any, dict[str, Any]]]:
    """(rule path, rule number, rule) per ingress rule; the rule's action under `action`."""
    attributes = resource.attributes
    if resource.type == "aws_network_acl_rule":
        rule = dict(attributes)
        rule["action"] = attributes.get("rule_action")
        yield (), attributes.get("rule_number"), rule
        return
    ingress = attributes.get("ingress")
    if isinstance(ingress, Unknown):
        yield ("ingress",), None, {"action": ingress, "protocol": ingress,
                                   "cidr_block": ingress}
        return
    for index, rule in enumerate(_items(ingress)):
        path: Path = ("ingress", index)
        if isinstance(rule, Unknown):
            yield path, None, {"action": rule, "protocol": rule, "cidr_block": rule}
        elif isinstance(rule, dict):
            yield path, rule.get("rule_no"), rule


def _number(value: Any) -> int | None:
    port = _port(value)
    return port if isinstance(port, int) else None


def _world(rule: dict[str, Any], key: str, world: str) -> bool | None:
    value = rule.get(key)
    if isinstance(value, Unknown):
        return None
    return isinstance(value, str) and value.strip() == world


def _action(rule: dict[str, Any]) -> str | None:
    action = rule.get("action")
    return None if isinstance(action, Unknown) else str(action or "").strip().lower()


def network_acl_ports_open(resource: Resource, context: Any, ports: list[int]) -> Outcome:
    """Fails on an ingress rule that admits 0.0.0.0/0 or ::/0 to one of `ports` before any
    deny rule for the whole address family does (see the module doc)."""
    names = ", ".join(str(p) for p in ports)
    expected = (f"no network ACL ingress rule allows 0.0.0.0/0 or ::/0 to TCP ports {names} "
                "ahead of a deny rule for them")
    rules = list(_acl_rules(resource))
    unknown: Outcome | None = None
    for path, number, rule in rules:
        action = _action(rule)
        if action not in ("allow", None):
            continue
        for key, world in _FAMILIES:
            sourced = _world(rule, key, world)
            if sourced is False:
                continue
            reaches, hit = _reaches(rule.get("protocol"), rule.get("from_port"),
                                    rule.get("to_port"), ports)
            if reaches is False:
                continue
            if sourced and reaches and action == "allow":
                denied = {port: _denied_before(rules, number, key, world, port) for port in hit}
                open_ports = [port for port, verdict in denied.items() if verdict is False]
                if open_ports:
                    observed = {"rule_no": number, key: world, "protocol": rule.get("protocol"),
                                "from_port": rule.get("from_port"),
                                "to_port": rule.get("to_port"), "ports": open_ports}
                    return Outcome.failed(path + (key,), observed, expected)
                if all(denied.values()):
                    continue  # a lower-numbered rule denies them all first
            if unknown is None:
                undecided = next((v for v in (rule.get("action"), rule.get(key),
                                              rule.get("protocol"), rule.get("from_port"),
                                              rule.get("to_port"), number)
                                  if isinstance(v, Unknown)), number)
                unknown = Outcome.unknown(path + (key,), undecided, expected)
    return unknown or Outcome.passed((), None, expected)


def _denied_before(rules: list[tuple[Path, Any, dict[str, Any]]], number: Any, key: str,
                   world: str, port: int) -> bool | None:
    """Whether a rule numbered below `number` denies `port` to the whole address family:
    True, False, or None when an unresolved rule might."""
    limit = _number(number)
    undecided = False
    for _path, other_number, other in rules:
        action = _action(other)
        if action not in ("deny", None):
            continue
        covers = _world(other, key, world)
        reaches, _hit = _reaches(other.get("protocol"), other.get("from_port"),
                                 other.get("to_port"), [port])
        if covers is False or reaches is False:
            continue
        other_limit = _number(other_number)
        before = None if limit is None or other_limit is None else other_limit < limit
        if before is False:
            continue
        if before and covers and reaches and action == "deny":
            return True
        undecided = True  # an unresolved rule might deny it first
    return None if undecided else False


# the named checks of this module, as controls call them (`python: <name>`)
CHECKS = {
    "security_group_admin_ports_open": security_group_admin_ports_open,
    "security_group_egress_open": security_group_egress_open,
    "network_acl_ports_open": network_acl_ports_open,
}
