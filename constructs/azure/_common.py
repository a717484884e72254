"""Helpers every Azure construct uses: short names, keys, role grants, diagnostics, private endpoints.

Every helper takes the construct it adds resources to, so construct paths stay under the
component that asked for them."""

from __future__ import annotations

import hashlib
import re
from typing import Any, Sequence

from constructs import Construct
from cdktf_cdktf_provider_azurerm.key_vault_key import (
    KeyVaultKey,
    KeyVaultKeyRotationPolicy,
    KeyVaultKeyRotationPolicyAutomatic,
)
from cdktf_cdktf_provider_azurerm.monitor_diagnostic_setting import (
    MonitorDiagnosticSetting,
    MonitorDiagnosticSettingEnabledLog,
    MonitorDiagnosticSettingEnabledMetric,
)
from cdktf_cdktf_provider_azurerm.private_endpoint import (
    PrivateEndpoint,
    PrivateEndpointPrivateDnsZoneGroup,
    PrivateEndpointPrivateServiceConnection,
)
from cdktf_cdktf_provider_azurerm.role_assignment import RoleAssignment
from cdktf_cdktf_provider_azurerm.user_assigned_identity import UserAssignedIdentity

from plinth.naming import compact, join

# Keys: HSM-backed RSA 3072, rotated yearly by Key Vault, every version expiring after two years.
# Rotation is triggered after creation, not "before expiry": Key Vault refuses a before-expiry
# trigger while the current version has no expiry date, and a fixed first expiry date would make
# the output depend on the day it was generated.
KEY_TYPE = "RSA-HSM"
KEY_SIZE = 3072
KEY_OPTS = ["decrypt", "encrypt", "unwrapKey", "wrapKey"]
KEY_ROTATE_AFTER = "P1Y"
KEY_EXPIRE_AFTER = "P2Y"

CRYPTO_SERVICE_USER = "Key Vault Crypto Service Encryption User"

# Private DNS zones (Azure public cloud) per private-endpoint sub-resource.
DNS_ZONES = {
    "blob": "privatelink.blob.core.windows.net",
    "file": "privatelink.file.core.windows.net",
    "dfs": "privatelink.dfs.core.windows.net",
    "vault": "privatelink.vaultcore.azure.net",
    "registry": "privatelink.azurecr.io",
    "amlworkspace": "privatelink.api.azureml.ms",
    "amlnotebooks": "privatelink.notebooks.azure.net",
}
# Which zones each private-endpoint sub-resource registers in.
SUBRESOURCE_ZONES = {
    "blob": ("blob",),
    "file": ("file",),
    "dfs": ("dfs",),
    "vault": ("vault",),
    "registry": ("registry",),
    "amlworkspace": ("amlworkspace", "amlnotebooks"),
}


# -- names ---------------------------------------------------------------------------------
def _digest(text: str) -> str:
    return hashlib.sha256(text.encode("utf-8")).hexdigest()[:6]


def short(name: str, limit: int) -> str:
    """`name` if it fits, else a prefix and a 6-character hash of the whole (deterministic)."""
    if len(name) <= limit:
        return name
    head = name[: limit - 7].rstrip("-")
    return f"{head}-{_digest(name)}"


def short_compact(limit: int, *parts: str) -> str:
    """Like `short` for names without hyphens (storage accounts)."""
    name = compact(*parts)
    if len(name) <= limit:
        return name
    return name[: limit - 6] + _digest(name)


def pool_name(name: str) -> str:
    """AKS pool names: lowercase letters and digits, at most 12 characters."""
    clean = re.sub(r"[^a-z0-9]", "", name.lower())
    if clean == name and len(clean) <= 12:
        return clean
    return (clean[:6] + _digest(name))[:12]


def rg_name(bp_name: str, part: str) -> str:
    return join(bp_name, part, "rg")


# -- keys and grants ---------------------------------------------------------------------------
def cmk(scope: Construct, id_: str, ctx: Any, name: str, component: str) -> KeyVaultKey:
    """A customer-managed key in the blueprint's Key Vault."""
    return KeyVaultKey(
        scope, id_,
        name=name,
        key_vault_id=ctx.base.vault.id,
        key_type=KEY_TYPE,
        key_size=KEY_SIZE,
        key_opts=KEY_OPTS,
        rotation_policy=KeyVaultKeyRotationPolicy(
            automatic=KeyVaultKeyRotationPolicyAutomatic(time_after_creation=KEY_ROTATE_AFTER),
            expire_after=KEY_EXPIRE_AFTER,
        ),
        tags=ctx.tags(component),
        depends_on=ctx.base.key_admin_grants if _same_stack(scope, ctx.base) else None,
    )


def keyed_identity(scope: Construct, prefix: str, ctx: Any, component: str, rg_name: str, identity_name: str,
                   key_name: str) -> tuple[UserAssignedIdentity, KeyVaultKey, RoleAssignment]:
    """A user-assigned identity, a customer-managed key of its own, and the identity's right to use
    the key (resources that encrypt with the key depend on that grant). Construct ids start with
    `prefix`."""
    identity = UserAssignedIdentity(scope, f"{prefix}identity", name=identity_name, location=ctx.region,
                                    resource_group_name=rg_name, tags=ctx.tags(component))
    key = cmk(scope, f"{prefix}key", ctx, key_name, component)
    key_grant = grant(scope, f"{prefix}key-user", identity.principal_id, CRYPTO_SERVICE_USER, ctx.base.vault.id)
    return identity, key, key_grant


def _same_stack(a: Construct, b: Construct) -> bool:
    from cdktf import TerraformStack

    return TerraformStack.of(a) is TerraformStack.of(b)


def grant(scope: Construct, id_: str, principal_id: str, role: str, target: str,
          principal_type: str | None = "ServicePrincipal") -> RoleAssignment:
    """An Azure RBAC role assignment (built-in role by name) on `target`. Managed identities are
    service principals; `principal_type=None` leaves it to Azure (Terraform's own identity)."""
    return RoleAssignment(scope, id_, scope=target, role_definition_name=role,
                          principal_id=principal_id, principal_type=principal_type)


# -- diagnostics -------------------------------------------------------------------------------
def diagnostics(scope: Construct, id_: str, ctx: Any, target: str, *, categories: Sequence[str] = (),
                groups: Sequence[str] = ("allLogs",), metrics: bool = True) -> MonitorDiagnosticSetting:
    """Resource logs (and metrics) of `target` into the blueprint's Log Analytics workspace."""
    logs = ([MonitorDiagnosticSettingEnabledLog(category=c) for c in categories] if categories
            else [MonitorDiagnosticSettingEnabledLog(category_group=g) for g in groups])
    return MonitorDiagnosticSetting(
        scope, id_,
        name="plinth-audit",
        target_resource_id=target,
        log_analytics_workspace_id=ctx.base.workspace.id,
        enabled_log=logs,
        enabled_metric=[MonitorDiagnosticSettingEnabledMetric(category="AllMetrics")] if metrics else None,
    )


def storage_diagnostics(scope: Construct, id_: str, ctx: Any, account_id: str) -> None:
    """Azure Monitor resource logs of the blob and queue services (read, write, delete)."""
    for service in ("blob", "queue"):
        diagnostics(scope, f"{id_}-{service}", ctx, f"{account_id}/{service}Services/default")


# -- private endpoints -----------------------------------------------------------------------------
def private_endpoints(scope: Construct, ctx: Any, component: str, target_id: str, target_name: str,
                      subresources: Sequence[str], resource_group: str, location: str) -> list[PrivateEndpoint]:
    """One private endpoint per (network, sub-resource), registered in that network's DNS zones."""
    from plinth.model import Network

    out = []
    for net in ctx.of_kind(Network):
        for sub in subresources:
            many = len(ctx.of_kind(Network)) > 1
            name = join(target_name, net.comp.name, sub, "pe") if many else join(target_name, sub, "pe")
            out.append(PrivateEndpoint(
                scope, f"pe-{net.comp.name}-{sub}",
                name=name,
                location=location,
                resource_group_name=resource_group,
                subnet_id=net.subnets["endpoints"].id,
                private_service_connection=PrivateEndpointPrivateServiceConnection(
                    name=join(target_name, sub), is_manual_connection=False,
                    private_connection_resource_id=target_id, subresource_names=[sub]),
                private_dns_zone_group=PrivateEndpointPrivateDnsZoneGroup(
                    name="plinth", private_dns_zone_ids=[net.dns_zone(z).id for z in SUBRESOURCE_ZONES[sub]]),
                tags=ctx.tags(component),
            ))
    return out
