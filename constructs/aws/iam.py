"""IAM roles: a service trust, AWS managed policies by name, and one inline least-privilege policy."""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any, Sequence

from cdktf_cdktf_provider_aws.iam_role import IamRole
from cdktf_cdktf_provider_aws.iam_role_policy import IamRolePolicy
from cdktf_cdktf_provider_aws.iam_role_policy_attachment import IamRolePolicyAttachment
from constructs import Construct

from plinth_constructs.aws.context import policy


def trust(*services: str, actions: Sequence[str] = ("sts:AssumeRole",),
          conditions: dict[str, Any] | None = None) -> str:
    statement: dict[str, Any] = {"Effect": "Allow", "Principal": {"Service": sorted(services)},
                                 "Action": sorted(actions)}
    if conditions:
        statement["Condition"] = conditions
    return policy(statement)


def allow(actions: Sequence[str], resources: Sequence[str], **condition: Any) -> dict[str, Any]:
    statement: dict[str, Any] = {"Effect": "Allow", "Action": sorted(actions), "Resource": list(resources)}
    if condition:
        statement["Condition"] = condition
    return statement


@dataclass
class Role:
    role: IamRole
    ready: list[Any]  # the role and its policies: what a user of the role should depend on

    @property
    def arn(self) -> str:
        return self.role.arn

    @property
    def name(self) -> str:
        return self.role.name


def role(scope: Construct, cid: str, *, name: str, trust_policy: str, partition: str,
         managed: Sequence[str] = (), statements: Sequence[dict[str, Any]] = ()) -> Role:
    """A role with `managed` AWS policies attached by name and `statements` as one inline policy."""
    r = IamRole(scope, cid, name=name, assume_role_policy=trust_policy, max_session_duration=3600)
    ready: list[Any] = [r]
    for policy_name in managed:
        ready.append(IamRolePolicyAttachment(scope, f"{cid}-{policy_name}", role=r.name,
                                             policy_arn=f"arn:{partition}:iam::aws:policy/{policy_name}"))
    if statements:
        ready.append(IamRolePolicy(scope, f"{cid}-inline", name="plinth", role=r.id, policy=policy(*statements)))
    return Role(r, ready)
