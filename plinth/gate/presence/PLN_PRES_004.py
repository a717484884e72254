"""PLN_PRES_004: every taggable resource carries the plinth inventory tags (labels on GCP).

    managed_by = plinth
    blueprint  = <blueprint name>
    component  = <blueprint component> ("blueprint" for blueprint-wide resources, which the
                 constructs build under the construct-path segment `plinth`)
    compliance = <profiles, sorted, joined by "_">, or "none"

Keys and values are valid GCP labels (lowercase, digits, `_`, `-`). Provider-level defaults count:
AWS `default_tags` and Google `default_labels` of the provider configuration the resource uses.
When auditing Terraform plinth did not generate, only the presence of the keys is checked. Which
types take tags, and under which attribute, comes from policies/taggable.yaml.
"""

from __future__ import annotations

from plinth.gate import taggable
from plinth.gate.manifest import component_name
from plinth.gate.presence.base import Context, PresenceCheck, PresenceResult, missing, ok
from plinth.gate.presence.tf import as_map, blocks
from plinth.gate.stacks import Resource, StackSet

REQUIRED_TAGS = ("managed_by", "blueprint", "component", "compliance")
MANAGED_BY = "plinth"


def compliance_value(profiles: tuple[str, ...]) -> str:
    return "_".join(sorted(profiles)) or "none"


def expected_tags(resource: Resource, context: Context) -> dict[str, tuple[str, ...] | None]:
    """Required key → accepted values (None: any value) for `resource`."""
    if context.blueprint is None:
        return {key: None for key in REQUIRED_TAGS}
    return {"managed_by": (MANAGED_BY,), "blueprint": (context.blueprint,),
            "component": (component_name(resource.component),),
            "compliance": (compliance_value(context.profiles),)}


def _provider_defaults(stacks: StackSet, resource: Resource) -> dict[str, object]:
    name, _, alias = resource.provider_ref.partition(".")
    for config in stacks.providers(resource, name):
        if (config.get("alias") or "") == alias:
            if name == "aws":
                return {k: v for block in blocks(config, "default_tags") for k, v in as_map(block.get("tags")).items()}
            if name == "google":
                return as_map(config.get("default_labels"))
    return {}


def effective_tags(stacks: StackSet, resource: Resource, attribute: str) -> dict[str, object]:
    return {**_provider_defaults(stacks, resource), **as_map(resource.body.get(attribute))}


class InventoryTags(PresenceCheck):
    id = "PLN_PRES_004"
    name = "Every taggable resource carries the inventory tags (managed_by, blueprint, component, compliance)"
    clouds = ("aws", "gcp", "azure")

    def evaluate(self, stacks: StackSet, context: Context) -> list[PresenceResult]:
        attributes = taggable.load()
        out = []
        for resource in stacks.resources():
            attribute = attributes.get(resource.type)
            if attribute is None:
                continue
            tags = effective_tags(stacks, resource, attribute)
            wrong = []
            for key, accepted in expected_tags(resource, context).items():
                if key not in tags:
                    wrong.append(f"`{key}` missing")
                elif accepted is not None and str(tags[key]) not in accepted:
                    wrong.append(f"`{key}` is {tags[key]!r}, expected {' or '.join(map(repr, accepted))}")
            if wrong:
                out.append(missing(resource, f"{resource.address} {attribute}: " + "; ".join(wrong)))
            else:
                out.append(ok(resource, f"{resource.address} carries the inventory {attribute}"))
        return out


CHECK = InventoryTags()
