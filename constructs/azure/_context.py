"""What every Azure construct of one blueprint shares: the blueprint, its stacks, the provider
per stack, the foundation (`plinth`) and the components built so far (by name)."""

from __future__ import annotations

from typing import Any

from cdktf import TerraformStack, TerraformVariable
from cdktf_cdktf_provider_azurerm.data_azurerm_client_config import DataAzurermClientConfig
from cdktf_cdktf_provider_azurerm.provider import (
    AzurermProvider,
    AzurermProviderFeatures,
    AzurermProviderFeaturesKeyVault,
    AzurermProviderFeaturesLogAnalyticsWorkspace,
    AzurermProviderFeaturesMachineLearning,
    AzurermProviderFeaturesResourceGroup,
)

from plinth.compile.stackset import StackSet
from plinth.model import Component

SUBSCRIPTION_VAR = "subscription_id"
_GUID = r"^[0-9a-fA-F]{8}-[0-9a-fA-F]{4}-[0-9a-fA-F]{4}-[0-9a-fA-F]{4}-[0-9a-fA-F]{12}$"


class Context:
    def __init__(self, stacks: StackSet) -> None:
        self.stacks = stacks
        self.bp = stacks.bp
        self.region = stacks.bp.region
        self.base: Any = None                     # the `plinth` foundation construct
        self.built: dict[str, Any] = {}           # component name → its construct
        self._subscription: dict[str, TerraformVariable] = {}
        self._client: dict[str, DataAzurermClientConfig] = {}

    # -- per stack -------------------------------------------------------------------------
    def configure(self, stack: TerraformStack) -> None:
        """The azurerm provider and the subscription variable of one stack."""
        var = TerraformVariable(
            stack, SUBSCRIPTION_VAR, type="string", nullable=False,
            description="Azure subscription ID every resource of this blueprint is created in.",
            validation=[{"condition": f'${{can(regex("{_GUID}", var.{SUBSCRIPTION_VAR}))}}',
                         "errorMessage": "subscription_id must be a subscription GUID."}],
        )
        self._subscription[stack.node.id] = var
        AzurermProvider(
            stack, "azurerm",
            subscription_id=var.string_value,
            storage_use_azuread=True,          # shared keys are off on every storage account
            features=[AzurermProviderFeatures(
                key_vault=[AzurermProviderFeaturesKeyVault(
                    purge_soft_delete_on_destroy=False,
                    purge_soft_deleted_keys_on_destroy=False,
                    purge_soft_deleted_secrets_on_destroy=False,
                    purge_soft_deleted_certificates_on_destroy=False,
                    purge_soft_deleted_hardware_security_module_keys_on_destroy=False,
                    purge_soft_deleted_hardware_security_modules_on_destroy=False,
                    recover_soft_deleted_key_vaults=True,
                    recover_soft_deleted_keys=True,
                )],
                log_analytics_workspace=[AzurermProviderFeaturesLogAnalyticsWorkspace(
                    permanently_delete_on_destroy=False)],
                machine_learning=[AzurermProviderFeaturesMachineLearning(
                    purge_soft_deleted_workspace_on_destroy=False)],
                resource_group=[AzurermProviderFeaturesResourceGroup(
                    prevent_deletion_if_contains_resources=True)],
            )],
        )

    def subscription_id(self, stack: TerraformStack) -> str:
        return self._subscription[stack.node.id].string_value

    def subscription_scope(self, stack: TerraformStack) -> str:
        return f"/subscriptions/{self.subscription_id(stack)}"

    def client(self, scope: Any) -> DataAzurermClientConfig:
        """The identity Terraform runs as (tenant and object id), one data source per stack."""
        stack = TerraformStack.of(scope)
        sid = stack.node.id
        if sid not in self._client:
            self._client[sid] = DataAzurermClientConfig(stack, "azurerm_client")
        return self._client[sid]

    # -- the blueprint -----------------------------------------------------------------------
    def tags(self, component: str) -> dict[str, str]:
        """Blueprint labels plus plinth's own tags; `component` is a component name or "blueprint"."""
        tags = dict(self.bp.labels)
        tags.update({
            "managed_by": "plinth",
            "blueprint": self.bp.name,
            "component": component,
            "compliance": "_".join(self.bp.compliance) or "none",
        })
        return dict(sorted(tags.items()))

    def component(self, name: str | None) -> Any:
        return self.built.get(name) if name else None

    def of_kind(self, cls: type) -> list[Any]:
        """Built constructs of components of this model class, in component order."""
        return [self.built[c.name] for c in self.bp.of_kind(cls) if c.name in self.built]

    def network_for(self, explicit: str | None) -> Any:
        """The named network, or the blueprint's only one (semantics guarantee which applies)."""
        from plinth.model import Network

        if explicit:
            return self.built[explicit]
        nets = self.of_kind(Network)
        return nets[0] if nets else None

    def stack_for(self, component: Component) -> TerraformStack:
        return self.stacks.stack_for(component)
