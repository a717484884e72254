"""accelerator_cluster: private GKE cluster, node pools (CPU, GPU, TPU), identities."""

from __future__ import annotations

from gcp_synth import FRAUD_LABELS, labels

REMOTE = "${data.terraform_remote_state.cross-stack-reference-input-%s-foundation.outputs.cross-stack-output-%s}"
SCORING = labels("fraud-inference", "scoring", "pci", **FRAUD_LABELS)
SHIELDED = {"enable_secure_boot": True, "enable_integrity_monitoring": True}


def remote(bp: str, output: str) -> str:
    return REMOTE % (bp, output)


def test_private_cluster_secure_defaults(stack):
    st = stack("fraud-inference", "serving")
    gke_key = remote("fraud-inference", "google_kms_crypto_keyplinth_kms_gke-us-central1_2B3E1149id")
    node_sa = st.ref("scoring/node-sa", "email")
    assert st.get("scoring/cluster", "google_container_cluster") == {
        "name": "fraud-inference-scoring", "project": "${var.project_id}", "location": "us-central1",
        "description": "plinth serving cluster scoring of blueprint fraud-inference",
        "node_locations": "${slice(data.google_compute_zones.plinth_zones_C7D82A60.names, 0, 2)}",
        "network": remote("fraud-inference", "google_compute_networkvpc_network_A873BE34id"),
        "subnetwork": remote("fraud-inference", "google_compute_subnetworkvpc_subnet_376FC355id"),
        "networking_mode": "VPC_NATIVE",
        "ip_allocation_policy": {"cluster_secondary_range_name": "scoring-pods",
                                 "services_secondary_range_name": "scoring-services"},
        "remove_default_node_pool": True, "initial_node_count": 1,
        "node_config": {"service_account": node_sa, "oauth_scopes": ["https://www.googleapis.com/auth/cloud-platform"],
                        "image_type": "COS_CONTAINERD", "boot_disk_kms_key": gke_key,
                        "shielded_instance_config": SHIELDED, "workload_metadata_config": {"mode": "GKE_METADATA"},
                        "resource_labels": SCORING},
        "min_master_version": "1.31",
        "release_channel": {"channel": "REGULAR"},
        "private_cluster_config": {"enable_private_nodes": True, "enable_private_endpoint": True,
                                   "master_ipv4_cidr_block": "172.16.0.0/28"},
        "master_authorized_networks_config": {"cidr_blocks": [{"cidr_block": "10.40.0.0/20", "display_name": "network vpc"}],
                                              "gcp_public_cidrs_access_enabled": False},
        "master_auth": {"client_certificate_config": {"issue_client_certificate": False}},
        "enable_legacy_abac": False, "enable_shielded_nodes": True, "enable_intranode_visibility": True,
        "workload_identity_config": {"workload_pool": "${var.project_id}.svc.id.goog"},
        "database_encryption": {"state": "ENCRYPTED", "key_name": gke_key},
        "datapath_provider": "ADVANCED_DATAPATH", "network_policy": {"enabled": False},
        "binary_authorization": {"evaluation_mode": "PROJECT_SINGLETON_POLICY_ENFORCE"},
        "authenticator_groups_config": {"security_group": "${var.gke_security_group}"},
        "security_posture_config": {"mode": "BASIC", "vulnerability_mode": "VULNERABILITY_BASIC"},
        "logging_config": {"enable_components": ["SYSTEM_COMPONENTS", "WORKLOADS", "APISERVER", "CONTROLLER_MANAGER",
                                                 "SCHEDULER"]},
        "monitoring_config": {"enable_components": ["SYSTEM_COMPONENTS", "APISERVER", "SCHEDULER", "CONTROLLER_MANAGER",
                                                    "STORAGE", "HPA", "POD", "DAEMONSET", "DEPLOYMENT", "STATEFULSET",
                                                    "KUBELET", "CADVISOR", "DCGM"],
                              "managed_prometheus": {"enabled": True}},
        "addons_config": {"gcs_fuse_csi_driver_config": {"enabled": True},
                          "gcp_filestore_csi_driver_config": {"enabled": False},
                          "parallelstore_csi_driver_config": {"enabled": False},
                          "lustre_csi_driver_config": {"enabled": False}},
        "cost_management_config": {"enabled": True},
        "resource_labels": SCORING,
        "deletion_protection": True,
        "lifecycle": {"ignore_changes": ["node_config", "initial_node_count"]},
    }


def _node_config(st, bp, labels_, key_output, **extra):
    return {"image_type": "COS_CONTAINERD", "disk_size_gb": 200,
            "boot_disk_kms_key": remote(bp, key_output), "service_account": st.ref(extra.pop("sa"), "email"),
            "oauth_scopes": ["https://www.googleapis.com/auth/cloud-platform"], "spot": False,
            "shielded_instance_config": SHIELDED, "workload_metadata_config": {"mode": "GKE_METADATA"},
            "kubelet_config": {"insecure_kubelet_readonly_port_enabled": "FALSE"},
            "metadata": {"disable-legacy-endpoints": "true"}, "resource_labels": labels_, **extra}


FRAUD_GKE_KEY = "google_kms_crypto_keyplinth_kms_gke-us-central1_2B3E1149id"


def test_cpu_and_gpu_pools(stack):
    st = stack("fraud-inference", "serving")
    common = {"project": "${var.project_id}", "location": "us-central1", "cluster": st.ref("scoring/cluster", "name"),
              "management": {"auto_repair": True, "auto_upgrade": True}}
    assert st.get("scoring/pool-system", "google_container_node_pool") == {
        **common, "name": "system",
        "autoscaling": {"total_min_node_count": 1, "total_max_node_count": 3, "location_policy": "BALANCED"},
        "node_config": _node_config(st, "fraud-inference", SCORING, FRAUD_GKE_KEY, sa="scoring/node-sa",
                                    machine_type="e2-standard-4")}
    assert st.get("scoring/pool-t4", "google_container_node_pool") == {
        **common, "name": "t4",
        "autoscaling": {"total_min_node_count": 0, "total_max_node_count": 10, "location_policy": "BALANCED"},
        "node_config": _node_config(
            st, "fraud-inference", SCORING, FRAUD_GKE_KEY, sa="scoring/node-sa", machine_type="n1-standard-8",
            guest_accelerator=[{"type": "nvidia-tesla-t4", "count": 1,
                                "gpu_driver_installation_config": {"gpu_driver_version": "LATEST"}}],
            gvnic={"enabled": True})}


def test_node_identity_is_dedicated_and_least_privilege(stack):
    st = stack("fraud-inference", "serving")
    assert st.get("scoring/node-sa", "google_service_account") == {
        "account_id": "fraud-inference-scoring-nodes", "project": "${var.project_id}",
        "display_name": "GKE nodes of fraud-inference/scoring",
        "description": "plinth: least-privilege node identity (logs, metrics, image pulls)"}
    member = "serviceAccount:" + st.ref("scoring/node-sa", "email")
    assert st.of_type("google_project_iam_member") == {"scoring/node-sa-role": {
        "project": "${var.project_id}", "role": "roles/container.defaultNodeServiceAccount", "member": member}}
    pulls = st.of_type("google_artifact_registry_repository_iam_member")
    assert sorted(pulls) == ["scoring/pull-registry-models-us-central1", "scoring/pull-registry-serving-us-central1"]
    assert all(p["role"] == "roles/artifactregistry.reader" and p["member"] == member for p in pulls.values())


def test_public_endpoint_is_visible(stack):
    cluster = stack("insecure", "training").get("exposed/cluster", "google_container_cluster")
    assert cluster["private_cluster_config"] == {"enable_private_nodes": True, "enable_private_endpoint": False,
                                                 "master_ipv4_cidr_block": "172.16.0.0/28"}
    assert cluster["master_authorized_networks_config"]["cidr_blocks"] == [
        {"cidr_block": "10.10.0.0/16", "display_name": "network open"},
        {"cidr_block": "0.0.0.0/0", "display_name": "internet (public_endpoint: true)"}]


def test_tpu_pools(stack):
    st = stack("tpu-train", "training")
    v5e = st.get("pretrain/pool-v5e", "google_container_node_pool")
    assert v5e["placement_policy"] == {"type": "COMPACT", "tpu_topology": "2x4"}
    assert v5e["node_locations"] == ["${element(data.google_compute_zones.plinth_zones_C7D82A60.names, 0)}"]
    assert v5e["autoscaling"] == {"total_min_node_count": 0, "total_max_node_count": 2, "location_policy": "ANY"}
    assert v5e["node_config"]["machine_type"] == "ct5lp-hightpu-4t"
    assert v5e["node_config"]["spot"] is True
    assert "guest_accelerator" not in v5e["node_config"] and "gvnic" not in v5e["node_config"]
    v6e = st.get("pretrain/pool-v6e", "google_container_node_pool")
    assert v6e["node_config"]["machine_type"] == "ct6e-standard-1t"
    assert "placement_policy" not in v6e and v6e["node_locations"] == v5e["node_locations"]
    cluster = st.get("pretrain/cluster", "google_container_cluster")
    assert cluster["project"] == "speech-ml-prod" and cluster["min_master_version"] == "1.32"
    assert cluster["addons_config"]["parallelstore_csi_driver_config"] == {"enabled": True}
    assert "DCGM" not in cluster["monitoring_config"]["enable_components"]
    assert cluster["node_locations"] == "${slice(data.google_compute_zones.plinth_zones_C7D82A60.names, 0, 3)}"


def test_taints(stack):
    system = stack("tpu-train", "training").get("pretrain/pool-system", "google_container_node_pool")
    assert system["node_config"]["taint"] == [{"key": "dedicated", "value": "system", "effect": "NO_SCHEDULE"}]


def test_gpudirect_pools_spot_reserved_and_placement(stack):
    st = stack("gpu-fabric", "training")
    h100 = st.get("llm/pool-h100", "google_container_node_pool")
    nc = h100["node_config"]
    assert nc["machine_type"] == "a3-highgpu-8g" and nc["disk_size_gb"] == 500 and nc["spot"] is False
    assert nc["guest_accelerator"] == [{"type": "nvidia-h100-80gb", "count": 8,
                                        "gpu_driver_installation_config": {"gpu_driver_version": "LATEST"}}]
    assert nc["reservation_affinity"] == {"consume_reservation_type": "SPECIFIC_RESERVATION",
                                          "key": "compute.googleapis.com/reservation-name", "values": ["h100-res-1"]}
    assert h100["placement_policy"] == {
        "type": "COMPACT", "policy_name": remote("gpu-fabric", "google_compute_resource_policyfabric_placement-llm-h100_B1BF012Aname")}
    nics = h100["network_config"]["additional_node_network_configs"]
    assert h100["network_config"]["enable_private_nodes"] is True
    assert len(nics) == 4 and nics[0] == {
        "network": remote("gpu-fabric", "google_compute_networkfabric_gpu0_network_8615200Dname"),
        "subnetwork": remote("gpu-fabric", "google_compute_subnetworkfabric_gpu0_subnet_E29FFFD7name")}
    h200 = st.get("llm/pool-h200", "google_container_node_pool")
    assert h200["node_config"]["machine_type"] == "a3-ultragpu-8g" and h200["node_config"]["spot"] is True
    assert h200["autoscaling"]["location_policy"] == "ANY"
    assert len(h200["network_config"]["additional_node_network_configs"]) == 8
    t4 = st.get("llm/pool-t4", "google_container_node_pool")  # placement: none on a fabric network
    assert "placement_policy" not in t4 and "network_config" not in t4 and "node_locations" not in t4
    cpu = st.get("llm/pool-cpu", "google_container_node_pool")  # placement: compact on a CPU pool
    assert cpu["placement_policy"]["type"] == "COMPACT" and "guest_accelerator" not in cpu["node_config"]
    cluster = st.get("llm/cluster", "google_container_cluster")
    assert cluster["enable_multi_networking"] is True and cluster["datapath_provider"] == "ADVANCED_DATAPATH"
    assert cluster["addons_config"]["lustre_csi_driver_config"] == {"enabled": True}
    assert "enable_multi_networking" not in stack("fraud-inference", "serving").get(
        "scoring/cluster", "google_container_cluster")


def test_workload_identity_reads_the_lake_and_writes_checkpoints(stack):
    st = stack("tpu-train", "training")
    assert st.get("pretrain/workload-sa", "google_service_account")["account_id"] == "tpu-train-pretrain-wl"
    grants = st.of_type("google_storage_bucket_iam_member")
    member = "serviceAccount:" + st.ref("pretrain/workload-sa", "email")
    assert {p.split("/")[-1]: b["role"] for p, b in grants.items()} == {
        f"corpus-{zone}-{role.split('.')[-1]}": role
        for zone in ("ckpt", "raw", "shards") for role in ("roles/storage.objectViewer", "roles/storage.objectUser")}
    assert all(b["member"] == member for b in grants.values())
    assert "scoring/workload-sa" not in stack("fraud-inference", "serving").paths()  # no lake, no workload identity
