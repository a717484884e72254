"""The price catalog is complete for the accelerator catalog and every price is sourced and dated."""

from __future__ import annotations

import re

import pytest

from plinth import catalog as accelerators
from plinth.cost.catalog import load

DATE = re.compile(r"^\d{4}-\d{2}-\d{2}$")


def _offered() -> list[tuple[str, str, str, str]]:
    """(accelerator, cloud, instance type, region) for every shape of every offering."""
    out = []
    for name, acc in sorted(accelerators.load().items()):
        for off in acc.offerings:
            for shape in off.shapes:
                for region in off.regions:
                    out.append((name, off.cloud, shape.type, region))
    return out


def test_catalog_format_has_no_problems():
    assert load().problems() == []


@pytest.mark.parametrize("acc,cloud,type_,region", _offered(), ids=lambda x: str(x))
def test_every_offered_type_and_region_has_on_demand_and_spot(acc, cloud, type_, region):
    prices = load()
    hp = prices.hourly(cloud, type_, region)
    assert hp is not None, f"{acc}: no price for {cloud} {type_} in {region}"
    assert hp.on_demand > 0 and 0 < hp.spot <= hp.on_demand
    for key in (hp.source, hp.spot_source):
        src = prices.sources[key]
        assert src.url.startswith("https://") and DATE.match(src.as_of)
    if hp.approximate:
        assert hp.note, "approximate prices must say how they were derived"


def test_every_managed_endpoint_type_resolves():
    """SageMaker serving types, Vertex and Azure ML machine types, in every offered region."""
    prices = load()
    missing = []
    for name, acc in sorted(accelerators.load().items()):
        for off in acc.offerings:
            for shape in off.shapes:
                typ = shape.serving_type if off.cloud == "aws" else shape.type
                if typ is None:
                    continue
                for region in off.regions:
                    ep = prices.endpoint(off.cloud, typ, region)
                    if ep is None or ep.hourly <= 0 or ep.source not in prices.sources:
                        missing.append((off.cloud, typ, region))
    assert missing == []


def test_sagemaker_costs_more_than_ec2():
    prices = load()
    for typ in ("g6.xlarge", "p5.48xlarge", "inf2.xlarge", "g4dn.xlarge"):
        assert prices.endpoint("aws", "ml." + typ, "us-east-1").hourly > prices.hourly("aws", typ, "us-east-1").on_demand


def test_example_system_pool_types_are_priced():
    prices = load()
    for cloud, typ, region in (("aws", "m6i.2xlarge", "us-east-1"), ("gcp", "e2-standard-4", "us-central1"),
                               ("azure", "Standard_D8s_v5", "eastus")):
        assert prices.hourly(cloud, typ, region) is not None


def test_unpriced_services_name_a_reference_page():
    prices = load()
    for service, clouds in prices.raw["services"].items():
        for cloud, node in clouds.items():
            for leaf in ([node] if "unit" in node else node.values()):
                if leaf["usd"] is None:
                    assert leaf["missing"] and leaf["reference"].startswith("https://"), (service, cloud)
