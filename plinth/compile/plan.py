"""Which stack each component goes to. Training is bursty and serving must be stable, so they
get separate stacks with separate state; shared foundation lives in a third."""

from __future__ import annotations

from plinth.model import AcceleratorCluster, Blueprint, Component, ServingEndpoint

ROLES = ("foundation", "training", "serving")


def role_of(component: Component) -> str:
    if isinstance(component, AcceleratorCluster):
        return "serving" if component.purpose == "serving" else "training"
    if isinstance(component, ServingEndpoint):
        return "serving"
    return "foundation"


def roles(bp: Blueprint) -> list[str]:
    """The stacks a blueprint needs, in dependency order; foundation always exists."""
    used = {role_of(c) for c in bp.components} | {"foundation"}
    return [r for r in ROLES if r in used]


def stack_id(bp: Blueprint, role: str) -> str:
    return f"{bp.name}-{role}"
