"""PLN_AZ_014: Storage accounts take no traffic from the internet: public network access is off
(`public_network_access_enabled = false`), or the public endpoint denies by default
(`network_rules.default_action = "Deny"`) and admits no IP range (`ip_rules` empty). Subnet rules
(`virtual_network_subnet_ids`) name private VNet subnets, and `bypass` lets through only Azure's
trusted services, logging and metrics; both are allowed. Standalone
`azurerm_storage_account_network_rules` resources are held to the same rules.

Replaces CKV_AZURE_59 (public network access off, nothing else). Network Watcher writes flow logs
to a storage account as a trusted Azure service, which Azure honours only while the account's
public endpoint is enabled; deny-by-default with no IP rules keeps that endpoint closed to the
internet. azurerm 4.x defaults `public_network_access_enabled` to true.
"""

from __future__ import annotations

from typing import Any

from checkov.common.models.enums import CheckCategories, CheckResult

from plinth_checklib import PlinthCheck, as_list, attr, blocks, result, truthy


def closed(rules: dict[str, Any]) -> bool:
    """Deny by default, and no IP rule (every storage IP rule is a public address range)."""
    return str(attr(rules, "default_action", default="")).lower() == "deny" and not as_list(rules.get("ip_rules"))


class StorageNotOnTheInternet(PlinthCheck):
    def __init__(self) -> None:
        super().__init__("PLN_AZ_014", "Storage accounts take no internet traffic (public access off, or "
                         "deny by default with no IP rules)",
                         ("azurerm_storage_account", "azurerm_storage_account_network_rules"),
                         CheckCategories.NETWORKING,
                         ("public_network_access_enabled", "network_rules/default_action", "network_rules/ip_rules"))

    def evaluate(self, conf: dict[str, Any], resource_type: str) -> CheckResult:
        if resource_type == "azurerm_storage_account_network_rules":
            return result(closed(conf))
        if truthy(conf.get("public_network_access_enabled")) is False:
            return CheckResult.PASSED
        rules = blocks(conf, "network_rules")
        return result(bool(rules) and all(closed(r) for r in rules))


check = StorageNotOnTheInternet()
