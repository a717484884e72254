"""`data_lake`: one secure bucket per zone, replication for DR, the FSx for Lustre cache."""

from __future__ import annotations

import json

from aws_synth import strip

BP = "imaging-training"
GLOBAL = "global-inference"
ZONES = ("raw", "curated", "checkpoints")


def test_one_bucket_per_zone(aws):
    buckets = {p: strip(b) for p, b in aws.resources(BP, "aws_s3_bucket").items() if p.startswith("lake/")}
    assert buckets == {f"lake/{z}{suffix}/bucket": {"bucket_prefix": f"imaging-training-lake-{z}-", "force_destroy": False}
                       for z in ZONES for suffix in ("", "-replica")}      # replicas: `replication_region: us-west-2`
    assert {aws.one(BP, "aws_s3_bucket", f"lake/{z}-replica/bucket")["provider"] for z in ZONES} == {"aws.us-west-2"}


def test_every_lake_bucket_is_secure_by_default(aws):
    key = aws.expr(BP, "aws_kms_key", "plinth/key", "arn")
    for zone in ZONES:
        bucket = aws.expr(BP, "aws_s3_bucket", f"lake/{zone}/bucket", "id")
        arn = aws.expr(BP, "aws_s3_bucket", f"lake/{zone}/bucket", "arn")
        assert strip(aws.one(BP, "aws_s3_bucket_server_side_encryption_configuration", f"lake/{zone}/encryption")) \
            == {"bucket": bucket, "rule": [{"apply_server_side_encryption_by_default": {
                "sse_algorithm": "aws:kms", "kms_master_key_id": key}, "bucket_key_enabled": True}]}
        assert strip(aws.one(BP, "aws_s3_bucket_versioning", f"lake/{zone}/versioning")) == {
            "bucket": bucket, "versioning_configuration": {"status": "Enabled"}}
        assert strip(aws.one(BP, "aws_s3_bucket_public_access_block", f"lake/{zone}/public-access-block")) == {
            "bucket": bucket, "block_public_acls": True, "block_public_policy": True, "ignore_public_acls": True,
            "restrict_public_buckets": True}
        assert strip(aws.one(BP, "aws_s3_bucket_ownership_controls", f"lake/{zone}/ownership")) == {
            "bucket": bucket, "rule": {"object_ownership": "BucketOwnerEnforced"}}
        policy = json.loads(aws.one(BP, "aws_s3_bucket_policy", f"lake/{zone}/policy")["policy"])
        assert policy["Statement"] == [{
            "Sid": "DenyInsecureTransport", "Effect": "Deny", "Principal": "*", "Action": "s3:*",
            "Resource": [arn, f"{arn}/*"], "Condition": {"Bool": {"aws:SecureTransport": "false"}}}]
        assert strip(aws.one(BP, "aws_s3_bucket_logging", f"lake/{zone}/logging")) == {
            "bucket": bucket, "target_bucket": aws.expr(BP, "aws_s3_bucket", "plinth/access-logs/bucket", "id"),
            "target_prefix": f"lake/{zone}/"}
        assert strip(aws.one(BP, "aws_s3_bucket_notification", f"lake/{zone}/events")) == {
            "bucket": bucket, "eventbridge": True}


def test_lifecycle_tiers(aws):
    rule = aws.one(BP, "aws_s3_bucket_lifecycle_configuration", "lake/raw/lifecycle")["rule"]
    assert rule == [{"id": "tiering", "status": "Enabled", "filter": [{"prefix": ""}],
                     "transition": [{"days": 30, "storage_class": "STANDARD_IA"},
                                    {"days": 180, "storage_class": "GLACIER_IR"}],
                     "noncurrent_version_expiration": [{"noncurrent_days": 90}],
                     "abort_incomplete_multipart_upload": [{"days_after_initiation": 7}]}]
    # archive at 45 days leaves no 30 days in STANDARD_IA: straight to GLACIER_IR; expiry set
    rule = aws.one("insecure-demo", "aws_s3_bucket_lifecycle_configuration", "lake/raw/lifecycle")["rule"]
    assert rule[0]["transition"] == [{"days": 45, "storage_class": "GLACIER_IR"}]
    assert rule[0]["expiration"] == [{"days": 400}]


def test_replication_to_the_dr_region_with_the_replica_key(aws):
    replicas = {p: b for p, b in aws.resources(GLOBAL, "aws_s3_bucket").items() if "-replica/" in p}
    assert sorted(replicas) == ["artifacts/captures-replica/bucket", "artifacts/models-replica/bucket"]
    assert {b["provider"] for b in replicas.values()} == {"aws.us-west-2"}
    replica_key = aws.expr(GLOBAL, "aws_kms_replica_key", "plinth/key-us-west-2", "arn")
    sse = aws.one(GLOBAL, "aws_s3_bucket_server_side_encryption_configuration", "artifacts/models-replica/encryption")
    assert sse["rule"][0]["apply_server_side_encryption_by_default"]["kms_master_key_id"] == replica_key
    config = aws.one(GLOBAL, "aws_s3_bucket_replication_configuration", "artifacts/models-replication")
    assert strip(config) == {
        "bucket": aws.expr(GLOBAL, "aws_s3_bucket", "artifacts/models/bucket", "id"),
        "role": aws.expr(GLOBAL, "aws_iam_role", "artifacts/replication-role", "arn"),
        "rule": [{"id": "disaster-recovery", "status": "Enabled", "filter": {"prefix": ""},
                  "delete_marker_replication": {"status": "Enabled"},
                  "source_selection_criteria": {"sse_kms_encrypted_objects": {"status": "Enabled"}},
                  "destination": {"bucket": aws.expr(GLOBAL, "aws_s3_bucket", "artifacts/models-replica/bucket", "arn"),
                                  "storage_class": "STANDARD",
                                  "encryption_configuration": {"replica_kms_key_id": replica_key}}}]}
    assert aws.address(GLOBAL, "aws_s3_bucket_versioning", "artifacts/models-replica/versioning") in config["depends_on"]


def test_regional_buckets_of_a_replicated_lake_replicate_into_the_lake_region(aws):
    """SageMaker captures in eu-west-1 land in a regional bucket there; it replicates into the lake's
    captures bucket in us-east-1, so that data is in two regions like the rest of the lake."""
    regional = "artifacts/captures-eu-west-1"
    config = aws.one(GLOBAL, "aws_s3_bucket_replication_configuration", f"{regional}-replication")
    key = aws.expr(GLOBAL, "aws_kms_key", "plinth/key", "arn")
    assert config["provider"] == "aws.eu-west-1"
    assert strip(config) == {
        "bucket": aws.expr(GLOBAL, "aws_s3_bucket", f"{regional}/bucket", "id"),
        "role": aws.expr(GLOBAL, "aws_iam_role", "artifacts/regional-replication-role", "arn"),
        "rule": [{"id": "to-the-lake-region", "status": "Enabled", "filter": {"prefix": ""},
                  "delete_marker_replication": {"status": "Enabled"},
                  "source_selection_criteria": {"sse_kms_encrypted_objects": {"status": "Enabled"}},
                  "destination": {"bucket": aws.expr(GLOBAL, "aws_s3_bucket", "artifacts/captures/bucket", "arn"),
                                  "storage_class": "STANDARD", "encryption_configuration": {"replica_kms_key_id": key}}}]}
    statements = json.loads(aws.one(GLOBAL, "aws_iam_role_policy", "artifacts/regional-replication-role-inline")[
        "policy"])["Statement"]
    source = aws.expr(GLOBAL, "aws_s3_bucket", f"{regional}/bucket", "arn")
    target = aws.expr(GLOBAL, "aws_s3_bucket", "artifacts/captures/bucket", "arn")
    assert [(s["Action"], s["Resource"], s.get("Condition")) for s in statements] == [
        (["s3:GetReplicationConfiguration", "s3:ListBucket"], [source], None),
        (["s3:GetObjectVersionAcl", "s3:GetObjectVersionForReplication", "s3:GetObjectVersionTagging"],
         [f"{source}/*"], None),
        (["s3:ReplicateDelete", "s3:ReplicateObject", "s3:ReplicateTags"], [f"{target}/*"], None),
        (["kms:Decrypt"], [aws.expr(GLOBAL, "aws_kms_replica_key", "plinth/key-eu-west-1", "arn")],
         {"StringEquals": {"kms:ViaService": "s3.eu-west-1.amazonaws.com"}}),
        (["kms:Encrypt", "kms:GenerateDataKey"], [key], {"StringEquals": {"kms:ViaService": "s3.us-east-1.amazonaws.com"}})]
    # a lake without replication_region leaves its regional buckets as they are (the blueprint's choice)
    assert not [p for p in aws.resources("insecure-demo", "aws_s3_bucket_replication_configuration")]


def test_lustre_cache_encrypted_backed_up_and_linked_to_the_first_zone(aws):
    fs = strip(aws.one(BP, "aws_fsx_lustre_file_system", "lake/cache"))
    assert fs == {
        "subnet_ids": [aws.expr(BP, "aws_subnet", "net/private-a", "id")],
        "security_group_ids": [aws.expr(BP, "aws_security_group", "lake/cache-sg", "id")],
        "deployment_type": "PERSISTENT_2", "storage_type": "SSD", "storage_capacity": 48000,  # 48 TiB = 20 × 2.4 TiB
        "per_unit_storage_throughput": 250, "kms_key_id": aws.expr(BP, "aws_kms_key", "plinth/key", "arn"),
        "file_system_type_version": "2.15", "data_compression_type": "LZ4", "metadata_configuration": {"mode": "AUTOMATIC"},
        "automatic_backup_retention_days": 7, "daily_automatic_backup_start_time": "03:00",
        "copy_tags_to_backups": True, "skip_final_backup": False, "weekly_maintenance_start_time": "7:04:00",
        "log_configuration": {"level": "WARN_ERROR",
                              "destination": aws.expr(BP, "aws_cloudwatch_log_group", "lake/cache-log-group", "arn")}}
    link = strip(aws.one(BP, "aws_fsx_data_repository_association", "lake/cache-link"))
    assert (link["file_system_path"], link["data_repository_path"]) == (
        "/raw", f"s3://{aws.expr(BP, 'aws_s3_bucket', 'lake/raw/bucket', 'id')}")
    rules = {p: (r["from_port"], r["to_port"], r["cidr_ipv4"])
             for p, r in aws.resources(BP, "aws_vpc_security_group_ingress_rule").items() if p.startswith("lake/")}
    assert rules == {"lake/cache-sg-in-988": (988, 988, "10.20.0.0/16"),
                     "lake/cache-sg-in-1018": (1018, 1023, "10.20.0.0/16")}


def test_lustre_capacity_rounds_to_valid_sizes():
    from plinth_constructs.aws.data_lake import lustre_capacity_gib

    assert [lustre_capacity_gib(t) for t in (1.2, 1.5, 2.4, 2.5, 48)] == [1200, 2400, 2400, 4800, 48000]
