"""Literal credentials never belong in a blueprint (it is committed and copied into Terraform)."""

from __future__ import annotations

import re

from plinth.diagnostics import Diagnostic
from plinth.model import Blueprint
from plinth.semantics._util import diag
from plinth.semantics.expressions import strings

_SECRETS = (
    (re.compile(r"\b(AKIA|ASIA)[0-9A-Z]{16}\b"), "an AWS access key id"),
    (re.compile(r"-----BEGIN [A-Z ]*PRIVATE KEY-----"), "a private key"),
    (re.compile(r"AccountKey=[A-Za-z0-9+/=]{20,}"), "an Azure storage account key"),
    (re.compile(r"\bAIza[0-9A-Za-z_-]{35}\b"), "a Google API key"),
    (re.compile(r"\bgh[pousr]_[A-Za-z0-9]{36,}\b"), "a GitHub token"),
    (re.compile(r"\bxox[abpr]-[A-Za-z0-9-]{10,}\b"), "a Slack token"),
    (re.compile(r"\"type\"\s*:\s*\"service_account\""), "a Google service account key"),
)


def check(bp: Blueprint) -> list[Diagnostic]:
    if bp.doc is None:
        return []
    out = []
    for path, text, is_key in strings(bp.doc.data, ()):
        for pattern, what in _SECRETS:
            if pattern.search(text):
                out.append(diag(bp, path, f"this looks like {what}; blueprints must not contain credentials",
                                "remove it and rotate it; plinth needs no credentials in blueprints — "
                                "deployments authenticate through the cloud CLI or CI's workload identity, "
                                "and secrets belong in the cloud's secret store (Secrets Manager, Secret Manager, Key Vault)",
                                "secret.literal", key=is_key))
                break
    return out
