"""Terraform state backends, one state per stack."""

from __future__ import annotations

from typing import Any

from plinth.model import Blueprint


def configure(cdktf: Any, stack: Any, bp: Blueprint, stack_id: str) -> None:
    settings = dict(bp.backend.settings)
    kind = bp.backend.type
    if kind == "local":
        # Relative to the stack's own folder, so the sibling stacks find it for cross-stack
        # references both in generated/<bp>/<stack>/ and in cdktf.out/stacks/<stack>/.
        cdktf.LocalBackend(stack, path=f"../{stack_id}/terraform.tfstate")
    elif kind == "s3":
        prefix = settings.get("key_prefix", "plinth")
        cdktf.S3Backend(stack, bucket=settings["bucket"], key=f"{prefix}/{stack_id}.tfstate",
                        region=settings.get("region", bp.region), encrypt=True, use_lockfile=True)
    elif kind == "gcs":
        cdktf.GcsBackend(stack, bucket=settings["bucket"], prefix=f"{settings.get('prefix', 'plinth')}/{stack_id}")
    elif kind == "azurerm":
        cdktf.AzurermBackend(stack, resource_group_name=settings["resource_group"],
                             storage_account_name=settings["storage_account"],
                             container_name=settings["container"], key=f"{stack_id}.tfstate", use_azuread_auth=True)
    else:  # the schema allows nothing else
        raise ValueError(f"unknown backend {kind}")
