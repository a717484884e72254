"""`registry`: ACR Premium with CMK and quarantine, geo-replication, Azure ML workspace for models."""

from __future__ import annotations

from azure_synth import pick, refers

BP = "llm-finetune"

SECURE_ACR = {
    "sku": "Premium", "admin_enabled": False, "anonymous_pull_enabled": False, "public_network_access_enabled": False,
    "export_policy_enabled": False, "quarantine_policy_enabled": True, "trust_policy_enabled": False,
    "retention_policy_in_days": 7, "zone_redundancy_enabled": True, "data_endpoint_enabled": True,
    "network_rule_bypass_option": "AzureServices",
}


def test_acr_secure_defaults(az):
    acr = az.one(BP, "azurerm_container_registry", "models/acr")
    assert pick(acr, SECURE_ACR) == SECURE_ACR
    assert acr["name"] == "llmfinetunemodels"
    (enc,) = acr["encryption"]
    assert refers(enc["key_vault_key_id"], "azurerm_key_vault_key", "versionless_id")
    assert refers(enc["identity_client_id"], "azurerm_user_assigned_identity", "client_id")
    assert "georeplications" not in acr                                       # no serving regions


def test_acr_replicates_to_serving_regions(az):
    acr = az.one("az-pci-serving", "azurerm_container_registry", "reg/acr")
    assert [(g["location"], g["zone_redundancy_enabled"]) for g in acr["georeplications"]] == [("eastus2", True)]


def test_scan_on_push_and_replicate_off_are_explicit(az):
    acr = az.one("insecure-azure-example", "azurerm_container_registry", "model-registry/acr")
    assert acr["quarantine_policy_enabled"] is False
    assert "georeplications" not in acr


def test_ml_workspace_secure_defaults(az):
    ws = az.one(BP, "azurerm_machine_learning_workspace", "models/ml")
    expected = {"name": "llm-finetune-models", "high_business_impact": True, "public_network_access_enabled": False,
                "v1_legacy_mode_enabled": False, "managed_network": {"isolation_mode": "AllowOnlyApprovedOutbound"},
                "sku_name": "Basic"}
    assert pick(ws, expected) == expected
    enc = ws["encryption"]
    assert refers(enc["key_id"], "azurerm_key_vault_key")
    assert refers(enc["key_vault_id"], "azurerm_key_vault")
    assert refers(enc["user_assigned_identity_id"], "azurerm_user_assigned_identity")
    for attr, rtype in (("application_insights_id", "azurerm_application_insights"), ("key_vault_id", "azurerm_key_vault"),
                        ("storage_account_id", "azurerm_storage_account"),
                        ("container_registry_id", "azurerm_container_registry")):
        assert refers(ws[attr], rtype), attr
    storage = az.one(BP, "azurerm_storage_account", "models/ml-storage")
    assert storage["is_hns_enabled"] is False            # a workspace's default storage cannot be ADLS Gen2
    assert storage["shared_access_key_enabled"] is False and storage["public_network_access_enabled"] is False
    insights = az.one(BP, "azurerm_application_insights", "models/ml-insights")
    assert pick(insights, {"local_authentication_disabled": 0, "internet_query_enabled": 0}) == {
        "local_authentication_disabled": True, "internet_query_enabled": False}
    assert refers(insights["workspace_id"], "azurerm_log_analytics_workspace")


def test_lake_zones_become_workspace_datastores(az):
    stores = az.resources(BP, "azurerm_machine_learning_datastore_datalake_gen2", "foundation")
    assert {p: s["name"] for p, s in stores.items()} == {
        "models/datastore-corpus": "lake_corpus", "models/datastore-checkpoints": "lake_checkpoints"}
    for s in stores.values():
        assert s["service_data_identity"] == "WorkspaceUserAssignedIdentity"
        assert "client_secret" not in s


def test_workspace_only_for_models_or_tracking(az):
    assert sorted(az.resources("az-pci-serving", "azurerm_machine_learning_workspace")) == ["reg/ml"]
