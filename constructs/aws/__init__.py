"""AWS constructs: `build(stacks)` turns one blueprint's StackSet into AWS resources.

Every stack gets the AWS provider for the blueprint's region (and aliased providers for extra
regions, created on demand); every taggable resource gets the standard tags (tagging.py). Blueprint-wide resources live under the
construct `plinth` in the foundation stack; each component's construct has the component's name
and sits directly under its stack, so resource paths read `<stack id>/<component>/...`.
"""

from __future__ import annotations

from typing import Any

from plinth.model import AcceleratorCluster, DataLake, Network, Registry, ServingEndpoint
from plinth_constructs.aws.accelerator_cluster import AcceleratorClusterConstruct
from plinth_constructs.aws.context import Env
from plinth_constructs.aws.data_lake import DataLakeConstruct
from plinth_constructs.aws.foundation import Foundation
from plinth_constructs.aws.network import NetworkConstruct
from plinth_constructs.aws.registry import RegistryConstruct
from plinth_constructs.aws.serving_endpoint import ServingEndpointConstruct
from plinth_constructs.aws.tagging import FOUNDATION_ID, tag_everything

# Dependency order: a component only reads constructs built before it.
ORDER = ((Network, NetworkConstruct), (DataLake, DataLakeConstruct), (Registry, RegistryConstruct),
         (AcceleratorCluster, AcceleratorClusterConstruct), (ServingEndpoint, ServingEndpointConstruct))


def build(stacks: Any) -> None:
    with tag_everything(stacks.bp):
        _build(stacks)


def _build(stacks: Any) -> None:
    env = Env(stacks.bp, stacks)
    for stack in stacks.by_role().values():
        env.add_default_provider(stack)
    env.foundation = Foundation(stacks.foundation, FOUNDATION_ID, env)
    for kind, construct in ORDER:
        for spec in stacks.bp.of_kind(kind):
            env.components[spec.name] = construct(env.stack_of(spec), env, spec)
    lakes = [env.components[lake.name] for lake in stacks.bp.of_kind(DataLake)]
    for lake in lakes:
        lake.finish()
    env.foundation.add_trail([arn for lake in lakes for arn in lake.all_bucket_arns()])
