"""PLN_GCP_005: GKE node pools encrypt node boot disks with a customer-managed key
(`node_config.boot_disk_kms_key`)."""

from __future__ import annotations

from typing import Any

from checkov.common.models.enums import CheckCategories, CheckResult

from plinth_checklib import PlinthCheck, attr, is_set, result


class NodePoolBootDiskCmek(PlinthCheck):
    def __init__(self) -> None:
        super().__init__("PLN_GCP_005", "GKE node pool boot disks are encrypted with a customer-managed key",
                         ("google_container_node_pool",), CheckCategories.ENCRYPTION,
                         ("node_config/boot_disk_kms_key",))

    def evaluate(self, conf: dict[str, Any], resource_type: str) -> CheckResult:
        return result(is_set(attr(conf, "node_config", "boot_disk_kms_key")))


check = NodePoolBootDiskCmek()
