"""`serving_endpoint`: isolated model in the VPC, encrypted config with data capture, canary
rollout with automatic rollback, autoscaling; one per region."""

from __future__ import annotations

from aws_synth import strip

BP = "imaging-training"
GLOBAL = "global-inference"


def test_model_is_network_isolated_in_the_private_subnets(aws):
    model = strip(aws.one(BP, "aws_sagemaker_model", "serve/model"))
    assert model["enable_network_isolation"] is True
    assert [aws.target(BP, s) for s in model["vpc_config"]["subnets"]] == [
        aws.ref(BP, "aws_subnet", f"net/private-{z}", "id") for z in "abc"]
    assert model["vpc_config"]["security_group_ids"] == [aws.expr(BP, "aws_security_group", "serve/model-sg", "id")]
    assert model["primary_container"]["image"].endswith(":3")
    assert aws.target(BP, model["primary_container"]["image"][:-2]) == aws.ref(
        BP, "aws_ecr_repository", "models/repo-serving", "repository_url")
    assert model["execution_role_arn"] == aws.expr(BP, "aws_iam_role", "serve/execution-role", "arn")
    egress = strip(aws.one(BP, "aws_vpc_security_group_egress_rule", "serve/model-sg-https"))
    assert (egress["ip_protocol"], egress["from_port"], egress["to_port"], egress["cidr_ipv4"]) == (
        "tcp", 443, 443, "10.20.0.0/16")
    assert not [p for p in aws.resources(BP, "aws_vpc_security_group_ingress_rule") if p.startswith("serve/")]


def test_endpoint_config_kms_and_data_capture(aws):
    config = strip(aws.one(GLOBAL, "aws_sagemaker_endpoint_configuration", "embed/config"))
    key = aws.ref(GLOBAL, "aws_kms_key", "plinth/key", "arn")
    assert aws.target(GLOBAL, config["kms_key_arn"]) == key
    assert config["production_variants"] == [{
        "variant_name": "AllTraffic", "model_name": aws.expr(GLOBAL, "aws_sagemaker_model", "embed/model", "name"),
        "instance_type": "ml.inf2.xlarge", "initial_instance_count": 2, "initial_variant_weight": 1}]
    capture = dict(config["data_capture_config"])
    assert aws.target(GLOBAL, capture.pop("kms_key_id")) == key
    bucket = aws.ref(GLOBAL, "aws_s3_bucket", "artifacts/captures/bucket", "id")
    uri = capture.pop("destination_s3_uri")
    assert uri.startswith("s3://") and uri.endswith("/datacapture/embed/us-east-1")
    assert aws.target(GLOBAL, uri[len("s3://"):-len("/datacapture/embed/us-east-1")]) == bucket
    assert capture == {"enable_capture": True, "initial_sampling_percentage": 20,
                       "capture_options": [{"capture_mode": "Input"}, {"capture_mode": "Output"}]}


def test_instance_store_types_take_no_endpoint_key_and_say_why(aws):
    config = aws.one(BP, "aws_sagemaker_endpoint_configuration", "serve/config")
    assert config["production_variants"][0]["instance_type"] == "ml.g6.xlarge"
    assert "kms_key_arn" not in config
    assert config["tags"]["volume_encryption"] == "instance-store-hardware"
    assert config["data_capture_config"]["kms_key_id"]  # captured data is still encrypted with the key


def test_instance_store_families():
    from plinth_constructs.aws.serving_endpoint import has_instance_store

    assert [t for t in ("ml.g6.xlarge", "ml.g5.2xlarge", "ml.g4dn.xlarge", "ml.p4d.24xlarge", "ml.p5.48xlarge",
                        "ml.m5d.large", "ml.inf2.xlarge", "ml.m5.xlarge", "ml.c5n.large", "ml.g6e.xlarge")
            if has_instance_store(t)] == ["ml.g6.xlarge", "ml.g5.2xlarge", "ml.g4dn.xlarge", "ml.p4d.24xlarge",
                                          "ml.p5.48xlarge", "ml.m5d.large", "ml.g6e.xlarge"]


def test_canary_rollout_with_automatic_rollback(aws):
    endpoint = strip(aws.one(BP, "aws_sagemaker_endpoint", "serve/endpoint"))
    assert endpoint == {
        "name": "imaging-training-serve",
        "endpoint_config_name": aws.expr(BP, "aws_sagemaker_endpoint_configuration", "serve/config", "name"),
        "deployment_config": {
            "blue_green_update_policy": {
                "traffic_routing_configuration": {"type": "CANARY", "wait_interval_in_seconds": 1800,
                                                  "canary_size": {"type": "CAPACITY_PERCENT", "value": 10}},
                "termination_wait_in_seconds": 600, "maximum_execution_timeout_in_seconds": 4200},
            "auto_rollback_configuration": {"alarms": [
                {"alarm_name": aws.expr(BP, "aws_cloudwatch_metric_alarm", "serve/errors-alarm", "alarm_name")}]}}}
    alarm = strip(aws.one(BP, "aws_cloudwatch_metric_alarm", "serve/errors-alarm"))
    assert (alarm["metric_name"], alarm["dimensions"]) == (
        "Invocation5XXErrors", {"EndpointName": "imaging-training-serve", "VariantName": "AllTraffic"})


def test_autoscaling_between_min_and_max_replicas(aws):
    target = strip(aws.one(BP, "aws_appautoscaling_target", "serve/scaling-target"))
    assert target == {"service_namespace": "sagemaker", "scalable_dimension": "sagemaker:variant:DesiredInstanceCount",
                      "resource_id": f"endpoint/{aws.expr(BP, 'aws_sagemaker_endpoint', 'serve/endpoint', 'name')}"
                                     "/variant/AllTraffic",
                      "min_capacity": 1, "max_capacity": 8}
    policy = strip(aws.one(BP, "aws_appautoscaling_policy", "serve/scaling-policy"))
    assert policy["policy_type"] == "TargetTrackingScaling"
    assert policy["target_tracking_scaling_policy_configuration"] == {
        "target_value": 70, "scale_in_cooldown": 300, "scale_out_cooldown": 60,
        "predefined_metric_specification": {"predefined_metric_type": "SageMakerVariantInvocationsPerInstance"}}


def test_one_endpoint_per_region_with_regional_key_network_image_and_capture(aws):
    endpoints = aws.resources(GLOBAL, "aws_sagemaker_endpoint")
    assert sorted(endpoints) == ["embed/endpoint", "embed/eu-west-1/endpoint", "embed/us-west-2/endpoint"]
    for region in ("eu-west-1", "us-west-2"):
        assert endpoints[f"embed/{region}/endpoint"]["provider"] == f"aws.{region}"
        config = aws.one(GLOBAL, "aws_sagemaker_endpoint_configuration", f"embed/{region}/config")
        assert aws.target(GLOBAL, config["kms_key_arn"]) == aws.ref(
            GLOBAL, "aws_kms_replica_key", f"plinth/key-{region}", "arn")
        model = aws.one(GLOBAL, "aws_sagemaker_model", f"embed/{region}/model")
        assert model["primary_container"]["image"] == (
            f"${{data.aws_caller_identity.account.account_id}}.dkr.ecr.{region}.amazonaws.com/global-inference/serving:7")
        assert [aws.target(GLOBAL, s) for s in model["vpc_config"]["subnets"]] == [
            aws.ref(GLOBAL, "aws_subnet", f"net/{region}/private-{z}", "id") for z in "ab"]
    # us-west-2 captures into the lake's DR replica; eu-west-1 gets a regional capture bucket
    for region, bucket in (("us-west-2", "captures-replica"), ("eu-west-1", "captures-eu-west-1")):
        uri = aws.one(GLOBAL, "aws_sagemaker_endpoint_configuration", f"embed/{region}/config")[
            "data_capture_config"]["destination_s3_uri"]
        suffix = f"/datacapture/embed/{region}"
        assert uri.endswith(suffix)
        assert aws.target(GLOBAL, uri[len("s3://"):-len(suffix)]) == aws.ref(
            GLOBAL, "aws_s3_bucket", f"artifacts/{bucket}/bucket", "id")
    assert len(aws.resources(GLOBAL, "aws_iam_role", "serving")) == 1  # one execution role (IAM is global)
