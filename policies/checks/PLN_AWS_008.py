"""PLN_AWS_008: persistent FSx for Lustre file systems keep automatic daily backups
(`automatic_backup_retention_days` ≥ 1). Scratch file systems cannot be backed up; as a cache
of the data lake they pass, since the lake holds the durable copy (BAK-01 on S3)."""

from __future__ import annotations

from typing import Any

from checkov.common.models.enums import CheckCategories, CheckResult

from plinth_checklib import PlinthCheck, attr, number, result


class LustreBackups(PlinthCheck):
    def __init__(self) -> None:
        super().__init__("PLN_AWS_008", "Persistent FSx for Lustre file systems keep automatic backups",
                         ("aws_fsx_lustre_file_system",), CheckCategories.BACKUP_AND_RECOVERY,
                         ("deployment_type", "automatic_backup_retention_days"))

    def evaluate(self, conf: dict[str, Any], resource_type: str) -> CheckResult:
        deployment = str(attr(conf, "deployment_type", default="SCRATCH_1")).upper()
        if deployment.startswith("SCRATCH"):
            return CheckResult.PASSED
        days = number(conf.get("automatic_backup_retention_days"))
        return result(days is not None and days >= 1)


check = LustreBackups()
