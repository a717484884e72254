"""AIX-009: model weights unprotected (no customer-managed home for artifacts, or an open endpoint)."""

from __future__ import annotations

from typing import Iterator

from plinth.model import Blueprint, DataLake, Registry, ServingEndpoint
from plinth.rules.base import ERROR, Hit, Rule


def hits(bp: Blueprint) -> Iterator[Hit]:
    for r in bp.of_kind(Registry):
        if not r.models:
            continue
        lake = bp.component(r.lake) if r.lake else None
        if lake is None:
            yield Hit(r.name, ("components", r.name),
                      f"model registry `{r.name}` has no data lake for its model artifacts: the weights "
                      "land in storage the blueprint's customer-managed key does not cover",
                      "set `lake:` on the registry to a data_lake of this blueprint")
        elif isinstance(lake, DataLake) and lake.public_access:
            yield Hit(lake.name, ("components", lake.name, "public_access"),
                      f"data lake `{lake.name}` holds the model artifacts of registry `{r.name}` "
                      "and allows public access",
                      "remove `public_access: true`")
    for e in bp.of_kind(ServingEndpoint):
        if not e.network_isolation:
            yield Hit(e.name, ("components", e.name, "network_isolation"),
                      f"serving endpoint `{e.name}` lets the model container reach the network: the "
                      "weights it loads can be copied out",
                      "remove `network_isolation: false`")
        if e.public:
            yield Hit(e.name, ("components", e.name, "public"),
                      f"serving endpoint `{e.name}` is public: anyone can query the model, and "
                      "enough queries reconstruct it",
                      "remove `public: true` and reach the endpoint through the private network")


RULE = Rule(
    id="AIX-009",
    title="Model weights unprotected",
    severity=ERROR,
    explanation=(
        "Trained weights are the most valuable artifact an AI team produces, and for models trained "
        "on regulated data they are regulated too: they can leak the training data. plinth encrypts "
        "data lakes and registries with the blueprint's customer-managed key, so model artifacts "
        "are protected when the model registry keeps them in one of the blueprint's data lakes "
        "(`lake:`) and that lake is private. A model registry without a lake sends the "
        "artifacts to storage outside the blueprint and its key. Serving endpoints must keep network "
        "isolation (the model container cannot call out, so loaded weights cannot be copied out) and "
        "stay private (a public endpoint can be queried until the model is extracted). The gate's "
        "security checks fail the last two as well; this rule names the AI risk."),
    looks_at=("registry.models", "registry.lake", "data_lake.public_access", "serving_endpoint.network_isolation",
              "serving_endpoint.public"),
    hits=hits,
)
