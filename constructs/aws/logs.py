"""CloudWatch log groups: encrypted with the blueprint key, retained at least a year."""

from __future__ import annotations

from cdktf import TerraformProvider
from cdktf_cdktf_provider_aws.cloudwatch_log_group import CloudwatchLogGroup
from constructs import Construct

from plinth_constructs.aws.context import LOG_RETENTION_DAYS


def log_group(scope: Construct, cid: str, *, name: str, kms_key_arn: str, retention_days: int = LOG_RETENTION_DAYS,
              provider: TerraformProvider | None = None) -> CloudwatchLogGroup:
    return CloudwatchLogGroup(scope, cid, name=name, kms_key_id=kms_key_arn, retention_in_days=retention_days,
                              skip_destroy=False, provider=provider)
