"""`registry`: ECR repositories, scanning, replication with creation templates, model registry, MLflow."""

from __future__ import annotations

import json

from aws_synth import strip

BP = "imaging-training"
GLOBAL = "global-inference"


def test_repositories_are_immutable_scanned_and_kms_encrypted(aws):
    repos = {p: strip(r) for p, r in aws.resources(BP, "aws_ecr_repository").items()}
    key = aws.expr(BP, "aws_kms_key", "plinth/key", "arn")
    assert repos == {f"models/repo-{name}": {
        "name": f"imaging-training/{name}", "image_tag_mutability": "IMMUTABLE",
        "image_scanning_configuration": {"scan_on_push": True},
        "encryption_configuration": [{"encryption_type": "KMS", "kms_key": key}], "force_delete": False}
        for name in ("training", "serving")}
    policy = json.loads(aws.one(BP, "aws_ecr_lifecycle_policy", "models/repo-serving-lifecycle")["policy"])
    assert [r["selection"]["tagStatus"] for r in policy["rules"]] == ["untagged", "any"]


def test_enhanced_scanning_scoped_to_the_blueprint(aws):
    assert strip(aws.one(BP, "aws_ecr_registry_scanning_configuration", "models/scanning")) == {
        "scan_type": "ENHANCED", "rule": [{"scan_frequency": "CONTINUOUS_SCAN", "repository_filter": [
            {"filter": "imaging-training/*", "filter_type": "WILDCARD"}]}]}


def test_replication_to_serving_regions_with_encrypted_immutable_replicas(aws):
    config = strip(aws.one(GLOBAL, "aws_ecr_replication_configuration", "registry/replication"))
    account = "${data.aws_caller_identity.account.account_id}"
    assert config == {"replication_configuration": {"rule": [{
        "destination": [{"region": "us-west-2", "registry_id": account}, {"region": "eu-west-1", "registry_id": account}],
        "repository_filter": [{"filter": "global-inference/", "filter_type": "PREFIX_MATCH"}]}]}}
    templates = aws.resources(GLOBAL, "aws_ecr_repository_creation_template")
    assert sorted(templates) == ["registry/replica-template-eu-west-1", "registry/replica-template-us-west-2"]
    for region in ("eu-west-1", "us-west-2"):
        template = templates[f"registry/replica-template-{region}"]
        assert template["provider"] == f"aws.{region}"
        assert (template["prefix"], template["applied_for"], template["image_tag_mutability"]) == (
            "global-inference", ["REPLICATION"], "IMMUTABLE")
        assert template["encryption_configuration"] == [{"encryption_type": "KMS", "kms_key": aws.expr(
            GLOBAL, "aws_kms_replica_key", f"plinth/key-{region}", "arn")}]
        assert template["custom_role_arn"] == aws.expr(GLOBAL, "aws_iam_role", "registry/replica-creator-role", "arn")
        assert template["resource_tags"]["blueprint"] == "global-inference"
    assert aws.resources(BP, "aws_ecr_replication_configuration") == {}  # no serving regions


def test_model_package_group(aws):
    assert strip(aws.one(BP, "aws_sagemaker_model_package_group", "models/models")) == {
        "model_package_group_name": "imaging-training-models",
        "model_package_group_description": "Models of blueprint imaging-training"}


def test_mlflow_tracking_server_backed_by_the_lake(aws):
    server = strip(aws.one(BP, "aws_sagemaker_mlflow_tracking_server", "models/mlflow"))
    assert server == {
        "tracking_server_name": "imaging-training-models", "tracking_server_size": "Small",
        "artifact_store_uri": f"s3://{aws.expr(BP, 'aws_s3_bucket', 'lake/checkpoints/bucket', 'id')}/mlflow/models",
        "role_arn": aws.expr(BP, "aws_iam_role", "models/mlflow-role", "arn"),
        "automatic_model_registration": True, "weekly_maintenance_window_start": "Sun:04:00"}
    policy = json.loads(aws.one(BP, "aws_iam_role_policy", "models/mlflow-role-inline")["policy"])
    objects = next(s for s in policy["Statement"] if "s3:PutObject" in s["Action"])
    assert objects["Resource"] == [f"{aws.expr(BP, 'aws_s3_bucket', 'lake/checkpoints/bucket', 'arn')}/mlflow/models/*"]
    assert aws.resources(GLOBAL, "aws_sagemaker_mlflow_tracking_server") == {}
