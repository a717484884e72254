"""Every taggable resource carries the blueprint's labels plus plinth's inventory tags."""

from __future__ import annotations

# Resource types the AWS provider cannot tag. A new type must be added here on purpose, or tagged.
NOT_TAGGABLE = {
    "aws_appautoscaling_policy", "aws_autoscaling_schedule", "aws_ecr_lifecycle_policy",
    "aws_ecr_registry_scanning_configuration", "aws_ecr_replication_configuration",
    "aws_ecr_repository_creation_template", "aws_iam_role_policy", "aws_iam_role_policy_attachment",
    "aws_kms_alias", "aws_route", "aws_route_table_association", "aws_s3_bucket_lifecycle_configuration",
    "aws_s3_bucket_logging", "aws_s3_bucket_notification", "aws_s3_bucket_object_lock_configuration",
    "aws_s3_bucket_ownership_controls", "aws_s3_bucket_policy", "aws_s3_bucket_public_access_block",
    "aws_s3_bucket_replication_configuration", "aws_s3_bucket_server_side_encryption_configuration",
    "aws_s3_bucket_versioning", "aws_sns_topic_policy",
}

# Tags a resource may carry besides the standard ones.
OWN_TAGS = {"Name", "volume_encryption"}


def _expected(bp: str, component: str) -> dict[str, str]:
    return {
        "imaging-training": {"team": "ml-platform", "cost-center": "4711", "data-class": "phi", "compliance": "hipaa"},
        "global-inference": {"team": "search", "cost-center": "3100", "compliance": "pci"},
        "insecure-demo": {"team": "qa", "compliance": "hipaa_pci"},
        "min-demo": {"compliance": "none"},
    }[bp] | {"managed_by": "plinth", "blueprint": bp, "component": component}


def test_every_taggable_resource_is_tagged(aws):
    untagged, wrong = [], []
    for bp, role, rtype, body in aws.all_resources():
        path = body["//"]["metadata"]["path"].split("/")
        if rtype in NOT_TAGGABLE:
            assert "tags" not in body, (rtype, path)
            continue
        if "tags" not in body:
            untagged.append((bp, rtype, "/".join(path)))
            continue
        component = "blueprint" if path[1] == "plinth" else path[1]
        own = {k: v for k, v in body["tags"].items() if k in OWN_TAGS or k.startswith("kubernetes.io/")}
        if body["tags"] != _expected(bp, component) | own:
            wrong.append((bp, rtype, "/".join(path), body["tags"]))
    assert untagged == [] and wrong == []


def test_instances_volumes_and_interfaces_launched_by_node_groups_are_tagged(aws):
    template = aws.one("imaging-training", "aws_launch_template", "train/pool-h100-template")
    for spec in template["tag_specifications"]:
        assert spec["tags"] == _expected("imaging-training", "train") | {"Name": "imaging-training-train-h100"}


def test_ecr_replicas_are_tagged_through_the_creation_template(aws):
    template = aws.one("global-inference", "aws_ecr_repository_creation_template", "registry/replica-template-eu-west-1")
    assert template["resource_tags"] == _expected("global-inference", "registry")
