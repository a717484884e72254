"""Foundation (`plinth` in the foundation stack): APIs, KMS, audit trail, access-log bucket, budget."""

from __future__ import annotations

from gcp_synth import FRAUD_LABELS, labels

ENCRYPTER = "roles/cloudkms.cryptoKeyEncrypterDecrypter"
KEY_LABELS = labels("fraud-inference", "blueprint", "pci", **FRAUD_LABELS)


def _key(purpose: str, ring: str) -> dict:
    return {"name": purpose, "key_ring": ring, "purpose": "ENCRYPT_DECRYPT", "rotation_period": "7776000s",
            "labels": KEY_LABELS, "lifecycle": {"prevent_destroy": True}}


def test_key_ring_and_keys_per_purpose(stack):
    st = stack("fraud-inference", "foundation")
    ring = st.get("plinth/kms/ring-us-central1", "google_kms_key_ring")
    assert ring == {"name": "fraud-inference", "location": "us-central1", "project": "${var.project_id}",
                    "lifecycle": {"prevent_destroy": True}}
    ring_id = "${google_kms_key_ring.plinth_kms_ring-us-central1_A782D862.id}"
    keys = st.of_type("google_kms_crypto_key")
    assert sorted(keys) == [f"plinth/kms/{p}-us-central1" for p in ("artifacts", "gke", "logs", "storage", "vertex")]
    for path, body in keys.items():
        assert body == _key(path.split("/")[-1].split("-")[0], ring_id), path


def test_keys_granted_to_exactly_the_service_agents(stack):
    grants = stack("fraud-inference", "foundation").of_type("google_kms_crypto_key_iam_member")
    number = "${data.google_project.plinth_project_67A40CE2.number}"
    members = {p.split("/")[-1]: (b["role"], b["member"]) for p, b in grants.items()}
    assert members == {
        "artifacts-us-central1-artifactregistry":
            (ENCRYPTER, f"serviceAccount:service-{number}@gcp-sa-artifactregistry.iam.gserviceaccount.com"),
        "gke-us-central1-compute": (ENCRYPTER, f"serviceAccount:service-{number}@compute-system.iam.gserviceaccount.com"),
        "gke-us-central1-container":
            (ENCRYPTER, f"serviceAccount:service-{number}@container-engine-robot.iam.gserviceaccount.com"),
        "logs-us-central1-logging":
            (ENCRYPTER, "serviceAccount:${data.google_logging_project_cmek_settings.plinth_kms_logging-agent_3EA81691"
                        ".service_account_id}"),
        "storage-us-central1-storage":
            (ENCRYPTER, "serviceAccount:${data.google_storage_project_service_account.plinth_kms_storage-agent_45C93F67"
                        ".email_address}"),
        "vertex-us-central1-aiplatform":
            (ENCRYPTER, f"serviceAccount:service-{number}@gcp-sa-aiplatform.iam.gserviceaccount.com"),
        "vertex-us-central1-bigquery":
            (ENCRYPTER, "serviceAccount:${data.google_bigquery_default_service_account.plinth_kms_bigquery-agent_91935BD3"
                        ".email}"),
    }


def test_keys_follow_the_regions_that_use_them(stack):
    keys = stack("multi-serve", "foundation").of_type("google_kms_crypto_key")
    assert sorted(p.split("/")[-1] for p in keys) == [
        "artifacts-europe-west4", "artifacts-us-central1", "artifacts-us-east4", "files-us-central1", "gke-us-central1",
        "logs-us-central1", "storage-us", "storage-us-central1", "vertex-europe-west4", "vertex-us-central1",
        "vertex-us-east4"]
    rings = stack("multi-serve", "foundation").of_type("google_kms_key_ring")
    assert sorted(b["location"] for b in rings.values()) == ["europe-west4", "us", "us-central1", "us-east4"]


def test_audit_config_for_all_services(stack):
    audit = stack("fraud-inference", "foundation").get("plinth/audit/all-services", "google_project_iam_audit_config")
    assert audit == {"project": "${var.project_id}", "service": "allServices",
                     "audit_log_config": [{"log_type": "ADMIN_READ"}, {"log_type": "DATA_READ"}, {"log_type": "DATA_WRITE"}]}


def test_locked_audit_log_bucket_kept_a_year_with_cmek(stack):
    st = stack("fraud-inference", "foundation")
    bucket = st.get("plinth/audit/log-bucket", "google_logging_project_bucket_config")
    assert bucket == {
        "project": "${var.project_id}", "location": "us-central1", "bucket_id": "fraud-inference-audit",
        "description": "plinth audit trail of blueprint fraud-inference", "retention_days": 365, "locked": True,
        "cmek_settings": {"kms_key_name": "${google_kms_crypto_key.plinth_kms_logs-us-central1_DFCA16CE.id}"},
        "depends_on": ["google_kms_crypto_key_iam_member.plinth_kms_logs-us-central1-logging_E63B0A3F"]}
    assert st.get("plinth/audit/default-bucket", "google_logging_project_bucket_config") == {
        "project": "${var.project_id}", "location": "global", "bucket_id": "_Default", "retention_days": 365,
        "locked": True}
    sink = st.get("plinth/audit/sink", "google_logging_project_sink")
    assert sink == {
        "project": "${var.project_id}", "name": "fraud-inference-audit",
        "destination": "logging.googleapis.com/${google_logging_project_bucket_config.plinth_audit_log-bucket_A47180EB.id}",
        "filter": 'logName:"cloudaudit.googleapis.com"', "unique_writer_identity": True,
        "description": "Cloud Audit Logs (admin activity, data access, system, policy) into the locked bucket"}


def test_access_log_bucket(stack):
    st = stack("fraud-inference", "foundation")
    bucket = st.get("plinth/audit/access-logs", "google_storage_bucket")
    assert bucket == {
        "name": "fraud-inference-audit-logs", "location": "us-central1", "storage_class": "STANDARD",
        "encryption": {"default_kms_key_name": "${google_kms_crypto_key.plinth_kms_storage-us-central1_F0AEA762.id}"},
        "uniform_bucket_level_access": True, "public_access_prevention": "enforced", "versioning": {"enabled": True},
        "soft_delete_policy": {"retention_duration_seconds": 2592000}, "force_destroy": False,
        "lifecycle_rule": [{"action": {"type": "Delete"}, "condition": {"age": 400}},
                           {"action": {"type": "Delete"},
                            "condition": {"days_since_noncurrent_time": 30, "with_state": "ARCHIVED"}}],
        "labels": KEY_LABELS,
        "depends_on": ["google_kms_crypto_key_iam_member.plinth_kms_storage-us-central1-storage_6604F414"]}
    writer = st.get("plinth/audit/access-logs-writer", "google_storage_bucket_iam_member")
    assert writer == {"bucket": "${google_storage_bucket.plinth_audit_access-logs_39D38F45.name}",
                      "role": "roles/storage.objectCreator", "member": "group:cloud-storage-analytics@google.com"}


def test_key_plan_of_a_network_only_blueprint():
    """Only the audit log key exists when nothing else needs one (no lake: no storage key either)."""
    from plinth import construct_lib
    from plinth.model import Blueprint, Network

    construct_lib.install()
    from plinth_constructs.gcp import keys

    bp = Blueprint(name="net-only", cloud="gcp", region="us-central1", components=(Network("n", "10.0.0.0/16"),))
    assert keys.plan(bp) == {("logs", "us-central1"): {"logging"}}


def test_apis(stack):
    apis = stack("fraud-inference", "foundation").of_type("google_project_service")
    assert sorted(b["service"] for b in apis.values()) == [f"{a}.googleapis.com" for a in (
        "aiplatform", "artifactregistry", "bigquery", "billingbudgets", "binaryauthorization", "cloudkms",
        "cloudresourcemanager", "compute", "container", "containerscanning", "dns", "iam", "logging", "monitoring",
        "ondemandscanning", "servicenetworking", "storage")]
    assert all(b["disable_on_destroy"] is False and b["disable_dependent_services"] is False for b in apis.values())
    tpu = {b["service"] for b in stack("tpu-train", "foundation").of_type("google_project_service").values()}
    assert {"parallelstore.googleapis.com", "aiplatform.googleapis.com"} <= tpu
    assert "bigquery.googleapis.com" not in tpu


def test_budget(stack):
    st = stack("fraud-inference", "foundation")
    assert st.get("plinth/budget/email-0", "google_monitoring_notification_channel") == {
        "project": "${var.project_id}", "type": "email", "display_name": "fraud-inference budget alerts (risk-ml@example.com)",
        "labels": {"email_address": "risk-ml@example.com"}, "user_labels": KEY_LABELS}
    assert st.get("plinth/budget/budget", "google_billing_budget") == {
        "billing_account": "${var.billing_account}", "display_name": "fraud-inference-monthly",
        "amount": {"specified_amount": {"currency_code": "USD", "units": "40000"}},
        "budget_filter": {"projects": ["projects/${data.google_project.plinth_project_67A40CE2.number}"],
                          "calendar_period": "MONTH", "credit_types_treatment": "INCLUDE_ALL_CREDITS"},
        "threshold_rules": [{"threshold_percent": 0.5, "spend_basis": "CURRENT_SPEND"},
                            {"threshold_percent": 0.8, "spend_basis": "CURRENT_SPEND"},
                            {"threshold_percent": 1, "spend_basis": "CURRENT_SPEND"},
                            {"threshold_percent": 1, "spend_basis": "FORECASTED_SPEND"}],
        "all_updates_rule": {"monitoring_notification_channels": [
            "${google_monitoring_notification_channel.plinth_budget_email-0_65A34468.id}"],
            "disable_default_iam_recipients": False}}


def test_budget_thresholds_sorted_and_channels_capped(stack):
    st = stack("tpu-train", "foundation")
    budget = st.get("plinth/budget/budget", "google_billing_budget")
    assert budget["amount"]["specified_amount"]["units"] == "120000"
    assert [r["threshold_percent"] for r in budget["threshold_rules"]] == [0.25, 0.9, 1]
    assert len(budget["all_updates_rule"]["monitoring_notification_channels"]) == 5  # the Budget API maximum
    assert budget["budget_filter"]["projects"] == ["projects/${data.google_project.plinth_project_67A40CE2.number}"]
    assert "plinth/budget/budget" not in stack("insecure", "foundation").paths()
