"""PLN_AZ_012: Key Vault keys expire: a fixed `expiration_date`, or a rotation policy under which
every key version expires within two years (`rotation_policy.expire_after` <= P2Y) and is rotated
automatically before it does (`automatic.time_before_expiry`, or `automatic.time_after_creation`
shorter than `expire_after`).

Replaces CKV_AZURE_40, which accepts only `expiration_date`. A fixed date ages with the code that
wrote it (or depends on the day of generation) and leaves the key unusable when it passes; a
rotation policy bounds every version's lifetime (PCI DSS 3.6.1, 3.7.4 cryptoperiods) and replaces
it in time. ISO 8601 durations count a year as 365 days and a month as 30.
"""

from __future__ import annotations

import re
from typing import Any

from checkov.common.models.enums import CheckCategories, CheckResult

from plinth_checklib import PlinthCheck, attr, blocks, is_set, result

MAX_LIFETIME_DAYS = 2 * 365          # P2Y
_DURATION = re.compile(r"^P(?:(\d+)Y)?(?:(\d+)M)?(?:(\d+)W)?(?:(\d+)D)?$")


def days(duration: Any) -> int | None:
    """`P2Y` → 730, `P90D` → 90; None for anything else (an expression, a time part, garbage)."""
    if not isinstance(duration, str):
        return None
    match = _DURATION.match(duration.strip().upper())
    if not match or duration.strip().upper() == "P":
        return None
    years, months, weeks, rest = (int(g) if g else 0 for g in match.groups())
    return years * 365 + months * 30 + weeks * 7 + rest


def rotates_before_expiry(policy: dict[str, Any]) -> bool:
    lifetime = days(attr(policy, "expire_after"))
    if lifetime is None or not 0 < lifetime <= MAX_LIFETIME_DAYS:
        return False
    for auto in blocks(policy, "automatic"):
        if is_set(attr(auto, "time_before_expiry")):
            return True
        after = days(attr(auto, "time_after_creation"))
        if after is not None and 0 < after < lifetime:
            return True
    return False


class KeyExpiry(PlinthCheck):
    def __init__(self) -> None:
        super().__init__("PLN_AZ_012", "Key Vault keys expire (expiration date, or expiry within two years "
                         "with automatic rotation before it)", ("azurerm_key_vault_key",), CheckCategories.ENCRYPTION,
                         ("expiration_date", "rotation_policy/expire_after", "rotation_policy/automatic"))

    def evaluate(self, conf: dict[str, Any], resource_type: str) -> CheckResult:
        if is_set(attr(conf, "expiration_date")):
            return CheckResult.PASSED
        return result(any(rotates_before_expiry(p) for p in blocks(conf, "rotation_policy")))


check = KeyExpiry()
