"""One S3 bucket with everything a bucket in plinth carries.

Secure by default: SSE-KMS with the blueprint key and a bucket key, versioning, all four public
access blocks, BucketOwnerEnforced (no ACLs), a TLS-only bucket policy, access logging, lifecycle,
object events to EventBridge.
The blueprint's explicit insecure choices stay visible: `versioning=False` emits `Suspended`, and
`public_access=True` emits a public access block with every flag false.
"""

from __future__ import annotations

from typing import Any, Callable, Sequence

from cdktf import TerraformProvider
from cdktf_cdktf_provider_aws.s3_bucket import S3Bucket
from cdktf_cdktf_provider_aws.s3_bucket_lifecycle_configuration import (
    S3BucketLifecycleConfiguration,
    S3BucketLifecycleConfigurationRule,
    S3BucketLifecycleConfigurationRuleAbortIncompleteMultipartUpload,
    S3BucketLifecycleConfigurationRuleExpiration,
    S3BucketLifecycleConfigurationRuleFilter,
    S3BucketLifecycleConfigurationRuleNoncurrentVersionExpiration,
    S3BucketLifecycleConfigurationRuleTransition,
)
from cdktf_cdktf_provider_aws.s3_bucket_logging import S3BucketLoggingA
from cdktf_cdktf_provider_aws.s3_bucket_notification import S3BucketNotification
from cdktf_cdktf_provider_aws.s3_bucket_object_lock_configuration import S3BucketObjectLockConfigurationA
from cdktf_cdktf_provider_aws.s3_bucket_ownership_controls import S3BucketOwnershipControls
from cdktf_cdktf_provider_aws.s3_bucket_policy import S3BucketPolicy
from cdktf_cdktf_provider_aws.s3_bucket_public_access_block import S3BucketPublicAccessBlock
from cdktf_cdktf_provider_aws.s3_bucket_server_side_encryption_configuration import (
    S3BucketServerSideEncryptionConfigurationA,
    S3BucketServerSideEncryptionConfigurationRuleA,
)
from cdktf_cdktf_provider_aws.s3_bucket_versioning import S3BucketVersioningA
from constructs import Construct

from plinth_constructs.aws.context import policy

ABORT_MULTIPART_DAYS = 7
Statements = Callable[[str], Sequence[dict[str, Any]]]


def lifecycle_rule(rule_id: str, *, transitions: Sequence[tuple[int, str]] = (), expire_days: int | None = None,
                   noncurrent_days: int | None = None) -> S3BucketLifecycleConfigurationRule:
    """One whole-bucket lifecycle rule; incomplete multipart uploads are always cleaned up."""
    return S3BucketLifecycleConfigurationRule(
        id=rule_id, status="Enabled", filter=[S3BucketLifecycleConfigurationRuleFilter(prefix="")],
        transition=[S3BucketLifecycleConfigurationRuleTransition(days=d, storage_class=c) for d, c in transitions]
        or None,
        expiration=[S3BucketLifecycleConfigurationRuleExpiration(days=expire_days)] if expire_days else None,
        noncurrent_version_expiration=[S3BucketLifecycleConfigurationRuleNoncurrentVersionExpiration(
            noncurrent_days=noncurrent_days)] if noncurrent_days else None,
        abort_incomplete_multipart_upload=[S3BucketLifecycleConfigurationRuleAbortIncompleteMultipartUpload(
            days_after_initiation=ABORT_MULTIPART_DAYS)])


def deny_insecure_transport(bucket_arn: str) -> dict[str, Any]:
    return {"Sid": "DenyInsecureTransport", "Effect": "Deny", "Principal": "*", "Action": "s3:*",
            "Resource": [bucket_arn, f"{bucket_arn}/*"], "Condition": {"Bool": {"aws:SecureTransport": "false"}}}


class SecureBucket(Construct):
    """`kms_key_arn=None` means SSE-S3, for the only case S3 requires it: access-log targets."""

    def __init__(self, scope: Construct, cid: str, *, prefix: str, kms_key_arn: str | None,
                 lifecycle: Sequence[S3BucketLifecycleConfigurationRule], log_target: "SecureBucket | None" = None,
                 log_prefix: str = "", provider: TerraformProvider | None = None, versioning: bool = True,
                 public_access: bool = False, object_lock_days: int | None = None,
                 statements: Statements | None = None) -> None:
        super().__init__(scope, cid)
        self.bucket = S3Bucket(self, "bucket", bucket_prefix=prefix, force_destroy=False,
                               object_lock_enabled=True if object_lock_days else None, provider=provider)
        self.name = self.bucket.id
        self.arn = self.bucket.arn
        by_default = ({"sse_algorithm": "aws:kms", "kms_master_key_id": kms_key_arn} if kms_key_arn
                      else {"sse_algorithm": "AES256"})
        S3BucketServerSideEncryptionConfigurationA(
            self, "encryption", bucket=self.name,
            rule=[S3BucketServerSideEncryptionConfigurationRuleA(
                apply_server_side_encryption_by_default=by_default, bucket_key_enabled=bool(kms_key_arn))],
            provider=provider)
        self.versioning = S3BucketVersioningA(
            self, "versioning", bucket=self.name,
            versioning_configuration={"status": "Enabled" if versioning else "Suspended"}, provider=provider)
        flag = not public_access
        self.public_access_block = S3BucketPublicAccessBlock(
            self, "public-access-block", bucket=self.name, block_public_acls=flag, block_public_policy=flag,
            ignore_public_acls=flag, restrict_public_buckets=flag, provider=provider)
        S3BucketOwnershipControls(self, "ownership", bucket=self.name,
                                  rule={"object_ownership": "BucketOwnerEnforced"}, provider=provider)
        extra = list(statements(self.arn)) if statements else []
        self.policy = S3BucketPolicy(self, "policy", bucket=self.name,
                                     policy=policy(deny_insecure_transport(self.arn), *extra),
                                     depends_on=[self.public_access_block], provider=provider)
        if log_target is not None:
            S3BucketLoggingA(self, "logging", bucket=self.name, target_bucket=log_target.name,
                             target_prefix=log_prefix, provider=provider)
        S3BucketLifecycleConfiguration(self, "lifecycle", bucket=self.name, rule=list(lifecycle),
                                       depends_on=[self.versioning], provider=provider)
        # Object events to EventBridge (free until a rule consumes them): for monitoring and Macie.
        S3BucketNotification(self, "events", bucket=self.name, eventbridge=True, provider=provider)
        if object_lock_days:
            S3BucketObjectLockConfigurationA(
                self, "object-lock", bucket=self.name,
                rule={"default_retention": {"mode": "GOVERNANCE", "days": object_lock_days}},
                depends_on=[self.versioning], provider=provider)
