"""network → custom-mode VPC, one private regional subnet (Private Google Access, flow logs with
every field), Cloud Router + NAT when asked, firewall rules (deny-by-default egress, no internet
ingress, internal traffic allowed, `allow_ingress` exactly as written), private DNS for Google
APIs, private services access for Vertex AI and the cache tier, compact placement policies for
fabric pools, and for `fabric: gpudirect` the per-GPU VPCs that A3-class machines attach."""

from __future__ import annotations

from typing import Any

from cdktf_cdktf_provider_google.compute_firewall import (
    ComputeFirewall,
    ComputeFirewallAllow,
    ComputeFirewallDeny,
    ComputeFirewallLogConfig,
)
from cdktf_cdktf_provider_google.compute_global_address import ComputeGlobalAddress
from cdktf_cdktf_provider_google.compute_network import ComputeNetwork
from cdktf_cdktf_provider_google.compute_resource_policy import (
    ComputeResourcePolicy,
    ComputeResourcePolicyGroupPlacementPolicy,
)
from cdktf_cdktf_provider_google.compute_router import ComputeRouter
from cdktf_cdktf_provider_google.compute_router_nat import ComputeRouterNat, ComputeRouterNatLogConfig
from cdktf_cdktf_provider_google.compute_subnetwork import (
    ComputeSubnetwork,
    ComputeSubnetworkLogConfig,
    ComputeSubnetworkSecondaryIpRange,
)
from cdktf_cdktf_provider_google.dns_managed_zone import (
    DnsManagedZone,
    DnsManagedZonePrivateVisibilityConfig,
    DnsManagedZonePrivateVisibilityConfigNetworks,
)
from cdktf_cdktf_provider_google.dns_record_set import DnsRecordSet
from cdktf_cdktf_provider_google.logging_project_bucket_config import (
    LoggingProjectBucketConfig,
    LoggingProjectBucketConfigCmekSettings,
)
from cdktf_cdktf_provider_google.logging_project_sink import LoggingProjectSink
from cdktf_cdktf_provider_google.service_networking_connection import ServiceNetworkingConnection
from constructs import Construct

from plinth.model import DataLake, Network
from . import _base
from ._base import Context

FLOW_LOGS = dict(aggregation_interval="INTERVAL_5_SEC", flow_sampling=1.0, metadata="INCLUDE_ALL_METADATA")
FIREWALL_LOGS = ComputeFirewallLogConfig(metadata="INCLUDE_ALL_METADATA")
PRIORITY_ALLOW, PRIORITY_INGRESS_RULES, PRIORITY_NAT_EGRESS, PRIORITY_DENY = 1000, 900, 60000, 65000
# Private zones that send Google API traffic to private.googleapis.com, so that deny-all egress
# still lets nodes reach Google APIs and Artifact Registry without the internet.
PRIVATE_API_ZONES = ("googleapis.com", "pkg.dev", "gcr.io")
PSA_PREFIX = 16  # Vertex AI recommends a /16 for private services access


def needs_private_services(bp, net: Network) -> bool:
    """Vertex AI private endpoints and Filestore/Parallelstore/Lustre reach the VPC by peering."""
    for ep in _base.managed_endpoints(bp):
        if not ep.public and _base.network_of(bp, ep.network) == net:
            return True
    return any(lake.cache and _base.network_of(bp, lake.cache.network) == net for lake in bp.of_kind(DataLake))


class NetworkConstruct(Construct):
    def __init__(self, scope: Construct, ctx: Context, net: Network) -> None:
        super().__init__(scope, net.name)
        bp = ctx.bp
        self.spec = net
        site = ctx.site(ctx.stack_of(net))
        project = site.project
        labels = _base.labels(bp, net.name)
        base = _base.name(bp.name, net.name)

        self.network = ComputeNetwork(self, "network", name=base, project=project, auto_create_subnetworks=False,
                                      routing_mode="REGIONAL", delete_default_routes_on_create=False)
        self.ranges = _base.secondary_ranges(bp, net)
        self.subnet = ComputeSubnetwork(
            self, "subnet", name=_base.name(base, bp.region), project=project, region=bp.region,
            network=self.network.id, ip_cidr_range=net.cidr, private_ip_google_access=True,
            log_config=ComputeSubnetworkLogConfig(**FLOW_LOGS) if net.flow_logs else None,
            secondary_ip_range=[ComputeSubnetworkSecondaryIpRange(range_name=f"{cluster}-{kind}", ip_cidr_range=cidr)
                                for cluster, (pods, services) in sorted(self.ranges.items())
                                for kind, cidr in (("pods", pods), ("services", services))] or None)
        internal = [net.cidr] + [pods for pods, _ in self.ranges.values()]

        self.nat = None
        if net.nat:
            router = ComputeRouter(self, "router", name=_base.name(base, "router"), project=project, region=bp.region,
                                   network=self.network.id)
            self.nat = ComputeRouterNat(
                self, "nat", name=_base.name(base, "nat"), project=project, region=bp.region, router=router.name,
                nat_ip_allocate_option="AUTO_ONLY", source_subnetwork_ip_ranges_to_nat="ALL_SUBNETWORKS_ALL_IP_RANGES",
                log_config=ComputeRouterNatLogConfig(enable=True, filter="ERRORS_ONLY"))

        fw = Construct(self, "firewall")
        self._firewall(fw, "deny-all-egress", base, project, direction="EGRESS", priority=PRIORITY_DENY,
                       deny=[ComputeFirewallDeny(protocol="all")], destination_ranges=["0.0.0.0/0"],
                       description="Default deny: no egress except the allow rules above it")
        self._firewall(fw, "deny-all-ingress", base, project, direction="INGRESS", priority=PRIORITY_DENY,
                       deny=[ComputeFirewallDeny(protocol="all")], source_ranges=["0.0.0.0/0"],
                       description="Default deny: no ingress except the allow rules above it (logged)")
        self._firewall(fw, "allow-internal-ingress", base, project, direction="INGRESS", priority=PRIORITY_ALLOW,
                       allow=[ComputeFirewallAllow(protocol="all")], source_ranges=internal,
                       description="Traffic between nodes and pods of this network")
        self._firewall(fw, "allow-private-egress", base, project, direction="EGRESS", priority=PRIORITY_ALLOW,
                       allow=[ComputeFirewallAllow(protocol="all")], destination_ranges=list(_base.PRIVATE_RANGES),
                       description="Egress to private ranges: this network, control planes, private services")
        self._firewall(fw, "allow-google-apis-egress", base, project, direction="EGRESS", priority=PRIORITY_ALLOW,
                       allow=[ComputeFirewallAllow(protocol="tcp", ports=["443"])],
                       destination_ranges=list(_base.GOOGLE_APIS_RANGES),
                       description="HTTPS to Google APIs through private.googleapis.com / restricted.googleapis.com")
        if net.nat:
            self._firewall(fw, "allow-nat-https-egress", base, project, direction="EGRESS", priority=PRIORITY_NAT_EGRESS,
                           allow=[ComputeFirewallAllow(protocol="tcp", ports=["443"])], destination_ranges=["0.0.0.0/0"],
                           description="nat: true -> HTTPS to the internet through Cloud NAT (set nat: false to remove)")
        for i, rule in enumerate(net.allow_ingress):
            self._firewall(fw, f"allow-ingress-{i}", base, project, direction="INGRESS", priority=PRIORITY_INGRESS_RULES,
                           allow=[ComputeFirewallAllow(protocol="tcp", ports=[str(p) for p in rule.ports])],
                           source_ranges=[rule.cidr],
                           description=f"allow_ingress[{i}] from the blueprint: {rule.description}".rstrip(": "))

        self._private_dns(ctx, project, labels, base)
        self.psa_range = self.psa = None
        if needs_private_services(bp, net):
            self.psa_range = ComputeGlobalAddress(
                self, "private-services-range", name=_base.name(base, "psa"), project=project, purpose="VPC_PEERING",
                address_type="INTERNAL", prefix_length=PSA_PREFIX, network=self.network.id, labels=labels)
            self.psa = ServiceNetworkingConnection(
                self, "private-services", network=self.network.id, service="servicenetworking.googleapis.com",
                reserved_peering_ranges=[self.psa_range.name])

        self.placement: dict[tuple[str, str], Any] = {}
        for cluster in _base.clusters_on(bp, net):
            for pool in cluster.pools:
                if _base.compact_pool(net, pool):
                    self.placement[(cluster.name, pool.name)] = ComputeResourcePolicy(
                        self, f"placement-{cluster.name}-{pool.name}", name=_base.name(bp.name, cluster.name, pool.name),
                        project=project, region=bp.region,
                        description=f"compact placement for pool {pool.name} of {cluster.name}",
                        group_placement_policy=ComputeResourcePolicyGroupPlacementPolicy(collocation="COLLOCATED"))

        self.gpu_networks: list[tuple[Any, Any]] = []
        count = _base.gpudirect_nics(bp, net)
        for i, cidr in enumerate(_base.gpudirect_cidrs(net, count) if count else ()):
            gscope = Construct(self, f"gpu{i}")
            gname = _base.name(base, f"gpu{i}")
            gnet = ComputeNetwork(gscope, "network", name=gname, project=project, auto_create_subnetworks=False,
                                  routing_mode="REGIONAL", mtu=_base.GPUDIRECT_MTU)
            gsub = ComputeSubnetwork(gscope, "subnet", name=_base.name(base, f"gpu{i}", bp.region), project=project,
                                     region=bp.region, network=gnet.id, ip_cidr_range=cidr, private_ip_google_access=True,
                                     log_config=ComputeSubnetworkLogConfig(**FLOW_LOGS) if net.flow_logs else None)
            self._firewall(gscope, "allow-internal-ingress", gname, project, direction="INGRESS", priority=PRIORITY_ALLOW,
                           allow=[ComputeFirewallAllow(protocol="all")], source_ranges=[cidr], network=gnet.id,
                           description="GPU-to-GPU traffic on this NIC network")
            self._firewall(gscope, "allow-internal-egress", gname, project, direction="EGRESS", priority=PRIORITY_ALLOW,
                           allow=[ComputeFirewallAllow(protocol="all")], destination_ranges=[cidr], network=gnet.id,
                           description="GPU-to-GPU traffic on this NIC network")
            self._firewall(gscope, "deny-all-egress", gname, project, direction="EGRESS", priority=PRIORITY_DENY,
                           deny=[ComputeFirewallDeny(protocol="all")], destination_ranges=["0.0.0.0/0"], network=gnet.id,
                           description="Default deny: a GPU NIC network talks only to itself")
            self.gpu_networks.append((gnet, gsub))

        self._log_bucket(ctx, site, base)

    def _firewall(self, scope: Construct, rid: str, base: str, project: str, network: str | None = None,
                  **rule: Any) -> ComputeFirewall:
        return ComputeFirewall(scope, rid, name=_base.name(base, rid), project=project,
                               network=network or self.network.id, log_config=FIREWALL_LOGS, **rule)

    def _private_dns(self, ctx: Context, project: str, labels: dict[str, str], base: str) -> None:
        dns = Construct(self, "dns")
        for domain in PRIVATE_API_ZONES:
            zid = domain.replace(".", "-")
            zone = DnsManagedZone(
                dns, zid, name=_base.name(base, zid), project=project, dns_name=f"{domain}.", visibility="private",
                description=f"{domain} through private.googleapis.com (Private Google Access)", labels=labels,
                private_visibility_config=DnsManagedZonePrivateVisibilityConfig(
                    networks=[DnsManagedZonePrivateVisibilityConfigNetworks(network_url=self.network.id)]))
            apex = "private.googleapis.com." if domain == "googleapis.com" else f"{domain}."
            DnsRecordSet(dns, f"{zid}-a", project=project, managed_zone=zone.name, name=apex, type="A", ttl=300,
                         rrdatas=list(_base.GOOGLE_APIS_VIPS))
            DnsRecordSet(dns, f"{zid}-cname", project=project, managed_zone=zone.name, name=f"*.{domain}.",
                         type="CNAME", ttl=300, rrdatas=[apex])

    def _log_bucket(self, ctx: Context, site, base: str) -> None:
        """Flow, firewall and NAT logs kept for `flow_logs.retention_days` in a locked, CMEK log bucket."""
        bp, net = ctx.bp, self.spec
        bucket = LoggingProjectBucketConfig(
            self, "log-bucket", project=site.project, location=bp.region, bucket_id=_base.name(base, "network"),
            description=f"VPC flow, firewall and NAT logs of network {net.name}",
            retention_days=min(net.flow_log_retention_days, 3650), locked=True,
            cmek_settings=LoggingProjectBucketConfigCmekSettings(kms_key_name=ctx.key("logs", bp.region).id),
            depends_on=ctx.key_deps("logs", bp.region, ctx.stack_of(net)))
        subnets = [_base.name(base, bp.region)] + [_base.name(base, f"gpu{i}", bp.region)
                                                    for i in range(len(self.gpu_networks))]
        names = " OR ".join(f'"{s}"' for s in subnets)
        flt = (f'(resource.type="gce_subnetwork" AND resource.labels.subnetwork_name=({names}) AND '
               f'(log_id("compute.googleapis.com/vpc_flows") OR log_id("compute.googleapis.com/firewall")))')
        if self.nat is not None:
            flt += f' OR (resource.type="nat_gateway" AND resource.labels.gateway_name="{_base.name(base, "nat")}")'
        LoggingProjectSink(self, "log-sink", project=site.project, name=_base.name(base, "network"),
                           destination=f"logging.googleapis.com/{bucket.id}", filter=flt, unique_writer_identity=True,
                           description=f"network logs of {net.name} into their log bucket")
