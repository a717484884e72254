"""PLN_AWS_001: no security group ingress from the internet to SSH, RDP or all ports.

Closes CKV_AWS_24's false negative: an inline ingress rule with `"prefix_list_ids": null` (as CDKTF
writes it) and `0.0.0.0/0` on port 22 passes CKV_AWS_24. Here a prefix list never hides an open
CIDR, and `null` lists are read as empty.
"""

from __future__ import annotations

from typing import Any

from checkov.common.models.enums import CheckCategories, CheckResult

from plinth_checklib import ANYWHERE_V4, ANYWHERE_V6, PlinthCheck, as_list, attr, blocks, number, result

ADMIN_PORTS = (22, 3389)
ALL_PROTOCOLS = ("-1", "all")


def _open_to_internet(rule: dict[str, Any]) -> bool:
    sources = as_list(rule.get("cidr_blocks")) + as_list(rule.get("ipv6_cidr_blocks"))
    sources += as_list(rule.get("cidr_ipv4")) + as_list(rule.get("cidr_ipv6"))
    return any(s in ANYWHERE_V4 + ANYWHERE_V6 for s in sources)


def _reaches_admin_or_all_ports(rule: dict[str, Any]) -> bool:
    protocol = str(attr(rule, "protocol", default=attr(rule, "ip_protocol", default=""))).lower()
    if protocol in ALL_PROTOCOLS:
        return True
    if protocol not in ("tcp", "udp", "6", "17"):
        return False  # icmp and others carry no ports
    low, high = number(rule.get("from_port")), number(rule.get("to_port"))
    if low is None or high is None:
        return True  # an unknown range may include anything
    if (low, high) == (0, 0) or (low <= 0 and high >= 65535):
        return True
    return any(low <= port <= high for port in ADMIN_PORTS)


def violates(rule: dict[str, Any]) -> bool:
    return _open_to_internet(rule) and _reaches_admin_or_all_ports(rule)


class SecurityGroupAdminIngress(PlinthCheck):
    def __init__(self) -> None:
        super().__init__(
            "PLN_AWS_001", "Security groups admit no internet traffic to SSH, RDP or all ports (null-safe)",
            ("aws_security_group", "aws_security_group_rule", "aws_vpc_security_group_ingress_rule"),
            CheckCategories.NETWORKING, ("ingress", "cidr_blocks", "ipv6_cidr_blocks", "cidr_ipv4", "cidr_ipv6",
                                         "from_port", "to_port", "protocol", "ip_protocol"))

    def evaluate(self, conf: dict[str, Any], resource_type: str) -> CheckResult:
        if resource_type == "aws_security_group":
            return result(not any(violates(rule) for rule in blocks(conf, "ingress")))
        if resource_type == "aws_security_group_rule" and attr(conf, "type") != "ingress":
            return CheckResult.UNKNOWN  # egress rules are NET-03's business
        return result(not violates(conf))


check = SecurityGroupAdminIngress()
