"""Blueprint-wide foundation (`plinth`): key, audit trail, audit and access-log buckets, budget."""

from __future__ import annotations

import json

from aws_synth import strip

BP = "imaging-training"
GLOBAL = "global-inference"


def _statements(body: dict) -> dict[str, dict]:
    return {s["Sid"]: s for s in json.loads(body["policy"])["Statement"]}


def test_one_key_per_blueprint_with_rotation(aws):
    assert list(aws.resources(BP, "aws_kms_key")) == ["plinth/key"]
    key = strip(aws.one(BP, "aws_kms_key", "plinth/key"))
    assert {k: v for k, v in key.items() if k != "policy"} == {
        "description": "plinth blueprint imaging-training: data, logs and secrets",
        "enable_key_rotation": True, "rotation_period_in_days": 365, "deletion_window_in_days": 30,
        "is_enabled": True, "multi_region": True}   # the lake replicates to us-west-2: the key has a replica there
    assert list(aws.resources(BP, "aws_kms_replica_key")) == ["plinth/key-us-west-2"]
    assert aws.one("min-demo", "aws_kms_key", "plinth/key")["multi_region"] is False   # one region
    assert strip(aws.one(BP, "aws_kms_alias", "plinth/key-alias")) == {
        "name": "alias/plinth/imaging-training", "target_key_id": aws.expr(BP, "aws_kms_key", "plinth/key", "key_id")}


def test_key_policy_is_explicit_and_never_open(aws):
    statements = _statements(aws.one(BP, "aws_kms_key", "plinth/key"))
    assert sorted(statements) == ["AccountAdministration", "BudgetAlerts", "CloudTrailDescribeAndNotify",
                                  "CloudTrailEncrypt", "CloudWatchLogs", "ServiceLinkedRolesGrants",
                                  "ServiceLinkedRolesUse"]
    assert statements["AccountAdministration"]["Principal"] == {
        "AWS": "arn:aws:iam::${data.aws_caller_identity.account.account_id}:root"}
    assert statements["CloudWatchLogs"]["Principal"] == {"Service": "logs.us-east-1.amazonaws.com"}
    for sid, statement in statements.items():
        if statement["Principal"] in ("*", {"AWS": "*"}):
            assert statement["Condition"]["StringEquals"]["kms:CallerAccount"], sid
            assert statement["Condition"]["ArnLike"]["aws:PrincipalArn"], sid
    trail_arn = "arn:aws:cloudtrail:us-east-1:${data.aws_caller_identity.account.account_id}:trail/imaging-training-audit"
    assert statements["CloudTrailEncrypt"]["Condition"]["StringEquals"] == {"aws:SourceArn": trail_arn}


def test_multi_region_blueprint_replicates_the_key(aws):
    assert aws.one(GLOBAL, "aws_kms_key", "plinth/key")["multi_region"] is True
    replicas = aws.resources(GLOBAL, "aws_kms_replica_key")
    assert sorted(replicas) == ["plinth/key-eu-west-1", "plinth/key-us-west-2"]
    for region in ("eu-west-1", "us-west-2"):
        replica = replicas[f"plinth/key-{region}"]
        assert replica["provider"] == f"aws.{region}"
        assert aws.target(GLOBAL, replica["primary_key_arn"]) == aws.ref(GLOBAL, "aws_kms_key", "plinth/key", "arn")
        assert _statements(replica)["CloudWatchLogs"]["Principal"] == {"Service": f"logs.{region}.amazonaws.com"}
    providers = {p.get("alias", ""): p["region"] for p in aws.stacks[GLOBAL]["foundation"]["provider"]["aws"]}
    assert providers == {"": "us-east-1", "eu-west-1": "eu-west-1", "us-west-2": "us-west-2"}


def test_multi_region_trail_with_validation_kms_logs_and_lake_data_events(aws):
    trail = aws.one(BP, "aws_cloudtrail", "plinth/trail")
    lake_arns = [aws.expr(BP, "aws_s3_bucket", f"lake/{zone}{suffix}/bucket", "arn") + "/"
                 for suffix in ("", "-replica") for zone in ("raw", "curated", "checkpoints")]
    log_arns = [aws.expr(BP, "aws_s3_bucket", f"plinth/access-logs{suffix}/bucket", "arn") + "/"
                for suffix in ("", "-us-west-2")]
    assert strip(trail) == {
        "name": "imaging-training-audit",
        "s3_bucket_name": aws.expr(BP, 'aws_s3_bucket', 'plinth/audit-bucket/bucket', 'id'),
        "is_multi_region_trail": True, "include_global_service_events": True, "enable_log_file_validation": True,
        "enable_logging": True, "kms_key_id": aws.expr(BP, "aws_kms_key", "plinth/key", "arn"),
        "cloud_watch_logs_group_arn":
            aws.expr(BP, "aws_cloudwatch_log_group", "plinth/trail-log-group", "arn") + ":*",
        "cloud_watch_logs_role_arn": aws.expr(BP, 'aws_iam_role', 'plinth/trail-role', 'arn'),
        "sns_topic_name": aws.expr(BP, 'aws_sns_topic', 'plinth/trail-topic', 'name'),
        "event_selector": [{"read_write_type": "All", "include_management_events": True,
                            "data_resource": [{"type": "AWS::S3::Object", "values": lake_arns}]},
                           # who read the access logs (their writes are log deliveries: no loop)
                           {"read_write_type": "ReadOnly", "include_management_events": False,
                            "data_resource": [{"type": "AWS::S3::Object", "values": log_arns}]}]}
    assert aws.address(BP, "aws_s3_bucket_policy", "plinth/audit-bucket/policy") in trail["depends_on"]


def test_audit_bucket_is_locked_encrypted_and_kept(aws):
    bucket = strip(aws.one(BP, "aws_s3_bucket", "plinth/audit-bucket/bucket"))
    assert bucket == {"bucket_prefix": "imaging-training-audit-logs-", "force_destroy": False,
                      "object_lock_enabled": True}
    assert strip(aws.one(BP, "aws_s3_bucket_object_lock_configuration", "plinth/audit-bucket/object-lock"))["rule"] \
        == {"default_retention": {"mode": "GOVERNANCE", "days": 365}}
    sse = aws.one(BP, "aws_s3_bucket_server_side_encryption_configuration", "plinth/audit-bucket/encryption")
    assert sse["rule"] == [{"apply_server_side_encryption_by_default": {
        "sse_algorithm": "aws:kms", "kms_master_key_id": aws.expr(BP, "aws_kms_key", "plinth/key", "arn")},
        "bucket_key_enabled": True}]
    rule = aws.one(BP, "aws_s3_bucket_lifecycle_configuration", "plinth/audit-bucket/lifecycle")["rule"]
    assert rule == [{"id": "audit-retention", "status": "Enabled", "filter": [{"prefix": ""}],
                     "transition": [{"days": 90, "storage_class": "GLACIER_IR"}],
                     "expiration": [{"days": 2557}], "noncurrent_version_expiration": [{"noncurrent_days": 2557}],
                     "abort_incomplete_multipart_upload": [{"days_after_initiation": 7}]}]
    statements = _statements(aws.one(BP, "aws_s3_bucket_policy", "plinth/audit-bucket/policy"))
    assert sorted(statements) == ["CloudTrailAclCheck", "CloudTrailWrite", "DenyInsecureTransport"]
    assert statements["CloudTrailWrite"]["Resource"].endswith(
        "/AWSLogs/${data.aws_caller_identity.account.account_id}/*")


def test_access_log_bucket_uses_sse_s3_because_s3_requires_it(aws):
    sse = aws.one(BP, "aws_s3_bucket_server_side_encryption_configuration", "plinth/access-logs/encryption")
    assert sse["rule"] == [{"apply_server_side_encryption_by_default": {"sse_algorithm": "AES256"},
                            "bucket_key_enabled": False}]
    statements = _statements(aws.one(BP, "aws_s3_bucket_policy", "plinth/access-logs/policy"))
    assert statements["S3ServerAccessLogs"]["Principal"] == {"Service": "logging.s3.amazonaws.com"}
    assert statements["S3ServerAccessLogs"]["Condition"]["ArnLike"] == {
        "aws:SourceArn": "arn:aws:s3:::imaging-training-*"}
    assert sorted(aws.resources(GLOBAL, "aws_s3_bucket_logging")) == [
        "artifacts/captures-eu-west-1/logging", "artifacts/captures-replica/logging", "artifacts/captures/logging",
        "artifacts/models-replica/logging", "artifacts/models/logging", "plinth/audit-bucket/logging"]
    eu = aws.one(GLOBAL, "aws_s3_bucket_logging", "artifacts/captures-eu-west-1/logging")
    assert aws.target(GLOBAL, eu["target_bucket"]) == aws.ref(
        GLOBAL, "aws_s3_bucket", "plinth/access-logs-eu-west-1/bucket", "id")


def test_every_log_group_is_encrypted_and_kept_a_year(aws):
    groups = {body["name"]: (body["retention_in_days"], aws.target(BP, body["kms_key_id"]))
              for body in aws.resources(BP, "aws_cloudwatch_log_group").values()}
    key = aws.ref(BP, "aws_kms_key", "plinth/key", "arn")
    assert groups == {name: (365, key) for name in (
        "/plinth/imaging-training/cloudtrail", "/plinth/imaging-training/net/flow-logs",
        "/aws/fsx/imaging-training-lake-cache", "/aws/eks/imaging-training-train/cluster",
        "/aws/sagemaker/Endpoints/imaging-training-serve")}


def test_budget_with_alerts_from_the_blueprint(aws):
    budget = strip(aws.one(BP, "aws_budgets_budget", "plinth/budget"))
    topic = aws.expr(BP, 'aws_sns_topic', 'plinth/budget-topic', 'arn')

    def alert(kind, pct):
        return {"comparison_operator": "GREATER_THAN", "notification_type": kind, "threshold": pct,
                "threshold_type": "PERCENTAGE", "subscriber_sns_topic_arns": [topic],
                "subscriber_email_addresses": ["ml-platform@example.com"]}

    assert budget == {"name": "imaging-training-monthly", "budget_type": "COST", "time_unit": "MONTHLY",
                      "limit_amount": "250000", "limit_unit": "USD",
                      "cost_filter": [{"name": "TagKeyValue", "values": ["user:blueprint$imaging-training"]}],
                      "notification": [alert("ACTUAL", 50), alert("ACTUAL", 80), alert("ACTUAL", 100),
                                       alert("FORECASTED", 100)]}
    assert aws.one(BP, "aws_sns_topic", "plinth/budget-topic")["kms_master_key_id"] == \
        aws.expr(BP, "aws_kms_key", "plinth/key", "arn")


def test_no_budget_without_one_in_the_blueprint(aws):
    assert aws.resources("min-demo", "aws_budgets_budget") == {}
    assert aws.resources("min-demo", "aws_cloudtrail") != {}
