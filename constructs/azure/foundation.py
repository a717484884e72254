"""Blueprint-wide foundation (construct id `plinth`): resource group, Key Vault, Log Analytics,
the subscription activity log, the flow-log storage account and the budget."""

from __future__ import annotations

from typing import Any

from constructs import Construct
from cdktf import TerraformVariable
from cdktf_cdktf_provider_azurerm.consumption_budget_subscription import (
    ConsumptionBudgetSubscription,
    ConsumptionBudgetSubscriptionFilter,
    ConsumptionBudgetSubscriptionFilterTag,
    ConsumptionBudgetSubscriptionNotification,
    ConsumptionBudgetSubscriptionTimePeriod,
)
from cdktf_cdktf_provider_azurerm.key_vault import KeyVault, KeyVaultNetworkAcls
from cdktf_cdktf_provider_azurerm.log_analytics_workspace import LogAnalyticsWorkspace
from cdktf_cdktf_provider_azurerm.network_watcher import NetworkWatcher
from cdktf_cdktf_provider_azurerm.resource_group import ResourceGroup
from cdktf_cdktf_provider_azurerm.user_assigned_identity import UserAssignedIdentity

from plinth.naming import compact, join
from plinth_constructs.azure import _common as c
from plinth_constructs.azure._storage import secure_account

LOG_RETENTION_DAYS = 365
SOFT_DELETE_DAYS = 90
ACTIVITY_LOG_CATEGORIES = ("Administrative", "Security", "Policy", "Alert")
COMPONENT = "blueprint"


class Foundation(Construct):
    def __init__(self, scope: Construct, id_: str, ctx: Any) -> None:
        super().__init__(scope, id_)
        self.ctx = ctx
        self._watcher: NetworkWatcher | None = None
        ctx.base = self
        bp, tags = ctx.bp, ctx.tags(COMPONENT)
        client = ctx.client(self)

        self.rg = ResourceGroup(self, "rg", name=c.rg_name(bp.name, "shared"), location=ctx.region, tags=tags)

        self.workspace = LogAnalyticsWorkspace(
            self, "logs", name=join(bp.name, "logs"), location=ctx.region, resource_group_name=self.rg.name,
            sku="PerGB2018", retention_in_days=LOG_RETENTION_DAYS, local_authentication_enabled=False,
            tags=tags,
        )

        self.vault_name = c.short(join(bp.name, "kv"), 24)
        self.vault = KeyVault(
            self, "vault", name=self.vault_name, location=ctx.region,
            resource_group_name=self.rg.name, tenant_id=client.tenant_id, sku_name="premium",
            purge_protection_enabled=True, soft_delete_retention_days=SOFT_DELETE_DAYS,
            rbac_authorization_enabled=True, public_network_access_enabled=False,
            enabled_for_deployment=False, enabled_for_disk_encryption=False,
            enabled_for_template_deployment=False,
            network_acls=KeyVaultNetworkAcls(default_action="Deny", bypass="AzureServices", ip_rules=[],
                                             virtual_network_subnet_ids=[]),
            tags=tags,
        )
        # Terraform itself creates the keys: Crypto Officer on this vault only.
        self.key_admin_grants = [c.grant(self, "vault-terraform-crypto-officer", client.object_id,
                                         "Key Vault Crypto Officer", self.vault.id, principal_type=None)]
        c.diagnostics(self, "vault-diagnostics", ctx, self.vault.id, groups=("audit", "allLogs"))
        c.diagnostics(self, "logs-diagnostics", ctx, self.workspace.id, groups=("audit",))

        # Subscription activity log → Log Analytics (kept LOG_RETENTION_DAYS).
        c.diagnostics(self, "activity-log", ctx, ctx.subscription_scope(scope), categories=ACTIVITY_LOG_CATEGORIES,
                      metrics=False)

        # Storage for network flow logs, encrypted with its own key.
        self.log_identity = UserAssignedIdentity(self, "flow-logs-identity", name=join(bp.name, "flow-logs"),
                                                 location=ctx.region, resource_group_name=self.rg.name, tags=tags)
        log_key = c.cmk(self, "flow-logs-key", ctx, "flow-logs", COMPONENT)
        grant = c.grant(self, "flow-logs-key-user", self.log_identity.principal_id, c.CRYPTO_SERVICE_USER,
                        self.vault.id)
        # Network Watcher writes flow logs as a trusted Azure service, which needs the public
        # endpoint enabled with default-deny network rules (a private endpoint alone blocks it).
        self.flow_log_storage = secure_account(
            self, "flow-logs-storage", ctx, COMPONENT, name=compact(bp.name, "logs"), rg=self.rg.name,
            identity=self.log_identity, key=log_key, hns=False, public_endpoint=True, depends_on=[grant],
        )
        c.storage_diagnostics(self, "flow-logs-storage-diagnostics", ctx, self.flow_log_storage.id)

        if bp.budget is not None:
            self._budget(scope)

    def network_watcher(self) -> NetworkWatcher:
        """One Network Watcher per region and subscription. Azure creates `NetworkWatcher_<region>` by
        itself in subscriptions that have not opted out; import that one, or opt out, before applying."""
        if self._watcher is None:
            self._watcher = NetworkWatcher(self, "network-watcher", name=join(self.ctx.bp.name, "watcher"),
                                           location=self.ctx.region, resource_group_name=self.rg.name,
                                           tags=self.ctx.tags(COMPONENT))
        return self._watcher

    def attach_networks(self) -> None:
        """Private endpoints for the vault and the flow-log storage, once the networks exist."""
        c.private_endpoints(self, self.ctx, COMPONENT, self.vault.id, self.vault_name, ["vault"],
                            self.rg.name, self.ctx.region)
        c.private_endpoints(self, self.ctx, COMPONENT, self.flow_log_storage.id, compact(self.ctx.bp.name, "logs"),
                            ["blob"], self.rg.name, self.ctx.region)

    def _budget(self, stack: Construct) -> None:
        bp = self.ctx.bp
        start = TerraformVariable(
            stack, "budget_start_date", type="string", nullable=False,
            description="First day of the month the budget starts, e.g. 2027-01-01T00:00:00Z. Azure requires "
                        "it, rejects past months, and replaces the budget when it changes; plinth does not "
                        "derive it from the clock so that its output stays the same every day.",
            validation=[{"condition": '${can(regex("^[0-9]{4}-[0-9]{2}-01T00:00:00Z$", var.budget_start_date))}',
                         "errorMessage": "budget_start_date must be the first of a month, as YYYY-MM-01T00:00:00Z."}],
        )
        ConsumptionBudgetSubscription(
            self, "budget", name=join(bp.name, "budget"), subscription_id=self.ctx.subscription_scope(stack),
            amount=bp.budget.monthly_usd, time_grain="Monthly",
            time_period=ConsumptionBudgetSubscriptionTimePeriod(start_date=start.string_value),
            # Costs of this blueprint only: every resource carries the `blueprint` tag.
            filter=ConsumptionBudgetSubscriptionFilter(tag=[ConsumptionBudgetSubscriptionFilterTag(
                name="blueprint", operator="In", values=[bp.name])]),
            notification=[ConsumptionBudgetSubscriptionNotification(
                enabled=True, operator="GreaterThanOrEqualTo", threshold=pct, threshold_type="Actual",
                contact_emails=list(bp.budget.alert_emails), contact_roles=["Owner"])
                for pct in sorted(bp.budget.alert_thresholds_percent)],
        )
