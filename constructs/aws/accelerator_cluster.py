"""`accelerator_cluster` → an EKS cluster with one managed node group per pool.

Cluster: private API endpoint only (a public one only with `public_endpoint: true`, then open to
0.0.0.0/0 and visible), Kubernetes secrets envelope-encrypted with the blueprint key, all five
control-plane log types into a log group (365 days, KMS) created before the cluster.
Pools: a launch template each (IMDSv2 only with hop limit 1, so pods cannot borrow the node role;
encrypted gp3 root volume with the blueprint key; no public IP; EFA interfaces when the instance
has them and the network fabric is EFA; a cluster placement group for compact or multi-node EFA
pools, which pins the pool to the first AZ), spot or on-demand capacity, capacity reservations,
min 0 allowed, desired = min (then left to the autoscaler), accelerator taints and labels.
Workloads reach the lake through EKS Pod Identity: the role `<cluster>-data` is bound to the
service account `plinth-data` in namespace `default`.
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from typing import Any

from cdktf import TerraformResourceLifecycle, Token
from cdktf_cdktf_provider_aws.autoscaling_schedule import AutoscalingSchedule
from cdktf_cdktf_provider_aws.eks_addon import EksAddon
from cdktf_cdktf_provider_aws.eks_cluster import EksCluster
from cdktf_cdktf_provider_aws.eks_node_group import EksNodeGroup, EksNodeGroupTaint
from cdktf_cdktf_provider_aws.eks_pod_identity_association import EksPodIdentityAssociation
from cdktf_cdktf_provider_aws.launch_template import (
    LaunchTemplate,
    LaunchTemplateBlockDeviceMappings,
    LaunchTemplateNetworkInterfaces,
    LaunchTemplateTagSpecifications,
)
from cdktf_cdktf_provider_aws.placement_group import PlacementGroup
from constructs import Construct

from plinth import catalog, naming
from plinth.model import AcceleratorCluster, NodePool
from plinth_constructs.aws import iam
from plinth_constructs.aws.context import DNS_SUFFIX, Env
from plinth_constructs.aws.logs import log_group
from plinth_constructs.aws.tagging import standard_tags

CONTROL_PLANE_LOGS = ["api", "audit", "authenticator", "controllerManager", "scheduler"]
IMDS_HOP_LIMIT = 1
ROOT_DEVICE = "/dev/xvda"
TAINT_KEYS = {"gpu": "nvidia.com/gpu", "trainium": "aws.amazon.com/neuron", "inferentia": "aws.amazon.com/neuron"}
AMI_TYPES = {"gpu": "AL2023_x86_64_NVIDIA", "trainium": "AL2023_x86_64_NEURON", "inferentia": "AL2023_x86_64_NEURON"}
EFFECTS = {"NoSchedule": "NO_SCHEDULE", "NoExecute": "NO_EXECUTE", "PreferNoSchedule": "PREFER_NO_SCHEDULE"}
GRAVITON = re.compile(r"^[a-z]+[0-9]+g[a-z]*\.")  # m7g.xlarge, c7gn.large (not g6.xlarge)
WORKLOAD_NAMESPACE, WORKLOAD_SERVICE_ACCOUNT = "default", "plinth-data"


@dataclass(frozen=True)
class PoolShape:
    instance_type: str
    family: str | None          # gpu | trainium | inferentia | None (CPU)
    efa_interfaces: int


def pool_shape(pool: NodePool, fabric: str) -> PoolShape:
    if not pool.accelerator:
        return PoolShape(pool.instance_type or "", None, 0)
    acc = catalog.load()[pool.accelerator]
    shape = acc.on("aws").shape(pool.per_node)
    efa = shape.efa_interfaces if fabric == "efa" else 0
    return PoolShape(pool.instance_type or shape.type, acc.family, efa)


def ami_type(shape: PoolShape) -> str:
    if shape.family in AMI_TYPES:
        return AMI_TYPES[shape.family]
    return "AL2023_ARM_64_STANDARD" if GRAVITON.match(shape.instance_type) else "AL2023_x86_64_STANDARD"


def taints(pool: NodePool, shape: PoolShape) -> list[EksNodeGroupTaint]:
    out = []
    if shape.family in TAINT_KEYS:
        out.append(EksNodeGroupTaint(key=TAINT_KEYS[shape.family], value="present", effect="NO_SCHEDULE"))
    for taint in pool.taints:
        key_value, effect = taint.rsplit(":", 1)
        key, value = key_value.split("=", 1)
        out.append(EksNodeGroupTaint(key=key, value=value, effect=EFFECTS[effect]))
    return out


def placement(pool: NodePool, shape: PoolShape) -> bool:
    """Compact placement: asked for, or by default for multi-node EFA pools."""
    if pool.placement is not None:
        return pool.placement == "compact"
    return shape.efa_interfaces > 0 and pool.max_nodes > 1


class AcceleratorClusterConstruct(Construct):
    def __init__(self, scope: Construct, env: Env, spec: AcceleratorCluster) -> None:
        super().__init__(scope, spec.name)
        self.env, self.spec = env, spec
        bp = env.bp
        self.stack = env.stack_of(spec)
        self.network = env.components[spec.network]
        self.net = self.network.primary
        self.key = env.key_arn(bp.region)
        self.name = naming.join(bp.name, spec.name)
        self.cluster = self._cluster()
        self.node_role = iam.role(
            self, "node-role", name=naming.join(self.name, "node"), partition=env.partition,
            trust_policy=iam.trust("ec2.amazonaws.com"),
            managed=["AmazonEKSWorkerNodePolicy", "AmazonEKS_CNI_Policy", "AmazonEC2ContainerRegistryPullOnly"])
        self._workload_access()
        self.node_groups = {pool.name: self._pool(pool) for pool in spec.pools}

    def _cluster(self) -> EksCluster:
        env, spec = self.env, self.spec
        logs = log_group(self, "control-plane-logs", name=f"/aws/eks/{self.name}/cluster", kms_key_arn=self.key)
        role = iam.role(
            self, "cluster-role", name=naming.join(self.name, "cluster"), partition=env.partition,
            trust_policy=iam.trust("eks.amazonaws.com", actions=["sts:AssumeRole", "sts:TagSession"]),
            managed=["AmazonEKSClusterPolicy"],
            statements=[iam.allow(["kms:DescribeKey", "kms:Decrypt", "kms:Encrypt", "kms:ListGrants"], [self.key]),
                        iam.allow(["kms:CreateGrant"], [self.key], Bool={"kms:GrantIsForAWSResource": "true"})])
        vpc_config: dict[str, Any] = {"subnet_ids": self.net.private_subnet_ids, "endpoint_private_access": True,
                                      "endpoint_public_access": spec.public_endpoint}
        if spec.public_endpoint:
            vpc_config["public_access_cidrs"] = ["0.0.0.0/0"]
        return EksCluster(
            self, "cluster", name=self.name, role_arn=role.arn, version=spec.kubernetes_version,
            vpc_config=vpc_config, enabled_cluster_log_types=CONTROL_PLANE_LOGS,
            encryption_config={"provider": {"key_arn": self.key}, "resources": ["secrets"]},
            access_config={"authentication_mode": "API", "bootstrap_cluster_creator_admin_permissions": True},
            upgrade_policy={"support_type": "STANDARD"}, depends_on=[logs, *role.ready])

    def _workload_access(self) -> None:
        """Pod Identity role for training jobs: read the lake, read/write the checkpoints."""
        env, spec, bp = self.env, self.spec, self.env.bp
        statements = []
        if spec.lake:
            arns = env.components[spec.lake].bucket_arns()
            statements += [iam.allow(["s3:GetBucketLocation", "s3:ListBucket"], arns),
                           iam.allow(["s3:GetObject", "s3:GetObjectVersion"], [f"{a}/*" for a in arns])]
        if spec.checkpoints:
            lake = env.components[spec.checkpoints]
            buckets = [lake.buckets["checkpoints"]] if "checkpoints" in lake.buckets else list(lake.buckets.values())
            arns = [b.arn for b in buckets]
            statements += [iam.allow(["s3:GetBucketLocation", "s3:ListBucket"], arns),
                           iam.allow(["s3:AbortMultipartUpload", "s3:DeleteObject", "s3:GetObject", "s3:PutObject"],
                                     [f"{a}/*" for a in arns])]
        if not statements:
            return
        statements.append(iam.allow(["kms:Decrypt", "kms:GenerateDataKey"], [self.key],
                                    StringEquals={"kms:ViaService": f"s3.{bp.region}.{DNS_SUFFIX}"}))
        role = iam.role(self, "workload-role", name=naming.join(self.name, "data"), partition=env.partition,
                        trust_policy=iam.trust("pods.eks.amazonaws.com", actions=["sts:AssumeRole", "sts:TagSession"]),
                        statements=statements)
        agent = EksAddon(self, "pod-identity-agent", cluster_name=self.cluster.name, addon_name="eks-pod-identity-agent")
        EksPodIdentityAssociation(self, "workload-identity", cluster_name=self.cluster.name, role_arn=role.arn,
                                  namespace=WORKLOAD_NAMESPACE, service_account=WORKLOAD_SERVICE_ACCOUNT,
                                  depends_on=[agent])

    def _pool(self, pool: NodePool) -> EksNodeGroup:
        env, bp = self.env, self.env.bp
        shape = pool_shape(pool, self.network.spec.fabric)
        compact = placement(pool, shape)
        cid = f"pool-{pool.name}"
        groups = [self.cluster.vpc_config.cluster_security_group_id]
        if shape.efa_interfaces:
            groups.append(self.net.efa_sg_id)
        if self.net.ingress_sg_id:
            groups.append(self.net.ingress_sg_id)
        if shape.efa_interfaces:
            interfaces = [LaunchTemplateNetworkInterfaces(
                device_index=0 if i == 0 else 1, network_card_index=i, interface_type="efa",
                associate_public_ip_address="false", delete_on_termination="true", security_groups=groups)
                for i in range(shape.efa_interfaces)]
        else:
            interfaces = [LaunchTemplateNetworkInterfaces(device_index=0, associate_public_ip_address="false",
                                                          delete_on_termination="true", security_groups=groups)]
        tags = {**standard_tags(bp, self.spec.name), "Name": naming.join(self.name, pool.name)}
        template: dict[str, Any] = dict(
            name=naming.join(self.name, pool.name), update_default_version=True, ebs_optimized="true",
            metadata_options={"http_endpoint": "enabled", "http_tokens": "required",
                              "http_put_response_hop_limit": IMDS_HOP_LIMIT, "instance_metadata_tags": "disabled"},
            block_device_mappings=[LaunchTemplateBlockDeviceMappings(device_name=ROOT_DEVICE, ebs={
                "volume_size": pool.disk_gb, "volume_type": "gp3", "encrypted": "true", "kms_key_id": self.key,
                "delete_on_termination": "true"})],
            network_interfaces=interfaces, monitoring={"enabled": True},
            tag_specifications=[LaunchTemplateTagSpecifications(resource_type=kind, tags=tags)
                                for kind in ("instance", "volume", "network-interface")])
        if compact:
            template["placement"] = {"group_name": self._placement_group(pool, shape)}
        if pool.capacity == "reserved":
            template["capacity_reservation_specification"] = {
                "capacity_reservation_target": {"capacity_reservation_id": pool.reservation}}
        lt = LaunchTemplate(self, f"{cid}-template", **template)
        labels = {"plinth/pool": pool.name, "plinth/capacity": pool.capacity}
        if pool.accelerator:
            labels["plinth/accelerator"] = pool.accelerator
        group = EksNodeGroup(
            self, cid, cluster_name=self.cluster.name, node_group_name=pool.name, node_role_arn=self.node_role.arn,
            subnet_ids=self.net.private_subnet_ids[:1] if compact else self.net.private_subnet_ids,
            scaling_config={"min_size": pool.min_nodes, "max_size": pool.max_nodes, "desired_size": pool.min_nodes},
            capacity_type="SPOT" if pool.capacity == "spot" else "ON_DEMAND", ami_type=ami_type(shape),
            instance_types=[shape.instance_type], labels=labels, taint=taints(pool, shape),
            launch_template={"id": lt.id, "version": Token.as_string(lt.latest_version)},
            update_config={"max_unavailable": 1}, node_repair_config={"enabled": True},
            lifecycle=TerraformResourceLifecycle(ignore_changes=["scaling_config[0].desired_size"]),
            depends_on=self.node_role.ready)
        if pool.schedule:
            self._schedule(pool, group)
        return group

    def _placement_group(self, pool: NodePool, shape: PoolShape) -> str:
        if shape.efa_interfaces and self.net.placement_group:
            return self.net.placement_group
        return PlacementGroup(self, f"pool-{pool.name}-placement", name=naming.join(self.name, pool.name),
                              strategy="cluster").name

    def _schedule(self, pool: NodePool, group: EksNodeGroup) -> None:
        scale_down, scale_up = pool.schedule
        asg = group.resources.get(0).autoscaling_groups.get(0).name
        for cid, cron, size in (("scale-down", scale_down, 0), ("scale-up", scale_up, pool.min_nodes)):
            AutoscalingSchedule(self, f"pool-{pool.name}-{cid}", autoscaling_group_name=asg,
                                scheduled_action_name=naming.join(pool.name, cid), recurrence=cron,
                                time_zone="Etc/UTC", min_size=size, max_size=pool.max_nodes, desired_capacity=size)
