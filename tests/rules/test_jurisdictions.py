"""Every region plinth knows (plinth/data/regions.yaml) has a jurisdiction for the data-residency
rule (AIX-008), so no listed region falls back to "its own jurisdiction"."""

from __future__ import annotations

from plinth import catalog
from plinth.rules._regions import NAMES, jurisdiction


def test_every_known_region_has_a_jurisdiction():
    missing = {cloud: [r for r in rl.regions if jurisdiction(cloud, r) not in NAMES]
               for cloud, rl in catalog.load_regions().items()}
    assert missing == {"aws": [], "gcp": [], "azure": []}


def test_a_few_jurisdictions():
    assert [jurisdiction("aws", "ap-southeast-6"), jurisdiction("gcp", "asia-southeast3"),
            jurisdiction("azure", "austriaeast"), jurisdiction("aws", "cn-north-1")] == ["nz", "th", "eu", "cn"]
