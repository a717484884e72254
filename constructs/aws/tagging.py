"""Tags on every taggable resource: the blueprint's labels plus plinth's own inventory tags.

While a blueprint's stacks are built, every taggable resource created gets them, so no construct
can forget. The component is read from the construct path (`<stack>/<component>/...`);
resources under `plinth` belong to the blueprint. Provider `default_tags` are not used: checkov
and the presence checks read resource tags.

This was a CDKTF aspect: at synthesis Node called back into Python for every construct, and each
callback read `node.path` and `tags_input` and wrote `tags` across the jsii bridge (about 850
round trips for a multi-region blueprint, more than half of all). Merging the tags into the
resource's configuration in Python just before jsii creates it gives the same Terraform
(tests/test_golden.py compares every stack byte for byte) with one path lookup per scope.
"""

from __future__ import annotations

import contextlib
from typing import Any, Iterator

import jsii
from cdktf import TerraformResource

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


def _taggable(klass: type) -> bool:
    """A Terraform resource (not a data source or provider) with a `tags` argument."""
    return isinstance(klass, type) and issubclass(klass, TerraformResource) and hasattr(klass, "tags_input")


@contextlib.contextmanager
def tag_everything(bp: Blueprint) -> Iterator[None]:
    """Within this block, every taggable AWS resource created under a component is tagged."""
    plain_create = jsii.create
    paths: dict[int, tuple[Any, str]] = {}   # id(scope) → (scope, its construct path)

    def component_of(scope: Any) -> str | None:
        known = paths.get(id(scope))
        if known is None or known[0] is not scope:
            known = paths[id(scope)] = (scope, scope.node.path)
        parts = known[1].split("/")
        return parts[1] if len(parts) >= 2 else None

    def create(klass: type, obj: Any, args: list[Any] | None = None) -> Any:
        if args and len(args) == 3 and _taggable(klass):
            scope, _, config = args
            component = component_of(scope)
            if component is not None and hasattr(config, "_values"):
                config._values["tags"] = {**(config._values.get("tags") or {}), **standard_tags(bp, component)}
        return plain_create(klass, obj, args)

    jsii.create = create
    try:
        yield
    finally:
        jsii.create = plain_create
