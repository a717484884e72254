"""`data_lake`: an ADLS Gen2 storage account (see _storage.secure_account) with a container per
zone, a lifecycle policy (cool, archive, optional expiry), private endpoints for blob and dfs,
blob diagnostics, and an optional Azure Managed Lustre cache encrypted with its own key."""

from __future__ import annotations

import math
from typing import Any

from constructs import Construct
from cdktf_cdktf_provider_azurerm.managed_lustre_file_system import (
    ManagedLustreFileSystem,
    ManagedLustreFileSystemEncryptionKey,
    ManagedLustreFileSystemIdentity,
    ManagedLustreFileSystemMaintenanceWindow,
)
from cdktf_cdktf_provider_azurerm.resource_group import ResourceGroup
from cdktf_cdktf_provider_azurerm.storage_container import StorageContainer
from cdktf_cdktf_provider_azurerm.storage_management_policy import (
    StorageManagementPolicy,
    StorageManagementPolicyRule,
    StorageManagementPolicyRuleActions,
    StorageManagementPolicyRuleActionsBaseBlob,
    StorageManagementPolicyRuleActionsVersion,
    StorageManagementPolicyRuleFilters,
)

from plinth.model import DataLake
from plinth.naming import bucket, compact, join
from plinth_constructs.azure import _common as c
from plinth_constructs.azure._storage import secure_account

# Azure Managed Lustre SKUs by MB/s per TiB, and the capacity step (TiB) each SKU is sold in.
# There is no 1000 MB/s/TiB SKU: 1000 maps to the fastest (500).
LUSTRE_SKUS = {125: ("AMLFS-Durable-Premium-125", 16), 250: ("AMLFS-Durable-Premium-250", 8),
               500: ("AMLFS-Durable-Premium-500", 4), 1000: ("AMLFS-Durable-Premium-500", 4)}
LUSTRE_MAINTENANCE = ("Sunday", "02:00")


def lustre_size(throughput: int, capacity_tib: float) -> tuple[str, int]:
    sku, step = LUSTRE_SKUS[throughput]
    return sku, max(step, math.ceil(capacity_tib / step) * step)


class AzureDataLake(Construct):
    def __init__(self, scope: Construct, id_: str, ctx: Any, comp: DataLake) -> None:
        super().__init__(scope, id_)
        bp, tags = ctx.bp, ctx.tags(comp.name)
        self.ctx, self.comp = ctx, comp
        self.rg = ResourceGroup(self, "rg", name=c.rg_name(bp.name, comp.name), location=ctx.region, tags=tags)
        self.identity, self.key, key_grant = c.keyed_identity(self, "", ctx, comp.name, self.rg.name,
                                                              join(bp.name, comp.name), join(comp.name, "storage"))
        self.account = secure_account(
            self, "storage", ctx, comp.name, name=compact(bp.name, comp.name), rg=self.rg.name,
            identity=self.identity, key=self.key, hns=True, public_access=comp.public_access,
            versioning=comp.versioning, depends_on=[key_grant],
        )
        self.containers = {
            zone: StorageContainer(self, f"zone-{zone}", name=bucket(bp, comp.name, zone),
                                   storage_account_id=self.account.id,
                                   container_access_type="blob" if comp.public_access else "private")
            for zone in comp.zones
        }
        self._lifecycle()
        c.private_endpoints(self, ctx, comp.name, self.account.id, compact(ctx.bp.name, comp.name), ["blob", "dfs"],
                            self.rg.name, ctx.region)
        c.storage_diagnostics(self, "diagnostics", ctx, self.account.id)
        self.cache = self._cache() if comp.cache and comp.cache.kind == "lustre" else None

    def _lifecycle(self) -> None:
        comp = self.comp
        expire = comp.expire_after_days
        StorageManagementPolicy(self, "lifecycle", storage_account_id=self.account.id, rule=[StorageManagementPolicyRule(
            name="tiering", enabled=True,
            filters=StorageManagementPolicyRuleFilters(blob_types=["blockBlob"]),
            actions=StorageManagementPolicyRuleActions(
                base_blob=StorageManagementPolicyRuleActionsBaseBlob(
                    tier_to_cool_after_days_since_modification_greater_than=comp.infrequent_after_days,
                    tier_to_archive_after_days_since_modification_greater_than=comp.archive_after_days,
                    delete_after_days_since_modification_greater_than=expire),
                version=StorageManagementPolicyRuleActionsVersion(
                    change_tier_to_cool_after_days_since_creation=comp.infrequent_after_days,
                    change_tier_to_archive_after_days_since_creation=comp.archive_after_days,
                    delete_after_days_since_creation=expire) if comp.versioning else None,
            ),
        )])

    def _cache(self) -> ManagedLustreFileSystem:
        ctx, comp = self.ctx, self.comp
        cache, bp = comp.cache, ctx.bp
        net = ctx.network_for(cache.network)
        sku, size = lustre_size(cache.throughput_mbps_per_tib, cache.capacity_tib)
        identity, key, key_grant = c.keyed_identity(self, "cache-", ctx, comp.name, self.rg.name,
                                                    join(bp.name, comp.name, "cache"), join(comp.name, "cache"))
        return ManagedLustreFileSystem(
            self, "cache", name=join(bp.name, comp.name, "cache"), location=ctx.region,
            resource_group_name=self.rg.name, sku_name=sku, storage_capacity_in_tb=size,
            subnet_id=net.subnets["cache"].id, zones=["1"],
            maintenance_window=ManagedLustreFileSystemMaintenanceWindow(
                day_of_week=LUSTRE_MAINTENANCE[0], time_of_day_in_utc=LUSTRE_MAINTENANCE[1]),
            identity=ManagedLustreFileSystemIdentity(type="UserAssigned", identity_ids=[identity.id]),
            encryption_key=ManagedLustreFileSystemEncryptionKey(key_url=key.id, source_vault_id=ctx.base.vault.id),
            tags=ctx.tags(comp.name),
            depends_on=[key_grant],
        )
