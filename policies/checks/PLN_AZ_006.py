"""PLN_AZ_006: AKS encrypts Kubernetes secrets in etcd with a Key Vault key (KMS plugin,
`key_management_service { key_vault_key_id }`)."""

from __future__ import annotations

from typing import Any

from checkov.common.models.enums import CheckCategories, CheckResult

from plinth_checklib import PlinthCheck, attr, is_set, result


class AksSecretsKms(PlinthCheck):
    def __init__(self) -> None:
        super().__init__("PLN_AZ_006", "AKS clusters encrypt Kubernetes secrets with a Key Vault key (KMS)",
                         ("azurerm_kubernetes_cluster",), CheckCategories.KUBERNETES,
                         ("key_management_service/key_vault_key_id",))

    def evaluate(self, conf: dict[str, Any], resource_type: str) -> CheckResult:
        return result(is_set(attr(conf, "key_management_service", "key_vault_key_id")))


check = AksSecretsKms()
