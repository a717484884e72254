"""PLN_PRES_003: logs are retained at least 365 days where they land.

aws    buckets that receive the audit trail or flow logs expire nothing sooner than 365 days
       (`aws_s3_bucket_lifecycle_configuration`); log groups are checked by CKV_AWS_338;
gcp    the `_Default` log bucket (which holds data-access logs, 30 days by default) is configured
       with `retention_days` ≥ 365;
azure  a Log Analytics workspace retaining ≥ 365 days exists to receive the logs.
"""

from __future__ import annotations

from plinth.gate.presence.base import Context, PresenceCheck, PresenceResult, missing, ok
from plinth.gate.presence.tf import blocks, get, number
from plinth.gate.stacks import Resource, StackSet

MIN_DAYS = 365


def _shortest_expiry(stacks: StackSet, bucket: Resource) -> int | None:
    days = []
    for lifecycle in stacks.referencing(bucket, ["aws_s3_bucket_lifecycle_configuration"], "bucket"):
        for rule in blocks(lifecycle.body, "rule"):
            if str(rule.get("status", "Enabled")) != "Enabled":
                continue
            for expiry in blocks(rule, "expiration") + blocks(rule, "noncurrent_version_expiration"):
                value = number(expiry.get("days", expiry.get("noncurrent_days")))
                if value is not None:
                    days.append(value)
    return min(days) if days else None


def _aws(stacks: StackSet) -> list[PresenceResult]:
    log_buckets = {}
    for bucket in stacks.resources("aws_s3_bucket"):
        trails = stacks.referencing(bucket, ["aws_cloudtrail"], "s3_bucket_name")
        flows = stacks.referencing(bucket, ["aws_flow_log"], "log_destination")
        if trails or flows:
            log_buckets[bucket.address] = bucket
    out = []
    for bucket in log_buckets.values():
        days = _shortest_expiry(stacks, bucket)
        if days is not None and days < MIN_DAYS:
            out.append(missing(bucket, f"{bucket.address} receives logs but expires them after {days} days"))
        else:
            out.append(ok(bucket, f"{bucket.address} keeps logs ≥ {MIN_DAYS} days"))
    return out


def _gcp(stacks: StackSet) -> list[PresenceResult]:
    for config in stacks.resources("google_logging_project_bucket_config"):
        if config.body.get("bucket_id") == "_Default":
            days = number(config.body.get("retention_days"))
            if days is not None and days >= MIN_DAYS:
                return [ok(config, f"{config.address} keeps the _Default log bucket {days} days")]
            return [missing(config, f"{config.address} keeps the _Default log bucket {days or 30} days")]
    return [missing(None, "the _Default log bucket is not configured: data-access logs are kept 30 days")]


def _azure(stacks: StackSet) -> list[PresenceResult]:
    workspaces = stacks.resources("azurerm_log_analytics_workspace")
    for ws in workspaces:
        days = number(get(ws.body, "retention_in_days"))
        if days is not None and days >= MIN_DAYS:
            return [ok(ws, f"{ws.address} retains logs {days} days")]
    if workspaces:
        return [missing(workspaces[0], f"no Log Analytics workspace retains logs ≥ {MIN_DAYS} days")]
    return [missing(None, "no Log Analytics workspace receives the logs")]


class LogRetention(PresenceCheck):
    id = "PLN_PRES_003"
    name = "Logs are retained at least 365 days where they land"
    clouds = ("aws", "gcp", "azure")

    def evaluate(self, stacks: StackSet, context: Context) -> list[PresenceResult]:
        return {"aws": _aws, "gcp": _gcp, "azure": _azure}[stacks.cloud or ""](stacks)


CHECK = LogRetention()
