"""The price catalog is complete for the accelerator catalog and every price is sourced and dated."""

from __future__ import annotations

import re
from decimal import Decimal

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
    """A leaf without a price, or priced only for some regions or size tiers, says why and where to look."""
    prices = load()
    for service, cloud, tier, leaf in prices.service_leaves():
        if leaf.get("usd") is None:
            assert leaf["missing"] and leaf["reference"].startswith("https://"), (service, cloud, tier)


def test_every_service_price_is_sourced_and_dated():
    prices = load()
    for service, cloud, tier, leaf in prices.service_leaves():
        recs = [leaf] if "usd" in leaf else list(leaf.get("prices", []))
        recs += [r for t in leaf.get("tiers", []) for r in t.get("prices", [])]
        for rec in recs:
            if rec.get("usd") is None:
                continue
            src = prices.sources[rec["source"]]
            assert src.url.startswith("https://") and DATE.match(src.as_of), (service, cloud, tier)
            if rec.get("approximate"):
                assert rec["note"], (service, cloud, tier)


@pytest.mark.parametrize("args,usd,approximate", [
    # (service, cloud, tier, region) -> the figure read in the named source
    (("kubernetes_control_plane", "gcp", None, "us-central1"), "0.10", False),     # gke-pricing
    (("kubernetes_control_plane", "azure", None, "eastus"), "0.10", False),        # infracost-aks
    (("kubernetes_control_plane", "azure", None, "westus2"), "0.10", True),        # eastus figure stands in
    (("object_storage", "gcp", "standard", "us-central1"), "0.02", False),         # cyclenerd storage.bucket.standard
    (("object_storage", "gcp", "standard", "us-east4"), "0.023", False),
    (("object_storage", "azure", "standard", "westus"), "0.0208", False),          # infracost-azure-storage
    (("object_storage", "azure", "standard", "eastus2"), "0.0184", False),         # kubequest-blob
    (("object_storage", "azure", "standard", "eastus"), "0.0208", True),           # westus figure stands in
    (("block_storage", "gcp", None, "us-central1"), "0.1", False),                 # cyclenerd pd-balanced
    (("block_storage", "gcp", None, "asia-northeast1"), "0.13", False),
    (("nat_gateway_hour", "gcp", None, "europe-west4"), "0.0014", False),          # gcp-nat-pricing, per VM-hour
    (("nat_gateway_hour", "azure", None, "westeurope"), "0.045", False),           # infracost-azure-nat
    (("nat_gateway_hour", "azure", None, "eastus"), "0.045", True),                # c3x "roughly"
    (("kms_key_month", "aws", None, "eu-west-1"), "1.00", False),                  # aws-kms-pricing
    (("kms_key_month", "gcp", None, "us-central1"), "0.06", False),                # gcp-kms-pricing
    (("kms_key_month", "azure", None, "eastus"), "5.00", False),                   # infracost-keyvault, RSA-HSM 3072
], ids=str)
def test_service_rates(args, usd, approximate):
    service, cloud, tier, region = args
    rate = load().rate(service, cloud, tier, region=region)
    assert (rate.usd, rate.approximate) == (Decimal(usd), approximate)


def test_region_without_a_figure_is_unpriced_with_the_regions_that_have_one():
    rate = load().rate("kms_key_month", "azure", region="westus2")
    assert rate.usd is None
    assert rate.missing == ("Key Vault HSM-protected key price: no sourced list price in plinth's catalog for this "
                            "region (priced only for eastus; not westus2)")
    assert rate.reference == "https://azure.microsoft.com/pricing/details/key-vault/"


def test_gcp_cloud_nat_is_per_vm_with_a_32_vm_cap():
    rate = load().rate("nat_gateway_hour", "gcp", region="us-central1")
    assert (rate.unit, rate.max_units, rate.usd * rate.max_units) == ("vm-hour", Decimal(32), Decimal("0.0448"))


@pytest.mark.parametrize("size_gb,tier,usd,approximate", [
    (50, "P6 (64 GiB)", None, False),          # no P6 figure read
    (100, "P10 (128 GiB)", "19.71", False),    # infracost-aks: P10 3 months $59.13
    (128, "P10 (128 GiB)", "19.71", False),
    (200, "P15 (256 GiB)", "39.42", True),     # derived: 2 x P10
    (256, "P15 (256 GiB)", "39.42", True),
    (400, "P20 (512 GiB)", None, False),
])
def test_azure_managed_disks_bill_the_next_tier_up(size_gb, tier, usd, approximate):
    rate = load().rate("block_storage", "azure", region="eastus", size_gb=size_gb)
    assert (rate.tier, rate.unit, rate.approximate) == (tier, "disk-month", approximate)
    assert rate.usd == (None if usd is None else Decimal(usd))
    if usd is None:
        assert rate.missing.startswith("Managed Disks (Premium SSD) price (" + tier)


def test_lustre_caches_stay_unpriced():
    prices = load()
    for cloud, region in (("aws", "us-east-1"), ("azure", "eastus"), ("gcp", "us-central1")):
        rate = prices.rate("cache", cloud, "lustre", region=region)
        assert rate.usd is None and rate.missing and rate.reference.startswith("https://")
