"""PLN_AZ_002: no network security group rule allows inbound traffic from the internet to all ports.
checkov checks single ports (22, 3389, 80, UDP) but not `*` / `0-65535` from `*` or `Internet`."""

from __future__ import annotations

from typing import Any

from checkov.common.models.enums import CheckCategories, CheckResult

from plinth_checklib import PlinthCheck, as_list, attr, blocks, result

INTERNET = ("*", "0.0.0.0", "0.0.0.0/0", "internet", "any", "::/0")
ALL_PORTS = ("*", "0-65535", "1-65535")


def violates(rule: dict[str, Any]) -> bool:
    if str(attr(rule, "direction", default="")).lower() != "inbound":
        return False
    if str(attr(rule, "access", default="")).lower() != "allow":
        return False
    sources = as_list(rule.get("source_address_prefix")) + as_list(rule.get("source_address_prefixes"))
    ports = as_list(rule.get("destination_port_range")) + as_list(rule.get("destination_port_ranges"))
    return any(str(s).lower() in INTERNET for s in sources) and any(str(p) in ALL_PORTS for p in ports)


class NsgAllPortsFromInternet(PlinthCheck):
    def __init__(self) -> None:
        super().__init__("PLN_AZ_002", "Network security groups allow no inbound internet traffic to all ports",
                         ("azurerm_network_security_group", "azurerm_network_security_rule"),
                         CheckCategories.NETWORKING,
                         ("direction", "access", "source_address_prefix", "source_address_prefixes",
                          "destination_port_range", "destination_port_ranges"))

    def evaluate(self, conf: dict[str, Any], resource_type: str) -> CheckResult:
        if resource_type == "azurerm_network_security_group":
            return result(not any(violates(rule) for rule in blocks(conf, "security_rule")))
        return result(not violates(conf))


check = NsgAllPortsFromInternet()
