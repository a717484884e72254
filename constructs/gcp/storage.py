"""A Cloud Storage bucket with plinth's secure defaults, shared by the data lake and the log bucket."""

from __future__ import annotations

from typing import Any, Sequence

from cdktf_cdktf_provider_google.storage_bucket import (
    StorageBucket,
    StorageBucketCustomPlacementConfig,
    StorageBucketEncryption,
    StorageBucketLifecycleRule,
    StorageBucketLifecycleRuleAction,
    StorageBucketLifecycleRuleCondition,
    StorageBucketLogging,
    StorageBucketSoftDeletePolicy,
    StorageBucketVersioning,
)
from constructs import Construct

from . import _base


def rule(action: str, *, storage_class: str | None = None, **condition: Any) -> StorageBucketLifecycleRule:
    return StorageBucketLifecycleRule(
        action=StorageBucketLifecycleRuleAction(type=action, storage_class=storage_class),
        condition=StorageBucketLifecycleRuleCondition(**condition))


def bucket(scope: Construct, cid: str, *, name: str, location: str, kms_key: str, labels: dict[str, str],
           versioning: bool = True, public_access: bool = False, log_bucket: str | None = None,
           lifecycle: Sequence[StorageBucketLifecycleRule] = (), data_locations: Sequence[str] = (),
           depends_on: Sequence[Any] = ()) -> StorageBucket:
    """CMEK by default, uniform access, public access prevention enforced (unless `public_access`),
    versioning (unless turned off), 30-day soft delete, access logs to `log_bucket`, never force-destroyed."""
    return StorageBucket(
        scope, cid, name=name, location=location, storage_class="STANDARD",
        encryption=StorageBucketEncryption(default_kms_key_name=kms_key),
        uniform_bucket_level_access=True,
        public_access_prevention="inherited" if public_access else "enforced",
        versioning=StorageBucketVersioning(enabled=versioning),
        soft_delete_policy=StorageBucketSoftDeletePolicy(retention_duration_seconds=_base.SOFT_DELETE_SECONDS),
        logging=StorageBucketLogging(log_bucket=log_bucket, log_object_prefix=name) if log_bucket else None,
        lifecycle_rule=list(lifecycle) or None,
        custom_placement_config=StorageBucketCustomPlacementConfig(data_locations=list(data_locations)) if data_locations else None,
        rpo="ASYNC_TURBO" if data_locations else None,
        force_destroy=False,
        labels=labels,
        depends_on=list(depends_on) or None,
    )
