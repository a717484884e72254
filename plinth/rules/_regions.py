"""Which legal jurisdiction a cloud region is in, for the data-residency rule.

A coarse table, not legal advice: one code per country, except `eu`, which is the EU/EEA as one
area (GDPR). The United Kingdom and Switzerland are their own. A region the table does not know is
its own jurisdiction, so two unknown regions always count as different (the rule fails closed).
"""

from __future__ import annotations

import re

from plinth.model import Blueprint, DataLake, ServingEndpoint
from plinth.rules.base import BLUEPRINT_WIDE

NAMES = {
    "us": "United States", "ca": "Canada", "mx": "Mexico", "br": "Brazil", "cl": "Chile",
    "eu": "EU/EEA", "uk": "United Kingdom", "ch": "Switzerland", "jp": "Japan", "kr": "South Korea",
    "sg": "Singapore", "au": "Australia", "in": "India", "id": "Indonesia", "my": "Malaysia",
    "hk": "Hong Kong", "tw": "Taiwan", "il": "Israel", "ae": "United Arab Emirates", "bh": "Bahrain",
    "qa": "Qatar", "sa": "Saudi Arabia", "za": "South Africa", "nz": "New Zealand", "th": "Thailand",
    "cn": "China",
}

# Exact regions first (exceptions to the prefixes), then prefixes, per cloud.
_EXACT = {
    "aws": {
        "eu-west-2": "uk", "eu-central-2": "ch", "sa-east-1": "br",
        "ap-northeast-1": "jp", "ap-northeast-2": "kr", "ap-northeast-3": "jp", "ap-southeast-1": "sg",
        "ap-southeast-2": "au", "ap-southeast-3": "id", "ap-southeast-4": "au", "ap-southeast-5": "my",
        "ap-south-1": "in", "ap-south-2": "in", "ap-east-1": "hk", "me-south-1": "bh", "me-central-1": "ae",
        "il-central-1": "il", "af-south-1": "za", "mx-central-1": "mx", "ap-east-2": "tw",
        "ap-southeast-6": "nz", "ap-southeast-7": "th", "cn-north-1": "cn", "cn-northwest-1": "cn",
    },
    "gcp": {
        "europe-west2": "uk", "europe-west6": "ch", "northamerica-south1": "mx", "southamerica-east1": "br",
        "southamerica-west1": "cl", "asia-east1": "tw", "asia-east2": "hk", "asia-northeast1": "jp",
        "asia-northeast2": "jp", "asia-northeast3": "kr", "asia-south1": "in", "asia-south2": "in",
        "asia-southeast1": "sg", "asia-southeast2": "id", "me-west1": "il", "me-central1": "qa",
        "me-central2": "sa", "africa-south1": "za", "asia-southeast3": "th",
    },
    "azure": {
        "canadacentral": "ca", "canadaeast": "ca", "brazilsouth": "br", "mexicocentral": "mx",
        "northeurope": "eu", "westeurope": "eu", "francecentral": "eu", "francesouth": "eu",
        "germanywestcentral": "eu", "germanynorth": "eu", "swedencentral": "eu", "italynorth": "eu",
        "polandcentral": "eu", "spaincentral": "eu", "norwayeast": "eu", "norwaywest": "eu",
        "uksouth": "uk", "ukwest": "uk", "switzerlandnorth": "ch", "switzerlandwest": "ch",
        "japaneast": "jp", "japanwest": "jp", "koreacentral": "kr", "koreasouth": "kr",
        "australiaeast": "au", "australiasoutheast": "au", "australiacentral": "au",
        "centralindia": "in", "southindia": "in", "westindia": "in", "eastasia": "hk",
        "southeastasia": "sg", "uaenorth": "ae", "qatarcentral": "qa", "israelcentral": "il",
        "southafricanorth": "za", "southafricawest": "za", "australiacentral2": "au", "austriaeast": "eu",
        "brazilsoutheast": "br", "chilecentral": "cl", "indonesiacentral": "id", "jioindiawest": "in",
        "jioindiacentral": "in", "malaysiawest": "my", "newzealandnorth": "nz", "uaecentral": "ae",
    },
}
_AZURE_US = re.compile(r"[a-z]+us[0-9]?")
_PREFIX = {
    "aws": (("us-", "us"), ("ca-", "ca"), ("eu-", "eu")),
    "gcp": (("us-", "us"), ("europe-", "eu"), ("northamerica-northeast", "ca"), ("australia-", "au")),
    "azure": (("usgov", "us"),),
}


def jurisdiction(cloud: str, region: str) -> str:
    """A country code from NAMES, or the region itself when unknown."""
    exact = _EXACT[cloud].get(region)
    if exact:
        return exact
    for prefix, code in _PREFIX[cloud]:
        if region.startswith(prefix):
            return code
    if cloud == "azure" and _AZURE_US.fullmatch(region):   # eastus, westus2, southcentralus, ...
        return "us"
    return region


def name(code: str) -> str:
    return NAMES.get(code, f"unknown jurisdiction of `{code}`")


def used_regions(bp: Blueprint) -> list[tuple[str, tuple, str]]:
    """(component, path, region) for every region the blueprint places something in."""
    out: list[tuple[str, tuple, str]] = [(BLUEPRINT_WIDE, ("region",), bp.region)]
    out += [(BLUEPRINT_WIDE, ("serving_regions", i), r) for i, r in enumerate(bp.serving_regions)]
    for c in bp.components:
        if isinstance(c, DataLake) and c.replication_region:
            out.append((c.name, ("components", c.name, "replication_region"), c.replication_region))
        if isinstance(c, ServingEndpoint):
            out += [(c.name, ("components", c.name, "regions", i), r) for i, r in enumerate(c.regions)]
    return out
