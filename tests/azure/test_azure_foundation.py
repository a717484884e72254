"""Foundation (`plinth`): provider, Key Vault, keys, Log Analytics, activity log, flow-log storage, budget."""

from __future__ import annotations

from azure_synth import pick, refers, strip

BP = "llm-finetune"


def test_provider_and_subscription_variable_in_every_stack(az):
    for bp, stacks in az.stacks.items():
        for role, stack in stacks.items():
            (provider,) = stack["provider"]["azurerm"]
            assert provider["subscription_id"] == "${var.subscription_id}"
            assert provider["storage_use_azuread"] is True
            features = provider["features"][0]
            assert features["key_vault"][0]["purge_soft_delete_on_destroy"] is False
            assert features["key_vault"][0]["purge_soft_deleted_keys_on_destroy"] is False
            assert features["log_analytics_workspace"][0]["permanently_delete_on_destroy"] is False
            assert features["machine_learning"][0]["purge_soft_deleted_workspace_on_destroy"] is False
            var = stack["variable"]["subscription_id"]
            assert (var["type"], var["nullable"]) == ("string", False), (bp, role)
            assert stack["terraform"]["required_providers"]["azurerm"]["version"].startswith("4.")


def test_key_vault_is_private_rbac_purge_protected(az):
    kv = az.one(BP, "azurerm_key_vault", "plinth/vault")
    expected = {
        "name": "llm-finetune-kv", "sku_name": "premium", "purge_protection_enabled": True,
        "soft_delete_retention_days": 90, "rbac_authorization_enabled": True,
        "public_network_access_enabled": False, "enabled_for_deployment": False,
        "enabled_for_disk_encryption": False, "enabled_for_template_deployment": False,
        "network_acls": {"bypass": "AzureServices", "default_action": "Deny", "ip_rules": [],
                         "virtual_network_subnet_ids": []},
        "enable_rbac_authorization": "<absent>", "access_policy": "<absent>",
    }
    assert pick(kv, expected) == expected


def test_every_key_is_hsm_rsa3072_with_rotation_policy_and_no_date(az):
    keys = {(bp, path): body for bp in az.stacks for path, body in az.resources(bp, "azurerm_key_vault_key").items()}
    assert {p for b, p in keys if b == BP} == {
        "plinth/flow-logs-key", "lake/key", "lake/cache-key", "models/key", "models/ml-key",
        "tune/etcd-key", "tune/disk-key", "eval/etcd-key", "eval/disk-key"}
    for where, key in keys.items():
        assert pick(key, {"key_type": 0, "key_size": 0, "key_opts": 0, "rotation_policy": 0, "expiration_date": 0}) == {
            "key_type": "RSA-HSM", "key_size": 3072, "key_opts": ["decrypt", "encrypt", "unwrapKey", "wrapKey"],
            "rotation_policy": {"automatic": {"time_after_creation": "P1Y"}, "expire_after": "P2Y"},
            "expiration_date": "<absent>"}, where
        assert refers(key["key_vault_id"], "azurerm_key_vault"), where


def test_keys_in_the_foundation_stack_wait_for_terraforms_crypto_officer_role(az):
    grant = az.one(BP, "azurerm_role_assignment", "plinth/vault-terraform-crypto-officer")
    assert grant["role_definition_name"] == "Key Vault Crypto Officer"
    assert grant["principal_id"] == "${data.azurerm_client_config.azurerm_client.object_id}"
    for path, key in az.resources(BP, "azurerm_key_vault_key", "foundation").items():
        assert key["depends_on"] == ["azurerm_role_assignment.plinth_vault-terraform-crypto-officer_79EBB107"], path


def test_log_analytics_keeps_a_year(az):
    law = az.one(BP, "azurerm_log_analytics_workspace", "plinth/logs")
    expected = {"retention_in_days": 365, "sku": "PerGB2018", "local_authentication_enabled": False,
                "name": "llm-finetune-logs"}
    assert pick(law, expected) == expected


def test_subscription_activity_log_goes_to_log_analytics(az):
    diag = az.one(BP, "azurerm_monitor_diagnostic_setting", "plinth/activity-log")
    assert diag["target_resource_id"] == "/subscriptions/${var.subscription_id}"
    assert [e["category"] for e in diag["enabled_log"]] == ["Administrative", "Security", "Policy", "Alert"]
    assert refers(diag["log_analytics_workspace_id"], "azurerm_log_analytics_workspace")
    assert "enabled_metric" not in diag


def test_diagnostic_settings_cover_every_resource_that_has_them(az):
    """Each such resource has a diagnostic setting in its own stack (blob and queue for storage)."""
    for bp, stacks in az.stacks.items():
        for role, stack in stacks.items():
            resources = stack.get("resource", {})
            targets = {d["target_resource_id"] for d in resources.get("azurerm_monitor_diagnostic_setting", {}).values()}
            for d in resources.get("azurerm_monitor_diagnostic_setting", {}).values():
                assert refers(d["log_analytics_workspace_id"], "azurerm_log_analytics_workspace")
            for rtype, suffixes in (("azurerm_key_vault", ("",)), ("azurerm_container_registry", ("",)),
                                    ("azurerm_kubernetes_cluster", ("",)), ("azurerm_machine_learning_workspace", ("",)),
                                    ("azurerm_network_security_group", ("",)), ("azurerm_log_analytics_workspace", ("",)),
                                    ("azurerm_storage_account", ("/blobServices/default", "/queueServices/default"))):
                for name in resources.get(rtype, {}):
                    for suffix in suffixes:
                        assert f"${{{rtype}.{name}.id}}{suffix}" in targets, (bp, role, rtype, name, suffix)


def test_aks_diagnostics_include_kube_audit(az):
    diag = az.one(BP, "azurerm_monitor_diagnostic_setting", "tune/aks-diagnostics")
    assert [e["category"] for e in diag["enabled_log"]] == [
        "kube-audit", "kube-audit-admin", "guard", "kube-apiserver", "kube-controller-manager",
        "kube-scheduler", "cluster-autoscaler"]


def test_flow_log_storage_is_encrypted_and_default_deny(az):
    sa = az.one(BP, "azurerm_storage_account", "plinth/flow-logs-storage")
    expected = {"name": "llmfinetunelogs", "is_hns_enabled": False, "https_traffic_only_enabled": True,
                "min_tls_version": "TLS1_2", "shared_access_key_enabled": False,
                "allow_nested_items_to_be_public": False, "infrastructure_encryption_enabled": True,
                # Network Watcher writes as a trusted service through the public endpoint (default deny).
                "public_network_access_enabled": True}
    assert pick(sa, expected) == expected
    assert sa["network_rules"]["default_action"] == "Deny"
    assert refers(sa["customer_managed_key"]["key_vault_key_id"], "azurerm_key_vault_key", "versionless_id")


def test_budget_is_the_blueprints_monthly_budget_filtered_by_tag(az):
    budget = strip(az.one(BP, "azurerm_consumption_budget_subscription", "plinth/budget"))
    assert budget == {
        "name": "llm-finetune-budget", "amount": 320000, "time_grain": "Monthly",
        "subscription_id": "/subscriptions/${var.subscription_id}",
        "time_period": {"start_date": "${var.budget_start_date}"},
        "filter": {"tag": [{"name": "blueprint", "operator": "In", "values": ["llm-finetune"]}]},
        "notification": [{"contact_emails": ["nlp-leads@example.com"], "contact_roles": ["Owner"], "enabled": True,
                          "operator": "GreaterThanOrEqualTo", "threshold": t, "threshold_type": "Actual"}
                         for t in (50, 80, 100)],
    }
    assert az.stacks[BP]["foundation"]["variable"]["budget_start_date"]["type"] == "string"


def test_budget_thresholds_sorted_and_absent_without_budget(az):
    budget = az.one("az-pci-serving", "azurerm_consumption_budget_subscription", "plinth/budget")
    assert [n["threshold"] for n in budget["notification"]] == [50, 90]
    assert budget["notification"][0]["contact_emails"] == []
    assert az.resources("insecure-azure-example", "azurerm_consumption_budget_subscription") == {}
    assert "budget_start_date" not in az.stacks["insecure-azure-example"]["foundation"]["variable"]


def test_long_blueprint_names_are_shortened_deterministically(az):
    kv = az.one("insecure-azure-example", "azurerm_key_vault", "plinth/vault")
    assert kv["name"] == "insecure-azure-ex-" + kv["name"][-6:] and len(kv["name"]) == 24
    ws = az.one("insecure-azure-example", "azurerm_machine_learning_workspace", "model-registry/ml")
    assert len(ws["name"]) <= 33 and ws["name"].startswith("insecure-azure-example-mod")
    sa = az.one("insecure-azure-example", "azurerm_storage_account", "model-registry/ml-storage")
    assert len(sa["name"]) == 24 and sa["name"].isalnum() and sa["name"].islower()
