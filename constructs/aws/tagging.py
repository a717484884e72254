"""Tags on every taggable resource: the blueprint's labels plus plinth's own inventory tags.

One aspect per stack does it, so no construct can forget. The component is read from the
construct path (`<stack>/<component>/...`); resources under `plinth` belong to the blueprint.
Provider `default_tags` are not used: checkov and the presence checks read resource tags.
"""

from __future__ import annotations

import jsii
from cdktf import Aspects, IAspect, TerraformResource, TerraformStack
from constructs import IConstruct

from plinth.model import Blueprint

FOUNDATION_ID = "plinth"


def standard_tags(bp: Blueprint, component: str) -> dict[str, str]:
    """labels + managed_by/blueprint/component/compliance (plinth's keys win over labels)."""
    return {
        **dict(bp.labels),
        "managed_by": "plinth",
        "blueprint": bp.name,
        "component": "blueprint" if component == FOUNDATION_ID else component,
        "compliance": "_".join(bp.compliance) or "none",
    }


@jsii.implements(IAspect)
class Tagger:
    def __init__(self, bp: Blueprint) -> None:
        self.bp = bp

    def visit(self, node: IConstruct) -> None:
        if not isinstance(node, TerraformResource) or not hasattr(node, "tags_input"):
            return
        parts = node.node.path.split("/")
        if len(parts) < 3:
            return
        own = dict(node.tags_input or {})
        node.tags = {**own, **standard_tags(self.bp, parts[1])}


def tag_everything(stack: TerraformStack, bp: Blueprint) -> None:
    Aspects.of(stack).add(Tagger(bp))
