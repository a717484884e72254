"""`network` → a private VPC across `zones` AZs.

Private subnets for compute (no public IPs); public subnets only to hold the NAT gateways (one per
AZ) when `nat` is on; the default security group emptied; VPC flow logs of ALL traffic into a
log group encrypted with the blueprint key; an S3 gateway endpoint and interface endpoints (ECR,
SageMaker, STS, CloudWatch Logs) reachable on 443 from the VPC only. With `fabric: efa`: an EFA
security group that allows all traffic only to and from itself, and a cluster placement group.
`allow_ingress` rules go, exactly as written, into their own security group that the clusters on
this network attach to their nodes (visible, and judged by the gate).

Serving endpoints that run in extra regions get a small serving VPC there, built the same way
(two AZs, no NAT, no EFA), under `<network>/<region>/`.
"""

from __future__ import annotations

import string
from dataclasses import dataclass, field
from typing import Any

from cdktf import TerraformProvider
from cdktf_cdktf_provider_aws.default_security_group import DefaultSecurityGroup
from cdktf_cdktf_provider_aws.eip import Eip
from cdktf_cdktf_provider_aws.flow_log import FlowLog
from cdktf_cdktf_provider_aws.internet_gateway import InternetGateway
from cdktf_cdktf_provider_aws.nat_gateway import NatGateway
from cdktf_cdktf_provider_aws.placement_group import PlacementGroup
from cdktf_cdktf_provider_aws.route import Route
from cdktf_cdktf_provider_aws.route_table import RouteTable
from cdktf_cdktf_provider_aws.route_table_association import RouteTableAssociation
from cdktf_cdktf_provider_aws.security_group import SecurityGroup
from cdktf_cdktf_provider_aws.subnet import Subnet
from cdktf_cdktf_provider_aws.vpc import Vpc
from cdktf_cdktf_provider_aws.vpc_endpoint import VpcEndpoint
from cdktf_cdktf_provider_aws.vpc_security_group_egress_rule import VpcSecurityGroupEgressRule
from cdktf_cdktf_provider_aws.vpc_security_group_ingress_rule import VpcSecurityGroupIngressRule
from constructs import Construct

from plinth import naming
from plinth.ipplan import plan_subnets
from plinth.model import Network, ServingEndpoint
from plinth_constructs.aws import iam
from plinth_constructs.aws.context import Env, endpoint_regions
from plinth_constructs.aws.logs import log_group

INTERFACE_ENDPOINTS = ("ecr.api", "ecr.dkr", "logs", "sagemaker.api", "sagemaker.runtime", "sts")
SERVING_ZONES = 2
def zone_names(region: str, zones: int) -> list[str]:
    """Deterministic AZ names (`<region>a`, `b`, ...). Which physical AZ a name maps to is per account."""
    return [f"{region}{letter}" for letter in string.ascii_lowercase[:zones]]


@dataclass
class VpcRefs:
    """What other components use from one VPC."""
    region: str
    vpc_id: str
    cidr: str
    private_subnet_ids: list[str]
    endpoint_sg_id: str
    efa_sg_id: str | None = None
    placement_group: str | None = None
    ingress_sg_id: str | None = None
    route_table_ids: list[str] = field(default_factory=list)


class NetworkConstruct(Construct):
    def __init__(self, scope: Construct, env: Env, spec: Network) -> None:
        super().__init__(scope, spec.name)
        self.env, self.spec = env, spec
        bp = env.bp
        self.stack = env.stacks.foundation
        self.name = naming.join(bp.name, spec.name)
        serving = self._serving_regions()
        self._flow_role = self._flow_log_role([bp.region, *serving]) if spec.flow_logs else None
        self.primary = self._vpc(self, bp.region, None, spec.zones, nat=spec.nat, fabric=spec.fabric,
                                 ingress=spec.allow_ingress)
        self.regional = {bp.region: self.primary}
        for region in serving:
            self.regional[region] = self._vpc(Construct(self, region), region, env.provider(self.stack, region),
                                              SERVING_ZONES, nat=False, fabric="none", ingress=())

    # -- which regions need a serving VPC ---------------------------------------------------
    def _serving_regions(self) -> list[str]:
        bp = self.env.bp
        networks = bp.of_kind(Network)
        regions: set[str] = set()
        for endpoint in bp.of_kind(ServingEndpoint):
            uses = endpoint.network or (networks[0].name if len(networks) == 1 else None)
            if uses == self.spec.name and endpoint.cluster is None:
                regions |= set(endpoint_regions(bp, endpoint))
        return sorted(regions - {bp.region})

    @property
    def log_group_name(self) -> str:
        """The same name in every region (log groups are regional)."""
        return f"/plinth/{self.env.bp.name}/{self.spec.name}/flow-logs"

    def _flow_log_role(self, regions: list[str]) -> Any:
        env = self.env
        groups = [env.arn(self.stack, "logs", r, f"log-group:{self.log_group_name}:*") for r in regions]
        return iam.role(
            self, "flow-log-role", name=naming.join(self.name, "flow-logs"), partition=env.partition,
            trust_policy=iam.trust("vpc-flow-logs.amazonaws.com",
                                   conditions={"StringEquals": {"aws:SourceAccount": env.account_id(self.stack)}}),
            statements=[iam.allow(["logs:CreateLogStream", "logs:DescribeLogGroups", "logs:DescribeLogStreams",
                                   "logs:PutLogEvents"], groups)])

    # -- one VPC ----------------------------------------------------------------------------
    def _vpc(self, scope: Construct, region: str, provider: TerraformProvider | None, zones: int, *,
             nat: bool, fabric: str, ingress: tuple) -> VpcRefs:
        build = _VpcBuilder(scope, self.name, self.spec.cidr, region, provider)
        private_cidrs, public_cidrs = plan_subnets(self.spec.cidr, zones, nat)
        private, tables = build.private_subnets(private_cidrs)
        if public_cidrs:
            build.nat(public_cidrs, tables)
        if self.spec.flow_logs:
            build.flow_log(self.log_group_name, self.env.key_arn(region), self.spec.flow_log_retention_days,
                           self._flow_role.arn)
        out = VpcRefs(region=region, vpc_id=build.vpc_id, cidr=self.spec.cidr,
                      private_subnet_ids=[s.id for s in private],
                      endpoint_sg_id=build.endpoints(private, tables), route_table_ids=[t.id for t in tables])
        if fabric == "efa":
            out.efa_sg_id, out.placement_group = build.efa()
        if ingress:
            out.ingress_sg_id = build.allow_ingress(ingress)
        return out


class _VpcBuilder:
    """The resources of one VPC, all in `scope` and through `provider` (None: the default one)."""

    def __init__(self, scope: Construct, name: str, cidr: str, region: str,
                 provider: TerraformProvider | None) -> None:
        self.scope, self.name, self.cidr, self.region, self.provider = scope, name, cidr, region, provider
        self.vpc = Vpc(scope, "vpc", cidr_block=cidr, enable_dns_support=True, enable_dns_hostnames=True,
                       tags={"Name": name}, provider=provider)
        self.vpc_id = self.vpc.id   # read once: each read is a jsii round trip
        DefaultSecurityGroup(scope, "default-sg", vpc_id=self.vpc_id, tags={"Name": f"{name}-default-closed"},
                             provider=provider)

    def private_subnets(self, cidrs: list[str]) -> tuple[list[Subnet], list[RouteTable]]:
        scope, vpc_id, p = self.scope, self.vpc_id, self.provider
        subnets, tables = [], []
        for az, cidr in zip(zone_names(self.region, len(cidrs)), cidrs):
            z = az[-1]
            subnet = Subnet(scope, f"private-{z}", vpc_id=vpc_id, cidr_block=cidr, availability_zone=az,
                            map_public_ip_on_launch=False, provider=p,
                            tags={"Name": f"{self.name}-private-{z}", "kubernetes.io/role/internal-elb": "1"})
            table = RouteTable(scope, f"private-routes-{z}", vpc_id=vpc_id, tags={"Name": f"{self.name}-private-{z}"},
                               provider=p)
            RouteTableAssociation(scope, f"private-routes-{z}-assoc", subnet_id=subnet.id, route_table_id=table.id,
                                  provider=p)
            subnets.append(subnet)
            tables.append(table)
        return subnets, tables

    def nat(self, cidrs: list[str], private_tables: list[RouteTable]) -> None:
        """One NAT gateway per AZ, each in its own public subnet (NAT only: no public IPs on launch)."""
        scope, vpc_id, p = self.scope, self.vpc_id, self.provider
        igw = InternetGateway(scope, "igw", vpc_id=vpc_id, tags={"Name": self.name}, provider=p)
        public = RouteTable(scope, "public-routes", vpc_id=vpc_id, tags={"Name": f"{self.name}-public"}, provider=p)
        public_id, igw_id = public.id, igw.id
        Route(scope, "public-default-route", route_table_id=public_id, destination_cidr_block="0.0.0.0/0",
              gateway_id=igw_id, provider=p)
        for az, cidr, private_table in zip(zone_names(self.region, len(cidrs)), cidrs, private_tables):
            z = az[-1]
            subnet = Subnet(scope, f"public-{z}", vpc_id=vpc_id, cidr_block=cidr, availability_zone=az,
                            map_public_ip_on_launch=False, tags={"Name": f"{self.name}-public-{z}"}, provider=p)
            RouteTableAssociation(scope, f"public-routes-{z}-assoc", subnet_id=subnet.id, route_table_id=public_id,
                                  provider=p)
            eip = Eip(scope, f"nat-ip-{z}", domain="vpc", tags={"Name": f"{self.name}-nat-{z}"}, depends_on=[igw],
                      provider=p)
            nat = NatGateway(scope, f"nat-{z}", allocation_id=eip.id, subnet_id=subnet.id, connectivity_type="public",
                             tags={"Name": f"{self.name}-{z}"}, depends_on=[igw], provider=p)
            Route(scope, f"private-default-route-{z}", route_table_id=private_table.id,
                  destination_cidr_block="0.0.0.0/0", nat_gateway_id=nat.id, provider=p)

    def flow_log(self, group_name: str, key_arn: str, retention_days: int, role_arn: str) -> None:
        group = log_group(self.scope, "flow-log-group", name=group_name, kms_key_arn=key_arn,
                          retention_days=retention_days, provider=self.provider)
        FlowLog(self.scope, "flow-log", vpc_id=self.vpc_id, traffic_type="ALL", log_destination_type="cloud-watch-logs",
                log_destination=group.arn, iam_role_arn=role_arn, max_aggregation_interval=60, provider=self.provider)

    def endpoints(self, private: list[Subnet], tables: list[RouteTable]) -> str:
        """S3 gateway endpoint and interface endpoints behind a 443-from-the-VPC group; its id."""
        scope, vpc_id, p = self.scope, self.vpc_id, self.provider
        sg = SecurityGroup(scope, "endpoint-sg", name=naming.join(self.name, "endpoints"), vpc_id=vpc_id,
                           description="VPC interface endpoints: HTTPS from inside the VPC only", provider=p)
        sg_id, subnet_ids = sg.id, [s.id for s in private]
        VpcSecurityGroupIngressRule(scope, "endpoint-sg-https", security_group_id=sg_id, ip_protocol="tcp",
                                    from_port=443, to_port=443, cidr_ipv4=self.cidr, description="HTTPS from the VPC",
                                    provider=p)
        VpcEndpoint(scope, "endpoint-s3", vpc_id=vpc_id, service_name=f"com.amazonaws.{self.region}.s3",
                    vpc_endpoint_type="Gateway", route_table_ids=[t.id for t in tables], provider=p)
        for service in INTERFACE_ENDPOINTS:
            VpcEndpoint(scope, f"endpoint-{service.replace('.', '-')}", vpc_id=vpc_id,
                        service_name=f"com.amazonaws.{self.region}.{service}", vpc_endpoint_type="Interface",
                        private_dns_enabled=True, subnet_ids=subnet_ids, security_group_ids=[sg_id],
                        provider=p)
        return sg_id

    def efa(self) -> tuple[str, str]:
        """The self-referencing EFA security group and the cluster placement group: (sg id, pg name)."""
        scope, p = self.scope, self.provider
        sg = SecurityGroup(scope, "efa-sg", name=naming.join(self.name, "efa"), vpc_id=self.vpc_id,
                           description="EFA: all traffic only between members of this group", provider=p)
        sg_id = sg.id
        VpcSecurityGroupIngressRule(scope, "efa-sg-in-self", security_group_id=sg_id, ip_protocol="-1",
                                    referenced_security_group_id=sg_id, description="EFA peers (self)", provider=p)
        VpcSecurityGroupEgressRule(scope, "efa-sg-out-self", security_group_id=sg_id, ip_protocol="-1",
                                   referenced_security_group_id=sg_id, description="EFA peers (self)", provider=p)
        group = PlacementGroup(scope, "efa-placement", name=naming.join(self.name, "efa"), strategy="cluster",
                               provider=p)
        return sg_id, group.name

    def allow_ingress(self, rules: tuple) -> str:
        scope, p = self.scope, self.provider
        sg = SecurityGroup(scope, "ingress-sg", name=naming.join(self.name, "allow-ingress"), vpc_id=self.vpc_id,
                           description="Inbound rules written in the blueprint (allow_ingress)", provider=p)
        sg_id = sg.id
        for i, rule in enumerate(rules):
            for port in rule.ports:
                VpcSecurityGroupIngressRule(
                    scope, f"ingress-{i}-{port}", security_group_id=sg_id, ip_protocol="tcp", from_port=port,
                    to_port=port, cidr_ipv4=rule.cidr, description=rule.description or f"allow_ingress[{i}]",
                    provider=p)
        return sg_id
