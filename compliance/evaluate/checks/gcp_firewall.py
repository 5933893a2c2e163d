"""Google Cloud VPC firewall rules that open administrative or database ports to the internet.

A `google_compute_firewall` rule opens a port to the internet when it is an ingress rule
(`direction` INGRESS, the default), not `disabled`, one of its `source_ranges` is `0.0.0.0/0`
or `::/0`, and one of its `allow` blocks reaches the port: protocol `all`, or `tcp` (`6`)
with no `ports` (every port) or a `ports` entry that is the port or a range (`"20-25"`)
around it. `deny` blocks open nothing. Source tags or service accounts next to an open range
do not narrow it (sources are a union). The Google provider requires a source on ingress
rules, so a rule without `source_ranges` is not read as open.

An unresolved direction, source, protocol or port that could open a checked port makes the
result unknown; a rule that is open to the world on a checked port fails whatever else is
unknown. This needs port-range arithmetic, which the condition language does not have.
"""

from __future__ import annotations

from typing import Any

from compliance.model import Outcome, Path, Unknown

WORLD = ("0.0.0.0/0", "::/0")
ALL_PROTOCOLS = ("all",)
TCP = ("tcp", "6")


def _items(value: Any) -> list[Any]:
    if value is None:
        return []
    return value if isinstance(value, list) else [value]


def _open_source(value: Any) -> tuple[bool | None, Any]:
    """(True, the open range) / (None, the Unknown) / (False, None)."""
    if isinstance(value, Unknown):
        return None, value
    undecided = None
    for item in _items(value):
        if isinstance(item, Unknown):
            undecided = undecided or item
        elif isinstance(item, str) and item.strip() in WORLD:
            return True, item.strip()
    return (None, undecided) if undecided is not None else (False, None)


def _port_hits(ports: Any, wanted: list[int]) -> tuple[bool | None, list[int]]:
    """Which of `wanted` a `ports` list reaches (an unset list reaches every port)."""
    if isinstance(ports, Unknown):
        return None, []
    if ports is None or ports == []:
        return True, list(wanted)
    hits: set[int] = set()
    unknown = False
    for entry in _items(ports):
        if isinstance(entry, Unknown):
            unknown = True
            continue
        text = str(entry).strip()
        low, _, high = text.partition("-")
        try:
            first, last = int(low), int(high or low)
        except ValueError:
            unknown = True
            continue
        hits.update(port for port in wanted if first <= port <= last)
    if hits:
        return True, sorted(hits)
    return (None, []) if unknown else (False, [])


def _allow_hits(allow: Any, wanted: list[int]) -> tuple[bool | None, Path, list[int], Any]:
    """(verdict, path of the deciding allow block, ports reached, protocol)."""
    if isinstance(allow, Unknown):
        return None, ("allow",), [], allow
    undecided: tuple[Path, Any] | None = None
    for index, block in enumerate(_items(allow)):
        path: Path = ("allow", index)
        if isinstance(block, Unknown):
            undecided = undecided or (path, block)
            continue
        if not isinstance(block, dict):
            continue
        protocol = block.get("protocol")
        if isinstance(protocol, Unknown):
            undecided = undecided or (path + ("protocol",), protocol)
            continue
        protocol = str(protocol or "").strip().lower()
        if protocol in ALL_PROTOCOLS:
            return True, path + ("protocol",), list(wanted), protocol
        if protocol not in TCP:
            continue
        reached, hits = _port_hits(block.get("ports"), wanted)
        if reached:
            return True, path + (("ports",) if block.get("ports") else ()), hits, protocol
        if reached is None:
            undecided = undecided or (path + ("ports",), block.get("ports"))
    if undecided:
        return None, undecided[0], [], undecided[1]
    return False, (), [], None


def gcp_firewall_ports_open(resource: Any, context: Any, ports: list[int]) -> Outcome:
    """Fails on an enabled ingress rule from 0.0.0.0/0 or ::/0 that allows one of `ports`."""
    names = ", ".join(str(p) for p in ports)
    expected = f"no ingress allowed from 0.0.0.0/0 or ::/0 to TCP ports {names}"
    attributes = resource.attributes
    direction = attributes.get("direction")
    disabled = attributes.get("disabled")
    if not isinstance(direction, Unknown) and str(direction or "INGRESS").upper() != "INGRESS":
        return Outcome.passed(("direction",), direction, expected)
    if disabled is True or (isinstance(disabled, str) and disabled.lower() == "true"):
        return Outcome.passed(("disabled",), disabled, expected)
    world, source = _open_source(attributes.get("source_ranges"))
    if world is False:
        return Outcome.passed(("source_ranges",), attributes.get("source_ranges"), expected)
    reached, allow_path, hits, protocol = _allow_hits(attributes.get("allow"), ports)
    if reached is False:
        return Outcome.passed(("allow",), None, expected)
    if world and reached and not isinstance(direction, Unknown) and not isinstance(disabled, Unknown):
        return Outcome.failed(("source_ranges",), {"source": source, "protocol": protocol,
                                                   "admin_ports": hits}, expected)
    for path, value in ((("direction",), direction), (("disabled",), disabled)):
        if isinstance(value, Unknown):
            return Outcome.unknown(path, value, expected)
    if world is None:
        return Outcome.unknown(("source_ranges",), source, expected)
    return Outcome.unknown(allow_path, protocol, expected)


# the named checks of this module, as controls call them (`python: <name>`)
CHECKS = {
    "gcp_firewall_ports_open": gcp_firewall_ports_open,
}
