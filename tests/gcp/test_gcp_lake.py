"""data_lake: secure buckets per zone, lifecycle, dual-region, insecure options, cache tiers."""

from __future__ import annotations

from gcp_synth import FRAUD_LABELS, labels


def test_bucket_secure_defaults(stack):
    st = stack("fraud-inference", "foundation")
    grant = st.address("plinth/kms/storage-us-central1-storage")  # google_kms_crypto_key_iam_member.<id>
    assert st.get("features/bucket-captures", "google_storage_bucket") == {
        "name": "fraud-inference-features-captures", "location": "us-central1", "storage_class": "STANDARD",
        "encryption": {"default_kms_key_name": st.ref("plinth/kms/storage-us-central1", "id")},
        "uniform_bucket_level_access": True, "public_access_prevention": "enforced",
        "versioning": {"enabled": True}, "soft_delete_policy": {"retention_duration_seconds": 2592000},
        "logging": {"log_bucket": st.ref("plinth/audit/access-logs", "name"),
                    "log_object_prefix": "fraud-inference-features-captures"},
        "lifecycle_rule": [
            {"action": {"type": "SetStorageClass", "storage_class": "NEARLINE"},
             "condition": {"age": 30, "matches_storage_class": ["STANDARD"]}},
            {"action": {"type": "SetStorageClass", "storage_class": "ARCHIVE"},
             "condition": {"age": 180, "matches_storage_class": ["STANDARD", "NEARLINE"]}},
            {"action": {"type": "AbortIncompleteMultipartUpload"}, "condition": {"age": 7}},
            {"action": {"type": "Delete"}, "condition": {"days_since_noncurrent_time": 90, "with_state": "ARCHIVED"}}],
        "force_destroy": False,
        "labels": labels("fraud-inference", "features", "pci", **FRAUD_LABELS),
        "depends_on": [grant]}
    assert st.paths("google_storage_bucket") == {"features/bucket-captures", "features/bucket-features",
                                                 "plinth/audit/access-logs"}


def test_lifecycle_from_the_blueprint(stack):
    bucket = stack("tpu-train", "foundation").get("corpus/bucket-raw", "google_storage_bucket")
    rules = bucket["lifecycle_rule"]
    assert rules[0]["condition"]["age"] == 60 and rules[1]["condition"]["age"] == 365
    assert rules[-1] == {"action": {"type": "Delete"}, "condition": {"age": 1095}}


def test_insecure_choices_are_visible(stack):
    bucket = stack("insecure", "foundation").get("lake/bucket-public", "google_storage_bucket")
    assert bucket["public_access_prevention"] == "inherited"
    assert bucket["versioning"] == {"enabled": False}
    assert all(r["action"]["type"] != "Delete" or "days_since_noncurrent_time" not in r["condition"]
               for r in bucket["lifecycle_rule"])  # no noncurrent rule without versioning
    # still encrypted and uniform: turning off one control does not turn off the others
    assert bucket["uniform_bucket_level_access"] is True and "default_kms_key_name" in bucket["encryption"]


def test_dual_region_lake_uses_a_multi_region_key(stack):
    st = stack("multi-serve", "foundation")
    bucket = st.get("artifacts/bucket-models", "google_storage_bucket")
    assert bucket["location"] == "US"
    assert bucket["custom_placement_config"] == {"data_locations": ["US-CENTRAL1", "US-EAST1"]}
    assert bucket["rpo"] == "ASYNC_TURBO"
    assert bucket["encryption"] == {"default_kms_key_name": st.ref("plinth/kms/storage-us", "id")}


def test_filestore_cache_with_cmek(stack):
    st = stack("multi-serve", "foundation")
    fs = st.get("artifacts/cache", "google_filestore_instance")
    assert fs == {
        "name": "multi-serve-artifacts-cache", "project": "${var.project_id}",
        "location": "${element(data.google_compute_zones.plinth_zones_C7D82A60.names, 0)}", "tier": "ZONAL",
        "description": "cache tier of data lake artifacts", "kms_key_name": st.ref("plinth/kms/files-us-central1", "id"),
        "file_shares": {"name": "cache", "capacity_gb": 2560,
                        "nfs_export_options": [{"ip_ranges": ["10.90.0.0/20", "100.64.0.0/15"],
                                                "access_mode": "READ_WRITE", "squash_mode": "ROOT_SQUASH"}]},
        "networks": [{"network": st.ref("net/network", "name"), "modes": ["MODE_IPV4"],
                      "connect_mode": "PRIVATE_SERVICE_ACCESS"}],
        "deletion_protection_enabled": True, "deletion_protection_reason": "plinth: cache tier of a data lake",
        "labels": labels("multi-serve", "artifacts", "pci"),
        "depends_on": [st.address("net/private-services"),
                       st.address("plinth/kms/files-us-central1-filestore")]}


def test_parallelstore_cache(stack):
    st = stack("tpu-train", "foundation")
    ps = st.get("corpus/cache", "google_parallelstore_instance")
    assert ps == {
        "instance_id": "tpu-train-corpus-cache", "project": "speech-ml-prod",
        "location": "${element(data.google_compute_zones.plinth_zones_C7D82A60.names, 0)}",
        "capacity_gib": "24000", "deployment_type": "PERSISTENT", "network": st.ref("net/network", "id"),
        "reserved_ip_range": st.ref("net/private-services-range", "name"),
        "description": "cache tier of data lake corpus", "labels": labels("tpu-train", "corpus", "hipaa", team="speech",
                                                                          **{"gcp-project": "speech-ml-prod"}),
        "depends_on": [st.address("net/private-services")]}


def test_lustre_cache(stack):
    st = stack("gpu-fabric", "foundation")
    lustre = st.get("data/cache", "google_lustre_instance")
    assert {k: lustre[k] for k in ("instance_id", "capacity_gib", "per_unit_storage_throughput", "filesystem",
                                   "gke_support_enabled", "network")} == {
        "instance_id": "gpu-fabric-data-cache", "capacity_gib": "45000", "per_unit_storage_throughput": "500",
        "filesystem": "datalake", "gke_support_enabled": True, "network": st.ref("fabric/network", "id")}


def test_cache_sizes_round_up_to_what_each_service_accepts():
    from plinth import construct_lib

    construct_lib.install()
    from plinth_constructs.gcp import lake

    assert lake.filestore_capacity_gib(1.2) == 1280
    assert lake.filestore_capacity_gib(9.75) == 9984
    assert lake.filestore_capacity_gib(12) == 12800
    assert lake.parallelstore_capacity_gib(1.2) == 12000
    assert lake.parallelstore_capacity_gib(500) == 100000
    assert lake.lustre_capacity_gib(17.5) == 18000
    assert lake.lustre_capacity_gib(1000) == 954000
