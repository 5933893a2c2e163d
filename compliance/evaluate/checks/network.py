"""Security group rules that open administrative or database ports to the whole internet.

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
"""

from __future__ import annotations

from typing import Any, Iterable, Iterator

from compliance.model import Outcome, Path, Resource, Unknown

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


def _rules(resource: Resource) -> Iterator[tuple[Path, Any, Any, Any, list[tuple[Path, Any]]]]:
    """(rule path, protocol, from_port, to_port, [(source path, source value)]) per rule."""
    attributes = resource.attributes
    if resource.type == "aws_vpc_security_group_ingress_rule":
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
        ingress = attributes.get("ingress")
        if isinstance(ingress, Unknown):
            yield (("ingress",), Unknown(ingress.reason, ingress.refs), None, None,
                   [(("ingress",), ingress)])
            return
        for index, rule in enumerate(_items(ingress)):
            path: Path = ("ingress", index)
            if isinstance(rule, Unknown):
                yield path, rule, None, None, [(path, rule)]
                continue
            if not isinstance(rule, dict):
                continue
            yield (path, rule.get("protocol"), rule.get("from_port"), rule.get("to_port"),
                   [(path + ("cidr_blocks",), rule.get("cidr_blocks")),
                    (path + ("ipv6_cidr_blocks",), rule.get("ipv6_cidr_blocks"))])


def security_group_admin_ports_open(resource: Resource, context: Any, ports: list[int]) -> Outcome:
    """Fails on an ingress rule from 0.0.0.0/0 or ::/0 that reaches one of `ports`."""
    names = ", ".join(str(p) for p in ports)
    expected = f"no ingress from 0.0.0.0/0 or ::/0 to TCP ports {names}"
    unknown: Outcome | None = None
    for rule_path, protocol, from_port, to_port, sources in _rules(resource):
        world, source_path, source = _open_to_world(sources)
        if world is False:
            continue
        reaches, hit = _reaches(protocol, from_port, to_port, ports)
        if reaches is False:
            continue
        if world and reaches:
            observed = {"source": source, "protocol": protocol, "from_port": from_port,
                        "to_port": to_port, "admin_ports": hit}
            return Outcome.failed(source_path or rule_path, observed, expected)
        if unknown is None:
            undecided = source if world is None else next(
                (v for v in (protocol, from_port, to_port) if isinstance(v, Unknown)), None)
            unknown = Outcome.unknown(source_path or rule_path, undecided, expected)
    return unknown or Outcome.passed((), None, expected)


# the named checks of this module, as controls call them (`python: <name>`)
CHECKS = {
    "security_group_admin_ports_open": security_group_admin_ports_open,
}
