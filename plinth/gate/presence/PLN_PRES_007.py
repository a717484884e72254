"""PLN_PRES_007: every Azure data, key, registry, cluster and ML resource sends its logs somewhere:
an `azurerm_monitor_diagnostic_setting` targets it (directly or one of its sub-services, such as
`…/blobServices/default`) with at least one enabled log category."""

from __future__ import annotations

from plinth.gate.presence.base import Context, PresenceCheck, PresenceResult, missing, ok
from plinth.gate.presence.tf import blocks
from plinth.gate.stacks import StackSet

LOGGED_TYPES = ("azurerm_storage_account", "azurerm_key_vault", "azurerm_container_registry",
                "azurerm_kubernetes_cluster", "azurerm_machine_learning_workspace")


class AzureDiagnosticSettings(PresenceCheck):
    id = "PLN_PRES_007"
    name = "Every Azure storage account, key vault, registry, cluster and ML workspace has diagnostic settings"
    clouds = ("azure",)

    def evaluate(self, stacks: StackSet, context: Context) -> list[PresenceResult]:
        out = []
        for resource in stacks.resources(*LOGGED_TYPES):
            settings = [s for s in stacks.referencing(resource, ["azurerm_monitor_diagnostic_setting"],
                                                      "target_resource_id") if blocks(s.body, "enabled_log")]
            if settings:
                out.append(ok(resource, f"{resource.address} logs through {settings[0].address}"))
            else:
                out.append(missing(resource, f"{resource.address} has no diagnostic setting with enabled logs"))
        return out


CHECK = AzureDiagnosticSettings()
