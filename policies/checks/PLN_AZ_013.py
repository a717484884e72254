"""PLN_AZ_013: Container registries admit only vetted images: Docker Content Trust
(`trust_policy_enabled`, or azurerm 3.x `trust_policy { enabled }`), or, on a registry encrypted
with a customer-managed key (`encryption { key_vault_key_id }`), the quarantine policy
(`quarantine_policy_enabled`), which keeps a pushed image unpullable until a scanner releases it.

Replaces CKV_AZURE_164 (content trust only). Azure Container Registry does not support content
trust in a registry encrypted with a customer-managed key, and content trust is deprecated (to be
removed on 2028-03-31; Microsoft points to Notary Project signing, aka.ms/acr/dctdeprecation), so
a CMK registry, which ENC-03 requires, could never pass CKV_AZURE_164. A registry without a
customer-managed key still needs content trust, as before.
"""

from __future__ import annotations

from typing import Any

from checkov.common.models.enums import CheckCategories, CheckResult

from plinth_checklib import PlinthCheck, attr, blocks, is_set, result, truthy


def content_trust(conf: dict[str, Any]) -> bool:
    if truthy(conf.get("trust_policy_enabled")):
        return True
    return any(truthy(block.get("enabled")) for block in blocks(conf, "trust_policy"))


def customer_managed_key(conf: dict[str, Any]) -> bool:
    return any(is_set(attr(block, "key_vault_key_id")) and truthy(block.get("enabled")) is not False
               for block in blocks(conf, "encryption"))


class RegistryAdmitsVettedImages(PlinthCheck):
    def __init__(self) -> None:
        super().__init__("PLN_AZ_013", "Container registries admit only vetted images (content trust; "
                         "quarantine where a customer-managed key rules content trust out)",
                         ("azurerm_container_registry",), CheckCategories.SUPPLY_CHAIN,
                         ("trust_policy_enabled", "encryption/key_vault_key_id", "quarantine_policy_enabled"))

    def evaluate(self, conf: dict[str, Any], resource_type: str) -> CheckResult:
        if content_trust(conf):
            return CheckResult.PASSED
        return result(customer_managed_key(conf) and truthy(conf.get("quarantine_policy_enabled")) is True)


check = RegistryAdmitsVettedImages()
