"""`network`: resource group, VNet, private subnets each behind an NSG (no inbound from the
internet, outbound only to the VNet and to Azure on 443), NAT egress, VNet flow logs with Traffic
Analytics, private DNS zones for private endpoints, a proximity placement group for InfiniBand."""

from __future__ import annotations

import ipaddress
from typing import Any

from constructs import Construct
from cdktf_cdktf_provider_azurerm.nat_gateway import NatGateway
from cdktf_cdktf_provider_azurerm.nat_gateway_public_ip_association import NatGatewayPublicIpAssociation
from cdktf_cdktf_provider_azurerm.network_security_group import NetworkSecurityGroup
from cdktf_cdktf_provider_azurerm.network_security_rule import NetworkSecurityRule
from cdktf_cdktf_provider_azurerm.network_watcher_flow_log import (
    NetworkWatcherFlowLog,
    NetworkWatcherFlowLogRetentionPolicy,
    NetworkWatcherFlowLogTrafficAnalytics,
)
from cdktf_cdktf_provider_azurerm.private_dns_zone import PrivateDnsZone
from cdktf_cdktf_provider_azurerm.private_dns_zone_virtual_network_link import PrivateDnsZoneVirtualNetworkLink
from cdktf_cdktf_provider_azurerm.proximity_placement_group import ProximityPlacementGroup
from cdktf_cdktf_provider_azurerm.public_ip import PublicIp
from cdktf_cdktf_provider_azurerm.resource_group import ResourceGroup
from cdktf_cdktf_provider_azurerm.subnet import Subnet
from cdktf_cdktf_provider_azurerm.subnet_nat_gateway_association import SubnetNatGatewayAssociation
from cdktf_cdktf_provider_azurerm.subnet_network_security_group_association import (
    SubnetNetworkSecurityGroupAssociation,
)
from cdktf_cdktf_provider_azurerm.virtual_network import VirtualNetwork

from plinth.model import DataLake, Network
from plinth.naming import join
from plinth_constructs.azure import _common as c

TRAFFIC_ANALYTICS_MINUTES = 10
DENY_PRIORITY = 4096


def subnet_plan(cidr: str, cache: bool) -> dict[str, str]:
    """nodes: half the range; endpoints: a quarter; cache (Managed Lustre): an eighth."""
    net = ipaddress.ip_network(cidr)
    halves = list(net.subnets(prefixlen_diff=1))
    quarters = list(halves[1].subnets(prefixlen_diff=1))
    plan = {"nodes": str(halves[0]), "endpoints": str(quarters[0])}
    if cache:
        plan["cache"] = str(next(quarters[1].subnets(prefixlen_diff=1)))
    return plan


def uses_cache_subnet(bp: Any, net: Network) -> bool:
    nets = bp.of_kind(Network)
    for lake in bp.of_kind(DataLake):
        if lake.cache and (lake.cache.network or (nets[0].name if len(nets) == 1 else None)) == net.name:
            return True
    return False


class AzureNetwork(Construct):
    def __init__(self, scope: Construct, id_: str, ctx: Any, comp: Network) -> None:
        super().__init__(scope, id_)
        self.ctx, self.comp = ctx, comp
        bp, tags = ctx.bp, ctx.tags(comp.name)
        base = join(bp.name, comp.name)
        self.location = ctx.region
        self.rg = ResourceGroup(self, "rg", name=c.rg_name(bp.name, comp.name), location=ctx.region, tags=tags)
        self.vnet = VirtualNetwork(self, "vnet", name=base, location=ctx.region, resource_group_name=self.rg.name,
                                   address_space=[comp.cidr], tags=tags)
        self.subnets: dict[str, Subnet] = {}
        self.nsgs: dict[str, NetworkSecurityGroup] = {}
        for role, prefix in subnet_plan(comp.cidr, uses_cache_subnet(bp, comp)).items():
            self._subnet(role, prefix, base, tags)

        self.nat = self._nat(base, tags) if comp.nat else None
        self.ppg = (ProximityPlacementGroup(self, "placement", name=join(base, "ib"), location=ctx.region,
                                            resource_group_name=self.rg.name, tags=tags)
                    if comp.fabric == "infiniband" else None)
        if comp.flow_logs:
            self._flow_logs(base, tags)
        self._zones: dict[str, PrivateDnsZone] = {}

    # -- subnets and their NSGs ----------------------------------------------------------------
    def _subnet(self, role: str, prefix: str, base: str, tags: dict) -> None:
        subnet = Subnet(
            self, f"subnet-{role}", name=role, resource_group_name=self.rg.name,
            virtual_network_name=self.vnet.name, address_prefixes=[prefix],
            default_outbound_access_enabled=False,
            private_endpoint_network_policies="Enabled",
        )
        nsg = NetworkSecurityGroup(self, f"nsg-{role}", name=join(base, role, "nsg"), location=self.location,
                                   resource_group_name=self.rg.name, tags=tags)
        self._rules(nsg, role)
        SubnetNetworkSecurityGroupAssociation(self, f"nsg-{role}-association", subnet_id=subnet.id,
                                              network_security_group_id=nsg.id)
        c.diagnostics(self, f"nsg-{role}-diagnostics", self.ctx, nsg.id, metrics=False)
        self.subnets[role], self.nsgs[role] = subnet, nsg

    def _rule(self, nsg: NetworkSecurityGroup, id_: str, **kw: Any) -> NetworkSecurityRule:
        return NetworkSecurityRule(self, f"{nsg.node.id}-{id_}", name=id_, resource_group_name=self.rg.name,
                                   network_security_group_name=nsg.name, source_port_range="*", **kw)

    def _rules(self, nsg: NetworkSecurityGroup, role: str) -> None:
        # Explicit inbound rules from the blueprint, emitted as written (checked by the gate).
        for i, rule in enumerate(self.comp.allow_ingress):
            self._rule(nsg, f"allow-ingress-{i}", priority=100 + i, direction="Inbound", access="Allow",
                       protocol="Tcp", source_address_prefix=rule.cidr, destination_address_prefix="VirtualNetwork",
                       destination_port_ranges=[str(p) for p in rule.ports],
                       description=rule.description or f"blueprint allow_ingress[{i}]")
        self._rule(nsg, "deny-internet-inbound", priority=DENY_PRIORITY, direction="Inbound", access="Deny",
                   protocol="*", source_address_prefix="Internet", destination_address_prefix="*",
                   destination_port_range="*", description="No inbound traffic from the internet")
        self._rule(nsg, "allow-vnet-outbound", priority=100, direction="Outbound", access="Allow", protocol="*",
                   source_address_prefix="VirtualNetwork", destination_address_prefix="VirtualNetwork",
                   destination_port_range="*", description="Traffic inside the network")
        self._rule(nsg, "allow-azure-https-outbound", priority=110, direction="Outbound", access="Allow",
                   protocol="Tcp", source_address_prefix="VirtualNetwork", destination_address_prefix="AzureCloud",
                   destination_port_range="443", description="Azure services over HTTPS")
        self._rule(nsg, "deny-internet-outbound", priority=DENY_PRIORITY, direction="Outbound", access="Deny",
                   protocol="*", source_address_prefix="*", destination_address_prefix="Internet",
                   destination_port_range="*", description="No other outbound traffic to the internet")

    # -- egress ------------------------------------------------------------------------------------
    def _nat(self, base: str, tags: dict) -> NatGateway:
        ip = PublicIp(self, "nat-ip", name=join(base, "nat"), location=self.location, resource_group_name=self.rg.name,
                      allocation_method="Static", sku="Standard", tags=tags)
        nat = NatGateway(self, "nat", name=join(base, "nat"), location=self.location, resource_group_name=self.rg.name,
                         sku_name="Standard", idle_timeout_in_minutes=4, tags=tags)
        NatGatewayPublicIpAssociation(self, "nat-ip-association", nat_gateway_id=nat.id, public_ip_address_id=ip.id)
        SubnetNatGatewayAssociation(self, "nat-association", subnet_id=self.subnets["nodes"].id, nat_gateway_id=nat.id)
        return nat

    # -- flow logs -----------------------------------------------------------------------------------
    def _flow_logs(self, base: str, tags: dict) -> None:
        found = self.ctx.base
        watcher = found.network_watcher()
        NetworkWatcherFlowLog(
            self, "flow-log", name=join(base, "flow-log"), location=self.location,
            network_watcher_name=watcher.name, resource_group_name=watcher.resource_group_name,
            target_resource_id=self.vnet.id, storage_account_id=found.flow_log_storage.id, enabled=True,
            version=2,
            retention_policy=NetworkWatcherFlowLogRetentionPolicy(enabled=True, days=self.comp.flow_log_retention_days),
            traffic_analytics=NetworkWatcherFlowLogTrafficAnalytics(
                enabled=True, workspace_id=found.workspace.workspace_id, workspace_region=found.workspace.location,
                workspace_resource_id=found.workspace.id, interval_in_minutes=TRAFFIC_ANALYTICS_MINUTES),
            tags=tags,
        )

    # -- private DNS -------------------------------------------------------------------------------
    def dns_zone(self, key: str) -> PrivateDnsZone:
        """The private DNS zone `key` (see _common.DNS_ZONES), linked to this VNet; made on first use."""
        if key not in self._zones:
            tags = self.ctx.tags(self.comp.name)
            zone = PrivateDnsZone(self, f"dns-{key}", name=c.DNS_ZONES[key], resource_group_name=self.rg.name,
                                  tags=tags)
            PrivateDnsZoneVirtualNetworkLink(
                self, f"dns-{key}-link", name=join(self.comp.name, key), resource_group_name=self.rg.name,
                private_dns_zone_name=zone.name, virtual_network_id=self.vnet.id, registration_enabled=False,
                tags=tags)
            self._zones[key] = zone
        return self._zones[key]
