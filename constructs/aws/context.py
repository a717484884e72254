"""What every AWS construct of one blueprint shares: the blueprint, its stacks, the providers per
region, the account, the blueprint key per region, and the other components' constructs.

Nothing here creates a component's resources; it only hands out shared, cached pieces.
"""

from __future__ import annotations

import json
from typing import Any

from cdktf import TerraformStack
from cdktf_cdktf_provider_aws.data_aws_caller_identity import DataAwsCallerIdentity
from cdktf_cdktf_provider_aws.provider import AwsProvider

from plinth.model import Blueprint, DataLake, ServingEndpoint

LOG_RETENTION_DAYS = 365  # PCI DSS 10.5.1: twelve months of audit history
DNS_SUFFIX = "amazonaws.com"


def partition(region: str) -> str:
    """The ARN partition of a region (static, so the output stays readable)."""
    if region.startswith("us-gov-"):
        return "aws-us-gov"
    if region.startswith("cn-"):
        return "aws-cn"
    return "aws"


def policy(*statements: dict[str, Any]) -> str:
    """An IAM/KMS/S3 policy document as canonical JSON text (tokens stay as they are)."""
    return json.dumps({"Version": "2012-10-17", "Statement": list(statements)}, sort_keys=True)


def endpoint_regions(bp: Blueprint, endpoint: ServingEndpoint) -> list[str]:
    """Where a serving endpoint runs, primary region first."""
    regions = list(endpoint.regions) or [bp.region, *bp.serving_regions]
    return sorted(regions, key=lambda r: (r != bp.region, r))


def extra_regions(bp: Blueprint) -> list[str]:
    """Every region besides the primary one that the blueprint puts resources in."""
    regions = set(bp.serving_regions)
    regions |= {lake.replication_region for lake in bp.of_kind(DataLake) if lake.replication_region}
    for endpoint in bp.of_kind(ServingEndpoint):
        regions |= set(endpoint_regions(bp, endpoint))
    return sorted(regions - {bp.region})


class Env:
    """Shared state while building one blueprint's stacks."""

    def __init__(self, bp: Blueprint, stacks: Any) -> None:
        self.bp = bp
        self.stacks = stacks
        self.partition = partition(bp.region)
        self.components: dict[str, Any] = {}  # component name → its construct
        self.foundation: Any = None  # the `plinth` construct (keys, audit trail)
        # Keyed by the stack object: reading `stack.node.id` or a token again is a jsii round trip.
        self._providers: dict[tuple[TerraformStack, str], AwsProvider] = {}
        self._accounts: dict[TerraformStack, str] = {}

    # -- providers and account --------------------------------------------------------------
    def add_default_provider(self, stack: TerraformStack) -> None:
        AwsProvider(stack, "aws", region=self.bp.region)

    def provider(self, stack: TerraformStack, region: str) -> AwsProvider | None:
        """None for the primary region (the stack's default provider), else an aliased provider."""
        if region == self.bp.region:
            return None
        key = (stack, region)
        if key not in self._providers:
            self._providers[key] = AwsProvider(stack, f"aws-{region}", region=region, alias=region)
        return self._providers[key]

    def account_id(self, stack: TerraformStack) -> str:
        if stack not in self._accounts:
            self._accounts[stack] = DataAwsCallerIdentity(stack, "account").account_id
        return self._accounts[stack]

    # -- shared names and ARNs --------------------------------------------------------------
    def arn(self, stack: TerraformStack, service: str, region: str, resource: str) -> str:
        return f"arn:{self.partition}:{service}:{region}:{self.account_id(stack)}:{resource}"

    def root_arn(self, stack: TerraformStack) -> str:
        return f"arn:{self.partition}:iam::{self.account_id(stack)}:root"

    def key_arn(self, region: str) -> str:
        """The blueprint key in `region` (the primary key or its replica)."""
        return self.foundation.key_arn(region)

    def stack_of(self, component: Any) -> TerraformStack:
        return self.stacks.stack_for(component)
