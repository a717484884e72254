"""PLN_PRES_008: the bucket the CloudTrail trail writes to is versioned and has S3 Object Lock, so
audit logs cannot be changed or deleted (checkov's CKV_AWS_143 would demand Object Lock on every
bucket, data lakes included; this looks only at the audit bucket)."""

from __future__ import annotations

from plinth.gate.presence.base import Context, PresenceCheck, PresenceResult, missing, ok
from plinth.gate.presence.tf import blocks, get, truthy
from plinth.gate.stacks import Resource, StackSet


def _versioned(stacks: StackSet, bucket: Resource) -> bool:
    if truthy(get(bucket.body, "versioning", "enabled")) is True:
        return True
    return any(str(get(v.body, "versioning_configuration", "status")) == "Enabled"
               for v in stacks.referencing(bucket, ["aws_s3_bucket_versioning"], "bucket"))


def _locked(stacks: StackSet, bucket: Resource) -> bool:
    if truthy(bucket.body.get("object_lock_enabled")) is not True \
            and str(get(bucket.body, "object_lock_configuration", "object_lock_enabled")) != "Enabled":
        return False
    configs = stacks.referencing(bucket, ["aws_s3_bucket_object_lock_configuration"], "bucket")
    inline_rule = blocks(bucket.body.get("object_lock_configuration", {}), "rule") \
        if isinstance(bucket.body.get("object_lock_configuration"), dict) else []
    return bool(inline_rule) or any(blocks(c.body, "rule") for c in configs)


class AuditBucketProtected(PresenceCheck):
    id = "PLN_PRES_008"
    name = "The audit-trail bucket is versioned and locked (S3 Object Lock with a default retention)"
    clouds = ("aws",)

    def evaluate(self, stacks: StackSet, context: Context) -> list[PresenceResult]:
        out = []
        for trail in stacks.resources("aws_cloudtrail"):
            buckets = [b for b in stacks.resources("aws_s3_bucket") if trail.refers_to(b, "s3_bucket_name")]
            if not buckets:
                out.append(missing(trail, f"{trail.address} writes to a bucket outside the blueprint; "
                                          "its protection cannot be verified"))
            for bucket in buckets:
                problems = [p for p, good in (("not versioned", _versioned(stacks, bucket)),
                                              ("has no Object Lock default retention", _locked(stacks, bucket)))
                            if not good]
                if problems:
                    out.append(missing(bucket, f"{bucket.address} (audit trail bucket) " + " and ".join(problems)))
                else:
                    out.append(ok(bucket, f"{bucket.address} (audit trail bucket) is versioned and locked"))
        return out


CHECK = AuditBucketProtected()
