"""data_lake → one Cloud Storage bucket per zone (CMEK, uniform access, public access prevention,
versioning, soft delete, lifecycle to Nearline/Archive, access logs), optionally dual-region, and
an optional cache tier in the lake's network:

| cache         | resource                        | CMEK                                   |
|---------------|---------------------------------|----------------------------------------|
| filestore     | google_filestore_instance ZONAL | yes (`kms_key_name`)                   |
| parallelstore | google_parallelstore_instance   | no: provider 6.50 has no key attribute |
| lustre        | google_lustre_instance          | no: provider 6.50 has no key attribute |
"""

from __future__ import annotations

import math

from cdktf import Fn
from cdktf_cdktf_provider_google.filestore_instance import (
    FilestoreInstance,
    FilestoreInstanceFileShares,
    FilestoreInstanceFileSharesNfsExportOptions,
    FilestoreInstanceNetworks,
)
from cdktf_cdktf_provider_google.lustre_instance import LustreInstance
from cdktf_cdktf_provider_google.parallelstore_instance import ParallelstoreInstance
from constructs import Construct

from plinth import naming
from plinth.model import DataLake
from . import _base, storage
from ._base import Context


def _round_up(value: float, step: int, minimum: int) -> int:
    return max(minimum, int(math.ceil(value / step)) * step)


def filestore_capacity_gib(tib: float) -> int:
    """Zonal Filestore: 1-9.75 TiB in 256 GiB steps, 10-100 TiB in 2.5 TiB steps."""
    gib = tib * 1024
    return _round_up(gib, 256, 1024) if gib <= 9984 else _round_up(gib, 2560, 10240)


def parallelstore_capacity_gib(tib: float) -> int:
    """Parallelstore: 12,000-100,000 GiB in 4,000 GiB steps."""
    return min(_round_up(tib * 1024, 4000, 12000), 100000)


def lustre_capacity_gib(tib: float) -> int:
    """Managed Lustre: 18,000-954,000 GiB in 9,000 GiB steps."""
    return min(_round_up(tib * 1024, 9000, 18000), 954000)


class LakeConstruct(Construct):
    def __init__(self, scope: Construct, ctx: Context, lake: DataLake) -> None:
        super().__init__(scope, lake.name)
        bp = ctx.bp
        stack = ctx.stack_of(lake)
        site = ctx.site(stack)
        labels = _base.labels(bp, lake.name)
        location, key_location, data_locations = _base.lake_location(bp, lake)
        key = ctx.key("storage", key_location)
        self.buckets = {}
        for zone in lake.zones:
            rules = [storage.rule("SetStorageClass", storage_class="NEARLINE", age=lake.infrequent_after_days,
                                  matches_storage_class=["STANDARD"]),
                     storage.rule("SetStorageClass", storage_class="ARCHIVE", age=lake.archive_after_days,
                                  matches_storage_class=["STANDARD", "NEARLINE"]),
                     storage.rule("AbortIncompleteMultipartUpload", age=7)]
            if lake.versioning:
                rules.append(storage.rule("Delete", days_since_noncurrent_time=90, with_state="ARCHIVED"))
            if lake.expire_after_days:
                rules.append(storage.rule("Delete", age=lake.expire_after_days))
            self.buckets[zone] = storage.bucket(
                self, f"bucket-{zone}", name=naming.bucket(bp, lake.name, zone), location=location,
                kms_key=key.id, labels=labels, versioning=lake.versioning, public_access=lake.public_access,
                log_bucket=ctx.access_log_bucket.name if ctx.access_log_bucket is not None else None,
                lifecycle=rules, data_locations=data_locations,
                depends_on=ctx.key_deps("storage", key_location, stack))
        self.cache = None
        if lake.cache is not None:
            self.cache = self._cache(ctx, site, lake, labels)

    def _cache(self, ctx: Context, site, lake: DataLake, labels: dict[str, str]):
        bp, cache = ctx.bp, lake.cache
        net = _base.network_of(bp, cache.network)
        network = ctx.networks[net.name]
        zone = Fn.element(site.zones, 0)
        cid = _base.name(bp.name, lake.name, "cache")
        deps = [network.psa] if network.psa is not None else []
        if cache.kind == "filestore":
            return FilestoreInstance(
                self, "cache", name=cid, project=site.project, location=zone, tier="ZONAL",
                description=f"cache tier of data lake {lake.name}",
                kms_key_name=ctx.key("files", bp.region).id,
                file_shares=FilestoreInstanceFileShares(
                    name="cache", capacity_gb=filestore_capacity_gib(cache.capacity_tib),
                    nfs_export_options=[FilestoreInstanceFileSharesNfsExportOptions(
                        ip_ranges=[net.cidr] + [pods for pods, _ in network.ranges.values()],
                        access_mode="READ_WRITE", squash_mode="ROOT_SQUASH")]),
                networks=[FilestoreInstanceNetworks(network=network.network.name, modes=["MODE_IPV4"],
                                                    connect_mode="PRIVATE_SERVICE_ACCESS")],
                deletion_protection_enabled=True, deletion_protection_reason="plinth: cache tier of a data lake",
                labels=labels,
                depends_on=deps + ctx.key_deps("files", bp.region, ctx.stack_of(lake)))
        if cache.kind == "parallelstore":
            return ParallelstoreInstance(
                self, "cache", instance_id=cid, project=site.project, location=zone,
                capacity_gib=str(parallelstore_capacity_gib(cache.capacity_tib)),
                deployment_type="PERSISTENT", network=network.network.id,
                reserved_ip_range=network.psa_range.name, description=f"cache tier of data lake {lake.name}",
                labels=labels, depends_on=deps)
        return LustreInstance(
            self, "cache", instance_id=cid, project=site.project, location=zone,
            capacity_gib=str(lustre_capacity_gib(cache.capacity_tib)),
            per_unit_storage_throughput=str(cache.throughput_mbps_per_tib),
            filesystem=(lake.name.replace("-", "") + "lake")[:8], network=network.network.id,
            gke_support_enabled=True, description=f"cache tier of data lake {lake.name}", labels=labels,
            depends_on=deps)
