"""`registry`: Azure Container Registry (Premium, private, customer-managed key, quarantine,
geo-replicated to the serving regions) and, for models, an Azure ML workspace (customer-managed
key, high business impact, private, managed network) with its own storage and Application Insights."""

from __future__ import annotations

from typing import Any

from constructs import Construct
from cdktf_cdktf_provider_azurerm.application_insights import ApplicationInsights
from cdktf_cdktf_provider_azurerm.container_registry import (
    ContainerRegistry,
    ContainerRegistryEncryption,
    ContainerRegistryGeoreplications,
    ContainerRegistryIdentity,
)
from cdktf_cdktf_provider_azurerm.machine_learning_datastore_datalake_gen2 import (
    MachineLearningDatastoreDatalakeGen2,
)
from cdktf_cdktf_provider_azurerm.machine_learning_workspace import (
    MachineLearningWorkspace,
    MachineLearningWorkspaceEncryption,
    MachineLearningWorkspaceIdentity,
    MachineLearningWorkspaceManagedNetwork,
)
from cdktf_cdktf_provider_azurerm.resource_group import ResourceGroup
from cdktf_cdktf_provider_azurerm.user_assigned_identity import UserAssignedIdentity

from plinth.model import Registry
from plinth.naming import compact, join
from plinth_constructs.azure import _common as c
from plinth_constructs.azure._storage import secure_account

UNTAGGED_RETENTION_DAYS = 7
WORKSPACE_NAME_LIMIT = 33


class AzureRegistry(Construct):
    def __init__(self, scope: Construct, id_: str, ctx: Any, comp: Registry) -> None:
        super().__init__(scope, id_)
        bp, tags = ctx.bp, ctx.tags(comp.name)
        self.ctx, self.comp = ctx, comp
        self.rg = ResourceGroup(self, "rg", name=c.rg_name(bp.name, comp.name), location=ctx.region, tags=tags)
        identity, key, key_grant = c.keyed_identity(self, "", ctx, comp.name, self.rg.name, join(bp.name, comp.name),
                                                    join(comp.name, "images"))
        replicas = list(bp.serving_regions) if comp.replicate else []
        self.acr = ContainerRegistry(
            self, "acr", name=compact(bp.name, comp.name), location=ctx.region, resource_group_name=self.rg.name,
            sku="Premium", admin_enabled=False, anonymous_pull_enabled=False, public_network_access_enabled=False,
            network_rule_bypass_option="AzureServices", export_policy_enabled=False, data_endpoint_enabled=True,
            zone_redundancy_enabled=True,
            # Quarantine holds pushed images until a scanner releases them (scan_on_push).
            quarantine_policy_enabled=comp.scan_on_push,
            # Docker Content Trust is deprecated and not supported on registries with a customer-managed key.
            trust_policy_enabled=False,
            retention_policy_in_days=UNTAGGED_RETENTION_DAYS,
            identity=ContainerRegistryIdentity(type="UserAssigned", identity_ids=[identity.id]),
            encryption=[ContainerRegistryEncryption(key_vault_key_id=key.versionless_id,
                                                    identity_client_id=identity.client_id)],
            georeplications=[ContainerRegistryGeoreplications(location=r, zone_redundancy_enabled=True,
                                                              regional_endpoint_enabled=False, tags=tags)
                             for r in replicas] or None,
            tags=tags,
            depends_on=[key_grant],
        )
        c.private_endpoints(self, ctx, comp.name, self.acr.id, compact(bp.name, comp.name), ["registry"], self.rg.name, ctx.region)
        c.diagnostics(self, "acr-diagnostics", ctx, self.acr.id)
        self.workspace_name: str | None = None
        self.workspace = self._workspace() if comp.models or comp.experiment_tracking else None

    def _workspace(self) -> MachineLearningWorkspace:
        ctx, comp = self.ctx, self.comp
        bp, tags, vault = ctx.bp, ctx.tags(comp.name), ctx.base.vault
        name = self.workspace_name = c.short(join(bp.name, comp.name), WORKSPACE_NAME_LIMIT)
        self.ml_identity = ident = UserAssignedIdentity(self, "ml-identity", name=join(bp.name, comp.name, "ml"),
                                                        location=ctx.region, resource_group_name=self.rg.name, tags=tags)
        key = c.cmk(self, "ml-key", ctx, join(comp.name, "models"), comp.name)
        grants = [
            c.grant(self, "ml-key-user", ident.principal_id, c.CRYPTO_SERVICE_USER, vault.id),
            c.grant(self, "ml-vault-secrets", ident.principal_id, "Key Vault Secrets Officer", vault.id),
            # Azure ML's user-assigned identity manages the workspace's own resources (this group only).
            c.grant(self, "ml-group-contributor", ident.principal_id, "Contributor", self.rg.id),
            c.grant(self, "ml-acr-push", ident.principal_id, "AcrPush", self.acr.id),
        ]
        storage_name = c.short_compact(24, bp.name, comp.name, "ml")
        storage = secure_account(
            self, "ml-storage", ctx, comp.name, name=storage_name, rg=self.rg.name,
            identity=ident, key=key, hns=False, depends_on=grants[:1],
        )
        grants.append(c.grant(self, "ml-storage-data", ident.principal_id, "Storage Blob Data Contributor", storage.id))
        c.private_endpoints(self, ctx, comp.name, storage.id, storage_name, ["blob", "file"], self.rg.name, ctx.region)
        c.storage_diagnostics(self, "ml-storage-diagnostics", ctx, storage.id)
        insights = ApplicationInsights(
            self, "ml-insights", name=join(bp.name, comp.name, "ml"), location=ctx.region,
            resource_group_name=self.rg.name, application_type="other", workspace_id=ctx.base.workspace.id,
            local_authentication_disabled=True, internet_query_enabled=False, tags=tags,
        )
        ws = MachineLearningWorkspace(
            self, "ml", name=name, friendly_name=name, location=ctx.region, resource_group_name=self.rg.name,
            sku_name="Basic", application_insights_id=insights.id, key_vault_id=vault.id,
            storage_account_id=storage.id, container_registry_id=self.acr.id,
            identity=MachineLearningWorkspaceIdentity(type="UserAssigned", identity_ids=[ident.id]),
            primary_user_assigned_identity=ident.id,
            encryption=MachineLearningWorkspaceEncryption(key_vault_id=vault.id, key_id=key.id,
                                                          user_assigned_identity_id=ident.id),
            high_business_impact=True, public_network_access_enabled=False, v1_legacy_mode_enabled=False,
            managed_network=MachineLearningWorkspaceManagedNetwork(isolation_mode="AllowOnlyApprovedOutbound"),
            tags=tags, depends_on=grants,
        )
        c.private_endpoints(self, ctx, comp.name, ws.id, name, ["amlworkspace"], self.rg.name, ctx.region)
        c.diagnostics(self, "ml-diagnostics", ctx, ws.id)
        lake = ctx.component(comp.lake)
        if lake is not None:
            c.grant(self, "ml-lake-data", ident.principal_id, "Storage Blob Data Contributor", lake.account.id)
            for zone, container in lake.containers.items():
                MachineLearningDatastoreDatalakeGen2(
                    self, f"datastore-{zone}", name=f"{comp.lake}_{zone}".replace("-", "_"), workspace_id=ws.id,
                    storage_container_id=container.id, service_data_identity="WorkspaceUserAssignedIdentity",
                    tags=tags)
        return ws
