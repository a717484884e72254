"""The one way plinth makes a storage account: customer-managed key, infrastructure encryption,
HTTPS and TLS 1.2 only, Entra ID auth only (no shared keys, no local users), no public blobs,
default-deny network rules, geo-redundant, soft delete."""

from __future__ import annotations

from typing import Any, Sequence

from constructs import Construct
from cdktf_cdktf_provider_azurerm.key_vault_key import KeyVaultKey
from cdktf_cdktf_provider_azurerm.storage_account import (
    StorageAccount,
    StorageAccountBlobProperties,
    StorageAccountBlobPropertiesContainerDeleteRetentionPolicy,
    StorageAccountBlobPropertiesDeleteRetentionPolicy,
    StorageAccountCustomerManagedKey,
    StorageAccountIdentity,
    StorageAccountNetworkRules,
    StorageAccountSasPolicy,
)
from cdktf_cdktf_provider_azurerm.user_assigned_identity import UserAssignedIdentity

# GRS, not GZRS: the archive tier the lifecycle policies use exists only on LRS/GRS/RA-GRS.
REPLICATION = "GRS"
SOFT_DELETE_DAYS = 30
SAS_EXPIRY = "00.01:00:00"   # user-delegation SAS at most one hour


def secure_account(scope: Construct, id_: str, ctx: Any, component: str, *, name: str, rg: str,
                   identity: UserAssignedIdentity, key: KeyVaultKey, hns: bool, public_endpoint: bool = False,
                   public_access: bool = False, versioning: bool = True,
                   depends_on: Sequence[Construct] = ()) -> StorageAccount:
    """`public_access` is the blueprint's explicit insecure choice: public blobs and an open endpoint.
    `public_endpoint` keeps the endpoint reachable for trusted Azure services only (default deny)."""
    return StorageAccount(
        scope, id_,
        name=name,
        location=ctx.region,
        resource_group_name=rg,
        account_kind="StorageV2",
        account_tier="Standard",
        account_replication_type=REPLICATION,
        access_tier="Hot",
        is_hns_enabled=hns,
        https_traffic_only_enabled=True,
        min_tls_version="TLS1_2",
        shared_access_key_enabled=False,
        default_to_oauth_authentication=True,
        local_user_enabled=False,
        sftp_enabled=False,
        cross_tenant_replication_enabled=False,
        allow_nested_items_to_be_public=public_access,
        public_network_access_enabled=public_access or public_endpoint,
        infrastructure_encryption_enabled=True,
        network_rules=StorageAccountNetworkRules(
            default_action="Allow" if public_access else "Deny",
            bypass=["AzureServices", "Logging", "Metrics"], ip_rules=[], virtual_network_subnet_ids=[]),
        identity=StorageAccountIdentity(type="UserAssigned", identity_ids=[identity.id]),
        customer_managed_key=StorageAccountCustomerManagedKey(
            key_vault_key_id=key.versionless_id, user_assigned_identity_id=identity.id),
        sas_policy=StorageAccountSasPolicy(expiration_period=SAS_EXPIRY, expiration_action="Block"),
        blob_properties=StorageAccountBlobProperties(
            versioning_enabled=versioning,
            delete_retention_policy=StorageAccountBlobPropertiesDeleteRetentionPolicy(days=SOFT_DELETE_DAYS),
            container_delete_retention_policy=StorageAccountBlobPropertiesContainerDeleteRetentionPolicy(
                days=SOFT_DELETE_DAYS),
        ),
        tags=ctx.tags(component),
        depends_on=list(depends_on) or None,
    )
