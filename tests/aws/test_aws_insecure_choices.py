"""Each explicit insecure choice in a blueprint is honoured and visible in the output, never
"fixed" (tests/aws/blueprints/insecure.yaml; the secure counterparts are in imaging-training)."""

from __future__ import annotations

from aws_synth import strip

BP = "insecure-demo"
SECURE = "imaging-training"


def test_public_endpoint_is_open_and_says_so(aws):
    vpc = aws.one(BP, "aws_eks_cluster", "train/cluster")["vpc_config"]
    assert (vpc["endpoint_public_access"], vpc["public_access_cidrs"], vpc["endpoint_private_access"]) == (
        True, ["0.0.0.0/0"], True)
    assert "public_access_cidrs" not in aws.one(SECURE, "aws_eks_cluster", "train/cluster")["vpc_config"]


def test_public_access_turns_every_block_off(aws):
    block = strip(aws.one(BP, "aws_s3_bucket_public_access_block", "lake/raw/public-access-block"))
    assert {k: v for k, v in block.items() if k != "bucket"} == {
        "block_public_acls": False, "block_public_policy": False, "ignore_public_acls": False,
        "restrict_public_buckets": False}
    # the blueprint's own audit and log buckets stay blocked
    assert aws.one(BP, "aws_s3_bucket_public_access_block", "plinth/audit-bucket/public-access-block")[
        "block_public_acls"] is True


def test_versioning_false_is_suspended_and_the_lake_is_not_replicated(aws):
    versioning = aws.one(BP, "aws_s3_bucket_versioning", "lake/raw/versioning")
    assert versioning["versioning_configuration"] == {"status": "Suspended"}


def test_flow_logs_disabled_emits_no_flow_log(aws):
    assert aws.resources(BP, "aws_flow_log") == {}
    assert "net/flow-log-group" not in aws.resources(BP, "aws_cloudwatch_log_group")
    assert "net/flow-log-role" not in aws.resources(BP, "aws_iam_role")
    assert list(aws.resources(BP, "aws_vpc")) == ["net/vpc"]


def test_mutable_unscanned_registry(aws):
    repo = aws.one(BP, "aws_ecr_repository", "models/repo-serving")
    assert (repo["image_tag_mutability"], repo["image_scanning_configuration"]) == ("MUTABLE", {"scan_on_push": False})
    assert aws.resources(BP, "aws_sagemaker_model_package_group") == {}  # models: false


def test_network_isolation_false(aws):
    model = aws.one(BP, "aws_sagemaker_model", "serve/model")
    assert model["enable_network_isolation"] is False
    config = aws.one(BP, "aws_sagemaker_endpoint_configuration", "serve/config")
    assert "data_capture_config" not in config  # data_capture: {enabled: false}
    assert config["production_variants"][0]["instance_type"] == "ml.m5.xlarge"
    assert config["kms_key_arn"]  # EBS-backed instance: the endpoint key is set


def test_allow_ingress_rules_are_emitted_as_written_and_reach_the_nodes(aws):
    rules = {p: strip(r) for p, r in aws.resources(BP, "aws_vpc_security_group_ingress_rule").items()
             if p.startswith("net/ingress-")}
    sg = aws.expr(BP, 'aws_security_group', 'net/ingress-sg', 'id')
    assert rules == {f"net/ingress-0-{port}": {
        "security_group_id": sg, "ip_protocol": "tcp", "from_port": port, "to_port": port,
        "cidr_ipv4": "0.0.0.0/0", "description": "bastion from anywhere"} for port in (22, 443)}
    for template in aws.resources(BP, "aws_launch_template").values():
        groups = [aws.target(BP, g) for g in template["network_interfaces"][0]["security_groups"][1:]]
        assert aws.ref(BP, "aws_security_group", "net/ingress-sg", "id") in groups
    assert not [p for p in aws.resources(SECURE, "aws_security_group") if p.endswith("ingress-sg")]


def test_no_nat_means_no_public_subnets(aws):
    assert sorted(aws.resources(BP, "aws_subnet")) == ["net/private-a", "net/private-b"]
    assert aws.resources(BP, "aws_nat_gateway") == aws.resources(BP, "aws_internet_gateway") == {}


def test_backups_off_and_long_bake_are_kept_within_what_aws_allows(aws):
    assert aws.one(BP, "aws_fsx_lustre_file_system", "lake/cache")["automatic_backup_retention_days"] == 0
    routing = aws.one(BP, "aws_sagemaker_endpoint", "serve/endpoint")["deployment_config"][
        "blue_green_update_policy"]["traffic_routing_configuration"]
    assert (routing["canary_size"]["value"], routing["wait_interval_in_seconds"]) == (25, 3600)  # 120 min asked
