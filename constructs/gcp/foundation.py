"""Blueprint-wide foundation (construct `plinth` in the foundation stack): APIs, keys, the audit
trail (audit config for all services, a locked log bucket kept ≥ 365 days, a sink into it), the
bucket that receives Cloud Storage access logs, and the budget with its alerts."""

from __future__ import annotations

from cdktf_cdktf_provider_google.billing_budget import (
    BillingBudget,
    BillingBudgetAllUpdatesRule,
    BillingBudgetAmount,
    BillingBudgetAmountSpecifiedAmount,
    BillingBudgetBudgetFilter,
    BillingBudgetThresholdRules,
)
from cdktf_cdktf_provider_google.logging_project_bucket_config import (
    LoggingProjectBucketConfig,
    LoggingProjectBucketConfigCmekSettings,
)
from cdktf_cdktf_provider_google.logging_project_sink import LoggingProjectSink
from cdktf_cdktf_provider_google.monitoring_notification_channel import MonitoringNotificationChannel
from cdktf_cdktf_provider_google.project_iam_audit_config import ProjectIamAuditConfig, ProjectIamAuditConfigAuditLogConfig
from cdktf_cdktf_provider_google.project_service import ProjectService
from cdktf_cdktf_provider_google.storage_bucket_iam_member import StorageBucketIamMember
from constructs import Construct

from plinth import naming
from plinth.model import AcceleratorCluster, DataLake, Network, Registry
from . import _base, keys, storage
from ._base import Context, Site

AUDIT_LOG_FILTER = 'logName:"cloudaudit.googleapis.com"'
# Cloud Storage writes usage (access) logs as this group; it needs objectCreator on the log bucket.
STORAGE_ANALYTICS = "group:cloud-storage-analytics@google.com"
MAX_BUDGET_CHANNELS = 5  # the Budget API accepts at most five notification channels


def apis(ctx: Context) -> list[str]:
    """The Google APIs the blueprint's resources need."""
    bp = ctx.bp
    out = {"cloudkms", "logging", "monitoring", "storage", "iam", "cloudresourcemanager"}
    if bp.of_kind(Network):
        out |= {"compute", "dns"}
    if bp.of_kind(AcceleratorCluster):
        out |= {"container", "compute", "binaryauthorization"}
    for reg in bp.of_kind(Registry):
        out.add("artifactregistry")
        if reg.scan_on_push:
            out |= {"containerscanning", "ondemandscanning"}
        if reg.experiment_tracking:
            out.add("aiplatform")
    for lake in bp.of_kind(DataLake):
        if lake.cache:
            out |= {"servicenetworking", {"filestore": "file", "parallelstore": "parallelstore",
                                          "lustre": "lustre"}[lake.cache.kind]}
    endpoints = _base.managed_endpoints(bp)
    if endpoints:
        out |= {"aiplatform", "servicenetworking"}
        if any(e.data_capture for e in endpoints):
            out.add("bigquery")
    if bp.budget:
        out.add("billingbudgets")
    return sorted(out)


def build(ctx: Context) -> None:
    bp = ctx.bp
    site = ctx.site(ctx.stacks.foundation)
    scope = site.scope
    labels = _base.labels(bp, "blueprint")

    services = Construct(scope, "apis")
    for api in apis(ctx):
        ProjectService(services, api, project=site.project, service=f"{api}.googleapis.com",
                       disable_on_destroy=False, disable_dependent_services=False)

    keys.build(ctx, site)

    audit = Construct(scope, "audit")
    ProjectIamAuditConfig(audit, "all-services", project=site.project, service="allServices",
                          audit_log_config=[ProjectIamAuditConfigAuditLogConfig(log_type=t)
                                            for t in ("ADMIN_READ", "DATA_READ", "DATA_WRITE")])
    log_bucket = LoggingProjectBucketConfig(
        audit, "log-bucket", project=site.project, location=bp.region, bucket_id=_base.name(bp.name, "audit"),
        description=f"plinth audit trail of blueprint {bp.name}",
        retention_days=_base.AUDIT_RETENTION_DAYS, locked=True,
        cmek_settings=LoggingProjectBucketConfigCmekSettings(kms_key_name=ctx.key("logs", bp.region).id),
        depends_on=ctx.key_grants[("logs", bp.region)])
    # Data-access logs also land in the project's _Default bucket (30 days unless configured):
    # keep them as long as the audit bucket and lock the retention (CMEK on _Default needs the
    # project's Logging CMEK settings, which are outside a blueprint).
    LoggingProjectBucketConfig(
        audit, "default-bucket", project=site.project, location="global", bucket_id="_Default",
        retention_days=_base.AUDIT_RETENTION_DAYS, locked=True)
    LoggingProjectSink(audit, "sink", project=site.project, name=_base.name(bp.name, "audit"),
                       destination=f"logging.googleapis.com/{log_bucket.id}", filter=AUDIT_LOG_FILTER,
                       unique_writer_identity=True,
                       description="Cloud Audit Logs (admin activity, data access, system, policy) into the locked bucket")

    if bp.of_kind(DataLake):
        access_logs = storage.bucket(
            audit, "access-logs", name=naming.join(bp.name, "audit-logs"), location=bp.region,
            kms_key=ctx.key("storage", bp.region).id, labels=labels,
            lifecycle=[storage.rule("Delete", age=_base.AUDIT_RETENTION_DAYS + 35),
                       storage.rule("Delete", days_since_noncurrent_time=30, with_state="ARCHIVED")],
            depends_on=ctx.key_grants[("storage", bp.region)])
        StorageBucketIamMember(audit, "access-logs-writer", bucket=access_logs.name, role="roles/storage.objectCreator",
                               member=STORAGE_ANALYTICS)
        ctx.access_log_bucket = access_logs

    if bp.budget:
        _budget(ctx, site, Construct(scope, "budget"))


def _budget(ctx: Context, site: Site, scope: Construct) -> None:
    bp, budget = ctx.bp, ctx.bp.budget
    assert budget is not None
    billing_account = site.variable(
        "billing_account", "Billing account (XXXXXX-XXXXXX-XXXXXX) that pays for this project; the budget is set on it",
        "^[0-9A-F]{6}-[0-9A-F]{6}-[0-9A-F]{6}$", "billing_account must look like 012345-6789AB-CDEF01.")
    channels = [MonitoringNotificationChannel(scope, f"email-{i}", project=site.project, type="email",
                                              display_name=f"{bp.name} budget alerts ({email})",
                                              labels={"email_address": email},
                                              user_labels=_base.labels(bp, "blueprint"))
                for i, email in enumerate(budget.alert_emails[:MAX_BUDGET_CHANNELS])]
    rules = [BillingBudgetThresholdRules(threshold_percent=p / 100, spend_basis="CURRENT_SPEND")
             for p in sorted(budget.alert_thresholds_percent)]
    rules.append(BillingBudgetThresholdRules(threshold_percent=1.0, spend_basis="FORECASTED_SPEND"))
    BillingBudget(
        scope, "budget", billing_account=billing_account, display_name=_base.name(bp.name, "monthly", limit=60),
        amount=BillingBudgetAmount(specified_amount=BillingBudgetAmountSpecifiedAmount(
            currency_code="USD", units=str(int(round(budget.monthly_usd))))),
        budget_filter=BillingBudgetBudgetFilter(projects=[f"projects/{site.number}"], calendar_period="MONTH",
                                                credit_types_treatment="INCLUDE_ALL_CREDITS"),
        threshold_rules=rules,
        all_updates_rule=BillingBudgetAllUpdatesRule(
            monitoring_notification_channels=[c.id for c in channels],
            disable_default_iam_recipients=False) if channels else None,
    )
