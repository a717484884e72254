"""PLN_AZ_002: no network security group rule allows inbound traffic from the internet to SSH (22),
RDP (3389), HTTP (80) or all ports.

The internet is `*`, `Internet`, `Any`, `0.0.0.0` or any `/0` prefix (`0.0.0.0/0`, `::/0`). checkov
misses two cases that this check closes: all ports (`*`, `0-65535`) from the internet (no built-in
check), and `0.0.0.0/0` or `::/0` as the source of a rule to 22, 3389 or 80 (CKV_AZURE_9, 10 and
160 only recognise `*`, `0.0.0.0`, `<nw>/0`, `/0`, `internet` and `any` literally). Ports count when
a range or a list includes them; single ports apply to TCP (or any protocol), all ports to any
protocol.
"""

from __future__ import annotations

import re
from typing import Any

from checkov.common.models.enums import CheckCategories, CheckResult

from plinth_checklib import PlinthCheck, as_list, attr, blocks, result

INTERNET = ("*", "0.0.0.0", "internet", "any", "<nw>/0")
ADMIN_PORTS = (22, 3389, 80)
ALL_PORTS = ("*", "0-65535", "1-65535")
_RANGE = re.compile(r"^\s*(\d+)\s*-\s*(\d+)\s*$")


def from_internet(source: Any) -> bool:
    text = str(source).strip().lower()
    return text in INTERNET or text.endswith("/0")


def _covers(port_spec: Any, port: int) -> bool:
    text = str(port_spec).strip()
    if text == "*":
        return True
    match = _RANGE.match(text)
    if match:
        return int(match.group(1)) <= port <= int(match.group(2))
    return text == str(port)


def violates(rule: dict[str, Any]) -> bool:
    if str(attr(rule, "direction", default="")).lower() != "inbound":
        return False
    if str(attr(rule, "access", default="")).lower() != "allow":
        return False
    sources = as_list(rule.get("source_address_prefix")) + as_list(rule.get("source_address_prefixes"))
    if not any(from_internet(s) for s in sources):
        return False
    ports = as_list(rule.get("destination_port_range")) + as_list(rule.get("destination_port_ranges"))
    if any(str(p).strip() in ALL_PORTS for p in ports):
        return True
    tcp = str(attr(rule, "protocol", default="*")).lower() in ("tcp", "*")
    return tcp and any(_covers(p, port) for p in ports for port in ADMIN_PORTS)


class NsgInternetIngress(PlinthCheck):
    def __init__(self) -> None:
        super().__init__("PLN_AZ_002", "Network security groups allow no inbound internet traffic to SSH, RDP, "
                         "HTTP or all ports (0.0.0.0/0 and ::/0 included)",
                         ("azurerm_network_security_group", "azurerm_network_security_rule"),
                         CheckCategories.NETWORKING,
                         ("direction", "access", "protocol", "source_address_prefix", "source_address_prefixes",
                          "destination_port_range", "destination_port_ranges"))

    def evaluate(self, conf: dict[str, Any], resource_type: str) -> CheckResult:
        if resource_type == "azurerm_network_security_group":
            return result(not any(violates(rule) for rule in blocks(conf, "security_rule")))
        return result(not violates(conf))


check = NsgInternetIngress()
