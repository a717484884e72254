"""`accelerator_cluster`: private AKS with KMS, CMK disks, host encryption; GPU pools from the catalog."""

from __future__ import annotations

from azure_synth import pick, refers

BP = "llm-finetune"

SECURE_AKS = {
    "private_cluster_enabled": True, "private_cluster_public_fqdn_enabled": False, "local_account_disabled": True,
    "role_based_access_control_enabled": True, "automatic_upgrade_channel": "patch",
    "node_os_upgrade_channel": "NodeImage", "sku_tier": "Standard", "azure_policy_enabled": True,
    "workload_identity_enabled": True, "oidc_issuer_enabled": True, "run_command_enabled": False,
    "http_application_routing_enabled": False, "image_cleaner_enabled": True,
    "key_vault_secrets_provider": {"secret_rotation_enabled": True, "secret_rotation_interval": "2m"},
    "api_server_access_profile": "<absent>", "service_principal": "<absent>",
}


def test_aks_secure_defaults(az):
    for bp, path in ((BP, "tune/aks"), (BP, "eval/aks"), ("az-pci-serving", "serve/aks")):
        aks = az.one(bp, "azurerm_kubernetes_cluster", path)
        assert pick(aks, SECURE_AKS) == SECURE_AKS, path
        rbac = aks["azure_active_directory_role_based_access_control"]
        assert rbac == {"azure_rbac_enabled": True, "tenant_id": "${data.azurerm_client_config.azurerm_client.tenant_id}"}
        assert aks["key_management_service"]["key_vault_network_access"] == "Private"
        assert refers(aks["key_management_service"]["key_vault_key_id"], "azurerm_key_vault_key")
        assert refers(aks["disk_encryption_set_id"], "azurerm_disk_encryption_set")
        assert aks["identity"]["type"] == "UserAssigned"
        assert refers(aks["oms_agent"]["log_analytics_workspace_id"], "azurerm_log_analytics_workspace")
        assert aks["oms_agent"]["msi_auth_for_monitoring_enabled"] is True
        assert refers(aks["microsoft_defender"]["log_analytics_workspace_id"], "azurerm_log_analytics_workspace")
        net = aks["network_profile"]
        assert pick(net, {"network_plugin": 0, "network_plugin_mode": 0, "network_policy": 0}) == {
            "network_plugin": "azure", "network_plugin_mode": "overlay", "network_policy": "cilium"}
        pool = aks["default_node_pool"]
        assert pick(pool, {"host_encryption_enabled": 0, "node_public_ip_enabled": 0,
                           "only_critical_addons_enabled": 0, "auto_scaling_enabled": 0}) == {
            "host_encryption_enabled": True, "node_public_ip_enabled": False,
            "only_critical_addons_enabled": True, "auto_scaling_enabled": True}


def test_kubernetes_version_and_outbound_follow_the_blueprint(az):
    tune = az.one(BP, "azurerm_kubernetes_cluster", "tune/aks")
    assert tune["kubernetes_version"] == "1.31"
    assert tune["network_profile"]["outbound_type"] == "userAssignedNATGateway"
    serve = az.one("az-pci-serving", "azurerm_kubernetes_cluster", "serve/aks")
    assert serve["kubernetes_version"] == "1.32"
    assert serve["network_profile"]["outbound_type"] == "loadBalancer"          # nat: false
    assert serve["default_node_pool"]["zones"] == ["1", "2", "3"]                # zones: 3


def test_system_pool_is_the_blueprints_cpu_pool(az):
    pool = az.one(BP, "azurerm_kubernetes_cluster", "tune/aks")["default_node_pool"]
    assert pick(pool, {"name": 0, "vm_size": 0, "min_count": 0, "max_count": 0}) == {
        "name": "system", "vm_size": "Standard_D8s_v5", "min_count": 2, "max_count": 3}


def test_gpu_spot_pool_on_infiniband(az):
    pool = az.one(BP, "azurerm_kubernetes_cluster_node_pool", "tune/pool-nd")
    expected = {
        "name": "nd", "vm_size": "Standard_ND96isr_H100_v5", "mode": "User", "priority": "Spot",
        "eviction_policy": "Delete", "spot_max_price": -1, "auto_scaling_enabled": True, "min_count": 0,
        "max_count": 8, "node_taints": ["sku=gpu:NoSchedule", "kubernetes.azure.com/scalesetpriority=spot:NoSchedule"],
        "host_encryption_enabled": True, "node_public_ip_enabled": False, "zones": "<absent>",
        "upgrade_settings": "<absent>",
    }
    assert pick(pool, expected) == expected
    assert refers(pool["proximity_placement_group_id"], "azurerm_proximity_placement_group")
    grant = az.one(BP, "azurerm_role_assignment", "tune/placement-contributor-placement")
    assert refers(grant["scope"], "azurerm_proximity_placement_group")


def test_pools_without_infiniband_or_spot(az):
    pools = az.resources("insecure-azure-example", "azurerm_kubernetes_cluster_node_pool")
    a100 = pools["train/pool-gpu-workers-a100"]
    assert a100["name"] != "gpu-workers-a100" and len(a100["name"]) <= 12 and a100["name"].isalnum()
    assert pick(a100, {"vm_size": 0, "priority": 0, "proximity_placement_group_id": 0, "zones": 0}) == {
        "vm_size": "Standard_ND96amsr_A100_v4", "priority": "Regular", "proximity_placement_group_id": "<absent>",
        "zones": ["1", "2"]}                                                     # placement: none
    t4 = pools["train/pool-spot-t4"]
    assert t4["name"].startswith("spott4") and len(t4["name"]) == 12   # hyphens dropped, hash kept unique
    assert pick(t4, {"vm_size": 0, "priority": 0, "node_taints": 0}) == {
        "vm_size": "Standard_NC64as_T4_v3", "priority": "Spot",
        "node_taints": ["sku=gpu:NoSchedule", "kubernetes.azure.com/scalesetpriority=spot:NoSchedule"]}
    # no CPU pool in the blueprint: plinth adds a small system pool
    system = az.one("insecure-azure-example", "azurerm_kubernetes_cluster", "train/aks")["default_node_pool"]
    assert pick(system, {"name": 0, "vm_size": 0, "min_count": 0}) == {
        "name": "system", "vm_size": "Standard_D4ds_v5", "min_count": 1}


def test_extra_taints_are_kept(az):
    pool = az.one("az-pci-serving", "azurerm_kubernetes_cluster_node_pool", "serve/pool-t4")
    assert pool["node_taints"] == ["sku=gpu:NoSchedule", "team=payments:NoSchedule"]
    assert pool["vm_size"] == "Standard_NC4as_T4_v3"


def test_public_endpoint_is_explicit(az):
    aks = az.one("insecure-azure-example", "azurerm_kubernetes_cluster", "train/aks")
    assert aks["private_cluster_enabled"] is False
    assert aks["local_account_disabled"] is True


def test_cluster_identities_and_grants(az):
    grants = {p.split("/", 1)[1]: g["role_definition_name"] for p, g in az.resources(BP, "azurerm_role_assignment").items()
              if p.startswith("tune/")}
    assert grants == {
        "key-user": "Key Vault Crypto User", "key-service-user": "Key Vault Crypto Service Encryption User",
        "vault-contributor": "Key Vault Contributor", "subnet-network-contributor": "Network Contributor",
        "disk-encryption-reader": "Reader", "placement-contributor-placement": "Contributor",
        "acr-pull-models": "AcrPull", "checkpoints-writer": "Storage Blob Data Contributor",
    }
    des = az.one(BP, "azurerm_disk_encryption_set", "tune/disk-encryption")
    assert pick(des, {"encryption_type": 0, "auto_key_rotation_enabled": 0}) == {
        "encryption_type": "EncryptionAtRestWithCustomerKey", "auto_key_rotation_enabled": True}
    assert refers(des["key_vault_key_id"], "azurerm_key_vault_key", "versionless_id")
