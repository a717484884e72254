"""PLN_PRES_002: every network has flow logs.

aws    every `aws_vpc` is the `vpc_id` of an `aws_flow_log`;
gcp    every `google_compute_network` has subnetworks, all with `log_config`;
azure  every `azurerm_virtual_network` is the target of an `azurerm_network_watcher_flow_log`, or
       every subnet of it has an NSG whose flow log is on.
"""

from __future__ import annotations

from plinth.gate.presence.base import Context, PresenceCheck, PresenceResult, missing, ok
from plinth.gate.presence.tf import blocks
from plinth.gate.stacks import Resource, StackSet


def _aws(stacks: StackSet, vpc: Resource) -> PresenceResult:
    logs = [f for f in stacks.referencing(vpc, ["aws_flow_log"], "vpc_id")]
    if logs:
        return ok(vpc, f"{vpc.address} has flow log {logs[0].address}")
    return missing(vpc, f"{vpc.address} has no aws_flow_log")


def _gcp(stacks: StackSet, network: Resource) -> PresenceResult:
    subnets = stacks.referencing(network, ["google_compute_subnetwork"], "network")
    if not subnets:
        return missing(network, f"{network.address} has no subnetwork with flow logs")
    unlogged = [s.address for s in subnets if not blocks(s.body, "log_config")]
    if unlogged:
        return missing(network, f"{network.address}: no flow logs (log_config) on {', '.join(unlogged)}")
    return ok(network, f"{network.address}: flow logs on all {len(subnets)} subnetworks")


def _azure(stacks: StackSet, vnet: Resource) -> PresenceResult:
    if stacks.referencing(vnet, ["azurerm_network_watcher_flow_log"], "target_resource_id"):
        return ok(vnet, f"{vnet.address} has a virtual-network flow log")
    subnets = stacks.referencing(vnet, ["azurerm_subnet"], "virtual_network_name")
    logged_nsgs = [n for n in stacks.resources("azurerm_network_security_group")
                   if stacks.referencing(n, ["azurerm_network_watcher_flow_log"], "network_security_group_id")]
    uncovered = [s.address for s in subnets
                 if not any(a.refers_to(s, "subnet_id") and any(a.refers_to(n, "network_security_group_id")
                                                               for n in logged_nsgs)
                            for a in stacks.resources("azurerm_subnet_network_security_group_association"))]
    if subnets and not uncovered:
        return ok(vnet, f"{vnet.address}: NSG flow logs on all {len(subnets)} subnets")
    return missing(vnet, f"{vnet.address} has no flow log (azurerm_network_watcher_flow_log)")


class FlowLogsPerNetwork(PresenceCheck):
    id = "PLN_PRES_002"
    name = "Every network has flow logs"
    clouds = ("aws", "gcp", "azure")

    _SHAPES = {"aws": ("aws_vpc", _aws), "gcp": ("google_compute_network", _gcp),
               "azure": ("azurerm_virtual_network", _azure)}

    def evaluate(self, stacks: StackSet, context: Context) -> list[PresenceResult]:
        rtype, judge = self._SHAPES[stacks.cloud or ""]
        return [judge(stacks, network) for network in stacks.resources(rtype)]


CHECK = FlowLogsPerNetwork()
