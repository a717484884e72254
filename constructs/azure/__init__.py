"""Azure constructs (azurerm 4.x through cdktf-cdktf-provider-azurerm).

`build(stacks)` adds the provider to every stack, the blueprint-wide foundation (`plinth`) to the
foundation stack, and one construct per component, with the component's name as construct id,
directly under the component's stack. Components are built in dependency order (networks, lakes,
registries, clusters, endpoints); references between stacks are plain attribute access."""

from __future__ import annotations

from plinth.compile.stackset import StackSet
from plinth.model import AcceleratorCluster, DataLake, Network, Registry, ServingEndpoint
from plinth_constructs.azure._context import Context
from plinth_constructs.azure.accelerator_cluster import AzureAcceleratorCluster
from plinth_constructs.azure.data_lake import AzureDataLake
from plinth_constructs.azure.foundation import Foundation
from plinth_constructs.azure.network import AzureNetwork
from plinth_constructs.azure.registry import AzureRegistry
from plinth_constructs.azure.serving_endpoint import AzureServingEndpoint

ORDER = ((Network, AzureNetwork), (DataLake, AzureDataLake), (Registry, AzureRegistry),
         (AcceleratorCluster, AzureAcceleratorCluster), (ServingEndpoint, AzureServingEndpoint))


def build(stacks: StackSet) -> None:
    ctx = Context(stacks)
    for stack in stacks.by_role().values():
        ctx.configure(stack)
    Foundation(stacks.foundation, "plinth", ctx)
    for kind, construct in ORDER:
        if kind is Registry:
            ctx.base.attach_networks()    # the vault's private endpoints, once the networks exist
        for comp in stacks.bp.of_kind(kind):
            ctx.built[comp.name] = construct(ctx.stack_for(comp), comp.name, ctx, comp)
