"""registry: Artifact Registry Docker repositories, the model repository, replication, TensorBoard."""

from __future__ import annotations

from gcp_synth import FRAUD_LABELS, labels

CLEANUP = [{"id": "delete-untagged", "action": "DELETE",
            "condition": {"tag_state": "UNTAGGED", "older_than": "1209600s"}},
           {"id": "keep-recent", "action": "KEEP", "most_recent_versions": {"keep_count": 20}}]


def test_docker_repository_secure_defaults(stack):
    st = stack("fraud-inference", "foundation")
    assert st.get("registry/serving-us-central1", "google_artifact_registry_repository") == {
        "repository_id": "fraud-inference-registry-serving", "project": "${var.project_id}", "location": "us-central1",
        "format": "DOCKER", "mode": "STANDARD_REPOSITORY",
        "description": "container images `serving` of blueprint fraud-inference",
        "kms_key_name": st.ref("plinth/kms/artifacts-us-central1", "id"),
        "docker_config": {"immutable_tags": True},
        "vulnerability_scanning_config": {"enablement_config": "INHERITED"},
        "cleanup_policies": CLEANUP, "cleanup_policy_dry_run": False,
        "labels": labels("fraud-inference", "registry", "pci", **FRAUD_LABELS),
        "depends_on": [st.address("plinth/kms/artifacts-us-central1-artifactregistry")]}


def test_model_registry_repository(stack):
    st = stack("fraud-inference", "foundation")
    assert st.get("registry/models-us-central1", "google_artifact_registry_repository") == {
        "repository_id": "fraud-inference-registry-models", "project": "${var.project_id}", "location": "us-central1",
        "format": "GENERIC", "mode": "STANDARD_REPOSITORY",
        "description": "model artifacts (model registry) of blueprint fraud-inference",
        "kms_key_name": st.ref("plinth/kms/artifacts-us-central1", "id"),
        "labels": labels("fraud-inference", "registry", "pci", **FRAUD_LABELS),
        "depends_on": [st.address("plinth/kms/artifacts-us-central1-artifactregistry")]}


def test_replicated_to_every_serving_region_with_its_own_key(stack):
    st = stack("multi-serve", "foundation")
    repos = st.of_type("google_artifact_registry_repository")
    assert sorted(repos) == sorted(f"registry/{r}-{region}" for r in ("serving", "tools", "models")
                                   for region in ("us-central1", "us-east4", "europe-west4"))
    for path, body in repos.items():
        region = path.rsplit("-", 2)[-2] + "-" + path.rsplit("-", 1)[-1]
        assert body["location"] == region
        assert body["kms_key_name"] == st.ref(f"plinth/kms/artifacts-{region}", "id")


def test_insecure_choices_are_visible(stack):
    st = stack("insecure", "foundation")
    repo = st.get("reg/images-us-central1", "google_artifact_registry_repository")
    assert repo["docker_config"] == {"immutable_tags": False}
    assert repo["vulnerability_scanning_config"] == {"enablement_config": "DISABLED"}
    assert st.paths("google_artifact_registry_repository") == {"reg/images-us-central1"}  # models: false
    apis = {b["service"] for b in st.of_type("google_project_service").values()}
    assert "containerscanning.googleapis.com" not in apis


def test_experiment_tracking_tensorboard_with_cmek(stack):
    st = stack("tpu-train", "foundation")
    assert st.get("models/tensorboard", "google_vertex_ai_tensorboard") == {
        "display_name": "tpu-train-models", "project": "speech-ml-prod", "region": "us-central1",
        "description": "experiment tracking of blueprint tpu-train",
        "encryption_spec": {"kms_key_name": st.ref("plinth/kms/vertex-us-central1", "id")},
        "labels": labels("tpu-train", "models", "hipaa", team="speech", **{"gcp-project": "speech-ml-prod"}),
        "depends_on": [st.address("plinth/kms/vertex-us-central1-aiplatform")]}
    assert not stack("fraud-inference", "foundation").paths("google_vertex_ai_tensorboard")
