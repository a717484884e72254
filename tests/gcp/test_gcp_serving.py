"""serving_endpoint: Vertex AI endpoints per region, resource pools, request-response logging."""

from __future__ import annotations

from gcp_synth import FRAUD_LABELS, labels

REMOTE = "${data.terraform_remote_state.cross-stack-reference-input-%s-foundation.outputs.cross-stack-output-%s}"
FRAUD = labels("fraud-inference", "fraud", "pci", **FRAUD_LABELS)
VERTEX_KEY = REMOTE % ("fraud-inference", "google_kms_crypto_keyplinth_kms_vertex-us-central1_DAB49BCFid")


def test_private_cmek_endpoint_with_rollout_labels(stack):
    st = stack("fraud-inference", "serving")
    assert st.get("fraud/us-central1/endpoint", "google_vertex_ai_endpoint") == {
        "name": "6345817807", "project": "${var.project_id}", "location": "us-central1", "region": "us-central1",
        "display_name": "fraud-inference-fraud", "description": "model fraud-xgb version 12 of blueprint fraud-inference",
        "labels": {**FRAUD, "canary-percent": "5", "bake-minutes": "10", "model": "fraud-xgb", "model-version": "12",
                   "serving-image": "serving"},
        "encryption_spec": {"kms_key_name": VERTEX_KEY},
        "network": "projects/${data.google_project.plinth_project_67A40CE2.number}/global/networks/"
                   + REMOTE % ("fraud-inference", "google_compute_networkvpc_network_A873BE34name"),
        "predict_request_response_logging_config": {
            "enabled": True, "sampling_rate": 0.1,
            "bigquery_destination": {"output_uri": "bq://${var.project_id}." + st.ref("fraud/us-central1/captures",
                                                                                    "dataset_id")}}}


def test_resource_pool_fixes_machine_and_autoscaling_bounds(stack):
    st = stack("fraud-inference", "serving")
    assert st.get("fraud/us-central1/pool", "google_vertex_ai_deployment_resource_pool") == {
        "name": "fraud-inference-fraud-us-central1", "project": "${var.project_id}", "region": "us-central1",
        "dedicated_resources": {
            "machine_spec": {"machine_type": "g2-standard-8", "accelerator_type": "NVIDIA_L4", "accelerator_count": 1},
            "min_replica_count": 2, "max_replica_count": 12,
            "autoscaling_metric_specs": [{"metric_name": "aiplatform.googleapis.com/prediction/online/accelerator/duty_cycle",
                                          "target": 60}]}}


def test_captures_go_to_a_cmek_bigquery_dataset(stack):
    st = stack("fraud-inference", "serving")
    assert st.get("fraud/us-central1/captures", "google_bigquery_dataset") == {
        "dataset_id": "fraud_inference_fraud_captures_us_central1", "project": "${var.project_id}",
        "location": "us-central1", "description": "request-response logs of endpoint fraud for drift monitoring",
        "default_encryption_configuration": {"kms_key_name": VERTEX_KEY},
        "delete_contents_on_destroy": False, "labels": FRAUD}


def test_one_endpoint_per_region_with_that_region_key(stack):
    st = stack("multi-serve", "serving")
    endpoints = st.of_type("google_vertex_ai_endpoint")
    assert sorted(endpoints) == ["classify/us-east4/endpoint", "rank/europe-west4/endpoint",
                                 "rank/us-central1/endpoint", "rank/us-east4/endpoint"]
    for path, body in endpoints.items():
        region = path.split("/")[1]
        assert body["location"] == body["region"] == region
        assert f"plinth_kms_vertex-{region}_" in body["encryption_spec"]["kms_key_name"]
    names = [b["name"] for b in endpoints.values()]
    assert len(set(names)) == 4 and all(n.isdigit() and len(n) == 10 and n[0] != "0" for n in names)
    rank = endpoints["rank/europe-west4/endpoint"]["labels"]
    assert (rank["canary-percent"], rank["bake-minutes"], rank["model-version"]) == ("20", "45", "2-1-0")
    pool = st.get("rank/us-east4/pool", "google_vertex_ai_deployment_resource_pool")["dedicated_resources"]
    assert pool["machine_spec"] == {"machine_type": "g2-standard-24", "accelerator_type": "NVIDIA_L4",
                                    "accelerator_count": 2}
    cpu = st.get("classify/us-east4/pool", "google_vertex_ai_deployment_resource_pool")["dedicated_resources"]
    assert cpu["machine_spec"] == {"machine_type": "n2-standard-8"}
    assert cpu["autoscaling_metric_specs"][0]["metric_name"] == "aiplatform.googleapis.com/prediction/online/cpu/utilization"


def test_endpoint_on_a_gke_cluster_has_no_vertex_resources(stack):
    assert not {p for p in stack("multi-serve", "serving").paths() if p.startswith("onk8s/")}


def test_public_endpoint_without_capture_is_visible(stack):
    st = stack("insecure", "serving")
    endpoint = st.get("pub/us-central1/endpoint", "google_vertex_ai_endpoint")
    assert "network" not in endpoint and endpoint["dedicated_endpoint_enabled"] is True
    assert "predict_request_response_logging_config" not in endpoint
    assert st.paths() == {"pub/us-central1/endpoint", "pub/us-central1/pool"}
