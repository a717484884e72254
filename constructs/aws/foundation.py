"""Blueprint-wide foundation (construct id `plinth` in the foundation stack).

- one customer-managed key per blueprint (rotation on, explicit policy, no unconditioned `*`
  principal); multi-region with a replica in every extra region the blueprint uses;
- a multi-region CloudTrail (log file validation, KMS, CloudWatch Logs delivery, S3 data events
  on every lake bucket, read events on the access-log buckets, log-delivery notifications to an
  encrypted SNS topic) into an audit bucket with Object Lock (governance, a year) kept seven years;
- the S3 server-access-log bucket per region (SSE-S3: S3 cannot log into SSE-KMS buckets; it does
  not log its own access, which the trail's read events on it record instead);
- a monthly AWS Budgets budget with alerts (SNS topic encrypted with the key, plus e-mails).

GuardDuty and AWS Config are account-wide singletons: they belong to the account's landing zone,
not to one blueprint (a second blueprint in the account would fail to create a second GuardDuty
detector).
"""

from __future__ import annotations

from decimal import Decimal
from typing import Any, Sequence

from cdktf_cdktf_provider_aws.budgets_budget import BudgetsBudget, BudgetsBudgetCostFilter, BudgetsBudgetNotification
from cdktf_cdktf_provider_aws.cloudtrail import Cloudtrail, CloudtrailEventSelector, CloudtrailEventSelectorDataResource
from cdktf_cdktf_provider_aws.kms_alias import KmsAlias
from cdktf_cdktf_provider_aws.kms_key import KmsKey
from cdktf_cdktf_provider_aws.kms_replica_key import KmsReplicaKey
from cdktf_cdktf_provider_aws.sns_topic import SnsTopic
from cdktf_cdktf_provider_aws.sns_topic_policy import SnsTopicPolicy
from constructs import Construct

from plinth import naming
from plinth_constructs.aws import iam
from plinth_constructs.aws.context import DNS_SUFFIX, Env, extra_regions, policy
from plinth_constructs.aws.logs import log_group
from plinth_constructs.aws.storage import SecureBucket, lifecycle_rule

KEY_DELETION_WINDOW_DAYS = 30
AUDIT_LOCK_DAYS = 365          # Object Lock (governance) on every audit log object
AUDIT_EXPIRE_DAYS = 2557       # seven years: PCI 10.5.1 asks for one; longer is the policy choice
AUDIT_ARCHIVE_DAYS = 90        # PCI 10.5.1: the last three months immediately available
ACCESS_LOG_EXPIRE_DAYS = 365   # S3 server access logs: PCI 10.5.1's twelve months
# Service-linked roles that use the key on the blueprint's behalf: EC2 Auto Scaling (encrypted EBS
# volumes of EKS node groups) and FSx for Lustre (reading/writing SSE-KMS lake buckets).
SERVICE_LINKED_ROLES = (
    "aws-service-role/autoscaling.amazonaws.com/AWSServiceRoleForAutoScaling",
    "aws-service-role/s3.data-source.lustre.fsx.amazonaws.com/AWSServiceRoleForFSxS3Access_*",
)


def money(amount: float) -> str:
    return format(Decimal(str(amount)).normalize(), "f")


class Foundation(Construct):
    def __init__(self, scope: Construct, cid: str, env: Env) -> None:
        super().__init__(scope, cid)
        self.env = env
        bp = env.bp
        self.stack = env.stacks.foundation
        self.trail_name = naming.join(bp.name, "audit")
        self.trail_arn = env.arn(self.stack, "cloudtrail", bp.region, f"trail/{self.trail_name}")
        regions = extra_regions(bp)
        self.key = KmsKey(
            self, "key", description=f"plinth blueprint {bp.name}: data, logs and secrets",
            enable_key_rotation=True, rotation_period_in_days=365, deletion_window_in_days=KEY_DELETION_WINDOW_DAYS,
            multi_region=bool(regions), is_enabled=True, policy=self._key_policy(bp.region, primary=True))
        KmsAlias(self, "key-alias", name=f"alias/plinth/{bp.name}", target_key_id=self.key.key_id)
        self._keys = {bp.region: self.key.arn}
        self._access_logs: dict[str, SecureBucket] = {}
        for region in regions:
            provider = env.provider(self.stack, region)
            replica = KmsReplicaKey(
                self, f"key-{region}", primary_key_arn=self.key.arn, provider=provider,
                description=f"plinth blueprint {bp.name} ({region} replica)",
                deletion_window_in_days=KEY_DELETION_WINDOW_DAYS, enabled=True,
                policy=self._key_policy(region, primary=False))
            KmsAlias(self, f"key-alias-{region}", name=f"alias/plinth/{bp.name}", target_key_id=replica.key_id,
                     provider=provider)
            self._keys[region] = replica.arn
        self.audit_bucket = self._audit_bucket()
        if bp.budget is not None:
            self._budget()

    def key_arn(self, region: str) -> str:
        return self._keys[region]

    def access_logs(self, region: str) -> SecureBucket:
        """The blueprint's S3 server-access-log bucket in `region` (S3 logs only within a region).

        SSE-S3, because S3 cannot deliver access logs into an SSE-KMS bucket. It does not log its own
        access (that would log every delivery); the trail records reads of it (`add_trail`). The
        gate's catalog exempts such access-log targets from CKV_AWS_145 and CKV_AWS_18."""
        if region not in self._access_logs:
            suffix = "" if region == self.env.bp.region else f"-{region}"
            self._access_logs[region] = SecureBucket(
                self, f"access-logs{suffix}", prefix=naming.bucket(self.env.bp, "access", "logs"), kms_key_arn=None,
                provider=self.env.provider(self.stack, region), statements=self._log_delivery(region),
                lifecycle=[lifecycle_rule("access-log-retention", transitions=[(AUDIT_ARCHIVE_DAYS, "GLACIER_IR")],
                                          expire_days=ACCESS_LOG_EXPIRE_DAYS, noncurrent_days=ACCESS_LOG_EXPIRE_DAYS)])
        return self._access_logs[region]

    def _log_delivery(self, region: str):
        account = self.env.account_id(self.stack)
        sources = f"arn:{self.env.partition}:s3:::{self.env.bp.name}-*"

        def statements(arn: str) -> Sequence[dict[str, Any]]:
            return [{"Sid": "S3ServerAccessLogs", "Effect": "Allow", "Principal": {"Service": "logging.s3.amazonaws.com"},
                     "Action": "s3:PutObject", "Resource": f"{arn}/*",
                     "Condition": {"StringEquals": {"aws:SourceAccount": account},
                                   "ArnLike": {"aws:SourceArn": sources}}}]
        return statements

    # -- key policy -------------------------------------------------------------------------
    def _key_policy(self, region: str, primary: bool) -> str:
        env, stack = self.env, self.stack
        account = env.account_id(stack)
        statements: list[dict[str, Any]] = [
            {"Sid": "AccountAdministration", "Effect": "Allow", "Principal": {"AWS": env.root_arn(stack)},
             "Action": "kms:*", "Resource": "*"},
            {"Sid": "CloudWatchLogs", "Effect": "Allow", "Principal": {"Service": f"logs.{region}.{DNS_SUFFIX}"},
             "Action": ["kms:Decrypt*", "kms:Describe*", "kms:Encrypt*", "kms:GenerateDataKey*", "kms:ReEncrypt*"],
             "Resource": "*",
             "Condition": {"ArnLike": {"kms:EncryptionContext:aws:logs:arn": env.arn(stack, "logs", region, "*")}}},
            {"Sid": "ServiceLinkedRolesUse", "Effect": "Allow", "Principal": {"AWS": "*"},
             "Action": ["kms:Decrypt", "kms:DescribeKey", "kms:Encrypt", "kms:GenerateDataKey*", "kms:ReEncrypt*"],
             "Resource": "*", "Condition": self._slr_condition(account)},
            {"Sid": "ServiceLinkedRolesGrants", "Effect": "Allow", "Principal": {"AWS": "*"},
             "Action": "kms:CreateGrant", "Resource": "*",
             "Condition": {**self._slr_condition(account), "Bool": {"kms:GrantIsForAWSResource": "true"}}},
        ]
        if primary:
            statements += [
                {"Sid": "CloudTrailEncrypt", "Effect": "Allow", "Principal": {"Service": "cloudtrail.amazonaws.com"},
                 "Action": "kms:GenerateDataKey*", "Resource": "*",
                 "Condition": {"StringEquals": {"aws:SourceArn": self.trail_arn},
                               "StringLike": {"kms:EncryptionContext:aws:cloudtrail:arn":
                                              f"arn:{env.partition}:cloudtrail:*:{account}:trail/*"}}},
                {"Sid": "CloudTrailDescribeAndNotify", "Effect": "Allow",
                 "Principal": {"Service": "cloudtrail.amazonaws.com"},
                 "Action": ["kms:Decrypt", "kms:DescribeKey", "kms:GenerateDataKey*"], "Resource": "*",
                 "Condition": {"StringEquals": {"aws:SourceArn": self.trail_arn}}},
                {"Sid": "BudgetAlerts", "Effect": "Allow", "Principal": {"Service": "budgets.amazonaws.com"},
                 "Action": ["kms:Decrypt", "kms:GenerateDataKey*"], "Resource": "*",
                 "Condition": {"StringEquals": {"aws:SourceAccount": account}}},
            ]
        return policy(*statements)

    def _slr_condition(self, account: str) -> dict[str, Any]:
        arns = [f"arn:{self.env.partition}:iam::{account}:role/{r}" for r in SERVICE_LINKED_ROLES]
        return {"StringEquals": {"kms:CallerAccount": account}, "ArnLike": {"aws:PrincipalArn": arns}}

    # -- audit trail ------------------------------------------------------------------------
    def _audit_bucket(self) -> SecureBucket:
        env, bp = self.env, self.env.bp
        account = env.account_id(self.stack)

        def cloudtrail_may_write(arn: str) -> Sequence[dict[str, Any]]:
            service = {"Service": "cloudtrail.amazonaws.com"}
            source = {"StringEquals": {"aws:SourceArn": self.trail_arn}}
            return [
                {"Sid": "CloudTrailAclCheck", "Effect": "Allow", "Principal": service, "Action": "s3:GetBucketAcl",
                 "Resource": arn, "Condition": source},
                {"Sid": "CloudTrailWrite", "Effect": "Allow", "Principal": service, "Action": "s3:PutObject",
                 "Resource": f"{arn}/AWSLogs/{account}/*", "Condition": source},
            ]

        return SecureBucket(
            self, "audit-bucket", prefix=naming.bucket(bp, "audit", "logs"), kms_key_arn=self.key.arn,
            log_target=self.access_logs(bp.region), log_prefix="audit/", object_lock_days=AUDIT_LOCK_DAYS,
            statements=cloudtrail_may_write,
            lifecycle=[lifecycle_rule("audit-retention", transitions=[(AUDIT_ARCHIVE_DAYS, "GLACIER_IR")],
                                      expire_days=AUDIT_EXPIRE_DAYS, noncurrent_days=AUDIT_EXPIRE_DAYS)])

    def add_trail(self, data_bucket_arns: Sequence[str]) -> Cloudtrail:
        """The trail, once every lake bucket exists (their object-level events are audited), plus
        the read events on the access-log buckets: who read the access logs. Their writes are log
        deliveries; recording those would feed the audit bucket's own access logs back in a loop."""
        env, bp = self.env, self.env.bp
        group = log_group(self, "trail-log-group", name=f"/plinth/{bp.name}/cloudtrail", kms_key_arn=self.key.arn)
        delivery = iam.role(
            self, "trail-role", name=naming.join(bp.name, "cloudtrail-logs"), partition=env.partition,
            trust_policy=iam.trust("cloudtrail.amazonaws.com",
                                   conditions={"StringEquals": {"aws:SourceArn": self.trail_arn}}),
            statements=[iam.allow(["logs:CreateLogStream", "logs:PutLogEvents"], [f"{group.arn}:log-stream:*"])])
        data = [CloudtrailEventSelectorDataResource(type="AWS::S3::Object", values=[f"{a}/" for a in data_bucket_arns])]
        topic = SnsTopic(self, "trail-topic", name=naming.join(bp.name, "audit-events"), kms_master_key_id=self.key.arn)
        topic_policy = SnsTopicPolicy(self, "trail-topic-policy", arn=topic.arn, policy=policy(
            {"Sid": "CloudTrailPublish", "Effect": "Allow", "Principal": {"Service": "cloudtrail.amazonaws.com"},
             "Action": "SNS:Publish", "Resource": topic.arn,
             "Condition": {"StringEquals": {"aws:SourceArn": self.trail_arn}}}))
        selector = CloudtrailEventSelector(read_write_type="All", include_management_events=True,
                                           data_resource=data if data_bucket_arns else None)
        log_reads = CloudtrailEventSelector(
            read_write_type="ReadOnly", include_management_events=False,
            data_resource=[CloudtrailEventSelectorDataResource(
                type="AWS::S3::Object", values=[f"{b.arn}/" for _, b in sorted(self._access_logs.items())])])
        return Cloudtrail(
            self, "trail", name=self.trail_name, s3_bucket_name=self.audit_bucket.name,
            is_multi_region_trail=True, include_global_service_events=True, enable_log_file_validation=True,
            enable_logging=True, kms_key_id=self.key.arn, cloud_watch_logs_group_arn=f"{group.arn}:*",
            cloud_watch_logs_role_arn=delivery.arn, event_selector=[selector, log_reads], sns_topic_name=topic.name,
            depends_on=[self.audit_bucket.policy, topic_policy, *delivery.ready])

    # -- budget -----------------------------------------------------------------------------
    def _budget(self) -> None:
        env, bp = self.env, self.env.bp
        budget = bp.budget
        account = env.account_id(self.stack)
        topic = SnsTopic(self, "budget-topic", name=naming.join(bp.name, "budget-alerts"), kms_master_key_id=self.key.arn)
        SnsTopicPolicy(self, "budget-topic-policy", arn=topic.arn, policy=policy(
            {"Sid": "BudgetsPublish", "Effect": "Allow", "Principal": {"Service": "budgets.amazonaws.com"},
             "Action": "SNS:Publish", "Resource": topic.arn,
             "Condition": {"StringEquals": {"aws:SourceAccount": account},
                           "ArnLike": {"aws:SourceArn": f"arn:{env.partition}:budgets::{account}:*"}}}))
        emails = list(budget.alert_emails) or None

        def alert(kind: str, pct: int) -> BudgetsBudgetNotification:
            return BudgetsBudgetNotification(comparison_operator="GREATER_THAN", notification_type=kind, threshold=pct,
                                             threshold_type="PERCENTAGE", subscriber_sns_topic_arns=[topic.arn],
                                             subscriber_email_addresses=emails)

        notifications = [alert("ACTUAL", pct) for pct in sorted(budget.alert_thresholds_percent)]
        notifications.append(alert("FORECASTED", 100))
        BudgetsBudget(
            self, "budget", name=naming.join(bp.name, "monthly"), budget_type="COST", time_unit="MONTHLY",
            limit_amount=money(budget.monthly_usd), limit_unit="USD",
            cost_filter=[BudgetsBudgetCostFilter(name="TagKeyValue", values=[f"user:blueprint${bp.name}"])],
            notification=notifications, depends_on=[topic])
