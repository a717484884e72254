"""`serving_endpoint`: AKS compute with the Azure ML extension, capture datastore, endpoint settings."""

from __future__ import annotations

import json

from azure_synth import pick, refers

BP = "llm-finetune"


def _spec(az, bp, endpoint):
    outputs = az.stacks[bp]["serving"]["output"]
    (value,) = [o["value"] for k, o in outputs.items() if k.startswith(f"{endpoint}_online_endpoint")]
    return json.loads(value)


def test_managed_endpoint_gets_its_own_private_cluster_and_serving_pool(az):
    aks = az.one(BP, "azurerm_kubernetes_cluster", "eval/aks")
    assert aks["name"] == "llm-finetune-eval" and aks["private_cluster_enabled"] is True
    pool = az.one(BP, "azurerm_kubernetes_cluster_node_pool", "eval/endpoint-eval")
    expected = {"vm_size": "Standard_NC24ads_A100_v4", "min_count": 1, "max_count": 2, "priority": "Regular",
                "auto_scaling_enabled": True, "node_taints": ["sku=gpu:NoSchedule"],
                "node_labels": {"plinth/endpoint": "eval", "plinth/pool": "eval"}, "host_encryption_enabled": True}
    assert pick(pool, expected) == expected


def test_azureml_extension_inference_only_private_tls(az):
    ext = az.one(BP, "azurerm_kubernetes_cluster_extension", "eval/azureml")
    assert ext["extension_type"] == "Microsoft.AzureML.Kubernetes"
    assert refers(ext["cluster_id"], "azurerm_kubernetes_cluster")
    assert ext["configuration_settings"] == {
        "enableTraining": "False", "enableInference": "True", "inferenceRouterHA": "True",
        "allowInsecureConnections": "False", "sslSecret": "azureml-inference-tls",
        "sslCname": "llm-finetune-eval.internal", "installNvidiaDevicePlugin": "True",
        "inferenceRouterServiceType": "LoadBalancer", "internalLoadBalancerProvider": "azure"}


def test_endpoint_settings_output(az):
    assert _spec(az, BP, "eval") == {
        "name": "llm-finetune-eval", "workspace": "llm-finetune-models", "compute": "llm-finetune-eval",
        "auth_mode": "aad_token", "public_network_access": "disabled", "egress_public_network_access": "disabled",
        "model": {"name": "notes-llm", "version": "1", "image": "serving"},
        "instance_type": "Standard_NC24ads_A100_v4",
        "scale_settings": {"type": "target_utilization", "min_instances": 1, "max_instances": 2},
        "traffic": {"primary": 90, "canary": 10}, "bake_minutes": 10,
        "data_collector": {"enabled": True, "sampling_rate": 0.2, "datastore": "eval_capture",
                           "collections": ["model_inputs", "model_outputs"]},
        "regions": ["eastus"],
    }
    score = _spec(az, "az-pci-serving", "score")
    assert (score["traffic"], score["bake_minutes"], score["compute"]) == (
        {"primary": 95, "canary": 5}, 30, "az-pci-serving-serve")
    assert score["data_collector"]["sampling_rate"] == 0.5


def test_data_capture_container_and_datastore(az):
    container = az.one(BP, "azurerm_storage_container", "eval/capture")
    assert (container["name"], container["container_access_type"]) == ("llm-finetune-eval-capture", "private")
    assert refers(container["storage_account_id"], "azurerm_storage_account")
    store = az.one(BP, "azurerm_machine_learning_datastore_datalake_gen2", "eval/capture-datastore")
    assert store["name"] == "eval_capture" and refers(store["workspace_id"], "azurerm_machine_learning_workspace")
    grant = az.one(BP, "azurerm_role_assignment", "eval/capture-writer-eval")
    assert grant["role_definition_name"] == "Storage Blob Data Contributor"


def test_endpoint_on_a_serving_cluster_adds_a_pool_there(az):
    assert "score/aks" not in az.resources("az-pci-serving", "azurerm_kubernetes_cluster")
    pool = az.one("az-pci-serving", "azurerm_kubernetes_cluster_node_pool", "serve/endpoint-score")
    assert pick(pool, {"vm_size": 0, "min_count": 0, "max_count": 0}) == {
        "vm_size": "Standard_NC4as_T4_v3", "min_count": 2, "max_count": 6}
    ext = az.one("az-pci-serving", "azurerm_kubernetes_cluster_extension", "score/azureml")
    assert ext["cluster_id"].startswith("${azurerm_kubernetes_cluster.serve_aks_")
    cpu = az.one("az-pci-serving", "azurerm_kubernetes_cluster_node_pool", "explain/endpoint-explain")
    assert (cpu["vm_size"], "node_taints" in cpu) == ("Standard_D8ds_v5", False)
    assert az.one("az-pci-serving", "azurerm_kubernetes_cluster_extension", "explain/azureml")[
        "configuration_settings"]["installNvidiaDevicePlugin"] == "False"


def test_insecure_endpoint_options_are_explicit(az):
    ext = az.one("insecure-azure-example", "azurerm_kubernetes_cluster_extension", "web/azureml")
    assert "internalLoadBalancerProvider" not in ext["configuration_settings"]
    spec = _spec(az, "insecure-azure-example", "web")
    assert (spec["public_network_access"], spec["egress_public_network_access"], spec["data_collector"]) == (
        "enabled", "enabled", {"enabled": False})
    assert az.resources("insecure-azure-example", "azurerm_storage_container", "serving") == {}
