"""GCP constructs: a blueprint's stacks → google provider resources, secure by default.

`build(stacks)` adds a google provider to every stack, the blueprint-wide foundation under the
construct `plinth` of the foundation stack, and one construct per component, named after the
component, directly under the component's stack (so `"//".metadata.path` is
`<stack id>/<component>/…`). Cross-stack values are plain attribute access; CDKTF wires the
outputs and remote state. Construction order follows dependencies: foundation (keys first), then
networks, lakes, registries, clusters and endpoints.
"""

from __future__ import annotations

from cdktf_cdktf_provider_google.provider import GoogleProvider

from plinth.compile.stackset import StackSet
from plinth.model import AcceleratorCluster, DataLake, Network, Registry, ServingEndpoint
from . import foundation
from ._base import Context
from .cluster import ClusterConstruct
from .lake import LakeConstruct
from .network import NetworkConstruct
from .registry import RegistryConstruct
from .serving import EndpointConstruct


def build(stacks: StackSet) -> None:
    bp = stacks.bp
    ctx = Context(bp, stacks)
    for role, stack in stacks.by_role().items():
        site = ctx.site(stack)
        extra = {}
        if role == "foundation" and bp.budget:
            # the Billing Budgets API needs a quota project; bill its calls to the blueprint's project
            extra = {"user_project_override": True, "billing_project": site.project}
        GoogleProvider(stack, "google", project=site.project, region=bp.region, **extra)
    foundation.build(ctx)
    for net in bp.of_kind(Network):
        ctx.networks[net.name] = NetworkConstruct(ctx.stack_of(net), ctx, net)
    for lake in bp.of_kind(DataLake):
        ctx.lakes[lake.name] = LakeConstruct(ctx.stack_of(lake), ctx, lake)
    for reg in bp.of_kind(Registry):
        ctx.registries[reg.name] = RegistryConstruct(ctx.stack_of(reg), ctx, reg)
    for i, cluster in enumerate(bp.of_kind(AcceleratorCluster)):
        ClusterConstruct(ctx.stack_of(cluster), ctx, cluster, i)
    for ep in bp.of_kind(ServingEndpoint):
        EndpointConstruct(ctx.stack_of(ep), ctx, ep)
