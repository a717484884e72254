"""`data_lake` → one S3 bucket per zone, replicated for DR when asked, with an optional FSx for
Lustre cache linked to the first zone.

Services that write only within their own region (SageMaker data capture) get a regional bucket of
the zone there (`bucket_in`). When the lake is replicated (`replication_region`), each regional
bucket replicates into its zone's bucket in the lake's region (`finish`), so that data has a second
region as well.

Every bucket is a SecureBucket (SSE-KMS with the blueprint key, versioning, public access blocked,
ownership enforced, TLS only, access logs to the blueprint's access-log bucket, lifecycle tiers).
`versioning: false` and `public_access: true` are honoured and visible (see storage.py).
Replication needs versioning on both sides, so a lake with `versioning: false` is not replicated.
"""

from __future__ import annotations

import math
from typing import Any

from cdktf_cdktf_provider_aws.fsx_data_repository_association import FsxDataRepositoryAssociation
from cdktf_cdktf_provider_aws.fsx_lustre_file_system import FsxLustreFileSystem
from cdktf_cdktf_provider_aws.s3_bucket_lifecycle_configuration import S3BucketLifecycleConfigurationRule
from cdktf_cdktf_provider_aws.s3_bucket_replication_configuration import (
    S3BucketReplicationConfigurationA,
    S3BucketReplicationConfigurationRule,
)
from cdktf_cdktf_provider_aws.security_group import SecurityGroup
from cdktf_cdktf_provider_aws.vpc_security_group_egress_rule import VpcSecurityGroupEgressRule
from cdktf_cdktf_provider_aws.vpc_security_group_ingress_rule import VpcSecurityGroupIngressRule
from constructs import Construct

from plinth import naming
from plinth.model import DataLake, Network
from plinth_constructs.aws import iam
from plinth_constructs.aws.context import DNS_SUFFIX, Env
from plinth_constructs.aws.logs import log_group
from plinth_constructs.aws.storage import SecureBucket, lifecycle_rule

NONCURRENT_VERSION_DAYS = 90
IA_MIN_STAY_DAYS = 30          # S3: objects stay 30 days in STANDARD_IA before GLACIER_IR
LUSTRE_PORTS = ((988, 988), (1018, 1023))
LUSTRE_FIRST_UNIT_GIB = 1200   # PERSISTENT_2: 1.2 TiB, then multiples of 2.4 TiB
LUSTRE_UNIT_GIB = 2400
LUSTRE_VERSION = "2.15"
BACKUP_START_UTC = "03:00"
MAINTENANCE_START = "7:04:00"  # Sunday 04:00 UTC


def lustre_capacity_gib(capacity_tib: float) -> int:
    """FSx counts its sizes as 1.2 TiB = 1,200 GiB (and the schema's minimum is that 1.2), so
    TiB here are FSx's: 1,000 GiB; rounded up to a size FSx offers."""
    gib = round(capacity_tib * 1000, 6)
    if gib <= LUSTRE_FIRST_UNIT_GIB:
        return LUSTRE_FIRST_UNIT_GIB
    return math.ceil(gib / LUSTRE_UNIT_GIB) * LUSTRE_UNIT_GIB


def tiering(spec: DataLake) -> S3BucketLifecycleConfigurationRule:
    """Tiering: STANDARD_IA after `infrequent_after_days`, GLACIER_IR after `archive_after_days`
    (STANDARD_IA is skipped when objects could not stay there 30 days), expiry if set."""
    transitions = []
    if spec.infrequent_after_days + IA_MIN_STAY_DAYS <= spec.archive_after_days:
        transitions.append((spec.infrequent_after_days, "STANDARD_IA"))
    transitions.append((spec.archive_after_days, "GLACIER_IR"))
    if spec.expire_after_days is not None:
        transitions = [t for t in transitions if t[0] < spec.expire_after_days]
    return lifecycle_rule("tiering", transitions=transitions, expire_days=spec.expire_after_days,
                          noncurrent_days=NONCURRENT_VERSION_DAYS)


class DataLakeConstruct(Construct):
    def __init__(self, scope: Construct, env: Env, spec: DataLake) -> None:
        super().__init__(scope, spec.name)
        self.env, self.spec = env, spec
        self.stack = env.stacks.foundation
        self.region = env.bp.region
        self.buckets = {zone: self._bucket(zone, self.region) for zone in spec.zones}
        self.replicas: dict[str, SecureBucket] = {}
        self._regional: dict[tuple[str, str], SecureBucket] = {}
        if spec.replication_region and spec.versioning:
            self._replicate(spec.replication_region)
        self.cache = self._cache() if spec.cache else None

    def bucket_arns(self) -> list[str]:
        return [b.arn for b in self.buckets.values()]

    def all_bucket_arns(self) -> list[str]:
        """Every bucket of the lake: the zones, their replicas and the regional buckets."""
        return self.bucket_arns() + [b.arn for b in self.replicas.values()] + \
            [b.arn for _, b in sorted(self._regional.items())]

    def bucket_in(self, region: str, zone: str) -> SecureBucket:
        """The zone's bucket in `region`: the lake bucket, its replica, or a regional bucket (for
        services such as SageMaker data capture that write only within their own region)."""
        if region == self.region:
            return self.buckets[zone]
        if zone in self.replicas and region == self.spec.replication_region:
            return self.replicas[zone]
        if (region, zone) not in self._regional:
            self._regional[(region, zone)] = self._bucket(zone, region)
        return self._regional[(region, zone)]

    def _bucket(self, zone: str, region: str, cid: str | None = None, versioning: bool | None = None) -> SecureBucket:
        env, spec = self.env, self.spec
        suffix = "" if region == self.region else f"-{region}"
        return SecureBucket(
            self, cid or f"{zone}{suffix}", prefix=naming.bucket(env.bp, spec.name, zone),
            kms_key_arn=env.key_arn(region), provider=env.provider(self.stack, region),
            versioning=spec.versioning if versioning is None else versioning, public_access=spec.public_access,
            log_target=env.foundation.access_logs(region), log_prefix=f"{spec.name}/{zone}/",
            lifecycle=[tiering(spec)])

    # -- replication ------------------------------------------------------------------------
    def _replicate(self, region: str) -> None:
        env, spec = self.env, self.spec
        for zone in spec.zones:
            self.replicas[zone] = self._bucket(zone, region, cid=f"{zone}-replica", versioning=True)
        sources, targets = self.bucket_arns(), [b.arn for b in self.replicas.values()]
        replication = iam.role(
            self, "replication-role", name=naming.join(env.bp.name, spec.name, "replication"),
            partition=env.partition, trust_policy=iam.trust("s3.amazonaws.com"),
            statements=self._replication_statements(sources, targets, [self.region], region))
        for zone, source in self.buckets.items():
            replica = self.replicas[zone]
            self._replication(f"{zone}-replication", "disaster-recovery", source, replica, replication.arn, region,
                              depends_on=[source.versioning, replica.versioning])

    def finish(self) -> None:
        """Once every component has asked for its regional buckets: in a replicated lake, each
        regional bucket replicates into its zone's bucket in the lake's region."""
        if not self.replicas or not self._regional:
            return
        env, spec, home = self.env, self.spec, self.region
        regional = sorted(self._regional.items())
        sources = [b.arn for _, b in regional]
        targets = sorted({self.buckets[zone].arn for (_, zone), _ in regional})
        statements = self._replication_statements(sources, targets, sorted({region for (region, _), _ in regional}),
                                                  home)
        role = iam.role(self, "regional-replication-role",
                        name=naming.join(env.bp.name, spec.name, "regional-replication"), partition=env.partition,
                        trust_policy=iam.trust("s3.amazonaws.com"), statements=statements)
        for (region, zone), source in regional:
            target = self.buckets[zone]
            self._replication(f"{zone}-{region}-replication", "to-the-lake-region", source, target, role.arn, home,
                              depends_on=[source.versioning, target.versioning, *role.ready],
                              provider=env.provider(self.stack, region))

    def _replication_statements(self, sources: list[str], targets: list[str], source_regions: list[str],
                                target_region: str) -> list:
        """What S3 needs to copy KMS-encrypted objects from `sources` into `targets`."""
        env = self.env
        return [
            iam.allow(["s3:GetReplicationConfiguration", "s3:ListBucket"], sources),
            iam.allow(["s3:GetObjectVersionAcl", "s3:GetObjectVersionForReplication",
                       "s3:GetObjectVersionTagging"], [f"{a}/*" for a in sources]),
            iam.allow(["s3:ReplicateDelete", "s3:ReplicateObject", "s3:ReplicateTags"], [f"{a}/*" for a in targets]),
            *(iam.allow(["kms:Decrypt"], [env.key_arn(region)],
                        StringEquals={"kms:ViaService": f"s3.{region}.{DNS_SUFFIX}"}) for region in source_regions),
            iam.allow(["kms:Encrypt", "kms:GenerateDataKey"], [env.key_arn(target_region)],
                      StringEquals={"kms:ViaService": f"s3.{target_region}.{DNS_SUFFIX}"}),
        ]

    def _replication(self, cid: str, rule_id: str, source: SecureBucket, target: SecureBucket, role_arn: str,
                     target_region: str, depends_on: list, provider: Any = None) -> None:
        """Replicate every object of `source` into `target`, re-encrypted with the target region's key."""
        S3BucketReplicationConfigurationA(
            self, cid, bucket=source.name, role=role_arn,
            rule=[S3BucketReplicationConfigurationRule(
                id=rule_id, status="Enabled", filter={"prefix": ""},
                delete_marker_replication={"status": "Enabled"},
                source_selection_criteria={"sse_kms_encrypted_objects": {"status": "Enabled"}},
                destination={"bucket": target.arn, "storage_class": "STANDARD",
                             "encryption_configuration": {"replica_kms_key_id": self.env.key_arn(target_region)}})],
            depends_on=depends_on, provider=provider)

    # -- cache tier -------------------------------------------------------------------------
    def _cache(self) -> FsxLustreFileSystem:
        env, spec, cache = self.env, self.spec, self.spec.cache
        networks = env.bp.of_kind(Network)
        net = env.components[cache.network or networks[0].name].primary
        name = naming.join(env.bp.name, spec.name, "cache")
        sg = SecurityGroup(self, "cache-sg", name=name, vpc_id=net.vpc_id,
                           description="FSx for Lustre: Lustre ports from inside the VPC only")
        for low, high in LUSTRE_PORTS:
            VpcSecurityGroupIngressRule(self, f"cache-sg-in-{low}", security_group_id=sg.id, ip_protocol="tcp",
                                        from_port=low, to_port=high, cidr_ipv4=net.cidr,
                                        description=f"Lustre {low}-{high} from the VPC")
            VpcSecurityGroupEgressRule(self, f"cache-sg-out-{low}", security_group_id=sg.id, ip_protocol="tcp",
                                       from_port=low, to_port=high, cidr_ipv4=net.cidr,
                                       description=f"Lustre {low}-{high} to the VPC")
        logs = log_group(self, "cache-log-group", name=f"/aws/fsx/{name}", kms_key_arn=env.key_arn(self.region))
        fs = FsxLustreFileSystem(
            self, "cache", subnet_ids=[net.private_subnet_ids[0]], security_group_ids=[sg.id],
            deployment_type="PERSISTENT_2", storage_type="SSD", storage_capacity=lustre_capacity_gib(cache.capacity_tib),
            per_unit_storage_throughput=cache.throughput_mbps_per_tib, kms_key_id=env.key_arn(self.region),
            file_system_type_version=LUSTRE_VERSION, data_compression_type="LZ4",
            metadata_configuration={"mode": "AUTOMATIC"},
            automatic_backup_retention_days=cache.backup_retention_days,
            daily_automatic_backup_start_time=BACKUP_START_UTC, copy_tags_to_backups=True, skip_final_backup=False,
            weekly_maintenance_start_time=MAINTENANCE_START,
            log_configuration={"level": "WARN_ERROR", "destination": logs.arn},
            tags={"Name": name})
        zone = spec.zones[0]
        events = ["NEW", "CHANGED", "DELETED"]
        FsxDataRepositoryAssociation(
            self, "cache-link", file_system_id=fs.id, file_system_path=f"/{zone}",
            data_repository_path=f"s3://{self.buckets[zone].name}", batch_import_meta_data_on_create=True,
            imported_file_chunk_size=1024, delete_data_in_filesystem=False,
            s3={"auto_import_policy": {"events": events}, "auto_export_policy": {"events": events}})
        return fs
