"""`data_lake`: ADLS Gen2 with CMK, containers, lifecycle, private endpoints, Managed Lustre cache."""

from __future__ import annotations

from azure_synth import pick, refers

BP = "llm-finetune"

SECURE_ACCOUNT = {
    "account_kind": "StorageV2", "account_tier": "Standard", "account_replication_type": "GRS",
    "is_hns_enabled": True, "https_traffic_only_enabled": True, "min_tls_version": "TLS1_2",
    "shared_access_key_enabled": False, "default_to_oauth_authentication": True, "local_user_enabled": False,
    "sftp_enabled": False, "cross_tenant_replication_enabled": False, "allow_nested_items_to_be_public": False,
    "public_network_access_enabled": False, "infrastructure_encryption_enabled": True,
    "sas_policy": {"expiration_action": "Block", "expiration_period": "00.01:00:00"},
    "blob_properties": {"versioning_enabled": True, "delete_retention_policy": {"days": 30},
                        "container_delete_retention_policy": {"days": 30}},
    "enable_https_traffic_only": "<absent>",
}


def test_lake_account_secure_defaults(az):
    sa = az.one(BP, "azurerm_storage_account", "lake/storage")
    assert pick(sa, SECURE_ACCOUNT) == SECURE_ACCOUNT
    assert sa["name"] == "llmfinetunelake"
    assert sa["network_rules"] == {"bypass": ["AzureServices", "Logging", "Metrics"], "default_action": "Deny",
                                   "ip_rules": [], "virtual_network_subnet_ids": []}
    assert sa["identity"]["type"] == "UserAssigned"
    cmk = sa["customer_managed_key"]
    assert refers(cmk["key_vault_key_id"], "azurerm_key_vault_key", "versionless_id")
    assert refers(cmk["user_assigned_identity_id"], "azurerm_user_assigned_identity")
    grant = az.one(BP, "azurerm_role_assignment", "lake/key-user")
    assert grant["role_definition_name"] == "Key Vault Crypto Service Encryption User"
    assert sa["depends_on"] == ["azurerm_role_assignment.lake_key-user_ACCAC58E"]


def test_one_private_container_per_zone(az):
    containers = az.resources(BP, "azurerm_storage_container", "foundation")
    assert {p: (c["name"], c["container_access_type"]) for p, c in containers.items()} == {
        "lake/zone-corpus": ("llm-finetune-lake-corpus", "private"),
        "lake/zone-checkpoints": ("llm-finetune-lake-checkpoints", "private"),
    }
    for c in containers.values():
        assert refers(c["storage_account_id"], "azurerm_storage_account")


def test_lifecycle_tiers_and_expiry(az):
    rule = az.one(BP, "azurerm_storage_management_policy", "lake/lifecycle")["rule"]
    assert rule == [{"name": "tiering", "enabled": True, "filters": {"blob_types": ["blockBlob"]}, "actions": {
        "base_blob": {"tier_to_cool_after_days_since_modification_greater_than": 30,
                      "tier_to_archive_after_days_since_modification_greater_than": 180},
        "version": {"change_tier_to_cool_after_days_since_creation": 30,
                    "change_tier_to_archive_after_days_since_creation": 180}}}]
    pci = az.one("az-pci-serving", "azurerm_storage_management_policy", "lake/lifecycle")["rule"][0]["actions"]
    assert pci["base_blob"] == {"tier_to_cool_after_days_since_modification_greater_than": 45,
                                "tier_to_archive_after_days_since_modification_greater_than": 200,
                                "delete_after_days_since_modification_greater_than": 2555}
    assert pci["version"]["delete_after_days_since_creation"] == 2555


def test_managed_lustre_cache_with_cmk(az):
    fs = az.one(BP, "azurerm_managed_lustre_file_system", "lake/cache")
    expected = {"sku_name": "AMLFS-Durable-Premium-250", "storage_capacity_in_tb": 16, "zones": ["1"],
                "maintenance_window": {"day_of_week": "Sunday", "time_of_day_in_utc": "02:00"},
                "name": "llm-finetune-lake-cache"}
    assert pick(fs, expected) == expected
    assert refers(fs["encryption_key"]["key_url"], "azurerm_key_vault_key")
    assert refers(fs["encryption_key"]["source_vault_id"], "azurerm_key_vault")
    assert refers(fs["subnet_id"], "azurerm_subnet")
    assert fs["identity"]["type"] == "UserAssigned"


def test_lustre_sizes():
    from plinth_constructs.azure.data_lake import lustre_size

    assert lustre_size(250, 16) == ("AMLFS-Durable-Premium-250", 16)
    assert lustre_size(250, 17) == ("AMLFS-Durable-Premium-250", 24)
    assert lustre_size(125, 1.2) == ("AMLFS-Durable-Premium-125", 16)
    assert lustre_size(1000, 5) == ("AMLFS-Durable-Premium-500", 8)


def test_public_access_and_versioning_off_are_explicit(az):
    sa = az.one("insecure-azure-example", "azurerm_storage_account", "l/storage")
    assert pick(sa, {"allow_nested_items_to_be_public": 0, "public_network_access_enabled": 0}) == {
        "allow_nested_items_to_be_public": True, "public_network_access_enabled": True}
    assert sa["network_rules"]["default_action"] == "Allow"
    assert sa["blob_properties"]["versioning_enabled"] is False
    assert "version" not in az.one("insecure-azure-example", "azurerm_storage_management_policy",
                                   "l/lifecycle")["rule"][0]["actions"]
    for c in az.resources("insecure-azure-example", "azurerm_storage_container").values():
        assert c["container_access_type"] == "blob"
    # everything else stays secure
    for key in ("https_traffic_only_enabled", "infrastructure_encryption_enabled"):
        assert sa[key] is True
    assert sa["shared_access_key_enabled"] is False
