"""PLN_PRES_001: a control-plane audit trail exists.

aws    an `aws_cloudtrail` that is multi-region, validates log files and is not switched off;
gcp    a `google_project_iam_audit_config` for `allServices` logging ADMIN_READ, DATA_READ and
       DATA_WRITE with no exempted members;
azure  an `azurerm_monitor_diagnostic_setting` on the subscription (its Activity Log) sending the
       Administrative category (or the `audit`/`allLogs` group) somewhere.
"""

from __future__ import annotations

import re

from plinth.gate.presence.base import Context, PresenceCheck, PresenceResult, missing, ok
from plinth.gate.presence.tf import as_list, blocks, get, truthy
from plinth.gate.stacks import Resource, StackSet, expressions

GCP_LOG_TYPES = {"ADMIN_READ", "DATA_READ", "DATA_WRITE"}
_SUBSCRIPTION = re.compile(r"^/subscriptions/[^/]+/?$")


def _aws_problems(trail: Resource) -> list[str]:
    body = trail.body
    problems = []
    if truthy(body.get("is_multi_region_trail")) is not True:
        problems.append("is not multi-region (is_multi_region_trail)")
    if truthy(body.get("enable_log_file_validation")) is not True:
        problems.append("does not validate log files (enable_log_file_validation)")
    if truthy(body.get("enable_logging")) is False:
        problems.append("is switched off (enable_logging = false)")
    return problems


def _gcp_problems(config: Resource) -> list[str]:
    if config.body.get("service") != "allServices":
        return ["does not cover allServices"]
    logs = blocks(config.body, "audit_log_config")
    problems = []
    types = {get(log, "log_type") for log in logs}
    if not GCP_LOG_TYPES <= types:
        problems.append("does not log " + ", ".join(sorted(GCP_LOG_TYPES - types)))
    if any(as_list(log.get("exempted_members")) for log in logs):
        problems.append("exempts members from audit logging")
    return problems


def _targets_subscription(setting: Resource) -> bool:
    target = setting.body.get("target_resource_id")
    if isinstance(target, str) and _SUBSCRIPTION.match(target):
        return True
    return any(e.startswith("data.azurerm_subscription.") and e.endswith(".id")
               for e in expressions(target))


def _azure_problems(setting: Resource) -> list[str]:
    if not _targets_subscription(setting):
        return ["is not on the subscription's Activity Log"]
    logs = blocks(setting.body, "enabled_log")
    if not any(get(log, "category") == "Administrative" or get(log, "category_group") in ("audit", "allLogs")
               for log in logs):
        return ["does not send the Administrative category (or the audit/allLogs group)"]
    return []


class AuditTrail(PresenceCheck):
    id = "PLN_PRES_001"
    name = "A control-plane audit trail exists (multi-region, validated, all services)"
    clouds = ("aws", "gcp", "azure")

    _SHAPES = {
        "aws": ("aws_cloudtrail", _aws_problems, "no CloudTrail trail: API activity is not recorded"),
        "gcp": ("google_project_iam_audit_config", _gcp_problems,
                "no google_project_iam_audit_config for allServices: data access is not recorded"),
        "azure": ("azurerm_monitor_diagnostic_setting", _azure_problems,
                  "no diagnostic setting exports the subscription's Activity Log"),
    }

    def evaluate(self, stacks: StackSet, context: Context) -> list[PresenceResult]:
        rtype, problems_of, absent = self._SHAPES[stacks.cloud or ""]
        candidates = stacks.resources(rtype)
        for resource in candidates:
            if not problems_of(resource):
                return [ok(resource, f"{resource.address} records the control plane")]
        if not candidates:
            return [missing(None, absent)]
        first = candidates[0]
        return [missing(first, f"{first.address} " + "; ".join(problems_of(first)))]


CHECK = AuditTrail()
