"""PLN_PRES_006: outbound traffic is denied by default.

gcp    every `google_compute_network` has an EGRESS firewall rule denying all protocols to
       0.0.0.0/0 (GCP's implied egress rule allows everything);
azure  every `azurerm_network_security_group` has an Outbound Deny rule for all protocols and ports
       to `Internet`/`*` (Azure's default rule 65001 allows internet egress).
"""

from __future__ import annotations

from plinth.gate.presence.base import Context, PresenceCheck, PresenceResult, missing, ok
from plinth.gate.presence.tf import as_list, blocks
from plinth.gate.stacks import Resource, StackSet

ANYWHERE = ("0.0.0.0/0", "*", "internet", "any")


def _gcp_denies_all_egress(rule: Resource) -> bool:
    body = rule.body
    if str(body.get("direction", "INGRESS")).upper() != "EGRESS" or body.get("disabled") is True:
        return False
    destinations = as_list(body.get("destination_ranges")) or ["0.0.0.0/0"]
    return "0.0.0.0/0" in destinations and any(str(d.get("protocol")).lower() == "all" for d in blocks(body, "deny"))


def _gcp(stacks: StackSet, network: Resource) -> PresenceResult:
    rules = [r for r in stacks.referencing(network, ["google_compute_firewall"], "network") if _gcp_denies_all_egress(r)]
    if rules:
        return ok(network, f"{network.address}: {rules[0].address} denies egress by default")
    return missing(network, f"{network.address} has no EGRESS firewall rule denying all traffic to 0.0.0.0/0")


def _azure_denies_all_outbound(rule: dict) -> bool:
    def low(key: str) -> list[str]:
        return [str(v).lower() for v in as_list(rule.get(key))]
    return (low("direction") == ["outbound"] and low("access") == ["deny"] and low("protocol") == ["*"]
            and any(p in ("*", "0-65535") for p in low("destination_port_range") + low("destination_port_ranges"))
            and any(d in ANYWHERE for d in low("destination_address_prefix") + low("destination_address_prefixes")))


def _azure(stacks: StackSet, nsg: Resource) -> PresenceResult:
    inline = [r for r in blocks(nsg.body, "security_rule") if _azure_denies_all_outbound(r)]
    separate = [r for r in stacks.referencing(nsg, ["azurerm_network_security_rule"], "network_security_group_name")
                if _azure_denies_all_outbound(r.body)]
    if inline or separate:
        return ok(nsg, f"{nsg.address} denies outbound internet traffic by default")
    return missing(nsg, f"{nsg.address} has no Outbound Deny rule for all traffic to the internet")


class EgressDefaultDeny(PresenceCheck):
    id = "PLN_PRES_006"
    name = "Outbound traffic is denied by default on every network"
    clouds = ("gcp", "azure")

    _SHAPES = {"gcp": ("google_compute_network", _gcp), "azure": ("azurerm_network_security_group", _azure)}

    def evaluate(self, stacks: StackSet, context: Context) -> list[PresenceResult]:
        rtype, judge = self._SHAPES[stacks.cloud or ""]
        return [judge(stacks, r) for r in stacks.resources(rtype)]


CHECK = EgressDefaultDeny()
